// Differential test of instruction semantics against QEMU user mode (-cpu cortex-a57): random
// sequences from a fixed seed, each run by QEMU and by hypsim from the same state at the same
// addresses; final registers, flags, FPSR/FPCR, vector registers and the 4 KiB buffer must match.
// Also checks hypsim's fast loop (blocks) and its traced reference loop against each other.
import { describe, expect, test } from 'vitest';
import { missingOracle } from '../helpers/oracles.js';
import { QEMU_TOOLS, Rng, compareStates, generateCase, hypsimMachine, listing, runUnderHypsim, runUnderQemu } from './qemu-oracle.js';

const SEED = 20250601;
const CASES = 600;
const skip = missingOracle({ tools: QEMU_TOOLS });

describe.skipIf(skip !== undefined)('instruction semantics against qemu-aarch64', () => {
  test(`${CASES} random sequences (seed ${SEED})`, () => {
    const rng = new Rng(SEED);
    const cases = Array.from({ length: CASES }, (_, i) => generateCase(rng, i));
    const built = runUnderQemu(cases);
    const m = hypsimMachine(built, cases);
    const failures: string[] = [];
    cases.forEach((c, i) => {
      for (const traced of [false, true]) {
        const actual = runUnderHypsim(m, built, c, traced);
        const diffs = typeof actual === 'string' ? [actual] : compareStates(built.dumps[i], actual);
        if (diffs.length) failures.push(`case ${c.id} (${traced ? 'traced' : 'fast'} loop):\n  ${diffs.slice(0, 8).join('\n  ')}\n${listing(built, c)}`);
      }
    });
    expect(failures.slice(0, 3).join('\n\n')).toBe('');
  }, 120_000);
});
