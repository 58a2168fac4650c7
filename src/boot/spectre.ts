// The Spectre decisions of arch/arm64/kernel/proton-pack.c for the boot CPU, in the order the
// errata code makes them (v2, v3a, then BHB): the caps, the mitigation states, the BHB
// mitigations the vectors are patched for, the branchy-loop count, and the hyp vector slot the
// host will install (bp_hardening_data.slot).
import type { Decision } from './cap-rules.js';
import { readCpuField, type BootCpu } from './cpu.js';
import type { IdFields } from './id-fields.js';
import { configEnabled, type Kconfig } from './kconfig.js';
import { allVersions, describeRange, midrInList, type MidrModels, type MidrRange } from './midr.js';

export type MitigationState = 'unaffected' | 'mitigated' | 'vulnerable';
export type BhbMitigation = 'loop' | 'fw' | 'hw' | 'insn';
export type HypVectorSlot = 'HYP_VECTOR_DIRECT' | 'HYP_VECTOR_SPECTRE_DIRECT' | 'HYP_VECTOR_INDIRECT' | 'HYP_VECTOR_SPECTRE_INDIRECT';
const SLOTS: readonly HypVectorSlot[] = ['HYP_VECTOR_DIRECT', 'HYP_VECTOR_SPECTRE_DIRECT', 'HYP_VECTOR_INDIRECT', 'HYP_VECTOR_SPECTRE_INDIRECT'];

export interface SpectreState {
  readonly caps: { readonly v2: Decision; readonly v3a: Decision; readonly bhb: Decision };
  readonly v2: MitigationState;
  readonly bhb: { readonly state: MitigationState; readonly mitigations: readonly BhbMitigation[]; readonly loopK: number; readonly why: string };
  readonly hypVectorSlot: HypVectorSlot;
}

const SPECTRE_V2_SAFE = ['MIDR_CORTEX_A35', 'MIDR_CORTEX_A53', 'MIDR_CORTEX_A55', 'MIDR_BRAHMA_B53', 'MIDR_HISI_TSV110', 'MIDR_QCOM_KRYO_2XX_SILVER', 'MIDR_QCOM_KRYO_3XX_SILVER', 'MIDR_QCOM_KRYO_4XX_SILVER'].map(allVersions);
const SPECTRE_V3A_UNSAFE = ['MIDR_CORTEX_A57', 'MIDR_CORTEX_A72'].map(allVersions);
const SPECTRE_BHB_SAFE = ['MIDR_CORTEX_A35', 'MIDR_CORTEX_A53', 'MIDR_CORTEX_A55', 'MIDR_CORTEX_A510', 'MIDR_CORTEX_A520', 'MIDR_BRAHMA_B53', 'MIDR_QCOM_KRYO_2XX_SILVER', 'MIDR_QCOM_KRYO_3XX_SILVER', 'MIDR_QCOM_KRYO_4XX_SILVER'].map(allVersions);

/** spectre_bhb_loop_affected(): the first list the CPU is in gives the loop count. */
const SPECTRE_BHB_K: readonly (readonly [number, readonly MidrRange[]])[] = [
  [132, ['MIDR_CORTEX_X3', 'MIDR_NEOVERSE_V2'].map(allVersions)],
  [38, ['MIDR_CORTEX_A715', 'MIDR_CORTEX_A720'].map(allVersions)],
  [32, ['MIDR_CORTEX_A78', 'MIDR_CORTEX_A78AE', 'MIDR_CORTEX_A78C', 'MIDR_CORTEX_X1', 'MIDR_CORTEX_X1C', 'MIDR_CORTEX_A710', 'MIDR_CORTEX_X2', 'MIDR_NEOVERSE_N2', 'MIDR_NEOVERSE_V1', 'MIDR_HISI_TSV110'].map(allVersions)],
  [24, ['MIDR_CORTEX_A76', 'MIDR_CORTEX_A76AE', 'MIDR_CORTEX_A77', 'MIDR_NEOVERSE_N1', 'MIDR_QCOM_KRYO_4XX_GOLD', 'MIDR_HISI_HIP09'].map(allVersions)],
  [11, ['MIDR_AMPERE1'].map(allVersions)],
  [8, ['MIDR_CORTEX_A72', 'MIDR_CORTEX_A57'].map(allVersions)],
];

export const SPECTRE_MODELS: readonly string[] = [...SPECTRE_V2_SAFE, ...SPECTRE_V3A_UNSAFE, ...SPECTRE_BHB_SAFE, ...SPECTRE_BHB_K.flatMap(([, l]) => l)].map((r) => r.model);

export interface SpectreInputs {
  readonly cpu: BootCpu;
  readonly fields: IdFields;
  readonly config: Kconfig;
  readonly models: MidrModels;
  readonly midr: number;
}

