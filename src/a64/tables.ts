// Small architectural name tables: conditions, barrier options, hints, prefetch operations,
// PSTATE fields, shift/extend names and vector arrangements.
import type { Feature } from './features.js';
import type { Arrangement, ElemSize, ExtendOp, ShiftOp } from './operands.js';

/** Condition names by code (the canonical name first, as objdump prints it). */
export const CONDITION_NAMES: readonly string[] = [
  'eq', 'ne', 'cs', 'cc', 'mi', 'pl', 'vs', 'vc', 'hi', 'ls', 'ge', 'lt', 'gt', 'le', 'al', 'nv',
];

/** Every spelling gas accepts, including `hs/lo` and the SVE aliases (`none`, `tstop`…). */
export const CONDITION_CODES: ReadonlyMap<string, number> = new Map<string, number>([
  ...CONDITION_NAMES.map((n, i) => [n, i] as [string, number]),
  ['hs', 2], ['lo', 3], ['ul', 3],
  ['none', 0], ['any', 1], ['nlast', 2], ['last', 3], ['first', 4], ['nfrst', 5],
  ['pmore', 8], ['plast', 9], ['tcont', 10], ['tstop', 11],
]);

/** Condition codes that gas also accepts glued to `b` (`beq`, `bhs`): the standard names minus al/nv. */
export const PLAIN_BRANCH_CONDITIONS: ReadonlySet<string> = new Set([
  ...CONDITION_NAMES.slice(0, 14), 'hs', 'lo',
]);

export const invertCondition = (code: number): number => code ^ 1;

export const SHIFT_OPS: readonly ShiftOp[] = ['lsl', 'lsr', 'asr', 'ror'];
export const EXTEND_OPS: readonly ExtendOp[] = ['uxtb', 'uxth', 'uxtw', 'uxtx', 'sxtb', 'sxth', 'sxtw', 'sxtx'];

/** DSB/DMB option names by CRm value. */
export const BARRIER_OPTIONS: ReadonlyMap<number, string> = new Map([
  [15, 'sy'], [14, 'st'], [13, 'ld'], [11, 'ish'], [10, 'ishst'], [9, 'ishld'],
  [7, 'nsh'], [6, 'nshst'], [5, 'nshld'], [3, 'osh'], [2, 'oshst'], [1, 'oshld'],
]);
export const BARRIER_BY_NAME: ReadonlyMap<string, number> = new Map([...BARRIER_OPTIONS].map(([k, v]) => [v, k]));

export interface HintName {
  readonly name: string;
  /** Operand keyword written after the name (`bti c`, `psb csync`). */
  readonly operand?: string;
  /** gas accepts the name without -march; otherwise the disassembler prints `hint #n`. */
  readonly gasDefault: boolean;
  /** objdump prints `hint #n` although gas takes the name (`dgh` in binutils 2.40). */
  readonly unprinted?: boolean;
}

/** Named hints by immediate (CRm:op2). */
export const HINTS: ReadonlyMap<number, HintName> = new Map<number, HintName>([
  [0, { name: 'nop', gasDefault: true }],
  [1, { name: 'yield', gasDefault: true }],
  [2, { name: 'wfe', gasDefault: true }],
  [3, { name: 'wfi', gasDefault: true }],
  [4, { name: 'sev', gasDefault: true }],
  [5, { name: 'sevl', gasDefault: true }],
  [6, { name: 'dgh', gasDefault: true, unprinted: true }],
  [7, { name: 'xpaclri', gasDefault: true }],
  [8, { name: 'pacia1716', gasDefault: true }],
  [10, { name: 'pacib1716', gasDefault: true }],
  [12, { name: 'autia1716', gasDefault: true }],
  [14, { name: 'autib1716', gasDefault: true }],
  [16, { name: 'esb', gasDefault: true }],
  [17, { name: 'psb', operand: 'csync', gasDefault: true }],
  [18, { name: 'tsb', operand: 'csync', gasDefault: true }],
  [20, { name: 'csdb', gasDefault: true }],
  [22, { name: 'clearbhb', gasDefault: true }],
  [24, { name: 'paciaz', gasDefault: true }],
  [25, { name: 'paciasp', gasDefault: true }],
  [26, { name: 'pacibz', gasDefault: true }],
  [27, { name: 'pacibsp', gasDefault: true }],
  [28, { name: 'autiaz', gasDefault: true }],
  [29, { name: 'autiasp', gasDefault: true }],
  [30, { name: 'autibz', gasDefault: true }],
  [31, { name: 'autibsp', gasDefault: true }],
  [32, { name: 'bti', gasDefault: true }],
  [34, { name: 'bti', operand: 'c', gasDefault: true }],
  [36, { name: 'bti', operand: 'j', gasDefault: true }],
  [38, { name: 'bti', operand: 'jc', gasDefault: true }],
]);

