// An ELF64 little-endian AArch64 executable from sections at fixed addresses and a symbol table:
// what `--export elf FILE` writes for the linked image. One PT_LOAD segment per segment given,
// its sections inside it at their addresses, then .symtab/.strtab/.shstrtab and the section
// headers. Symbols outside every section are absolute.

export interface ElfSection {
  readonly name: string;
  readonly address: bigint;
  readonly size: number;
  readonly executable: boolean;
  readonly writable: boolean;
  readonly nobits: boolean;
  readonly align: number;
}

export interface ElfSegment {
  readonly address: bigint;
  readonly bytes: Uint8Array;
  readonly executable: boolean;
  readonly writable: boolean;
  /** Sections lying inside the segment's address range. */
  readonly sections: readonly ElfSection[];
}

export interface ElfSymbol {
  readonly name: string;
  readonly value: bigint;
  readonly size: bigint;
  readonly type: 'func' | 'object' | 'notype' | 'tls';
  readonly global: boolean;
}

export interface ElfSpec {
  readonly entry: bigint;
  readonly segments: readonly ElfSegment[];
  readonly symbols: readonly ElfSymbol[];
}

const EHDR = 64;
const PHDR = 56;
const SHDR = 64;
const SYM = 24;
const PAGE = 0x1000;
const SHT = { null: 0, progbits: 1, symtab: 2, strtab: 3, nobits: 8 } as const;
const SHF = { write: 1, alloc: 2, exec: 4 } as const;
const STT = { notype: 0, object: 1, func: 2, tls: 6 } as const;
const SHN_ABS = 0xfff1;

class StringTable {
  private readonly parts: Uint8Array[] = [new Uint8Array(1)];
  private size = 1;
  private readonly index = new Map<string, number>();
  add(s: string): number {
    if (s === '') return 0;
    const hit = this.index.get(s);
    if (hit !== undefined) return hit;
    const bytes = new TextEncoder().encode(`${s}\0`);
    const at = this.size;
    this.parts.push(bytes);
    this.size += bytes.length;
    this.index.set(s, at);
    return at;
  }
  bytes(): Uint8Array {
    const out = new Uint8Array(this.size);
    let at = 0;
    for (const p of this.parts) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  }
}

interface SectionHeader {
  name: number; type: number; flags: bigint; addr: bigint; offset: number; size: number; link: number; info: number; align: number; entsize: number;
}

const alignTo = (n: number, a: number) => Math.ceil(n / a) * a;

