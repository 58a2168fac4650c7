// hypsim diff: the default job (npm start), its formats, the trace alignment and the state diff.
import { describe, expect, test } from 'vitest';
import { compareRuns } from '../../src/kvm/verdict.js';
import { alignRuns, alignmentText } from '../../src/report/trace-align.js';
import { DIFF_CSV_HEADER } from '../../src/report/count-diff.js';
import { cli, corpusRun } from './helpers.js';

const MOVED = ['__save_fpsimd', '__restore_fpsimd', '__fpsimd_save_ctxt', '__fpsimd_restore_ctxt'];

describe('hypsim diff', () => {
  test('main([]) — the npm start job — names the FP/SIMD work that moved and reports equivalent', async () => {
    const r = await cli([]);
    expect(r.code).toBe(0);
    const moved = r.out.slice(r.out.indexOf('Work that moved:'));
    for (const fn of MOVED) expect(moved).toContain(fn);
    expect(r.out).toMatch(/- __save_fpsimd: \d+ instructions in A/);
    expect(r.out).toMatch(/\+ __fpsimd_save_ctxt: \d+ instructions in B/);
    expect(r.out).toMatch(/Verdict: equivalent/);
    expect(r.out).toMatch(/Per guest entry \+ exit \(average of 6 runs; host and hypervisor instructions, the guest.s own left out\)/);
    expect(r.out).toMatch(/Instructions per function that changed:/);
    expect(r.out).toMatch(/Memory bytes per field group that changed:\n.*\n.*\nFP\/SIMD registers/);
  });

  test('--format mail: the before/after block, what moved and the verdict, under 72 columns', async () => {
    const r = await cli(['diff', '--format', 'mail']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Without this patch \(corpus \(original\)\):\n\tper guest entry\+exit: +[\d.]+ +insns +\d+ bytes/m);
    expect(r.out).toMatch(/^With this patch \(corpus \(move-to-load-put\)\):/m);
    for (const fn of MOVED) expect(r.out).toContain(fn);
    expect(r.out).toMatch(/^Same state: yes/m);
    for (const line of r.out.split('\n')) expect(line.replace(/\t/g, '        ').length).toBeLessThanOrEqual(72);
  });

  test('--format json, csv and md', async () => {
    const json = JSON.parse((await cli(['diff', '--format', 'json'])).out);
    expect(json.format).toBe('hypsim-counts-diff');
    expect(json.verdict.equivalent).toBe(true);
    expect(json.moved.map((m: { name: string }) => m.name).sort()).toEqual([...MOVED].sort());
    const csv = (await cli(['diff', '--format', 'csv'])).out.trim().split('\n');
    expect(csv[0]).toBe(DIFF_CSV_HEADER.join(','));
    expect(csv).toContain('function,__save_fpsimd,instructions,264,0,-264,-100.0');
    const md = (await cli(['diff', '--format', 'md'])).out;
    expect(md).toMatch(/^\| function \| A instructions \| B instructions \| delta \| % \|/m);
  });

  test('--trace-diff prints removed/added blocks with their source origins, and repeats are folded', async () => {
    const r = await cli(['diff', '--trace-diff', '--context', '1']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^ {2}- 22 insns __save_fpsimd \(.*fpsimd_save @ asm\/hyp\/switch\.S:\d+/m);
    expect(r.out).toMatch(/^ {2}- 24 insns __restore_fpsimd \(/m);
    expect(r.out).toMatch(/^ {2}\+ 22 insns __fpsimd_save_ctxt \(/m);
    expect(r.out).toMatch(/^ {2}- 1 insn {2}__hyp_vcpu_run\+0x[0-9a-f]+: bl __save_fpsimd/m);
    expect(r.out).toMatch(/the same changes as step 2/);
    const wide = await cli(['diff', '--trace-diff', '--context', '5']);
    expect(wide.out.split('\n').length).toBeGreaterThan(r.out.split('\n').length);
  });

  test('the alignment keeps every instruction of both runs exactly once', () => {
    const a = corpusRun('exits', 'original');
    const b = corpusRun('exits', 'lazy');
    for (const s of alignRuns(a, b)) {
      expect(s.entries.filter((e) => e.op !== '+').length).toBe(s.aCount);
      expect(s.entries.filter((e) => e.op !== '-').length).toBe(s.bCount);
    }
    expect(alignmentText(alignRuns(a, b), 0).join('\n')).toContain('__fpsimd_guest_restore');
  });

  test('the state diff of the hazard names the point and the field paths', async () => {
    const r = await cli(['diff', '--scenario', 'fpsimd-hazard']);
    expect(r.code).toBe(3);
    expect(r.out).toMatch(/^State diff step \d+ .*: guest at exit:\nfield +A +B/m);
    expect(r.out).toMatch(/^guest\.v0 +0x[0-9a-f]+ +0x[0-9a-f]+$/m);
    const verdict = compareRuns(corpusRun('fpsimd-hazard', 'original'), corpusRun('fpsimd-hazard', 'move-to-load-put'));
    expect(verdict.equivalent).toBe(false);
    const json = JSON.parse((await cli(['diff', '--scenario', 'fpsimd-hazard', '--format', 'json'])).out);
    expect(json.verdict.points.reduce((n: number, p: { differences: unknown[] }) => n + p.differences.length, 0)).toBe(verdict.differences.length);
  });
});
