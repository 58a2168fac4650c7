// Macro expansion, modelled on GCC's cpplib so that results (and spacing) match it: a stack of token
// contexts over a base line; argument collection may continue onto following lines; arguments are
// fully expanded before substitution (unless operands of # or ##); replacement lists are rescanned
// with the macro disabled; padding tokens carry the whitespace information GCC's output uses.
import { cppError, type CppPos } from './errors.js';
import type { BuiltinKind, Macro } from './macro.js';
import { pasteTokens, stringize } from './token-ops.js';
import {
  AVOID_PASTE, BOL, END_ARG, EOF_TOKEN, NO_EXPAND, PASTE_LEFT, PREV_WHITE, STRINGIFY,
  isPunct, paddingToken, withFlags, type Token,
} from './token.js';
import type { ExpansionFrame } from '../util/diagnostics.js';

/** A line and column in the file being read: where a token "is" for __LINE__ and error messages. */
export interface LinePos {
  readonly line: number;
  readonly col: number;
}

export interface ExpanderHost {
  readonly macros: ReadonlyMap<string, Macro>;
  /** A position in the file being read, as reported (presumed file and line). */
  position(at: LinePos): CppPos;
  readonly maxContextDepth: number;
  /** Shared budget of tokens that expansions may still produce (guards against exponential growth). */
  readonly budget: { remaining: number };
  /** The next text line while collecting macro arguments (directives in between are processed). */
  argumentLine(): readonly Token[] | undefined;
  /** The next line, consumed only if it starts with `(` (a function-like macro name ends the line). */
  parenLine(): readonly Token[] | undefined;
  /** Expands a built-in macro: its tokens, or undefined to leave the name as it is. */
  builtin(kind: BuiltinKind, expander: Expander, name: Token, at: LinePos): readonly Token[] | undefined;
  warn(message: string, at: CppPos): void;
}

interface Context {
  readonly tokens: readonly Token[];
  pos: number;
  /** The macro whose expansion this context belongs to (inherited by helper contexts). */
  readonly macro: Macro | null;
  /** Where every token of the context is, for a macro's expansion. */
  readonly at: LinePos | null;
  /** Per-token positions, for an argument being pre-expanded. */
  readonly positions: readonly LinePos[] | null;
  /** Pushed by expanding `macro` (shown as a frame in error messages). */
  readonly expansion: boolean;
}

interface Argument {
  readonly tokens: Token[];
  readonly positions: LinePos[];
  /** A variadic argument left out entirely (GNU `, ## args` then drops the comma). */
  omitted: boolean;
  expanded?: readonly Token[];
  stringized?: Token;
}

export class Expander {
  private readonly stack: Context[] = [];
  private base: readonly Token[];
  private basePos = 0;
  private preventExpansion = 0;
  /** 1: looking for the `(` of a function-like macro; 2: collecting its arguments. */
  private parsingArgs: 0 | 1 | 2 = 0;
  private aboutToExpand = false;
  /** Position of the token last returned by getToken(). */
  lastPos: LinePos = { line: 0, col: 0 };
  /** The outermost macro of the current expansion and where it was invoked (GCC's __LINE__ rules). */
  topMost: Macro | null = null;
  invocationPos: LinePos = { line: 0, col: 0 };

  constructor(
    private readonly host: ExpanderHost,
    tokens: readonly Token[],
    readonly inDirective: boolean,
  ) {
    this.base = tokens;
  }

  setExpansion(enabled: boolean): void {
    this.preventExpansion += enabled ? -1 : 1;
  }

  /** The next token, skipping padding. */
  getTokenNoPadding(): Token {
    for (;;) {
      const t = this.getToken();
      if (t.kind !== 'padding') return t;
    }
  }

