// Where things are on hypsim's machine for a kbuild-built tree: the host's physical and virtual
// layout (hypsim's choice, as a boot loader and the kernel's own layout would make it for a 48-bit
// VA, 4 KiB-page kernel without KASLR), and the hyp VA transform the kernel derives from it
// (arch/arm64/kvm/va_layout.c kvm_compute_layout, with no random tag).
export interface HostLayout {
  /** memblock_start_of_DRAM(). */
  readonly physOffset: bigint;
  readonly dramSize: bigint;
  /** vabits_actual. */
  readonly vaBits: number;
  /** PAGE_OFFSET: the start of the linear map (48-bit VA). */
  readonly pageOffset: bigint;
  /** Where the kernel image is linked (KIMAGE_VADDR, no KASLR) and where it is loaded. */
  readonly kimageVaddr: bigint;
  readonly kimagePa: bigint;
}

export const HOST_LAYOUT: HostLayout = {
  physOffset: 0x80000000n,
  dramSize: 0x40000000n,
  vaBits: 48,
  pageOffset: 0xffff000000000000n,
  kimageVaddr: 0xffff800080000000n,
  kimagePa: 0x80200000n,
};

export const PAGE = 0x1000n;

/** The hyp VA transform of kern_hyp_va: `(va & vaMask) | (tagVal << tagLsb)`. */
export interface HypVaLayout {
  readonly tagLsb: number;
  readonly vaMask: bigint;
  readonly tagVal: bigint;
}

const bit = (n: number) => 1n << BigInt(n);
const fls64 = (x: bigint) => (x === 0n ? 0 : x.toString(2).length);

export class AddressMap {
  readonly hyp: HypVaLayout;

  constructor(
    readonly layout: HostLayout,
    /** __pa_symbol(__hyp_idmap_text_start). */
    idmapPa: bigint,
  ) {
    let msb = idmapPa & bit(layout.vaBits - 1);
    msb ^= bit(layout.vaBits - 1);
    const highMemory = this.linear(layout.physOffset + layout.dramSize);
    const tagLsb = fls64(this.linear(layout.physOffset) ^ (highMemory - 1n));
    this.hyp = { tagLsb, vaMask: bit(tagLsb) - 1n, tagVal: msb >> BigInt(tagLsb) };
  }

  /** phys_to_virt / __va: the linear-map address of a physical address. */
  linear(pa: bigint): bigint {
    return BigInt.asUintN(64, pa - this.layout.physOffset + this.layout.pageOffset);
  }

  /** __pa of a linear-map address. */
  physOfLinear(va: bigint): bigint {
    return va - this.layout.pageOffset + this.layout.physOffset;
  }

  /** kimage_voffset: kernel image VA minus PA. */
  get kimageVoffset(): bigint {
    return BigInt.asUintN(64, this.layout.kimageVaddr - this.layout.kimagePa);
  }

  /** __pa_symbol of a kernel-image address. */
  physOfImage(va: bigint): bigint {
    return BigInt.asUintN(64, va - this.kimageVoffset);
  }

  /** lm_alias: the linear-map alias of a kernel-image address. */
  lmAlias(imageVa: bigint): bigint {
    return this.linear(this.physOfImage(imageVa));
  }

  /** kern_hyp_va of a linear-map address. */
  hypVa(linearVa: bigint): bigint {
    return (linearVa & this.hyp.vaMask) | (this.hyp.tagVal << BigInt(this.hyp.tagLsb));
  }

  /** The hyp VA of physical memory. */
  hypVaOfPhys(pa: bigint): bigint {
    return this.hypVa(this.linear(pa));
  }
}
