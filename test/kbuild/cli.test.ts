// The kbuild path from the command line: prepare, and the front-end commands on a whole tree.
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import type { Io } from '../../src/cli/io.js';
import { kernelBuild, kernelBuildRoot, kernelTreeDir, missingKernel } from '../helpers/kernel-builds.js';

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: Io = { out: (t) => void (out += t), err: (t) => void (err += t), interactive: false };
  return { code: await main(args, io), out, err };
}

describe.skipIf(missingKernel('6.12') !== undefined)('hypsim with a whole Linux 6.12 tree', () => {
  const tree = kernelTreeDir('6.12');
  const where = ['--kernel', tree, '--build-dir', kernelBuildRoot()];

  it('prepare says where the build lives and that it was reused', async () => {
    const { build } = await kernelBuild('6.12');
    const r = await cli(['prepare', ...where]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain(`build: ${build.buildDir}`);
    expect(r.out).toContain('kbuild: reused (nothing to rebuild)');
    expect(r.out).toMatch(/nVHE objects: \d+ \(2\d C, 1\d assembly\)/);
  });

  it("symbols and expand take a file of the tree and build it with kbuild's command line", async () => {
    const sym = await cli(['symbols', ...where, 'arch/arm64/kvm/hyp/entry.S']);
    expect(sym.code).toBe(0);
    expect(sym.out).toMatch(/__guest_enter\s+\.text\s+0x0+\s+\d+\s+func\s+global/);
    const pp = await cli(['preprocess', ...where, 'arch/arm64/kvm/hyp/hyp-entry.S']);
    expect(pp.code).toBe(0);
    expect(pp.out).toContain('__kvm_hyp_vector');
  });

  it('a file kbuild does not build into the hypervisor, or -I with a kbuild tree, is an error', async () => {
    const r = await cli(['symbols', ...where, 'arch/arm64/kvm/hyp/vhe/switch.c']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/vhe\/switch\.c: not one of the files kbuild builds into the nVHE hypervisor/);
    const u = await cli(['symbols', ...where, '-I', 'x', 'arch/arm64/kvm/hyp/entry.S']);
    expect(u.code).toBe(2);
  });
});

describe('hypsim prepare on trees it cannot build', () => {
  it('names the path that does not exist, and what a tree lacks', async () => {
    const r = await cli(['prepare', '--kernel', '/nonexistent/tree']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('--kernel /nonexistent/tree: no such directory');
    const f = await cli(['prepare', '--kernel', 'fixtures']);
    expect(f.code).toBe(1);
    expect(f.err).toContain('not a Linux source tree');
  });
});
