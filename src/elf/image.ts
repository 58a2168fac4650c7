// The linked image as an ELF spec: one segment per region, its input sections at their link
// addresses, the image's symbols (assembler-local labels left out) and the mapping symbols
// `$x`/`$d` that tell disassemblers where code and data (literal pools) start. Code that runs at
// another address too (hyp code at its hyp VA) gets a second segment there, sections named
// `NAME@alias`, with its symbols repeated at the alias: traces show run-time PCs, and Arm's
// tarmac-profile/tarmac-calltree (`--image`) name them from that copy.
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

/** Another address a region runs at. */
export interface RegionAlias {
  readonly region: string;
  readonly name: string;
  readonly address: bigint;
}

function segmentOf(r: LinkedRegion, base: bigint, suffix: string) {
  const shift = base - r.address;
  return {
    address: base,
    bytes: r.bytes,
    executable: r.perms.includes('x'),
    writable: r.perms.includes('w'),
    sections: r.sections.map((p) => ({
      name: `${p.section.name}${suffix}`,
      address: p.address + shift,
      size: p.section.bytes.length,
      executable: r.perms.includes('x'),
      writable: r.perms.includes('w'),
      nobits: p.section.type === 'nobits',
      align: p.section.align,
    })),
  };
}

const inRegion = (r: LinkedRegion, a: bigint) => a >= r.address && a <= r.address + BigInt(r.bytes.length);

export function imageElfSpec(image: Image, entry = 0n, aliases: readonly RegionAlias[] = []): ElfSpec {
  const regions = image.regions.filter((r) => r.bytes.length > 0);
  const segments = regions.map((r) => segmentOf(r, r.address, ''));
  const symbols: ElfSymbol[] = image.allSymbols
    .filter((s) => !s.temporary && s.type !== 'section' && s.type !== 'file')
    .map((s) => ({ name: s.name, value: s.address, size: s.size, type: s.type as ElfSymbol['type'], global: s.global }));
  const mapping = regions.filter((r) => r.perms.includes('x')).flatMap(mappingSymbols);
  const copies: ElfSymbol[] = [];
  for (const alias of aliases) {
    const r = regions.find((x) => x.name === alias.region && x.perms.includes('x'));
    if (!r) continue;
    segments.push(segmentOf(r, alias.address, `@${alias.name.slice(alias.name.indexOf('@') + 1)}`));
    const shift = alias.address - r.address;
    for (const s of [...mappingSymbols(r), ...symbols.filter((x) => inRegion(r, x.value))]) copies.push({ ...s, value: s.value + shift, global: false });
  }
  return { entry, segments, symbols: [...mapping, ...symbols, ...copies] };
}

export function imageElf(image: Image, entry = 0n, aliases: readonly RegionAlias[] = []): Uint8Array {
  return writeElf(imageElfSpec(image, entry, aliases));
}
