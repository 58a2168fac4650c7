// `hypsim expand`: the assembled Program as a flat GNU-as listing (final layout, no macros,
// no subsections) that GNU as assembles to the same bytes, relocations and symbols.
import type Long from 'long';
import { disassemble } from '../a64/disasm.js';
import type { Item, Program, Reloc, RelocType, Section, SymbolInfo } from '../ir/program.js';
import type { Origin } from '../util/diagnostics.js';

export interface ListingOptions {
  /** Append `// file:line <- macro@file:line …` to every instruction and data line. */
  readonly map?: boolean;
}

const NOP = 0xd503201f;

/** What a relocation's field looks like in source, around the symbol expression. */
const RELOC_SYNTAX: Partial<Record<RelocType, string>> = {
  ADR_PREL_PG_HI21_NC: ':pg_hi21_nc:',
  ADR_GOT_PAGE: ':got:',
  LD64_GOT_LO12_NC: ':got_lo12:',
  ADD_ABS_LO12_NC: ':lo12:',
  LDST8_ABS_LO12_NC: ':lo12:',
  LDST16_ABS_LO12_NC: ':lo12:',
  LDST32_ABS_LO12_NC: ':lo12:',
  LDST64_ABS_LO12_NC: ':lo12:',
  LDST128_ABS_LO12_NC: ':lo12:',
  MOVW_UABS_G0: ':abs_g0:',
  MOVW_UABS_G0_NC: ':abs_g0_nc:',
  MOVW_UABS_G1: ':abs_g1:',
  MOVW_UABS_G1_NC: ':abs_g1_nc:',
  MOVW_UABS_G2: ':abs_g2:',
  MOVW_UABS_G2_NC: ':abs_g2_nc:',
  MOVW_UABS_G3: ':abs_g3:',
  MOVW_SABS_G0: ':abs_g0_s:',
  MOVW_SABS_G1: ':abs_g1_s:',
  MOVW_SABS_G2: ':abs_g2_s:',
};

const DATA_RELOCS: Partial<Record<RelocType, { directive: string; size: number; pcrel: boolean }>> = {
  ABS64: { directive: '.quad', size: 8, pcrel: false },
  ABS32: { directive: '.word', size: 4, pcrel: false },
  ABS16: { directive: '.hword', size: 2, pcrel: false },
  PREL64: { directive: '.quad', size: 8, pcrel: true },
  PREL32: { directive: '.word', size: 4, pcrel: true },
  PREL16: { directive: '.hword', size: 2, pcrel: true },
};

const SIZED_DATA: Record<number, string> = { 1: '.byte', 2: '.hword', 4: '.word', 8: '.quad' };
const STRING_DIRECTIVES = new Set(['.ascii', '.asciz', '.string']);
const TYPE_NAMES: Partial<Record<SymbolInfo['type'], string>> = { func: '%function', object: '%object', tls: '%tls_object' };

function hex(v: number | bigint): string {
  return `0x${v.toString(16)}`;
}

function signedAddend(a: Long): string {
  if (a.isZero()) return '';
  return a.isNegative() ? `-${hex(BigInt(a.negate().toString()))}` : `+${hex(BigInt(a.toString()))}`;
}

const SYMBOL_NAME = /^[A-Za-z_.$][A-Za-z0-9_.$]*$/;

function quoteSymbol(name: string): string {
  return SYMBOL_NAME.test(name) ? name : `"${name.replace(/["\\]/g, '\\$&')}"`;
}

function escapeString(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) {
    if (b === 0x22 || b === 0x5c) s += `\\${String.fromCharCode(b)}`;
    else if (b >= 0x20 && b < 0x7f) s += String.fromCharCode(b);
    else s += `\\${b.toString(8).padStart(3, '0')}`;
  }
  return `"${s}"`;
}

