/* The operations of the corpus guest's script (see guest/guest.S); hypsim writes scripts with them. */
#ifndef GUEST_OPS_H
#define GUEST_OPS_H

#define OP_COMPUTE	0	/* argument: iterations of an integer loop */
#define OP_FPSIMD	1	/* argument: iterations of an FP/SIMD loop */
#define OP_HVC		2	/* argument: value passed in x0 to the hypercall */
#define OP_MMIO		3	/* argument: value stored to the MMIO address */
#define OP_WAIT_IRQ	4	/* spin until the host injects an interrupt (mailbox != 0) */
#define OP_RESTART	5	/* start the script again */
#define OP_LAST		OP_RESTART

#endif
