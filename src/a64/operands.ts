// Typed operands: what a decoded instruction (or a disassembly alias) is made of. The decoder
// produces them from encoding fields; the disassembler prints them; the CPU reads them.

export type GprWidth = 32 | 64;
/** Scalar SIMD&FP register views: b (8 bits), h, s, d, q (128 bits). */
export type FpSize = 'b' | 'h' | 's' | 'd' | 'q';
export type ElemSize = 'b' | 'h' | 's' | 'd';
export type Arrangement = '8b' | '16b' | '4h' | '8h' | '2s' | '4s' | '1d' | '2d';
export type ShiftOp = 'lsl' | 'lsr' | 'asr' | 'ror';
export type ExtendOp = 'uxtb' | 'uxth' | 'uxtw' | 'uxtx' | 'sxtb' | 'sxth' | 'sxtw' | 'sxtx';
/** Index extension in register-offset addressing (`lsl` is uxtx). */
export type IndexExtend = 'lsl' | 'uxtw' | 'sxtw' | 'sxtx';

/** n = 31 is the stack pointer when `sp`, else the zero register. */
export interface GprOperand { readonly kind: 'gpr'; readonly n: number; readonly width: GprWidth; readonly sp: boolean }
export interface FpRegOperand { readonly kind: 'fpreg'; readonly n: number; readonly size: FpSize }
export interface VRegOperand { readonly kind: 'vreg'; readonly n: number; readonly arrangement: Arrangement }
/** One vector element, `v1.s[2]`. */
export interface VElemOperand { readonly kind: 'velem'; readonly n: number; readonly elem: ElemSize; readonly index: number }
/** `{v0.16b-v3.16b}`: registers first, first+1, … (mod 32). */
export interface VListOperand { readonly kind: 'vlist'; readonly first: number; readonly count: number; readonly arrangement: Arrangement }
/** SVE vector register z0–z31. */
export interface ZRegOperand { readonly kind: 'zreg'; readonly n: number; readonly elem?: ElemSize }
/** SVE predicate register p0–p15 (`p0.b`, `p1/z`). */
export interface PRegOperand { readonly kind: 'preg'; readonly n: number; readonly elem?: ElemSize; readonly qualifier?: 'z' | 'm' }
/**
 * An integer immediate. `lsl`/`msl` give the shift applied to it (add/sub `#1, lsl #12`, movz
 * `lsl #16`, movi `msl #8`); the architectural value is `value << lsl`. `hex` and `reloc` only
 * steer printing: hex radix, and whether a relocation may have patched this field.
 */
export interface ImmOperand {
  readonly kind: 'imm';
  readonly value: bigint;
  readonly lsl?: number;
  readonly msl?: number;
  readonly hex?: boolean;
  readonly reloc?: boolean;
}
export interface FpImmOperand { readonly kind: 'fpimm'; readonly value: number }
/**
 * A memory operand. `offset` is in bytes (already scaled); for SVE `mulVl` forms it counts vector
 * (or predicate) lengths. `index` is a register offset (`[x0, x1, lsl #3]`) or, with mode 'post', a
 * register post-increment (`ld1 {…}, [x0], x2`). `amount` present means the index is shifted
 * (`lsl #3`, `uxtw #0`); absent means no shift was written.
 */
export interface MemOperand {
  readonly kind: 'mem';
  readonly base: GprOperand;
  readonly mode: 'offset' | 'pre' | 'post';
  readonly offset: bigint;
  readonly index?: GprOperand;
  readonly extend?: IndexExtend;
  readonly amount?: number;
  readonly mulVl?: boolean;
  readonly reloc?: boolean;
}
/** A PC-relative target, `delta` bytes from the instruction (for adrp: from its 4 KiB page, a page multiple). */
export interface TargetOperand { readonly kind: 'target'; readonly delta: number; readonly page?: boolean }
export interface CondOperand { readonly kind: 'cond'; readonly code: number }
export interface SysregOperand {
  readonly kind: 'sysreg';
  readonly op0: number;
  readonly op1: number;
  readonly crn: number;
  readonly crm: number;
  readonly op2: number;
  /** The name gas knows it by (absent: only the generic `s3_0_c1_c0_0` form). */
  readonly name?: string;
}
export interface PstateOperand { readonly kind: 'pstate'; readonly name: string; readonly op1: number; readonly op2: number }
export interface BarrierOperand { readonly kind: 'barrier'; readonly option: number; readonly name?: string }
/** A named SYS operation (`tlbi vmalle1is`, `dc civac`). */
export interface SysopOperand {
  readonly kind: 'sysop';
  readonly insn: string;
  readonly name: string;
  readonly op1: number;
  readonly crn: number;
  readonly crm: number;
  readonly op2: number;
}
/** `C7` in `sys #0, C7, C5, #0`. */
export interface CRegOperand { readonly kind: 'creg'; readonly n: number }
export interface ShiftOperand { readonly kind: 'shift'; readonly op: ShiftOp; readonly amount: number }
export interface ExtendOperand { readonly kind: 'extend'; readonly op: ExtendOp; readonly amount: number }
export interface PrefetchOperand { readonly kind: 'prfop'; readonly value: number; readonly name?: string }
/** A bare word operand: `bti c`, `psb csync`. */
export interface KeywordOperand { readonly kind: 'keyword'; readonly text: string }

export type Operand =
  | GprOperand | FpRegOperand | VRegOperand | VElemOperand | VListOperand | ZRegOperand | PRegOperand
  | ImmOperand | FpImmOperand | MemOperand | TargetOperand | CondOperand | SysregOperand | PstateOperand
  | BarrierOperand | SysopOperand | CRegOperand | ShiftOperand | ExtendOperand | PrefetchOperand | KeywordOperand;

// Small constructors, used by the form tables.
export const gpr = (n: number, width: GprWidth, sp = false): GprOperand => ({ kind: 'gpr', n, width, sp });
export const xreg = (n: number, sp = false): GprOperand => gpr(n, 64, sp);
export const wreg = (n: number, sp = false): GprOperand => gpr(n, 32, sp);
/** X or W by the `sf` bit. */
export const rsf = (n: number, sf: number, sp = false): GprOperand => gpr(n, sf ? 64 : 32, sp);
export const fpreg = (n: number, size: FpSize): FpRegOperand => ({ kind: 'fpreg', n, size });
export const vreg = (n: number, arrangement: Arrangement): VRegOperand => ({ kind: 'vreg', n, arrangement });
export const velem = (n: number, elem: ElemSize, index: number): VElemOperand => ({ kind: 'velem', n, elem, index });
export const imm = (value: number | bigint, extra: Omit<ImmOperand, 'kind' | 'value'> = {}): ImmOperand => ({
  kind: 'imm',
  value: BigInt(value),
  ...extra,
});
export const hex = (value: number | bigint, extra: Omit<ImmOperand, 'kind' | 'value' | 'hex'> = {}): ImmOperand =>
  imm(value, { ...extra, hex: true });
export const target = (delta: number, page = false): TargetOperand => (page ? { kind: 'target', delta, page } : { kind: 'target', delta });
export const cond = (code: number): CondOperand => ({ kind: 'cond', code });
export const shift = (op: ShiftOp, amount: number): ShiftOperand => ({ kind: 'shift', op, amount });
export const keyword = (text: string): KeywordOperand => ({ kind: 'keyword', text });
