// Golden traces and count reports of the built-in scenarios (fixtures/golden/). A failure prints
// the first divergence; `npm run golden:update` rewrites them when a change is intended (README).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { goldenCases, goldenContent, corpusTraceHeader } from '../../src/report/golden.js';
import { compareTrace } from '../../src/report/trace-check.js';
import { parseTrace } from '../../src/report/trace.js';
import { repoRoot } from '../helpers/oracles.js';
import { cli, corpusRun } from './helpers.js';

const MAX_GOLDEN_BYTES = 1024 * 1024;

describe('golden files', () => {
  test.each(goldenCases().map((c) => [c.path, c] as const))('%s', (path, c) => {
    let stored: string;
    try {
      stored = readFileSync(join(repoRoot, path), 'utf8');
    } catch {
      throw new Error(`${path} is missing: run npm run golden:update (see README, "Golden files")`);
    }
    expect(stored.length).toBeLessThan(MAX_GOLDEN_BYTES);
    const fresh = goldenContent(c, corpusRun(c.scenario, c.variant));
    if (c.kind === 'trace' && fresh !== stored) {
      const lines = fresh.split('\n').filter(Boolean);
      const result = compareTrace(parseTrace(stored, path), corpusTraceHeader(c.scenario, c.variant), lines.slice(1), path);
      expect.fail(result.match ? 'traces differ only in layout' : result.report);
    }
    expect(fresh).toBe(stored);
  });

  test('every built-in scenario and variant has a golden count report and trace', () => {
    const counts = goldenCases().filter((c) => c.kind === 'counts');
    expect(counts.length).toBe(12);
    expect(goldenCases().filter((c) => c.kind === 'trace').length).toBe(12);
  });

  test('hypsim trace --check accepts its golden trace and prints the step count', async () => {
    const r = await cli(['trace', '--scenario', 'round-trip', '--variant', 'move-to-load-put', '--check', join(repoRoot, 'fixtures/golden/round-trip.move-to-load-put.trace.jsonl')]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^matches golden \(\d+ steps\)/);
  });

  test('traces are deterministic and free of machine paths and timestamps', () => {
    const text = readFileSync(join(repoRoot, 'fixtures/golden/exits.lazy.trace.jsonl'), 'utf8');
    expect(text).not.toMatch(/\/work\/|\/home\/|\/tmp\/|[A-Z]:\\\\/);
    expect(text).not.toMatch(/\d{4}-\d\d-\d\dT\d\d:/);
    const header = JSON.parse(text.split('\n')[0]);
    expect(header).toEqual({ format: 'hypsim-trace', version: 1, tree: 'hypsim corpus', patch: 'asm/patches/lazy-fpsimd.patch', scenario: 'exits', variant: 'lazy' });
  });
});
