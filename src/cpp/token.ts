// Preprocessing tokens. Every token has the same shape (one hidden class), so the hot loops stay
// monomorphic; optional facets (padding source, parameter index) use neutral defaults.

export type TokenKind =
  | 'name'
  | 'number'
  | 'string' // "…" or L"…"
  | 'char' // '…' or L'…'
  | 'header' // <…> in #include
  | 'punct'
  | 'other' // a stray character, or an unterminated quote running to the end of the line
  | 'param' // a parameter reference inside a function-like macro body
  | 'padding' // spacing information carried through macro expansion (never printed)
  | 'eof';

/** Whitespace or a comment came before the token. */
export const PREV_WHITE = 1;
/** The name was met while its macro was being expanded: it never expands again ("blue paint"). */
export const NO_EXPAND = 2;
/** In a macro body: the token is the left operand of `##`. */
export const PASTE_LEFT = 4;
/** In a macro body: the parameter is the operand of `#`. */
export const STRINGIFY = 8;
/** First token of a line read while collecting macro arguments. */
export const BOL = 16;

export interface Token {
  readonly kind: TokenKind;
  readonly text: string;
  readonly flags: number;
  /** Physical line (1-based) in the file the token was read from. */
  readonly line: number;
  readonly col: number;
  /** The original whitespace before the token when PREV_WHITE is set (a comment counts as one space). */
  readonly ws: string;
  /** For padding: the token whose PREV_WHITE decides spacing, or null ("avoid paste" padding). */
  readonly src: Token | null;
  /** For 'param': the parameter's index. */
  readonly arg: number;
}

export function makeToken(kind: TokenKind, text: string, flags: number, line: number, col: number, ws: string): Token {
  return { kind, text, flags, line, col, ws, src: null, arg: -1 };
}

export function withFlags(t: Token, flags: number): Token {
  return flags === t.flags ? t : { kind: t.kind, text: t.text, flags, line: t.line, col: t.col, ws: t.ws, src: t.src, arg: t.arg };
}

export function paramToken(t: Token, arg: number, flags: number): Token {
  return { kind: 'param', text: t.text, flags, line: t.line, col: t.col, ws: t.ws, src: null, arg };
}

export function paddingToken(src: Token | null): Token {
  return { kind: 'padding', text: '', flags: 0, line: 0, col: 0, ws: '', src, arg: -1 };
}

/** Padding after an expansion or an argument: a space only if the neighbours would otherwise paste. */
export const AVOID_PASTE: Token = paddingToken(null);
/** End of the tokens available (end of line, or end of a macro argument). */
export const EOF_TOKEN: Token = makeToken('eof', '', 0, 0, 0, '');
/** Marks the end of a macro argument during its pre-expansion. */
export const END_ARG: Token = makeToken('eof', '', 0, 0, 0, '');

export function isPunct(t: Token, text: string): boolean {
  return t.kind === 'punct' && t.text === text;
}

/** Tokens whose spelling is quoted text: `#` escapes them when stringizing. */
export function isQuoted(t: Token): boolean {
  return t.kind === 'string' || t.kind === 'char';
}