  getToken(): Token {
    for (;;) {
      const ctx = this.stack[this.stack.length - 1];
      let tok: Token;
      if (ctx === undefined) {
        tok = this.nextBaseToken();
        this.lastPos = tok;
      } else if (ctx.pos < ctx.tokens.length) {
        const i = ctx.pos++;
        tok = ctx.tokens[i];
        this.lastPos = ctx.at ?? ctx.positions?.[i] ?? tok;
        if (tok.flags & PASTE_LEFT) {
          this.pasteAll(tok);
          if (this.inDirective) continue;
          return paddingToken(tok);
        }
      } else {
        this.popContext();
        if (this.inDirective) continue;
        return AVOID_PASTE;
      }
      if (tok.kind !== 'name' || tok.flags & NO_EXPAND) return tok;
      const macro = this.host.macros.get(tok.text);
      if (macro === undefined) return tok;
      if (macro.disabled) return withFlags(tok, tok.flags | NO_EXPAND);
      if (!this.aboutToExpand && (ctx === undefined || ctx.macro === null)) {
        this.topMost = macro;
        this.invocationPos = this.lastPos;
      }
      if (this.preventExpansion > 0) return tok;
      const at = this.lastPos;
      if (this.enterMacro(macro, tok, at)) {
        if (this.inDirective) continue;
        return paddingToken(tok);
      }
      this.lastPos = at;
      return tok;
    }
  }

  /** Macro invocation frames around the current position, innermost first. */
  frames(): ExpansionFrame[] {
    const frames: ExpansionFrame[] = [];
    for (let i = this.stack.length - 1; i >= 0; i--) {
      const c = this.stack[i];
      if (c.expansion && c.macro !== null && c.at !== null) {
        const { file, line } = this.host.position(c.at);
        frames.push({ macro: c.macro.name, file, line });
      }
    }
    return frames;
  }

  /** Positions always refer to the source text being read: tokens from a macro are where it was invoked. */
  private fail(message: string, at: LinePos, kind: 'input' | 'limit' = 'input'): never {
    throw cppError(message, this.host.position(at), this.frames(), kind);
  }

  private nextBaseToken(): Token {
    for (;;) {
      if (this.basePos < this.base.length) return this.base[this.basePos++];
      if (this.inDirective || this.parsingArgs === 0) return EOF_TOKEN;
      const line = this.parsingArgs === 2 ? this.host.argumentLine() : this.host.parenLine();
      if (line === undefined) return EOF_TOKEN;
      // A newline inside macro arguments counts as whitespace.
      this.base = this.parsingArgs === 2 ? [withFlags(line[0], line[0].flags | PREV_WHITE | BOL), ...line.slice(1)] : line;
      this.basePos = 0;
    }
  }

  private backup(): void {
    const ctx = this.stack[this.stack.length - 1];
    if (ctx === undefined) this.basePos--;
    else ctx.pos--;
  }

  private push(tokens: readonly Token[], macro: Macro | null, at: LinePos | null, positions: readonly LinePos[] | null, expansion: boolean): void {
    if (this.stack.length >= this.host.maxContextDepth) {
      this.fail(`macro expansion nested deeper than ${this.host.maxContextDepth} levels`, this.lastPos, 'limit');
    }
    const owner = macro ?? this.stack[this.stack.length - 1]?.macro ?? null;
    this.stack.push({ tokens, pos: 0, macro: owner, at, positions, expansion });
  }

  private popContext(): void {
    const ctx = this.stack.pop();
    if (ctx?.macro && this.stack[this.stack.length - 1]?.macro !== ctx.macro) ctx.macro.disabled = false;
  }

  private spend(count: number): void {
    const budget = this.host.budget;
    budget.remaining -= count;
    if (budget.remaining < 0) this.fail('macro expansion produced too many tokens (runaway expansion?)', this.lastPos, 'limit');
  }

