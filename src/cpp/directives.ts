// The directive table. Only the conditional directives run inside skipped groups.
import { angledName } from './builtins.js';
import { CONDITIONAL_HANDLERS } from './conditionals.js';
import { CONDITIONAL_DIRECTIVES } from './directive-names.js';
import {
  fail, macroNameOperand, posOf, spell, warnExtraTokens, type DirectiveHandler, type DirectiveLine,
} from './directive-line.js';
import { cppError, type CppPos } from './errors.js';
import type { SourceLine } from './lexer.js';
import { parseDefine } from './macro.js';
import { runPragma } from './pragma.js';
import type { FileFrame, Preprocessor } from './preprocessor.js';
import { isPunct, type Token } from './token.js';

function define(d: DirectiveLine): void {
  const { pp } = d;
  const site = { file: pp.file, directive: posOf(d, d.name), pos: (t: Token) => posOf(d, t), warn: (m: string, at: CppPos) => pp.warn(m, at) };
  const macro = parseDefine(d.operands, site);
  pp.define(macro, posOf(d, d.operands[0]));
}

function undef(d: DirectiveLine): void {
  const name = macroNameOperand(d);
  if (d.pp.macros.get(name)?.builtin !== undefined) d.pp.warn(`undefining "${name}"`, posOf(d, d.operands[0]));
  d.pp.macros.delete(name);
}

interface HeaderName {
  readonly name: string;
  readonly angled: boolean;
}

/** The operand of #include: a header name, a string, or macros expanding to one of those. */
function headerName(d: DirectiveLine): HeaderName {
  const first = d.operands[0];
  const expects = `#${d.name.text} expects "FILENAME" or <FILENAME>`;
  if (first === undefined) fail(d, expects);
  if (first.kind === 'header' || (first.kind === 'string' && !first.text.startsWith('L'))) {
    warnExtraTokens(d, 1);
    return { name: first.text.slice(1, -1), angled: first.kind === 'header' };
  }
  const ex = d.pp.directiveExpander(d.operands);
  const t = ex.getTokenNoPadding();
  let result: HeaderName;
  if (t.kind === 'string') result = { name: t.text.slice(1, -1), angled: false };
  else if (isPunct(t, '<')) result = { name: angledName(ex, posOf(d, first)), angled: true };
  else fail(d, expects, first);
  if (ex.getTokenNoPadding().kind !== 'eof') d.pp.warn(`extra tokens at end of #${d.name.text} directive`, posOf(d, first));
  return result;
}

function include(d: DirectiveLine, next: boolean, once: boolean): void {
  if (d.inArgs) fail(d, `#${d.name.text} inside macro arguments is not supported`, d.name);
  const { name, angled } = headerName(d);
  if (name === '') fail(d, `empty filename in #${d.name.text}`, d.operands[0]);
  if (next && d.frame.path === d.pp.mainFile) d.pp.warn('#include_next in primary source file', posOf(d, d.name));
  const req = { name, angled, next, from: d.frame.path, fromDir: d.frame.dirIndex };
  d.pp.includeFile(req, once, posOf(d, d.operands[0]));
}

function expandedOperands(d: DirectiveLine): Token[] {
  const ex = d.pp.directiveExpander(d.operands);
  const out: Token[] = [];
  for (let t = ex.getTokenNoPadding(); t.kind !== 'eof'; t = ex.getTokenNoPadding()) out.push(t);
  return out;
}

function line(d: DirectiveLine): void {
  const [num, file, extra] = expandedOperands(d);
  if (num === undefined || num.kind !== 'number' || !/^\d+$/.test(num.text)) {
    fail(d, `"${num?.text ?? ''}" after #line is not a positive integer`, d.operands[0]);
  }
  if (file !== undefined && file.kind !== 'string') fail(d, `invalid filename "${file.text}"`, d.operands[1]);
  if (extra !== undefined) d.pp.warn('extra tokens at end of #line directive', posOf(d, d.name));
  const frame = d.frame;
  frame.lineDelta = Number(num.text) - (d.line.endLine + 1);
  if (file !== undefined) frame.presumedFile = file.text.slice(1, -1).replace(/\\([\\"])/g, '$1');
}

function diagnostic(d: DirectiveLine): void {
  const message = `#${d.name.text}${d.operands.length > 0 ? ' ' + spell(d.operands) : ''}`;
  if (d.name.text === 'error') throw cppError(message, posOf(d, d.name));
  d.pp.warn(message, posOf(d, d.name));
}

/** `pred(answer)` of #assert/#unassert: the predicate and the answer's spelling. */
function assertion(d: DirectiveLine): [string, string | undefined] {
  const [pred, open, ...rest] = d.operands;
  if (pred?.kind !== 'name') fail(d, 'assertion without predicate', pred);
  if (open === undefined) return [pred.text, undefined];
  const close = rest[rest.length - 1];
  if (!isPunct(open, '(') || close === undefined || !isPunct(close, ')')) fail(d, "missing '(' after predicate", open);
  return [pred.text, rest.slice(0, -1).map((t) => t.text).join(' ')];
}

function assert(d: DirectiveLine): void {
  const [pred, answer] = assertion(d);
  if (answer === undefined) fail(d, 'missing \'(\' after predicate', d.operands[0]);
  const answers = d.pp.assertions.get(pred) ?? new Set<string>();
  answers.add(answer);
  d.pp.assertions.set(pred, answers);
}

function unassert(d: DirectiveLine): void {
  const [pred, answer] = assertion(d);
  if (answer === undefined) d.pp.assertions.delete(pred);
  else d.pp.assertions.get(pred)?.delete(answer);
}

const ignore: DirectiveHandler = () => undefined;

const HANDLERS: Readonly<Record<string, DirectiveHandler>> = {
  ...CONDITIONAL_HANDLERS,
  define,
  undef,
  include: (d) => include(d, false, false),
  include_next: (d) => include(d, true, false),
  import: (d) => include(d, false, true),
  line,
  error: diagnostic,
  warning: diagnostic,
  pragma: (d) => runPragma(d.pp, d.operands, posOf(d, d.name)),
  ident: ignore,
  sccs: ignore,
  assert,
  unassert,
};

export function runDirective(pp: Preprocessor, frame: FileFrame, sourceLine: SourceLine, inArgs: boolean): void {
  if (sourceLine.directiveName === '') return; // the null directive
  if (frame.skipping && !CONDITIONAL_DIRECTIVES.has(sourceLine.directiveName)) return;
  const tokens = sourceLine.tokens();
  const name = tokens[1];
  HANDLERS[name.text]({ pp, frame, line: sourceLine, name, operands: tokens.slice(2), inArgs });
}
