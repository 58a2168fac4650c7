// The Linux v4.0 arm64 KVM structures the hyp code touches, as hypsim lays them out. Members
// the assembly never uses are opaque byte blocks sized for arm64 defconfig built with gcc 12
// (they depend on the kernel configuration); everything the assembly reaches is spelled out.
// Array lengths come from the tree's own headers.
import type { AsmOffsetsSpec } from '../asm-offsets.js';

/** Headers whose `#define`s give the array lengths and sys_regs indices. */
export const V4_CONSTANT_HEADERS = [
  'arch/arm64/include/asm/kvm_asm.h',
  'arch/arm64/include/uapi/asm/kvm.h',
  'arch/arm64/include/asm/kvm_host.h',
  'include/kvm/arm_vgic.h',
];

export const V4_LAYOUTS = `
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
};

struct kvm_regs {
	struct user_pt_regs regs;
	u64 sp_el1;
	u64 elr_el1;
	u64 spsr[KVM_NR_SPSR];
	struct user_fpsimd_state fp_regs;
};

struct kvm_cpu_context {
	struct kvm_regs gp_regs;
	union {
		u64 sys_regs[NR_SYS_REGS];
		u32 copro[NR_COPRO_REGS];
	};
};

struct kvm_vcpu_fault_info {
	u32 esr_el2;
	u64 far_el2;
	u64 hpfar_el2;
};

struct vgic_v2_cpu_if {
	u32 vgic_hcr;
	u32 vgic_vmcr;
	u32 vgic_misr;
	u64 vgic_eisr;
	u64 vgic_elrsr;
	u32 vgic_apr;
	u32 vgic_lr[VGIC_V2_MAX_LRS];
};

struct vgic_v3_cpu_if {
	u32 vgic_hcr;
	u32 vgic_vmcr;
	u32 vgic_sre;
	u32 vgic_misr;
	u32 vgic_eisr;
	u32 vgic_elrsr;
	u32 vgic_ap0r[4];
	u32 vgic_ap1r[4];
	u64 vgic_lr[VGIC_V3_MAX_LRS];
};

struct vgic_cpu {
	u8 *vgic_irq_lr_map;
	u64 pending_percpu[1];
	u64 *pending_shared;
	u64 lr_used[1];
	s32 nr_lr;
	union {
		struct vgic_v2_cpu_if vgic_v2;
		struct vgic_v3_cpu_if vgic_v3;
	};
};

struct arch_timer_cpu {
	u32 cntv_ctl;
	u64 cntv_cval;
	u8 timer_hrtimer[64] __attribute__((aligned(8)));
	u8 expired_work[32];
	bool armed;
	void *irq;
};

struct kvm_decode {
	u64 rt;
	bool sign_extend;
};

struct kvm_mmu_memory_cache {
	s32 nobjs;
	void *objects[KVM_NR_MEM_OBJS];
};

struct kvm_vcpu_arch {
	struct kvm_cpu_context ctxt;
	u64 hcr_el2;
	struct kvm_vcpu_fault_info fault;
	u64 debug_flags;
	struct kvm_cpu_context *host_cpu_context;
	struct vgic_cpu vgic_cpu;
	struct arch_timer_cpu timer_cpu;
	bool pause;
	struct kvm_decode mmio_decode;
	u64 irq_lines;
	struct kvm_mmu_memory_cache mmu_page_cache;
	s32 target;
	u64 features[1];
	bool has_run_once;
};

struct kvm_vcpu {
	struct kvm *kvm;
	u8 preempt_notifier[24];
	s32 cpu;
	s32 vcpu_id;
	u8 generic_state[232];
	struct kvm_vcpu_arch arch;
};

struct vgic_dist {
	u8 lock_and_config[24];
	void *vctrl_base;
	u8 distributor_state[216];
};

struct arch_timer_kvm {
	bool enabled;
	u64 cntvoff;
};

struct kvm_arch {
	u64 vmid_gen;
	u32 vmid;
	u32 pgd_lock;
	void *pgd;
	u64 vttbr;
	s32 max_vcpus;
	struct vgic_dist vgic;
	struct arch_timer_kvm timer;
};

struct kvm {
	u8 generic_state[584];
	struct kvm_arch arch;
	u8 generic_tail[152];
};

struct vgic_sr_vectors {
	void *save_vgic;
	void *restore_vgic;
};
`;

