// The second pass: lay sections out (subsection 0, 1, … in order; alignment and `.org` sizes
// settled by iterating), encode instructions, resolve data, decide between resolving a fixup
// here and leaving a relocation, and build the Program.
import Long from 'long';
import { AsmError, applyFixup, assembleInstruction, type AsmEnv, type Fixup } from '../a64/assemble.js';
import type { Expr, Value } from '../ir/expr.js';
import type { Item, Program, Reloc, RelocType, Section, SymbolInfo } from '../ir/program.js';
import { HypsimError, type Origin } from '../util/diagnostics.js';
import type { Assembler } from './assembler.js';
import { advanceBytes } from './frames.js';
import { alignPadding, readWord, writeLE } from './bytes.js';
import { EvalError, describeTerms, evaluate, type Resolver } from './evaluate.js';
import { finishDwarf, prepareViews } from './dwarf-finish.js';
import { lebBytes, lebSize, lebValue } from './leb128.js';
import { fileSymbols, withFunctions } from './origins.js';
import type { Linear, Term } from './linear.js';
import type { Frag, Pending, SectionState, Tail } from './sections.js';
import { LocalLabels, isHiddenName, isTemporaryName, type SymDef, type SymbolEntry } from './symbols.js';

const NOP = 0xd503201f;
const MAX_LAYOUT_PASSES = 64;

/** Fixups gas resolves itself when the target is a local symbol of the same section. */
const PC_RELATIVE = new Set<RelocType>(['JUMP26', 'CALL26', 'CONDBR19', 'TSTBR14', 'LD_PREL_LO19', 'ADR_PREL_LO21']);

const DATA_RELOCS: Record<number, { abs: RelocType; prel: RelocType }> = {
  2: { abs: 'ABS16', prel: 'PREL16' },
  4: { abs: 'ABS32', prel: 'PREL32' },
  8: { abs: 'ABS64', prel: 'PREL64' },
};

/** Data written as `sym - .`: gas's fixup keeps a subtracted symbol, so a mergeable target keeps its label. */
const DATA_PC_RELATIVE = new Set<RelocType>(['PREL16', 'PREL32', 'PREL64']);

interface Target {
  readonly section?: SectionState;
  readonly offset: number;
  /** Global, weak or undefined: relocations must name the symbol, and gas never resolves them here. */
  readonly forced: boolean;
}

class Finalizer {
  private readonly relocs = new Map<SectionState, Reloc[]>();
  private evalDepth = 0;
  /** While evaluating `.size`: a weak symbol is just its place (only relocations must name it). */
  private weakAsPlace = false;

  constructor(private readonly asm: Assembler) {}

  fail(message: string, origin: Origin): never {
    throw new HypsimError(message, origin);
  }

  // ---- values after layout ----------------------------------------------------------------------

  /** For values without a place of their own (symbol definitions, sizes): `.` was captured earlier. */
  private readonly placeless: Resolver = {
    symbol: (name) => this.symbolValue(name, this.placeless),
    dot: () => {
      throw new EvalError("'.' has no meaning here");
    },
  };

  resolver(dotFrag: Frag, dotOffset: number): Resolver {
    const r: Resolver = {
      symbol: (name) => this.symbolValue(name, r),
      dot: () => this.place(dotFrag, dotOffset),
    };
    return r;
  }

  private place(frag: Frag, offset: number, via?: string, forced = false): Linear {
    const term: Term = { basis: sectionBasis(frag.sub.section), coef: 1, ...(via !== undefined ? { via } : {}), ...(forced ? { forced } : {}) };
    return { c: Long.fromNumber(frag.address + offset), terms: [term] };
  }

  private symbolValue(name: string, r: Resolver): Linear {
    if (++this.evalDepth > 500) throw new EvalError(`symbol '${name}' is defined in terms of itself`);
    try {
      const hidden = this.asm.symbols.lookupHidden(name);
      if (hidden) {
        if (!hidden.def) throw new EvalError(`internal: unplaced symbol ${name}`);
        return this.defValue(hidden.def, hidden.entry, r, name);
      }
      const e = this.asm.symbols.get(name);
      if (e?.eqv) return evaluate(e.eqv, r);
      const v = e?.versions[0];
      const sec = this.asm.sectionNamed(name);
      if (!v && sec) return { c: Long.ZERO, terms: [{ basis: sectionBasis(sec), coef: 1 }] };
      if (!e || !v) return { c: Long.ZERO, terms: [{ basis: `undef:${name}`, coef: 1, via: name, forced: true }] };
      return this.defValue(v.def, e, r, name);
    } finally {
      this.evalDepth--;
    }
  }

