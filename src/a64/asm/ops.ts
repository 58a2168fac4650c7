// Reading parsed operands (AsmOperand) as the A64 syntax expects them: registers, immediates,
// shifts, memory operands, with errors that name the operand.
import type { AsmOperand, RelocModifier } from '../asm-operand.js';
import type { Expr, Value } from '../../ir/expr.js';
import { loneSymbol } from '../../ir/expr.js';
import { AsmError } from '../errors.js';
import { hasFeature } from '../features.js';
import { packForm, type Fields } from '../form.js';
import { formById } from '../forms/index.js';
import type { FpSize } from '../operands.js';
import { describeReg, parseRegName, type Reg } from './registers.js';
import type { AsmEnv, Assembled, Fixup } from './types.js';

export type GprReg = Extract<Reg, { cls: 'gpr' }>;
export type FpReg = Extract<Reg, { cls: 'fp' }>;
export type VecReg = Extract<Reg, { cls: 'vec' }>;

export interface GprWant {
  readonly width?: 32 | 64;
  /** SP/WSP is accepted (as register 31). */
  readonly sp?: boolean;
  /** XZR/WZR is accepted (default true unless sp). */
  readonly zr?: boolean;
}

/** A memory operand `[base, offset/index{, extend}]{!}` plus a following post-index operand. */
export interface MemRef {
  readonly base: GprReg;
  readonly mode: 'offset' | 'pre' | 'post';
  /** Immediate offset (or post-increment); 0 when absent. */
  readonly offset: bigint;
  /** An explicit offset was written (`[x0, #0]` vs `[x0]`). */
  readonly hasOffset: boolean;
  /** `#:lo12:sym` offset. */
  readonly reloc?: { readonly modifier: RelocModifier; readonly value: Value };
  readonly index?: GprReg;
  readonly extend?: string;
  /** Shift amount written after the extend (`lsl #3`, `uxtw #0`). */
  readonly amount?: number;
  readonly mulVl?: boolean;
}

export const toBig = (v: Value & { kind: 'const' }): bigint => BigInt(v.v.toString());

export function encode(id: string, fields: Fields, fixup?: Fixup): Assembled {
  const word = packForm(formById(id), fields);
  return fixup ? { word, fixup, form: id } : { word, form: id };
}

const ORDINAL = (i: number) => `operand ${i + 1}`;

export class Ops {
  constructor(
    readonly mnemonic: string,
    readonly list: readonly AsmOperand[],
    readonly env: AsmEnv,
  ) {}

  get length(): number {
    return this.list.length;
  }

  /** gas's error for an instruction the selected architecture lacks, unless it has `feature`. */
  requireFeature(feature: string | undefined): void {
    const set = this.env.features;
    if (set && !hasFeature(set, feature)) throw new AsmError(`selected processor does not support \`${this.env.statement ?? this.mnemonic}'`);
  }

  /** gas's error for a name (system register, PSTATE field) the selected architecture lacks. */
  requireNamed(kind: 'system register' | 'PSTATE field', name: string, feature: string | undefined): void {
    const set = this.env.features;
    if (set && !hasFeature(set, feature)) throw new AsmError(`selected processor does not support ${kind} name '${name}'`);
  }

  fail(i: number, what: string): never {
    throw new AsmError(`${ORDINAL(i)} of '${this.mnemonic}' must be ${what}`);
  }

  expect(...counts: number[]): void {
    if (counts.includes(this.length)) return;
    const want = counts.length === 1 ? `${counts[0]}` : `${counts.slice(0, -1).join(', ')} or ${counts[counts.length - 1]}`;
    throw new AsmError(`'${this.mnemonic}' takes ${want} operand${counts.length === 1 && counts[0] === 1 ? '' : 's'}, got ${this.length}`);
  }

  at(i: number): AsmOperand {
    const op = this.list[i];
    if (!op) throw new AsmError(`'${this.mnemonic}' is missing ${ORDINAL(i)}`);
    return op;
  }

  /** The identifier operand i consists of, if it is a bare identifier (a condition, sysreg, option…). */
  name(i: number): string | undefined {
    const op = this.list[i];
    if (!op || op.kind !== 'expr' || op.hash || op.modifier) return undefined;
    return loneSymbol(op.expr);
  }

