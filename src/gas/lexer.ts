// Tokens of GNU as operand and expression syntax, in priority order.
import { createToken, Lexer, type TokenType } from 'chevrotain';

const symbolChars = /[A-Za-z0-9_.$]/;

export const WhiteSpace = createToken({ name: 'WhiteSpace', pattern: /[ \t\f\r\v]+/, group: Lexer.SKIPPED });
export const StringLit = createToken({ name: 'StringLit', pattern: /"(?:[^"\\]|\\[\s\S])*"/ });
/** gas character constant: `'a` (a closing quote is optional). */
export const CharLit = createToken({ name: 'CharLit', pattern: /'(?:\\(?:[0-7]{1,3}|x[0-9a-fA-F]+|[\s\S])|[^\\])'?/ });
/** A floating-point literal, only meaningful as an FP immediate (`#1.0`, `#2.5e-3`). */
export const FloatLit = createToken({ name: 'FloatLit', pattern: /\d+\.\d+(?:[eE][-+]?\d+)?|\d+[eE][-+]?\d+/ });
/** Numeric local label reference `1b` / `2f` (but not the binary number `0b101`). */
export const LocalRef = createToken({ name: 'LocalRef', pattern: /\d+[bf](?![A-Za-z0-9_.$])/ });
export const NumberLit = createToken({ name: 'NumberLit', pattern: /0[xX][0-9a-fA-F]+|0[bB][01]+|\d+/ });
export const Identifier = createToken({ name: 'Identifier', pattern: /[A-Za-z_.$][A-Za-z0-9_.$]*/ });
/** Shift and extend keywords in operands (`lsl #2`, `uxtw`, `mul vl`); still usable as identifiers. */
export const ShiftKw = createToken({
  name: 'ShiftKw',
  pattern: /(?:lsl|lsr|asr|ror|msl|uxtb|uxth|uxtw|uxtx|sxtb|sxth|sxtw|sxtx|mul)(?![A-Za-z0-9_.$])/i,
  longer_alt: Identifier,
  categories: [Identifier],
});

const op = (name: string, pattern: string) => createToken({ name, pattern });

export const ShiftLeft = op('ShiftLeft', '<<');
export const ShiftRight = op('ShiftRight', '>>');
export const LessEq = op('LessEq', '<=');
export const GreaterEq = op('GreaterEq', '>=');
export const NotEqAngle = op('NotEqAngle', '<>');
export const EqEq = op('EqEq', '==');
export const NotEq = op('NotEq', '!=');
export const AndAnd = op('AndAnd', '&&');
export const OrOr = op('OrOr', '||');
export const Plus = op('Plus', '+');
export const Minus = op('Minus', '-');
export const Star = op('Star', '*');
export const Slash = op('Slash', '/');
export const Percent = op('Percent', '%');
export const Pipe = op('Pipe', '|');
export const Amp = op('Amp', '&');
export const Caret = op('Caret', '^');
export const Bang = op('Bang', '!');
export const Tilde = op('Tilde', '~');
export const Less = op('Less', '<');
export const Greater = op('Greater', '>');
export const Equals = op('Equals', '=');
export const Hash = op('Hash', '#');
export const LBracket = op('LBracket', '[');
export const RBracket = op('RBracket', ']');
export const LBrace = op('LBrace', '{');
export const RBrace = op('RBrace', '}');
export const LParen = op('LParen', '(');
export const RParen = op('RParen', ')');
export const Comma = op('Comma', ',');
export const Colon = op('Colon', ':');
export const At = op('At', '@');

export const allTokens: TokenType[] = [
  WhiteSpace, StringLit, CharLit, FloatLit, LocalRef, NumberLit, ShiftKw, Identifier,
  ShiftLeft, ShiftRight, LessEq, GreaterEq, NotEqAngle, EqEq, NotEq, AndAnd, OrOr,
  Plus, Minus, Star, Slash, Percent, Pipe, Amp, Caret, Bang, Tilde, Less, Greater, Equals,
  Hash, LBracket, RBracket, LBrace, RBrace, LParen, RParen, Comma, Colon, At,
];

export const gasLexer = new Lexer(allTokens, { positionTracking: 'onlyOffset', ensureOptimizations: true });

export function isSymbolChar(c: string): boolean {
  return symbolChars.test(c);
}
