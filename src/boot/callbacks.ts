// The alternative callbacks the nVHE hypervisors name, one function each, after the kernel's own
// C (arch/arm64/kernel/alternative.c, arch/arm64/kvm/va_layout.c, arch/arm64/kernel/proton-pack.c).
// Each gets the site's original words and returns the words the kernel leaves there.
import { HypsimError } from '../util/diagnostics.js';
import { InsnError, decodeRd, decodeRn, genAddImm, genBranchReg, genExtr, genLogicalImm, genMovewide, genNop } from './insn.js';
import type { SpectreState } from './spectre.js';
import { hypVaOfKimg, vaMask, type HypVaLayout, type KernelMemory } from './va-layout.js';

export interface CallbackContext {
  /** cpus_have_cap() by name, once the system caps are final. */
  readonly hasCap: (name: string) => boolean;
  readonly hyp: HypVaLayout;
  readonly memory: KernelMemory;
  readonly spectre: SpectreState;
  readonly mitigateBranchHistory: boolean;
  readonly vectorPreamble: bigint;
  readonly smcccArchWorkaround3: bigint;
  readonly ctrEl0: bigint;
  /** The kernel image address of a hypervisor symbol (`__kvm_hyp_vector`). */
  readonly hypSymbol: (name: string) => bigint;
}

export interface CallbackSite {
  /** The kernel image address of the first original instruction (origptr). */
  readonly address: bigint;
  readonly words: readonly number[];
}

export type Callback = (ctx: CallbackContext, site: CallbackSite) => number[];

class BugOn extends Error {}

function expectInsns(site: CallbackSite, n: number): void {
  if (site.words.length !== n) throw new BugOn(`BUG_ON(nr_inst != ${n}): the site has ${site.words.length} instruction(s)`);
}

const nops = (n: number) => Array.from({ length: n }, genNop);

function movQ(rd: number, value: bigint): number[] {
  const v = BigInt.asUintN(64, value);
  return ([0, 16, 32, 48] as const).map((s, i) => genMovewide(rd, Number((v >> BigInt(s)) & 0xffffn), s, i === 0 ? 'zero' : 'keep'));
}

/** generate_mov_q: movz/movk ×3 into the first instruction's Rd. */
function generateMovQ(value: bigint, site: CallbackSite): number[] {
  expectInsns(site, 4);
  return movQ(decodeRd(site.words[0]), value);
}

/** va_layout.c compute_instruction(). */
function computeInstruction(n: number, rd: number, rn: number, l: HypVaLayout): number {
  const tag = l.tagVal;
  switch (n) {
    case 0:
      return genLogicalImm('and', 64, rn, rd, vaMask(l));
    case 1:
      return genExtr(rn, rn, rd, l.tagLsb);
    case 2:
      return genAddImm(rd, rn, Number(tag & 0xfffn));
    case 3:
      return genAddImm(rd, rn, Number(tag & 0xfff000n));
    default:
      return genExtr(rn, rn, rd, 64 - l.tagLsb);
  }
}

export const CALLBACKS: Readonly<Record<string, Callback>> = {
  alt_cb_patch_nops: (_ctx, site) => nops(site.words.length),

  kvm_update_va_mask: (ctx, site) => {
    expectInsns(site, 5);
    return site.words.map((w, i) => {
      if (ctx.hasCap('ARM64_HAS_VIRT_HOST_EXTN') || (ctx.hyp.tagVal === 0n && i > 0)) return genNop();
      return computeInstruction(i, decodeRd(w), decodeRn(w), ctx.hyp);
    });
  },

  kvm_patch_vector_branch: (ctx, site) => {
    expectInsns(site, 4);
    if (!ctx.hasCap('ARM64_SPECTRE_V3A') || ctx.hasCap('ARM64_HAS_VIRT_HOST_EXTN')) return [...site.words];
    let addr = hypVaOfKimg(ctx.memory, ctx.hyp, ctx.hypSymbol('__kvm_hyp_vector'));
    addr |= site.address & 0x780n;
    addr += ctx.vectorPreamble;
    return [...movQ(0, addr).slice(0, 3), genBranchReg(0)];
  },

  kvm_get_kimage_voffset: (ctx, site) => generateMovQ(ctx.memory.kimageVoffset, site),

  kvm_compute_final_ctr_el0: (ctx, site) => generateMovQ(ctx.ctrEl0, site),

  spectre_bhb_patch_loop_mitigation_enable: (ctx, site) => {
    expectInsns(site, 1);
    return ctx.spectre.bhb.mitigations.includes('loop') ? [genNop()] : [...site.words];
  },

  spectre_bhb_patch_loop_iter: (ctx, site) => {
    expectInsns(site, 1);
    if (!ctx.mitigateBranchHistory) return [...site.words];
    return [genMovewide(decodeRd(site.words[0]), ctx.spectre.bhb.loopK, 0, 'zero')];
  },

  spectre_bhb_patch_wa3: (ctx, site) => {
    expectInsns(site, 1);
    if (!ctx.mitigateBranchHistory || !ctx.spectre.bhb.mitigations.includes('fw')) return [...site.words];
    return [genLogicalImm('orr', 32, 31, decodeRd(site.words[0]), ctx.smcccArchWorkaround3)];
  },

  spectre_bhb_patch_clearbhb: (ctx, site) => {
    expectInsns(site, 2);
    return ctx.spectre.bhb.mitigations.includes('insn') ? [...site.words] : nops(2);
  },
};

/** Runs a callback; the kernel's BUG_ON and AARCH64_BREAK_FAULT become errors naming it and the site. */
export function runCallback(name: string, ctx: CallbackContext, site: CallbackSite, where: string): number[] {
  const cb = CALLBACKS[name];
  if (cb === undefined) throw new HypsimError(`boot: alternative callback '${name}' at ${where} is not one hypsim knows`, undefined, 'input', [`known callbacks: ${Object.keys(CALLBACKS).join(', ')}`]);
  try {
    return cb(ctx, site);
  } catch (e) {
    if (e instanceof BugOn || e instanceof InsnError) throw new HypsimError(`boot: ${name} at ${where}: ${e.message}`);
    throw e;
  }
}
