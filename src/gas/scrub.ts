// gas's input scrubbing, applied to each physical line before anything else: statements split at
// `;`, comments dropped, whitespace collapsed the way GNU as does it (one space after the first
// word; in operands a space survives only between a symbol character and a symbol character,
// a string or a `\`), and character constants turned into decimal numbers.
// Macro argument splitting depends on exactly this (`m 1 - 34` passes one argument, `1-34`).

export interface ScrubbedStatement {
  readonly text: string;
  /** 1-based column of the statement's first character in the physical line. */
  readonly col: number;
}

/** Carries an unterminated `/* … *\/` comment from one physical line to the next. */
export interface ScrubState {
  inBlockComment: boolean;
}

export function isSymbolChar(c: string): boolean {
  const code = c.charCodeAt(0);
  return (
    (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57) ||
    code === 95 || code === 46 || code === 36 || code >= 128
  );
}

const enum Mode {
  /** At the start of a statement (or after a label's colon): whitespace is dropped. */
  Start,
  /** Inside the first word (label or opcode). */
  FirstWord,
  /** In operands, after a character that is not a symbol character. */
  Operands,
  /** In operands, right after a symbol character. */
  AfterSymbol,
  /** In operands, whitespace seen after a symbol character (kept only before symbol chars). */
  SpaceAfterSymbol,
}

const CHAR_ESCAPES: Record<string, string> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

class LineScrubber {
  private readonly statements: ScrubbedStatement[] = [];
  private out = '';
  private col = 0;
  private mode = Mode.Start;
  private i = 0;

  constructor(
    private readonly text: string,
    private readonly state: ScrubState,
  ) {}

  run(): ScrubbedStatement[] {
    const t = this.text;
    while (this.i < t.length) {
      if (this.state.inBlockComment) {
        const end = t.indexOf('*/', this.i);
        if (end < 0) return this.finish();
        this.state.inBlockComment = false;
        this.i = end + 2;
        this.whitespace();
        continue;
      }
      const c = t[this.i];
      if (c === '/' && t[this.i + 1] === '/') break;
      if (c === '/' && t[this.i + 1] === '*') {
        this.state.inBlockComment = true;
        this.i += 2;
        continue;
      }
      if (c === ';') {
        this.endStatement();
        this.i++;
        continue;
      }
      if (c === '#' && this.mode === Mode.Start) break;
      if (c === ' ' || c === '\t' || c === '\f' || c === '\v' || c === '\r') {
        this.whitespace();
        this.i++;
        continue;
      }
      if (c === '"') {
        this.string();
        continue;
      }
      if (c === "'") {
        this.charConstant();
        continue;
      }
      this.other(c);
      this.i++;
    }
    return this.finish();
  }

  private finish(): ScrubbedStatement[] {
    this.endStatement();
    return this.statements;
  }

  private put(s: string): void {
    if (this.out === '') this.col = this.i + 1;
    this.out += s;
  }

  private endStatement(): void {
    const text = this.out.trimEnd();
    if (text !== '') this.statements.push({ text, col: this.col });
    this.out = '';
    this.mode = Mode.Start;
  }

  private whitespace(): void {
    switch (this.mode) {
      case Mode.FirstWord:
        this.put(' ');
        this.mode = Mode.Operands;
        break;
      case Mode.AfterSymbol:
        this.mode = Mode.SpaceAfterSymbol;
        break;
      default:
        break;
    }
  }

  private flushPendingSpace(keep: boolean): void {
    if (this.mode === Mode.SpaceAfterSymbol && keep) this.put(' ');
  }

  private string(): void {
    if (this.mode === Mode.Start) this.mode = Mode.Operands;
    this.flushPendingSpace(true);
    const t = this.text;
    let j = this.i + 1;
    while (j < t.length && t[j] !== '"') j += t[j] === '\\' ? 2 : 1;
    this.put(t.slice(this.i, Math.min(j + 1, t.length)));
    this.i = j + 1;
    this.mode = Mode.Operands;
  }

  private charConstant(): void {
    const t = this.text;
    let j = this.i + 1;
    let ch = t[j] ?? '\0';
    j++;
    if (ch === '\\' && j < t.length) {
      ch = CHAR_ESCAPES[t[j]] ?? t[j];
      j++;
    }
    if (t[j] === "'") j++;
    if (this.mode === Mode.Start || this.mode === Mode.FirstWord) this.mode = Mode.Operands;
    this.flushPendingSpace(true);
    this.put(String(ch.charCodeAt(0) & 0xff));
    this.i = j;
    this.mode = Mode.Operands;
  }

  private other(c: string): void {
    const symbol = isSymbolChar(c);
    switch (this.mode) {
      case Mode.Start:
        this.put(c);
        this.mode = symbol || c === '\\' ? Mode.FirstWord : Mode.Operands;
        return;
      case Mode.FirstWord:
        this.put(c);
        if (c === ':') this.mode = Mode.Start;
        else if (!symbol && c !== '\\') this.mode = Mode.Operands;
        return;
      default:
        this.flushPendingSpace(symbol || c === '\\');
        this.put(c);
        this.mode = symbol ? Mode.AfterSymbol : Mode.Operands;
    }
  }
}

/** Scrubs one physical line into its statements. */
export function scrubLine(text: string, state: ScrubState = { inBlockComment: false }): ScrubbedStatement[] {
  return new LineScrubber(text, state).run();
}

/** Splits already-scrubbed text (a macro expansion) at `;` outside strings. */
export function splitStatements(text: string): string[] {
  if (!text.includes(';')) return [text];
  const parts: string[] = [];
  let start = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === ';') {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts.map((p) => p.trim()).filter((p) => p !== '');
}
