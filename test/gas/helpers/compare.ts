// Differences between a Program and a GNU as object, or between two GNU as objects.
import { flagsToLetters, lettersToFlags } from '../../../src/gas/section-attrs.js';
import type { Program, Section } from '../../../src/ir/program.js';
import { SHT, type ElfObject, type ElfSection, type ElfSymbol } from './elf.js';

const IGNORED_SECTIONS = /^(\.rela|\.symtab|\.strtab|\.shstrtab|\.note\.GNU-stack$)/;
const NOT_CONTENT = new Set<number>([0, SHT.SYMTAB, SHT.STRTAB, SHT.RELA, SHT.GROUP]);
const TYPE_NUMBERS: Record<string, number> = { progbits: SHT.PROGBITS, nobits: SHT.NOBITS, note: SHT.NOTE, init_array: SHT.INIT_ARRAY, fini_array: SHT.FINI_ARRAY, preinit_array: SHT.PREINIT_ARRAY };
const SHF_LINK_ORDER = 0x80;

function hex(b: Uint8Array): string {
  return Buffer.from(b).toString('hex');
}

function firstDifference(a: Uint8Array, b: Uint8Array): string {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    if (a[i] !== b[i]) {
      const at = i & ~3;
      return `first difference at 0x${i.toString(16)}: ${hex(a.subarray(at, at + 8))} vs ${hex(b.subarray(at, at + 8))}`;
    }
  }
  return `sizes ${a.length} vs ${b.length}`;
}

function flagText(flags: number): string {
  const { letters, other } = flagsToLetters(flags);
  return letters + (other ? `+0x${other.toString(16)}` : '');
}

function contentSections(o: ElfObject) {
  return o.sections.filter((s) => s.index > 0 && !IGNORED_SECTIONS.test(s.name) && !NOT_CONTENT.has(s.type));
}

/** Type, flags, entry size, link and group of a Program section against the ELF section's. */
function attributeDifferences(ps: Section, es: ElfSection, o: ElfObject): string[] {
  const out: string[] = [];
  const ptype = typeof ps.type === 'number' ? ps.type : TYPE_NUMBERS[ps.type];
  if (ptype !== es.type) out.push(`section ${es.name}: type ${String(ps.type)} vs ${es.type}`);
  const pflags = (lettersToFlags(ps.flags) | (ps.otherFlags ?? 0)) >>> 0;
  if (pflags !== es.flags >>> 0) out.push(`section ${es.name}: flags ${flagText(pflags)} vs ${flagText(es.flags)}`);
  if ((ps.entsize ?? 0) !== es.entsize) out.push(`section ${es.name}: entry size ${ps.entsize ?? 0} vs ${es.entsize}`);
  const elink = es.flags & SHF_LINK_ORDER && es.link !== 0 ? o.sections[es.link]?.name : undefined;
  if (ps.link !== elink) out.push(`section ${es.name}: linked to ${ps.link ?? '-'} vs ${elink ?? '-'}`);
  const g = o.groups.get(es.name);
  const pg = ps.group ? `${ps.group.signature}${ps.group.comdat ? ' comdat' : ''}` : '-';
  const eg = g ? `${g.signature}${g.comdat ? ' comdat' : ''}` : '-';
  if (pg !== eg) out.push(`section ${es.name}: group ${pg} vs ${eg}`);
  if ((ps.info ?? 0) !== (es.flags & 0x1000000 ? es.info : 0)) out.push(`section ${es.name}: info ${ps.info ?? 0} vs ${es.info}`);
  return out;
}

function symbolKey(s: { name: string; section: string; value: string; size: string; type: string; binding: string; visibility: string }): string {
  return `${s.name} ${s.section} 0x${s.value} size=${s.size} ${s.type} ${s.binding} ${s.visibility}`;
}

function isMappingSymbol(name: string): boolean {
  return /^\$[xd](\.|$)/.test(name);
}

function elfSymbols(o: ElfObject): string[] {
  return o.symbols
    .filter((s: ElfSymbol) => s.name !== '' && s.type !== 'section' && s.section !== '.group' && !isMappingSymbol(s.name) && !(s.name.startsWith('.L') && s.binding === 'local'))
    .map((s) => symbolKey({ name: s.name, section: s.section, value: s.value.toString(16), size: s.size.toString(), type: s.type, binding: s.binding, visibility: s.visibility }))
    .sort();
}

function programSymbols(p: Program): string[] {
  return p.symbols
    .filter((s) => !s.temporary)
    .map((s) => symbolKey({
      name: s.name,
      section: s.common ? 'COM' : !s.defined ? 'UND' : s.section ?? 'ABS',
      value: s.defined || s.common ? s.value.toUnsigned().toString(16) : '0',
      size: (s.size ?? 0).toString(),
      type: s.type,
      binding: s.binding,
      visibility: s.visibility,
    }))
    .sort();
}

