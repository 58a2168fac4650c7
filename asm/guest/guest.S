/*
 * The guest of hypsim's corpus: an EL1 program that runs a script of operations written by
 * the scenario into its memory, so one image can produce any mix of exits.
 *
 *   x20 = next operation (u32 words: opcode, argument), x21 = an MMIO address the
 *   hypervisor leaves unmapped, x22 = running checksum, x23 = a mailbox the host sets when it
 *   injects an interrupt, v16-v19 = guest FP/SIMD working set.
 */
#include <hyp/linkage.h>
#include <guest/ops.h>

	.pushsection	.guest.text, "ax"

GLOBAL(guest_entry)
	mov	x19, x20
guest_next:
	ldp	w0, w1, [x20], #8
	cmp	w0, #OP_LAST
	b.hi	guest_bad_op
	adr	x2, guest_ops
	add	x2, x2, w0, uxtw #2
	br	x2
guest_ops:
	b	guest_compute
	b	guest_fpsimd
	b	guest_hvc
	b	guest_mmio
	b	guest_wait_irq
	b	guest_restart

guest_compute:
	cbz	w1, guest_next
1:	madd	x22, x22, x1, x1
	eor	x22, x22, x22, lsr #13
	subs	w1, w1, #1
	b.ne	1b
	b	guest_next

guest_fpsimd:
	dup	v16.2d, x22
	cbz	w1, guest_next
1:	dup	v17.2d, x1
	eor	v18.16b, v16.16b, v17.16b
	orr	v16.16b, v18.16b, v17.16b
	mov	v19.16b, v16.16b
	subs	w1, w1, #1
	b.ne	1b
	umov	x3, v19.d[0]
	add	x22, x22, x3
	b	guest_next

guest_hvc:
	mov	x0, x1
	hvc	#0
	b	guest_next

guest_mmio:
	str	w1, [x21]
	b	guest_next

guest_wait_irq:
	add	x22, x22, #1
	ldr	w3, [x23]
	cbz	w3, guest_wait_irq
	str	wzr, [x23]
	b	guest_next

guest_restart:
	mov	x20, x19
	b	guest_next

guest_bad_op:
	hvc	#0xbad
	b	guest_bad_op
ENDFUNC(guest_entry)

/* The guest's own vectors: it expects no exceptions, so each one reports itself and stops. */
.macro guest_vector slot
	.align	7
	mov	x0, #\slot
	hvc	#0xdead
	b	.
.endm

	.align	11
GLOBAL(guest_vectors)
	.irp	slot, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15
	guest_vector \slot
	.endr
ENDFUNC(guest_vectors)

	.popsection
