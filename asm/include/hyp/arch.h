/*
 * Architectural constants used by hypsim's hyp corpus: HCR_EL2, CPTR_EL2 and PSTATE bits,
 * exception classes, and the hyp/kernel address split.
 */
#ifndef HYP_ARCH_H
#define HYP_ARCH_H

#define BIT(n)			(1 << (n))

/* HCR_EL2 */
#define HCR_VM			BIT(0)
#define HCR_SWIO		BIT(1)
#define HCR_FMO			BIT(3)
#define HCR_IMO			BIT(4)
#define HCR_AMO			BIT(5)
#define HCR_TWI			BIT(13)
#define HCR_TSC			BIT(19)
#define HCR_TAC			BIT(21)
#define HCR_RW_SHIFT		31
#define HCR_RW			(1 << HCR_RW_SHIFT)
#define HCR_HOST_FLAGS		HCR_RW
#define HCR_INT_OVERRIDE	(HCR_FMO | HCR_IMO)

/* CPTR_EL2 */
#define CPTR_TFP_SHIFT		10
#define CPTR_TFP		BIT(CPTR_TFP_SHIFT)
#define CPTR_TTA		BIT(20)
#define CPTR_RES1		0x33ff

/* PSTATE / SPSR */
#define PSR_MODE_EL1h		0x5
#define PSR_F_BIT		BIT(6)
#define PSR_I_BIT		BIT(7)
#define PSR_A_BIT		BIT(8)
#define PSR_D_BIT		BIT(9)
#define PSR_DAIF		(PSR_D_BIT | PSR_A_BIT | PSR_I_BIT | PSR_F_BIT)

/* ESR_ELx */
#define ESR_EC_SHIFT		26
#define ESR_EC_WIDTH		6
#define EC_FP_ASIMD		0x07
#define EC_HVC64		0x16
#define EC_SYS64		0x18
#define EC_IABT_LOW		0x20
#define EC_DABT_LOW		0x24

/* Exit codes __hyp_vcpu_run returns to the host */
#define EXIT_IRQ		0
#define EXIT_TRAP		1

/* vcpu->flags */
#define VCPU_FP_LOADED_SHIFT	0
#define VCPU_FP_LOADED		BIT(VCPU_FP_LOADED_SHIFT)

/* Kernel VA → hyp VA: keep the low HYP_VA_BITS bits (see kern_hyp_va). */
#define HYP_VA_BITS		39
#define HYP_VA_MASK		((1 << HYP_VA_BITS) - 1)

#endif
