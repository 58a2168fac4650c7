// Named views of the CPU state buffer: what "the guest's architectural state" and "the host's
// state" mean when two variants are compared.
import type { Machine } from '../machine/machine.js';
import * as S from '../machine/state.js';

export interface CpuField {
  readonly name: string;
  /** State-buffer word indices, least significant first. */
  readonly words: readonly number[];
}

const gpr = (n: number): CpuField => ({ name: `x${n}`, words: [S.X + 2 * n, S.X + 2 * n + 1] });
const vreg = (n: number): CpuField => ({ name: `v${n}`, words: [S.V + 4 * n, S.V + 4 * n + 1, S.V + 4 * n + 2, S.V + 4 * n + 3] });
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

/** EL1 system registers a guest (or the host kernel) owns; the world switch must preserve them. */
export const EL1_SYSREGS = [
  'sctlr_el1', 'actlr_el1', 'cpacr_el1', 'ttbr0_el1', 'ttbr1_el1', 'tcr_el1', 'esr_el1', 'afsr0_el1', 'afsr1_el1',
  'far_el1', 'mair_el1', 'vbar_el1', 'contextidr_el1', 'tpidr_el0', 'tpidrro_el0', 'tpidr_el1', 'amair_el1',
  'cntkctl_el1', 'par_el1', 'mdscr_el1', 'csselr_el1', 'elr_el1', 'spsr_el1',
];

function sysregFields(m: Machine, names: readonly string[]): CpuField[] {
  return names.flatMap((name) => {
    const slot = m.sysregs.slotOf(name);
    return slot === undefined ? [] : [{ name, words: [S.SYSREGS + 2 * slot, S.SYSREGS + 2 * slot + 1] }];
  });
}

const FP_FIELDS: CpuField[] = [...range(0, 31).map(vreg), { name: 'fpsr', words: [S.FPSR] }, { name: 'fpcr', words: [S.FPCR] }];

const PSTATE_FIELDS: CpuField[] = [
  { name: 'nzcv', words: [S.FLAG_N, S.FLAG_Z, S.FLAG_C, S.FLAG_V] },
  { name: 'daif', words: [S.DAIF] },
];

/** Everything an EL1 guest can observe of itself (checked at each exit). */
export function guestFields(m: Machine): CpuField[] {
  return [
    ...range(0, 30).map(gpr),
    { name: 'sp_el0', words: [S.SP_EL0, S.SP_EL0 + 1] },
    { name: 'sp_el1', words: [S.SP_EL1, S.SP_EL1 + 1] },
    ...PSTATE_FIELDS,
    ...FP_FIELDS,
    ...sysregFields(m, EL1_SYSREGS),
  ];
}

/** What host code relies on after vcpu_put: callee-saved registers, its stack, FP/SIMD, EL1 state. */
export function hostFields(m: Machine): CpuField[] {
  return [
    ...range(19, 29).map(gpr),
    { name: 'sp_el1', words: [S.SP_EL1, S.SP_EL1 + 1] },
    { name: 'sp_el0', words: [S.SP_EL0, S.SP_EL0 + 1] },
    ...FP_FIELDS,
    ...sysregFields(m, EL1_SYSREGS),
  ];
}

export function fieldValue(words: Uint32Array, field: CpuField): string {
  if (field.name === 'nzcv') return `0x${(((words[S.FLAG_N] << 31) | (words[S.FLAG_Z] << 30) | (words[S.FLAG_C] << 29) | (words[S.FLAG_V] << 28)) >>> 0).toString(16)}`;
  let hex = '';
  for (let i = field.words.length - 1; i >= 0; i--) hex += (words[field.words[i]] >>> 0).toString(16).padStart(8, '0');
  return `0x${hex}`;
}
