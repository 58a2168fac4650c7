// Our own C files (fixtures/c/), compiled by gcc -S at test time with several flag sets,
// assembled by hypsim and by GNU as (through the gcc driver, with the same flags): sections,
// bytes, relocations and symbols must be identical, and so must GNU as's object of hypsim's
// listing. Add a flag set to VARIANTS to cover it (the -g ones join once .loc/.uleb128 land).
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { assembleText, emitListing } from '../../src/gas/index.js';
import { HypsimError, formatError } from '../../src/util/diagnostics.js';
import { GCC, assembleWithGcc, compileToAssembly, withoutDebugInfo } from '../helpers/gcc-output.js';
import { missingOracle, repoRoot } from '../helpers/oracles.js';
import { compareObjects, compareProgram } from './helpers/compare.js';
import { readElf } from './helpers/elf.js';
import { GAS, gnuAssemble } from './helpers/gnu.js';

const FIXTURES = join(repoRoot, 'fixtures', 'c');
const KERNEL_LIKE = ['-O2', '-mgeneral-regs-only', '-fno-common', '-mbranch-protection=pac-ret', '-fno-asynchronous-unwind-tables'];

interface Variant {
  readonly name: string;
  readonly flags: readonly string[];
  /** Applied to gcc's output before both assemblers see it (then GNU as runs without -g). */
  readonly reduce?: (text: string) => string;
}

const assemblerFlags = (v: Variant) => (v.reduce ? v.flags.map((f) => (f === '-g' ? '-g0' : f)) : v.flags);

export const VARIANTS: readonly Variant[] = [
  { name: '-O0', flags: ['-O0', '-g0'] },
  { name: '-O2', flags: ['-O2', '-g0'] },
  { name: 'kernel-like', flags: [...KERNEL_LIKE, '-g0'] },
  { name: 'kernel-like, .eh_frame', flags: [...KERNEL_LIKE.filter((f) => f !== '-fno-asynchronous-unwind-tables'), '-fasynchronous-unwind-tables', '-g0'] },
  { name: 'kernel-like -g, .debug_frame (debug info filtered out)', flags: [...KERNEL_LIKE, '-fno-unwind-tables', '-g'], reduce: withoutDebugInfo },
  { name: '-O2 -march=armv8.1-a', flags: ['-O2', '-g0', '-march=armv8.1-a'] },
];

/** What other branches add; a case failing only for one of these is reported, not failed. */
const PENDING: ReadonlyArray<{ readonly what: string; readonly error: RegExp; seen: number }> = [
  { what: 'Advanced SIMD floating-point forms hypsim lacks (fmla by vector, scalar fcvtzs d0, d0)', error: /unknown mnemonic 'fmla'|operand 1 of 'fcvtzs' must be an integer register/, seen: 0 },
];
const seenSections = new Set<string>();
const noGcc = missingOracle({ tools: [GCC, GAS] });
const fixtures = readdirSync(FIXTURES).filter((f) => f.endsWith('.c')).sort();

function hypsimOrPending(text: string, file: string) {
  try {
    return assembleText(text, { file });
  } catch (e) {
    if (!(e instanceof HypsimError)) throw e;
    const message = formatError(e);
    const pending = PENDING.find((p) => p.error.test(message));
    if (!pending) throw new Error(message);
    (pending as { seen: number }).seen++;
    console.warn(`pending (${pending.what}): ${message.split('\n')[0]}`);
    return undefined;
  }
}

describe('C fixtures: gcc -S, then hypsim and GNU as', () => {
  for (const file of fixtures) {
    for (const v of VARIANTS) {
      it.skipIf(noGcc !== undefined)(`${file} ${v.name}`, () => {
        const raw = compileToAssembly(file, v.flags, FIXTURES);
        const text = v.reduce ? v.reduce(raw) : raw;
        const original = readElf(assembleWithGcc(text, assemblerFlags(v)));
        const program = hypsimOrPending(text, `fixtures/c/${file}`);
        if (!program) return;
        for (const sec of program.sections) seenSections.add(sec.name);
        const listing = emitListing(program, { map: true });
        const relisted = gnuAssemble(listing);
        expect([...compareProgram(program, original).map((d) => `program: ${d}`), ...compareObjects(original, relisted).map((d) => `listing: ${d}`)]).toEqual([]);
      });
    }
  }

  it.skipIf(noGcc !== undefined)('hypsim expand takes gcc output from the command line: its listing assembles to the same object', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hypsim-cli-'));
    try {
      const text = compileToAssembly('frames.c', ['-O2', '-g0'], FIXTURES);
      writeFileSync(join(dir, 'frames.s'), text);
      let out = '';
      const code = await main(['expand', '--map', join(dir, 'frames.s')], { out: (t) => void (out += t), err: () => undefined, interactive: false });
      expect(code).toBe(0);
      expect(out).toContain('.section .eh_frame, "a", @progbits');
      expect(compareObjects(gnuAssemble(text), gnuAssemble(out))).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.skipIf(noGcc !== undefined)('covers CFI in both sections, and every pending gap still exists', () => {
    for (const name of ['.eh_frame', '.debug_frame', '.rodata.str1.8', '.comment', '.note.gnu.property']) expect(seenSections).toContain(name);
    for (const p of PENDING) expect(p.seen, `no fixture needs "${p.what}" any more: drop it from PENDING`).toBeGreaterThan(0);
  });
});
