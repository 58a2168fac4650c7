// The assembler's first pass: reads statements (expanding macros, repetitions and conditionals),
// defines symbols and fills fragments. Instructions and data that need final addresses are kept
// pending; finalize.ts lays the sections out and resolves them.
import Long from 'long';
import type { AsmOperand } from '../a64/asm-operand.js';
import type { Expr } from '../ir/expr.js';
import type { Diagnostic, ErrorKind, Origin } from '../util/diagnostics.js';
import { HypsimError } from '../util/diagnostics.js';
import { alignPadding, writeLE } from './bytes.js';
import { CfiState } from './cfi.js';
import { Conditions } from './conditions.js';
import { Definitions } from './definitions.js';
import { LineInfo, type DebugOptions } from './dwarf-line.js';
import { CONDITIONAL_DIRECTIVES, DIRECTIVES } from './directives.js';
import { EvalError } from './evaluate.js';
import { writeFrames } from './frames.js';
import { emitInstruction, flushPool } from './instructions.js';
import type { Linear } from './linear.js';
import { LiteralPools } from './literals.js';
import { MacroError, bindArguments, substitute, type MacroDef } from './macros.js';
import { ParseCache } from './parse-cache.js';
import { ParseError, type ParseContext } from './parser.js';
import { DEFAULT_FEATURES, type FeatureSet } from '../a64/features.js';
import type { PpLine } from './pp-line.js';
import { LineSource, ListSource, Reader, expandBody, type Statement } from './reader.js';
import { alignMergeableSubsections, defaultAttributes } from './section-attrs.js';
import { Frag, SectionState, Subsection, type Tail } from './sections.js';
import { WORD, directiveWord, leadingLabels, splitLabels } from './statement.js';
import { LocalLabels, RegisterAliases, SymbolTable } from './symbols.js';
import { ParseTimeValues } from './values.js';

export interface Limits {
  readonly macroDepth: number;
  readonly reptCount: number;
  readonly statements: number;
}

export const DEFAULT_LIMITS: Limits = { macroDepth: 100, reptCount: 1_000_000, statements: 5_000_000 };

export class Assembler {
  readonly symbols = new SymbolTable();
  readonly locals = new LocalLabels();
  readonly aliases = new RegisterAliases();
  readonly values = new ParseTimeValues(this);
  readonly defs = new Definitions(this);
  readonly sections: SectionState[] = [];
  private readonly sectionsByName = new Map<string, SectionState>();
  cur: Subsection;
  prev: Subsection | undefined;
  readonly sectionStack: Array<{ readonly cur: Subsection; readonly prev: Subsection | undefined }> = [];
  readonly macros = new Map<string, MacroDef>();
  altmacro = false;
  macroCounter = 0;
  /** Names made for altmacro `LOCAL` declarations. */
  private altLocals = 0;
  readonly conditions = new Conditions();
  readonly reader: Reader;
  readonly diagnostics: Diagnostic[] = [];
  readonly pools = new LiteralPools();
  readonly lines: LineInfo;
  readonly cfi = new CfiState();
  stmt: Statement = { text: '', origin: { file: '<input>', line: 0, col: 0, expansion: [] } };
  readonly parseContext: ParseContext = { localRef: (label, dir) => this.locals.ref(label, dir) };
  private readonly parseCache = new ParseCache(this.parseContext);
  private statementCount = 0;
  private fragIds = 0;
  private subIds = 0;

  constructor(
    lines: readonly PpLine[],
    readonly limits: Limits,
    /** The architecture features in force: from the command line, then `.arch` and friends. */
    public features: FeatureSet = DEFAULT_FEATURES,
    debug: DebugOptions = {},
  ) {
    this.lines = new LineInfo(this, debug);
    this.reader = new Reader(new LineSource(lines), (depth) => this.conditions.exitMacro(depth));
    this.cur = this.subsection(this.section('.text'), 0);
    // gas makes .data and .bss at the start too, so every object has them.
    for (const name of ['.data', '.bss']) this.subsection(this.section(name), 0);
  }

  fail(message: string, origin: Origin = this.stmt.origin, kind: ErrorKind = 'input'): never {
    throw new HypsimError(message, origin, kind);
  }

  warn(message: string, severity: Diagnostic['severity'] = 'warning', origin: Origin = this.stmt.origin): void {
    this.diagnostics.push({ severity, message, origin });
  }

  // ---- the statement loop -------------------------------------------------------------------

  run(): void {
    for (let s = this.next(); s; s = this.next()) this.process(s);
    const open = this.conditions.unterminated();
    if (open) this.fail("end of input inside a conditional: '.if' without '.endif'", open);
    for (const sub of this.pools.waiting()) flushPool(this, sub);
    writeFrames(this);
    alignMergeableSubsections(this);
  }

  /** The next statement from the input; counts statements against the limit. */
  next(): Statement | undefined {
    const s = this.reader.next();
    if (s && ++this.statementCount > this.limits.statements) {
      this.fail(`more than ${this.limits.statements} statements assembled (runaway macro or .rept expansion?)`, s.origin, 'limit');
    }
    return s;
  }

