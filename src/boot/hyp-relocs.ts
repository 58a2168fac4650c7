// `.hyp.reloc`: 32-bit offsets (PREL32), each to a 64-bit word of the hypervisor holding a kernel
// image VA, converted to the hyp VA in place as kvm_apply_hyp_relocations() does.
import { HypsimError } from '../util/diagnostics.js';
import type { ImageMemory } from './image-memory.js';
import { hypVaOfKimg, type HypVaLayout, type KernelMemory } from './va-layout.js';

const HYP_RELOC = '.hyp.reloc';

export interface HypReloc {
  /** The word's kernel image address. */
  readonly place: bigint;
  readonly site: string;
  /** The kernel VA it held, named. */
  readonly before: bigint;
  readonly target: string;
  readonly after: bigint;
}

/** The addresses of the words the relocations name. */
export function readHypRelocs(mem: ImageMemory): bigint[] {
  const out: bigint[] = [];
  for (const placed of mem.sections(HYP_RELOC)) {
    if (placed.section.bytes.length % 4 !== 0) throw new HypsimError(`boot: ${HYP_RELOC} is ${placed.section.bytes.length} bytes, not a list of 32-bit offsets`);
    for (let off = 0; off < placed.section.bytes.length; off += 4) {
      const at = placed.address + BigInt(off);
      out.push(BigInt.asUintN(64, at + BigInt(mem.s32(at))));
    }
  }
  return out;
}

export function applyHypRelocs(mem: ImageMemory, places: readonly bigint[], memory: KernelMemory, hyp: HypVaLayout): HypReloc[] {
  return places.map((place) => {
    const before = mem.u64(place);
    const after = hypVaOfKimg(memory, hyp, before);
    mem.setU64(place, after);
    return { place, site: mem.name(place), before, target: mem.name(before), after };
  });
}
