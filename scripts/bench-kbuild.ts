// Preparing and compiling a whole tree's nVHE hypervisor through hypsim (src/kbuild), cold and
// cached, beside kbuild's own build of the same directory, measured in the same run.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hypsimHypProgram } from '../src/kbuild/hyp.js';
import { compileHypC, prepareKernelBuild, NVHE_DIR } from '../src/kbuild/index.js';
import { makeArgv } from '../src/kbuild/make.js';
import { runJailed } from '../src/kbuild/sandbox.js';

export interface KbuildBenchRow {
  readonly what: string;
  readonly seconds: number;
}

const seconds = async (fn: () => Promise<unknown>) => {
  const t = performance.now();
  await fn();
  return (performance.now() - t) / 1000;
};

/** Extracted tree of `version` (HYPSIM_KERNEL_SRC or the test setup's .cache/src), if any. */
export function benchTree(root: string, version: string): string | undefined {
  const dir = join(process.env.HYPSIM_KERNEL_SRC ?? join(root, '.cache', 'src'), `linux-source-${version}`);
  return existsSync(join(dir, 'Makefile')) ? dir : undefined;
}

export async function benchKbuild(tree: string): Promise<KbuildBenchRow[]> {
  const cache = mkdtempSync(join(tmpdir(), 'hypsim-bench-kbuild-'));
  try {
    const rows: KbuildBenchRow[] = [];
    const time = async (what: string, fn: () => Promise<unknown>) => rows.push({ what, seconds: await seconds(fn) });
    await time('hypsim prepare, cold (defconfig, prepare, nVHE build)', () => prepareKernelBuild({ tree, buildDir: cache }));
    const build = await prepareKernelBuild({ tree, buildDir: cache });
    await time('hypsim prepare, cached (nothing rebuilt)', () => prepareKernelBuild({ tree, buildDir: cache }));
    await time('gcc -S of every C object, cold', () => compileHypC(build));
    await time('gcc -S of every C object, cached', () => compileHypC(build));
    await time("hypsim's assembly + link of the whole hypervisor (kvm_nvhe.o)", () => hypsimHypProgram(build));
    const ctx = { srcDir: tree, buildDir: build.buildDir, logDir: join(cache, 'bench-logs'), jail: build.jail, progress: { step() {}, line() {}, done() {} } };
    await time(`kbuild's own build of ${NVHE_DIR}/ (its objects deleted first), same sandbox`, async () => {
      spawnSync('sh', ['-c', `find ${join(build.buildDir, 'arch/arm64/kvm/hyp')} ${join(build.buildDir, 'arch/arm64/lib')} -name '*.nvhe.o' -delete; rm -f ${join(build.buildDir, NVHE_DIR)}/kvm_nvhe*.o ${join(build.buildDir, NVHE_DIR)}/hyp-reloc.*`]);
      const r = await runJailed(build.jail, makeArgv(ctx, [`${NVHE_DIR}/`]));
      if (r.status !== 0) throw new Error(r.stderr.slice(-400));
    });
    return rows;
  } finally {
    rmSync(cache, { recursive: true, force: true });
  }
}