  private defValue(def: SymDef, entry: SymbolEntry | undefined, r: Resolver, name: string): Linear {
    if (def.kind === 'expr') return this.aliasValue(evaluate(def.expr, r), entry);
    if (entry?.binding === 'weak' && !this.weakAsPlace) return { c: Long.ZERO, terms: [{ basis: `weak:${entry.name}`, coef: 1, via: entry.name, forced: true }] };
    return this.place(def.frag, def.offset, name, entry?.binding === 'global');
  }

  /**
   * `.set alias, expr` with a place in a section for value: gas makes the alias a label there,
   * so relocations name the alias (when it is global or weak) or its section, never the target.
   */
  private aliasValue(v: Linear, entry: SymbolEntry | undefined): Linear {
    const t = v.terms[0];
    if (!entry || v.terms.length !== 1 || t.coef !== 1 || !t.basis.startsWith('sec:')) return v;
    if (entry.binding === 'weak' && !this.weakAsPlace) return { c: Long.ZERO, terms: [{ basis: `weak:${entry.name}`, coef: 1, via: entry.name, forced: true }] };
    return { c: v.c, terms: [{ basis: t.basis, coef: 1, via: entry.name, ...(entry.binding === 'global' ? { forced: true } : {}) }] };
  }

  evalAt(e: Expr, frag: Frag, offset: number, origin: Origin): Linear {
    try {
      return evaluate(e, this.resolver(frag, offset));
    } catch (err) {
      if (err instanceof EvalError) this.fail(err.message, origin);
      throw err;
    }
  }

  /** Where a symbol named in a Value lives. */
  private target(name: string): Target {
    const sec = this.asm.sectionNamed(name);
    if (sec) return { section: sec, offset: 0, forced: false };
    const v = this.symbolValue(name, this.placeless);
    const t = v.terms[0];
    const entry = this.asm.symbols.get(name) ?? this.asm.symbols.lookupHidden(name)?.entry;
    if (v.terms.length === 1 && t.coef === 1 && t.basis.startsWith('sec:')) {
      const forced = entry !== undefined && entry.binding !== 'local';
      return { section: this.asm.sections[Number(t.basis.slice(4))], offset: v.c.toNumber(), forced };
    }
    return { offset: 0, forced: true };
  }

  /** The Value the a64 encoder sees: a constant or one symbol (+ addend), possibly minus `.`. */
  toValue(v: Linear, placeSection: SectionState, place: number): Value {
    if (v.terms.length === 0) return { kind: 'const', v: v.c };
    const pos = v.terms.filter((t) => t.coef === 1);
    const neg = v.terms.filter((t) => t.coef === -1);
    if (pos.length === 1 && v.terms.length === 1) return { kind: 'symbolic', symbol: this.termName(pos[0]), addend: v.c.subtract(this.termBase(pos[0])), pcrel: false };
    if (pos.length === 1 && neg.length === 1 && v.terms.length === 2 && neg[0].basis === sectionBasis(placeSection)) {
      return { kind: 'symbolic', symbol: this.termName(pos[0]), addend: v.c.add(place).subtract(this.termBase(pos[0])), pcrel: true };
    }
    throw new EvalError(`expression cannot be represented as a relocation (${describeTerms(v)})`);
  }

  private termName(t: Term): string {
    if (t.via !== undefined) return t.via;
    if (t.basis.startsWith('sec:')) return this.asm.sections[Number(t.basis.slice(4))].name;
    return t.basis.slice(t.basis.indexOf(':') + 1);
  }

  private termBase(t: Term): Long {
    if (t.via === undefined || !t.basis.startsWith('sec:')) return Long.ZERO;
    return Long.fromNumber(this.target(t.via).offset);
  }

  // ---- layout -------------------------------------------------------------------------------------

  layout(): void {
    let moving: Tail | undefined;
    for (let pass = 0; pass < MAX_LAYOUT_PASSES; pass++) {
      let changed = false;
      for (const sec of this.asm.sections) {
        let at = 0;
        for (const sub of sec.ordered()) {
          for (const frag of sub.frags) {
            if (frag.address !== at) changed = true;
            frag.address = at;
            at += frag.size;
            if (frag.tail) {
              const size = Math.max(0, this.tailSize(frag, frag.tail, at));
              if (size !== frag.tailSize) {
                changed = true;
                moving = frag.tail;
              }
              frag.tailSize = size;
              at += size;
            }
          }
        }
        sec.size = at;
      }
      if (!changed && pass > 0) return this.checkOrgs();
    }
    this.fail('the layout does not settle: this depends on addresses that move with it', moving?.origin ?? this.asm.stmt.origin);
  }