function relocKeys(list: ReadonlyArray<{ offset: number; type: string; symbol: string; addend: { toString(): string } }>): string[] {
  return list.map((r) => `0x${r.offset.toString(16)} ${r.type} ${r.symbol} ${r.addend.toString()}`).sort();
}

function listDiff(what: string, a: string[], b: string[], out: string[]): void {
  const onlyA = a.filter((x) => !b.includes(x));
  const onlyB = b.filter((x) => !a.includes(x));
  if (onlyA.length > 0 || onlyB.length > 0) {
    out.push(`${what}:${onlyA.map((x) => `\n  - ${x}`).join('')}${onlyB.map((x) => `\n  + ${x}`).join('')}`);
  }
}

/** Program (left) against the object GNU as made from the same source (right). */
export function compareProgram(p: Program, o: ElfObject): string[] {
  const out: string[] = [];
  const elfSections = contentSections(o);
  for (const es of elfSections) {
    const ps = p.sections.find((s) => s.name === es.name);
    if (!ps) {
      if (es.bytes.length > 0) out.push(`section ${es.name}: missing in the Program`);
      continue;
    }
    const nobits = es.type === SHT.NOBITS;
    if (nobits ? es.bytes.length !== ps.bytes.length : hex(es.bytes) !== hex(ps.bytes)) out.push(`section ${es.name}: bytes differ (${firstDifference(ps.bytes, es.bytes)})`);
    out.push(...attributeDifferences(ps, es, o));
    if (ps.align !== Math.max(1, es.align)) out.push(`section ${es.name}: alignment ${ps.align} vs ${es.align}`);
    listDiff(`relocations of ${es.name}`, relocKeys(ps.relocs), relocKeys(o.relocs.get(es.name) ?? []), out);
  }
  for (const ps of p.sections) {
    if (ps.bytes.length > 0 && !elfSections.some((s) => s.name === ps.name)) out.push(`section ${ps.name}: not in the GNU object`);
  }
  listDiff('symbols', programSymbols(p), elfSymbols(o), out);
  return out;
}

/**
 * Relocations against assembler-local labels (`.L…`, kept by gas in mergeable sections) are
 * compared by the place they name, since a listing cannot spell gas's internal label names.
 */
function normalizedRelocs(o: ElfObject, section: string) {
  const temporaries = new Map(o.symbols.filter((s) => s.binding === 'local' && s.type !== 'section' && s.name.startsWith('.L')).map((s) => [s.name, s]));
  return (o.relocs.get(section) ?? []).map((r) => {
    const t = temporaries.get(r.symbol);
    return t ? { ...r, symbol: `<local label at ${t.section}+0x${t.value.toString(16)}>` } : r;
  });
}

/** Two GNU objects: the original (left) and the one made from hypsim's listing (right). */
export function compareObjects(a: ElfObject, b: ElfObject): string[] {
  const out: string[] = [];
  const as = contentSections(a);
  const bs = contentSections(b);
  for (const sa of as) {
    const sb = bs.find((s) => s.name === sa.name);
    if (!sb) {
      if (sa.bytes.length > 0) out.push(`section ${sa.name}: missing from the listing's object`);
      continue;
    }
    if (hex(sa.bytes) !== hex(sb.bytes)) out.push(`section ${sa.name}: bytes differ (${firstDifference(sa.bytes, sb.bytes)})`);
    if (sa.flags !== sb.flags || sa.type !== sb.type || sa.entsize !== sb.entsize) out.push(`section ${sa.name}: flags/type/entsize differ`);
    const link = (x: ElfObject, e: ElfSection) => (e.flags & SHF_LINK_ORDER && e.link !== 0 ? x.sections[e.link]?.name : undefined);
    if (link(a, sa) !== link(b, sb)) out.push(`section ${sa.name}: linked to ${link(a, sa)} vs ${link(b, sb)}`);
    if (JSON.stringify(a.groups.get(sa.name)) !== JSON.stringify(b.groups.get(sb.name))) out.push(`section ${sa.name}: group differs`);
    if (sa.align !== sb.align) out.push(`section ${sa.name}: alignment ${sa.align} vs ${sb.align}`);
    listDiff(`relocations of ${sa.name}`, relocKeys(normalizedRelocs(a, sa.name)), relocKeys(normalizedRelocs(b, sa.name)), out);
  }
  for (const sb of bs) if (sb.bytes.length > 0 && !as.some((s) => s.name === sb.name)) out.push(`section ${sb.name}: only in the listing's object`);
  listDiff('symbols', elfSymbols(a), elfSymbols(b), out);
  return out;
}
