// Differences between a Program and a GNU as object, or between two GNU as objects.
import type { Program } from '../../../src/ir/program.js';
import { SHF, SHT, type ElfObject, type ElfSymbol } from './elf.js';

const IGNORED_SECTIONS = /^(\.rela|\.symtab|\.strtab|\.shstrtab|\.note\.GNU-stack$)/;

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

function flagLetters(flags: number): string {
  return (flags & SHF.ALLOC ? 'a' : '') + (flags & SHF.WRITE ? 'w' : '') + (flags & SHF.EXECINSTR ? 'x' : '') + (flags & SHF.MERGE ? 'M' : '') + (flags & SHF.STRINGS ? 'S' : '');
}

function contentSections(o: ElfObject) {
  return o.sections.filter((s) => s.index > 0 && !IGNORED_SECTIONS.test(s.name) && (s.type === SHT.PROGBITS || s.type === SHT.NOBITS || s.type === SHT.NOTE));
}

function symbolKey(s: { name: string; section: string; value: string; size: string; type: string; binding: string; visibility: string }): string {
  return `${s.name} ${s.section} 0x${s.value} size=${s.size} ${s.type} ${s.binding} ${s.visibility}`;
}

function isMappingSymbol(name: string): boolean {
  return /^\$[xd](\.|$)/.test(name);
}

function elfSymbols(o: ElfObject): string[] {
  return o.symbols
    .filter((s: ElfSymbol) => s.name !== '' && s.type !== 'section' && !isMappingSymbol(s.name) && !(s.name.startsWith('.L') && s.binding === 'local'))
    .map((s) => symbolKey({ name: s.name, section: s.section, value: s.value.toString(16), size: s.size.toString(), type: s.type, binding: s.binding, visibility: s.visibility }))
    .sort();
}

function programSymbols(p: Program): string[] {
  return p.symbols
    .filter((s) => !s.temporary)
    .map((s) => symbolKey({
      name: s.name,
      section: !s.defined ? 'UND' : s.section ?? 'ABS',
      value: s.defined ? s.value.toUnsigned().toString(16) : '0',
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
    if (nobits !== (ps.type === 'nobits')) out.push(`section ${es.name}: type differs`);
    if (nobits ? es.bytes.length !== ps.bytes.length : hex(es.bytes) !== hex(ps.bytes)) out.push(`section ${es.name}: bytes differ (${firstDifference(ps.bytes, es.bytes)})`);
    const pflags = [...ps.flags].filter((c) => 'awxMS'.includes(c)).sort().join('');
    const eflags = [...flagLetters(es.flags)].sort().join('');
    if (pflags !== eflags) out.push(`section ${es.name}: flags ${ps.flags} vs ${flagLetters(es.flags)}`);
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
    if (sa.align !== sb.align) out.push(`section ${sa.name}: alignment ${sa.align} vs ${sb.align}`);
    listDiff(`relocations of ${sa.name}`, relocKeys(normalizedRelocs(a, sa.name)), relocKeys(normalizedRelocs(b, sa.name)), out);
  }
  for (const sb of bs) if (sb.bytes.length > 0 && !as.some((s) => s.name === sb.name)) out.push(`section ${sb.name}: only in the listing's object`);
  listDiff('symbols', elfSymbols(a), elfSymbols(b), out);
  return out;
}