  private tailSize(frag: Frag, tail: Tail, at: number): number {
    switch (tail.kind) {
      case 'align': {
        const pad = alignPadding(at, tail.pow);
        return tail.max !== undefined && pad > tail.max ? 0 : pad;
      }
      case 'space': {
        const v = this.evalAt(tail.count, frag, frag.size, tail.origin);
        if (v.terms.length > 0) this.fail(`${tail.directive} size must be a constant expression`, tail.origin);
        if (v.c.isNegative()) this.fail(`${tail.directive} size is negative`, tail.origin);
        return v.c.toNumber();
      }
      case 'org':
        return this.orgTarget(frag, tail) - at;
      case 'leb128':
        return lebSize(this.lebValue(frag, tail), tail.signed);
      case 'cfa_advance':
        return this.advance(frag, tail).length;
    }
  }

  private lebValue(frag: Frag, tail: Tail & { kind: 'leb128' }): Long {
    return lebValue(this.evalAt(tail.expr, frag, frag.size, tail.origin), (m) => this.fail(m, tail.origin));
  }

  private advance(frag: Frag, tail: Tail & { kind: 'cfa_advance' }): number[] {
    const v = this.evalAt(tail.delta, frag, frag.size, tail.origin);
    if (v.terms.length > 0 || v.c.isNegative()) this.fail(`CFI advance over a distance that is not a constant (${describeTerms(v)})`, tail.origin);
    return advanceBytes(BigInt(v.c.toString()));
  }

  private orgTarget(frag: Frag, tail: Tail & { kind: 'org' }): number {
    const v = this.evalAt(tail.target, frag, frag.size, tail.origin);
    if (v.terms.length === 0) return v.c.toNumber();
    if (v.terms.length === 1 && v.terms[0].coef === 1 && v.terms[0].basis === sectionBasis(frag.sub.section)) return v.c.toNumber();
    this.fail(`.org target must be in the current section (${describeTerms(v)})`, tail.origin);
  }

  private checkOrgs(): void {
    for (const sec of this.asm.sections) {
      for (const sub of sec.ordered()) {
        for (const frag of sub.frags) {
          const tail = frag.tail;
          if (tail?.kind === 'org' && this.orgTarget(frag, tail) < frag.address + frag.size) this.fail('attempt to move .org backwards', tail.origin);
          if (tail?.kind === 'align' && tail.fill && frag.tailSize % tail.fill.size !== 0) {
            this.fail(`alignment padding (${frag.tailSize} bytes) not a multiple of ${tail.fill.size}`, tail.origin);
          }
        }
      }
    }
  }

  // ---- instructions and data ----------------------------------------------------------------------

  resolvePending(): void {
    for (const sec of this.asm.sections) {
      for (const sub of sec.ordered()) for (const frag of sub.frags) for (const p of frag.pending) this.resolveOne(sec, frag, p);
    }
  }

  private resolveOne(sec: SectionState, frag: Frag, p: Pending): void {
    const place = frag.address + p.offset;
    if (p.kind === 'reloc') return this.directiveReloc(sec, frag, p);
    if (p.kind === 'insn') {
      const env: AsmEnv = {
        evaluate: (e) => this.toValue(evaluate(e, this.resolver(frag, p.offset)), sec, place),
        alias: (name) => p.aliases.get(name) ?? name,
        features: p.features,
        statement: p.statement,
      };
      let word: number;
      try {
        const r = assembleInstruction(p.mnemonic, p.operands, env);
        word = r.fixup ? this.applyInstructionFixup(sec, place, r.word, r.fixup, p.origin) : r.word;
      } catch (err) {
        if (err instanceof AsmError || err instanceof EvalError) this.fail(err.message, p.origin);
        throw err;
      }
      writeLE(frag.bytes, p.offset, 4, Long.fromNumber(word >>> 0));
      return;
    }
    const v = this.evalAt(p.expr, frag, p.offset, p.origin);
    if (p.kind === 'inst') {
      if (v.terms.length > 0) this.fail(`.inst needs a constant expression (${describeTerms(v)})`, p.origin);
      writeLE(frag.bytes, p.offset, 4, v.c);
      return;
    }
    if (v.terms.length === 0) {
      this.asm.writeConstant(frag, p.offset, p.size, v.c, p.origin);
      return;
    }
    const kinds = DATA_RELOCS[p.size];
    let value: Value;
    try {
      value = this.toValue(v, sec, place);
    } catch (err) {
      if (err instanceof EvalError) this.fail(err.message, p.origin);
      throw err;
    }
    if (!kinds || value.kind !== 'symbolic') this.fail(`cannot represent a ${p.size}-byte relocation in ${p.directive}`, p.origin);
    this.addReloc(sec, place, value.pcrel ? kinds.prel : kinds.abs, value.symbol, value.addend, p.origin);
  }