  private enterMacro(macro: Macro, name: Token, at: LinePos): boolean {
    const saved = this.aboutToExpand;
    this.aboutToExpand = true;
    try {
      if (macro.builtin !== undefined) return this.enterBuiltin(macro.builtin, name, at);
      let body = macro.body;
      if (macro.funLike) {
        const args = this.invocationArguments(macro, name, at);
        if (args === undefined) return false;
        if (macro.params.length > 0) body = this.replaceArgs(macro, args);
      }
      this.spend(body.length);
      macro.disabled = true;
      this.push(body, macro, at, null, true);
      return true;
    } finally {
      this.aboutToExpand = saved;
    }
  }

  private enterBuiltin(kind: BuiltinKind, name: Token, at: LinePos): boolean {
    const tokens = this.host.builtin(kind, this, name, at);
    if (tokens === undefined) return false;
    this.push(tokens, null, at, null, false);
    return true;
  }

  private invocationArguments(macro: Macro, name: Token, at: LinePos): Argument[] | undefined {
    this.preventExpansion++;
    this.parsingArgs = 1;
    try {
      return this.funlikeInvocation(macro, name, at);
    } finally {
      this.parsingArgs = 0;
      this.preventExpansion--;
    }
  }

  /** Looks for the `(`; if there is none, puts back what was read (keeping its spacing). */
  private funlikeInvocation(macro: Macro, name: Token, at: LinePos): Argument[] | undefined {
    let padding: Token | null = null;
    let tok: Token;
    for (;;) {
      tok = this.getToken();
      if (tok.kind !== 'padding') break;
      if (padding === null || padding.src === null || (!(padding.src.flags & PREV_WHITE) && tok.src === null)) padding = tok;
    }
    if (isPunct(tok, '(')) {
      this.parsingArgs = 2;
      return this.collectArgs(macro, name, at);
    }
    if (tok.kind !== 'eof' || tok === END_ARG) {
      this.backup();
      if (padding !== null) this.push([padding], null, this.lastPos, null, false);
    }
    return undefined;
  }

  private collectArgs(macro: Macro, name: Token, at: LinePos): Argument[] {
    const paramc = macro.params.length;
    const args: Argument[] = [];
    let tok: Token;
    do {
      const arg: Argument = { tokens: [], positions: [], omitted: false };
      args.push(arg);
      tok = this.collectArg(arg, macro.variadic && args.length === paramc);
    } while (!isPunct(tok, ')') && tok.kind !== 'eof');
    if (tok.kind === 'eof') {
      if (tok === END_ARG) this.backup();
      this.fail(`unterminated argument list invoking macro "${macro.name}"`, at);
    }
    let argc = args.length;
    if (argc === 1 && paramc === 0 && args[0].tokens.length === 0) argc = 0;
    this.checkArgCount(macro, argc, at);
    if (macro.variadic && (argc < paramc || (argc === 1 && args[0].tokens.length === 0))) {
      while (args.length < paramc) args.push({ tokens: [], positions: [], omitted: false });
      args[paramc - 1].omitted = true;
    }
    return args;
  }

  /** Reads one argument; returns the token that ended it (`,` `)` or eof). */
  private collectArg(arg: Argument, takesCommas: boolean): Token {
    let depth = 0;
    for (;;) {
      const tok = this.getToken();
      if (tok.kind === 'padding') {
        if (arg.tokens.length === 0) continue;
      } else if (tok.kind === 'punct') {
        if (tok.text === '(') depth++;
        else if (tok.text === ')' && depth-- === 0) return this.trimArg(arg, tok);
        else if (tok.text === ',' && depth === 0 && !takesCommas) return this.trimArg(arg, tok);
        // An assembler `#` line inside the arguments ends the argument (and is dropped), as in GCC.
        else if (tok.text === '#' && tok.flags & BOL) return this.trimArg(arg, tok);
      } else if (tok.kind === 'eof') return this.trimArg(arg, tok);
      arg.tokens.push(tok);
      arg.positions.push(this.lastPos);
      if (arg.tokens.length % 1024 === 0) this.spend(1024);
    }
  }

  private trimArg(arg: Argument, end: Token): Token {
    while (arg.tokens.length > 0 && arg.tokens[arg.tokens.length - 1].kind === 'padding') {
      arg.tokens.pop();
      arg.positions.pop();
    }
    return end;
  }