function readLE(bytes: Uint8Array, offset: number, size: number): bigint {
  let v = 0n;
  for (let i = size - 1; i >= 0; i--) v = (v << 8n) | BigInt(bytes[offset + i]);
  return v;
}

export function formatOriginChain(o: Origin): string {
  return [`${o.file}:${o.line}`, ...o.expansion.map((f) => `${f.macro}@${f.file}:${f.line}`)].join(' <- ');
}

class ListingWriter {
  private readonly out: string[] = [];
  /** Local anchors at section starts, for relocations against section symbols. */
  private readonly anchors = new Map<string, string>();
  private readonly usedAnchors = new Set<string>();
  /** Labels the listing must add: section name -> offset -> label. */
  private readonly extraLabels = new Map<string, Map<number, string>>();

  private readonly symbolsByName: ReadonlyMap<string, SymbolInfo>;

  constructor(
    private readonly program: Program,
    private readonly options: ListingOptions,
  ) {
    this.symbolsByName = new Map(program.symbols.map((s) => [s.name, s]));
    program.sections.forEach((s, i) => this.anchors.set(s.name, `.Lhs_sec${i}`));
    for (const s of program.sections) for (const r of s.relocs) this.relocSymbol(r);
  }

  private exactLabel(section: string, offset: number): string {
    let labels = this.extraLabels.get(section);
    if (!labels) this.extraLabels.set(section, (labels = new Map()));
    let name = labels.get(offset);
    if (name === undefined) {
      name = `.Lhs_${this.program.sections.findIndex((s) => s.name === section)}_${offset.toString(16)}`;
      labels.set(offset, name);
    }
    return name;
  }

  /**
   * The symbol expression that makes GNU as emit relocation `r` again: the section's own symbol
   * for section-relative targets (a local label at the section start if its name cannot be
   * written), a label exactly at the place for local symbols gas keeps (mergeable sections).
   */
  private relocSymbol(r: Reloc): string {
    if (r.symbol === '') return hex(BigInt(r.addend.toUnsigned().toString()));
    const section = this.program.sections.find((s) => s.name === r.symbol);
    if (section) {
      if (SYMBOL_NAME.test(section.name) && !this.symbolsByName.has(section.name)) return `${section.name}${signedAddend(r.addend)}`;
      this.usedAnchors.add(section.name);
      return `${this.anchors.get(section.name)}${signedAddend(r.addend)}`;
    }
    const sym = this.symbolsByName.get(r.symbol);
    if (sym?.temporary && sym.defined && sym.section !== undefined) return `${this.exactLabel(sym.section, sym.value.toNumber())}${signedAddend(r.addend)}`;
    return `${quoteSymbol(r.symbol)}${signedAddend(r.addend)}`;
  }

  emit(): string {
    this.out.push(`// hypsim expand: ${this.program.file}`);
    for (const sym of this.program.symbols) if (sym.type === 'file') this.line(`.file ${escapeString(Buffer.from(sym.name, 'latin1'))}`);
    for (const s of this.program.sections) this.section(s);
    this.symbolAttributes();
    return this.out.join('\n') + '\n';
  }

  private line(text: string, origin?: Origin): void {
    this.out.push(this.options.map && origin ? `\t${text.padEnd(40)} // ${formatOriginChain(origin)}` : `\t${text}`);
  }

