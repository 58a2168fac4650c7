// A constant expression with gas's semantics (64-bit, logical >>, comparisons give -1), for
// values that reach the assembler through headers: array lengths, masks, register indices.
import Long from 'long';
import { EvalError, evaluate } from './evaluate.js';
import { isConstant } from './linear.js';
import { parseExpression } from './parser.js';

export function evaluateConstant(text: string): Long {
  const expr = parseExpression(text, {
    localRef: () => {
      throw new EvalError('a local label reference is not a constant');
    },
  });
  const value = evaluate(expr, {
    symbol: (name) => {
      throw new EvalError(`'${name}' is not defined`);
    },
    dot: () => {
      throw new EvalError("'.' is not a constant");
    },
  });
  if (!isConstant(value)) throw new EvalError('not a constant');
  return value.c;
}

export { Long };
