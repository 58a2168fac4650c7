// Every object of the nVHE hypervisor as hypsim assembles it, against kbuild's own object file:
// sections, bytes, relocations and symbols.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assembleGccOutput, assembleKbuildAsm, cppOptionsFor, unitSource } from '../../src/kbuild/frontend.js';
import type { CompileStep } from '../../src/kbuild/graph.js';
import { compareProgram } from '../gas/helpers/compare.js';
import { readElf } from '../gas/helpers/elf.js';
import { KERNEL_VERSIONS, kernelBuild, missingKernel } from '../helpers/kernel-builds.js';

/** Debug sections gas writes for `-g` assembly: compared once hypsim's assembler writes them too. */
const PENDING_DEBUG = /^(section|relocations of) \.debug_/;

async function differences(v: (typeof KERNEL_VERSIONS)[number], step: CompileStep): Promise<string[]> {
  const { build, assembly } = await kernelBuild(v);
  const unit = unitSource(step);
  const program = step.language === 'asm'
    ? assembleKbuildAsm(build, unit, await cppOptionsFor(build, unit))
    : assembleGccOutput(unit, assembly.get(step.target)!.path);
  return compareProgram(program, readElf(readFileSync(join(build.buildDir, step.target)))).filter((d) => !PENDING_DEBUG.test(d));
}

for (const v of KERNEL_VERSIONS) {
  describe.skipIf(missingKernel(v) !== undefined)(`Linux ${v}: hypsim's objects against kbuild's`, () => {
    it('every assembly object (but the generated hyp-reloc.S) equals kbuild\'s in code, data, relocations and symbols', async () => {
      const { build } = await kernelBuild(v);
      const steps = build.graph.compiles.filter((s) => s.language === 'asm' && !s.source.endsWith('hyp-reloc.S'));
      expect(steps.length).toBeGreaterThanOrEqual(10);
      const failures: string[] = [];
      for (const s of steps) {
        const d = await differences(v, s);
        if (d.length > 0) failures.push(`${s.target}:\n${d.join('\n')}`);
      }
      expect(failures.join('\n')).toBe('');
    });
  });
}
