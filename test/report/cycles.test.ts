// --cycles: estimated cycles per function from llvm-mca, or a clear message without it.
import { describe, expect, test } from 'vitest';
import { CyclesUnavailable, estimateCycles } from '../../src/report/cycles.js';
import { runRecords } from '../../src/report/records.js';
import { missingOracle } from '../helpers/oracles.js';
import { cli, corpusRun } from './helpers.js';

describe('estimated cycles', () => {
  test.skipIf(missingOracle({ tools: ['llvm-mca'] }) !== undefined)('llvm-mca gives every function a positive estimate on cortex-a53', async () => {
    const est = estimateCycles(runRecords(corpusRun('round-trip', 'original')), 'cortex-a53');
    expect(est.section.title).toContain('estimate');
    for (const row of est.section.rows) expect([row.key, row.values[1] > 0]).toEqual([row.key, true]);
    const r = await cli(['run', '--scenario', 'round-trip', '--cycles', 'cortex-a53']);
    expect(r.out).toMatch(/Estimated cycles per function \(an estimate from llvm-mca -mcpu=cortex-a53/);
    const bad = await cli(['count', '--scenario', 'round-trip', '--cycles', 'no-such-cpu']);
    expect(bad.code).toBe(0);
    expect(bad.err).toContain("does not know the CPU model 'no-such-cpu'");
  });

  test('without llvm-mca: a message, the report without the column, exit 0', async () => {
    expect(() => estimateCycles(runRecords(corpusRun('round-trip', 'original')), 'cortex-a53', () => ({ status: null, stdout: '', stderr: '', missing: true }))).toThrow(CyclesUnavailable);
    const path = process.env.PATH;
    process.env.PATH = '/nonexistent';
    try {
      const r = await cli(['count', '--scenario', 'round-trip', '--cycles', 'cortex-a53']);
      expect(r.code).toBe(0);
      expect(r.err).toContain('--cycles needs llvm-mca on PATH');
      expect(r.out).not.toContain('Estimated cycles');
      expect(r.out).toContain('Instructions per function');
    } finally {
      process.env.PATH = path;
    }
  });
});
