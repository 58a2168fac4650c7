// Translation phase 3 for GCC's assembler-with-cpp mode: text → logical lines of pp-tokens.
// Comments become whitespace (a block comment may join physical lines into one logical line).
// An unmatched ' or " is not an error in this mode: it makes one 'other' token running to the end
// of the line, which is how apostrophes in assembly text ("hyp's") behave under GCC.
import { DIRECTIVE_NAMES, INCLUDE_DIRECTIVES } from './directive-names.js';
import { spliceLines } from './splice.js';
import { PREV_WHITE, makeToken, type Token, type TokenKind } from './token.js';

export interface SourceLine {
  /**
   * Lexes the line. Nothing is kept: lines in skipped groups are never tokenized, and tokens of
   * lines already handled die young instead of living for the whole run (less GC work).
   */
  tokens(): Token[];
  /** Physical line of the first token. */
  readonly line: number;
  /** Physical line on which the logical line ends. */
  readonly endLine: number;
  /** Starts with `#` followed by a directive name (or nothing: the null directive). */
  readonly directive: boolean;
  /** For a directive line: its name ('' for the null directive). */
  readonly directiveName: string;
}

export interface LexedFile {
  readonly lines: readonly SourceLine[];
  readonly unterminatedComment?: { readonly line: number; readonly col: number };
  readonly spacedSplices: ReadonlyArray<{ readonly line: number; readonly col: number }>;
}

const ID_START = 1;
const ID_CHAR = 2;
const SPACE = 4;
const charClass = new Uint8Array(256);
for (let c = 0; c < 256; c++) {
  const ch = String.fromCharCode(c);
  if (/[A-Za-z_$]/.test(ch)) charClass[c] = ID_START | ID_CHAR;
  else if (/[0-9]/.test(ch)) charClass[c] = ID_CHAR;
  else if (c === 0x20 || c === 0x09 || c === 0x0c || c === 0x0b || c === 0x0d) charClass[c] = SPACE;
}
const is = (c: number, cls: number) => c < 256 && (charClass[c] & cls) !== 0;
const isDigit = (c: number) => c >= 0x30 && c <= 0x39;

const NL = 0x0a;
const SLASH = 0x2f;
const STAR = 0x2a;
const BACKSLASH = 0x5c;

/** Length of the punctuator at s[i] (longest match, C without digraphs), or 0. */
function punctuatorLength(s: string, i: number, c: number): number {
  const d = s.charCodeAt(i + 1);
  switch (String.fromCharCode(c)) {
    case '<':
    case '>':
      if (d === c) return s.charCodeAt(i + 2) === 0x3d ? 3 : 2;
      return d === 0x3d ? 2 : 1;
    case '-':
      return d === 0x2d || d === 0x3e || d === 0x3d ? 2 : 1;
    case '+':
    case '&':
    case '|':
      return d === c || d === 0x3d ? 2 : 1;
    case '*': case '/': case '%': case '^': case '=': case '!':
      return d === 0x3d ? 2 : 1;
    case '#':
      return d === 0x23 ? 2 : 1;
    case '.':
      return d === 0x2e && s.charCodeAt(i + 2) === 0x2e ? 3 : 1;
    case '[': case ']': case '(': case ')': case '{': case '}':
    case '~': case '?': case ':': case ';': case ',':
      return 1;
    default:
      return 0;
  }
}

/** The spliced text of a file; lines are tokenized from it on demand. */
interface FileText {
  readonly s: string;
  readonly lineStarts: readonly number[];
}

class LazyLine implements SourceLine {
  constructor(
    private readonly text: FileText,
    private readonly start: number,
    private readonly end: number,
    private readonly startIndex: number,
    readonly line: number,
    readonly endLine: number,
    readonly directive: boolean,
    readonly directiveName: string,
  ) {}

  tokens(): Token[] {
    const lexer = new Lexer(this.text, this.start, this.startIndex, []);
    lexer.run(this.end);
    return lexer.tokens ?? [];
  }
}

/**
 * Walks spliced text. With a token array it tokenizes; without, it only finds logical lines and
 * what starts them (the cheap first pass over a whole file).
 */
