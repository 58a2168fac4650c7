// hypsim sweep: seeded and deterministic; the table carries the lazy-switch argument.
import { describe, expect, test } from 'vitest';
import { runScenario } from '../../src/kvm/runner.js';
import { buildVariant } from '../../src/kvm/variants.js';
import { fpRunSet, runSweep, sweepScenario, SWEEP_CSV_HEADER, type SweepGrid } from '../../src/report/sweep.js';
import { cli } from './helpers.js';

const grid: SweepGrid = { runs: [1, 4], fpUse: [0, 0.5, 1], variants: ['original', 'lazy'], seed: 7, compute: 4, fpsimd: 1 };
const sweep = () => runSweep(grid, (v, s) => runScenario(buildVariant({ name: v }).session, s, { trace: true }));

describe('sweep', () => {
  test('the FP/SIMD runs are exactly round(fraction × runs), chosen by the seed, the same every time', () => {
    expect(fpRunSet(10, 0.3, 1).size).toBe(3);
    expect([...fpRunSet(10, 0.3, 1)]).toEqual([...fpRunSet(10, 0.3, 1)]);
    const choices = new Set([1, 2, 3, 4, 5].map((seed) => [...fpRunSet(10, 0.5, seed)].sort().join(',')));
    expect(choices.size).toBeGreaterThan(1);
    const s = sweepScenario(10, 0.5, grid);
    expect(s.steps[0].kind).toBe('vcpu_load');
    expect(s.steps.at(-1)!.kind).toBe('vcpu_put');
    expect(s.steps.filter((x) => x.kind === 'run' && x.work.fpsimd > 0).length).toBe(5);
  });

  test('two sweeps give identical cells', () => {
    expect(sweep()).toEqual(sweep());
  });

  test('lazy moves no FP/SIMD bytes when no run uses FP/SIMD, and as many as the original when all do', () => {
    const cells = sweep();
    const at = (runs: number, fp: number, v: string) => cells.find((c) => c.runs === runs && c.fpUse === fp && c.variant === v)!;
    expect(at(4, 0, 'lazy').fpsimdBytesPerTrip).toBe(0);
    expect(at(4, 0, 'original').fpsimdBytesPerTrip).toBeGreaterThan(0);
    expect(at(4, 1, 'lazy').fpsimdBytesPerTrip).toBe(at(4, 1, 'original').fpsimdBytesPerTrip);
    expect(at(4, 0, 'lazy').instructionsPerTrip).toBeLessThan(at(4, 0, 'original').instructionsPerTrip);
    expect(at(4, 0.5, 'lazy').fpsimdBytesPerTrip).toBe(at(4, 1, 'lazy').fpsimdBytesPerTrip / 2);
  });

  test('the CLI prints the table without a progress bar when piped, and csv on request', async () => {
    const r = await cli(['sweep', '--runs', '1,2', '--fp-use', '0,1', '--variants', 'original,move-to-load-put']);
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    expect(r.out).toMatch(/runs +FP\/SIMD use +original insns\/trip +original FP B\/trip +move-to-load-put insns\/trip/);
    expect(r.out.trim().split('\n').filter((l) => /^ +\d+ +\d+%/.test(l)).length).toBe(4);
    const csv = (await cli(['sweep', '--runs', '2', '--fp-use', '0.5', '--variants', 'lazy', '--format', 'csv'])).out.trim().split('\n');
    expect(csv[0]).toBe(SWEEP_CSV_HEADER.join(','));
    expect(csv[1].split(',').length).toBe(SWEEP_CSV_HEADER.length);
    const bad = await cli(['sweep', '--fp-use', '2']);
    expect(bad.code).toBe(2);
  });
});
