// Linux 6.1 and 6.12: every C unit of the nVHE hypervisor, as gcc -S made it with kbuild's
// command line, assembled by hypsim, against kbuild's own object; and hyp-reloc.o entirely.
// Until .file/.loc/.uleb128 land (branch gas-debug), the input is gcc's output without the
// DWARF it writes itself (see withoutDebugInfo), and the DWARF sections of kbuild's object are
// left out of the comparison — .debug_frame, which GNU as makes from the .cfi_* directives, is
// compared. A unit whose LSE atomics hypsim cannot encode yet (branch a64-lse) has its
// .debug_frame compared with those instructions assembled as nops (same size, same layout).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { preprocess } from '../../src/cpp/index.js';
import { assemble, assembleText } from '../../src/gas/index.js';
import type { Program } from '../../src/ir/program.js';
import { DiskTree } from '../../src/tree/source-tree.js';
import { HypsimError, formatError } from '../../src/util/diagnostics.js';
import { withoutDebugInfo } from '../helpers/gcc-output.js';
import { KBUILD_VERSIONS, kbuildOutputs } from '../helpers/kbuild-outputs.js';
import { compareProgram } from './helpers/compare.js';
import { readElf, type ElfObject } from './helpers/elf.js';

/** DWARF sections gcc writes itself (branch gas-debug); .debug_frame is GNU as's, from CFI. */
const DWARF_FROM_GCC = /^\.debug_(?!frame$)/;
const LSE = /^\s+(?:(?:ld|st)(?:add|clr|eor|set|smax|smin|umax|umin)|swp|casp?)(?:a|l|al)?[bh]?\s/;

function withoutGccDwarf(o: ElfObject): ElfObject {
  const keep = (name: string) => !DWARF_FROM_GCC.test(name);
  return { ...o, sections: o.sections.filter((s) => keep(s.name)), relocs: new Map([...o.relocs].filter(([name]) => keep(name))) };
}

function hypsim(text: string, file: string): Program | string {
  try {
    return assembleText(text, { file });
  } catch (e) {
    if (e instanceof HypsimError) return formatError(e);
    throw e;
  }
}

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

function frameDifferences(p: Program, o: ElfObject): string[] {
  const mine = p.sections.find((s) => s.name === '.debug_frame');
  const theirs = o.sections.find((s) => s.name === '.debug_frame');
  if (!theirs) return ['kbuild object has no .debug_frame'];
  if (!mine) return ['hypsim made no .debug_frame'];
  const relocs = (list: ReadonlyArray<{ offset: number; type: string; symbol: string; addend: { toString(): string } }>) => list.map((r) => `${r.offset} ${r.type} ${r.symbol} ${r.addend.toString()}`).sort();
  const out: string[] = [];
  if (hex(mine.bytes) !== hex(theirs.bytes)) out.push('.debug_frame bytes differ');
  if (JSON.stringify(relocs(mine.relocs)) !== JSON.stringify(relocs(o.relocs.get('.debug_frame') ?? []))) out.push('.debug_frame relocations differ');
  if (mine.align !== theirs.align) out.push('.debug_frame alignment differs');
  return out;
}

for (const version of KBUILD_VERSIONS) {
  const outputs = kbuildOutputs(version);
  const skip = typeof outputs === 'string';
  const build = skip ? undefined : outputs;
  const cUnits = build?.units.filter((u) => u.kind === 'c' && u.assembly) ?? [];
  const withLse: string[] = [];

  describe(`Linux ${version}: nVHE C units against kbuild's objects`, () => {
    for (const unit of cUnits) {
      it(`${unit.object}: .debug_frame (bytes, relocations) and every non-DWARF section and symbol`, () => {
        const text = withoutDebugInfo(readFileSync(unit.assembly as string, 'latin1'));
        const kbuild = readElf(readFileSync(join((build as { buildDir: string }).buildDir, unit.object)));
        const program = hypsim(text, unit.object);
        if (typeof program !== 'string') {
          expect(compareProgram(program, withoutGccDwarf(kbuild))).toEqual([]);
          return;
        }
        expect(program, 'only LSE atomics may stop hypsim here (branch a64-lse)').toMatch(/unknown mnemonic '(ld|st|swp|cas)/);
        withLse.push(unit.object);
        const asNops = hypsim(text.split('\n').map((l) => (LSE.test(l) ? '\tnop' : l)).join('\n'), unit.object);
        if (typeof asNops === 'string') throw new Error(asNops);
        expect(frameDifferences(asNops, kbuild)).toEqual([]);
        expect(asNops.sections.find((s) => s.name === '.text')?.bytes.length).toBe(kbuild.sections.find((s) => s.name === '.text')?.bytes.length);
      });
    }

    it.skipIf(skip)('covers every C unit kbuild built', () => {
      expect(cUnits.length).toBeGreaterThan(15);
      if (withLse.length > 0) console.warn(`Linux ${version}: .debug_frame only (LSE atomics pending, branch a64-lse): ${withLse.join(', ')}`);
    });

    it.skipIf(skip)('hyp-reloc.o (generated .reloc list) equals kbuild\'s entirely', () => {
      const dir = (build as { buildDir: string }).buildDir;
      const file = 'arch/arm64/kvm/hyp/nvhe/hyp-reloc.S';
      const lines = preprocess(new DiskTree(dir), file, { includeDirs: [], defines: [['__ASSEMBLY__', '1']] }).lines;
      const program = assemble(lines, { file });
      const kbuild = readElf(readFileSync(join(dir, 'arch/arm64/kvm/hyp/nvhe/hyp-reloc.o')));
      expect(compareProgram(program, kbuild)).toEqual([]);
      const listed = (s: { name: string }) => !/^\.(rela\.|symtab$|strtab$|shstrtab$)/.test(s.name) && s.name !== '';
      expect(program.sections.map((s) => s.name).sort()).toEqual(kbuild.sections.filter(listed).map((s) => s.name).sort());
      expect(program.sections.find((s) => s.name === '.hyp.reloc')?.relocs.length).toBeGreaterThan(100);
    });
  });
}
