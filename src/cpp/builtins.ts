// Built-in macros: __FILE__, __LINE__, __COUNTER__, __has_include, _Pragma and friends.
import { cppError, type CppPos } from './errors.js';
import type { Expander, LinePos } from './expander.js';
import type { BuiltinKind } from './macro.js';
import { lexFragment } from './lexer.js';
import { PREV_WHITE, isPunct, makeToken, type Token } from './token.js';

export interface BuiltinEnv {
  /** Presumed name of the file being read. */
  readonly file: string;
  readonly baseFile: string;
  readonly includeLevel: number;
  presumedLine(physical: number): number;
  nextCounter(): number;
  hasInclude(name: string, angled: boolean, next: boolean, at: CppPos): boolean;
  runPragma(tokens: readonly Token[], at: CppPos): void;
}

export function quoteString(text: string): string {
  return `"${text.replace(/[\\"]/g, '\\$&')}"`;
}

const basename = (path: string) => path.slice(path.lastIndexOf('/') + 1);

/** Unknown dates keep the output deterministic (GCC prints the same when it has no clock). */
const FIXED_TEXT: Partial<Record<BuiltinKind, string>> = {
  date: '"??? ?? ????"',
  time: '"??:??:??"',
  timestamp: '"??? ??? ?? ??:??:?? ????"',
};

export function expandBuiltin(kind: BuiltinKind, env: BuiltinEnv, ex: Expander, name: Token, at: LinePos): readonly Token[] | undefined {
  const pos: CppPos = { file: env.file, line: env.presumedLine(at.line), col: at.col };
  const token = (kind: 'number' | 'string', text: string) => [makeToken(kind, text, 0, at.line, at.col, '')];
  switch (kind) {
    case 'file':
      return token('string', quoteString(env.file));
    case 'baseFile':
      return token('string', quoteString(env.baseFile));
    case 'fileName':
      return token('string', quoteString(basename(env.file)));
    case 'line': {
      // GCC: the line of the outermost invocation, unless that is a function-like macro.
      const where = ex.topMost?.funLike ? at : ex.invocationPos;
      return token('number', String(env.presumedLine(where.line)));
    }
    case 'counter':
      return token('number', String(env.nextCounter()));
    case 'includeLevel':
      return token('number', String(env.includeLevel));
    case 'hasInclude':
    case 'hasIncludeNext':
      if (!ex.inDirective) throw cppError(`"${name.text}" used outside of preprocessing directive`, pos);
      return token('number', hasIncludeOperand(env, ex, name, pos, kind === 'hasIncludeNext') ? '1' : '0');
    case 'pragma':
      if (ex.inDirective) return undefined;
      env.runPragma(pragmaOperand(ex, pos), pos);
      return [];
    default:
      return token('string', FIXED_TEXT[kind] ?? '""');
  }
}

/** `( "name" )` or `( <name> )`; the `<…>` form is read unexpanded, like a header name. */
function hasIncludeOperand(env: BuiltinEnv, ex: Expander, op: Token, pos: CppPos, next: boolean): boolean {
  if (!isPunct(ex.getTokenNoPadding(), '(')) throw cppError(`missing '(' before "${op.text}" operand`, pos);
  ex.setExpansion(false);
  let t: Token;
  let found: boolean;
  try {
    t = ex.getTokenNoPadding();
    if (t.kind === 'string') found = env.hasInclude(t.text.slice(1, -1), false, next, pos);
    else if (isPunct(t, '<')) found = env.hasInclude(angledName(ex, pos), true, next, pos);
    else throw cppError(`operator "${op.text}" requires a header-name`, pos);
  } finally {
    ex.setExpansion(true);
  }
  if (!isPunct(ex.getTokenNoPadding(), ')')) throw cppError(`missing ')' after "${op.text}" operand`, pos);
  return found;
}

/** The spelling of the tokens up to `>`, as GCC rebuilds `<…>` from separate tokens. */
export function angledName(ex: Expander, pos: CppPos): string {
  let name = '';
  for (let t = ex.getTokenNoPadding(); !isPunct(t, '>'); t = ex.getTokenNoPadding()) {
    if (t.kind === 'eof') throw cppError("missing terminating > character", pos);
    name += (name !== '' && t.flags & PREV_WHITE ? ' ' : '') + t.text;
  }
  return name;
}

/** `_Pragma("…")`: the destringized text, lexed. */
function pragmaOperand(ex: Expander, pos: CppPos): Token[] {
  const open = ex.getTokenNoPadding();
  const str = isPunct(open, '(') ? ex.getTokenNoPadding() : open;
  if (!isPunct(open, '(') || str.kind !== 'string' || !isPunct(ex.getTokenNoPadding(), ')')) {
    throw cppError('_Pragma takes a parenthesized string literal', pos);
  }
  const body = str.text.slice(str.text.startsWith('L') ? 2 : 1, -1).replace(/\\([\\"])/g, '$1');
  return lexFragment(body);
}
