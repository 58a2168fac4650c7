// hypsim prepare: only the kbuild part — configure, prepare and build the tree's nVHE hypervisor
// in hypsim's cache, compile its C to assembly — and say where the build lives.
import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { compileHypC } from '../kbuild/index.js';
import { describeBuildHunks, patchForKbuild } from '../kbuild/patch.js';
import { HypsimError } from '../util/diagnostics.js';
import { addKbuildOptions, kernelBuildFor, type KbuildCliOptions } from './kbuild-options.js';
import { withNewline, type Io } from './io.js';

export function registerPrepareCommand(program: Command, io: Io): void {
  addKbuildOptions(
    program
      .command('prepare')
      .description("build a Linux tree's nVHE hypervisor with kbuild (out of tree, sandboxed, cached) and print where the build lives")
      .requiredOption('--kernel <dir>', 'the Linux source tree (never written)')
      .option('--patch <file>', 'build the tree with this patch applied (in a separate build)'),
  ).action(async (o: KbuildCliOptions & { patch?: string }) => {
    if (o.kernel === undefined) throw new HypsimError('prepare needs --kernel DIR', undefined, 'usage');
    const patch = o.patch === undefined ? undefined : patchForKbuild(o.kernel, readPatchText(o.patch), o.patch);
    const build = await kernelBuildFor(io, o, patch?.result.changes);
    const assembly = await compileHypC(build);
    const c = build.graph.compiles.filter((s) => s.language === 'c').length;
    const fresh = [...assembly.values()].filter((a) => !a.cached).length;
    io.out(withNewline([
      `build: ${build.buildDir}`,
      `kbuild: ${build.reused ? 'reused (nothing to rebuild)' : 'configured, prepared and built'}${build.patched ? ' (patched tree)' : ''}`,
      `nVHE objects: ${build.graph.compiles.length} (${c} C, ${build.graph.compiles.length - c} assembly)`,
      `C compiled to assembly: ${fresh} now, ${c - fresh} from the cache (${build.assemblyCache})`,
      ...(patch ? describeBuildHunks(patch) : []),
    ].join('\n')));
  });
}

function readPatchText(path: string): string {
  try {
    return readFileSync(path === '-' ? 0 : path, 'utf8');
  } catch (e) {
    throw new HypsimError(`${path}: cannot read patch file (${(e as Error).message})`);
  }
}
