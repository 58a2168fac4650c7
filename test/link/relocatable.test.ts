// hypsim's relocatable link (ld -r -T hyp.lds, then objcopy --prefix-symbols) of kbuild's own
// nVHE objects equals kbuild's kvm_nvhe.o: every section's bytes, relocations and symbols.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { linkRelocatable } from '../../src/link/relocatable.js';
import { parseLinkerScript } from '../../src/link/script.js';
import type { Program } from '../../src/ir/program.js';
import { compareProgram } from '../gas/helpers/compare.js';
import { readElf, type ElfObject } from '../gas/helpers/elf.js';
import { isBookkeepingSymbol, programFromElf } from '../helpers/elf-program.js';
import { KERNEL_VERSIONS, kernelBuild, missingKernel } from '../helpers/kernel-builds.js';
import type { KernelBuild } from '../../src/kbuild/index.js';

/** Links the inputs of the objcopy'd root as kbuild did, each input given by `load`. */
export function linkLikeKbuild(build: KernelBuild, load: (target: string) => Program): Program {
  const g = build.graph;
  const root = g.steps.get(g.roots[0]);
  if (root?.kind !== 'objcopy') throw new Error('expected objcopy at the root');
  const linkOf = (target: string): Program => {
    const step = g.steps.get(target);
    if (step?.kind !== 'link') return load(target);
    const script = step.script ? parseLinkerScript(readFileSync(join(build.buildDir, step.script), 'utf8'), step.script) : undefined;
    return linkRelocatable(step.inputs.map(linkOf), { script, file: target });
  };
  const rel = linkOf(root.input);
  return linkRelocatable([rel], { symbolPrefix: root.symbolPrefix, file: root.target });
}

function withoutBookkeeping(o: ElfObject, prefix: string): ElfObject {
  return { ...o, symbols: o.symbols.filter((s) => !(isBookkeepingSymbol(s, prefix) && s.type !== 'section')) };
}

for (const v of KERNEL_VERSIONS) {
  describe.skipIf(missingKernel(v) !== undefined)(`Linux ${v}: the nVHE link`, () => {
    it("links kbuild's objects into kvm_nvhe.o as ld -r -T hyp.lds and objcopy do", async () => {
      const { build } = await kernelBuild(v);
      const load = (t: string) => programFromElf(t, readElf(readFileSync(join(build.buildDir, t))));
      const linked = linkLikeKbuild(build, load);
      const expected = withoutBookkeeping(readElf(readFileSync(join(build.buildDir, build.graph.roots[0]))), '__kvm_nvhe_');
      expect(compareProgram(linked, expected).join('\n')).toBe('');
    });
  });
}
