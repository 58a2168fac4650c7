/* Slots of cpu_context.sys_regs[]: the EL1 state the world switch saves and restores. */
#ifndef HYP_SYSREG_INDEX_H
#define HYP_SYSREG_INDEX_H

#define SYS_SCTLR_EL1		0
#define SYS_ACTLR_EL1		1
#define SYS_CPACR_EL1		2
#define SYS_TTBR0_EL1		3
#define SYS_TTBR1_EL1		4
#define SYS_TCR_EL1		5
#define SYS_ESR_EL1		6
#define SYS_AFSR0_EL1		7
#define SYS_AFSR1_EL1		8
#define SYS_FAR_EL1		9
#define SYS_MAIR_EL1		10
#define SYS_VBAR_EL1		11
#define SYS_CONTEXTIDR_EL1	12
#define SYS_TPIDR_EL0		13
#define SYS_TPIDRRO_EL0		14
#define SYS_TPIDR_EL1		15
#define SYS_AMAIR_EL1		16
#define SYS_CNTKCTL_EL1		17
#define SYS_PAR_EL1		18
#define SYS_MDSCR_EL1		19
#define SYS_CSSELR_EL1		20
#define SYS_VMPIDR_EL2		21
#define NR_SYS_REGS		22

#endif
