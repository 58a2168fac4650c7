// Reading and writing a linked image's bytes by link address, as the kernel patches its own image.
import type { Image, LinkedRegion, PlacedSection } from '../link/link.js';
import { HypsimError } from '../util/diagnostics.js';

export class ImageMemory {
  constructor(readonly image: Image) {}

  private at(address: bigint, size: number): { view: DataView; offset: number } {
    const r = this.image.regions.find((x) => address >= x.address && address + BigInt(size) <= x.address + BigInt(x.bytes.length));
    if (!r) throw new HypsimError(`boot: address 0x${address.toString(16)} (${size} bytes) is outside the linked image`);
    return { view: new DataView(r.bytes.buffer, r.bytes.byteOffset, r.bytes.byteLength), offset: Number(address - r.address) };
  }

  u32(address: bigint): number {
    const { view, offset } = this.at(address, 4);
    return view.getUint32(offset, true);
  }

  s32(address: bigint): number {
    const { view, offset } = this.at(address, 4);
    return view.getInt32(offset, true);
  }

  u8(address: bigint): number {
    const { view, offset } = this.at(address, 1);
    return view.getUint8(offset);
  }

  u16(address: bigint): number {
    const { view, offset } = this.at(address, 2);
    return view.getUint16(offset, true);
  }

  u64(address: bigint): bigint {
    const { view, offset } = this.at(address, 8);
    return view.getBigUint64(offset, true);
  }

  /** An unsigned little-endian field of 1, 2, 4 or 8 bytes; signed when asked. */
  field(address: bigint, size: number, signed = false): bigint {
    const v = size === 8 ? this.u64(address) : BigInt(size === 4 ? this.u32(address) : size === 2 ? this.u16(address) : this.u8(address));
    return signed ? BigInt.asIntN(size * 8, v) : v;
  }

  setU32(address: bigint, value: number): void {
    const { view, offset } = this.at(address, 4);
    view.setUint32(offset, value >>> 0, true);
  }

  setU64(address: bigint, value: bigint): void {
    const { view, offset } = this.at(address, 8);
    view.setBigUint64(offset, BigInt.asUintN(64, value), true);
  }

  /** Every placed input section with this name, in address order. */
  sections(name: string): PlacedSection[] {
    return this.image.regions
      .flatMap((r: LinkedRegion) => r.sections)
      .filter((p) => p.section.name === name)
      .sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0));
  }

  /** `symbol+0x10` for an address, or the address in hex. */
  name(address: bigint): string {
    const s = this.image.symbolize(address);
    return s ? (s.offset ? `${s.name}+0x${s.offset.toString(16)}` : s.name) : `0x${address.toString(16)}`;
  }
}

export interface RelocRef {
  readonly symbol: string;
  readonly addend: bigint;
}

/** A placed section's relocations by byte offset: the symbol each names and its addend. */
export function relocsByOffset(placed: PlacedSection): Map<number, RelocRef> {
  return new Map(placed.section.relocs.map((r) => [r.offset, { symbol: r.symbol, addend: BigInt(r.addend.toString()) }]));
}