  /**
   * `.reloc`: the place is a constant offset in the current section or a place in any section;
   * gas names the symbol unless it is an assembler-local one it can reduce to its section.
   */
  private directiveReloc(sec: SectionState, frag: Frag, p: Pending & { kind: 'reloc' }): void {
    const at = this.evalAt(p.where, frag, p.offset, p.origin);
    const t0 = at.terms[0];
    const inSection = at.terms.length === 1 && t0.coef === 1 && t0.basis.startsWith('sec:') ? this.asm.sections[Number(t0.basis.slice(4))] : undefined;
    if (at.terms.length > 0 && !inSection) this.fail(`invalid offset expression in .reloc (${describeTerms(at)})`, p.origin);
    const target = inSection ?? sec;
    const offset = at.c.toNumber();
    if (offset < 0 || offset > target.size) this.fail('reloc not within (fixed part of) section', p.origin);
    let symbol = '';
    let addend = Long.ZERO;
    if (p.expr) {
      const v = this.evalAt(p.expr, frag, p.offset, p.origin);
      let value: Value;
      try {
        value = this.toValue(v, sec, frag.address + p.offset);
      } catch (err) {
        if (err instanceof EvalError) this.fail(`bad reloc expression: ${err.message}`, p.origin);
        throw err;
      }
      if (value.kind === 'symbolic' && value.pcrel) this.fail('bad reloc expression: a difference with .', p.origin);
      if (value.kind === 'const') addend = value.v;
      else ({ symbol, addend } = this.reducedForReloc(value.symbol, value.addend, p.origin));
    }
    this.pushReloc(target, { offset, type: p.type, symbol, addend, origin: p.origin, viaReloc: true });
  }

  private reducedForReloc(symbol: string, addend: Long, origin: Origin): { symbol: string; addend: Long } {
    const t = this.target(symbol);
    const named = this.asm.symbols.lookupHidden(symbol)?.entry?.name ?? symbol;
    if (t.forced) {
      const local = LocalLabels.describe(symbol);
      if (local) this.fail(`local label '${local.label}' (instance ${local.instance}) is not defined`, origin);
      this.asm.defs.mention(named).referenced = true;
      return { symbol: named, addend };
    }
    const sec = t.section as SectionState;
    const assemblerLocal = isHiddenName(symbol) || isTemporaryName(named) || this.asm.sectionNamed(symbol) !== undefined;
    if (assemblerLocal && !(sec.flags.includes('M') && !addend.isZero())) return { symbol: sec.name, addend: addend.add(t.offset) };
    return { symbol: named, addend };
  }

  private applyInstructionFixup(sec: SectionState, place: number, word: number, fixup: Fixup, origin: Origin): number {
    const v = fixup.value;
    if (v.kind === 'const') {
      if (PC_RELATIVE.has(fixup.type)) this.fail(`${fixup.type}: the target must be a symbol, not an absolute value`, origin);
      this.pushReloc(sec, { offset: place, type: fixup.type, symbol: '', addend: v.v, origin });
      return word;
    }
    const t = this.target(v.symbol);
    if (!v.pcrel && PC_RELATIVE.has(fixup.type) && t.section === sec && !t.forced) {
      return applyFixup(word, fixup.type, Long.fromNumber(t.offset - place).add(v.addend));
    }
    this.addReloc(sec, place, fixup.type, v.symbol, v.addend, origin);
    return word;
  }

  private addReloc(sec: SectionState, offset: number, type: RelocType, symbol: string, addend: Long, origin: Origin): void {
    const t = this.target(symbol);
    const keep = t.forced || (keptInMergeSection(t, type, addend) && !isHiddenName(symbol) && !this.asm.sectionNamed(symbol));
    const named = this.asm.symbols.lookupHidden(symbol)?.entry?.name ?? symbol;
    const reloc: Reloc = keep
      ? { offset, type, symbol: named, addend, origin }
      : { offset, type, symbol: (t.section as SectionState).name, addend: addend.add(t.offset), origin };
    if (t.forced) {
      const local = LocalLabels.describe(symbol);
      if (local) this.fail(`local label '${local.label}' (instance ${local.instance}) is not defined`, origin);
      this.asm.defs.mention(named).referenced = true;
    }
    this.pushReloc(sec, reloc);
  }

