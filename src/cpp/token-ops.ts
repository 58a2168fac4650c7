// The `#` and `##` operators.
import { lexSingleToken } from './lexer.js';
import { PREV_WHITE, isPunct, isQuoted, makeToken, type Token } from './token.js';

function quote(text: string): string {
  return text.replace(/[\\"]/g, '\\$&').replace(/\n/g, '\\n');
}

export interface Stringized {
  readonly token: Token;
  /** An odd number of trailing backslashes was dropped (GCC warns). */
  readonly droppedBackslash: boolean;
}

/** `#arg`: the argument's spelling as a string literal; whitespace between tokens becomes one space. */
export function stringize(tokens: readonly Token[], at: Token): Stringized {
  let text = '';
  let started = false;
  let source: Token | null = null;
  let backslashes = 0;
  for (const t of tokens) {
    if (t.kind === 'padding') {
      if (source === null || (!(source.flags & PREV_WHITE) && t.src === null)) source = t.src;
      continue;
    }
    if (started && ((source ?? t).flags & PREV_WHITE)) text += ' ';
    source = null;
    started = true;
    text += isQuoted(t) ? quote(t.text) : t.text;
    backslashes = t.kind === 'other' && t.text === '\\' ? backslashes + 1 : 0;
  }
  const droppedBackslash = backslashes % 2 === 1;
  if (droppedBackslash) text = text.slice(0, -1);
  return { token: makeToken('string', `"${text}"`, 0, at.line, at.col, ''), droppedBackslash };
}

/** `lhs ## rhs`: the token their spellings form, or undefined when they do not form exactly one. */
export function pasteTokens(lhs: Token, rhs: Token): Token | undefined {
  if (rhs.kind === 'padding') return lhs;
  // GCC keeps `/` `/` and `/` `*` apart so that pasting can never start a comment.
  const gap = isPunct(lhs, '/') && !isPunct(rhs, '=') ? ' ' : '';
  const t = lexSingleToken(lhs.text + gap + rhs.text);
  return t && makeToken(t.kind, t.text, lhs.flags & PREV_WHITE, lhs.line, lhs.col, lhs.ws);
}
