// The linker: several Programs (one per translation unit) plus symbols the caller defines for
// C-side data become one image. Output regions are placed at chosen addresses and filled with
// input sections in the order given; relocations are resolved; an undefined symbol is an error
// naming the symbol and every place that uses it.
import Long from 'long';
import { applyFixup } from '../a64/index.js';
import type { InsnItem, Program, Reloc, Section, SymbolInfo } from '../ir/program.js';
import { HypsimError, formatOrigin } from '../util/diagnostics.js';

export interface RegionRule {
  /** Name of the output region (becomes the memory region name). */
  readonly name: string;
  readonly address: bigint;
  /** Input sections, in order: `.hyp.text` from every program, or `host/host.S:.text` for one file. */
  readonly sections: readonly string[];
  /** Memory permissions for the region: any of r, w, x. */
  readonly perms: string;
}

export interface PlacedSection {
  readonly program: Program;
  readonly section: Section;
  readonly region: string;
  readonly address: bigint;
}

export interface LinkedRegion {
  readonly name: string;
  readonly address: bigint;
  readonly bytes: Uint8Array;
  readonly perms: string;
  readonly sections: readonly PlacedSection[];
}

export interface ImageSymbol {
  readonly name: string;
  readonly address: bigint;
  readonly size: bigint;
  readonly type: SymbolInfo['type'];
  readonly global: boolean;
  /** Assembler-local (`.L…`): never used to name an address. */
  readonly temporary?: boolean;
  readonly program?: string;
}

export interface LocatedInsn {
  readonly item: InsnItem;
  readonly program: Program;
  readonly placed: PlacedSection;
}

export class Image {
  private readonly insnByAddress = new Map<bigint, LocatedInsn>();
  private readonly sortedSymbols: ImageSymbol[];

  constructor(
    readonly regions: readonly LinkedRegion[],
    readonly symbols: ReadonlyMap<string, ImageSymbol>,
    allSymbols: readonly ImageSymbol[],
  ) {
    for (const region of regions) {
      for (const placed of region.sections) {
        for (const item of placed.section.items) {
          if (item.kind === 'insn') this.insnByAddress.set(placed.address + BigInt(item.offset), { item, program: placed.program, placed });
        }
      }
    }
    this.sortedSymbols = allSymbols
      .filter((s) => s.type !== 'section' && s.type !== 'file' && !s.temporary)
      .sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : a.name.localeCompare(b.name)));
  }

  address(name: string): bigint {
    const s = this.symbols.get(name);
    if (!s) throw new HypsimError(`symbol '${name}' is not defined in the linked image`);
    return s.address;
  }

  has(name: string): boolean {
    return this.symbols.has(name);
  }

  /** The assembled instruction at a link address (its origin, text, program). */
  insnAt(address: bigint): LocatedInsn | undefined {
    return this.insnByAddress.get(address);
  }

  /** The nearest symbol at or before an address, preferring functions and global labels. */
  symbolize(address: bigint): { name: string; offset: number } | undefined {
    let lo = 0;
    let hi = this.sortedSymbols.length - 1;
    let best = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.sortedSymbols[mid].address <= address) {
        best = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (best < 0) return undefined;
    let i = best;
    const at = this.sortedSymbols[best].address;
    while (i > 0 && this.sortedSymbols[i - 1].address === at) i--;
    const candidates = this.sortedSymbols.slice(i, best + 1);
    const pick = candidates.find((s) => s.type === 'func') ?? candidates.find((s) => s.global) ?? candidates[candidates.length - 1];
    return { name: pick.name, offset: Number(address - pick.address) };
  }
}

export interface Placement {
  readonly program: Program;
  readonly section: Section;
  readonly region: RegionRule;
  readonly address: bigint;
}

function matches(pattern: string, program: Program, section: Section): boolean {
  const colon = pattern.lastIndexOf(':');
  if (colon > 0) return pattern.slice(0, colon) === program.file && pattern.slice(colon + 1) === section.name;
  return pattern === section.name;
}

function alignUp(v: bigint, align: number): bigint {
  const a = BigInt(Math.max(align, 1));
  return ((v + a - 1n) / a) * a;
}