class Lexer {
  readonly lines: SourceLine[] = [];
  unterminatedComment?: { line: number; col: number };
  // The logical line being read.
  private lineStart: number;
  private lineStartIndex: number;
  private count = 0;
  private firstIsHash = false;
  private firstLine = 0;
  private secondName = '';

  constructor(
    private readonly text: FileText,
    private pos: number,
    private lineIndex: number,
    readonly tokens: Token[] | undefined,
  ) {
    this.lineStart = pos;
    this.lineStartIndex = lineIndex;
  }

  run(limit: number): void {
    const s = this.text.s;
    let wsStart = this.pos;
    let sawComment = false;
    while (this.pos < limit) {
      const c = s.charCodeAt(this.pos);
      if (c === NL) {
        this.finishLine();
        wsStart = ++this.pos;
        this.lineStart = wsStart;
        this.lineStartIndex = this.lineOf(wsStart) - 1;
        sawComment = false;
      } else if (is(c, SPACE)) {
        this.pos++;
      } else if (c === SLASH && s.charCodeAt(this.pos + 1) === STAR) {
        this.skipBlockComment();
        sawComment = true;
      } else if (c === SLASH && s.charCodeAt(this.pos + 1) === SLASH) {
        const end = s.indexOf('\n', this.pos);
        this.pos = end < 0 ? s.length : end;
        sawComment = true;
      } else {
        const start = this.pos;
        const white = start > wsStart;
        this.lexToken(c, white ? PREV_WHITE : 0, !white ? '' : sawComment ? ' ' : s.slice(wsStart, start));
        wsStart = this.pos;
        sawComment = false;
      }
    }
    if (this.tokens === undefined) this.finishLine();
  }

  /** Physical line of `pos` (positions are visited in increasing order). */
  private lineOf(pos: number): number {
    const starts = this.text.lineStarts;
    while (this.lineIndex + 1 < starts.length && starts[this.lineIndex + 1] <= pos) this.lineIndex++;
    return this.lineIndex + 1;
  }

  private colOf(pos: number): number {
    return pos - (this.text.lineStarts[this.lineIndex] ?? 0) + 1;
  }

  private finishLine(): void {
    if (this.tokens !== undefined || this.count === 0) return;
    const directive = this.firstIsHash && (this.count === 1 || DIRECTIVE_NAMES.has(this.secondName));
    const end = Math.min(this.pos, this.text.s.length);
    const endLine = this.lineOf(Math.max(end - 1, this.lineStart));
    const name = directive ? this.secondName : '';
    this.lines.push(new LazyLine(this.text, this.lineStart, end, this.lineStartIndex, this.firstLine, endLine, directive, name));
    this.count = 0;
    this.firstIsHash = false;
    this.secondName = '';
  }

  private skipBlockComment(): void {
    const end = this.text.s.indexOf('*/', this.pos + 2);
    if (end < 0) {
      this.unterminatedComment = { line: this.lineOf(this.pos), col: this.colOf(this.pos) };
      this.pos = this.text.s.length;
    } else this.pos = end + 2;
  }

  /** After `#include` (and friends) the operand is a header name. */
  private inIncludeOperand(): boolean {
    return this.count === 2 && this.firstIsHash && INCLUDE_DIRECTIVES.has(this.secondName);
  }

  private lexToken(c: number, flags: number, ws: string): void {
    const s = this.text.s;
    const start = this.pos;
    let kind: TokenKind;
    let end: number;
    if (is(c, ID_START)) {
      end = scanIdentifier(s, start + 1);
      const q = s.charCodeAt(end);
      if (end === start + 1 && c === 0x4c && (q === 0x22 || q === 0x27)) {
        [kind, end] = scanQuoted(s, end, q, true);
      } else kind = 'name';
    } else if (isDigit(c) || (c === 0x2e && isDigit(s.charCodeAt(start + 1)))) {
      kind = 'number';
      end = scanNumber(s, start + 1);
    } else if (c === 0x22 || c === 0x27) {
      [kind, end] = scanQuoted(s, start, c, !this.inIncludeOperand());
    } else if (c === 0x3c && this.inIncludeOperand() && (end = scanHeaderName(s, start)) > 0) {
      kind = 'header';
    } else {
      const len = punctuatorLength(s, start, c);
      kind = len > 0 ? 'punct' : 'other';
      end = start + Math.max(len, 1);
    }
    this.pos = end;
    this.noteToken(kind, start, end);
    if (this.tokens !== undefined) {
      const line = this.lineOf(start);
      this.tokens.push(makeToken(kind, intern(s.slice(start, end)), flags, line, this.colOf(start), ws));
    }
  }

