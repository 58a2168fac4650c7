// --kernel trees that kbuild builds: where the build lives, which config, whether to sandbox.
import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { prepareKernelBuild, type KernelBuild } from '../kbuild/index.js';
import { kbuildProgress } from './kbuild-progress.js';
import { withNewline, type Io } from './io.js';

export interface KbuildCliOptions {
  kernel?: string;
  kernelConfig?: string;
  buildDir?: string;
  sandbox?: boolean;
}

export function addKbuildOptions(cmd: Command): Command {
  return cmd
    .option('--kernel-config <file>', 'with --kernel: build with this .config (olddefconfig) instead of defconfig')
    .option('--build-dir <dir>', "with --kernel: keep kbuild's output under DIR instead of $XDG_CACHE_HOME/hypsim")
    .option('--no-sandbox', 'with --kernel: run kbuild and the compiler without the bubblewrap sandbox (only for trees and patches you trust)');
}

/** A full tree (top-level Kconfig, an nVHE hypervisor) is built by kbuild; others keep hypsim's profiles. */
export function isKbuildTree(dir: string): boolean {
  return existsSync(join(dir, 'Kconfig')) && existsSync(join(dir, 'arch/arm64/kvm/hyp/nvhe/Makefile'));
}

export async function kernelBuildFor(io: Io, o: KbuildCliOptions, patch?: ReadonlyMap<string, string | null>): Promise<KernelBuild> {
  const build = await prepareKernelBuild({
    tree: o.kernel as string,
    configFile: o.kernelConfig,
    buildDir: o.buildDir,
    sandbox: o.sandbox !== false,
    patch,
    progress: kbuildProgress(),
  });
  if (build.reused && process.stderr.isTTY) io.err(withNewline(`hypsim: reusing kbuild output in ${build.buildDir}`));
  return build;
}