  private section(s: Section): void {
    this.out.push('', `\t.section ${sectionOperands(s)}`);
    if (s.align > 1) this.line(`.p2align ${Math.log2(s.align)}`);
    const labels = this.labelsOf(s);
    const relocs = new Map(s.relocs.filter((r) => !r.viaReloc).map((r) => [r.offset, r]));
    const boundaries = new Set<number>([...labels.keys(), ...relocs.keys()]);
    let at = 0;
    const items = [...s.items];
    for (let i = 0; i <= items.length; i++) {
      const item = items[i];
      const end = item ? item.offset : s.bytes.length;
      if (end > at) this.raw(s, at, end, labels, relocs);
      if (!item) break;
      at = Math.max(at, item.offset);
      this.labelsAt(labels, item.offset);
      const itemEnd = item.offset + itemSize(item);
      const split = [...boundaries].some((b) => b > item.offset && b < itemEnd);
      if (split) this.raw(s, item.offset, itemEnd, labels, relocs, item.origin);
      else this.item(s, item, relocs.get(item.offset));
      at = Math.max(at, itemEnd);
    }
    this.labelsAt(labels, s.bytes.length);
    for (const [offset, names] of labels) {
      const delta = offset - s.bytes.length;
      for (const name of names) this.line(`.set ${name}, . ${delta < 0 ? '-' : '+'} ${Math.abs(delta)}`);
    }
    for (const r of s.relocs) if (r.viaReloc) this.explicitReloc(r);
  }

  /** A relocation written by `.reloc`, repeated as one (at its offset from the section start). */
  private explicitReloc(r: Reloc): void {
    const value = r.symbol === '' && r.addend.isZero() ? '' : `, ${this.relocSymbol(r)}`;
    this.line(`.reloc ${r.offset}, R_AARCH64_${r.type}${value}`, r.origin);
  }

  private labelsOf(s: Section): Map<number, string[]> {
    const labels = new Map<number, string[]>();
    const add = (offset: number, name: string) => {
      const list = labels.get(offset);
      if (list) list.push(name);
      else labels.set(offset, [name]);
    };
    if (this.usedAnchors.has(s.name)) add(0, this.anchors.get(s.name) as string);
    for (const [offset, name] of this.extraLabels.get(s.name) ?? []) add(offset, name);
    for (const sym of this.program.symbols) {
      if (sym.section === s.name && sym.defined && !sym.temporary) add(sym.value.toNumber(), quoteSymbol(sym.name));
    }
    return labels;
  }

  private labelsAt(labels: Map<number, string[]>, offset: number): void {
    for (const name of labels.get(offset) ?? []) this.out.push(`${name}:`);
    labels.delete(offset);
  }

  private item(s: Section, item: Item, reloc: Reloc | undefined): void {
    if (item.kind === 'insn') {
      this.instruction(item.word, item.viaInst, reloc, item.origin);
      return;
    }
    if (reloc) {
      this.dataReloc(reloc, item.origin);
      return;
    }
    if (item.kind === 'fill') {
      this.fill(s, item.offset, item.size, item.fill, item.origin);
      return;
    }
    const bytes = s.bytes.subarray(item.offset, item.offset + item.size);
    if (STRING_DIRECTIVES.has(item.directive)) this.line(`.ascii ${escapeString(bytes)}`, item.origin);
    else if (SIZED_DATA[item.size] && s.type !== 'nobits') this.line(`${SIZED_DATA[item.size]} ${hex(readLE(s.bytes, item.offset, item.size))}`, item.origin);
    else this.bytes(s, item.offset, item.offset + item.size, item.origin);
  }

