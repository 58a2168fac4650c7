// Operands as the statement parser sees them, before the ISA gives them meaning.
// The a64 assembler turns these into typed operands and an encoding.
import type { Expr } from '../ir/expr.js';

/** Relocation operator prefix in `#:lo12:sym` and friends. */
export type RelocModifier =
  | 'lo12' | 'abs_g3' | 'abs_g2' | 'abs_g2_s' | 'abs_g2_nc' | 'abs_g1' | 'abs_g1_s' | 'abs_g1_nc'
  | 'abs_g0' | 'abs_g0_s' | 'abs_g0_nc' | 'pg_hi21' | 'got' | 'got_lo12';

export type AsmOperand =
  /** `expr`, `#expr`, `#:lo12:expr`. A lone identifier may name a register, sysreg, condition, barrier option… */
  | { readonly kind: 'expr'; readonly expr: Expr; readonly hash: boolean; readonly modifier?: RelocModifier }
  /** `[base, …]` with optional `!`. */
  | { readonly kind: 'mem'; readonly parts: readonly AsmOperand[]; readonly writeback: boolean }
  /** `lsl #2`, `uxtw`, `sxtw #3`, `mul vl` (amount is an expr operand or the identifier `vl`). */
  | { readonly kind: 'shift'; readonly op: string; readonly amount?: AsmOperand }
  /** `{v0.16b, v1.16b}` or `{v0.16b-v3.16b}`, optionally followed by `[index]`. */
  | { readonly kind: 'list'; readonly regs: readonly AsmOperand[]; readonly range: boolean; readonly index?: Expr }
  /** A register with an element index, `v1.s[2]`. */
  | { readonly kind: 'indexed'; readonly reg: string; readonly index: Expr }
  /** `=expr` in `ldr xN, =expr`; the assembler turns it into a literal-pool reference before encoding. */
  | { readonly kind: 'literal'; readonly expr: Expr }
  /** A floating-point immediate, `#1.0`, `#-0.5`, `#1e3` (fmov, fcmp). */
  | { readonly kind: 'float'; readonly value: number };
