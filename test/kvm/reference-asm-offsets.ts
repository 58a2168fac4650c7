// asm-offsets values Kbuild generated for arm64 defconfig with gcc 12 (facts from the team's
// reference notes: v4.0 §6, 6.1 §3.3); hypsim's layouts must reproduce them.
import type { KernelSeries } from '../../src/tree/kernel.js';

const V4_0: Array<[string, number]> = [
  ['VCPU_KVM', 0], ['VCPU_CONTEXT', 272], ['CPU_GP_REGS', 0], ['CPU_USER_PT_REGS', 0], ['CPU_SP_EL1', 272],
  ['CPU_ELR_EL1', 280], ['CPU_SPSR', 288], ['CPU_FP_REGS', 336], ['CPU_SYSREGS', 864],
  ['VCPU_HCR_EL2', 1888], ['VCPU_ESR_EL2', 1896], ['VCPU_FAR_EL2', 1904], ['VCPU_HPFAR_EL2', 1912],
  ['VCPU_DEBUG_FLAGS', 1920], ['VCPU_HOST_CONTEXT', 1928], ['VCPU_VGIC_CPU', 1936],
  ['VCPU_TIMER_CNTV_CTL', 2272], ['VCPU_TIMER_CNTV_CVAL', 2280], ['VCPU_IRQ_LINES', 2424],
  ['KVM_VTTBR', 608], ['KVM_VGIC_VCTRL', 648], ['KVM_TIMER_ENABLED', 872], ['KVM_TIMER_CNTVOFF', 880],
  ['VGIC_SAVE_FN', 0], ['VGIC_RESTORE_FN', 8], ['VGIC_SR_VECTOR_SZ', 16], ['VGIC_CPU_NR_LR', 32],
  ['VGIC_V2_CPU_HCR', 40], ['VGIC_V2_CPU_VMCR', 44], ['VGIC_V2_CPU_MISR', 48], ['VGIC_V2_CPU_EISR', 56],
  ['VGIC_V2_CPU_ELRSR', 64], ['VGIC_V2_CPU_APR', 72], ['VGIC_V2_CPU_LR', 76],
  ['VGIC_V3_CPU_HCR', 40], ['VGIC_V3_CPU_VMCR', 44], ['VGIC_V3_CPU_SRE', 48], ['VGIC_V3_CPU_MISR', 52],
  ['VGIC_V3_CPU_EISR', 56], ['VGIC_V3_CPU_ELRSR', 60], ['VGIC_V3_CPU_AP0R', 64], ['VGIC_V3_CPU_AP1R', 80],
  ['VGIC_V3_CPU_LR', 96],
];

const V6_1: Array<[string, number]> = [
  ['VCPU_CONTEXT', 256], ['VCPU_FAULT_DISR', 2160], ['CPU_USER_PT_REGS', 0],
  ['CPU_APIAKEYLO_EL1', 1608], ['CPU_APIBKEYLO_EL1', 1624], ['CPU_APDAKEYLO_EL1', 1640],
  ['CPU_APDBKEYLO_EL1', 1656], ['CPU_APGAKEYLO_EL1', 1672], ['CPU_RGSR_EL1', 1752], ['CPU_GCR_EL1', 1760],
  ['HOST_CONTEXT_VCPU', 1816], ['HOST_DATA_CONTEXT', 0],
  ['NVHE_INIT_MAIR_EL2', 0], ['NVHE_INIT_TCR_EL2', 8], ['NVHE_INIT_TPIDR_EL2', 16], ['NVHE_INIT_STACK_HYP_VA', 24],
  ['NVHE_INIT_PGD_PA', 40], ['NVHE_INIT_HCR_EL2', 48], ['NVHE_INIT_VTTBR', 56], ['NVHE_INIT_VTCR', 64],
  ['FTR_OVR_VAL_OFFSET', 0], ['FTR_OVR_MASK_OFFSET', 8],
];

export function referenceAsmOffsets(series: KernelSeries): ReadonlyArray<readonly [string, number]> {
  return series === 'v4.0' ? V4_0 : V6_1;
}
