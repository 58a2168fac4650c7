/*
 * The host side of hypsim's corpus, at EL1: the hypercall trampoline the host kernel uses to
 * run a vcpu.
 */
#include <hyp/linkage.h>
#include <hyp/macros.h>

	.text

/* u64 host_call_hyp(void *hyp_fn, ...): run hyp_fn at EL2 with the remaining arguments. */
GLOBAL(host_call_hyp)
	hvc	#0
	ret
ENDFUNC(host_call_hyp)

/* u64 host_vcpu_run(struct vcpu *vcpu): one guest entry, returns the exit code. */
GLOBAL(host_vcpu_run)
	mov	x1, x0
	ldr	x0, =__hyp_vcpu_run
	b	host_call_hyp
ENDFUNC(host_vcpu_run)

	.ltorg
