// #if/#elif expressions: C integer constant expressions in intmax_t/uintmax_t (64 bits) with the
// usual arithmetic conversions, `defined`, assertions, and short-circuit evaluation (errors such as
// division by zero are only reported in evaluated operands).
import Long from 'long';
import { characterConstant, integerConstant, type Constant } from './number.js';
import { isPunct, type Token } from './token.js';

export interface ExprSource {
  /** Next macro-expanded token (never padding); kind 'eof' at the end of the directive. */
  next(): Token;
  /** Stops or resumes macro expansion (for the operand of `defined`). */
  setExpansion(enabled: boolean): void;
  isDefined(name: string): boolean;
  hasAssertion(predicate: string, answer: string | undefined): boolean;
  fail(message: string, at: Token | undefined): never;
  warn(message: string, at: Token): void;
}

const ZERO = Long.ZERO;
const ONE = Long.ONE;
const bool = (b: boolean) => (b ? ONE : ZERO);

/** Binary operators by precedence (higher binds tighter). */
const PRECEDENCE: Readonly<Record<string, number>> = {
  '*': 10, '/': 10, '%': 10,
  '+': 9, '-': 9,
  '<<': 8, '>>': 8,
  '<': 7, '>': 7, '<=': 7, '>=': 7,
  '==': 6, '!=': 6,
  '&': 5, '^': 4, '|': 3, '&&': 2, '||': 1,
};
const TERNARY = 0;
const COMMA = -1;

function sameSignedness(a: Long, b: Long): [Long, Long] {
  return a.unsigned || b.unsigned ? [a.toUnsigned(), b.toUnsigned()] : [a, b];
}

function shift(value: Long, amount: Long, left: boolean): Long {
  if (!amount.unsigned && amount.isNegative()) {
    left = !left;
    amount = amount.negate();
  }
  if (amount.toUnsigned().greaterThanOrEqual(64)) {
    if (left || value.unsigned || !value.isNegative()) return value.unsigned ? Long.UZERO : ZERO;
    return Long.NEG_ONE;
  }
  const n = amount.toInt();
  if (left) return value.shiftLeft(n);
  return value.unsigned ? value.shiftRightUnsigned(n) : value.shiftRight(n);
}

const ARITHMETIC: Readonly<Record<string, (a: Long, b: Long) => Long>> = {
  '*': (a, b) => a.multiply(b),
  '+': (a, b) => a.add(b),
  '-': (a, b) => a.subtract(b),
  '&': (a, b) => a.and(b),
  '^': (a, b) => a.xor(b),
  '|': (a, b) => a.or(b),
  '<': (a, b) => bool(a.lessThan(b)),
  '>': (a, b) => bool(a.greaterThan(b)),
  '<=': (a, b) => bool(a.lessThanOrEqual(b)),
  '>=': (a, b) => bool(a.greaterThanOrEqual(b)),
  '==': (a, b) => bool(a.equals(b)),
  '!=': (a, b) => bool(a.notEquals(b)),
};
const COMPARISONS = new Set(['<', '>', '<=', '>=', '==', '!=']);

class IfExpressionParser {
  private peeked: Token | undefined;
  /** > 0 while parsing an operand whose value cannot matter (short-circuit). */
  private skipEval = 0;

  constructor(
    private readonly src: ExprSource,
    private readonly directive: string,
  ) {}

  evaluate(): boolean {
    const first = this.peek();
    if (first.kind === 'eof') this.src.fail(`#${this.directive} with no expression`, undefined);
    const v = this.expression(COMMA);
    const rest = this.take();
    if (rest.kind !== 'eof') this.unexpected(rest);
    return !v.isZero();
  }

  private peek(): Token {
    return (this.peeked ??= this.src.next());
  }

  private take(): Token {
    const t = this.peek();
    this.peeked = undefined;
    return t;
  }

  /** A token where a binary operator (or the end) should be. */
  private unexpected(t: Token): never {
    if (isPunct(t, ')')) this.src.fail("missing '(' in expression", t);
    if (isPunct(t, ':')) this.src.fail("':' without preceding '?'", t);
    if (t.kind === 'punct' && t.text !== '(' && t.text !== '#') {
      this.src.fail(`token "${t.text}" is not valid in preprocessor expressions`, t);
    }
    this.src.fail(`missing binary operator before token "${t.text}"`, t);
  }

  private expression(minPrecedence: number): Long {
    let left = this.unary();
    for (;;) {
      const op = this.peek();
      if (op.kind !== 'punct') {
        if (op.kind === 'eof') return left;
        this.unexpected(op);
      }
      if (op.text === '?' && minPrecedence <= TERNARY) left = this.ternary(left);
      else if (op.text === ',' && minPrecedence <= COMMA) {
        this.take();
        left = this.expression(TERNARY);
      } else {
        const prec = PRECEDENCE[op.text];
        if (prec === undefined || prec < minPrecedence) return left;
        this.take();
        left = this.binary(op, left, prec);
      }
    }
  }