  private instruction(word: number, viaInst: boolean, reloc: Reloc | undefined, origin: Origin): void {
    const relocText = reloc ? `${RELOC_SYNTAX[reloc.type] ?? ''}${this.relocSymbol(reloc)}` : undefined;
    const text = disassemble(word, relocText !== undefined ? { relocText } : {});
    if (reloc && (viaInst || text.startsWith('.inst'))) {
      this.line(`.inst ${hex(word >>> 0)}`, origin);
      this.line(`.reloc .-4, R_AARCH64_${reloc.type}, ${this.relocSymbol(reloc)}`);
    } else if (viaInst) this.line(`.inst ${hex(word >>> 0)}${text.startsWith('.inst') ? '' : ` // ${text}`}`, origin);
    else this.line(text, origin);
  }

  private dataReloc(r: Reloc, origin?: Origin): void {
    const d = DATA_RELOCS[r.type];
    if (!d) {
      this.line(`.reloc ., R_AARCH64_${r.type}, ${this.relocSymbol(r)}`, origin);
      this.line('.word 0');
      return;
    }
    this.line(`${d.directive} ${this.relocSymbol(r)}${d.pcrel ? ' - .' : ''}`, origin);
  }

  private fill(s: Section, offset: number, size: number, fill: 'nop' | 'zero' | 'value', origin: Origin): void {
    if (fill === 'zero' || s.type === 'nobits') this.line(`.zero ${size}`, origin);
    else if (fill === 'nop' && size % 4 === 0 && readLE(s.bytes, offset, 4) === BigInt(NOP)) this.line(`.fill ${size / 4}, 4, ${hex(NOP)}`, origin);
    else this.bytes(s, offset, offset + size, origin);
  }

  private bytes(s: Section, from: number, to: number, origin?: Origin): void {
    if (s.type === 'nobits') {
      this.line(`.zero ${to - from}`, origin);
      return;
    }
    for (let o = from; o < to; o += 16) {
      const chunk = [...s.bytes.subarray(o, Math.min(o + 16, to))].map((b) => hex(b));
      this.line(`.byte ${chunk.join(', ')}`, origin);
    }
  }

  /** Bytes not covered by items, or items split by a label or relocation: byte-exact. */
  private raw(s: Section, from: number, to: number, labels: Map<number, string[]>, relocs: Map<number, Reloc>, origin?: Origin): void {
    let at = from;
    while (at < to) {
      this.labelsAt(labels, at);
      const r = relocs.get(at);
      if (r) {
        this.dataReloc(r, origin);
        at += DATA_RELOCS[r.type]?.size ?? 4;
        continue;
      }
      let next = at + 1;
      while (next < to && !labels.has(next) && !relocs.has(next)) next++;
      this.bytes(s, at, next, origin);
      at = next;
    }
  }

  private symbolAttributes(): void {
    const lines: string[] = [];
    for (const sym of this.program.symbols) {
      if (sym.temporary || sym.type === 'file') continue;
      const name = quoteSymbol(sym.name);
      if (sym.defined && sym.section === undefined) lines.push(`.set ${name}, ${hex(BigInt(sym.value.toString()))}`);
      if (sym.common) lines.push(`.comm ${name}, ${(sym.size ?? 0).toString()}, ${sym.common.align}`);
      if (sym.binding === 'global') lines.push(`.globl ${name}`);
      if (sym.binding === 'weak') lines.push(`.weak ${name}`);
      if (sym.visibility !== 'default') lines.push(`.${sym.visibility} ${name}`);
      const type = TYPE_NAMES[sym.type];
      if (type) lines.push(`.type ${name}, ${type}`);
      if (sym.size !== undefined && !sym.size.isZero()) lines.push(`.size ${name}, ${sym.size.toString()}`);
    }
    if (lines.length > 0) this.out.push('', ...lines.map((l) => `\t${l}`));
  }
}

/** `.section` operands that make GNU as create the section again: flags, type and their arguments. */
function sectionOperands(s: Section): string {
  const type = typeof s.type === 'number' ? `@${hex(s.type)}` : `@${s.type}`;
  const args = [quoteSymbol(s.name), `"${s.flags}${s.otherFlags ? hex(s.otherFlags) : ''}"`, type];
  if (s.flags.includes('M')) args.push(String(s.entsize ?? 0));
  if (s.flags.includes('d') && s.info !== undefined) args.push(String(s.info));
  if (s.flags.includes('o') && s.link !== undefined) args.push(quoteSymbol(s.link));
  if (s.group) args.push(quoteSymbol(s.group.signature), ...(s.group.comdat ? ['comdat'] : []));
  return args.join(', ');
}

function itemSize(item: Item): number {
  return item.kind === 'insn' ? 4 : item.size;
}

export function emitListing(program: Program, options: ListingOptions = {}): string {
  return new ListingWriter(program, options).emit();
}
