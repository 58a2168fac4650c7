// Whole Linux trees (Debian's linux-source-6.1 and -6.12, extracted into the gitignored .cache)
// built by kbuild through src/kbuild, for the tests that compare hypsim with kbuild's own objects.
// test/global-setup.ts extracts and builds them once per run; tests here only reuse that build.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { assemblyPath, compileHypC, openKernelBuild, prepareKernelBuild, type KernelBuild } from '../../src/kbuild/index.js';
import type { CompileStep } from '../../src/kbuild/graph.js';
import type { AssemblyOutput } from '../../src/kbuild/compile.js';
import { repoRoot, requireOracles } from './oracles.js';

export const KERNEL_VERSIONS = ['6.1', '6.12'] as const;
export type KernelVersion = (typeof KERNEL_VERSIONS)[number];

export const kernelSourceRoot = () => process.env.HYPSIM_KERNEL_SRC ?? join(repoRoot, '.cache', 'src');
export const kernelBuildRoot = () => join(repoRoot, '.cache', 'hypsim');
export const tarballOf = (v: KernelVersion) => `/usr/src/linux-source-${v}.tar.xz`;
export const kernelTreeDir = (v: KernelVersion) => join(kernelSourceRoot(), `linux-source-${v}`);

const EXTRACTED = '.hypsim-extracted';

/** Extracts Debian's tarball whole, once. Returns a reason when it cannot. */
export function extractTree(v: KernelVersion): string | undefined {
  const dir = kernelTreeDir(v);
  if (existsSync(join(dir, EXTRACTED))) return undefined;
  if (!existsSync(tarballOf(v))) return `${tarballOf(v)} is missing (apt-get install linux-source-${v})`;
  mkdirSync(kernelSourceRoot(), { recursive: true });
  execFileSync('tar', ['-I', 'xz -T0', '-xf', tarballOf(v), '-C', kernelSourceRoot()], { stdio: 'inherit' });
  writeFileSync(join(dir, EXTRACTED), '');
  return undefined;
}

const builds = new Map<KernelVersion, Promise<{ build: KernelBuild; assembly: Map<string, AssemblyOutput> }>>();

/** The kbuild build of a tree and gcc's assembly of its C objects (prepared by the global setup). */
export function kernelBuild(v: KernelVersion) {
  let p = builds.get(v);
  if (p === undefined) {
    p = (async () => {
      const build = await prepareKernelBuild({ tree: kernelTreeDir(v), buildDir: kernelBuildRoot() });
      return { build, assembly: await compileHypC(build) };
    })();
    builds.set(v, p);
  }
  return p;
}

/** A reason to skip when the tree is not there (an error under HYPSIM_REQUIRE_ORACLES=1). */
export function missingKernel(v: KernelVersion): string | undefined {
  if (existsSync(join(kernelTreeDir(v), EXTRACTED))) return undefined;
  const reason = `Linux ${v} is not extracted in ${kernelSourceRoot()} (apt-get install linux-source-${v}; the test setup extracts it)`;
  if (requireOracles) throw new Error(`HYPSIM_REQUIRE_ORACLES=1 but ${reason}`);
  console.warn(`skipping kbuild test: ${reason}`);
  return reason;
}

/** The build the global setup made, opened synchronously (undefined when it has not been made). */
export function preparedKernelBuild(v: KernelVersion): KernelBuild | undefined {
  return existsSync(join(kernelTreeDir(v), EXTRACTED)) ? openKernelBuild({ tree: kernelTreeDir(v), buildDir: kernelBuildRoot() }) : undefined;
}

/** gcc's -S output of a C step of a prepared build (compiled by the global setup). */
export function assemblyOf(build: KernelBuild, step: CompileStep): string {
  const path = assemblyPath(build, step);
  if (!existsSync(path)) throw new Error(`${step.target}: gcc's assembly is not in the cache (${path}); the global setup compiles it`);
  return path;
}
