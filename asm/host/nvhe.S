/*
 * hypsim's host stub for kbuild-built trees (the nVHE hypervisor in C), at EL1: the host reaches
 * the hypervisor only through its real interface, an SMCCC hvc, as the kernel's
 * arm_smccc_1_1_hvc() does: function ID in x0, arguments in x1-x7, results in x0-x3.
 */
#include <hyp/linkage.h>

	.text

/* struct { u64 a0, a1, a2, a3; } host_smccc_hvc(u64 id, u64 arg1, ..., u64 arg6): results in x0-x3 */
GLOBAL(host_smccc_hvc)
	hvc	#0
	ret
ENDFUNC(host_smccc_hvc)
