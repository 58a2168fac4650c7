// The kernel's errata capabilities (arch/arm64/kernel/cpu_errata.c, arm64_errata[]) that the nVHE
// hypervisors name: the MIDR lists each is detected by, with the Kconfig option each list entry
// sits under. Lists as in Linux 6.12; 6.1's are the same for these caps except that its AmpereOne
// list lacks AmpereOne-A (a model 6.1's cputype.h does not define, so it never matches there).
import type { CapRow, MidrGroup } from './cap-rules.js';
import { allVersions, kryo, midrRange, rev, revRange } from './midr.js';

const midr = (...groups: MidrGroup[]) => ({ kind: 'midr' as const, groups });

const ERRATUM_4118414 = [
  'MIDR_C1_PREMIUM', 'MIDR_C1_ULTRA', 'MIDR_CORTEX_A76', 'MIDR_CORTEX_A76AE', 'MIDR_CORTEX_A77', 'MIDR_CORTEX_A78',
  'MIDR_CORTEX_A78AE', 'MIDR_CORTEX_A78C', 'MIDR_CORTEX_A710', 'MIDR_CORTEX_X1', 'MIDR_CORTEX_X1C', 'MIDR_CORTEX_X2',
  'MIDR_CORTEX_X3', 'MIDR_CORTEX_X4', 'MIDR_CORTEX_X925', 'MIDR_NEOVERSE_N1', 'MIDR_NEOVERSE_N2', 'MIDR_NEOVERSE_V1',
  'MIDR_NEOVERSE_V2', 'MIDR_NEOVERSE_V3', 'MIDR_NEOVERSE_V3AE', 'MIDR_NVIDIA_OLYMPUS', 'MIDR_MICROSOFT_AZURE_COBALT_100',
].map(allVersions);

export const ERRATA: readonly CapRow[] = [
  { cap: 'ARM64_WORKAROUND_DEVICE_LOAD_ACQUIRE', config: 'CONFIG_ARM64_ERRATUM_832075', rule: midr({ ranges: [midrRange('MIDR_CORTEX_A57', 0, 0, 1, 2)] }) },
  {
    cap: 'ARM64_WORKAROUND_CAVIUM_30115',
    config: 'CONFIG_CAVIUM_ERRATUM_30115',
    rule: midr({ ranges: [midrRange('MIDR_THUNDERX', 0, 0, 1, 2), revRange('MIDR_THUNDERX_81XX', 0, 0, 2), rev('MIDR_THUNDERX_83XX', 0, 0)] }),
  },
  { cap: 'ARM64_WORKAROUND_834220', config: 'CONFIG_ARM64_ERRATUM_834220', rule: midr({ ranges: [midrRange('MIDR_CORTEX_A57', 0, 0, 1, 2)] }) },
  {
    cap: 'ARM64_WORKAROUND_REPEAT_TLBI',
    config: 'CONFIG_ARM64_WORKAROUND_REPEAT_TLBI',
    rule: midr(
      { config: 'CONFIG_QCOM_FALKOR_ERRATUM_1009', ranges: [rev('MIDR_QCOM_FALKOR_V1', 0, 0), kryo('MIDR_QCOM_KRYO')] },
      { config: 'CONFIG_ARM64_ERRATUM_1286807', ranges: [midrRange('MIDR_CORTEX_A76', 0, 0, 3, 0), midrRange('MIDR_QCOM_KRYO_4XX_GOLD', 0xc, 0xe, 0xf, 0xe)] },
      { config: 'CONFIG_ARM64_ERRATUM_2441007', ranges: [allVersions('MIDR_CORTEX_A55')] },
      { config: 'CONFIG_ARM64_ERRATUM_2441009', ranges: [midrRange('MIDR_CORTEX_A510', 0, 0, 1, 1)] },
      { config: 'CONFIG_ARM64_ERRATUM_4118414', ranges: ERRATUM_4118414 },
    ),
  },
  {
    cap: 'ARM64_WORKAROUND_SPECULATIVE_AT',
    config: 'CONFIG_ARM64_WORKAROUND_SPECULATIVE_AT',
    rule: midr(
      { config: 'CONFIG_ARM64_ERRATUM_1165522', ranges: [midrRange('MIDR_CORTEX_A76', 0, 0, 2, 0)] },
      { config: 'CONFIG_ARM64_ERRATUM_1319367', ranges: [allVersions('MIDR_CORTEX_A57'), allVersions('MIDR_CORTEX_A72')] },
      { config: 'CONFIG_ARM64_ERRATUM_1530923', ranges: [midrRange('MIDR_CORTEX_A55', 0, 0, 2, 0), rev('MIDR_QCOM_KRYO_4XX_SILVER', 0xd, 0xe)] },
    ),
  },
  // needs_tx2_tvm_workaround: a ThunderX2 with CPUs of distinct affinity level 0
  {
    cap: 'ARM64_WORKAROUND_CAVIUM_TX2_219_TVM',
    config: 'CONFIG_CAVIUM_TX2_ERRATUM_219',
    rule: { kind: 'all', rules: [midr({ ranges: [allVersions('MIDR_BRCM_VULCAN'), allVersions('MIDR_CAVIUM_THUNDERX2')] }), { kind: 'cpus', min: 2 }] },
  },
  { cap: 'ARM64_WORKAROUND_1508412', config: 'CONFIG_ARM64_ERRATUM_1508412', rule: midr({ ranges: [midrRange('MIDR_CORTEX_A77', 0, 0, 1, 0)] }) },
  {
    cap: 'ARM64_WORKAROUND_TSB_FLUSH_FAILURE',
    config: 'CONFIG_ARM64_WORKAROUND_TSB_FLUSH_FAILURE',
    rule: midr(
      { config: 'CONFIG_ARM64_ERRATUM_2067961', ranges: [allVersions('MIDR_NEOVERSE_N2'), allVersions('MIDR_MICROSOFT_AZURE_COBALT_100')] },
      { config: 'CONFIG_ARM64_ERRATUM_2054223', ranges: [allVersions('MIDR_CORTEX_A710')] },
    ),
  },
  { cap: 'ARM64_WORKAROUND_2077057', config: 'CONFIG_ARM64_ERRATUM_2077057', rule: midr({ ranges: [revRange('MIDR_CORTEX_A510', 0, 0, 2)] }) },
  { cap: 'ARM64_WORKAROUND_AMPERE_AC03_CPU_38', config: 'CONFIG_AMPERE_ERRATUM_AC03_CPU_38', rule: midr({ ranges: [allVersions('MIDR_AMPERE1'), allVersions('MIDR_AMPERE1A')] }) },
  { cap: 'ARM64_SPECTRE_V2', rule: { kind: 'spectre', which: 'v2' } },
  { cap: 'ARM64_SPECTRE_V3A', config: 'CONFIG_RANDOMIZE_BASE', rule: { kind: 'spectre', which: 'v3a' } },
  { cap: 'ARM64_SPECTRE_BHB', rule: { kind: 'spectre', which: 'bhb' } },
];