export function writeElf(spec: ElfSpec): Uint8Array {
  const shstr = new StringTable();
  const str = new StringTable();
  const headers: SectionHeader[] = [{ name: 0, type: SHT.null, flags: 0n, addr: 0n, offset: 0, size: 0, link: 0, info: 0, align: 0, entsize: 0 }];
  // Segment data: each at a file offset congruent to its address modulo the page size.
  let offset = EHDR + PHDR * spec.segments.length;
  const segmentOffsets = spec.segments.map((seg) => {
    const want = Number(seg.address % BigInt(PAGE));
    offset = alignTo(offset - want, PAGE) + want;
    const at = offset;
    offset += seg.bytes.length;
    return at;
  });
  const placed: Array<{ index: number; start: bigint; end: bigint }> = [];
  spec.segments.forEach((seg, i) => {
    for (const s of seg.sections) {
      const flags = BigInt(SHF.alloc | (s.executable ? SHF.exec : 0) | (s.writable ? SHF.write : 0));
      placed.push({ index: headers.length, start: s.address, end: s.address + BigInt(s.size) });
      headers.push({ name: shstr.add(s.name), type: s.nobits ? SHT.nobits : SHT.progbits, flags, addr: s.address, offset: segmentOffsets[i] + Number(s.address - seg.address), size: s.size, link: 0, info: 0, align: s.align, entsize: 0 });
    }
  });
  // Symbols: locals first, as ELF requires; each in the section holding its address.
  const sectionOf = (v: bigint) => placed.find((p) => v >= p.start && v < p.end) ?? placed.find((p) => v === p.end);
  const ordered = [...spec.symbols.filter((s) => !s.global), ...spec.symbols.filter((s) => s.global)];
  const symtab = new Uint8Array(SYM * (ordered.length + 1));
  const sv = new DataView(symtab.buffer);
  ordered.forEach((s, i) => {
    const at = SYM * (i + 1);
    sv.setUint32(at, str.add(s.name), true);
    sv.setUint8(at + 4, ((s.global ? 1 : 0) << 4) | STT[s.type]);
    sv.setUint8(at + 5, 0);
    sv.setUint16(at + 6, sectionOf(s.value)?.index ?? SHN_ABS, true);
    sv.setBigUint64(at + 8, s.value, true);
    sv.setBigUint64(at + 16, s.size, true);
  });
  const firstGlobal = 1 + ordered.filter((s) => !s.global).length;
  const strtab = str.bytes();
  const symIndex = headers.length;
  offset = alignTo(offset, 8);
  const symOffset = offset;
  headers.push({ name: shstr.add('.symtab'), type: SHT.symtab, flags: 0n, addr: 0n, offset: symOffset, size: symtab.length, link: symIndex + 1, info: firstGlobal, align: 8, entsize: SYM });
  offset += symtab.length;
  const strOffset = offset;
  headers.push({ name: shstr.add('.strtab'), type: SHT.strtab, flags: 0n, addr: 0n, offset: strOffset, size: strtab.length, link: 0, info: 0, align: 1, entsize: 0 });
  offset += strtab.length;
  const shstrName = shstr.add('.shstrtab');
  const shstrtab = shstr.bytes();
  const shstrOffset = offset;
  headers.push({ name: shstrName, type: SHT.strtab, flags: 0n, addr: 0n, offset: shstrOffset, size: shstrtab.length, link: 0, info: 0, align: 1, entsize: 0 });
  offset += shstrtab.length;
  const shOffset = alignTo(offset, 8);
  const out = new Uint8Array(shOffset + SHDR * headers.length);
  const v = new DataView(out.buffer);
  out.set([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]);
  v.setUint16(16, 2, true); // ET_EXEC
  v.setUint16(18, 183, true); // EM_AARCH64
  v.setUint32(20, 1, true);
  v.setBigUint64(24, spec.entry, true);
  v.setBigUint64(32, BigInt(EHDR), true);
  v.setBigUint64(40, BigInt(shOffset), true);
  v.setUint32(48, 0, true);
  v.setUint16(52, EHDR, true);
  v.setUint16(54, PHDR, true);
  v.setUint16(56, spec.segments.length, true);
  v.setUint16(58, SHDR, true);
  v.setUint16(60, headers.length, true);
  v.setUint16(62, headers.length - 1, true);
  spec.segments.forEach((seg, i) => {
    const at = EHDR + PHDR * i;
    v.setUint32(at, 1, true); // PT_LOAD
    v.setUint32(at + 4, 4 | (seg.writable ? 2 : 0) | (seg.executable ? 1 : 0), true);
    v.setBigUint64(at + 8, BigInt(segmentOffsets[i]), true);
    v.setBigUint64(at + 16, seg.address, true);
    v.setBigUint64(at + 24, seg.address, true);
    v.setBigUint64(at + 32, BigInt(seg.bytes.length), true);
    v.setBigUint64(at + 40, BigInt(seg.bytes.length), true);
    v.setBigUint64(at + 48, BigInt(PAGE), true);
    out.set(seg.bytes, segmentOffsets[i]);
  });
  out.set(symtab, symOffset);
  out.set(strtab, strOffset);
  out.set(shstrtab, shstrOffset);
  headers.forEach((h, i) => {
    const at = shOffset + SHDR * i;
    v.setUint32(at, h.name, true);
    v.setUint32(at + 4, h.type, true);
    v.setBigUint64(at + 8, h.flags, true);
    v.setBigUint64(at + 16, h.addr, true);
    v.setBigUint64(at + 24, BigInt(h.offset), true);
    v.setBigUint64(at + 32, BigInt(h.size), true);
    v.setUint32(at + 40, h.link, true);
    v.setUint32(at + 44, h.info, true);
    v.setBigUint64(at + 48, BigInt(h.align), true);
    v.setBigUint64(at + 56, BigInt(h.entsize), true);
  });
  return out;
}
