// The preprocessor's state and main loop: a stack of files being read, the macro table, and the
// output lines with their line map. Directives are handled by the table in directives.ts.
import { dirname, type SourceTree } from '../tree/source-tree.js';
import { HypsimError, type Diagnostic } from '../util/diagnostics.js';
import { expandBuiltin, type BuiltinEnv } from './builtins.js';
import { cppError, cppWarning, type CppPos } from './errors.js';
import { Expander, type ExpanderHost, type LinePos } from './expander.js';
import {
  FOUND_BESIDE_INCLUDER, NOT_SEARCHED, candidatePath, describeSearchPath, findIncludeGuard, searchPath,
  type Candidate, type IncludeRequest,
} from './include.js';
import { lexFile, lexFragment, type LexedFile, type SourceLine } from './lexer.js';
import { BUILTIN_MACROS, builtinMacro, parseDefine, sameDefinition, type BuiltinKind, type Macro } from './macro.js';
import { PREDEFINED_MACROS } from './predefined.js';
import { LinePrinter } from './printer.js';
import { isPunct, type Token } from './token.js';
import { DEFAULT_LIMITS, type PpLine, type PreprocessOptions, type PreprocessResult } from './types.js';
import { runDirective } from './directives.js';
import { runPragma } from './pragma.js';

export interface CondFrame {
  /** The opening directive: if, ifdef or ifndef. */
  readonly directive: string;
  readonly pos: CppPos;
  /** The enclosing group was being skipped: nothing in this one is processed. */
  readonly wasSkipping: boolean;
  /** A group of this conditional has been taken (later #elif/#else are skipped). */
  taken: boolean;
  sawElse: boolean;
}

export interface FileFrame {
  /** Tree-relative path. */
  readonly path: string;
  readonly lexed: LexedFile;
  /** How the file was found (index into includeDirs, FOUND_BESIDE_INCLUDER or NOT_SEARCHED). */
  readonly dirIndex: number;
  /** __INCLUDE_LEVEL__ inside the file. */
  readonly level: number;
  /** Next logical line to read. */
  index: number;
  readonly conds: CondFrame[];
  skipping: boolean;
  /** #line changes these. */
  presumedFile: string;
  lineDelta: number;
}

/** `-D name=value` as a macro. */
function macroFromText(name: string, value: string, file: string, warn: (message: string, at: CppPos) => void): Macro {
  const directive = { file, line: 1, col: 1 };
  const site = { file, directive, pos: (t: Token) => ({ file, line: 1, col: t.col }), warn };
  return parseDefine(lexFragment(`${name} ${value}`), site);
}

let predefinedCache: readonly Macro[] | undefined;

/** Parsed once per process; each run copies them (the `disabled` flag is per run). */
function predefinedMacros(): readonly Macro[] {
  return (predefinedCache ??= PREDEFINED_MACROS.map(([name, value]) => macroFromText(name, value, '<built-in>', () => undefined)));
}

export class Preprocessor implements ExpanderHost {
  readonly macros = new Map<string, Macro>();
  readonly maxContextDepth: number;
  readonly budget: { remaining: number } = { remaining: DEFAULT_LIMITS.expansionTokens };
  readonly onceFiles = new Set<string>();
  readonly assertions = new Map<string, Set<string>>();
  readonly pushedMacros = new Map<string, Array<Macro | undefined>>();
  readonly warnings: Diagnostic[] = [];
  private readonly frames: FileFrame[] = [];
  private readonly lines: PpLine[] = [];
  private readonly files: string[] = [];
  private readonly sources = new Map<string, string | undefined>();
  private readonly lexedFiles = new Map<string, LexedFile>();
  private readonly guards = new Map<string, string | undefined>();
  private readonly printer = new LinePrinter();
  private readonly includeDepth: number;
  private readonly outputLines: number;
  private counter = 0;
  private current: SourceLine | undefined;

  constructor(
    private readonly tree: SourceTree,
    readonly mainFile: string,
    private readonly options: PreprocessOptions,
  ) {
    const limits = options.limits ?? {};
    this.includeDepth = limits.includeDepth ?? DEFAULT_LIMITS.includeDepth;
    this.maxContextDepth = limits.expansionDepth ?? DEFAULT_LIMITS.expansionDepth;
    this.outputLines = limits.outputLines ?? DEFAULT_LIMITS.outputLines;
  }

  run(): PreprocessResult {
    try {
      this.defineInitialMacros();
      const main = this.lexed(this.mainFile);
      if (main === undefined) throw new HypsimError(`${this.mainFile}: No such file`);
      for (const name of this.options.forcedIncludes ?? []) {
        this.includeForced(name);
        this.drain();
      }
      this.pushFile(this.mainFile, main, NOT_SEARCHED, 0);
      this.drain();
    } catch (e) {
      throw this.asHypsimError(e);
    }
    return { lines: this.lines, files: this.files, warnings: this.warnings };
  }

  // ---- the current file -------------------------------------------------------------------

