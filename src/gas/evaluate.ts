// gas expression semantics over 64-bit values: comparisons give -1/0, `!` `&&` `||` give 1/0,
// `>>` is logical, `/` and `%` are signed and truncate, shifts of 64 or more give 0.
import Long from 'long';
import type { BinaryOp, Expr } from '../ir/expr.js';
import { addLinear, constant, isConstant, scaleLinear, type Linear } from './linear.js';

export class EvalError extends Error {}

/** How names and `.` get their values; differs between parse time and final layout. */
export interface Resolver {
  symbol(name: string): Linear;
  dot(): Linear;
}

const TRUE = Long.NEG_ONE;
const bool = (b: boolean): Long => (b ? Long.ONE : Long.ZERO);
const cmp = (b: boolean): Long => (b ? TRUE : Long.ZERO);

function shiftCount(v: Long): number | undefined {
  return v.lt(0) || v.gte(64) ? undefined : v.toNumber();
}

const CONSTANT_OPS: Record<Exclude<BinaryOp, '+' | '-'>, (a: Long, b: Long) => Long> = {
  '*': (a, b) => a.multiply(b),
  '/': (a, b) => {
    if (b.isZero()) throw new EvalError('division by zero');
    return a.div(b);
  },
  '%': (a, b) => {
    if (b.isZero()) throw new EvalError('division by zero');
    return a.mod(b);
  },
  '<<': (a, b) => {
    const n = shiftCount(b);
    return n === undefined ? Long.ZERO : a.shiftLeft(n);
  },
  '>>': (a, b) => {
    const n = shiftCount(b);
    return n === undefined ? Long.ZERO : a.shiftRightUnsigned(n);
  },
  '|': (a, b) => a.or(b),
  '&': (a, b) => a.and(b),
  '^': (a, b) => a.xor(b),
  '!': (a, b) => a.or(b.not()),
  '==': (a, b) => cmp(a.eq(b)),
  '!=': (a, b) => cmp(!a.eq(b)),
  '<>': (a, b) => cmp(!a.eq(b)),
  '<': (a, b) => cmp(a.lt(b)),
  '>': (a, b) => cmp(a.gt(b)),
  '<=': (a, b) => cmp(a.lte(b)),
  '>=': (a, b) => cmp(a.gte(b)),
  '&&': (a, b) => bool(!a.isZero() && !b.isZero()),
  '||': (a, b) => bool(!a.isZero() || !b.isZero()),
};

const COMPARISONS = new Set<BinaryOp>(['==', '!=', '<>', '<', '>', '<=', '>=']);

export function evaluate(e: Expr, r: Resolver): Linear {
  switch (e.k) {
    case 'num':
      return constant(e.v);
    case 'sym':
      return r.symbol(e.name);
    case 'dot':
      return r.dot();
    case 'unary': {
      const a = evaluate(e.a, r);
      if (e.op === '+') return a;
      if (e.op === '-') return scaleLinear(a, Long.NEG_ONE);
      const v = requireConstant(a, e.op);
      return constant(e.op === '~' ? v.not() : bool(v.isZero()));
    }
    case 'binary':
      return binary(e.op, evaluate(e.a, r), evaluate(e.b, r));
  }
}

function binary(op: BinaryOp, a: Linear, b: Linear): Linear {
  if (op === '+') return addLinear(a, b, 1);
  if (op === '-') return addLinear(a, b, -1);
  if (op === '*' && isConstant(a) !== isConstant(b)) return isConstant(a) ? scaleLinear(b, a.c) : scaleLinear(a, b.c);
  if (COMPARISONS.has(op) && !(isConstant(a) && isConstant(b))) {
    const diff = addLinear(a, b, -1);
    if (isConstant(diff)) return constant(CONSTANT_OPS[op as Exclude<BinaryOp, '+' | '-'>](diff.c, Long.ZERO));
  }
  return constant(CONSTANT_OPS[op as Exclude<BinaryOp, '+' | '-'>](requireConstant(a, op), requireConstant(b, op)));
}

function requireConstant(v: Linear, op: string): Long {
  if (!isConstant(v)) throw new EvalError(`invalid operands for '${op}': the value is not a constant (${describeTerms(v)})`);
  return v.c;
}

export function describeTerms(v: Linear): string {
  return v.terms.map((t) => (t.coef === 1 ? '' : t.coef === -1 ? '-' : `${t.coef}*`) + (t.via ?? t.basis)).join(' + ');
}