  regNamed(raw: string): Reg | undefined {
    const direct = parseRegName(this.env.alias(raw));
    if (direct) return direct;
    const dot = raw.indexOf('.');
    if (dot > 0) return parseRegName(this.env.alias(raw.slice(0, dot)) + raw.slice(dot));
    return undefined;
  }

  /** Operand i as a register, if it is one. */
  reg(i: number): Reg | undefined {
    const op = this.list[i];
    if (!op || op.kind !== 'expr' || op.hash || op.modifier) return undefined;
    const n = loneSymbol(op.expr);
    return n === undefined ? undefined : this.regNamed(n);
  }

  isGpr(i: number): boolean {
    return this.reg(i)?.cls === 'gpr';
  }

  gpr(i: number, want: GprWant = {}): GprReg {
    const r = this.reg(i);
    const spOk = want.sp ?? false;
    const zrOk = want.zr ?? true;
    const widthText = want.width ? `a ${want.width}-bit integer register` : 'an integer register';
    const what = spOk ? `${widthText}${zrOk ? '' : ' (not zr)'} or ${want.width === 32 ? 'wsp' : 'sp'}` : `${widthText}${zrOk ? '' : ' (not zr)'}`;
    if (!r || r.cls !== 'gpr') this.fail(i, what);
    if (want.width && r.width !== want.width) this.fail(i, `${what}, not ${describeReg(r)}`);
    if (r.n === 31 && r.sp && !spOk) this.fail(i, `${what}, not ${describeReg(r)}`);
    if (r.n === 31 && !r.sp && !zrOk) this.fail(i, `${what}, not ${describeReg(r)}`);
    return r;
  }

  x(i: number, sp = false): GprReg {
    return this.gpr(i, { width: 64, sp, zr: !sp });
  }

  fp(i: number, sizes: readonly FpSize[] = ['b', 'h', 's', 'd', 'q']): FpReg {
    const r = this.reg(i);
    if (!r || r.cls !== 'fp' || !sizes.includes(r.size)) this.fail(i, `a ${sizes.join('/')} SIMD&FP register`);
    return r;
  }

  vec(i: number): VecReg {
    const r = this.reg(i);
    if (!r || r.cls !== 'vec' || !r.arrangement) this.fail(i, 'a vector register with an arrangement (v0.16b)');
    return r;
  }

  /** `v1.s[2]` operand: register, element size, index. */
  element(i: number): { n: number; elem: 'b' | 'h' | 's' | 'd'; index: number } | undefined {
    const op = this.list[i];
    if (!op || op.kind !== 'indexed') return undefined;
    const r = this.regNamed(op.reg);
    if (!r || r.cls !== 'vec' || !r.elem) return undefined;
    return { n: r.n, elem: r.elem, index: Number(this.constOf(op.index, i)) };
  }

  isImmediate(i: number): boolean {
    const op = this.list[i];
    if (!op || op.kind !== 'expr') return false;
    return op.hash || op.modifier !== undefined || this.reg(i) === undefined;
  }

  /** Operand i as an expression (with or without `#`). */
  expr(i: number, what = 'an immediate'): { expr: Expr; modifier?: RelocModifier } {
    const op = this.at(i);
    if (op.kind !== 'expr' || (!op.hash && !op.modifier && this.reg(i))) this.fail(i, what);
    return op.modifier ? { expr: op.expr, modifier: op.modifier } : { expr: op.expr };
  }

  value(i: number, what = 'an immediate'): Value {
    return this.env.evaluate(this.expr(i, what).expr);
  }

  constOf(e: Expr, i: number, what = 'a constant expression'): bigint {
    const v = this.env.evaluate(e);
    if (v.kind !== 'const') this.fail(i, what);
    return toBig(v);
  }

  /** A floating-point immediate: `#1.0`, or an integer constant such as `#0`. */
  fpValue(i: number, what = 'a floating-point immediate'): number {
    const op = this.at(i);
    return op.kind === 'float' ? op.value : Number(this.imm(i, what));
  }

  /** A constant immediate (the `#` is optional, as in gas). */
  imm(i: number, what = 'a constant immediate'): bigint {
    const { expr, modifier } = this.expr(i, what);
    if (modifier) this.fail(i, `${what} (no :${modifier}: here)`);
    return this.constOf(expr, i, what);
  }

  /** A constant immediate within lo..hi, as a number. */
  immIn(i: number, lo: number, hi: number, what?: string): number {
    const v = this.imm(i, what);
    if (v < BigInt(lo) || v > BigInt(hi)) {
      throw new AsmError(`immediate ${v} out of range for ${what ?? `${ORDINAL(i)} of '${this.mnemonic}'`} (${lo}..${hi})`);
    }
    return Number(v);
  }

