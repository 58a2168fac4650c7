// One changed instruction in a copy of the corpus: the trace comparison must point at the first
// time that instruction runs, in the right scenario step — through the API (an overlay tree)
// and through `hypsim trace --patch … --check`.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { corpusSession } from '../../src/kvm/corpus-session.js';
import { runScenario } from '../../src/kvm/runner.js';
import { builtinScenario } from '../../src/kvm/scenario.js';
import { corpusTraceHeader } from '../../src/report/golden.js';
import { executed, runRecords } from '../../src/report/records.js';
import { compareTrace, divergenceInstruction } from '../../src/report/trace-check.js';
import { parseTrace, traceLines } from '../../src/report/trace.js';
import { corpusTree } from '../../src/tree/corpus.js';
import { OverlayTree } from '../../src/tree/source-tree.js';
import { repoRoot } from '../helpers/oracles.js';
import { cli, corpusRun } from './helpers.js';

const GUEST = 'asm/guest/guest.S';
const BEFORE = 'eor\tx22, x22, x22, lsr #13';
const AFTER = 'eor\tx22, x22, x22, lsr #12';
const goldenPath = join(repoRoot, 'fixtures/golden/exits.original.trace.jsonl');

function firstExecution(): { n: number; step: number; label: string } {
  const recs = runRecords(corpusRun('exits', 'original'));
  const squash = (t: string) => t.replace(/\s+/g, '');
  const r = executed(recs).find((x) => squash(x.info.text) === squash(BEFORE));
  if (!r) throw new Error(`the corpus no longer has '${BEFORE}' in ${GUEST}`);
  return { n: r.seq, step: r.step, label: recs.steps[r.step].label };
}

describe('trace comparison finds a changed instruction', () => {
  test('an overlay tree with one instruction changed diverges where that instruction first runs', () => {
    const source = corpusTree().read(GUEST)!;
    expect(source).toContain(BEFORE);
    const tree = new OverlayTree(corpusTree(), new Map([[GUEST, source.replace(BEFORE, AFTER)]]));
    const run = runScenario(corpusSession({ tree, label: 'corpus with one instruction changed' }), builtinScenario('exits'), { trace: true });
    const header = corpusTraceHeader('exits', 'original');
    const fresh = traceLines(runRecords(run), header).slice(1);
    const golden = parseTrace(readFileSync(goldenPath, 'utf8'), goldenPath);
    const expected = firstExecution();
    const at = divergenceInstruction(golden, fresh);
    expect(at).toEqual({ n: expected.n, step: `scenario step ${expected.step + 1} (${expected.label})` });
    const result = compareTrace(golden, header, fresh, goldenPath);
    expect(result.match).toBe(false);
    if (result.match) return;
    expect(result.report).toContain(`first divergence: instruction ${expected.n} in scenario step ${expected.step + 1}`);
    expect(result.report).toMatch(/the instruction at guest_compute\+0x[0-9a-f]+ changed: golden `eor x22, x22, x22, lsr ?#13`/);
    expect(result.report).toMatch(/^before \(the same in both\):$/m);
    expect(result.report).toMatch(/^golden:\n>/m);
    expect(result.report).toMatch(/^now:\n>/m);
  });

  test('hypsim trace --patch … --check exits 1 and names the step', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hypsim-check-'));
    const source = corpusTree().read(GUEST)!.split('\n');
    const line = source.findIndex((l) => l.includes(BEFORE)) + 1;
    const patch = [`--- a/${GUEST}`, `+++ b/${GUEST}`, `@@ -${line},1 +${line},1 @@`, `-${source[line - 1]}`, `+${source[line - 1].replace(BEFORE, AFTER)}`, ''].join('\n');
    writeFileSync(join(dir, 'one-insn.patch'), patch);
    const r = await cli(['trace', '--scenario', 'exits', '--patch', join(dir, 'one-insn.patch'), '--check', goldenPath, '--context', '2']);
    expect(r.code).toBe(1);
    const expected = firstExecution();
    expect(r.out).toContain(`first divergence: instruction ${expected.n} in scenario step ${expected.step + 1} (${expected.label})`);
    expect(r.out).toContain('variant: golden "original", now "+one-insn.patch"');
  });

  test('the same trace matches; a different scenario is reported from the header', async () => {
    const ok = await cli(['trace', '--scenario', 'exits', '--check', goldenPath]);
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(/^matches golden \(\d+ steps\): \d+ instructions in 8 scenario steps/);
    const other = await cli(['trace', '--scenario', 'round-trip', '--check', goldenPath]);
    expect(other.code).toBe(1);
    expect(other.out).toContain('scenario: golden "exits", now "round-trip"');
  });
});
