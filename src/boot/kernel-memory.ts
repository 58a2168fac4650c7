// The kernel's memory map for a given DRAM and image placement, as the arm64 boot code computes
// it: vabits_actual (52-bit VA only with LPA2, for the 4K granule), PAGE_OFFSET from the tree,
// memstart_addr as arm64_memblock_init() rounds and shifts it, and kimage_voffset.
import { HypsimError } from '../util/diagnostics.js';
import { readCpuField, type BootCpu } from './cpu.js';
import { configEnabled } from './kconfig.js';
import type { BootTree } from './tree.js';
import type { KernelMemory } from './va-layout.js';

export interface ImagePlacement {
  readonly dramStart: bigint;
  /** The PA the kernel image is loaded at, and the VA it is linked at (after KASLR). */
  readonly kernelPa: bigint;
  readonly kimageVaddr: bigint;
}

export interface KernelMemoryMap extends KernelMemory {
  readonly vabitsActual: number;
}

const pageOffsetFor = (va: number) => BigInt.asUintN(64, -(1n << BigInt(va)));

export function vabitsActual(tree: BootTree, cpu: BootCpu): number {
  const vaBits = Number(tree.constants.VA_BITS);
  if (vaBits < 52) return vaBits;
  if (!configEnabled(tree.config, 'CONFIG_ARM64_4K_PAGES')) throw new HypsimError('boot: hypsim computes 52-bit VA layouts for the 4K granule (CONFIG_ARM64_4K_PAGES) only');
  const lpa2 = readCpuField(cpu, tree.fields, 'ID_AA64MMFR0_EL1', 'TGRAN4') === tree.fields.value('ID_AA64MMFR0_EL1', 'TGRAN4', '52_BIT');
  return lpa2 ? 52 : 48;
}

export function kernelMemory(tree: BootTree, cpu: BootCpu, p: ImagePlacement): KernelMemoryMap {
  if (!configEnabled(tree.config, 'CONFIG_ARM64_4K_PAGES')) throw new HypsimError('boot: hypsim computes memstart_addr for the 4K granule (CONFIG_ARM64_4K_PAGES) only');
  const va = vabitsActual(tree, cpu);
  const shift = tree.constants.PUD_SHIFT < tree.constants.SECTION_SIZE_BITS ? tree.constants.SECTION_SIZE_BITS : tree.constants.PUD_SHIFT;
  const align = 1n << shift;
  let memstart = (p.dramStart / align) * align;
  if (Number(tree.constants.VA_BITS) === 52 && va !== 52) memstart -= pageOffsetFor(va) - pageOffsetFor(52);
  return { vabitsActual: va, pageOffset: tree.constants.PAGE_OFFSET, physOffset: BigInt.asUintN(64, memstart), kimageVoffset: BigInt.asUintN(64, p.kimageVaddr - p.kernelPa) };
}
