// Line information as GNU as 2.40 collects it: `.file`/`.loc`/`.loc_mark_labels` (compiler
// output: each `.loc` gives the next instruction a row), or under `-g`/`--gdwarf-N` one row per
// instruction from the source line it came from (a macro's instructions count as its invocation
// line, as in gas). Rows are kept per section and subsection; dwarf-finish.ts writes them out.
import type { LineOrigin } from '../ir/program.js';
import type { Origin } from '../util/diagnostics.js';
import type { Assembler } from './assembler.js';
import { FileTable } from './dwarf-files.js';
import { decodeEscapes } from './parser.js';
import type { Frag, SectionState } from './sections.js';

export interface DebugOptions {
  /** `-g` / `--gdwarf-N`: line information for the assembly source itself (and the other debug sections). */
  readonly generate?: boolean;
  /** The DWARF version (`--gdwarf-N`); gas's default is 3 (2 with `-g`), and `.file 0` raises it to 5. */
  readonly version?: number;
  /** The working directory as gas sees it (DW_AT_comp_dir, directory 0); default: the process's. */
  readonly compDir?: string;
  /** The name gas would see for a source file (the name in cpp's line markers); default: as is. */
  readonly fileName?: (file: string) => string;
}


/**
 * A `.loc … view V`: `-0` resets the view numbering, `0` asserts the row starts one, a name
 * (gcc's `.LVUn`) becomes a symbol whose value is the row's view number.
 */
export type ViewMark = { readonly kind: 'reset' } | { readonly kind: 'zero' } | { readonly kind: 'symbol'; readonly name: string; readonly hidden: string };

interface LocState {
  file: number;
  line: number;
  column: number;
  isStmt: boolean;
  basicBlock: boolean;
  prologueEnd: boolean;
  epilogueBegin: boolean;
  isa: number;
  discriminator: number;
  view?: ViewMark;
}

export interface LineEntry {
  readonly frag: Frag;
  readonly offset: number;
  /** A slot of the file table, or (under `-g`, until the end) the source file's name. */
  file: number | string;
  readonly line: number;
  readonly column: number;
  readonly isStmt: boolean;
  readonly basicBlock: boolean;
  readonly prologueEnd: boolean;
  readonly epilogueBegin: boolean;
  readonly isa: number;
  readonly discriminator: number;
  readonly view?: ViewMark;
  readonly origin: Origin;
}

const INITIAL: LocState = { file: 1, line: 1, column: 0, isStmt: true, basicBlock: false, prologueEnd: false, epilogueBegin: false, isa: 0, discriminator: 0 };

export class LineInfo {
  /** gas's dwarf_level: the `.debug_info` version; `.debug_line` is at least 3. */
  level: number;
  /** gas's DEBUG_DWARF2: rows from the source lines; a `.file N` turns it off. */
  generated: boolean;
  readonly files: FileTable;
  readonly compDir: string;
  /** `.file "name"`: the STT_FILE symbols. */
  readonly fileSymbols: string[] = [];
  /** Rows per section (in the order sections got their first row), then per subsection number. */
  readonly rows = new Map<SectionState, Map<number, LineEntry[]>>();
  anyLoc = false;
  /** The hidden symbols behind `.loc … view NAME`, valued once the code is laid out. */
  readonly viewSymbols: string[] = [];
  private pending = false;
  private markLabels = false;
  private current: LocState = { ...INITIAL };
  private lastLine = -1;
  private lastFile: string | undefined;

  constructor(
    private readonly asm: Assembler,
    private readonly options: DebugOptions,
  ) {
    this.level = options.version ?? (options.generate ? 2 : 3);
    this.generated = options.generate === true;
    this.compDir = options.compDir ?? process.cwd();
    this.files = new FileTable(() => this.level, this.compDir);
  }

  // ---- hooks --------------------------------------------------------------------------------

  /** An instruction was placed at FRAG+OFFSET; returns its C origin (the `.loc` in force). */
  instruction(frag: Frag, offset: number): LineOrigin | undefined {
    if (this.generated) {
      const o = outermost(this.asm.stmt.origin);
      const file = this.options.fileName ? this.options.fileName(o.file) : o.file;
      this.generatedRow(frag, offset, file, o.line);
      this.consume();
      return undefined;
    }
    if (this.pending) {
      this.row(frag, offset, { ...this.current });
      this.consume();
    }
    return this.anyLoc ? { file: this.files.path(this.current.file), line: this.current.line, column: this.current.column } : undefined;
  }