  private pushReloc(sec: SectionState, reloc: Reloc): void {
    let list = this.relocs.get(sec);
    if (!list) this.relocs.set(sec, (list = []));
    list.push(reloc);
  }

  // ---- the Program --------------------------------------------------------------------------------

  sections(): Section[] {
    return this.asm.sections.map((s) => this.section(s));
  }

  private section(sec: SectionState): Section {
    const bytes = new Uint8Array(sec.size);
    const items: Item[] = [];
    for (const sub of sec.ordered()) {
      for (const frag of sub.frags) {
        bytes.set(frag.bytes.subarray(0, frag.size), frag.address);
        for (const it of frag.items) {
          const offset = frag.address + it.offset;
          if (it.kind === 'insn') items.push({ ...it, offset, word: readWord(bytes, offset) });
          else items.push({ ...it, offset });
        }
        if (frag.tail && frag.tailSize > 0) items.push(...this.tailItems(sec, frag, frag.tail, bytes));
      }
    }
    items.sort((a, b) => a.offset - b.offset);
    if (sec.type === 'nobits') this.checkEmpty(sec, bytes, items);
    const relocs = (this.relocs.get(sec) ?? []).sort((a, b) => a.offset - b.offset);
    const entsize = sec.entsize ?? (sec.type === 'init_array' || sec.type === 'fini_array' || sec.type === 'preinit_array' ? 8 : undefined);
    const link = sec.linkedTo === undefined ? undefined : this.linkedSection(sec.linkedTo);
    return {
      name: sec.name,
      flags: sec.flags,
      ...(sec.otherFlags !== 0 ? { otherFlags: sec.otherFlags } : {}),
      type: sec.type,
      ...(entsize !== undefined ? { entsize } : {}),
      ...(sec.group ? { group: sec.group } : {}),
      ...(link !== undefined ? { link } : {}),
      ...(sec.info !== undefined ? { info: sec.info } : {}),
      align: 2 ** sec.alignPow,
      bytes,
      items,
      relocs,
    };
  }

  /** The section an SHF_LINK_ORDER section names, directly or through a symbol in it. */
  private linkedSection(name: string): string | undefined {
    if (name === '' || /^[0-9]/.test(name)) return undefined;
    if (this.asm.sectionNamed(name)) return name;
    const t = this.symbolValue(name, this.placeless).terms;
    return t.length === 1 && t[0].basis.startsWith('sec:') ? this.asm.sections[Number(t[0].basis.slice(4))].name : undefined;
  }

  /** A nobits section has no contents in the object: only zeros may be put there. */
  private checkEmpty(sec: SectionState, bytes: Uint8Array, items: readonly Item[]): void {
    const at = bytes.findIndex((b) => b !== 0);
    if (at < 0 && !this.relocs.get(sec)?.length) return;
    const item = items.find((i) => i.offset <= at && at < i.offset + (i.kind === 'insn' ? 4 : i.size)) ?? items[0];
    this.fail(`attempt to store a non-zero value in section '${sec.name}' (type nobits)`, item?.origin ?? this.asm.stmt.origin);
  }

  private tailItems(sec: SectionState, frag: Frag, tail: Tail, bytes: Uint8Array): Item[] {
    const at = frag.address + frag.size;
    const size = frag.tailSize;
    if (tail.kind === 'align' && !tail.fill && sec.isCode) {
      const zeros = Math.min(size, alignPadding(at, 2));
      for (let o = at + zeros; o + 4 <= at + size; o += 4) writeLE(bytes, o, 4, Long.fromNumber(NOP));
      const out: Item[] = [];
      if (zeros > 0) out.push({ kind: 'fill', offset: at, size: zeros, fill: 'zero', directive: tail.directive, origin: tail.origin });
      if (size > zeros) out.push({ kind: 'fill', offset: at + zeros, size: size - zeros, fill: 'nop', directive: tail.directive, origin: tail.origin });
      return out;
    }
    if (tail.kind === 'leb128') {
      bytes.set(lebBytes(this.lebValue(frag, tail), tail.signed), at);
      return [{ kind: 'data', offset: at, size, directive: tail.directive, origin: tail.origin }];
    }
    if (tail.kind === 'cfa_advance') {
      bytes.set(this.advance(frag, tail), at);
      return [{ kind: 'data', offset: at, size, directive: '.cfi', origin: tail.origin }];
    }
    if (tail.kind === 'align') {
      const fill = tail.fill;
      if (fill && !fill.value.isZero()) {
        for (let o = 0; o < size; o++) bytes[at + o] = fill.value.shiftRightUnsigned(8 * (o % fill.size)).and(0xff).toNumber();
      }
      return [{ kind: 'fill', offset: at, size, fill: fill && !fill.value.isZero() ? 'value' : 'zero', directive: tail.directive, origin: tail.origin }];
    }
    if (tail.fill !== 0) bytes.fill(tail.fill & 0xff, at, at + size);
    const directive = tail.kind === 'org' ? '.org' : tail.directive;
    return [{ kind: 'fill', offset: at, size, fill: tail.fill !== 0 ? 'value' : 'zero', directive, origin: tail.origin }];
  }

