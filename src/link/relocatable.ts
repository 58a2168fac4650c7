// A relocatable link as `ld -r -T SCRIPT` does it, then `objcopy --prefix-symbols`: the input
// Programs' sections gathered into the script's output sections (inputs in file order, each at
// its alignment), sections the script does not name merged by name as ld merges orphans,
// relocations and symbols moved with their sections. The result is one Program, like kbuild's
// kvm_nvhe.o, which the image linker then places at addresses.
import Long from 'long';
import type { Item, Program, Reloc, Section, SymbolInfo } from '../ir/program.js';
import { HypsimError } from '../util/diagnostics.js';
import { sectionPattern, type LinkerScript, type ScriptExpr, type SectionCommand } from './script.js';

export interface RelocatableLinkOptions {
  readonly script?: LinkerScript;
  /** objcopy's --prefix-symbols: prepended to every symbol name. */
  readonly symbolPrefix?: string;
  /** Program.file of the result. */
  readonly file: string;
  /** The input files' names (objects), parallel to the programs: ld names inputs by them. */
  readonly inputNames?: readonly string[];
}

interface InputPlace {
  readonly program: Program;
  readonly section: Section;
  readonly output: string;
  readonly offset: number;
}

interface OutputBuilder {
  readonly name: string;
  readonly inputs: InputPlace[];
  size: number;
  align: number;
  readonly symbols: Array<{ name: string; offset: number }>;
}

const alignTo = (v: number, a: number) => Math.ceil(v / Math.max(a, 1)) * Math.max(a, 1);

function evaluate(e: ScriptExpr, dot: number, file: string): number {
  switch (e.kind) {
    case 'number':
      return Number(e.value);
    case 'dot':
      return dot;
    case 'align':
      return alignTo(dot, evaluate(e.arg, dot, file));
    case 'binary': {
      const l = evaluate(e.left, dot, file);
      const r = evaluate(e.right, dot, file);
      const ops: Record<string, number> = { '+': l + r, '-': l - r, '*': l * r, '/': Math.trunc(l / r), '<<': l * 2 ** r, '>>': Math.floor(l / 2 ** r), '&': Number(BigInt(l) & BigInt(r)), '|': Number(BigInt(l) | BigInt(r)) };
      return ops[e.op];
    }
    case 'symbol':
      throw new HypsimError(`${file}: hypsim's linker cannot evaluate symbol '${e.name}' in an expression of a relocatable link`);
  }
}

class Gatherer {
  readonly outputs = new Map<string, OutputBuilder>();
  readonly placeOf = new Map<Section, InputPlace>();

  constructor(private readonly programs: readonly Program[]) {}

  output(name: string): OutputBuilder {
    let o = this.outputs.get(name);
    if (o === undefined) {
      o = { name, inputs: [], size: 0, align: 1, symbols: [] };
      this.outputs.set(name, o);
    }
    return o;
  }

  put(o: OutputBuilder, program: Program, section: Section): void {
    const offset = alignTo(o.size, section.align);
    const place = { program, section, output: o.name, offset };
    o.inputs.push(place);
    o.size = offset + section.bytes.length;
    o.align = Math.max(o.align, section.align);
    this.placeOf.set(section, place);
  }

  runCommands(o: OutputBuilder, commands: readonly SectionCommand[], file: string): void {
    for (const c of commands) {
      if (c.kind === 'assign') {
        if (c.target === '.') o.size = evaluate(c.value, o.size, file);
        else o.symbols.push({ name: c.target, offset: evaluate(c.value, o.size, file) });
        continue;
      }
      if (c.file !== '*') throw new HypsimError(`${file}: input file pattern '${c.file}' is not supported (only '*')`);
      const matchers = c.patterns.map(sectionPattern);
      for (const program of this.programs) {
        for (const section of program.sections) {
          if (!this.placeOf.has(section) && matchers.some((m) => m(section.name))) this.put(o, program, section);
        }
      }
    }
  }

  orphans(): void {
    for (const program of this.programs) {
      for (const section of program.sections) if (!this.placeOf.has(section)) this.put(this.output(section.name), program, section);
    }
  }
}

/** Allocation flags of any input; merge/strings only when every input has them, as ld does. */
function outputFlags(inputs: readonly string[]): string {
  const any = (c: string) => inputs.some((f) => f.includes(c));
  const all = (c: string) => inputs.length > 0 && inputs.every((f) => f.includes(c));
  return [...'awx'].filter(any).join('') + [...'MS'].filter(all).join('');
}

/**
 * ld merges GNU property notes by feature: an output keeps `.note.gnu.property` only when every
 * input has the same one (an input without it, such as assembly without BTI/PAC notes, clears the
 * features and the note goes).
 */
const PROPERTY_NOTE = '.note.gnu.property';

function mergedPropertyNote(programs: readonly Program[], gather: Gatherer): void {
  const o = gather.outputs.get(PROPERTY_NOTE);
  if (o === undefined) return;
  const notes = programs.map((p) => p.sections.find((s) => s.name === PROPERTY_NOTE));
  const first = notes[0];
  const same = first !== undefined && notes.every((n) => n !== undefined && Buffer.compare(n.bytes, first.bytes) === 0);
  if (!same) {
    gather.outputs.delete(PROPERTY_NOTE);
    return;
  }
  o.inputs.splice(1);
  o.size = first.bytes.length;
}

