// A patch for a tree kbuild builds: every file it touches takes part in the build, so every hunk
// must apply; hunks that change how the tree is built (Makefiles, Kconfig, scripts) are named,
// since kbuild executes them.
import { applyPatch, formatHunkReport, type HunkReport, type PatchResult } from '../tree/patch.js';
import { DiskTree } from '../tree/source-tree.js';
import { HypsimError } from '../util/diagnostics.js';

const BUILD_FILE = /(^|\/)(Makefile[^/]*|Kbuild[^/]*|Kconfig[^/]*|[^/]+\.mk)$|^(scripts|tools)\//;

export function isBuildFile(path: string): boolean {
  return BUILD_FILE.test(path);
}

export interface KbuildPatch {
  readonly result: PatchResult;
  /** Hunks that change the build itself (run by kbuild in the sandbox). */
  readonly buildHunks: readonly HunkReport[];
}

export function patchForKbuild(tree: string, text: string, source: string): KbuildPatch {
  const result = applyPatch(new DiskTree(tree, tree), text, source);
  const failed = result.hunks.filter((h) => h.status === 'failed');
  if (failed.length > 0) {
    throw new HypsimError(`${source}: ${failed.length} hunk(s) do not apply to ${tree}`, undefined, 'input', failed.map(formatHunkReport));
  }
  return { result, buildHunks: result.hunks.filter((h) => isBuildFile(h.file)) };
}

export function describeBuildHunks(p: KbuildPatch): string[] {
  return p.buildHunks.map((h) => `changes the build: ${formatHunkReport(h)} (kbuild runs it sandboxed)`);
}
