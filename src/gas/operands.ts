// Small helpers over parsed operands.
import type { AsmOperand } from '../a64/asm-operand.js';
import type { Expr } from '../ir/expr.js';

/** Applies `f` to every expression inside an operand. */
export function mapOperandExprs(op: AsmOperand, f: (e: Expr) => Expr): AsmOperand {
  switch (op.kind) {
    case 'expr':
      return { ...op, expr: f(op.expr) };
    case 'literal':
      return { ...op, expr: f(op.expr) };
    case 'mem':
      return { ...op, parts: op.parts.map((p) => mapOperandExprs(p, f)) };
    case 'shift':
      return op.amount ? { ...op, amount: mapOperandExprs(op.amount, f) } : op;
    case 'list':
      return op.index ? { ...op, index: f(op.index) } : op;
    case 'indexed':
      return { ...op, index: f(op.index) };
    case 'float':
      return op;
  }
}

/** Scrubbed operand text made readable again: a space after each comma outside strings. */
export function prettyOperands(text: string): string {
  let out = '';
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    out += c;
    if (inString) {
      if (c === '\\') out += text[++i] ?? '';
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === ',' && text[i + 1] !== ' ') out += ' ';
  }
  return out;
}
