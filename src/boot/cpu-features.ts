// The kernel's feature capabilities (arch/arm64/kernel/cpufeature.c, arm64_features[]) that the
// nVHE hypervisors of the trees hypsim runs name, each as the kernel decides it. Field positions
// and named values come from the tree's sysreg-defs.h; the sign is the kernel's (FTR_SIGNED).
// With one CPU the sanitised ID registers are the CPU's own values for every field read here.
import type { CapRow, CapRule } from './cap-rules.js';
import { midrRange } from './midr.js';

const field = (reg: string, name: string, min: string, signed = false): CapRule => ({ kind: 'field', reg, field: name, min, signed });
const exact = (reg: string, name: string, value: string): CapRule => ({ kind: 'field', reg, field: name, min: value, exact: true });
const any = (...rules: CapRule[]): CapRule => ({ kind: 'any', rules });
const all = (...rules: CapRule[]): CapRule => ({ kind: 'all', rules });
const nvheOnly = (why: string): CapRule => ({ kind: 'host', decide: (h) => ({ on: false, why: `kvm-arm.mode=${h.kvmMode}: ${why}` }) });

export const CPU_FEATURES: readonly CapRow[] = [
  { cap: 'ARM64_ALWAYS_BOOT', rule: { kind: 'always' } },
  { cap: 'ARM64_ALWAYS_SYSTEM', rule: { kind: 'always' } },
  { cap: 'ARM64_HAS_PAN', config: 'CONFIG_ARM64_PAN', rule: field('ID_AA64MMFR1_EL1', 'PAN', 'IMP') },
  { cap: 'ARM64_HAS_LSE_ATOMICS', config: 'CONFIG_ARM64_LSE_ATOMICS', rule: field('ID_AA64ISAR0_EL1', 'ATOMIC', 'IMP') },
  // has_no_hw_prefetch: Cavium ThunderX pass 1.x
  { cap: 'ARM64_HAS_NO_HW_PREFETCH', rule: { kind: 'midr', groups: [{ ranges: [midrRange('MIDR_THUNDERX', 0, 0, 1, 0xf)] }] } },
  // runs_at_el2: the kernel itself runs at EL2 only with VHE, which the host does not choose.
  {
    cap: 'ARM64_HAS_VIRT_HOST_EXTN',
    rule: all(field('ID_AA64MMFR1_EL1', 'VH', 'IMP'), { kind: 'host', decide: (h) => ({ on: false, why: `kvm-arm.mode=${h.kvmMode} keeps the kernel at EL1` }) }),
  },
  { cap: 'ARM64_KVM_PROTECTED_MODE', rule: nvheOnly('protected KVM is off (is_kvm_protected_mode)') },
  { cap: 'ARM64_KVM_HVHE', rule: nvheOnly('hVHE needs kvm-arm.mode=protected and VHE (hvhe_possible)') },
  { cap: 'ARM64_HAS_HCX', config: 'CONFIG_KVM', rule: field('ID_AA64MMFR1_EL1', 'HCX', 'IMP') },
  { cap: 'ARM64_HAS_FPSIMD', rule: field('ID_AA64PFR0_EL1', 'FP', 'IMP', true) },
  { cap: 'ARM64_HAS_NO_FPSIMD', rule: { kind: 'not', rule: field('ID_AA64PFR0_EL1', 'FP', 'IMP', true) } },
  { cap: 'ARM64_SVE', config: 'CONFIG_ARM64_SVE', rule: field('ID_AA64PFR0_EL1', 'SVE', 'IMP') },
  { cap: 'ARM64_HAS_RAS_EXTN', config: 'CONFIG_ARM64_RAS_EXTN', rule: field('ID_AA64PFR0_EL1', 'RAS', 'IMP') },
  // has_cache_dic reads CTR_EL0.DIC of the sanitised CTR_EL0
  { cap: 'ARM64_HAS_CACHE_DIC', rule: field('CTR_EL0', 'DIC', '1') },
  { cap: 'ARM64_HAS_STAGE2_FWB', rule: field('ID_AA64MMFR2_EL1', 'FWB', 'IMP') },
  { cap: 'ARM64_HAS_ARMv8_4_TTL', rule: field('ID_AA64MMFR2_EL1', 'TTL', 'IMP') },
  { cap: 'ARM64_HAS_TLB_RANGE', rule: field('ID_AA64ISAR0_EL1', 'TLB', 'RANGE') },
  // has_useable_cnp also refuses kdump kernels and the NVIDIA Carmel erratum: neither applies here
  { cap: 'ARM64_HAS_CNP', config: 'CONFIG_ARM64_CNP', rule: field('ID_AA64MMFR2_EL1', 'CnP', 'IMP') },
  { cap: 'ARM64_HAS_SB', rule: field('ID_AA64ISAR1_EL1', 'SB', 'IMP') },
  // has_address_auth_metacap / has_generic_auth: any architected or IMP DEF algorithm
  {
    cap: 'ARM64_HAS_ADDRESS_AUTH',
    config: 'CONFIG_ARM64_PTR_AUTH',
    rule: any(field('ID_AA64ISAR1_EL1', 'APA', 'PAuth'), field('ID_AA64ISAR2_EL1', 'APA3', 'PAuth'), field('ID_AA64ISAR1_EL1', 'API', 'PAuth')),
  },
  {
    cap: 'ARM64_HAS_GENERIC_AUTH',
    config: 'CONFIG_ARM64_PTR_AUTH',
    rule: any(field('ID_AA64ISAR1_EL1', 'GPA', 'IMP'), field('ID_AA64ISAR2_EL1', 'GPA3', 'IMP'), field('ID_AA64ISAR1_EL1', 'GPI', 'IMP')),
  },
  { cap: 'ARM64_MTE', config: 'CONFIG_ARM64_MTE', rule: field('ID_AA64PFR1_EL1', 'MTE', 'MTE2') },
  { cap: 'ARM64_HAS_FGT', rule: field('ID_AA64MMFR0_EL1', 'FGT', 'IMP') },
  { cap: 'ARM64_SME', config: 'CONFIG_ARM64_SME', rule: field('ID_AA64PFR1_EL1', 'SME', 'IMP') },
  { cap: 'ARM64_HAS_ECV', rule: field('ID_AA64MMFR0_EL1', 'ECV', 'IMP') },
  { cap: 'ARM64_HAS_TCR2', rule: field('ID_AA64MMFR3_EL1', 'TCRX', 'IMP') },
  { cap: 'ARM64_HAS_S1PIE', rule: field('ID_AA64MMFR3_EL1', 'S1PIE', 'IMP') },
  // has_lpa2 with 4K pages (defconfig): LPA2 at stage 1 and at stage 2
  { cap: 'ARM64_HAS_LPA2', config: 'CONFIG_ARM64_LPA2', rule: all(exact('ID_AA64MMFR0_EL1', 'TGRAN4', '52_BIT'), exact('ID_AA64MMFR0_EL1', 'TGRAN4_2', '52_BIT')) },
  { cap: 'ARM64_HAS_FPMR', rule: field('ID_AA64PFR2_EL1', 'FPMR', 'IMP') },
  { cap: 'ARM64_HAS_S1POE', config: 'CONFIG_ARM64_POE', rule: field('ID_AA64MMFR3_EL1', 'S1POE', 'IMP') },
];
