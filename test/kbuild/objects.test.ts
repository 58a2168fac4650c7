// Every object of the nVHE hypervisor as hypsim assembles it, against kbuild's own object file:
// sections (debug sections included), bytes, relocations and symbols. Assembly units with the
// `--gdwarf-5` gcc gives gas, through hypsim's cpp and through `gcc -E`; C units from gcc's -S
// output with kbuild's command line, each instruction carrying its C origin.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assemble, sourceLines } from '../../src/gas/index.js';
import type { InsnItem, Program } from '../../src/ir/program.js';
import { assembleGccOutput, assembleKbuildAsm, cppOptionsFor, debugFor, unitSource } from '../../src/kbuild/frontend.js';
import type { CompileStep } from '../../src/kbuild/graph.js';
import type { KernelBuild } from '../../src/kbuild/index.js';
import { HypsimError, formatError } from '../../src/util/diagnostics.js';
import { compareProgram } from '../gas/helpers/compare.js';
import { readElf } from '../gas/helpers/elf.js';
import { KERNEL_VERSIONS, kernelBuild, missingKernel, type KernelVersion } from '../helpers/kernel-builds.js';

function differences(build: KernelBuild, step: CompileStep, program: Program): string[] {
  return compareProgram(program, readElf(readFileSync(join(build.buildDir, step.target))));
}

/** What gas gets for an assembly step: gcc -E with the step's own command line, in the build directory. */
function gccPreprocessed(build: KernelBuild, step: CompileStep): string {
  const argv = step.argv.filter((a) => !a.startsWith('-Wp,-MMD'));
  const o = argv.indexOf('-o');
  const args = [...argv.slice(1, o), ...argv.slice(o + 2)].map((a) => (a === '-c' ? '-E' : a));
  return execFileSync(argv[0], args, { cwd: build.buildDir, maxBuffer: 64 << 20 }).toString('latin1');
}

async function check(v: KernelVersion, language: 'c' | 'asm', assembled: (build: KernelBuild, step: CompileStep) => Promise<Program>): Promise<void> {
  const { build } = await kernelBuild(v);
  const steps = build.graph.compiles.filter((s) => s.language === language);
  expect(steps.length).toBeGreaterThanOrEqual(10);
  const failures: string[] = [];
  for (const step of steps) {
    let program: Program;
    try {
      program = await assembled(build, step);
    } catch (e) {
      throw e instanceof HypsimError ? new Error(`${step.target}: ${formatError(e)}`) : e;
    }
    const d = differences(build, step, program);
    if (language === 'c') {
      const bare = program.sections.flatMap((s) => s.items.filter((i): i is InsnItem => i.kind === 'insn' && !i.loc));
      if (bare.length > 0) d.push(`${bare.length} instructions without a C origin (first at ${bare[0].origin.file}:${bare[0].origin.line})`);
    }
    if (d.length > 0) failures.push(`${step.target}:\n${d.join('\n')}`);
  }
  expect(failures.join('\n')).toBe('');
}

for (const v of KERNEL_VERSIONS) {
  describe.skipIf(missingKernel(v) !== undefined)(`Linux ${v}: hypsim's objects against kbuild's`, () => {
    it("every assembly object (the generated hyp-reloc.S too): hypsim's cpp, then its assembler with --gdwarf-5", async () => {
      await check(v, 'asm', async (build, step) => {
        const unit = unitSource(step);
        return assembleKbuildAsm(build, unit, await cppOptionsFor(build, unit), unit.args.source);
      });
    });

    it("every assembly object: gcc -E with its command line, then hypsim's assembler with --gdwarf-5", async () => {
      await check(v, 'asm', async (build, step) => {
        const unit = unitSource(step);
        const lines = sourceLines(gccPreprocessed(build, step), unit.args.source);
        return assemble(lines, { file: unit.args.source, debug: debugFor(build, unit, 'asm') });
      });
    });

    it("every C object: gcc's -S output, every section and each instruction's C origin", async () => {
      const { assembly } = await kernelBuild(v);
      await check(v, 'c', async (build, step) => assembleGccOutput(build, unitSource(step), assembly.get(step.target)!.path));
    });
  });
}