/** Where `link` puts each section (before relocation): for callers that define symbols by placement. */
export function placeSections(programs: readonly Program[], rules: readonly RegionRule[], requireAll = true): Placement[] {
  const out: Placement[] = [];
  const used = new Set<Section>();
  for (const rule of rules) {
    let cursor = rule.address;
    for (const pattern of rule.sections) {
      for (const program of programs) {
        for (const section of program.sections) {
          if (used.has(section) || !matches(pattern, program, section) || section.bytes.length === 0) continue;
          cursor = alignUp(cursor, section.align);
          out.push({ program, section, region: rule, address: cursor });
          used.add(section);
          cursor += BigInt(section.bytes.length);
        }
      }
    }
  }
  for (const program of requireAll ? programs : []) {
    for (const section of program.sections) {
      if (!used.has(section) && section.bytes.length > 0 && section.flags.includes('a')) {
        throw new HypsimError(`link: section ${section.name} of ${program.file} is not placed by any region (regions: ${rules.map((r) => r.name).join(', ')})`);
      }
    }
  }
  return out;
}

class SymbolResolver {
  readonly globals = new Map<string, ImageSymbol>();
  readonly all: ImageSymbol[] = [];
  private readonly locals = new Map<Program, Map<string, ImageSymbol>>();
  private readonly sectionBase = new Map<Program, Map<string, bigint>>();

  constructor(placements: readonly Placement[], externs: ReadonlyMap<string, bigint>) {
    for (const p of placements) {
      const bases = this.sectionBase.get(p.program) ?? new Map<string, bigint>();
      bases.set(p.section.name, p.address);
      this.sectionBase.set(p.program, bases);
    }
    for (const [name, address] of externs) this.define({ name, address, size: 0n, type: 'object', global: true });
    const programs = [...new Set(placements.map((p) => p.program))];
    for (const program of programs) this.addProgram(program);
  }

  private define(sym: ImageSymbol, program?: Program): void {
    this.all.push(sym);
    if (sym.global) {
      const prev = this.globals.get(sym.name);
      if (prev && prev.address !== sym.address) {
        throw new HypsimError(`link: symbol '${sym.name}' is defined in both ${prev.program ?? 'the scenario'} and ${sym.program ?? 'the scenario'}`);
      }
      this.globals.set(sym.name, sym);
    } else if (program) {
      const table = this.locals.get(program) ?? new Map<string, ImageSymbol>();
      table.set(sym.name, sym);
      this.locals.set(program, table);
    }
  }

  private addProgram(program: Program): void {
    const bases = this.sectionBase.get(program) ?? new Map<string, bigint>();
    for (const s of program.symbols) {
      if (!s.defined) continue;
      const base = s.section === undefined ? 0n : bases.get(s.section);
      if (base === undefined) continue;
      const address = BigInt.asUintN(64, base + BigInt(s.value.toString()));
      this.define(
        { name: s.name, address, size: BigInt((s.size ?? Long.ZERO).toString()), type: s.type, global: s.binding !== 'local', temporary: s.temporary, program: program.file },
        program,
      );
    }
  }

  resolve(program: Program, name: string): bigint | undefined {
    if (name === '') return 0n;
    const base = this.sectionBase.get(program)?.get(name);
    if (base !== undefined) return base;
    return this.locals.get(program)?.get(name)?.address ?? this.globals.get(name)?.address;
  }
}

export interface LinkOptions {
  readonly regions: readonly RegionRule[];
  /** Symbols defined outside the assembly (C-side data, stubs): name → address. */
  readonly externs?: ReadonlyMap<string, bigint>;
}

export function link(programs: readonly Program[], options: LinkOptions): Image {
  const placements = placeSections(programs, options.regions);
  const resolver = new SymbolResolver(placements, options.externs ?? new Map());
  const undefinedRefs = new Map<string, Reloc[]>();
  const regions = options.regions.map((rule) => buildRegion(rule, placements));
  const regionBytes = new Map(regions.map((r) => [r.name, r]));
  for (const p of placements) {
    const region = regionBytes.get(p.region.name)!;
    const base = Number(p.address - region.address);
    for (const reloc of p.section.relocs) {
      const target = resolver.resolve(p.program, reloc.symbol);
      if (target === undefined) {
        undefinedRefs.set(reloc.symbol, [...(undefinedRefs.get(reloc.symbol) ?? []), reloc]);
        continue;
      }
      applyReloc(region.bytes, base + reloc.offset, reloc, target, p.address + BigInt(reloc.offset));
    }
  }
  if (undefinedRefs.size > 0) {
    const [name, refs] = [...undefinedRefs][0];
    const first = refs[0];
    const notes = refs.map((r) => `referenced at ${formatOrigin(r.origin)} (${r.type})`);
    const others = [...undefinedRefs.keys()].slice(1);
    if (others.length) notes.push(`also undefined: ${others.join(', ')}`);
    throw new HypsimError(`undefined symbol '${name}'`, first.origin, 'input', notes);
  }
  return new Image(regions, resolver.globals, resolver.all);
}

