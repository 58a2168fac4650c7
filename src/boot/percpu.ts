// The hypervisor's per-CPU data as the host lays it out (arch/arm64/kvm/arm.c, init_hyp_mode and
// cpu_prepare_hyp_mode): each CPU gets a copy of the patched .hyp.data..percpu template
// (__per_cpu_start…__per_cpu_end) in pages the host allocates, kvm_arm_hyp_percpu_base[cpu] holds
// the copy's linear-map address, and TPIDR_EL2 — which hyp-init loads from
// kvm_nvhe_init_params.tpidr_el2 — is the copy's distance from lm_alias(__per_cpu_start), so
// `adr_l sym` + TPIDR_EL2 reaches the CPU's copy of sym at EL2.
import type { Image } from '../link/link.js';
import { HypsimError } from '../util/diagnostics.js';
import { ImageMemory } from './image-memory.js';
import { lmAlias, type KernelMemory } from './va-layout.js';

export interface PercpuCopy {
  readonly cpu: number;
  /** kvm_arm_hyp_percpu_base[cpu]: the copy's linear-map VA. */
  readonly base: bigint;
  /** params->tpidr_el2 */
  readonly tpidrEl2: bigint;
}

export interface HypPercpu {
  /** Kernel image address and bytes of the template, as patched. */
  readonly start: bigint;
  readonly template: Uint8Array;
  /** Bytes the host allocates per CPU: nvhe_percpu_size() rounded up to whole pages (get_order). */
  readonly allocation: bigint;
  readonly copies: readonly PercpuCopy[];
  /** Where kvm_arm_hyp_percpu_base is, and whether it lies in the image (then it was written). */
  readonly baseArray: { readonly address: bigint; readonly inImage: boolean };
}

function pagesOrder(size: bigint, page: bigint): bigint {
  let alloc = page;
  while (alloc < size) alloc *= 2n;
  return alloc;
}

/** `bases`: the linear-map VA of each CPU's allocation, in CPU order. */
export function hypPercpu(image: Image, prefix: string, memory: KernelMemory, pageSize: bigint, bases: readonly bigint[]): HypPercpu {
  const mem = new ImageMemory(image);
  const start = image.address(`${prefix}__per_cpu_start`);
  const end = image.address(`${prefix}__per_cpu_end`);
  if (end < start) throw new HypsimError('boot: __per_cpu_end is below __per_cpu_start');
  const region = image.regions.find((r) => start >= r.address && end <= r.address + BigInt(r.bytes.length));
  if (!region) throw new HypsimError('boot: the per-CPU template is not inside one region of the image');
  const template = region.bytes.slice(Number(start - region.address), Number(end - region.address));
  const copies = bases.map((base, cpu) => ({ cpu, base, tpidrEl2: BigInt.asUintN(64, base - lmAlias(memory, start)) }));
  const array = image.address(`${prefix}kvm_arm_hyp_percpu_base`);
  const inImage = image.regions.some((r) => array >= r.address && array + BigInt(8 * bases.length) <= r.address + BigInt(r.bytes.length));
  if (inImage) copies.forEach((c) => mem.setU64(array + BigInt(8 * c.cpu), c.base));
  return { start, template, allocation: pagesOrder(end - start, pageSize), copies, baseArray: { address: array, inImage } };
}
