// The nVHE hypervisor of a prepared kernel build, linked at kernel image addresses the way
// vmlinux places it, with a test memory map (1 GiB of DRAM at 0x40000000, the image at
// 0x40200000 linked at the tree's KIMAGE_VADDR, a fixed "random" hyp VA tag), for the boot
// patching tests. Until hypsim assembles all of gcc's output the Program is read from kbuild's
// own kvm_nvhe.o (equal to hypsim's relocatable link of kbuild's objects, test/link).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Program } from '../../src/ir/program.js';
import { link, type Image } from '../../src/link/link.js';
import { bootPatch, hypsimCpu, kernelImageLayout, kernelMemory, kimgToPhys, kvmComputeLayout, readBootTree, type BootReport, type BootTree, type HypPlacement, type HypVaLayout } from '../../src/boot/index.js';
import type { KernelMemoryMap } from '../../src/boot/kernel-memory.js';
import type { KernelBuild } from '../../src/kbuild/index.js';
import { readElf } from '../gas/helpers/elf.js';
import { programFromElf } from './elf-program.js';
import { kernelBuild, type KernelVersion } from './kernel-builds.js';

export const DRAM_START = 0x40000000n;
export const DRAM_END = 0x80000000n;
export const KERNEL_PA = 0x40200000n;
/** Stands in for get_random_long() in kvm_compute_layout (CONFIG_RANDOMIZE_BASE). */
export const HYP_TAG_RANDOM = 0x5a5a_5a5a_5a5a_5a5an;

export function kbuildHypProgram(build: KernelBuild): Program {
  const root = build.graph.roots[0];
  const step = build.graph.steps.get(root);
  return programFromElf(root, readElf(readFileSync(join(build.buildDir, root))), step?.kind === 'objcopy' ? step.symbolPrefix : '');
}

export interface HypWorld {
  readonly build: KernelBuild;
  readonly tree: BootTree;
  readonly program: Program;
  readonly placement: HypPlacement;
  readonly memory: KernelMemoryMap;
  readonly hyp: HypVaLayout;
  /** Linked, not patched. */
  readonly pristine: Image;
  /** Linked and patched by bootPatch. */
  readonly image: Image;
  readonly report: BootReport;
}

export const linkHypImage = (program: Program, placement: HypPlacement): Image => link([program], placement);

const worlds = new Map<KernelVersion, Promise<HypWorld>>();

export function hypWorld(v: KernelVersion): Promise<HypWorld> {
  let w = worlds.get(v);
  if (w === undefined) {
    w = (async () => {
      const { build } = await kernelBuild(v);
      const tree = await readBootTree(build);
      const program = kbuildHypProgram(build);
      const kimage = tree.constants.KIMAGE_VADDR;
      const placement = kernelImageLayout(program, kimage, tree.symbolPrefix);
      const memory = kernelMemory(tree, hypsimCpu(), { dramStart: DRAM_START, kernelPa: KERNEL_PA, kimageVaddr: kimage });
      const pristine = linkHypImage(program, placement);
      const idmapPa = kimgToPhys(memory, pristine.address(`${tree.symbolPrefix}__hyp_idmap_text_start`));
      const hyp = kvmComputeLayout(memory, { vabitsActual: memory.vabitsActual, idmapPa, dramStart: DRAM_START, dramEnd: DRAM_END, random: HYP_TAG_RANDOM });
      const image = linkHypImage(program, placement);
      const report = bootPatch(image, { tree, memory, hyp });
      return { build, tree, program, placement, memory, hyp, pristine, image, report };
    })();
    worlds.set(v, w);
  }
  return w;
}
