// The lcov export as genhtml reads it: from the corpus and from kernel trees (6.1 in CI; v4.0
// with HYPSIM_LINUX_V4), run from the tree's root, with function and branch records.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { branchCoverage, functionCoverage, lcovText } from '../../src/report/export-lcov.js';
import { executed, runRecords } from '../../src/report/records.js';
import { linux61Available, linux61Dir, linuxV4Dir, missingOracle, repoRoot } from '../helpers/oracles.js';
import { cli, corpusRun } from './helpers.js';

function genhtml(info: string, cwd: string): string {
  const out = join(mkdtempSync(join(tmpdir(), 'hypsim-genhtml-')), 'html');
  const text = execFileSync('genhtml', ['--branch-coverage', '-o', out, info], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  expect(existsSync(join(out, 'index.html'))).toBe(true);
  return text;
}

describe('lcov records', () => {
  const recs = () => runRecords(corpusRun('exits', 'original'));

  test('FN/FNDA: every function with its calls; FNF/FNH consistent', () => {
    const text = lcovText(recs());
    const fns = functionCoverage(recs()).get('asm/hyp/switch.S')!;
    const run = fns.find((f) => f.name === '__hyp_vcpu_run')!;
    expect(run.calls).toBe(6);
    expect(text).toContain(`FN:${run.line},__hyp_vcpu_run`);
    expect(text).toContain('FNDA:6,__hyp_vcpu_run');
    for (const rec of text.split('end_of_record').filter((r) => r.includes('SF:'))) {
      const fn = rec.match(/^FN:/gm)?.length ?? 0;
      expect(Number(/FNF:(\d+)/.exec(rec)?.[1])).toBe(fn);
      expect(Number(/FNH:(\d+)/.exec(rec)?.[1])).toBe(rec.match(/^FNDA:[1-9]/gm)?.length ?? 0);
    }
  });

  test('BRDA: each conditional branch, taken and not taken as the run went', () => {
    const all = [...branchCoverage(recs()).values()].flat();
    expect(all.length).toBeGreaterThan(3);
    const executedBranches = executed(recs()).filter((r) => /^(b\.|cbn?z|tbn?z)/.test(r.info.disasm)).length;
    expect(all.reduce((n, b) => n + (b.taken ?? 0) + (b.notTaken ?? 0), 0)).toBe(executedBranches);
    expect(all.some((b) => (b.taken ?? 0) > 0) && all.some((b) => (b.notTaken ?? 0) > 0)).toBe(true);
    expect(lcovText(recs())).toMatch(/^BRDA:\d+,0,0,\d+\nBRDA:\d+,0,1,\d+$/m);
  });
});

describe.skipIf(missingOracle({ tools: ['genhtml'] }) !== undefined)('genhtml reads the lcov export', () => {
  test('the corpus, from the repository root: lines, functions and branches', async () => {
    const info = join(mkdtempSync(join(tmpdir(), 'hypsim-lcov-')), 'corpus.info');
    expect((await cli(['count', '--scenario', 'exits', '--export', 'lcov', info])).code).toBe(0);
    const out = genhtml(info, repoRoot);
    expect(out).toMatch(/lines\.+: [\d.]+% \(\d+ of \d+ lines?\)/);
    expect(out).toMatch(/functions\.+: [\d.]+% \(\d+ of [1-9]\d* functions?\)/);
    expect(out).toMatch(/branches\.+: [\d.]+% \(\d+ of [1-9]\d* branch(es)?\)/);
    expect(out).not.toMatch(/WARNING|cannot/i);
  });

  const trees: Array<[string, string | undefined]> = [['Linux 6.1', linux61Available() || process.env.HYPSIM_REQUIRE_ORACLES === '1' ? linux61Dir() : undefined], ['Linux v4.0', linuxV4Dir()]];
  test.each(trees)('%s, from the tree\'s root: tree files relative, hypsim\'s own stubs by a path that exists', async (_name, dir) => {
    if (!dir) return void console.warn(`skipping: no ${_name} tree`);
    if (missingOracle({ linux61: _name === 'Linux 6.1' })) return;
    const info = join(mkdtempSync(join(tmpdir(), 'hypsim-lcov-')), 'k.info');
    const r = await cli(['count', '--kernel', dir, '--export', 'lcov', info]);
    expect(r.code, r.err).toBe(0);
    const paths = [...readFileSync(info, 'utf8').matchAll(/^SF:(.*)$/gm)].map((m) => m[1]);
    expect(paths.some((p) => p.startsWith('arch/arm64/'))).toBe(true);
    for (const p of paths) expect(existsSync(isAbsolute(p) ? p : join(dir, p)), p).toBe(true);
    expect(paths.filter(isAbsolute).some((p) => p.endsWith('asm/guest/guest.S'))).toBe(true);
    const out = genhtml(info, dir);
    expect(out).toMatch(/functions\.+: [\d.]+% \(\d+ of [1-9]\d* functions?\)/);
    expect(out).not.toMatch(/WARNING|cannot/i);
  });
});