  private process(s: Statement): void {
    this.stmt = s;
    const { labels, rest: text } = splitLabels(s.text);
    if (!this.conditions.active) {
      this.skipInactive(text);
      return;
    }
    for (const label of labels) this.defs.label(label);
    if (text === '' || text[0] === '#') return;
    const head = WORD.exec(text);
    if (!head) this.fail(`junk at start of statement: '${text}'`);
    const word = head[0];
    const rest = text.slice(word.length);
    const assign = /^\s*(==?)/.exec(rest);
    if (assign) {
      this.defs.assign(word, rest.slice(assign[0].length), assign[1] === '==' ? 'eqv' : 'set');
      return;
    }
    const req = /^\s+\.req\s+/i.exec(rest);
    if (req) {
      const err = this.aliases.define(word, rest.slice(req[0].length).trim(), (m) => this.warn(m));
      if (err) this.fail(err);
      return;
    }
    this.dispatch(word, rest.trimStart());
  }

  /** Directives first (for `.name`), then macros (which shadow mnemonics), then instructions. */
  private dispatch(word: string, args: string): void {
    const lower = word.toLowerCase();
    const handler = lower[0] === '.' ? DIRECTIVES.get(lower) : undefined;
    if (handler) {
      handler(this, args);
      return;
    }
    const macro = this.macros.get(lower);
    if (macro) this.invokeMacro(macro, args);
    else if (lower[0] === '.') this.fail(`unknown directive '${word}'`);
    else emitInstruction(this, lower, args);
  }

  /** In a skipped group only the conditional directives count (to keep the nesting right). */
  private skipInactive(text: string): void {
    const head = WORD.exec(text);
    const lower = head?.[0].toLowerCase();
    if (!head || lower === undefined || !CONDITIONAL_DIRECTIVES.has(lower)) return;
    DIRECTIVES.get(lower)?.(this, text.slice(head[0].length).trimStart());
  }

  // ---- parsing helpers ------------------------------------------------------------------------

  parseExpr(text: string): Expr {
    try {
      return this.parseCache.expression(text);
    } catch (e) {
      if (e instanceof ParseError) this.fail(e.message);
      throw e;
    }
  }

  parseOperands(text: string, mnemonic: string): AsmOperand[] {
    try {
      return this.parseCache.operandList(text);
    } catch (e) {
      if (e instanceof ParseError) this.fail(`${e.message} (in '${mnemonic}')`);
      throw e;
    }
  }

  /** An altmacro `%expr` argument as decimal text. */
  readonly percent = (exprText: string): string => this.values.absolute(this.parseExpr(exprText), "'%' operand").toString();

  // ---- macros and repetitions ---------------------------------------------------------------

  invokeMacro(def: MacroDef, args: string): void {
    if (this.reader.depth >= this.limits.macroDepth) {
      this.fail(`macros nested more than ${this.limits.macroDepth} deep (runaway recursion in '${def.name}'?)`, undefined, 'limit');
    }
    const values = this.macroError(() => bindArguments(def, args, this.altmacro, this.percent));
    const counter = this.macroCounter++;
    const alt = this.altmacro;
    const origin = this.stmt.origin;
    const frame = { macro: def.name, file: origin.file, line: origin.line };
    const render = (t: string) => {
      const local = alt ? /^local\s+(.*)$/i.exec(t) : null;
      if (!local) return this.macroError(() => substitute(t, values, alt, counter));
      for (const name of local[1].split(/[\s,]+/).filter((n) => n !== '')) values.set(name, `.LL${(++this.altLocals).toString(16).padStart(4, '0')}`);
      return '';
    };
    this.reader.push(new ListSource(expandBody(def.body, frame, origin.expansion, render), def.name));
  }

  private macroError<T>(f: () => T): T {
    try {
      return f();
    } catch (e) {
      if (e instanceof MacroError) this.fail(e.message);
      throw e;
    }
  }

  /** Reads the body of a block up to its matching end directive (nested blocks of the same kind count). */
  collectBody(starts: ReadonlySet<string>, end: string, what: string): Statement[] {
    const origin = this.stmt.origin;
    const body: Statement[] = [];
    let depth = 1;
    for (;;) {
      const s = this.next();
      if (!s) this.fail(`end of input inside ${what}: no '.${end}'`, origin);
      const d = directiveWord(s.text);
      if (d !== undefined && starts.has(d)) depth++;
      else if (d === end && --depth === 0) {
        const labels = leadingLabels(s.text);
        if (labels !== '') body.push({ text: labels, origin: s.origin });
        return body;
      }
      body.push(s);
    }
  }

  // ---- sections ---------------------------------------------------------------------------------

  section(name: string, flags?: string, type?: SectionState['type'], entsize?: number): SectionState {
    let sec = this.sectionsByName.get(name);
    if (!sec) {
      const defaults = defaultAttributes(name);
      sec = this.newSection(name, flags ?? defaults.flags, type ?? defaults.type, entsize);
    } else if (flags !== undefined && flags !== sec.flags) {
      this.warn(`ignoring changed section attributes for ${name}`);
    }
    return sec;
  }