  get top(): FileFrame | undefined {
    return this.frames[this.frames.length - 1];
  }

  get file(): string {
    return this.top?.presumedFile ?? this.mainFile;
  }

  /** A position in the current file (physical line → presumed). */
  position(t: LinePos): CppPos {
    const frame = this.top;
    return { file: this.file, line: t.line + (frame?.lineDelta ?? 0), col: t.col };
  }

  warn(message: string, at: CppPos): void {
    this.warnings.push(cppWarning(message, at));
  }

  // ---- reading lines ----------------------------------------------------------------------

  private drain(): void {
    for (let line = this.nextTextLine(false); line !== undefined; line = this.nextTextLine(false)) this.emitLine(line);
  }

  /**
   * The next line of text to expand, after running the directives before it. While collecting
   * macro arguments (`inArgs`) it stops at the end of the current file, as GCC does.
   */
  private nextTextLine(inArgs: boolean): SourceLine | undefined {
    for (;;) {
      const frame = this.top;
      if (frame === undefined) return undefined;
      const lines = frame.lexed.lines;
      if (frame.index >= lines.length) {
        if (inArgs) return undefined;
        this.endFile(frame);
        continue;
      }
      const line = lines[frame.index++];
      this.current = line;
      if (line.directive) runDirective(this, frame, line, inArgs);
      else if (!frame.skipping) return line;
    }
  }

  private emitLine(line: SourceLine): void {
    const frame = this.top as FileFrame;
    const file = frame.presumedFile;
    const lineNo = line.line + frame.lineDelta;
    const tokens = line.tokens();
    const ex = new Expander(this, tokens, false);
    this.printer.begin(tokens[0]);
    for (let t = ex.getToken(); t.kind !== 'eof'; t = ex.getToken()) this.printer.push(t);
    const text = this.printer.end();
    if (text === '') return;
    if (this.lines.length >= this.outputLines) {
      throw cppError(`preprocessed output exceeds ${this.outputLines} lines`, { file, line: lineNo, col: 1 }, [], 'limit');
    }
    this.lines.push({ text, file, line: lineNo });
  }

  argumentLine(): readonly Token[] | undefined {
    return this.nextTextLine(true)?.tokens();
  }

  parenLine(): readonly Token[] | undefined {
    const frame = this.top;
    const next = frame?.lexed.lines[frame.index];
    if (frame === undefined || next === undefined || next.directive) return undefined;
    const tokens = next.tokens();
    if (!isPunct(tokens[0], '(')) return undefined;
    frame.index++;
    this.current = next;
    return tokens;
  }

  // ---- files ------------------------------------------------------------------------------

  private read(path: string): string | undefined {
    // exists() first: on a disk tree a failed read costs an exception, and most probes miss.
    if (!this.sources.has(path)) this.sources.set(path, this.tree.exists(path) ? this.tree.read(path) : undefined);
    return this.sources.get(path);
  }

  private lexed(path: string): LexedFile | undefined {
    let lexed = this.lexedFiles.get(path);
    if (lexed !== undefined) return lexed;
    const text = this.read(path);
    if (text === undefined) return undefined;
    lexed = lexFile(text);
    this.lexedFiles.set(path, lexed);
    this.files.push(path);
    for (const s of lexed.spacedSplices) this.warn('backslash and newline separated by space', { file: path, ...s });
    return lexed;
  }

  private pushFile(path: string, lexed: LexedFile, dirIndex: number, level: number): void {
    this.frames.push({ path, lexed, dirIndex, level, index: 0, conds: [], skipping: false, presumedFile: path, lineDelta: 0 });
  }

  private endFile(frame: FileFrame): void {
    const comment = frame.lexed.unterminatedComment;
    if (comment !== undefined) throw cppError('unterminated comment', { file: frame.presumedFile, ...comment });
    const open = frame.conds[frame.conds.length - 1];
    if (open !== undefined) throw cppError(`unterminated #${open.directive}`, open.pos);
    this.frames.pop();
  }

  private find(candidates: readonly Candidate[], name: string): { path: string; dirIndex: number } | undefined {
    for (const c of candidates) {
      const path = candidatePath(c, name, this.options.pathSpelling);
      if (this.read(path) !== undefined) return { path, dirIndex: c.dirIndex };
    }
    return undefined;
  }

  includeFile(req: IncludeRequest, once: boolean, at: CppPos): void {
    const candidates = searchPath(req, this.options.includeDirs);
    const found = this.find(candidates, req.name);
    if (found === undefined) throw cppError(`${req.name}: No such file (searched: ${describeSearchPath(candidates)})`, at);
    this.enterFile(found.path, found.dirIndex, once, at);
  }