  /** A label was defined at FRAG+OFFSET (rows for labels only after `.loc_mark_labels 1`). */
  label(frag: Frag, offset: number): void {
    if (!this.markLabels || !frag.sub.section.isCode) return;
    if (this.generated) {
      const o = outermost(this.asm.stmt.origin);
      this.push(frag, offset, { ...this.current, file: 0, line: o.line, column: 0, isStmt: true, basicBlock: true }, this.options.fileName?.(o.file) ?? o.file);
    } else {
      if (this.files.files.length === 0) return;
      this.push(frag, offset, { ...this.current, basicBlock: true });
    }
    this.consume();
  }

  private generatedRow(frag: Frag, offset: number, file: string, line: number): void {
    if (line === 0) return;
    if (this.lastLine === line && this.lastFile === file) return;
    this.lastLine = line;
    this.lastFile = file;
    this.push(frag, offset, { ...this.current, line, column: 0, isStmt: true, basicBlock: false, prologueEnd: false, epilogueBegin: false }, file);
  }

  private row(frag: Frag, offset: number, loc: LocState): void {
    if (loc.line === 0) return;
    this.push(frag, offset, loc);
  }

  private push(frag: Frag, offset: number, loc: LocState, fileName?: string): void {
    const sec = frag.sub.section;
    if (!sec.isCode || !sec.flags.includes('a') || sec.type === 'nobits') {
      if (!this.generated) this.asm.warn(`dwarf line number information for ${sec.name} ignored`);
      return;
    }
    let subs = this.rows.get(sec);
    if (!subs) this.rows.set(sec, (subs = new Map()));
    let list = subs.get(frag.sub.number);
    if (!list) subs.set(frag.sub.number, (list = []));
    list.push({ frag, offset, ...loc, file: fileName ?? loc.file, origin: this.asm.stmt.origin });
  }

  private consume(): void {
    this.pending = false;
    this.current.basicBlock = false;
    this.current.prologueEnd = false;
    this.current.epilogueBegin = false;
    this.current.discriminator = 0;
    this.current.view = undefined;
  }

  // ---- directives ---------------------------------------------------------------------------

  fileDirective(args: string): void {
    const words = scanWords(args, (m) => this.asm.fail(m));
    if (words[0]?.kind === 'string') {
      this.fileSymbols.push(words[0].text);
      return;
    }
    const slot = this.number(words[0], '.file');
    if (slot < 1) {
      if (slot === 0 && this.level < 5) this.level = 5;
      if (slot < 0) this.asm.fail('file number less than one');
    }
    const strings = words.slice(1).filter((w) => w.kind === 'string').map((w) => w.text);
    if (strings.length === 0) this.asm.fail('missing string');
    if (this.level < 5 && words.length > 2) this.asm.fail(`junk at end of line, first unrecognized character is \`${words[2].kind === 'string' ? '"' : words[2].text[0]}'`);
    const md5 = this.md5(words);
    const [dirname, filename] = strings.length >= 2 ? [strings[0], strings[1]] : [undefined, strings[0]];
    if (this.generated) this.rows.clear();
    this.generated = false;
    const err = this.files.fileDirective(slot, dirname, filename, md5);
    if (err) this.asm.fail(err);
  }

  private md5(words: Word[]): Uint8Array | undefined {
    const at = words.findIndex((w) => w.kind === 'word' && w.text === 'md5');
    if (at < 0) return undefined;
    const v = words[at + 1];
    if (!v || v.kind !== 'word' || !/^(0[xX][0-9a-fA-F]+|\d+)$/.test(v.text)) return this.asm.fail('md5 value too small or not a constant');
    let n = BigInt(v.text);
    if (n < 1n << 64n) this.asm.fail('md5 value too small or not a constant');
    const out = new Uint8Array(16);
    for (let i = 0; i < 16; i++, n >>= 8n) out[i] = Number(n & 0xffn);
    return out;
  }

