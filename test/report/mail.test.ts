// The mail summary on every built-in scenario, equivalent or not: ASCII only, at most 72 columns
// (tabs as 8), one meaning for "per guest entry+exit" in every format, and a signature with the
// version and the command that reproduces it.
import { describe, expect, test } from 'vitest';
import { VERSION } from '../../src/cli/version.js';
import { builtinScenarioNames } from '../../src/kvm/scenario.js';
import { computeCounts } from '../../src/report/counts.js';
import { MAIL_COLUMNS, columns, mailText } from '../../src/report/mail.js';
import { cli, corpusRun } from './helpers.js';

function checkMail(text: string, command: string): void {
  for (const line of text.split('\n')) {
    expect(line, line).toMatch(/^[\x00-\x7f]*$/);
    expect(columns(line), line).toBeLessThanOrEqual(MAIL_COLUMNS);
  }
  const [, sig] = text.split('\n-- \n');
  const [head, ...cmd] = sig.trimEnd().split('\n');
  expect(head).toBe(`Figures from hypsim ${VERSION}, made by:`);
  expect(cmd.join('\n').replace(/ \\\n    /g, ' ')).toBe(`hypsim ${command}`);
}

describe.each(builtinScenarioNames())('mail summary of %s', (scenario) => {
  test.each(['move-to-load-put', 'lazy'])('diff against %s', async (variant) => {
    const args = ['diff', '--scenario', scenario, '--variant', 'original', '--variant', variant, '--format', 'mail'];
    const r = await cli(args);
    expect([0, 3]).toContain(r.code);
    checkMail(r.out, args.join(' '));
    const a = computeCounts(corpusRun(scenario, 'original')).totals;
    expect(r.out).toContain(`per guest entry+exit: ${String(Number.isInteger(a.perRun.switchInstructions) ? a.perRun.switchInstructions : a.perRun.switchInstructions.toFixed(1)).padStart(6)}  insns`);
  });

  test('count', async () => {
    const args = ['count', '--scenario', scenario, '--format', 'mail'];
    checkMail((await cli(args)).out, args.join(' '));
  });
});

test('per guest entry + exit means host and hypervisor instructions in text, csv and mail alike', async () => {
  const t = computeCounts(corpusRun('exits', 'original')).totals;
  expect(t.perRun.switchInstructions).toBeLessThan(t.perRun.instructions);
  const figure = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(1));
  expect((await cli(['count', '--scenario', 'exits'])).out).toContain(`the guest's own left out): ${figure(t.perRun.switchInstructions)} instructions`);
  expect((await cli(['count', '--scenario', 'exits', '--format', 'csv'])).out).toContain(`totals,exits,instructions per guest entry,${figure(t.perRun.switchInstructions)}`);
  expect((await cli(['count', '--scenario', 'exits', '--format', 'mail'])).out).toContain(`per guest entry+exit:  ${figure(t.perRun.switchInstructions)}`);
});

test('mailText: non-ASCII replaced, long lines wrapped at spaces, a word longer than a line cut', () => {
  const out = mailText([`step 4 run (compute 4) → hvc: ${'word '.repeat(30)}`, `\t${'x'.repeat(100)}`]).split('\n');
  for (const l of out) expect(columns(l)).toBeLessThanOrEqual(72);
  expect(out[0]).toContain('->');
});
