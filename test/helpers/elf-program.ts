// An object file made by GNU tools, read as a hypsim Program (sections, relocations, symbols; no
// instruction items), so that hypsim's linker can be checked on kbuild's own objects.
import type { Program, RelocType, Section, SymbolInfo } from '../../src/ir/program.js';
import { SHF, SHT, type ElfObject, type ElfSymbol } from '../gas/helpers/elf.js';

const SKIPPED = /^(\.rela|\.symtab$|\.strtab$|\.shstrtab$)/;

function flagLetters(flags: number): string {
  return (flags & SHF.ALLOC ? 'a' : '') + (flags & SHF.WRITE ? 'w' : '') + (flags & SHF.EXECINSTR ? 'x' : '') + (flags & SHF.MERGE ? 'M' : '') + (flags & SHF.STRINGS ? 'S' : '');
}

/** Symbols a Program does not list: section and file symbols, mapping symbols, assembler locals. */
export function isBookkeepingSymbol(s: Pick<ElfSymbol, 'name' | 'type' | 'binding'>, prefix = ''): boolean {
  const name = s.name.startsWith(prefix) ? s.name.slice(prefix.length) : s.name;
  return s.type === 'section' || /^\$[xd](\.|$)/.test(name) || (name.startsWith('.L') && s.binding === 'local') || s.name === '';
}

/** `prefix`: objcopy's --prefix-symbols of the object, so its mapping symbols are still recognised. */
export function programFromElf(file: string, o: ElfObject, prefix = ''): Program {
  const sections: Section[] = o.sections
    .filter((s) => s.index > 0 && !SKIPPED.test(s.name) && (s.type === SHT.PROGBITS || s.type === SHT.NOBITS || s.type === SHT.NOTE))
    .map((s) => ({
      name: s.name,
      flags: flagLetters(s.flags),
      type: s.type === SHT.NOBITS ? 'nobits' : s.type === SHT.NOTE ? 'note' : 'progbits',
      ...(s.entsize > 0 ? { entsize: s.entsize } : {}),
      align: Math.max(1, s.align),
      bytes: s.bytes,
      items: [],
      relocs: (o.relocs.get(s.name) ?? []).map((r) => ({ offset: r.offset, type: r.type as RelocType, symbol: r.symbol, addend: r.addend, origin: { file, line: 0, col: 0, expansion: [] } })),
    }));
  const symbols: SymbolInfo[] = o.symbols
    .filter((s) => s.name !== '' && s.type !== 'section')
    .map((s) => ({
      name: s.name,
      ...(s.section === 'UND' || s.section === 'ABS' ? {} : { section: s.section }),
      value: s.value,
      size: s.size,
      type: s.type === 'other' ? 'notype' : s.type,
      binding: s.binding === 'other' ? 'global' : s.binding,
      defined: s.section !== 'UND',
      visibility: s.visibility,
      temporary: isBookkeepingSymbol(s, prefix),
    }));
  return { file, sections, symbols, diagnostics: [] };
}
