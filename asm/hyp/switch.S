/*
 * hypsim's hyp: an EL2 world switch in the style of the early arm64 KVM (nVHE), written for
 * hypsim. The host calls into EL2 with `hvc #0` (x0 = hyp function, x1.. = arguments); the
 * function __hyp_vcpu_run saves the host, loads the guest and erets into it; any trap or IRQ
 * from the guest comes back through the vectors to __hyp_vcpu_exit, which does the reverse
 * and returns the exit code to the host.
 *
 * Register conventions inside this file: x0 = vcpu (hyp VA), x1 = exit code,
 * x2 = the cpu_context being saved or loaded, x3-x5 = scratch for the helpers.
 */
#include <hyp/linkage.h>
#include <hyp/macros.h>

	.text
	.pushsection	.hyp.text, "ax"
	.align	12

/* Host FP/SIMD state is saved and the guest's loaded on every entry, and back on every exit. */
LOCAL(__save_fpsimd)
	add	x3, x2, #CTXT_FP_REGS
	fpsimd_save x3, 4
	ret
ENDFUNC(__save_fpsimd)

LOCAL(__restore_fpsimd)
	add	x3, x2, #CTXT_FP_REGS
	fpsimd_restore x3, 4
	ret
ENDFUNC(__restore_fpsimd)

LOCAL(__save_sysregs)
	add	x3, x2, #CTXT_SYS_REGS
	for_each_sysreg_pair save_sysreg_pair, x3
	ret
ENDFUNC(__save_sysregs)

LOCAL(__restore_sysregs)
	add	x3, x2, #CTXT_SYS_REGS
	for_each_sysreg_pair restore_sysreg_pair, x3
	ret
ENDFUNC(__restore_sysregs)

