// A Linux tree prepared by kbuild itself, out of tree, in hypsim's cache: configure, prepare and
// build the nVHE hypervisor, then read back what kbuild built and how.
import { copyFileSync, existsSync, mkdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { HypsimError } from '../util/diagnostics.js';
import { cacheEntry, cacheRoot, readState, writeState, type BuildState, type CacheEntry } from './cache.js';
import { cachedAssemblyPath, compileToAssembly, inParallel, resetDigests, type AssemblyOutput } from './compile.js';
import { NVHE_DIR, readHypBuildGraph, type CompileStep, type HypBuildGraph } from './graph.js';
import { SILENT_PROGRESS, checkConfigBuildsHyp, runMake, type KbuildProgress, type MakeContext } from './make.js';
import { buildOverlay } from './overlay.js';
import { checkSandbox, type Jail } from './sandbox.js';
import { checkKbuildTools } from './tools.js';

export { NVHE_DIR, SILENT_PROGRESS, type CompileStep, type HypBuildGraph, type KbuildProgress };

export interface KernelBuildOptions {
  /** The user's source tree (never written). */
  readonly tree: string;
  /** A .config to use (olddefconfig) instead of defconfig. */
  readonly configFile?: string;
  /** Patched files, tree-relative → content (null: deleted). */
  readonly patch?: ReadonlyMap<string, string | null>;
  /** The cache root instead of `$XDG_CACHE_HOME/hypsim`. */
  readonly buildDir?: string;
  /** False with --no-sandbox. */
  readonly sandbox?: boolean;
  readonly progress?: KbuildProgress;
  readonly jobs?: number;
}

export interface KernelBuild {
  /** The user's tree, real path. */
  readonly tree: string;
  /** kbuild's srctree: the tree itself, or the patched overlay. */
  readonly srcDir: string;
  readonly buildDir: string;
  readonly entry: CacheEntry;
  /** True when nothing had to be rebuilt. */
  readonly reused: boolean;
  readonly graph: HypBuildGraph;
  readonly jail: Jail;
  readonly patched: boolean;
  /** Where gcc's -S outputs are kept, shared by every build under the same cache root. */
  readonly assemblyCache: string;
}

/** The files a tree must have for hypsim to build its nVHE hypervisor. */
export function hasNvheHypervisor(tree: string): boolean {
  return existsSync(join(tree, NVHE_DIR, 'Makefile')) && existsSync(join(tree, 'arch/arm64/Makefile'));
}

function checkTree(tree: string): string {
  if (!existsSync(tree) || !statSync(tree).isDirectory()) throw new HypsimError(`--kernel ${tree}: no such directory`);
  const real = realpathSync(tree);
  if (!existsSync(join(real, 'Makefile')) || !existsSync(join(real, 'Kconfig'))) throw new HypsimError(`--kernel ${tree}: not a Linux source tree (no top-level Makefile and Kconfig)`);
  if (!hasNvheHypervisor(real)) {
    throw new HypsimError(`--kernel ${tree}: the tree has no arm64 nVHE hypervisor (${NVHE_DIR}/Makefile), which hypsim builds with kbuild`, undefined, 'input', [
      'trees with the nVHE hypervisor in C (Linux 5.x and later) are built with kbuild; Linux 4.0 runs its all-assembly hyp.S',
    ]);
  }
  return real;
}

function mtime(path: string): number {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}

/** kbuild's outputs are newer than every input it recorded, so running make would do nothing. */
function upToDate(buildDir: string, srcDir: string): boolean {
  let graph: HypBuildGraph;
  try {
    graph = readHypBuildGraph(buildDir);
  } catch {
    return false;
  }
  const buildFiles = ['Makefile', 'arch/arm64/Makefile', `${NVHE_DIR}/Makefile`, 'arch/arm64/kvm/hyp/Makefile'].map((p) => join(srcDir, p));
  const configTime = mtime(join(buildDir, '.config'));
  for (const step of graph.compiles) {
    const built = mtime(join(buildDir, step.target));
    if (!Number.isFinite(built) || configTime > built) return false;
    for (const dep of [step.source, ...step.deps, ...buildFiles]) if (mtime(resolve(buildDir, dep)) > built) return false;
  }
  return true;
}

async function configure(ctx: MakeContext, entry: CacheEntry, configFile?: string): Promise<void> {
  if (configFile === undefined) return runMake(ctx, 'defconfig', ['defconfig']);
  mkdirSync(entry.buildDir, { recursive: true });
  copyFileSync(configFile, join(entry.buildDir, '.config'));
  return runMake(ctx, 'olddefconfig', ['olddefconfig']);
}

/**
 * A build that `prepareKernelBuild` has already made and that is up to date, opened without
 * running anything (synchronous); undefined when there is none.
 */
export function openKernelBuild(opts: Omit<KernelBuildOptions, 'progress' | 'jobs'>): KernelBuild | undefined {
  const tree = checkTree(opts.tree);
  const patched = opts.patch !== undefined && opts.patch.size > 0;
  const config = opts.configFile === undefined ? undefined : readFileSync(opts.configFile, 'utf8');
  const root = resolve(cacheRoot(opts.buildDir));
  const entry = cacheEntry(root, { tree, config, patch: opts.patch });
  const srcDir = patched ? entry.overlayDir : tree;
  if (readState(entry).built !== true || !upToDate(entry.buildDir, srcDir)) return undefined;
  const jail: Jail = { readOnly: patched ? [tree, srcDir] : [tree], writable: [entry.buildDir], cwd: entry.buildDir, sandbox: opts.sandbox ?? true };
  return { tree, srcDir, buildDir: entry.buildDir, entry, reused: true, graph: readHypBuildGraph(entry.buildDir), jail, patched, assemblyCache: join(root, 'cc-s') };
}

export async function prepareKernelBuild(opts: KernelBuildOptions): Promise<KernelBuild> {
  const tree = checkTree(opts.tree);
  if (opts.configFile !== undefined && !existsSync(opts.configFile)) throw new HypsimError(`--kernel-config ${opts.configFile}: no such file`);
  const sandbox = opts.sandbox ?? true;
  checkKbuildTools(sandbox);
  if (sandbox) checkSandbox();
  const patched = opts.patch !== undefined && opts.patch.size > 0;
  const config = opts.configFile === undefined ? undefined : readFileSync(opts.configFile, 'utf8');
  const root = resolve(cacheRoot(opts.buildDir));
  const entry = cacheEntry(root, { tree, config, patch: opts.patch });
  mkdirSync(entry.buildDir, { recursive: true });
  const state: BuildState = readState(entry);
  const srcDir = patched ? entry.overlayDir : tree;
  if (patched && !state.overlay) {
    buildOverlay(tree, entry.overlayDir, opts.patch as ReadonlyMap<string, string | null>);
    writeState(entry, (state.overlay = true, state));
  }
  const jail: Jail = { readOnly: patched ? [tree, srcDir] : [tree], writable: [entry.buildDir], cwd: entry.buildDir, sandbox };
  const ctx: MakeContext = { srcDir, buildDir: entry.buildDir, logDir: entry.logDir, jail, progress: opts.progress ?? SILENT_PROGRESS, jobs: opts.jobs };
  const reused = state.built === true && upToDate(entry.buildDir, srcDir);
  if (!reused) {
    if (!state.configured) {
      await configure(ctx, entry, opts.configFile);
      writeState(entry, (state.configured = true, state));
    }
    checkConfigBuildsHyp(entry.buildDir);
    await runMake(ctx, 'prepare', ['prepare']);
    writeState(entry, (state.prepared = true, state));
    await runMake(ctx, `build ${NVHE_DIR}`, [`${NVHE_DIR}/`]);
    writeState(entry, (state.built = true, state));
    resetDigests();
  }
  return { tree, srcDir, buildDir: entry.buildDir, entry, reused, graph: readHypBuildGraph(entry.buildDir), jail, patched, assemblyCache: join(root, 'cc-s') };
}

/** Where gcc's assembly of a C step is (or will be) in the cache. */
export function assemblyPath(build: KernelBuild, step: CompileStep): string {
  return cachedAssemblyPath(step, build.buildDir, build.assemblyCache);
}

/** gcc's assembly for every C object of the hypervisor, compiled in parallel, cached. */
export async function compileHypC(build: KernelBuild, jobs = availableParallelism()): Promise<Map<string, AssemblyOutput>> {
  const steps = build.graph.compiles.filter((s) => s.language === 'c');
  const outputs = await inParallel(steps, jobs, (s) => compileToAssembly(s, build.buildDir, build.assemblyCache, build.jail));
  return new Map(steps.map((s, i) => [s.target, outputs[i]]));
}
