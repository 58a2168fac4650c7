// The part of GNU ld's linker-script language kbuild's hypervisor scripts use (hyp.lds): SECTIONS
// with output sections, input section descriptions `*(.text .text.*)`, `KEEP(...)`, symbol
// assignments and `. = ALIGN(...)`. Anything else is an error at its line and column.
import { HypsimError, originAt } from '../util/diagnostics.js';

export type ScriptExpr =
  | { readonly kind: 'number'; readonly value: bigint }
  | { readonly kind: 'dot' }
  | { readonly kind: 'symbol'; readonly name: string }
  | { readonly kind: 'align'; readonly arg: ScriptExpr }
  | { readonly kind: 'binary'; readonly op: string; readonly left: ScriptExpr; readonly right: ScriptExpr };

export interface Assignment {
  readonly kind: 'assign';
  /** `.` for the location counter. */
  readonly target: string;
  readonly value: ScriptExpr;
}

export interface InputDescription {
  readonly kind: 'input';
  /** File pattern (`*`). */
  readonly file: string;
  /** Section name patterns (`.text`, `.text.*`). */
  readonly patterns: readonly string[];
  readonly keep: boolean;
}

export type SectionCommand = Assignment | InputDescription;

export interface OutputSection {
  readonly kind: 'output';
  readonly name: string;
  readonly commands: readonly SectionCommand[];
}

export type ScriptCommand = OutputSection | Assignment;

export interface LinkerScript {
  readonly file: string;
  readonly commands: readonly ScriptCommand[];
}

interface Tok {
  readonly text: string;
  readonly line: number;
  readonly col: number;
}

const TOKEN = /\s+|\/\*[\s\S]*?\*\/|(0[xX][0-9a-fA-F]+|\d+[KM]?)|([A-Za-z_.*?\[\]][A-Za-z0-9_.*?\[\]\-]*)|(<<|>>|[{}():;=+\-*\/&|~,])/y;

function tokenize(text: string, file: string): Tok[] {
  const toks: Tok[] = [];
  let line = 1;
  let lineStart = 0;
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < text.length) {
    const at = TOKEN.lastIndex;
    const m = TOKEN.exec(text);
    if (m === null) throw new HypsimError(`unexpected character '${text[at]}' in linker script`, originAt(file, line, at - lineStart + 1));
    if (m[1] ?? m[2] ?? m[3]) toks.push({ text: m[0], line, col: at - lineStart + 1 });
    for (let i = m[0].indexOf('\n'); i >= 0; i = m[0].indexOf('\n', i + 1)) {
      line++;
      lineStart = at + i + 1;
    }
  }
  return toks;
}

const BINARY: ReadonlyArray<readonly string[]> = [['|'], ['&'], ['<<', '>>'], ['+', '-'], ['*', '/']];

class ScriptParser {
  private pos = 0;
  constructor(
    private readonly toks: readonly Tok[],
    private readonly file: string,
  ) {}

  private peek(): Tok | undefined {
    return this.toks[this.pos];
  }

  private fail(message: string, t = this.peek()): never {
    const last = this.toks[this.toks.length - 1];
    throw new HypsimError(`${message} in linker script`, originAt(this.file, t?.line ?? last?.line ?? 1, t?.col ?? 1));
  }

  private next(): Tok {
    const t = this.peek();
    if (t === undefined) this.fail('unexpected end');
    this.pos++;
    return t;
  }

  private expect(text: string): void {
    const t = this.next();
    if (t.text !== text) this.fail(`expected '${text}', found '${t.text}'`, t);
  }

  script(): ScriptCommand[] {
    const out: ScriptCommand[] = [];
    while (this.peek() !== undefined) {
      const t = this.next();
      if (t.text !== 'SECTIONS') this.fail(`'${t.text}' is not supported by hypsim's linker (only SECTIONS)`, t);
      this.expect('{');
      while (this.peek()?.text !== '}') out.push(this.topCommand());
      this.expect('}');
    }
    return out;
  }

  private topCommand(): ScriptCommand {
    const name = this.next();
    if (this.peek()?.text === '=') return this.assignment(name);
    if (this.peek()?.text !== ':') this.fail(`expected ':' after output section '${name.text}' (addresses, types and regions are not supported)`);
    this.expect(':');
    this.expect('{');
    const commands: SectionCommand[] = [];
    while (this.peek()?.text !== '}') commands.push(this.sectionCommand());
    this.expect('}');
    return { kind: 'output', name: name.text, commands };
  }

  private sectionCommand(): SectionCommand {
    const t = this.next();
    if (this.peek()?.text === '=') return this.assignment(t);
    if (t.text === 'KEEP') {
      this.expect('(');
      const inner = this.input(this.next(), true);
      this.expect(')');
      return inner;
    }
    return this.input(t, false);
  }

  private input(file: Tok, keep: boolean): InputDescription {
    if (this.peek()?.text !== '(') this.fail(`'${file.text}' is not supported inside an output section`, file);
    this.expect('(');
    const patterns: string[] = [];
    while (this.peek()?.text !== ')') patterns.push(this.next().text);
    this.expect(')');
    return { kind: 'input', file: file.text, patterns, keep };
  }

  private assignment(target: Tok): Assignment {
    this.expect('=');
    const value = this.expr(0);
    this.expect(';');
    return { kind: 'assign', target: target.text, value };
  }

  private expr(level: number): ScriptExpr {
    if (level === BINARY.length) return this.primary();
    let left = this.expr(level + 1);
    while (BINARY[level].includes(this.peek()?.text ?? '')) {
      const op = this.next().text;
      left = { kind: 'binary', op, left, right: this.expr(level + 1) };
    }
    return left;
  }

  private primary(): ScriptExpr {
    const t = this.next();
    if (t.text === '(') {
      const e = this.expr(0);
      this.expect(')');
      return e;
    }
    if (t.text === '.') return { kind: 'dot' };
    if (t.text === 'ALIGN') {
      this.expect('(');
      const arg = this.expr(0);
      this.expect(')');
      return { kind: 'align', arg };
    }
    if (/^(0[xX][0-9a-fA-F]+|\d+[KM]?)$/.test(t.text)) {
      const scale = t.text.endsWith('K') ? 1024n : t.text.endsWith('M') ? 1024n * 1024n : 1n;
      return { kind: 'number', value: BigInt(t.text.replace(/[KM]$/, '')) * scale };
    }
    if (/^[A-Za-z_.][A-Za-z0-9_.]*$/.test(t.text) && this.peek()?.text !== '(') return { kind: 'symbol', name: t.text };
    return this.fail(`'${t.text}' is not supported in an expression`, t);
  }
}

export function parseLinkerScript(text: string, file: string): LinkerScript {
  return { file, commands: new ScriptParser(tokenize(text, file), file).script() };
}

/** A section-name pattern of ld (`*`, `?`, `[…]` wildcards) as a matcher. */
export function sectionPattern(pattern: string): (name: string) => boolean {
  if (!/[*?[]/.test(pattern)) return (name) => name === pattern;
  const re = new RegExp(`^${pattern.replace(/[.+^${}()|\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
  return (name) => re.test(name);
}