.macro activate_traps
	ldr	x3, [x0, #VCPU_HCR_EL2]
	msr	hcr_el2, x3
	mov	x3, #CPTR_TTA
	msr	cptr_el2, x3
.endm

.macro deactivate_traps
	mov	x3, #HCR_HOST_FLAGS
	msr	hcr_el2, x3
	msr	cptr_el2, xzr
.endm

.macro activate_vm
	ldr	x3, [x0, #VCPU_VM]
	kern_hyp_va x3
	ldr	x3, [x3, #VM_VTTBR]
	msr	vttbr_el2, x3
.endm

.macro deactivate_vm
	msr	vttbr_el2, xzr
.endm

/* x2 = guest context. Loads every guest register and enters the guest. */
.macro enter_guest
	restore_el1_state x2, x3
	restore_el2_return x2, x3
	ldp	x4, x5, [x2, #CPU_XREG(4)]
	ldp	x6, x7, [x2, #CPU_XREG(6)]
	ldp	x8, x9, [x2, #CPU_XREG(8)]
	ldp	x10, x11, [x2, #CPU_XREG(10)]
	ldp	x12, x13, [x2, #CPU_XREG(12)]
	ldp	x14, x15, [x2, #CPU_XREG(14)]
	ldp	x16, x17, [x2, #CPU_XREG(16)]
	restore_callee_saved x2
	ldp	x0, x1, [x2, #CPU_XREG(0)]
	ldp	x2, x3, [x2, #CPU_XREG(2)]
	eret
.endm

/* Guest x0-x3 are on the stack (pushed by the vector); x2 = guest context. */
.macro save_guest_regs
	stp	x4, x5, [x2, #CPU_XREG(4)]
	stp	x6, x7, [x2, #CPU_XREG(6)]
	stp	x8, x9, [x2, #CPU_XREG(8)]
	stp	x10, x11, [x2, #CPU_XREG(10)]
	stp	x12, x13, [x2, #CPU_XREG(12)]
	stp	x14, x15, [x2, #CPU_XREG(14)]
	stp	x16, x17, [x2, #CPU_XREG(16)]
	save_callee_saved x2
	pop	x4, x5
	stp	x4, x5, [x2, #CPU_XREG(0)]
	pop	x4, x5
	stp	x4, x5, [x2, #CPU_XREG(2)]
	save_el2_return x2, x3
	save_el1_state x2, x3
.endm

/*
 * u64 __hyp_vcpu_run(struct vcpu *vcpu): called through the HVC dispatcher, x0 = vcpu
 * (kernel VA). Returns an EXIT_* code when the guest exits.
 */
GLOBAL(__hyp_vcpu_run)
	kern_hyp_va x0
	msr	tpidr_el2, x0
	ldr	x2, [x0, #VCPU_HOST_CTXT]
	kern_hyp_va x2
	save_callee_saved x2
	save_el1_state x2, x3
	save_el2_return x2, x3
	bl	__save_fpsimd
	bl	__save_sysregs

	activate_traps
	activate_vm

	add	x2, x0, #VCPU_CONTEXT
	bl	__restore_sysregs
	bl	__restore_fpsimd
	enter_guest
ENDFUNC(__hyp_vcpu_run)

/* x0 = vcpu (hyp VA), x1 = exit code, guest x0-x3 on the EL2 stack. */
LOCAL(__hyp_vcpu_exit)
	add	x2, x0, #VCPU_CONTEXT
	save_guest_regs
	bl	__save_fpsimd
	bl	__save_sysregs

	deactivate_traps
	deactivate_vm

	ldr	x2, [x0, #VCPU_HOST_CTXT]
	kern_hyp_va x2
	bl	__restore_sysregs
	bl	__restore_fpsimd
	restore_el1_state x2, x3
	restore_el2_return x2, x3
	restore_callee_saved x2
	mov	x0, x1
	ret
ENDFUNC(__hyp_vcpu_exit)

/* Synchronous exception from EL1: a host hypercall, or a guest exit. */
LOCAL(el1_sync)
	push	x2, x3
	push	x0, x1
	mrs	x1, esr_el2
	ubfx	x1, x1, #ESR_EC_SHIFT, #ESR_EC_WIDTH
	cmp	x1, #EC_HVC64
	b.ne	el1_trap
	mrs	x2, vttbr_el2
	cbnz	x2, el1_trap

	/* Host hypercall: x0 = function (kernel VA), x1-x3 = its arguments. */
	pop	x0, x1
	pop	x2, x3
	push	lr, xzr
	kern_hyp_va x0
	mov	lr, x0
	mov	x0, x1
	mov	x1, x2
	mov	x2, x3
	blr	lr
	pop	lr, xzr
	eret
ENDFUNC(el1_sync)

/* x1 = exception class of a guest trap. */
LOCAL(el1_trap)
	mrs	x0, tpidr_el2
	mrs	x1, esr_el2
	str	w1, [x0, #VCPU_FAULT_ESR]
	mrs	x1, far_el2
	str	x1, [x0, #VCPU_FAULT_FAR]
	mrs	x1, hpfar_el2
	str	x1, [x0, #VCPU_FAULT_HPFAR]
	mov	x1, #EXIT_TRAP
	b	__hyp_vcpu_exit
ENDFUNC(el1_trap)

LOCAL(el1_irq)
	push	x2, x3
	push	x0, x1
	mrs	x0, tpidr_el2
	mov	x1, #EXIT_IRQ
	b	__hyp_vcpu_exit
ENDFUNC(el1_irq)

/* Anything else at EL2 is a hypervisor bug: stop where hypsim can see it. */
LOCAL(__hyp_panic)
	mrs	x0, esr_el2
	mrs	x1, elr_el2
	mrs	x2, far_el2
	brk	#0x800
ENDFUNC(__hyp_panic)

.macro invalid_vector name
LOCAL(\name)
	b	__hyp_panic
ENDFUNC(\name)
.endm

	invalid_vector el2t_sync_invalid
	invalid_vector el2t_irq_invalid
	invalid_vector el2t_fiq_invalid
	invalid_vector el2t_error_invalid
	invalid_vector el2h_sync_invalid
	invalid_vector el2h_irq_invalid
	invalid_vector el2h_fiq_invalid
	invalid_vector el2h_error_invalid
	invalid_vector el1_fiq_invalid
	invalid_vector el1_error_invalid
	invalid_vector el1_32_invalid

	.align	11
GLOBAL(__hyp_vectors)
	ventry	el2t_sync_invalid		// current EL, SP_EL0
	ventry	el2t_irq_invalid
	ventry	el2t_fiq_invalid
	ventry	el2t_error_invalid

	ventry	el2h_sync_invalid		// current EL, SP_EL2
	ventry	el2h_irq_invalid
	ventry	el2h_fiq_invalid
	ventry	el2h_error_invalid

	ventry	el1_sync			// lower EL, AArch64
	ventry	el1_irq
	ventry	el1_fiq_invalid
	ventry	el1_error_invalid

	ventry	el1_32_invalid			// lower EL, AArch32
	ventry	el1_32_invalid
	ventry	el1_32_invalid
	ventry	el1_32_invalid
ENDFUNC(__hyp_vectors)

	.popsection
