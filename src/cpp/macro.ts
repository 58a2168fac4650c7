// Macro definitions: parsing a #define into parameters and a replacement list (with `#`/`##`
// folded into token flags), and comparing definitions for redefinition warnings.
import { cppError, type CppPos } from './errors.js';
import { PASTE_LEFT, PREV_WHITE, STRINGIFY, isPunct, paramToken, withFlags, type Token } from './token.js';

export type BuiltinKind =
  | 'file' | 'line' | 'counter' | 'includeLevel' | 'baseFile' | 'fileName'
  | 'date' | 'time' | 'timestamp' | 'hasInclude' | 'hasIncludeNext' | 'pragma';

export interface Macro {
  readonly name: string;
  readonly funLike: boolean;
  readonly params: readonly string[];
  readonly variadic: boolean;
  readonly body: readonly Token[];
  readonly file: string;
  readonly line: number;
  readonly builtin: BuiltinKind | undefined;
  /** Set while the macro's own expansion is being rescanned (the no-recursion rule). */
  disabled: boolean;
}

export const BUILTIN_MACROS: ReadonlyArray<readonly [string, BuiltinKind]> = [
  ['__FILE__', 'file'], ['__LINE__', 'line'], ['__COUNTER__', 'counter'], ['__INCLUDE_LEVEL__', 'includeLevel'],
  ['__BASE_FILE__', 'baseFile'], ['__FILE_NAME__', 'fileName'], ['__DATE__', 'date'], ['__TIME__', 'time'],
  ['__TIMESTAMP__', 'timestamp'], ['__has_include', 'hasInclude'], ['__has_include_next', 'hasIncludeNext'],
  ['_Pragma', 'pragma'],
];

export function builtinMacro(name: string, kind: BuiltinKind): Macro {
  return { name, funLike: false, params: [], variadic: false, body: [], file: '<built-in>', line: 0, builtin: kind, disabled: false };
}

/** Names that can never be defined. */
const RESERVED = new Set(['defined', '__has_include', '__has_include_next']);

export interface DefineSite {
  readonly file: string;
  /** Where to report a missing name: the `define` keyword. */
  readonly directive: CppPos;
  /** Where a token of the directive is, for messages. */
  readonly pos: (t: Token) => CppPos;
  readonly warn: (message: string, at: CppPos) => void;
}

const posOf = (site: DefineSite, t: Token): CppPos => site.pos(t);

/** The macro named by the first token of `tokens` (everything after `#define`). */
export function parseDefine(tokens: readonly Token[], site: DefineSite): Macro {
  const name = tokens[0];
  if (name === undefined) throw cppError('no macro name given in #define directive', site.directive);
  checkMacroName(name, site);
  const open = tokens[1];
  let params: string[] = [];
  let variadic = false;
  let bodyStart = 1;
  const funLike = open !== undefined && isPunct(open, '(') && !(open.flags & PREV_WHITE);
  if (funLike) ({ params, variadic, next: bodyStart } = parseParams(tokens, 2, site));
  else if (open !== undefined && !(open.flags & PREV_WHITE)) site.warn('missing whitespace after the macro name', posOf(site, open));
  const body = parseBody(tokens.slice(bodyStart), params, funLike, site);
  return { name: name.text, funLike, params, variadic, body, file: site.file, line: name.line, builtin: undefined, disabled: false };
}

function checkMacroName(name: Token, site: DefineSite): void {
  if (name.kind !== 'name') throw cppError('macro names must be identifiers', posOf(site, name));
  if (RESERVED.has(name.text)) throw cppError(`"${name.text}" cannot be used as a macro name`, posOf(site, name));
}

interface Params {
  params: string[];
  variadic: boolean;
  next: number;
}

function parseParams(tokens: readonly Token[], start: number, site: DefineSite): Params {
  const params: string[] = [];
  let variadic = false;
  let afterName = false;
  const endOfLine = tokens[tokens.length - 1];
  for (let i = start; ; i++) {
    const t = tokens[i];
    const fail = (message: string): never => {
      throw cppError(message, posOf(site, t ?? endOfLine));
    };
    if (t === undefined) fail(variadic ? 'expected \')\' after "..."' : afterName ? "expected ')' before end of line" : 'expected parameter name before end of line');
    else if (isPunct(t, ')')) {
      if (afterName || params.length === 0 || variadic) return { params, variadic, next: i + 1 };
      fail('expected parameter name, found ")"');
    } else if (variadic) fail('expected \')\' after "..."');
    else if (t.kind === 'name') {
      if (afterName) fail(`expected ',' or ')', found "${t.text}"`);
      if (params.includes(t.text)) fail(`duplicate macro parameter "${t.text}"`);
      params.push(t.text);
      afterName = true;
    } else if (isPunct(t, ',')) {
      if (!afterName) fail('expected parameter name, found ","');
      afterName = false;
    } else if (isPunct(t, '...')) {
      if (!afterName) params.push('__VA_ARGS__');
      variadic = true;
    } else fail(afterName ? `expected ',' or ')', found "${t.text}"` : `expected parameter name, found "${t.text}"`);
  }
}

function parseBody(tokens: readonly Token[], params: readonly string[], funLike: boolean, site: DefineSite): Token[] {
  const out: Token[] = [];
  let afterPaste = false;
  for (const raw of tokens) {
    const index = funLike && raw.kind === 'name' ? params.indexOf(raw.text) : -1;
    const t = index >= 0 ? paramToken(raw, index, raw.flags) : raw;
    const prev = out[out.length - 1];
    if (isPunct(t, '##')) {
      if (prev === undefined) throw cppError("'##' cannot appear at either end of a macro expansion", posOf(site, t));
      if (!afterPaste) out[out.length - 1] = withFlags(prev, prev.flags | PASTE_LEFT);
      afterPaste = true;
      continue;
    }
    afterPaste = false;
    if (t.kind === 'param' && prev !== undefined && isPunct(prev, '#') && !(prev.flags & PASTE_LEFT)) {
      // `#param`: the `#` disappears and lends its whitespace to the stringized argument.
      out[out.length - 1] = paramToken(t, t.arg, (t.flags & ~PREV_WHITE) | STRINGIFY | (prev.flags & PREV_WHITE));
      continue;
    }
    // Assembler mode: a `#` not followed by a parameter stays a literal `#`.
    out.push(t);
  }
  if (afterPaste) throw cppError("'##' cannot appear at either end of a macro expansion", posOf(site, tokens[tokens.length - 1]));
  if (out.length > 0) out[0] = withFlags(out[0], out[0].flags & ~PREV_WHITE);
  return out;
}

const SIGNIFICANT = PREV_WHITE | PASTE_LEFT | STRINGIFY;

export function sameDefinition(a: Macro, b: Macro): boolean {
  if (a.funLike !== b.funLike || a.variadic !== b.variadic || a.params.join(',') !== b.params.join(',')) return false;
  if (a.body.length !== b.body.length) return false;
  return a.body.every((t, i) => {
    const u = b.body[i];
    return t.kind === u.kind && t.text === u.text && (t.flags & SIGNIFICANT) === (u.flags & SIGNIFICANT);
  });
}