export const V4_ASM_OFFSETS: AsmOffsetsSpec = [
  ['VCPU_CONTEXT', 'kvm_vcpu', 'arch.ctxt'],
  ['CPU_GP_REGS', 'kvm_cpu_context', 'gp_regs'],
  ['CPU_USER_PT_REGS', 'kvm_regs', 'regs'],
  ['CPU_FP_REGS', 'kvm_regs', 'fp_regs'],
  ['CPU_SP_EL1', 'kvm_regs', 'sp_el1'],
  ['CPU_ELR_EL1', 'kvm_regs', 'elr_el1'],
  ['CPU_SPSR', 'kvm_regs', 'spsr'],
  ['CPU_SYSREGS', 'kvm_cpu_context', 'sys_regs'],
  ['VCPU_ESR_EL2', 'kvm_vcpu', 'arch.fault.esr_el2'],
  ['VCPU_FAR_EL2', 'kvm_vcpu', 'arch.fault.far_el2'],
  ['VCPU_HPFAR_EL2', 'kvm_vcpu', 'arch.fault.hpfar_el2'],
  ['VCPU_DEBUG_FLAGS', 'kvm_vcpu', 'arch.debug_flags'],
  ['VCPU_HCR_EL2', 'kvm_vcpu', 'arch.hcr_el2'],
  ['VCPU_IRQ_LINES', 'kvm_vcpu', 'arch.irq_lines'],
  ['VCPU_HOST_CONTEXT', 'kvm_vcpu', 'arch.host_cpu_context'],
  ['VCPU_TIMER_CNTV_CTL', 'kvm_vcpu', 'arch.timer_cpu.cntv_ctl'],
  ['VCPU_TIMER_CNTV_CVAL', 'kvm_vcpu', 'arch.timer_cpu.cntv_cval'],
  ['KVM_TIMER_CNTVOFF', 'kvm', 'arch.timer.cntvoff'],
  ['KVM_TIMER_ENABLED', 'kvm', 'arch.timer.enabled'],
  ['VCPU_KVM', 'kvm_vcpu', 'kvm'],
  ['VCPU_VGIC_CPU', 'kvm_vcpu', 'arch.vgic_cpu'],
  ['VGIC_SAVE_FN', 'vgic_sr_vectors', 'save_vgic'],
  ['VGIC_RESTORE_FN', 'vgic_sr_vectors', 'restore_vgic'],
  ['VGIC_SR_VECTOR_SZ', 'vgic_sr_vectors', ''],
  ['VGIC_V2_CPU_HCR', 'vgic_cpu', 'vgic_v2.vgic_hcr'],
  ['VGIC_V2_CPU_VMCR', 'vgic_cpu', 'vgic_v2.vgic_vmcr'],
  ['VGIC_V2_CPU_MISR', 'vgic_cpu', 'vgic_v2.vgic_misr'],
  ['VGIC_V2_CPU_EISR', 'vgic_cpu', 'vgic_v2.vgic_eisr'],
  ['VGIC_V2_CPU_ELRSR', 'vgic_cpu', 'vgic_v2.vgic_elrsr'],
  ['VGIC_V2_CPU_APR', 'vgic_cpu', 'vgic_v2.vgic_apr'],
  ['VGIC_V2_CPU_LR', 'vgic_cpu', 'vgic_v2.vgic_lr'],
  ['VGIC_V3_CPU_HCR', 'vgic_cpu', 'vgic_v3.vgic_hcr'],
  ['VGIC_V3_CPU_VMCR', 'vgic_cpu', 'vgic_v3.vgic_vmcr'],
  ['VGIC_V3_CPU_SRE', 'vgic_cpu', 'vgic_v3.vgic_sre'],
  ['VGIC_V3_CPU_MISR', 'vgic_cpu', 'vgic_v3.vgic_misr'],
  ['VGIC_V3_CPU_EISR', 'vgic_cpu', 'vgic_v3.vgic_eisr'],
  ['VGIC_V3_CPU_ELRSR', 'vgic_cpu', 'vgic_v3.vgic_elrsr'],
  ['VGIC_V3_CPU_AP0R', 'vgic_cpu', 'vgic_v3.vgic_ap0r'],
  ['VGIC_V3_CPU_AP1R', 'vgic_cpu', 'vgic_v3.vgic_ap1r'],
  ['VGIC_V3_CPU_LR', 'vgic_cpu', 'vgic_v3.vgic_lr'],
  ['VGIC_CPU_NR_LR', 'vgic_cpu', 'nr_lr'],
  ['KVM_VTTBR', 'kvm', 'arch.vttbr'],
  ['KVM_VGIC_VCTRL', 'kvm', 'arch.vgic.vctrl_base'],
];
