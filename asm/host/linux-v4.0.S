/*
 * hypsim's host stub for Linux v4.0 trees, at EL1: runs a vcpu through the tree's own
 * kvm_call_hyp(__kvm_vcpu_run, vcpu), as kvm_arch_vcpu_ioctl_run does, and returns the exit code.
 */
#include <hyp/linkage.h>

	.text

/* int host_vcpu_run(struct kvm_vcpu *vcpu) */
GLOBAL(host_vcpu_run)
	mov	x1, x0
	ldr	x0, =__kvm_vcpu_run
	b	kvm_call_hyp
ENDFUNC(host_vcpu_run)

	.ltorg
