// Every export read back by a reader (test/report/readers.ts) and checked against the run's
// records: Tarmac lines, Perfetto slices, lcov line counts (and genhtml when lcov is installed),
// drcov blocks.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { drcovBytes } from '../../src/report/export-drcov.js';
import { lcovText } from '../../src/report/export-lcov.js';
import { perfettoJson } from '../../src/report/export-perfetto.js';
import { executed, runRecords } from '../../src/report/records.js';
import { cli, corpusRun } from './helpers.js';
import { checkNesting, readDrcov, readLcov, readPerfetto } from './readers.js';
import { parseTarmac } from './tarmac-rules.js';

const CASES = [['exits', 'original'], ['exits', 'lazy'], ['fpsimd-hazard', 'move-to-load-put']] as const;

describe.each(CASES)('exports of %s on %s', (scenario, variant) => {
  const recs = () => runRecords(corpusRun(scenario, variant));

  test('perfetto: slices nest, steps tile the instruction count, and function slices cover every instruction', () => {
    const { slices, instants } = readPerfetto(perfettoJson(recs(), 'test'));
    expect(checkNesting(slices)).toBeGreaterThan(2);
    const total = executed(recs()).length;
    const steps = slices.filter((s) => s.cat === 'scenario step').sort((a, b) => a.ts - b.ts);
    expect(steps.length + instants.length).toBe(recs().steps.length);
    let t = 0;
    for (const s of steps) {
      expect(s.ts).toBe(t);
      t += s.dur;
    }
    expect(t).toBe(total);
    const covered = new Uint8Array(total);
    for (const s of slices.filter((x) => x.cat === 'function')) covered.fill(1, s.ts, s.ts + s.dur);
    expect(covered.every((c) => c === 1)).toBe(true);
    const names = new Set(slices.map((s) => s.name));
    expect(names.has('__hyp_vcpu_run')).toBe(true);
  });

  test('lcov: records per tree-relative file, LF/LH consistent, macro invocation lines count expansions', () => {
    const files = readLcov(lcovText(recs()));
    const paths = files.map((f) => f.path);
    expect(paths).toContain('asm/hyp/switch.S');
    expect(paths).toContain('asm/include/hyp/macros.h');
    for (const f of files) {
      expect(f.path.startsWith('/')).toBe(false);
      expect(f.lf).toBe(f.lines.size);
      expect(f.lh).toBe([...f.lines.values()].filter((c) => c > 0).length);
    }
    // The `fpsimd_save` invocation inside __save_fpsimd counts one per call of __save_fpsimd.
    const calls = executed(recs()).filter((r) => r.info.function === '__save_fpsimd' && r.info.offset === 0).length;
    const site = executed(recs()).find((r) => r.info.function === '__save_fpsimd' && r.info.macros[0] === 'fpsimd_save');
    if (site) {
      const [file, line] = site.info.macroSites.at(-1)!.split(':');
      expect(files.find((f) => f.path === file)!.lines.get(Number(line))).toBe(calls);
    }
  });

  test('drcov: version 2 with the image modules; the blocks cover exactly the executed instructions', () => {
    const d = readDrcov(drcovBytes(recs()));
    expect(d.version).toBe(2);
    expect(d.modules.map((m) => m.path)).toEqual(expect.arrayContaining(['hyp-text', 'kernel-text', 'guest-text']));
    const covered = new Set<bigint>();
    for (const b of d.blocks) {
      const m = d.modules[b.module];
      expect(m.base + BigInt(b.start + b.size) <= m.end).toBe(true);
      expect(b.size % 4).toBe(0);
      for (let o = 0; o < b.size; o += 4) covered.add(m.base + BigInt(b.start + o));
    }
    expect([...covered].sort()).toEqual([...new Set(executed(recs()).map((r) => r.info.linkAddress))].sort());
    // Each block once: no two share a start, none overlaps another.
    const spans = d.blocks.map((b) => [d.modules[b.module].base + BigInt(b.start), d.modules[b.module].base + BigInt(b.start + b.size)] as const).sort((x, y) => (x[0] < y[0] ? -1 : 1));
    spans.slice(1).forEach((s, i) => expect(s[0] >= spans[i][1], `block at 0x${s[0].toString(16)}`).toBe(true));
  });
});

describe('exports from the command line', () => {
  test('run --export writes all four (pairs and kind=FILE), each readable', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hypsim-export-'));
    const f = (n: string) => join(dir, n);
    const r = await cli(['run', '--scenario', 'round-trip', '--export', 'tarmac', f('t.tarmac'), '--export', 'perfetto', f('t.json'), '--export', `lcov=${f('t.info')}`, '--export', 'drcov', f('t.drcov')]);
    expect(r.code).toBe(0);
    expect(parseTarmac(readFileSync(f('t.tarmac'), 'utf8')).filter((e) => e.kind === 'insn').length).toBeGreaterThan(100);
    checkNesting(readPerfetto(readFileSync(f('t.json'), 'utf8')).slices);
    expect(readLcov(readFileSync(f('t.info'), 'utf8')).length).toBeGreaterThan(2);
    expect(readDrcov(readFileSync(f('t.drcov'))).blocks.length).toBeGreaterThan(10);
    const bad = await cli(['trace', '--export', 'svg', f('x.svg')]);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain("unknown kind 'svg'");
  });
});