  /** -include: like GCC, the working directory (the tree root) first, then the include path; not the main file's directory. */
  private includeForced(name: string): void {
    const at: CppPos = { file: '<command-line>', line: 1, col: 1 };
    const quoted = searchPath({ name, angled: false, next: false, from: this.mainFile, fromDir: NOT_SEARCHED }, this.options.includeDirs);
    const mainDir = dirname(this.mainFile);
    const candidates: Candidate[] = [{ dir: '', dirIndex: FOUND_BESIDE_INCLUDER }, ...quoted.filter((c) => c.dir !== '' && !(c.dirIndex === FOUND_BESIDE_INCLUDER && c.dir === mainDir))];
    const found = this.find(candidates, name);
    if (found === undefined) throw cppError(`${name}: No such file (searched: ${describeSearchPath(candidates)})`, at);
    this.enterFile(found.path, found.dirIndex, false, at, 1);
  }

  private enterFile(path: string, dirIndex: number, once: boolean, at: CppPos, level = (this.top?.level ?? 0) + 1): void {
    if (this.onceFiles.has(path)) return;
    const lexed = this.lexed(path) as LexedFile;
    const guard = this.guardOf(path, lexed);
    if (guard !== undefined && this.macros.has(guard)) return;
    if (this.frames.length >= this.includeDepth) throw this.depthError(path, at);
    if (once) this.onceFiles.add(path);
    this.pushFile(path, lexed, dirIndex, level);
  }

  private guardOf(path: string, lexed: LexedFile): string | undefined {
    if (!this.guards.has(path)) this.guards.set(path, findIncludeGuard(lexed));
    return this.guards.get(path);
  }

  private depthError(path: string, at: CppPos): HypsimError {
    const stack = this.frames.map((f) => f.path);
    const last = stack.lastIndexOf(path);
    const cycle = last >= 0 ? ` (include cycle: ${[...stack.slice(last), path].join(' -> ')})` : '';
    return cppError(`#include nested depth ${this.frames.length} exceeds maximum of ${this.includeDepth}${cycle}`, at, [], 'limit');
  }

  hasInclude(name: string, angled: boolean, next: boolean): boolean {
    const frame = this.top;
    const req = { name, angled, next, from: frame?.path ?? this.mainFile, fromDir: frame?.dirIndex ?? NOT_SEARCHED };
    return this.find(searchPath(req, this.options.includeDirs), name) !== undefined;
  }

  // ---- macros -----------------------------------------------------------------------------

  private defineInitialMacros(): void {
    for (const [name, kind] of BUILTIN_MACROS) this.macros.set(name, builtinMacro(name, kind));
    if (this.options.predefinedMacros !== undefined) {
      for (const [name, value] of this.options.predefinedMacros) {
        const m = macroFromText(name, value, '<built-in>', () => undefined);
        this.macros.set(m.name, m);
      }
    } else if (this.options.predefined ?? true) {
      for (const m of predefinedMacros()) this.macros.set(m.name, { ...m, disabled: false });
    }
    for (const [name, value] of this.options.defines ?? []) this.defineText(name, value, '<command-line>');
    for (const name of this.options.undefs ?? []) this.macros.delete(name);
  }

  private defineText(name: string, value: string, file: string): void {
    this.define(macroFromText(name, value, file, (m, at) => this.warn(m, at)), { file, line: 1, col: 1 });
  }

  define(macro: Macro, at: CppPos): void {
    const old = this.macros.get(macro.name);
    if (old !== undefined && (old.builtin !== undefined || !sameDefinition(old, macro))) this.warn(`"${macro.name}" redefined`, at);
    this.macros.set(macro.name, macro);
  }

  builtin(kind: BuiltinKind, ex: Expander, name: Token, at: LinePos): readonly Token[] | undefined {
    return expandBuiltin(kind, this.builtinEnv(), ex, name, at);
  }

  /** A file name as __FILE__ spells it, after -fmacro-prefix-map. */
  private macroFileName(file: string): string {
    for (const [from, to] of this.options.macroPrefixMap ?? []) if (file.startsWith(from)) return to + file.slice(from.length);
    return file;
  }

  private builtinEnv(): BuiltinEnv {
    const frame = this.top;
    return {
      file: this.macroFileName(this.file),
      baseFile: this.macroFileName(this.mainFile),
      includeLevel: frame?.level ?? 0,
      presumedLine: (line) => line + (frame?.lineDelta ?? 0),
      nextCounter: () => this.counter++,
      hasInclude: (name, angled, next) => this.hasInclude(name, angled, next),
      runPragma: (tokens, at) => runPragma(this, tokens, at),
    };
  }

  /** An expander over a directive's operand tokens. */
  directiveExpander(tokens: readonly Token[]): Expander {
    return new Expander(this, tokens, true);
  }

  // ---- errors -----------------------------------------------------------------------------

  private asHypsimError(e: unknown): HypsimError {
    if (e instanceof HypsimError) return e;
    const line = this.current;
    const at: CppPos = { file: this.file, line: line ? line.line + (this.top?.lineDelta ?? 0) : 1, col: 1 };
    if (e instanceof RangeError) return cppError('macro or expression nesting too deep for the preprocessor', at, [], 'limit');
    const message = e instanceof Error ? e.message : String(e);
    return cppError(`internal preprocessor error: ${message}`, at);
  }
}

