// Whole trees built by kbuild through src/kbuild: the build graph read back from kbuild's records,
// hypsim's preprocessor against gcc -E with each object's own command line, and hypsim's objects
// against kbuild's.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { describe, expect, it } from 'vitest';
import { preprocess } from '../../src/cpp/index.js';
import { assemblyCommand } from '../../src/kbuild/compile.js';
import { cppOptionsFor, unitSource } from '../../src/kbuild/frontend.js';
import { probeNamed } from '../../src/kbuild/probe.js';
import { HostTree } from '../../src/tree/source-tree.js';
import { compareOutputs, describeMismatches, parseGccOutput } from '../cpp/gcc-oracle-support.js';
import { KERNEL_VERSIONS, kernelBuild, missingKernel } from '../helpers/kernel-builds.js';

function gccPreprocessed(buildDir: string, argv: readonly string[]): string {
  const cmd = assemblyCommand(argv, '-').map((a) => (a === '-S' ? '-E' : a));
  return execFileSync(cmd[0], cmd.slice(1), { cwd: buildDir, encoding: 'latin1', maxBuffer: 64 << 20 });
}

for (const v of KERNEL_VERSIONS) {
  describe.skipIf(missingKernel(v) !== undefined)(`Linux ${v} through kbuild`, () => {
    it('reads the nVHE hypervisor build graph from kbuild\'s records', async () => {
      const { build } = await kernelBuild(v);
      const g = build.graph;
      expect(g.roots).toEqual(['arch/arm64/kvm/hyp/nvhe/kvm_nvhe.o']);
      const root = g.steps.get(g.roots[0]);
      expect(root?.kind === 'objcopy' && root.symbolPrefix).toBe('__kvm_nvhe_');
      const links = [...g.steps.values()].filter((s) => s.kind === 'link');
      expect(links.some((l) => l.kind === 'link' && l.script?.endsWith('hyp.lds'))).toBe(true);
      const names = g.compiles.map((c) => posix.basename(c.source));
      for (const n of ['switch.c', 'sysreg-sr.c', 'hyp-main.c', 'entry.S', 'host.S', 'hyp-entry.S', 'hyp-init.S']) expect(names).toContain(n);
      expect(g.compiles.filter((c) => c.language === 'c').length).toBeGreaterThan(15);
    });

    it('compiles every C object to assembly with kbuild\'s command line, cached by content', async () => {
      const { build, assembly } = await kernelBuild(v);
      const cSteps = build.graph.compiles.filter((c) => c.language === 'c');
      expect(assembly.size).toBe(cSteps.length);
      for (const s of cSteps) {
        const text = readFileSync(assembly.get(s.target)!.path, 'latin1');
        expect(text).toContain(`.file 0 "${build.buildDir}" "${s.source}"`);
      }
    });

    it('preprocesses every assembly object exactly as gcc -E does with its command line', async () => {
      const { build } = await kernelBuild(v);
      const failures: string[] = [];
      for (const step of build.graph.compiles.filter((c) => c.language === 'asm')) {
        const unit = unitSource(step);
        const ours = preprocess(new HostTree(build.buildDir), unit.args.source, await cppOptionsFor(build, unit));
        const mine = new Map<string, string>();
        for (const l of ours.lines) {
          const key = `${posix.normalize(l.file)}:${l.line}`;
          mine.set(key, mine.has(key) ? `${mine.get(key)} ${l.text}` : l.text);
        }
        const gcc = parseGccOutput(gccPreprocessed(build.buildDir, step.argv), []);
        const cmp = compareOutputs(gcc, mine);
        if (cmp.tokenMismatches.length > 0) failures.push(`${step.target}: ${cmp.tokenMismatches.length} lines differ\n${describeMismatches(cmp.tokenMismatches, 3)}`);
      }
      expect(failures.join('\n')).toBe('');
    });
  });
}

describe.skipIf(missingKernel('6.12') !== undefined)('constants probed with the tree\'s compiler and headers', () => {
  it('folds macros, enums, sizeof and offsetof as the nVHE objects see them', async () => {
    const { build } = await kernelBuild('6.12');
    const v = await probeNamed(build, ['linux/kvm_host.h', 'asm/kvm_asm.h'], {
      ctxt: 'offsetof(struct kvm_vcpu, arch.ctxt)',
      hvc: 'ESR_ELx_EC_HVC64',
      run: 'KVM_HOST_SMCCC_FUNC(__kvm_vcpu_run)',
    });
    const asmOffsets = readFileSync(join(build.buildDir, 'include/generated/asm-offsets.h'), 'utf8');
    expect(asmOffsets).toMatch(new RegExp(`#define VCPU_CONTEXT ${v.ctxt}\\b`));
    expect(v.hvc).toBe(0x16n);
    expect(v.run >> 24n).toBe(0xc6n);
  });
});
