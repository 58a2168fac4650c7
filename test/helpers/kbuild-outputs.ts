// The outputs of a kbuild build of the nVHE hypervisor, for tests that compare hypsim with
// kbuild's own objects: the build test/global-setup.ts made through src/kbuild (kernel-builds.ts).
import { assemblyOf, missingKernel, preparedKernelBuild, KERNEL_VERSIONS, type KernelVersion } from './kernel-builds.js';
import { requireOracles } from './oracles.js';

export const KBUILD_VERSIONS = KERNEL_VERSIONS;

export interface KbuildUnit {
  readonly kind: 'c' | 'asm';
  /** The object, relative to the build directory (`arch/arm64/kvm/hyp/nvhe/switch.nvhe.o`). */
  readonly object: string;
  /** gcc's -S output of a C unit, made with kbuild's exact command line. */
  readonly assembly?: string;
}

export interface KbuildOutputs {
  readonly version: string;
  readonly buildDir: string;
  readonly units: readonly KbuildUnit[];
}

/** The build of `version`, or a reason to skip (thrown instead when oracles are required). */
export function kbuildOutputs(version: KernelVersion): KbuildOutputs | string {
  const missing = missingKernel(version);
  if (missing !== undefined) return missing;
  const build = preparedKernelBuild(version);
  if (build === undefined) {
    const reason = `Linux ${version} has no prepared kbuild build (test/global-setup.ts makes it)`;
    if (requireOracles) throw new Error(`HYPSIM_REQUIRE_ORACLES=1 but ${reason}`);
    console.warn(`skipping kbuild comparison: ${reason}`);
    return reason;
  }
  const units = build.graph.compiles.map((s): KbuildUnit => ({ kind: s.language, object: s.target, ...(s.language === 'c' ? { assembly: assemblyOf(build, s) } : {}) }));
  return { version, buildDir: build.buildDir, units };
}