  symbols(): SymbolInfo[] {
    const out: SymbolInfo[] = [];
    for (const e of this.asm.symbols.all()) {
      const info = this.symbol(e);
      if (info) out.push(info);
    }
    return out;
  }

  private symbol(e: SymbolEntry): SymbolInfo | undefined {
    const last = e.current;
    if (!last && (!e.mentioned || (e.binding === 'weak' && !e.referenced))) return undefined;
    const binding = last ? e.binding : e.binding === 'weak' ? 'weak' : 'global';
    const base = {
      name: e.name,
      type: e.type,
      binding,
      visibility: e.visibility,
      temporary: e.temporary && binding === 'local',
      ...(e.firstOrigin ? { origin: e.firstOrigin } : {}),
    };
    const size = e.size ? this.sizeOf(e) : undefined;
    const withSize = size !== undefined ? { size } : {};
    if (!last && e.common) return { ...base, binding: 'global', ...withSize, value: Long.fromNumber(e.common.align), defined: false, common: { align: e.common.align } };
    if (!last) return { ...base, ...withSize, value: Long.ZERO, defined: false };
    const v = this.definitionValue(last.def, e, last.origin);
    const t = v.terms[0];
    if (v.terms.length === 0) return { ...base, ...withSize, value: v.c, defined: true };
    if (v.terms.length === 1 && t.coef === 1 && t.basis.startsWith('sec:')) {
      return { ...base, ...withSize, section: this.asm.sections[Number(t.basis.slice(4))].name, value: v.c, defined: true };
    }
    // Equated to an expression of undefined symbols: relocations name those; gas leaves it out.
    return undefined;
  }

  private definitionValue(def: SymDef, e: SymbolEntry, origin: Origin): Linear {
    if (def.kind === 'label') return this.place(def.frag, def.offset);
    try {
      return evaluate(def.expr, this.placeless);
    } catch (err) {
      if (err instanceof EvalError) this.fail(`value of '${e.name}': ${err.message}`, origin);
      throw err;
    }
  }

  private sizeOf(e: SymbolEntry): Long {
    const s = e.size as NonNullable<SymbolEntry['size']>;
    let v: Linear;
    this.weakAsPlace = true;
    try {
      v = evaluate(s.expr, this.placeless);
    } catch (err) {
      if (err instanceof EvalError) this.fail(err.message, s.origin);
      throw err;
    } finally {
      this.weakAsPlace = false;
    }
    if (v.terms.length > 0) this.fail(`.size expression for '${e.name}' is not a constant (${describeTerms(v)})`, s.origin);
    return v.c;
  }
}

/** gas keeps a local symbol (not the section) in relocations into a mergeable section written as `sym - .` or with an addend. */
function keptInMergeSection(t: Target, type: RelocType, addend: Long): boolean {
  return t.section !== undefined && t.section.flags.includes('M') && (DATA_PC_RELATIVE.has(type) || !addend.isZero());
}

function sectionBasis(sec: SectionState): string {
  return `sec:${sec.index}`;
}

export function finalize(asm: Assembler, file: string): Program {
  const f = new Finalizer(asm);
  prepareViews(asm);
  f.layout();
  if (finishDwarf(asm, { file, line: 0, col: 0, expansion: [] })) f.layout();
  f.resolvePending();
  const symbols = [...fileSymbols(asm.lines.fileSymbols), ...f.symbols()];
  const sections = withFunctions(f.sections(), symbols);
  return { file, sections, symbols, diagnostics: asm.diagnostics };
}