  private noteToken(kind: TokenKind, start: number, end: number): void {
    const s = this.text.s;
    if (this.count === 0) {
      this.firstIsHash = kind === 'punct' && end === start + 1 && s.charCodeAt(start) === 0x23;
      this.firstLine = this.lineOf(start);
    } else if (this.count === 1 && this.firstIsHash) {
      this.secondName = kind === 'name' ? s.slice(start, end) : '#';
    }
    this.count++;
  }
}

/**
 * One string per distinct short spelling: tokens live for the whole run, and sharing their texts
 * keeps the garbage collector's work small.
 */
const spellings = new Map<string, string>();
function intern(text: string): string {
  if (text.length > 24) return text;
  let shared = spellings.get(text);
  if (shared === undefined) {
    if (spellings.size > 100_000) spellings.clear();
    spellings.set(text, (shared = text));
  }
  return shared;
}

function scanIdentifier(s: string, i: number): number {
  while (is(s.charCodeAt(i), ID_CHAR)) i++;
  return i;
}

/** A pp-number: digits, identifier characters, '.', and a sign after e/E/p/P. */
function scanNumber(s: string, i: number): number {
  for (;;) {
    const c = s.charCodeAt(i);
    if (is(c, ID_CHAR) || c === 0x2e) i++;
    else if ((c === 0x2b || c === 0x2d) && 'eEpP'.includes(s[i - 1])) i++;
    else return i;
  }
}

/** A quoted literal starting at s[i] === quote; unterminated ones run to the end of the line. */
function scanQuoted(s: string, i: number, quote: number, escapes: boolean): [TokenKind, number] {
  const kind: TokenKind = quote === 0x22 ? 'string' : 'char';
  for (let p = i + 1; p < s.length; p++) {
    const c = s.charCodeAt(p);
    if (c === quote) return [kind, p + 1];
    if (c === NL) return ['other', p];
    if (c === BACKSLASH && escapes && s.charCodeAt(p + 1) !== NL) p++;
  }
  return ['other', s.length];
}

/** End of `<…>` on the same line, or 0. */
function scanHeaderName(s: string, i: number): number {
  for (let p = i + 1; p < s.length; p++) {
    const c = s.charCodeAt(p);
    if (c === 0x3e) return p + 1;
    if (c === NL) return 0;
  }
  return 0;
}

export function lexFile(source: string): LexedFile {
  const spliced = spliceLines(source);
  const text: FileText = { s: spliced.text, lineStarts: spliced.lineStarts };
  const lexer = new Lexer(text, 0, 0, undefined);
  lexer.run(text.s.length);
  return { lines: lexer.lines, unterminatedComment: lexer.unterminatedComment, spacedSplices: spliced.spacedSplices };
}

/** Tokens of a text fragment, all lines together (for -D values, _Pragma, pasting, tests). */
export function lexFragment(text: string): Token[] {
  const spliced = spliceLines(text);
  const lexer = new Lexer({ s: spliced.text, lineStarts: spliced.lineStarts }, 0, 0, []);
  lexer.run(spliced.text.length);
  return lexer.tokens ?? [];
}

/** The single token `text` spells, or undefined if it is not exactly one pp-token. */
export function lexSingleToken(text: string): Token | undefined {
  if (text.includes('\n')) return undefined;
  const tokens = lexFragment(text);
  return tokens.length === 1 && tokens[0].text.length === text.length ? tokens[0] : undefined;
}

/** Spellings of the pp-tokens of a line of text (for comparing outputs token by token). */
export function splitPpTokens(text: string): string[] {
  return lexFragment(text).map((t) => t.text);
}
