// Boot-time patching of a linked hypervisor image, as the kernel does it for one CPU before the
// hypervisor first runs: hyp relocations (kvm_apply_hyp_relocations), alternatives and their
// callbacks (apply_alternatives_all), and static keys as the host sets them. The image is patched
// in place; the report says what was decided and done, and why.
import type { Image } from '../link/link.js';
import { applyAlternatives, readAlternatives, type AltResult } from './alternatives.js';
import type { CallbackContext } from './callbacks.js';
import { capContext, decideCap, decideCaps, ruleIn, type CapDecision } from './capabilities.js';
import { hypsimCpu, type BootCpu } from './cpu.js';
import { DEFAULT_HOST, type BootHost } from './host.js';
import { applyHypRelocs, readHypRelocs, type HypReloc } from './hyp-relocs.js';
import { ImageMemory } from './image-memory.js';
import { configEnabled } from './kconfig.js';
import { sanitisedCtrEl0 } from './sanitised.js';
import type { SpectreState } from './spectre.js';
import { applyStaticKeys, decideKeys, readJumpTable, type JumpResult, type KeyDecision } from './static-keys.js';
import type { BootTree } from './tree.js';
import type { HypVaLayout, KernelMemory } from './va-layout.js';

export { readBootTree, type BootTree } from './tree.js';
export { hypsimCpu, type BootCpu } from './cpu.js';
export { DEFAULT_HOST, type BootHost } from './host.js';
export { kernelImageLayout, type HypPlacement } from './layout.js';
export { kernelMemory, type ImagePlacement } from './kernel-memory.js';
export { kvmComputeLayout, hypVaOfKimg, earlyKernHypVa, kimgToPhys, lmAlias, vaMask, type HypVaLayout, type KernelMemory, type MemoryMap } from './va-layout.js';
export { formatBootReport } from './report.js';
export { hypPercpu, type HypPercpu, type PercpuCopy } from './percpu.js';

export interface BootOptions {
  readonly tree: BootTree;
  readonly memory: KernelMemory;
  readonly hyp: HypVaLayout;
  readonly cpu?: BootCpu;
  readonly host?: BootHost;
}

export interface BootReport {
  readonly cpu: string;
  readonly host: BootHost;
  readonly capsHeader: string;
  /** Every cap the alternatives name, by number. */
  readonly caps: readonly CapDecision[];
  readonly spectre: SpectreState;
  readonly memory: KernelMemory;
  readonly hyp: HypVaLayout;
  readonly ctrEl0: bigint;
  readonly alternatives: readonly AltResult[];
  readonly keys: readonly KeyDecision[];
  readonly jumps: readonly JumpResult[];
  readonly hypRelocs: readonly HypReloc[];
}

export function bootPatch(image: Image, opts: BootOptions): BootReport {
  const { tree, memory, hyp } = opts;
  const cpu = opts.cpu ?? hypsimCpu();
  const host = opts.host ?? DEFAULT_HOST;
  const mem = new ImageMemory(image);
  const ctx = capContext(tree, cpu, host);

  const hypRelocs = applyHypRelocs(mem, readHypRelocs(mem), memory, hyp);

  const entries = readAlternatives(mem, tree);
  const caps = decideCaps(entries.map((e) => e.cap), ctx, tree);
  const ctrEl0 = sanitisedCtrEl0(cpu, tree.fields);
  const hasCap = (name: string) => decideCap(name, ctx, tree).on;
  const cbCtx: CallbackContext = {
    hasCap,
    hyp,
    memory,
    spectre: ctx.spectre,
    mitigateBranchHistory: configEnabled(tree.config, 'CONFIG_MITIGATE_SPECTRE_BRANCH_HISTORY'),
    vectorPreamble: tree.constants.KVM_VECTOR_PREAMBLE,
    smcccArchWorkaround3: tree.constants.ARM_SMCCC_ARCH_WORKAROUND_3,
    ctrEl0,
    hypSymbol: (name) => image.address(tree.symbolPrefix + name),
  };
  const alternatives = applyAlternatives(mem, entries, caps, cbCtx);

  const jumpEntries = readJumpTable(mem, tree);
  const keys = decideKeys(jumpEntries, { host, cap: (name) => decideCap(name, ctx, tree), rule: ruleIn(ctx) }, mem);
  const jumps = applyStaticKeys(mem, jumpEntries, keys);

  return {
    cpu: cpu.name,
    host,
    capsHeader: tree.caps.header,
    caps: [...caps.values()],
    spectre: ctx.spectre,
    memory,
    hyp,
    ctrEl0,
    alternatives,
    keys: [...keys.values()],
    jumps,
    hypRelocs,
  };
}
