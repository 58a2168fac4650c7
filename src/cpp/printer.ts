// Turns the token stream of one output line into text, spacing it the way GCC's -E output does:
// a space where the source (or a macro definition) had whitespace, and a space wherever two tokens
// that came from different places would otherwise paste into one. Original whitespace runs
// (tabs, indentation) are kept where the source had them.
import { PREV_WHITE, type Token } from './token.js';

/** First characters that can extend a preceding operator into a longer one, by left operator. */
const EXTENDS: Readonly<Record<string, string>> = {
  '>': '>', '<': '<%:', '+': '+', '-': '->', '/': '/*', '%': ':>', '&': '&', '|': '|', ':': ':>',
  '->': '*', '.': '.%', '#': '#%', '<=': '>',
};
/** Operators that become a different operator when followed by `=`. */
const TAKES_EQUALS = new Set(['=', '!', '>', '<', '+', '-', '*', '/', '%', '&', '|', '^', '>>', '<<']);
const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** Would printing `b` right after `a` lex differently (GCC's cpp_avoid_paste)? */
export function wouldPaste(a: Token, b: Token): boolean {
  const c = b.kind === 'punct' ? b.text[0] : '';
  if (a.kind === 'punct') {
    if (c === '=' && TAKES_EQUALS.has(a.text)) return true;
    if (a.text === '.' && b.kind === 'number') return true;
    return c !== '' && (EXTENDS[a.text] ?? '').includes(c);
  }
  switch (a.kind) {
    case 'name':
      return b.kind === 'name' || b.kind === 'char' || b.kind === 'string' || (b.kind === 'number' && IDENTIFIER.test(b.text));
    case 'number':
      return b.kind === 'number' || b.kind === 'name' || b.kind === 'char' || c === '.' || c === '+' || c === '-';
    case 'other':
      return a.text === '\\' && b.kind === 'name';
    default:
      return false;
  }
}

export class LinePrinter {
  private parts: string[] = [];
  private prev: Token | null = null;
  private source: Token | null = null;
  /** Set by padding; survives the end of a line, as in GCC. */
  private avoidPaste = false;

  /** Starts an output line whose first source token is `first`. */
  begin(first: Token): void {
    this.parts = [first.flags & PREV_WHITE ? first.ws : ''];
    this.prev = null;
    this.source = null;
  }

  push(t: Token): void {
    if (t.kind === 'padding') {
      this.avoidPaste = true;
      if (this.source === null || (!(this.source.flags & PREV_WHITE) && t.src === null)) this.source = t.src;
      return;
    }
    const prev = this.prev;
    if (prev === null) {
      // A `#` first on a line after an expansion gets a space so it cannot be read as a directive.
      if (this.avoidPaste && t.text === '#' && this.parts[0] === '') this.parts.push(' ');
    } else if (this.avoidPaste) {
      const source = this.source ?? t;
      if (source.flags & PREV_WHITE) this.parts.push(source.ws || ' ');
      else if (wouldPaste(prev, t)) this.parts.push(' ');
    } else if (t.flags & PREV_WHITE) this.parts.push(t.ws || ' ');
    this.avoidPaste = false;
    this.source = null;
    this.prev = t;
    this.parts.push(t.text);
  }

  /** The line's text, or '' if nothing was printed. */
  end(): string {
    return this.prev === null ? '' : this.parts.join('');
  }
}
