/*
 * gas macros of hypsim's hyp corpus: stack pairs, the kernel→hyp address conversion, and the
 * register-file moves the world switch is made of.
 */
#ifndef HYP_MACROS_H
#define HYP_MACROS_H

#include <hyp/arch.h>
#include <hyp/asm-offsets.h>
#include <hyp/sysreg-index.h>

#define CPU_XREG(n)		(CTXT_GP_REGS + 8 * (n))
#define CPU_SYSREG(r)		(8 * (r))

lr	.req	x30

.macro push, first, second
	stp	\first, \second, [sp, #-16]!
.endm

.macro pop, first, second
	ldp	\first, \second, [sp], #16
.endm

/* Kernel pointers are linear-map addresses; EL2 sees the same memory at the hyp alias. */
.macro kern_hyp_va reg
	and	\reg, \reg, #HYP_VA_MASK
.endm

/* FPCR writes can be slow on some cores: only write it when the value changes. */
.macro write_fpcr_if_changed value, scratch
	mrs	\scratch, fpcr
	cmp	\scratch, \value
	b.eq	9998f
	msr	fpcr, \value
9998:
.endm

/* Store q0-q31, FPSR and FPCR at [\base]. \base ends 480 bytes further on; x\tmp is clobbered. */
.macro fpsimd_save base, tmp
	stp	q0, q1, [\base, #16 * 0]
	stp	q2, q3, [\base, #16 * 2]
	stp	q4, q5, [\base, #16 * 4]
	stp	q6, q7, [\base, #16 * 6]
	stp	q8, q9, [\base, #16 * 8]
	stp	q10, q11, [\base, #16 * 10]
	stp	q12, q13, [\base, #16 * 12]
	stp	q14, q15, [\base, #16 * 14]
	stp	q16, q17, [\base, #16 * 16]
	stp	q18, q19, [\base, #16 * 18]
	stp	q20, q21, [\base, #16 * 20]
	stp	q22, q23, [\base, #16 * 22]
	stp	q24, q25, [\base, #16 * 24]
	stp	q26, q27, [\base, #16 * 26]
	stp	q28, q29, [\base, #16 * 28]
	stp	q30, q31, [\base, #16 * 30]!
	mrs	x\tmp, fpsr
	str	w\tmp, [\base, #FP_FPSR - 16 * 30]
	mrs	x\tmp, fpcr
	str	w\tmp, [\base, #FP_FPCR - 16 * 30]
.endm

/* Load q0-q31, FPSR and FPCR from [\base]. \base ends 480 bytes further on; x\tmp is clobbered. */
.macro fpsimd_restore base, tmp
	ldp	q0, q1, [\base, #16 * 0]
	ldp	q2, q3, [\base, #16 * 2]
	ldp	q4, q5, [\base, #16 * 4]
	ldp	q6, q7, [\base, #16 * 6]
	ldp	q8, q9, [\base, #16 * 8]
	ldp	q10, q11, [\base, #16 * 10]
	ldp	q12, q13, [\base, #16 * 12]
	ldp	q14, q15, [\base, #16 * 14]
	ldp	q16, q17, [\base, #16 * 16]
	ldp	q18, q19, [\base, #16 * 18]
	ldp	q20, q21, [\base, #16 * 20]
	ldp	q22, q23, [\base, #16 * 22]
	ldp	q24, q25, [\base, #16 * 24]
	ldp	q26, q27, [\base, #16 * 26]
	ldp	q28, q29, [\base, #16 * 28]
	ldp	q30, q31, [\base, #16 * 30]!
	ldr	w\tmp, [\base, #FP_FPSR - 16 * 30]
	msr	fpsr, x\tmp
	ldr	w\tmp, [\base, #FP_FPCR - 16 * 30]
	write_fpcr_if_changed x\tmp, \base
.endm

/* x18-x30 and SP_EL0: what survives a call into EL2 on the host side. */
.macro save_callee_saved ctxt
	str	x18, [\ctxt, #CPU_XREG(18)]
	stp	x19, x20, [\ctxt, #CPU_XREG(19)]
	stp	x21, x22, [\ctxt, #CPU_XREG(21)]
	stp	x23, x24, [\ctxt, #CPU_XREG(23)]
	stp	x25, x26, [\ctxt, #CPU_XREG(25)]
	stp	x27, x28, [\ctxt, #CPU_XREG(27)]
	stp	x29, lr, [\ctxt, #CPU_XREG(29)]
.endm

.macro restore_callee_saved ctxt
	ldr	x18, [\ctxt, #CPU_XREG(18)]
	ldp	x19, x20, [\ctxt, #CPU_XREG(19)]
	ldp	x21, x22, [\ctxt, #CPU_XREG(21)]
	ldp	x23, x24, [\ctxt, #CPU_XREG(23)]
	ldp	x25, x26, [\ctxt, #CPU_XREG(25)]
	ldp	x27, x28, [\ctxt, #CPU_XREG(27)]
	ldp	x29, lr, [\ctxt, #CPU_XREG(29)]
.endm

/* The EL1 view of the CPU that lives outside the general registers: stacks and exception state. */
.macro save_el1_state ctxt, tmp
	mrs	\tmp, sp_el0
	str	\tmp, [\ctxt, #CTXT_SP_EL0]
	mrs	\tmp, sp_el1
	str	\tmp, [\ctxt, #CTXT_SP_EL1]
	mrs	\tmp, elr_el1
	str	\tmp, [\ctxt, #CTXT_ELR_EL1]
	mrs	\tmp, spsr_el1
	str	\tmp, [\ctxt, #CTXT_SPSR_EL1]
.endm

.macro restore_el1_state ctxt, tmp
	ldr	\tmp, [\ctxt, #CTXT_SP_EL0]
	msr	sp_el0, \tmp
	ldr	\tmp, [\ctxt, #CTXT_SP_EL1]
	msr	sp_el1, \tmp
	ldr	\tmp, [\ctxt, #CTXT_ELR_EL1]
	msr	elr_el1, \tmp
	ldr	\tmp, [\ctxt, #CTXT_SPSR_EL1]
	msr	spsr_el1, \tmp
.endm

/*
 * Where the current exception returns to (ELR_EL2/SPSR_EL2) is part of a context: the host's
 * hvc return is overwritten by every guest exit, so the host's must be saved as well.
 */
.macro save_el2_return ctxt, tmp
	mrs	\tmp, elr_el2
	str	\tmp, [\ctxt, #CTXT_PC]
	mrs	\tmp, spsr_el2
	str	\tmp, [\ctxt, #CTXT_PSTATE]
.endm

.macro restore_el2_return ctxt, tmp
	ldr	\tmp, [\ctxt, #CTXT_PC]
	msr	elr_el2, \tmp
	ldr	\tmp, [\ctxt, #CTXT_PSTATE]
	msr	spsr_el2, \tmp
.endm

/* Two system registers per store pair, into sys_regs[] at [\base]. */
.macro save_sysreg_pair base, first, second, slot
	mrs	x4, \first
	mrs	x5, \second
	stp	x4, x5, [\base, #CPU_SYSREG(\slot)]
.endm

.macro restore_sysreg_pair base, first, second, slot
	ldp	x4, x5, [\base, #CPU_SYSREG(\slot)]
	msr	\first, x4
	msr	\second, x5
.endm

/* Every EL1 register in sys_regs[], in slot order (see sysreg-index.h). */
.macro for_each_sysreg_pair op, base
	\op	\base, sctlr_el1, actlr_el1, SYS_SCTLR_EL1
	\op	\base, cpacr_el1, ttbr0_el1, SYS_CPACR_EL1
	\op	\base, ttbr1_el1, tcr_el1, SYS_TTBR1_EL1
	\op	\base, esr_el1, afsr0_el1, SYS_ESR_EL1
	\op	\base, afsr1_el1, far_el1, SYS_AFSR1_EL1
	\op	\base, mair_el1, vbar_el1, SYS_MAIR_EL1
	\op	\base, contextidr_el1, tpidr_el0, SYS_CONTEXTIDR_EL1
	\op	\base, tpidrro_el0, tpidr_el1, SYS_TPIDRRO_EL0
	\op	\base, amair_el1, cntkctl_el1, SYS_AMAIR_EL1
	\op	\base, par_el1, mdscr_el1, SYS_PAR_EL1
	\op	\base, csselr_el1, vmpidr_el2, SYS_CSSELR_EL1
.endm

.macro ventry target
	.align	7
	b	\target
.endm

#endif
