// What a directive handler gets: the directive's tokens and the preprocessor state.
import { cppError, type CppPos } from './errors.js';
import type { SourceLine } from './lexer.js';
import type { FileFrame, Preprocessor } from './preprocessor.js';
import { PREV_WHITE, type Token } from './token.js';

export interface DirectiveLine {
  readonly pp: Preprocessor;
  readonly frame: FileFrame;
  readonly line: SourceLine;
  /** The directive name token. */
  readonly name: Token;
  /** Everything after the name. */
  readonly operands: readonly Token[];
  /** Met while collecting the arguments of a macro invocation. */
  readonly inArgs: boolean;
}

export type DirectiveHandler = (d: DirectiveLine) => void;

export function posOf(d: DirectiveLine, t: Token | undefined): CppPos {
  return d.pp.position(t ?? d.name);
}

export function fail(d: DirectiveLine, message: string, at?: Token): never {
  throw cppError(message, posOf(d, at));
}

export function warnExtraTokens(d: DirectiveLine, from: number): void {
  const extra = d.operands[from];
  if (extra !== undefined) d.pp.warn(`extra tokens at end of #${d.name.text} directive`, posOf(d, extra));
}

/** The single identifier operand of #ifdef, #ifndef, #undef and friends. */
export function macroNameOperand(d: DirectiveLine): string {
  const t = d.operands[0];
  if (t === undefined) fail(d, `no macro name given in #${d.name.text} directive`);
  if (t.kind !== 'name') fail(d, 'macro names must be identifiers', t);
  if (t.text === 'defined') fail(d, '"defined" cannot be used as a macro name', t);
  warnExtraTokens(d, 1);
  return t.text;
}

/** Tokens spelled back as text, a space where the source had whitespace. */
export function spell(tokens: readonly Token[]): string {
  return tokens.map((t, i) => (i > 0 && t.flags & PREV_WHITE ? ' ' : '') + t.text).join('');
}