  /** Operand i as a `lsl #n` style shift or extend: name and amount (undefined when not written). */
  shift(i: number): { op: string; amount?: bigint } | undefined {
    const op = this.list[i];
    if (!op || op.kind !== 'shift') return undefined;
    if (!op.amount) return { op: op.op };
    if (op.amount.kind !== 'expr') this.fail(i, 'a shift amount');
    return { op: op.op, amount: this.constOf(op.amount.expr, i, 'a constant shift amount') };
  }

  mem(i: number): MemRef {
    const op = this.at(i);
    if (op.kind !== 'mem') this.fail(i, 'a memory operand [Xn, …]');
    const parts = op.parts;
    const baseOp = parts[0];
    const baseName = baseOp && baseOp.kind === 'expr' && !baseOp.hash ? loneSymbol(baseOp.expr) : undefined;
    const base = baseName ? this.regNamed(baseName) : undefined;
    if (!base || base.cls !== 'gpr' || base.width !== 64 || (base.n === 31 && !base.sp)) {
      this.fail(i, 'a memory operand with a 64-bit base register or sp ([x0, …])');
    }
    let offset = 0n;
    let hasOffset = false;
    let reloc: MemRef['reloc'];
    let index: GprReg | undefined;
    let extend: string | undefined;
    let amount: number | undefined;
    let mulVl = false;
    const second = parts[1];
    if (second) {
      if (second.kind !== 'expr') this.fail(i, 'a memory operand with an offset or index register');
      const idxName = !second.hash && !second.modifier ? loneSymbol(second.expr) : undefined;
      const idx = idxName ? this.regNamed(idxName) : undefined;
      if (idx) {
        if (idx.cls !== 'gpr' || (idx.n === 31 && idx.sp)) this.fail(i, 'a memory operand whose index is an integer register');
        index = idx;
      } else if (second.modifier) {
        reloc = { modifier: second.modifier, value: this.env.evaluate(second.expr) };
        hasOffset = true;
      } else {
        offset = this.constOf(second.expr, i, 'a memory operand with a constant offset');
        hasOffset = true;
      }
    }
    const third = parts[2];
    if (third) {
      if (third.kind !== 'shift') this.fail(i, 'a memory operand ending in a shift or extend');
      if (third.op === 'mul') {
        const vl = third.amount && third.amount.kind === 'expr' ? loneSymbol(third.amount.expr) : undefined;
        if (vl?.toLowerCase() !== 'vl' || index) this.fail(i, 'a memory operand [Xn, #imm, mul vl]');
        mulVl = true;
      } else {
        if (!index) this.fail(i, 'a memory operand with an index register before the shift');
        extend = third.op;
        if (third.amount) {
          if (third.amount.kind !== 'expr') this.fail(i, 'a memory operand with a constant shift amount');
          amount = Number(this.constOf(third.amount.expr, i));
        }
      }
    }
    if (parts.length > 3) this.fail(i, 'a memory operand [Xn, offset{, shift}]');
    let mode: MemRef['mode'] = op.writeback ? 'pre' : 'offset';
    if (op.writeback && (index || !hasOffset)) this.fail(i, 'a pre-index memory operand [Xn, #imm]!');
    // A post-index operand follows the brackets: `[x0], #16` / `[x0], x2`.
    const post = this.list[i + 1];
    let postReg: GprReg | undefined;
    if (post) {
      if (op.writeback || parts.length > 1) this.fail(i + 1, 'absent after a memory operand with an offset');
      mode = 'post';
      const r = this.reg(i + 1);
      if (r) {
        if (r.cls !== 'gpr' || r.width !== 64 || r.n === 31) this.fail(i + 1, 'a post-index immediate or 64-bit register');
        postReg = r;
      } else {
        offset = this.imm(i + 1, 'a post-index immediate');
        hasOffset = true;
      }
    }
    const ref: MemRef = {
      base, mode, offset, hasOffset,
      ...(reloc ? { reloc } : {}),
      ...(index ?? postReg ? { index: index ?? postReg } : {}),
      ...(extend ? { extend } : {}),
      ...(amount !== undefined ? { amount } : {}),
      ...(mulVl ? { mulVl } : {}),
    };
    return ref;
  }
}
