/*
 * The host side of hypsim's corpus, at EL1: the hypercall trampoline the host kernel uses to
 * run a vcpu, and host work that uses FP/SIMD registers between two runs.
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

/*
 * void host_use_fpsimd(u64 seed): host code (a crypto routine, a memcpy, user space) that
 * overwrites v0-v7 without saving them, as host code may once it owns the FP/SIMD unit.
 */
GLOBAL(host_use_fpsimd)
	dup	v0.2d, x0
	eor	x0, x0, x0, lsl #7
	dup	v1.2d, x0
	eor	v2.16b, v0.16b, v1.16b
	orr	v3.16b, v0.16b, v2.16b
	mov	v4.16b, v3.16b
	mov	v5.d[0], x0
	movi	v6.2d, #0xff00ff00ff00ff00
	movi	v7.16b, #0x5a
	ret
ENDFUNC(host_use_fpsimd)

	.ltorg