  newSection(name: string, flags: string, type: SectionState['type'], entsize: number | undefined): SectionState {
    const sec = new SectionState(this.sections.length, name, flags, type, entsize);
    this.sections.push(sec);
    this.sectionsByName.set(name, sec);
    return sec;
  }

  sectionNamed(name: string): SectionState | undefined {
    return this.sectionsByName.get(name);
  }

  subsection(section: SectionState, n: number): Subsection {
    let sub = section.subsections.get(n);
    if (!sub) {
      sub = new Subsection(++this.subIds, section, n);
      sub.frags.push(new Frag(++this.fragIds, sub, 0));
      section.subsections.set(n, sub);
    }
    return sub;
  }

  switchTo(sub: Subsection): void {
    this.prev = this.cur;
    this.cur = sub;
  }

  // ---- fragments and emission ---------------------------------------------------------------

  /** The fragment new content goes into (a new one after a variable-size tail). */
  openFrag(): Frag {
    const last = this.cur.last;
    if (!last.tail) return last;
    const f = new Frag(++this.fragIds, this.cur, last.relEnd);
    this.cur.frags.push(f);
    return f;
  }

  setTail(tail: Tail): void {
    const frag = this.openFrag();
    frag.tail = tail;
    frag.knownTailSize = this.tailSizeNow(frag, tail);
  }

  /** A tail's size while parsing, when it is certain (gas would know it no sooner than this). */
  private tailSizeNow(frag: Frag, tail: Tail): number | undefined {
    if (frag.relStart === undefined) return undefined;
    const at = frag.relStart + frag.size;
    if (tail.kind === 'align') {
      if (frag.sub.number !== 0) return undefined;
      const pad = alignPadding(at, tail.pow);
      return tail.max !== undefined && pad > tail.max ? 0 : pad;
    }
    if (tail.kind !== 'org') return undefined;
    const to = this.orgTargetNow(frag, tail.target);
    if (to === undefined) return undefined;
    if (to < at) this.fail('attempt to move .org backwards', tail.origin);
    return to - at;
  }

  private orgTargetNow(frag: Frag, target: Expr): number | undefined {
    let v: Linear;
    try {
      v = this.values.evalNow(target, frag, frag.size);
    } catch (e) {
      if (e instanceof EvalError) return undefined;
      throw e;
    }
    if (v.terms.length === 0) return frag.sub.number === 0 ? v.c.toNumber() : undefined;
    const t = v.terms[0];
    return v.terms.length === 1 && t.coef === 1 && t.basis === `sub:${frag.sub.id}` ? v.c.toNumber() : undefined;
  }

  noteCode(): void {
    this.cur.section.hasInstructions = true;
    this.recordAlignment(2);
  }

  recordAlignment(pow: number): void {
    const sec = this.cur.section;
    if (pow > sec.alignPow) sec.alignPow = pow;
  }

  emitBytes(bytes: ArrayLike<number>, directive: string): void {
    if (bytes.length === 0) return;
    const frag = this.openFrag();
    const offset = frag.reserve(bytes.length);
    frag.bytes.set(bytes, offset);
    frag.items.push({ kind: 'data', offset, size: bytes.length, directive, origin: this.stmt.origin });
  }

  emitFill(size: number, fill: number, directive: string): void {
    if (size <= 0) return;
    const frag = this.openFrag();
    const offset = frag.reserve(size);
    if (fill !== 0) frag.bytes.fill(fill & 0xff, offset, offset + size);
    frag.items.push({ kind: 'fill', offset, size, fill: fill === 0 ? 'zero' : 'value', directive, origin: this.stmt.origin });
  }

  /** A value of `size` bytes: written now when constant, else resolved after layout. */
  emitData(size: number, expr: Expr, directive: string): void {
    const frag = this.openFrag();
    const offset = frag.reserve(size);
    const origin = this.stmt.origin;
    frag.items.push({ kind: 'data', offset, size, directive, origin });
    const snap = this.values.snapshot(expr);
    const value = this.values.tryEvalNow(snap, frag, offset);
    if (value && value.terms.length === 0) this.writeConstant(frag, offset, size, value.c);
    else frag.pending.push({ kind: 'data', offset, size, expr: snap, origin, directive });
  }

  /** gas warns when the bits a value loses are neither all zeros nor all ones. */
  writeConstant(frag: Frag, offset: number, size: number, v: Long, origin: Origin = this.stmt.origin): void {
    if (size < 8) {
      const high = v.shiftRight(8 * size);
      if (!high.isZero() && !high.equals(Long.NEG_ONE)) {
        const kept = v.and(Long.ONE.shiftLeft(8 * size).subtract(1));
        this.warn(`value 0x${v.toUnsigned().toString(16)} truncated to 0x${kept.toString(16)}`, 'warning', origin);
      }
    }
    writeLE(frag.bytes, offset, size, v);
  }
}
