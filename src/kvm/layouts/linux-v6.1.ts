// The Linux 6.1 arm64 KVM structures that entry.S, fpsimd.S, hyp-entry.S and hyp-init.S reach
// through asm-offsets. Members the assembly never uses are opaque blocks sized for arm64
// defconfig built with gcc 12. sys_regs indices come from the tree's `enum vcpu_sysreg`.
import type { AsmOffsetsSpec } from '../asm-offsets.js';

export const V61_ENUMS = [{ header: 'arch/arm64/include/asm/kvm_host.h', name: 'vcpu_sysreg' }];
export const V61_CONSTANT_HEADERS: string[] = [];

export const V61_LAYOUTS = `
struct user_pt_regs {
	u64 regs[31];
	u64 sp;
	u64 pc;
	u64 pstate;
};

struct user_fpsimd_state {
	__uint128_t vregs[32];
	u32 fpsr;
	u32 fpcr;
	u32 __reserved[2];
};

struct kvm_cpu_context {
	struct user_pt_regs regs;
	u64 spsr_abt;
	u64 spsr_und;
	u64 spsr_irq;
	u64 spsr_fiq;
	struct user_fpsimd_state fp_regs;
	u64 sys_regs[NR_SYS_REGS];
	struct kvm_vcpu *__hyp_running_vcpu;
};

struct kvm_host_data {
	struct kvm_cpu_context host_ctxt;
};

struct kvm_vcpu_fault_info {
	u64 esr_el2;
	u64 far_el2;
	u64 hpfar_el2;
	u64 disr_el1;
};

struct kvm_vcpu_arch {
	struct kvm_cpu_context ctxt;
	void *sve_state;
	u32 fp_type;
	u32 sve_max_vl;
	u64 svcr;
	void *hw_mmu;
	u64 hcr_el2;
	u64 mdcr_el2;
	u64 mdcr_el2_host;
	struct kvm_vcpu_fault_info fault;
	u8 other_state[7512];
};

struct kvm_vcpu {
	struct kvm *kvm;
	u8 generic_state[248];
	struct kvm_vcpu_arch arch;
};

struct kvm_nvhe_init_params {
	u64 mair_el2;
	u64 tcr_el2;
	u64 tpidr_el2;
	u64 stack_hyp_va;
	u64 stack_pa;
	u64 pgd_pa;
	u64 hcr_el2;
	u64 vttbr;
	u64 vtcr;
};

struct arm64_ftr_override {
	u64 val;
	u64 mask;
};
`;

export const V61_ASM_OFFSETS: AsmOffsetsSpec = [
  ['VCPU_CONTEXT', 'kvm_vcpu', 'arch.ctxt'],
  ['VCPU_FAULT_DISR', 'kvm_vcpu', 'arch.fault.disr_el1'],
  ['CPU_USER_PT_REGS', 'kvm_cpu_context', 'regs'],
  ['CPU_RGSR_EL1', 'kvm_cpu_context', 'sys_regs[RGSR_EL1]'],
  ['CPU_GCR_EL1', 'kvm_cpu_context', 'sys_regs[GCR_EL1]'],
  ['CPU_APIAKEYLO_EL1', 'kvm_cpu_context', 'sys_regs[APIAKEYLO_EL1]'],
  ['CPU_APIBKEYLO_EL1', 'kvm_cpu_context', 'sys_regs[APIBKEYLO_EL1]'],
  ['CPU_APDAKEYLO_EL1', 'kvm_cpu_context', 'sys_regs[APDAKEYLO_EL1]'],
  ['CPU_APDBKEYLO_EL1', 'kvm_cpu_context', 'sys_regs[APDBKEYLO_EL1]'],
  ['CPU_APGAKEYLO_EL1', 'kvm_cpu_context', 'sys_regs[APGAKEYLO_EL1]'],
  ['HOST_CONTEXT_VCPU', 'kvm_cpu_context', '__hyp_running_vcpu'],
  ['HOST_DATA_CONTEXT', 'kvm_host_data', 'host_ctxt'],
  ['NVHE_INIT_MAIR_EL2', 'kvm_nvhe_init_params', 'mair_el2'],
  ['NVHE_INIT_TCR_EL2', 'kvm_nvhe_init_params', 'tcr_el2'],
  ['NVHE_INIT_TPIDR_EL2', 'kvm_nvhe_init_params', 'tpidr_el2'],
  ['NVHE_INIT_STACK_HYP_VA', 'kvm_nvhe_init_params', 'stack_hyp_va'],
  ['NVHE_INIT_PGD_PA', 'kvm_nvhe_init_params', 'pgd_pa'],
  ['NVHE_INIT_HCR_EL2', 'kvm_nvhe_init_params', 'hcr_el2'],
  ['NVHE_INIT_VTTBR', 'kvm_nvhe_init_params', 'vttbr'],
  ['NVHE_INIT_VTCR', 'kvm_nvhe_init_params', 'vtcr'],
  ['FTR_OVR_VAL_OFFSET', 'arm64_ftr_override', 'val'],
  ['FTR_OVR_MASK_OFFSET', 'arm64_ftr_override', 'mask'],
];
