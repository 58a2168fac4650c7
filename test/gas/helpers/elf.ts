// A minimal ELF64 little-endian reader for objects made by aarch64-linux-gnu-as: sections,
// symbols and RELA relocations, enough to compare them with a Program.
import Long from 'long';
import { relocTypeOfNumber } from '../../../src/ir/relocs.js';

export interface ElfSection {
  readonly index: number;
  readonly name: string;
  readonly type: number;
  readonly flags: number;
  readonly align: number;
  readonly entsize: number;
  /** sh_link and sh_info as stored. */
  readonly link: number;
  readonly info: number;
  readonly bytes: Uint8Array;
}

export interface ElfSymbol {
  readonly name: string;
  readonly value: Long;
  readonly size: Long;
  readonly type: 'notype' | 'object' | 'func' | 'section' | 'file' | 'tls' | 'other';
  readonly binding: 'local' | 'global' | 'weak' | 'other';
  readonly visibility: 'default' | 'internal' | 'hidden' | 'protected';
  /** Section name, or 'ABS' / 'UND'. */
  readonly section: string;
}

export interface ElfReloc {
  readonly offset: number;
  readonly type: string;
  readonly symbol: string;
  readonly addend: Long;
}

export interface ElfObject {
  readonly sections: ElfSection[];
  readonly symbols: ElfSymbol[];
  /** Relocations by the name of the section they apply to. */
  readonly relocs: Map<string, ElfReloc[]>;
  /** Section groups by member section name: the signature symbol and whether it is COMDAT. */
  readonly groups: Map<string, { signature: string; comdat: boolean }>;
}

export const SHT = { PROGBITS: 1, SYMTAB: 2, STRTAB: 3, RELA: 4, NOBITS: 8, NOTE: 7, INIT_ARRAY: 14, FINI_ARRAY: 15, PREINIT_ARRAY: 16, GROUP: 17 } as const;
export const SHF = { WRITE: 1, ALLOC: 2, EXECINSTR: 4, MERGE: 0x10, STRINGS: 0x20 } as const;


const SYM_TYPES: ElfSymbol['type'][] = ['notype', 'object', 'func', 'section', 'file', 'other', 'tls'];
const BINDINGS: ElfSymbol['binding'][] = ['local', 'global', 'weak'];
const VISIBILITIES: ElfSymbol['visibility'][] = ['default', 'internal', 'hidden', 'protected'];

export function readElf(buf: Uint8Array): ElfObject {
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const u16 = (o: number) => dv.getUint16(o, true);
  const u32 = (o: number) => dv.getUint32(o, true);
  const u64 = (o: number) => Long.fromBits(dv.getUint32(o, true), dv.getUint32(o + 4, true), true);
  const shoff = u64(0x28).toNumber();
  const shnum = u16(0x3c);
  const shstrndx = u16(0x3e);
  const raw = Array.from({ length: shnum }, (_, i) => {
    const h = shoff + i * 64;
    return {
      nameOff: u32(h), type: u32(h + 4), flags: u64(h + 8).toNumber(), offset: u64(h + 24).toNumber(), size: u64(h + 32).toNumber(),
      link: u32(h + 40), info: u32(h + 44), align: u64(h + 48).toNumber(), entsize: u64(h + 56).toNumber(),
    };
  });
  const str = (sec: number, off: number) => {
    const start = raw[sec].offset + off;
    let end = start;
    while (buf[end] !== 0) end++;
    return Buffer.from(buf.subarray(start, end)).toString('latin1').replaceAll('\u0002', '^B');
  };
  const sections: ElfSection[] = raw.map((h, index) => ({
    index, name: str(shstrndx, h.nameOff), type: h.type, flags: h.flags, align: h.align, entsize: h.entsize, link: h.link, info: h.info,
    bytes: h.type === SHT.NOBITS ? new Uint8Array(h.size) : buf.slice(h.offset, h.offset + h.size),
  }));
  const symtabIndex = raw.findIndex((h) => h.type === SHT.SYMTAB);
  const symbols: ElfSymbol[] = [];
  if (symtabIndex >= 0) {
    const h = raw[symtabIndex];
    for (let o = h.offset; o < h.offset + h.size; o += 24) {
      const info = buf[o + 4];
      const shndx = u16(o + 6);
      const type = SYM_TYPES[info & 0xf] ?? 'other';
      const section = shndx === 0 ? 'UND' : shndx === 0xfff1 ? 'ABS' : shndx === 0xfff2 ? 'COM' : sections[shndx]?.name ?? `#${shndx}`;
      symbols.push({
        name: type === 'section' ? section : str(h.link, u32(o)),
        value: u64(o + 8), size: u64(o + 16), type, binding: BINDINGS[info >> 4] ?? 'other',
        visibility: VISIBILITIES[buf[o + 5] & 3], section,
      });
    }
  }
  const relocs = new Map<string, ElfReloc[]>();
  raw.forEach((h) => {
    if (h.type !== SHT.RELA) return;
    const list: ElfReloc[] = [];
    for (let o = h.offset; o < h.offset + h.size; o += 24) {
      const info = u64(o + 8);
      const typeNum = info.low >>> 0;
      list.push({
        offset: u64(o).toNumber(),
        type: relocTypeOfNumber(typeNum) ?? `#${typeNum}`,
        symbol: symbols[info.high >>> 0]?.name ?? '?',
        addend: Long.fromBits(dv.getUint32(o + 16, true), dv.getUint32(o + 20, true), false),
      });
    }
    relocs.set(sections[h.info].name, list);
  });
  const groups = new Map<string, { signature: string; comdat: boolean }>();
  raw.forEach((h) => {
    if (h.type !== SHT.GROUP) return;
    const signature = symbols[h.info]?.name ?? '?';
    const comdat = (u32(h.offset) & 1) !== 0;
    for (let o = h.offset + 4; o < h.offset + h.size; o += 4) groups.set(sections[u32(o)].name, { signature, comdat });
  });
  return { sections, symbols, relocs, groups };
}
