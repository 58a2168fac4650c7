// The structures of hypsim's own hyp corpus (asm/), as the corpus's C side would declare them.
// Array lengths come from the corpus headers through the preprocessor.
import type { AsmOffsetsSpec } from '../asm-offsets.js';

export const CORPUS_LAYOUT_HEADERS = ['hyp/sysreg-index.h'];

export const CORPUS_LAYOUTS = `
struct gp_regs {
	u64 regs[31];
	u64 sp_el0;
	u64 pc;
	u64 pstate;
};

struct fp_regs {
	__uint128_t vregs[32];
	u32 fpsr;
	u32 fpcr;
};

struct cpu_context {
	struct gp_regs gp;
	u64 sp_el1;
	u64 elr_el1;
	u64 spsr_el1;
	struct fp_regs fp;
	u64 sys_regs[NR_SYS_REGS];
};

struct fault_info {
	u32 esr_el2;
	u64 far_el2;
	u64 hpfar_el2;
};

struct vm {
	u64 vttbr;
	u32 id;
	u32 nr_vcpus;
};

struct vcpu {
	struct vm *vm;
	u32 id;
	u32 flags;
	u64 hcr_el2;
	u64 exits;
	struct cpu_context *host_ctxt;
	struct fault_info fault;
	struct cpu_context ctxt;
};

struct host_data {
	struct cpu_context host_ctxt;
};
`;

export const CORPUS_ASM_OFFSETS: AsmOffsetsSpec = [
  ['VCPU_VM', 'vcpu', 'vm'],
  ['VCPU_FLAGS', 'vcpu', 'flags'],
  ['VCPU_HCR_EL2', 'vcpu', 'hcr_el2'],
  ['VCPU_HOST_CTXT', 'vcpu', 'host_ctxt'],
  ['VCPU_FAULT_ESR', 'vcpu', 'fault.esr_el2'],
  ['VCPU_FAULT_FAR', 'vcpu', 'fault.far_el2'],
  ['VCPU_FAULT_HPFAR', 'vcpu', 'fault.hpfar_el2'],
  ['VCPU_CONTEXT', 'vcpu', 'ctxt'],
  ['VM_VTTBR', 'vm', 'vttbr'],
  ['CTXT_GP_REGS', 'cpu_context', 'gp'],
  ['CTXT_SP_EL0', 'cpu_context', 'gp.sp_el0'],
  ['CTXT_PC', 'cpu_context', 'gp.pc'],
  ['CTXT_PSTATE', 'cpu_context', 'gp.pstate'],
  ['CTXT_SP_EL1', 'cpu_context', 'sp_el1'],
  ['CTXT_ELR_EL1', 'cpu_context', 'elr_el1'],
  ['CTXT_SPSR_EL1', 'cpu_context', 'spsr_el1'],
  ['CTXT_FP_REGS', 'cpu_context', 'fp'],
  ['FP_FPSR', 'fp_regs', 'fpsr'],
  ['FP_FPCR', 'fp_regs', 'fpcr'],
  ['CTXT_SYS_REGS', 'cpu_context', 'sys_regs'],
  ['VCPU_SIZE', 'vcpu', ''],
  ['CPU_CONTEXT_SIZE', 'cpu_context', ''],
];