  private ternary(condition: Long): Long {
    this.take();
    const taken = !condition.isZero();
    const whenTrue = this.skipping(!taken, () => this.expression(COMMA));
    const colon = this.take();
    if (!isPunct(colon, ':')) this.src.fail("'?' without following ':'", colon);
    const whenFalse = this.skipping(taken, () => this.expression(TERNARY));
    const unsigned = whenTrue.unsigned || whenFalse.unsigned;
    const v = taken ? whenTrue : whenFalse;
    return unsigned ? v.toUnsigned() : v;
  }

  private skipping<T>(skip: boolean, parse: () => T): T {
    if (skip) this.skipEval++;
    try {
      return parse();
    } finally {
      if (skip) this.skipEval--;
    }
  }

  private binary(op: Token, left: Long, prec: number): Long {
    if (op.text === '&&' || op.text === '||') {
      const decided = op.text === '&&' ? left.isZero() : !left.isZero();
      const right = this.skipping(decided, () => this.operand(op, prec + 1));
      return decided ? bool(op.text === '||') : bool(!right.isZero());
    }
    const right = this.operand(op, prec + 1);
    if (op.text === '<<' || op.text === '>>') return shift(left, right, op.text === '<<');
    const [a, b] = sameSignedness(left, right);
    if (op.text === '/' || op.text === '%') return this.divide(op, a, b);
    const result = ARITHMETIC[op.text](a, b);
    return COMPARISONS.has(op.text) ? result.toSigned() : result;
  }

  private operand(op: Token, minPrecedence: number): Long {
    if (this.peek().kind === 'eof') this.src.fail(`operator '${op.text}' has no right operand`, op);
    return this.expression(minPrecedence);
  }

  private divide(op: Token, a: Long, b: Long): Long {
    if (b.isZero()) {
      if (this.skipEval > 0) return a;
      this.src.fail('division by zero in #if', op);
    }
    return op.text === '/' ? a.divide(b) : a.modulo(b);
  }

  private unary(): Long {
    const t = this.take();
    switch (t.kind) {
      case 'number':
        return this.constant(integerConstant(t.text), t);
      case 'char':
        return this.constant(characterConstant(t.text), t);
      case 'name':
        return t.text === 'defined' ? this.defined(t) : ZERO;
      case 'punct':
        return this.prefix(t);
      case 'eof':
        this.src.fail(`#${this.directive} expression ends unexpectedly`, undefined);
      default:
        this.src.fail(`token "${t.text}" is not valid in preprocessor expressions`, t);
    }
  }

  private prefix(t: Token): Long {
    switch (t.text) {
      case '(':
        return this.parenthesized(t);
      case '-':
        return this.operand(t, 11).negate();
      case '+':
        return this.operand(t, 11);
      case '~':
        return this.operand(t, 11).not();
      case '!':
        return bool(this.operand(t, 11).isZero());
      case '#':
        return bool(this.assertion());
      default:
        if (t.text in PRECEDENCE || t.text === '?' || t.text === ':' || t.text === ',' || t.text === ')') {
          this.src.fail(`operator '${t.text}' has no left operand`, t);
        }
        this.src.fail(`token "${t.text}" is not valid in preprocessor expressions`, t);
    }
  }

  private parenthesized(open: Token): Long {
    if (isPunct(this.peek(), ')')) this.src.fail("missing expression between '(' and ')'", this.peek());
    const v = this.expression(COMMA);
    const close = this.take();
    if (!isPunct(close, ')')) this.src.fail("missing ')' in expression", close.kind === 'eof' ? open : close);
    return v;
  }

  private constant(c: Constant, t: Token): Long {
    if ('error' in c) this.src.fail(c.error, t);
    if (c.warning !== undefined && this.skipEval === 0) this.src.warn(c.warning, t);
    return c.value;
  }

  private defined(op: Token): Long {
    this.src.setExpansion(false);
    try {
      let name = this.take();
      const paren = isPunct(name, '(');
      if (paren) name = this.take();
      if (name.kind !== 'name') this.src.fail('operator "defined" requires an identifier', name.kind === 'eof' ? op : name);
      if (paren) {
        const close = this.take();
        if (!isPunct(close, ')')) this.src.fail('missing \')\' after "defined"', close.kind === 'eof' ? name : close);
      }
      return bool(this.src.isDefined(name.text));
    } finally {
      this.src.setExpansion(true);
    }
  }

  /** GCC's deprecated `#predicate(answer)` test. */
  private assertion(): boolean {
    this.src.setExpansion(false);
    try {
      const pred = this.take();
      if (pred.kind !== 'name') this.src.fail('assertion without predicate', pred);
      if (!isPunct(this.peek(), '(')) return this.src.hasAssertion(pred.text, undefined);
      this.take();
      const answer: string[] = [];
      for (let t = this.take(); !isPunct(t, ')'); t = this.take()) {
        if (t.kind === 'eof') this.src.fail("missing ')' to complete answer", pred);
        answer.push(t.text);
      }
      return this.src.hasAssertion(pred.text, answer.join(' '));
    } finally {
      this.src.setExpansion(true);
    }
  }
}

export function evaluateIfExpression(src: ExprSource, directive: string): boolean {
  return new IfExpressionParser(src, directive).evaluate();
}
