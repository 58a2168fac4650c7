// hypsim's relocatable link (ld -r -T hyp.lds, then objcopy --prefix-symbols) of kbuild's own
// nVHE objects equals kbuild's kvm_nvhe.o: every section's bytes, relocations and symbols.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hypsimHypProgram, linkHyp } from '../../src/kbuild/hyp.js';
import { compareProgram } from '../gas/helpers/compare.js';
import { readElf, type ElfObject } from '../gas/helpers/elf.js';
import { isBookkeepingSymbol, programFromElf } from '../helpers/elf-program.js';
import { KERNEL_VERSIONS, kernelBuild, missingKernel } from '../helpers/kernel-builds.js';

function withoutBookkeeping(o: ElfObject, prefix: string): ElfObject {
  return { ...o, symbols: o.symbols.filter((s) => !(isBookkeepingSymbol(s, prefix) && s.type !== 'section' && s.type !== 'file')) };
}

for (const v of KERNEL_VERSIONS) {
  describe.skipIf(missingKernel(v) !== undefined)(`Linux ${v}: the nVHE link`, () => {
    it("links kbuild's objects into kvm_nvhe.o as ld -r -T hyp.lds and objcopy do", async () => {
      const { build } = await kernelBuild(v);
      const load = (t: string) => programFromElf(t, readElf(readFileSync(join(build.buildDir, t))));
      const linked = linkHyp(build, load);
      const expected = withoutBookkeeping(readElf(readFileSync(join(build.buildDir, build.graph.roots[0]))), '__kvm_nvhe_');
      expect(compareProgram(linked, expected).join('\n')).toBe('');
    });

    it("hypsim's own kvm_nvhe.o — every object assembled by hypsim, linked by hypsim — equals kbuild's", async () => {
      const { build } = await kernelBuild(v);
      const ours = await hypsimHypProgram(build);
      const expected = withoutBookkeeping(readElf(readFileSync(join(build.buildDir, build.graph.roots[0]))), '__kvm_nvhe_');
      expect(compareProgram(ours, expected).join('\n')).toBe('');
      const text = ours.sections.find((s) => s.name === '.hyp.text');
      expect(text?.items.some((i) => i.kind === 'insn' && i.loc !== undefined)).toBe(true);
    });
  });
}
