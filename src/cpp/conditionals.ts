// #if #ifdef #ifndef #elif #elifdef #elifndef #else #endif. These run even inside skipped groups,
// but only to keep track of nesting: an expression is evaluated only when its value can matter.
import { fail, macroNameOperand, posOf, warnExtraTokens, type DirectiveHandler, type DirectiveLine } from './directive-line.js';
import { evaluateIfExpression, type ExprSource } from './if-expr.js';
import type { CondFrame } from './preprocessor.js';
import type { Token } from './token.js';

function evaluateIf(d: DirectiveLine): boolean {
  const { pp } = d;
  const ex = pp.directiveExpander(d.operands);
  // Tokens that came out of a macro point at its definition; report those at the directive.
  const own = (t: Token | undefined) => (t !== undefined && d.operands.includes(t) ? t : undefined);
  const src: ExprSource = {
    next: () => ex.getTokenNoPadding(),
    setExpansion: (enabled) => ex.setExpansion(enabled),
    isDefined: (name) => pp.macros.has(name),
    hasAssertion: (predicate, answer) => {
      const answers = pp.assertions.get(predicate);
      return answers !== undefined && (answer === undefined ? answers.size > 0 : answers.has(answer));
    },
    fail: (message, t) => fail(d, message, own(t)),
    warn: (message, t) => pp.warn(message, posOf(d, own(t))),
  };
  return evaluateIfExpression(src, d.name.text);
}

type Test = (d: DirectiveLine) => boolean;

const TESTS: Readonly<Record<string, Test>> = {
  if: evaluateIf,
  elif: evaluateIf,
  ifdef: (d) => d.pp.macros.has(macroNameOperand(d)),
  elifdef: (d) => d.pp.macros.has(macroNameOperand(d)),
  ifndef: (d) => !d.pp.macros.has(macroNameOperand(d)),
  elifndef: (d) => !d.pp.macros.has(macroNameOperand(d)),
};

function open(d: DirectiveLine): void {
  const { frame } = d;
  const pos = posOf(d, d.name);
  const frameOf = (wasSkipping: boolean, taken: boolean): CondFrame => ({ directive: d.name.text, pos, wasSkipping, taken, sawElse: false });
  if (frame.skipping) {
    frame.conds.push(frameOf(true, true));
    return;
  }
  const taken = TESTS[d.name.text](d);
  frame.conds.push(frameOf(false, taken));
  frame.skipping = !taken;
}

function innermost(d: DirectiveLine): CondFrame {
  const c = d.frame.conds[d.frame.conds.length - 1];
  if (c === undefined) fail(d, `#${d.name.text} without #if`, d.name);
  return c;
}

function elseIf(d: DirectiveLine): void {
  const c = innermost(d);
  if (c.sawElse) fail(d, `#${d.name.text} after #else`, d.name);
  if (c.wasSkipping) return;
  if (c.taken) {
    d.frame.skipping = true;
    return;
  }
  c.taken = TESTS[d.name.text](d);
  d.frame.skipping = !c.taken;
}

function otherwise(d: DirectiveLine): void {
  const c = innermost(d);
  if (c.sawElse) fail(d, '#else after #else', d.name);
  c.sawElse = true;
  if (!c.wasSkipping) warnExtraTokens(d, 0);
  if (c.wasSkipping) return;
  d.frame.skipping = c.taken;
  c.taken = true;
}

function close(d: DirectiveLine): void {
  const c = innermost(d);
  if (!c.wasSkipping) warnExtraTokens(d, 0);
  d.frame.conds.pop();
  d.frame.skipping = c.wasSkipping;
}

export const CONDITIONAL_HANDLERS: Readonly<Record<string, DirectiveHandler>> = {
  if: open,
  ifdef: open,
  ifndef: open,
  elif: elseIf,
  elifdef: elseIf,
  elifndef: elseIf,
  else: otherwise,
  endif: close,
};
