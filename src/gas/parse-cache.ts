// Parsed operands and expressions are immutable, so the same text (macro bodies repeat a lot)
// is parsed once — unless it refers to numeric local labels, whose meaning depends on where
// the text is read.
import type { AsmOperand } from '../a64/asm-operand.js';
import type { Expr } from '../ir/expr.js';
import { parseExpression, parseOperands, type ParseContext } from './parser.js';

const LOCAL_REF = /\d[bfBF]/;
const MAX_ENTRIES = 20_000;

export class ParseCache {
  private readonly operands = new Map<string, AsmOperand[]>();
  private readonly expressions = new Map<string, Expr>();

  constructor(private readonly ctx: ParseContext) {}

  operandList(text: string): AsmOperand[] {
    return cached(this.operands, text, () => parseOperands(text, this.ctx));
  }

  expression(text: string): Expr {
    return cached(this.expressions, text, () => parseExpression(text, this.ctx));
  }
}

function cached<T>(map: Map<string, T>, text: string, parse: () => T): T {
  if (LOCAL_REF.test(text)) return parse();
  let v = map.get(text);
  if (v === undefined) {
    v = parse();
    if (map.size >= MAX_ENTRIES) map.clear();
    map.set(text, v);
  }
  return v;
}
