// The kernel's address spaces for its hypervisor: the kernel image VA ↔ PA ↔ linear-map VA
// (asm/memory.h: __kimg_to_phys, __phys_to_virt, lm_alias) and the hyp VA layout of
// arch/arm64/kvm/va_layout.c (kvm_compute_layout, __early_kern_hyp_va). The caller chooses the
// layout; kvmComputeLayout derives it from the memory map as the kernel does.
export interface KernelMemory {
  /** PAGE_OFFSET: the linear map's base VA. */
  readonly pageOffset: bigint;
  /** PHYS_OFFSET (memstart_addr): the PA the linear map's base maps. */
  readonly physOffset: bigint;
  /** kimage_voffset: kernel image VA − PA. */
  readonly kimageVoffset: bigint;
}

/** kvm_update_va_mask's inputs: hyp VA = (linear VA & va_mask) | tag_val << tag_lsb. */
export interface HypVaLayout {
  readonly tagLsb: number;
  readonly tagVal: bigint;
}

const u64 = (v: bigint) => BigInt.asUintN(64, v);
const genmask = (h: number, l: number) => ((1n << BigInt(h - l + 1)) - 1n) << BigInt(l);

export const vaMask = (l: HypVaLayout): bigint => genmask(l.tagLsb - 1, 0);
export const kimgToPhys = (m: KernelMemory, va: bigint): bigint => u64(va - m.kimageVoffset);
export const physToVirt = (m: KernelMemory, pa: bigint): bigint => u64((pa - m.physOffset) | m.pageOffset);
export const lmAlias = (m: KernelMemory, kimgVa: bigint): bigint => physToVirt(m, kimgToPhys(m, kimgVa));

/** __early_kern_hyp_va: what kern_hyp_va computes for a linear-map VA. */
export const earlyKernHypVa = (l: HypVaLayout, va: bigint): bigint => u64((va & vaMask(l)) | (l.tagVal << BigInt(l.tagLsb)));

/** The hyp VA of a kernel image address (kvm_ksym_ref, then kern_hyp_va). */
export const hypVaOfKimg = (m: KernelMemory, l: HypVaLayout, kimgVa: bigint): bigint => earlyKernHypVa(l, lmAlias(m, kimgVa));

const fls64 = (v: bigint): number => (v === 0n ? 0 : v.toString(2).length);

export interface MemoryMap {
  readonly vabitsActual: number;
  /** __pa_symbol(__hyp_idmap_text_start) */
  readonly idmapPa: bigint;
  /** memblock_start_of_DRAM() */
  readonly dramStart: bigint;
  /** memblock_end_of_DRAM(): high_memory is its linear-map VA */
  readonly dramEnd: bigint;
  /** get_random_long() under CONFIG_RANDOMIZE_BASE; 0 for a fixed layout. */
  readonly random?: bigint;
}

/** kvm_compute_layout(). */
export function kvmComputeLayout(m: KernelMemory, map: MemoryMap): HypVaLayout {
  const top = BigInt(map.vabitsActual - 1);
  const hypVaMsb = (map.idmapPa & (1n << top)) ^ (1n << top);
  const tagLsb = fls64(physToVirt(m, map.dramStart) ^ physToVirt(m, map.dramEnd - 1n));
  let tagVal = hypVaMsb;
  if (map.random !== undefined && tagLsb !== map.vabitsActual - 1) tagVal |= map.random & genmask(map.vabitsActual - 2, tagLsb);
  return { tagLsb, tagVal: tagVal >> BigInt(tagLsb) };
}
