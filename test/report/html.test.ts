// The HTML report without a browser: same input, same bytes; one self-contained file; the data
// it embeds matches the report modules; --html on every command that has it; crossings.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { runScenario } from '../../src/kvm/runner.js';
import { builtinScenario } from '../../src/kvm/scenario.js';
import { buildVariant } from '../../src/kvm/variants.js';
import { compareRuns } from '../../src/kvm/verdict.js';
import type { PageData } from '../../src/report/html/data.js';
import { crossings, diffHtml, sweepHtml } from '../../src/report/html/index.js';
import { corpusTree } from '../../src/tree/corpus.js';
import { withoutMachinePaths } from '../../src/report/html/facts.js';
import { alignRuns } from '../../src/report/trace-align.js';
import { lineCoverage } from '../../src/report/export-lcov.js';
import { runRecords } from '../../src/report/records.js';
import { repoRoot } from '../helpers/oracles.js';
import { cli, corpusRun } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'hypsim-html-unit-'));
const read = (p: string) => corpusTree().read(p);

function freshDiff(): string {
  const run = (v: string) => runScenario(buildVariant({ name: v }).session, builtinScenario('round-trip'), { trace: true });
  const [a, b] = [run('original'), run('lazy')];
  return diffHtml({ a, b, verdict: compareRuns(a, b), tree: 'hypsim corpus', read: [read, read], context: 2 });
}

function pageData(html: string): PageData {
  const m = /<script type="application\/json" id="hypsim-data">(.*?)<\/script>/s.exec(html);
  return JSON.parse(m![1]) as PageData;
}

describe('the HTML report', () => {
  test('the same input writes the same bytes (fresh runs, and through the CLI)', async () => {
    expect(freshDiff()).toBe(freshDiff());
    const files = ['1', '2'].map((n) => join(dir, `diff-${n}.html`));
    for (const f of files) expect((await cli(['diff', '--html', f])).code).toBe(0);
    expect(readFileSync(files[0])).toEqual(readFileSync(files[1]));
  });

  test('one self-contained file: a CSP that loads nothing, no external reference, no machine path', async () => {
    const file = join(dir, 'diff.html');
    const r = await cli(['diff', '--html', file]);
    expect(r.err).toContain(`wrote the HTML report to ${file}`);
    const html = readFileSync(file, 'utf8');
    expect(html).toMatch(/<meta http-equiv="Content-Security-Policy" content="default-src 'none';/);
    expect(html).not.toMatch(/\s(src|href)="(?!#)/);
    expect(html).not.toMatch(/https?:\/\/|url\((?!#)/);
    expect(html).not.toContain(repoRoot);
    expect(html).not.toContain(tmpdir());
    expect(html.match(/<script>/g)).toHaveLength(1);
  });

  test('the embedded data: every aligned instruction once, source counts as lineCoverage gives them, jumps', () => {
    const [a, b] = [corpusRun('exits', 'original'), corpusRun('exits', 'move-to-load-put')];
    const patched = buildVariant({ name: 'move-to-load-put' }).patch!.tree;
    const data = pageData(diffHtml({ a, b, verdict: compareRuns(a, b), tree: 't', read: [read, (p) => patched.read(p)] }));
    const aligned = alignRuns(a, b);
    data.trace!.steps.forEach((s, i) => {
      const entries = s.runs.flatMap(([op, first, count]) => Array.from({ length: count }, (_, k) => [op, data.code[first + k]] as const));
      expect(entries.map(([op, e]) => `${' -+'[op]}${e[1]}+${e[2]}:${e[3]}`)).toEqual(aligned[i].entries.map((x) => `${x.op}${x.insn.info.function}+${x.insn.info.offset}:${x.insn.info.text}`));
    });
    expect(data.trace!.steps[2].sameAs).toBe(1);
    const coverage = lineCoverage(runRecords(a)).files;
    for (const f of data.sources) expect(new Map(f.counts[0])).toEqual(coverage.get(f.path) ?? new Map());
    const sw = data.sources.find((f) => f.path === 'asm/hyp/switch.S')!;
    expect(sw.changed).toBe(true);
    expect(sw.rows.some((r) => r[1] === 0)).toBe(true);
    expect(data.sources.find((f) => f.path === 'asm/host/fpsimd.S')!.rows.every((r) => r[0] === 0)).toBe(true);
    expect(data.jumps['fn:__save_fpsimd']).toEqual({ side: 0, file: 'asm/hyp/switch.S', line: expect.any(Number) });
    expect(data.jumps['macro:fpsimd_save'].file).toBe('asm/include/hyp/macros.h');
  });

  test('--html on run, count and sweep, and on a diff that is not equivalent (exit 3)', async () => {
    for (const cmd of ['run', 'count']) {
      const f = join(dir, `${cmd}.html`);
      expect((await cli([cmd, '--variant', 'lazy', '--html', f])).code).toBe(0);
      const html = readFileSync(f, 'utf8');
      expect(html).toContain(`<h1>hypsim ${cmd}: exits</h1>`);
      expect(pageData(html).sources.length).toBeGreaterThan(0);
    }
    const hazard = join(dir, 'hazard.html');
    expect((await cli(['diff', '--scenario', 'fpsimd-hazard', '--html', hazard])).code).toBe(3);
    const html = readFileSync(hazard, 'utf8');
    expect(html).toMatch(/Not equivalent: \d+ differences/);
    expect(html).toMatch(/<code>guest\.v0<\/code>/);
    expect(html).toMatch(/<caption>State diff after vcpu_put: host/);
    const sweep = join(dir, 'sweep.html');
    expect((await cli(['sweep', '--runs', '1,4', '--fp-use', '0,1', '--variants', 'original,lazy', '--html', sweep])).code).toBe(0);
    expect(readFileSync(sweep, 'utf8')).toMatch(/id="panel-4"/);
  });

  test('notes name files by base name, never by a machine path', () => {
    expect(withoutMachinePaths('asm-offsets from /home/me/build/include/generated/asm-offsets.h')).toBe('asm-offsets from asm-offsets.h');
    expect(withoutMachinePaths("hypsim's Linux v4.0 layouts (arch/arm64/kvm)")).toBe("hypsim's Linux v4.0 layouts (arch/arm64/kvm)");
  });

  test('crossings: where two curves change order, interpolated between grid points, or at a tie', () => {
    const c = crossings([
      { name: 'lazy', points: [[0, 100], [0.5, 200], [1, 300]] },
      { name: 'eager', points: [[0, 150], [0.5, 150], [1, 150]] },
    ]);
    expect(c).toEqual([{ x: 0.25, y: 150, below: 'lazy', above: 'eager', atPoint: false }]);
    const tie = crossings([
      { name: 'p', points: [[0, 1], [0.5, 2], [1, 3]] },
      { name: 'q', points: [[0, 2], [0.5, 2], [1, 2]] },
    ]);
    expect(tie).toEqual([{ x: 0.5, y: 2, below: 'p', above: 'q', atPoint: true }]);
    expect(crossings([{ name: 'a', points: [[0, 1], [1, 2]] }, { name: 'b', points: [[0, 3], [1, 4]] }])).toEqual([]);
    const html = sweepHtml({ cells: [], grid: { runs: [], fpUse: [], variants: [], seed: 1, compute: 4, fpsimd: 1 }, tree: 't' });
    expect(html).toContain('<h1>');
  });
});