/** Hint mnemonics (with their operand keyword, if any) → immediate. */
export const HINT_BY_NAME: ReadonlyMap<string, number> = new Map(
  [...HINTS].map(([k, h]) => [h.operand ? `${h.name} ${h.operand}` : h.name, k]),
);

/** PRFM operation names: type (pld/pli/pst) × target (l1–l3) × policy (keep/strm). */
export const PREFETCH_NAMES: ReadonlyMap<number, string> = new Map(
  ['pld', 'pli', 'pst'].flatMap((type, t) =>
    ['l1', 'l2', 'l3'].flatMap((level, l) =>
      ['keep', 'strm'].map((policy, p) => [(t << 3) | (l << 1) | p, `${type}${level}${policy}`] as [number, string]),
    ),
  ),
);
export const PREFETCH_BY_NAME: ReadonlyMap<string, number> = new Map([...PREFETCH_NAMES].map(([k, v]) => [v, k]));

export interface PstateField {
  readonly name: string;
  readonly op1: number;
  readonly op2: number;
  /** Largest immediate: 15 for the DAIF masks, 1 for single-bit fields. */
  readonly max: number;
  /** The architecture feature `msr <field>, #imm` needs (src/a64/features.ts). */
  readonly feature?: Feature;
}

/** `msr <field>, #imm` targets. */
export const PSTATE_FIELDS: readonly PstateField[] = [
  { name: 'spsel', op1: 0, op2: 5, max: 1 },
  { name: 'daifset', op1: 3, op2: 6, max: 15 },
  { name: 'daifclr', op1: 3, op2: 7, max: 15 },
  { name: 'uao', op1: 0, op2: 3, max: 1, feature: 'v8.2' },
  { name: 'pan', op1: 0, op2: 4, max: 1, feature: 'pan' },
  { name: 'dit', op1: 3, op2: 2, max: 1, feature: 'v8.4' },
  { name: 'ssbs', op1: 3, op2: 1, max: 1, feature: 'ssbs' },
  { name: 'tco', op1: 3, op2: 4, max: 1, feature: 'memtag' },
];

export const pstateField = (op1: number, op2: number): PstateField | undefined =>
  PSTATE_FIELDS.find((f) => f.op1 === op1 && f.op2 === op2);

/** Arrangement from element size (0 = b … 3 = d) and Q. */
export function arrangementOf(size: number, q: number): Arrangement {
  return (['8b', '16b', '4h', '8h', '2s', '4s', '1d', '2d'] as const)[size * 2 + q];
}

export interface ArrangementInfo {
  readonly size: number;
  readonly q: number;
  readonly elem: ElemSize;
  readonly lanes: number;
}

export const ARRANGEMENTS: ReadonlyMap<string, ArrangementInfo> = new Map(
  (['b', 'h', 's', 'd'] as const).flatMap((elem, size) =>
    [0, 1].map((q) => [arrangementOf(size, q), { size, q, elem, lanes: (q ? 16 : 8) >> size }] as [string, ArrangementInfo]),
  ),
);

export const ELEM_SIZES: readonly ElemSize[] = ['b', 'h', 's', 'd'];

/** Element size and index from a copy-instruction imm5 (lowest set bit gives the size). */
export function decodeImm5(imm5: number): { size: number; elem: ElemSize; index: number } | undefined {
  for (let size = 0; size < 4; size++) {
    if (imm5 & (1 << size)) return { size, elem: ELEM_SIZES[size], index: imm5 >> (size + 1) };
  }
  return undefined;
}

export const encodeImm5 = (size: number, index: number): number => ((index << 1) | 1) << size;
