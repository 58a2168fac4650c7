/*
 * Host work between two guest runs, at EL1: code that uses FP/SIMD registers (a crypto
 * routine, a memcpy, user space returning) the way host code may once it owns the unit.
 */
#include <hyp/linkage.h>

	.text

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