  locDirective(args: string): void {
    if (this.pending) this.emitPendingHere();
    const words = scanWords(args, (m) => this.asm.fail(m));
    const file = this.number(words[0], '.loc');
    const line = this.number(words[1], '.loc');
    if (file < 1) {
      if (file === 0 && this.level < 5) this.level = 5;
      if (file < 0) this.asm.fail('file number less than one');
    }
    if (!this.files.files[file]) this.asm.fail(`unassigned file number ${file}`);
    const cur = this.current;
    cur.file = file;
    cur.line = line;
    cur.discriminator = 0;
    let i = 2;
    if (words[i]?.kind === 'word' && /^[0-9]/.test(words[i].text)) cur.column = this.number(words[i++], '.loc');
    for (; i < words.length; i++) {
      const w = words[i];
      const option = w.text;
      if (w.kind !== 'word' || !/^[A-Za-z]/.test(option)) this.asm.fail(`junk at end of line, first unrecognized character is \`${option[0] ?? '"'}'`);
      if (option === 'basic_block') cur.basicBlock = true;
      else if (option === 'prologue_end') this.raise(3, () => (cur.prologueEnd = true));
      else if (option === 'epilogue_begin') this.raise(3, () => (cur.epilogueBegin = true));
      else if (option === 'is_stmt') {
        const v = this.number(words[++i], '.loc is_stmt');
        if (v !== 0 && v !== 1) this.asm.fail('is_stmt value not 0 or 1');
        cur.isStmt = v === 1;
      } else if (option === 'isa') {
        this.raise(3, () => undefined);
        const v = this.number(words[++i], '.loc isa');
        if (v < 0) this.asm.fail('isa number less than zero');
        cur.isa = v;
      } else if (option === 'discriminator') {
        const v = this.number(words[++i], '.loc discriminator');
        if (v < 0) this.asm.fail('discriminator less than zero');
        cur.discriminator = v;
      } else if (option === 'view') cur.view = this.view(words[++i]);
      else this.asm.fail(`unknown .loc sub-directive \`${option}'`);
    }
    this.pending = true;
    this.anyLoc = true;
    if (cur.view) this.emitPendingHere();
  }

  private view(w: Word | undefined): ViewMark {
    if (!w || w.kind !== 'word') return this.asm.fail('.loc view: expected a number or a symbol');
    if (/^[-0-9]/.test(w.text)) {
      if (!this.asm.values.absolute(this.asm.parseExpr(w.text), '.loc view').isZero()) this.asm.fail('numeric view can only be asserted to zero');
      return { kind: w.text.startsWith('-') ? 'reset' : 'zero' };
    }
    const e = this.asm.symbols.entry(w.text);
    if (e.defined) this.asm.fail(`symbol \`${w.text}' is already defined`);
    const hidden = this.asm.symbols.hiddenName(undefined);
    e.versions.push({ def: { kind: 'expr', expr: { k: 'sym', name: hidden }, locationLike: false }, refName: w.text, origin: this.asm.stmt.origin });
    this.viewSymbols.push(hidden);
    return { kind: 'symbol', name: w.text, hidden };
  }

  locMarkLabels(args: string): void {
    const v = this.asm.values.absolute(this.asm.parseExpr(args), '.loc_mark_labels').toNumber();
    if (v !== 0 && v !== 1) this.asm.fail('expected 0 or 1');
    this.markLabels = v === 1;
  }

  /** A `.loc` right after another: the first one's row goes where the location counter is now. */
  private emitPendingHere(): void {
    const frag = this.asm.openFrag();
    this.row(frag, frag.size, { ...this.current });
    this.consume();
  }

  private raise(level: number, then: () => void): void {
    if (this.level < level) this.level = level;
    then();
  }

  private number(w: Word | undefined, what: string): number {
    if (!w || w.kind !== 'word') return this.asm.fail(`${what}: expected a number`);
    return this.asm.values.absolute(this.asm.parseExpr(w.text), what).toNumber();
  }
}

/** The line gas attributes a statement to: a macro's instructions belong to its outermost invocation. */
function outermost(o: Origin): { file: string; line: number } {
  const f = o.expansion[o.expansion.length - 1];
  return f ? { file: f.file, line: f.line } : { file: o.file, line: o.line };
}

interface Word {
  readonly kind: 'word' | 'string';
  readonly text: string;
}

/** `.file`/`.loc` operands: C strings, numbers, names (`view-0` is two words) and single characters; commas are ignored. */
function scanWords(text: string, fail: (m: string) => never): Word[] {
  const out: Word[] = [];
  const re = /\s*(?:"((?:[^"\\]|\\[\s\S])*)("?)|(-?[0-9][A-Za-z0-9_.$]*|[A-Za-z_.$][A-Za-z0-9_.$]*|[^\s",])|,)/gy;
  for (let m = re.exec(text); m && m[0] !== ''; m = re.exec(text)) {
    if (m[1] !== undefined) {
      if (m[2] !== '"') fail('missing closing quote in string');
      out.push({ kind: 'string', text: String.fromCharCode(...decodeEscapes(m[1])) });
    } else if (m[3] !== undefined) out.push({ kind: 'word', text: m[3] });
    if (re.lastIndex >= text.length) break;
  }
  return out;
}
