// `.uleb128` / `.sleb128`: LEB128 values. A value known while parsing is written at once; any
// other becomes a variable-size tail that the layout relaxes as gas does (one byte first, then
// the size of the value at the current addresses, until no size changes).
import Long from 'long';
import type { Expr } from '../ir/expr.js';
import type { Assembler } from './assembler.js';
import { isConstant, type Linear } from './linear.js';
import { ParseError, parseExpressionList } from './parser.js';

/** The bytes of `v` (64 bits: unsigned for ULEB128, two's complement for SLEB128). */
export function lebBytes(v: Long, signed: boolean): number[] {
  const out: number[] = [];
  let x = signed ? v.toSigned() : v.toUnsigned();
  for (;;) {
    const byte = x.and(0x7f).toNumber();
    x = signed ? x.shiftRight(7) : x.shiftRightUnsigned(7);
    const done = signed ? (x.isZero() && (byte & 0x40) === 0) || (x.equals(Long.NEG_ONE) && (byte & 0x40) !== 0) : x.isZero();
    out.push(done ? byte : byte | 0x80);
    if (done) return out;
  }
}

export function lebSize(v: Long, signed: boolean): number {
  return lebBytes(v, signed).length;
}

/**
 * The number a LEB128 tail encodes, from its value after layout: a constant, or (as gas does
 * without a relocation) the section offset of a defined symbol.
 */
export function lebValue(v: Linear, fail: (message: string) => never): Long {
  if (isConstant(v)) return v.c;
  const t = v.terms[0];
  if (v.terms.length === 1 && t.coef === 1 && t.basis.startsWith('sec:')) return v.c;
  if (v.terms.length === 1 && t.coef === 1 && t.basis.startsWith('undef:')) fail(`leb128 operand is an undefined symbol: ${t.via ?? t.basis.slice(6)}`);
  return fail(`leb128 operand is not a constant or a symbol of one section (${v.terms.map((x) => x.via ?? x.basis).join(', ')})`);
}

export function emitLeb(asm: Assembler, expr: Expr, signed: boolean, directive: string): void {
  const frag = asm.openFrag();
  const snap = asm.values.snapshot(expr);
  const now = asm.values.tryEvalNow(snap, frag, frag.size);
  if (now && isConstant(now)) {
    asm.emitBytes(lebBytes(now.c, signed), directive);
    return;
  }
  asm.setTail({ kind: 'leb128', expr: snap, signed, origin: asm.stmt.origin, directive });
  asm.cur.last.tailSize = 1;
}

function leb128(signed: boolean, directive: string) {
  return (asm: Assembler, args: string): void => {
    let exprs: Expr[];
    try {
      exprs = parseExpressionList(args, asm.parseContext);
    } catch (e) {
      if (e instanceof ParseError) asm.fail(e.message);
      throw e;
    }
    if (exprs.length === 0) {
      asm.warn('zero assumed for missing expression');
      asm.emitBytes([0], directive);
      return;
    }
    for (const e of exprs) emitLeb(asm, e, signed, directive);
  };
}

export const LEB128_DIRECTIVES = {
  '.uleb128': leb128(false, '.uleb128'),
  '.sleb128': leb128(true, '.sleb128'),
};
