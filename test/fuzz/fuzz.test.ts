// The fuzz campaign in CI: a fixed seed, 2,000 inputs per category (machine, scenario, state,
// patch), each in a worker with a time limit; none may end in an unexpected exception or a hang.
// (The asm category runs with `npm run fuzz -- --category asm`; its CI test comes with the
// assembler's limit fixes.)
import { describe, expect, test } from 'vitest';
import { fuzzInput, reproducer, runFuzz } from './harness.js';

const CASES = 2000;
const SEED = 20260512;

describe('fuzz campaign', () => {
  test.each(['machine', 'scenario', 'state', 'patch'] as const)('%s: 2000 inputs, no unexpected exception, no hang', async (category) => {
    const summary = await runFuzz({ category, cases: CASES, seed: SEED, timeoutMs: 15_000 });
    const report = summary.failures.flatMap((f) => reproducer(summary, f)).join('\n');
    expect(summary.counts.unexpected + summary.counts.hang, report).toBe(0);
    expect(summary.counts.ok + summary.counts.located).toBe(CASES);
    // The campaign reaches both outcomes: inputs that run and inputs that are refused.
    expect(summary.counts.ok).toBeGreaterThan(20);
    if (category !== 'machine') expect(summary.counts.located).toBeGreaterThan(20);
  }, 300_000);

  test('a case is the same input every time (reproducible by seed and index)', () => {
    for (const c of ['asm', 'machine', 'scenario', 'state', 'patch'] as const) expect(fuzzInput(c, 7, 42)).toEqual(fuzzInput(c, 7, 42));
    expect(fuzzInput('scenario', 7, 42)).not.toEqual(fuzzInput('scenario', 7, 43));
  });

  test('the harness classifies every outcome, cuts a hang and goes on, and prints the reproducer', async () => {
    const summary = await runFuzz({ category: 'selftest', cases: 12, seed: 3, timeoutMs: 500 });
    const expected = { ok: 0, located: 0, unexpected: 0, hang: 0 };
    for (let i = 0; i < 12; i++) expected[fuzzInput('selftest', 3, i).text as keyof typeof expected]++;
    expect(summary.counts).toEqual(expected);
    expect(expected.hang).toBeGreaterThan(0);
    const hang = summary.failures.find((f) => f.outcome === 'hang')!;
    expect(reproducer(summary, hang).join('\n')).toContain(`npm run fuzz -- --category selftest --seed 3 --case ${hang.index}`);
    expect(summary.failures.find((f) => f.outcome === 'unexpected')?.message).toMatch(/^TypeError: an unexpected exception/);
  }, 60_000);
});