  private checkArgCount(macro: Macro, argc: number, at: LinePos): void {
    const paramc = macro.params.length;
    if (argc === paramc || (argc + 1 === paramc && macro.variadic)) return;
    if (argc < paramc) this.fail(`macro "${macro.name}" requires ${paramc} arguments, but only ${argc} given`, at);
    this.fail(`macro "${macro.name}" passed ${argc} arguments, but takes just ${paramc}`, at);
  }

  /** The replacement list with parameters replaced by (expanded, stringized or raw) arguments. */
  private replaceArgs(macro: Macro, args: Argument[]): Token[] {
    const body = macro.body;
    const out: Token[] = [];
    for (let i = 0; i < body.length; i++) {
      const src = body[i];
      if (src.kind !== 'param') {
        out.push(src);
        continue;
      }
      const arg = args[src.arg];
      const afterPaste = i > 0 && (body[i - 1].flags & PASTE_LEFT) !== 0;
      let pasteFlagAt = -1;
      let from: readonly Token[];
      if (src.flags & STRINGIFY) from = [this.stringized(arg)];
      else if (src.flags & PASTE_LEFT) from = arg.tokens;
      else if (afterPaste) {
        from = arg.tokens;
        const last = out.length - 1;
        if (last >= 0) {
          if (isPunct(out[last], ',') && macro.variadic && src.arg === macro.params.length - 1) {
            if (arg.omitted) out.pop();
            else pasteFlagAt = last;
          } else if (from.length === 0) pasteFlagAt = last;
        }
      } else from = (arg.expanded ??= this.expandArg(arg));
      if (!this.inDirective && i > 0 && !afterPaste) out.push(paddingToken(src));
      if (from.length > 0) {
        for (const t of from) out.push(t);
        if (src.flags & PASTE_LEFT) pasteFlagAt = out.length - 1;
      }
      if (!this.inDirective && !(src.flags & PASTE_LEFT)) out.push(AVOID_PASTE);
      if (pasteFlagAt >= 0) {
        const t = out[pasteFlagAt];
        out[pasteFlagAt] = withFlags(t, (t.flags & ~PASTE_LEFT) | (src.flags & PASTE_LEFT));
      }
    }
    return out;
  }

  private stringized(arg: Argument): Token {
    if (arg.stringized === undefined) {
      const first = arg.tokens[0] ?? EOF_TOKEN;
      const { token, droppedBackslash } = stringize(arg.tokens, first);
      if (droppedBackslash) this.host.warn("invalid string literal, ignoring final '\\'", this.host.position(this.lastPos));
      arg.stringized = token;
    }
    return arg.stringized;
  }

  /** An argument fully macro-expanded on its own, before substitution. */
  private expandArg(arg: Argument): Token[] {
    if (arg.tokens.length === 0) return [];
    this.push([...arg.tokens, END_ARG], null, null, [...arg.positions, this.lastPos], false);
    const out: Token[] = [];
    for (let t = this.getToken(); t.kind !== 'eof'; t = this.getToken()) out.push(t);
    this.popContext();
    this.spend(out.length);
    return out;
  }

  /** Handles `lhs ## rhs ## …` at the front of the current context; the result gets its own context. */
  private pasteAll(first: Token): void {
    const ctx = this.stack[this.stack.length - 1];
    const at = this.lastPos;
    let lhs = first;
    for (;;) {
      const rhs = ctx.tokens[ctx.pos];
      if (rhs === undefined) break;
      ctx.pos++;
      const pasted = pasteTokens(lhs, rhs);
      if (pasted === undefined) {
        ctx.pos--;
        break;
      }
      lhs = pasted;
      if (!(rhs.flags & PASTE_LEFT)) break;
    }
    this.push([withFlags(lhs, lhs.flags & ~PASTE_LEFT)], null, at, null, false);
  }
}
