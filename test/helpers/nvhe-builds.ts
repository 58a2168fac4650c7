// The kbuild builds of the Linux 6.1 and 6.12 nVHE hypervisor that tests read, as units (each
// object kbuild built, its source, gcc's -S output for C) — made by test/global-setup.ts through
// src/kbuild (see kernel-builds.ts). Absent, the tests skip with a message, or fail with
// HYPSIM_REQUIRE_ORACLES=1.
import { join } from 'node:path';
import { KERNEL_VERSIONS, assemblyOf, missingKernel, preparedKernelBuild, type KernelVersion } from './kernel-builds.js';
import { requireOracles } from './oracles.js';

export interface NvheUnit {
  readonly kind: 'c' | 'asm';
  /** Absolute path of the object kbuild built. */
  readonly object: string;
  readonly source: string;
  /** gcc's -S output for a C unit. */
  readonly sFile?: string;
}

export interface NvheBuild {
  readonly version: string;
  readonly buildDir: string;
  readonly units: readonly NvheUnit[];
  /** Every unit's object and the linked kvm_nvhe.o. */
  readonly objects: readonly string[];
}

export const NVHE_VERSIONS = KERNEL_VERSIONS;

export function nvheBuild(version: KernelVersion): NvheBuild {
  const build = preparedKernelBuild(version);
  if (build === undefined) throw new Error(`Linux ${version}: no prepared kbuild build (test/global-setup.ts makes it)`);
  const units = build.graph.compiles.map((step): NvheUnit => ({
    kind: step.language,
    object: join(build.buildDir, step.target),
    source: step.source,
    ...(step.language === 'c' ? { sFile: assemblyOf(build, step) } : {}),
  }));
  return { version, buildDir: build.buildDir, units, objects: [...units.map((u) => u.object), ...build.graph.roots.map((r) => join(build.buildDir, r))] };
}

/** Why the nVHE builds cannot be read (undefined when they can); throws when oracles are required. */
export function missingNvheBuilds(): string | undefined {
  for (const v of NVHE_VERSIONS) {
    const reason = missingKernel(v) ?? (preparedKernelBuild(v) === undefined ? `Linux ${v} has no prepared kbuild build` : undefined);
    if (reason === undefined) continue;
    if (requireOracles) throw new Error(`HYPSIM_REQUIRE_ORACLES=1 but ${reason}`);
    console.warn(`skipping nVHE object tests: ${reason}`);
    return reason;
  }
  return undefined;
}