function buildRegion(rule: RegionRule, placements: readonly Placement[]): LinkedRegion {
  const mine = placements.filter((p) => p.region === rule);
  const end = mine.reduce((acc, p) => (p.address + BigInt(p.section.bytes.length) > acc ? p.address + BigInt(p.section.bytes.length) : acc), rule.address);
  const bytes = new Uint8Array(Number(end - rule.address));
  for (const p of mine) bytes.set(p.section.bytes, Number(p.address - rule.address));
  return {
    name: rule.name,
    address: rule.address,
    bytes,
    perms: rule.perms,
    sections: mine.map((p) => ({ program: p.program, section: p.section, region: rule.name, address: p.address })),
  };
}

function applyReloc(bytes: Uint8Array, at: number, reloc: Reloc, symbol: bigint, place: bigint): void {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const sa = BigInt.asUintN(64, symbol + BigInt(reloc.addend.toString()));
  const pcrel = BigInt.asIntN(64, sa - place);
  const fits = (v: bigint, bits: number, signed: boolean) => (signed ? v >= -(1n << BigInt(bits - 1)) && v < 1n << BigInt(bits) : v >= 0n && v < 1n << BigInt(bits));
  const fail = (): never => {
    throw new HypsimError(`relocation ${reloc.type} against '${reloc.symbol}' does not fit (value 0x${(reloc.type.startsWith('PREL') ? pcrel : sa).toString(16)})`, reloc.origin);
  };
  switch (reloc.type) {
    case 'NONE':
      return;
    case 'ADR_GOT_PAGE':
    case 'LD64_GOT_LO12_NC':
      throw new HypsimError(`relocation ${reloc.type} against '${reloc.symbol}' needs a GOT entry; hypsim's linker makes no GOT (build with -fno-PIE and without common symbols)`, reloc.origin);
    case 'ABS64':
      view.setBigUint64(at, sa, true);
      return;
    case 'ABS32':
      if (!fits(BigInt.asIntN(64, sa), 32, true) && !fits(sa, 32, false)) fail();
      view.setUint32(at, Number(sa & 0xffffffffn), true);
      return;
    case 'ABS16':
      view.setUint16(at, Number(sa & 0xffffn), true);
      return;
    case 'PREL64':
      view.setBigInt64(at, pcrel, true);
      return;
    case 'PREL32':
      if (!fits(pcrel, 32, true)) fail();
      view.setInt32(at, Number(pcrel), true);
      return;
    case 'PREL16':
      if (!fits(pcrel, 16, true)) fail();
      view.setInt16(at, Number(pcrel), true);
      return;
    default: {
      const word = view.getUint32(at, true);
      const pcRelative = !/_ABS_|^MOVW_/.test(reloc.type);
      const value = Long.fromString((pcRelative ? pcrel : BigInt.asIntN(64, sa)).toString());
      try {
        view.setUint32(at, applyFixup(word, reloc.type, reloc.type === 'ADR_PREL_PG_HI21' || reloc.type === 'ADR_PREL_PG_HI21_NC' ? pageDelta(sa, place) : value), true);
      } catch (e) {
        throw new HypsimError(`relocation ${reloc.type} against '${reloc.symbol}': ${(e as Error).message}`, reloc.origin);
      }
    }
  }
}

/** ADRP: the distance between the 4 KiB pages of the target and of the instruction. */
function pageDelta(target: bigint, place: bigint): Long {
  return Long.fromString(BigInt.asIntN(64, (target & ~0xfffn) - (place & ~0xfffn)).toString());
}