function mergedSection(o: OutputBuilder, rename: (p: Program, r: Reloc) => Reloc): Section {
  const bytes = new Uint8Array(o.size);
  const items: Item[] = [];
  const relocs: Reloc[] = [];
  const first = o.inputs[0]?.section;
  for (const p of o.inputs) {
    bytes.set(p.section.bytes, p.offset);
    for (const item of p.section.items) items.push({ ...item, offset: item.offset + p.offset });
    for (const r of p.section.relocs) relocs.push({ ...rename(p.program, r), offset: r.offset + p.offset });
  }
  const nobits = o.inputs.length > 0 && o.inputs.every((p) => p.section.type === 'nobits');
  return {
    name: o.name,
    flags: outputFlags(o.inputs.map((p) => p.section.flags)),
    type: nobits ? 'nobits' : (first?.type ?? 'progbits'),
    ...(first?.entsize !== undefined && o.inputs.every((p) => p.section.entsize === first.entsize) ? { entsize: first.entsize } : {}),
    align: o.align,
    bytes,
    items,
    relocs,
  };
}

export function linkRelocatable(programs: readonly Program[], options: RelocatableLinkOptions): Program {
  const gather = new Gatherer(programs);
  for (const c of options.script?.commands ?? []) {
    if (c.kind === 'output') gather.runCommands(gather.output(c.name), c.commands, options.script!.file);
  }
  gather.orphans();
  mergedPropertyNote(programs, gather);
  const prefix = options.symbolPrefix ?? '';
  const sectionNames = new Map(programs.map((p) => [p, new Set(p.sections.map((s) => s.name))]));
  const sectionOf = (p: Program, name: string) => p.sections.find((s) => s.name === name);

  const rename = (p: Program, r: Reloc): Reloc => {
    if (r.symbol !== '' && sectionNames.get(p)?.has(r.symbol)) {
      const place = gather.placeOf.get(sectionOf(p, r.symbol)!)!;
      return { ...r, symbol: place.output, addend: r.addend.add(place.offset) };
    }
    return r.symbol === '' ? r : { ...r, symbol: prefix + r.symbol };
  };
  const sections = [...gather.outputs.values()].map((o) => mergedSection(o, rename));
  const symbols = [...inputFileSymbols(programs, options.inputNames ?? []), ...mergedSymbols(programs, gather, prefix)];
  return { file: options.file, sections, symbols, diagnostics: programs.flatMap((p) => p.diagnostics) };
}

/**
 * ld gives an input with local symbols but no STT_FILE symbol one named after the input file. gas's
 * mapping symbols count as local symbols; hypsim's Program does not list them, so an input with
 * any instruction or data item counts, unless all its data was written by `.reloc` fields.
 */
function inputFileSymbols(programs: readonly Program[], names: readonly string[]): SymbolInfo[] {
  const out: SymbolInfo[] = [];
  programs.forEach((p, i) => {
    if (names[i] === undefined || p.symbols.some((s) => s.type === 'file')) return;
    const hasLocals = p.symbols.some((s) => s.binding === 'local' && s.defined && !s.temporary && s.type !== 'section');
    const hasMappings = p.symbols.some((s) => /^\$[xd](\.|$)/.test(s.name)) || p.sections.some((s) => s.items.some((it) => it.kind === 'insn') || (s.items.length > 0 && !s.relocs.every((r) => r.viaReloc)));
    if (!hasLocals && !hasMappings) return;
    const name = names[i].slice(names[i].lastIndexOf('/') + 1);
    out.push({ name, value: Long.UZERO, type: 'file', binding: 'local', defined: true, visibility: 'default', temporary: false });
  });
  return out;
}

function mergedSymbols(programs: readonly Program[], gather: Gatherer, prefix: string): SymbolInfo[] {
  const out: SymbolInfo[] = [];
  const defined = new Set<string>();
  const undefinedRefs = new Map<string, SymbolInfo>();
  for (const p of programs) {
    for (const s of p.symbols) {
      if (!s.defined) {
        if (!undefinedRefs.has(s.name)) undefinedRefs.set(s.name, s);
        continue;
      }
      let { section, value } = s;
      if (section !== undefined) {
        const sec = p.sections.find((x) => x.name === section);
        const place = sec && gather.placeOf.get(sec);
        if (place === undefined) continue;
        section = place.output;
        value = value.add(place.offset);
      }
      if (s.binding !== 'local') defined.add(s.name);
      out.push({ ...s, name: prefix + s.name, section, value });
    }
  }
  for (const o of gather.outputs.values()) {
    for (const sym of o.symbols) {
      defined.add(sym.name);
      out.push({ name: prefix + sym.name, section: o.name, value: Long.fromNumber(sym.offset, true), type: 'notype', binding: 'global', defined: true, visibility: 'default', temporary: false });
    }
  }
  for (const [name, s] of undefinedRefs) if (!defined.has(name)) out.push({ ...s, name: prefix + name });
  return out;
}
