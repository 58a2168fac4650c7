// The linked image as an ELF spec: one segment per region, its input sections at their link
// addresses, the image's symbols (assembler-local labels left out) and the mapping symbols
// `$x`/`$d` that tell disassemblers where code and data (literal pools) start.
import type { Image, LinkedRegion } from '../link/link.js';
import type { ElfSpec, ElfSymbol } from './write.js';
import { writeElf } from './write.js';

function mappingSymbols(region: LinkedRegion): ElfSymbol[] {
  const out: ElfSymbol[] = [];
  for (const placed of region.sections) {
    let last: '$x' | '$d' | undefined;
    for (const item of placed.section.items) {
      const kind = item.kind === 'insn' ? '$x' : item.kind === 'data' ? '$d' : last;
      if (kind && kind !== last) out.push({ name: kind, value: placed.address + BigInt(item.offset), size: 0n, type: 'notype', global: false });
      last = kind;
    }
  }
  return out;
}

export function imageElfSpec(image: Image, entry = 0n): ElfSpec {
  const segments = image.regions
    .filter((r) => r.bytes.length > 0)
    .map((r) => ({
      address: r.address,
      bytes: r.bytes,
      executable: r.perms.includes('x'),
      writable: r.perms.includes('w'),
      sections: r.sections.map((p) => ({
        name: p.section.name,
        address: p.address,
        size: p.section.bytes.length,
        executable: r.perms.includes('x'),
        writable: r.perms.includes('w'),
        nobits: p.section.type === 'nobits',
        align: p.section.align,
      })),
    }));
  const symbols: ElfSymbol[] = image.allSymbols
    .filter((s) => !s.temporary && s.type !== 'section' && s.type !== 'file')
    .map((s) => ({ name: s.name, value: s.address, size: s.size, type: s.type as ElfSymbol['type'], global: s.global }));
  const mapping = image.regions.filter((r) => r.perms.includes('x')).flatMap(mappingSymbols);
  return { entry, segments, symbols: [...mapping, ...symbols] };
}

export function imageElf(image: Image, entry = 0n): Uint8Array {
  return writeElf(imageElfSpec(image, entry));
}