/** What an SMCCC ARCH_FEATURES query for a workaround returns: with no conduit, SMCCC_RET_NOT_SUPPORTED. */
const firmwareState = (cpu: BootCpu): { state: MitigationState; why: string } => ({ state: 'vulnerable', why: `SMCCC conduit ${cpu.conduit}: ARCH_FEATURES is not supported` });

function v2Hardware(inp: SpectreInputs): { state: MitigationState; why: string } {
  if (readCpuField(inp.cpu, inp.fields, 'ID_AA64PFR0_EL1', 'CSV2') !== 0n) return { state: 'unaffected', why: 'ID_AA64PFR0_EL1.CSV2 is set' };
  if (midrInList(inp.midr, inp.models, SPECTRE_V2_SAFE)) return { state: 'unaffected', why: 'the CPU is in the Spectre-v2 safe list' };
  return { state: 'vulnerable', why: 'no CSV2 and not in the Spectre-v2 safe list' };
}

function bhbLoopK(inp: SpectreInputs): number {
  return SPECTRE_BHB_K.find(([, list]) => midrInList(inp.midr, inp.models, list))?.[0] ?? 0;
}

function bhbAffected(inp: SpectreInputs): Decision {
  if (readCpuField(inp.cpu, inp.fields, 'ID_AA64PFR0_EL1', 'CSV2') === 3n) return { on: false, why: 'CSV2.3: unaffected' };
  if (midrInList(inp.midr, inp.models, SPECTRE_BHB_SAFE)) return { on: false, why: 'the CPU is in the Spectre-BHB safe list' };
  return { on: true, why: 'not CSV2.3 and not in the Spectre-BHB safe list' };
}

export function spectreState(inp: SpectreInputs): SpectreState {
  const hw = v2Hardware(inp);
  const fw = firmwareState(inp.cpu);
  const v2Cap: Decision = hw.state === 'unaffected' ? { on: false, why: hw.why } : { on: true, why: `${hw.why}; firmware: ${fw.why}` };
  const v2 = hw.state === 'vulnerable' ? fw.state : hw.state;
  const v3aHit = SPECTRE_V3A_UNSAFE.find((r) => midrInList(inp.midr, inp.models, [r]));
  const v3a: Decision = v3aHit ? { on: true, why: `the CPU is in the Spectre-v3a list: ${describeRange(v3aHit)}` } : { on: false, why: 'not in the Spectre-v3a list' };
  let slot = 0;
  if (v3a.on && configEnabled(inp.config, 'CONFIG_RANDOMIZE_BASE')) slot += SLOTS.indexOf('HYP_VECTOR_INDIRECT');
  const bhbCap = bhbAffected(inp);
  const clearBhb = readCpuField(inp.cpu, inp.fields, 'ID_AA64ISAR2_EL1', 'CLRBHB') !== 0n;
  const loopK = bhbCap.on && !clearBhb ? bhbLoopK(inp) : 0;
  const bhb = bhbMitigation(inp, bhbCap, v2, clearBhb, loopK);
  if (bhb.mitigations.includes('loop') || bhb.mitigations.includes('insn')) slot = slot || SLOTS.indexOf('HYP_VECTOR_INDIRECT');
  return { caps: { v2: v2Cap, v3a, bhb: bhbCap }, v2, bhb, hypVectorSlot: SLOTS[slot] };
}

/** spectre_bhb_enable_mitigation(), for the paths a CPU without firmware can take. */
function bhbMitigation(inp: SpectreInputs, affected: Decision, v2: MitigationState, clearBhb: boolean, loopK: number): SpectreState['bhb'] {
  const none = (why: string) => ({ state: 'vulnerable' as const, mitigations: [], loopK, why });
  if (!affected.on) return { state: 'unaffected', mitigations: [], loopK, why: affected.why };
  if (v2 === 'vulnerable') return none('Spectre-v2 is not mitigated, so BHB is not mitigated alone');
  if (!configEnabled(inp.config, 'CONFIG_MITIGATE_SPECTRE_BRANCH_HISTORY')) return none('CONFIG_MITIGATE_SPECTRE_BRANCH_HISTORY is not set');
  if (readCpuField(inp.cpu, inp.fields, 'ID_AA64MMFR1_EL1', 'ECBHB') !== 0n) return { state: 'mitigated', mitigations: ['hw'], loopK, why: 'ECBHB' };
  if (clearBhb) return { state: 'mitigated', mitigations: ['insn'], loopK, why: 'CLRBHB' };
  if (loopK) return { state: 'mitigated', mitigations: ['loop'], loopK, why: `branchy loop, k = ${loopK}` };
  return none('no firmware mitigation (no SMCCC conduit)');
}
