// The HTML report in a real browser (Debian's chromium through playwright-core): the built-in
// diff page and a sweep page opened from disk, their content and interactions checked, no
// console error and no network request, and a screenshot of each under test-output/html/.
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { movedWork } from '../../src/report/count-diff.js';
import { computeCounts } from '../../src/report/counts.js';
import { num, percent, signed } from '../../src/report/table.js';
import { chromiumPath, launchChromium, type Browser } from '../helpers/browser.js';
import { repoRoot, requireOracles } from '../helpers/oracles.js';
import { cli, corpusRun } from './helpers.js';

const chromium = chromiumPath();
if (!chromium) {
  if (requireOracles) throw new Error('HYPSIM_REQUIRE_ORACLES=1 but chromium is missing (apt-get install chromium)');
  console.warn('skipping the HTML browser test: chromium is missing (apt-get install chromium)');
}

const shots = join(repoRoot, 'test-output', 'html');
const dir = mkdtempSync(join(tmpdir(), 'hypsim-html-'));
const diffFile = join(dir, 'diff.html');
const sweepFile = join(dir, 'sweep.html');

describe.skipIf(!chromium)('the HTML report in chromium', () => {
  let browser: Browser;

  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    expect((await cli(['diff', '--html', diffFile])).code).toBe(0);
    expect((await cli(['sweep', '--runs', '1,10', '--fp-use', '0,0.5,1', '--html', sweepFile])).code).toBe(0);
    browser = await launchChromium(chromium!);
  });

  afterAll(async () => {
    await browser?.close();
  });

  test('the diff page: moved functions, the round-trip delta, sorting, trace alignment, source counts, copy', async () => {
    const page = await browser.page();
    await page.goto(pathToFileURL(diffFile).href);

    const [a, b] = [corpusRun('exits', 'original'), corpusRun('exits', 'move-to-load-put')];
    const [ca, cb] = [computeCounts(a), computeCounts(b)];
    const moved = movedWork(a, ca, b, cb);
    expect(moved.length).toBeGreaterThan(0);
    const movedText = await page.locator('#moved-table').innerText();
    for (const m of moved) expect(movedText).toContain(m.name);
    const [ra, rb] = [ca.totals.perRun.switchInstructions, cb.totals.perRun.switchInstructions];
    expect(await page.locator('#round-trip-delta').innerText()).toContain(`${signed(Number(num(rb - ra)))} (${percent(rb - ra, ra)})`);
    await expect.poll(() => page.locator('.verdict').innerText()).toMatch(/Equivalent/);

    // Sorting: by A instructions, descending, then ascending.
    const table = page.locator('#functions-table');
    const header = table.locator('thead button.sort', { hasText: 'A instructions' });
    await header.click();
    const fnRows = ca.sections.find((s) => s.id === 'function')!.rows;
    expect(await table.locator('tbody tr').first().locator('th').innerText()).toContain(fnRows[0].key);
    expect(await table.locator('th[aria-sort]').getAttribute('aria-sort')).toBe('descending');
    await header.click();
    expect(await table.locator('th[aria-sort]').getAttribute('aria-sort')).toBe('ascending');
    const firstA = Number(await table.locator('tbody tr').first().locator('td').first().getAttribute('data-v'));
    expect(firstA).toBe(Math.min(...fnRows.map((r) => r.values[0]), 0));

    // The trace alignment of step 2: removed stretches marked, the collapsed runs unfold a page at a time.
    const step = page.locator('#trace-step-2');
    await step.locator('.step-head button').click();
    await expect.poll(() => step.locator('tr.stretch.del').count()).toBeGreaterThan(0);
    expect(await step.locator('tr.stretch.del').first().innerText()).toMatch(/__save_fpsimd|__restore_fpsimd/);
    expect(await page.locator('#trace-step-3').innerText()).toContain('the same changes as step 2');
    const gaps = step.locator('tr.gap button');
    const before = await step.locator('tbody tr').count();
    await gaps.first().click();
    expect(await step.locator('tbody tr').count()).toBeGreaterThan(before);
    expect(await step.locator('tbody tr').count()).toBeLessThanOrEqual(200);

    // The source view shows counts; a click on a function jumps to its lines.
    const counts = await page.locator('#source-table td.count').allInnerTexts();
    expect(counts.some((c) => Number(c) > 0)).toBe(true);
    await page.locator('#functions-table a[data-jump="fn:__save_fpsimd"]').click();
    expect(await page.locator('#source-file option:checked').innerText()).toContain('asm/hyp/switch.S');
    const target = page.locator('#source-table tr.target');
    await expect.poll(() => target.count()).toBe(1);
    expect(Number(await target.locator('td.count').first().innerText())).toBe(fnRows.find((r) => r.key === '__save_fpsimd')!.values[1]);
    const fold = page.locator('#source-table tr.target + tr button.fold');
    await fold.click();
    await expect.poll(() => page.locator('#source-table tr.exp').count()).toBeGreaterThan(1);

    await page.locator('#copy-mail').click();
    await expect.poll(() => page.locator('#copy-status').innerText()).not.toBe('');
    expect(await page.locator('#mail-text').innerText()).toContain('Per guest entry+exit');

    await page.evaluate('window.scrollTo(0, 0)');
    await page.screenshot({ path: join(shots, 'diff.png'), fullPage: true });
    expect(browser.problems).toEqual([]);
  });

  test('the sweep page: one panel per runs value, crossovers marked and listed', async () => {
    const page = await browser.page();
    await page.goto(pathToFileURL(sweepFile).href);
    for (const runs of [1, 10]) expect(await page.locator(`#panel-${runs} svg polyline`).count()).toBe(3);
    const rings = await page.locator('g.crossover').count();
    expect(rings).toBeGreaterThan(0);
    expect(await page.locator('ol.crossings li').count()).toBe(rings);
    expect(await page.locator('ol.crossings').first().innerText()).toMatch(/lazy/);
    await page.locator('#sweep-cells thead button.sort', { hasText: 'insns/trip' }).click();
    const first = await page.locator('#sweep-cells tbody tr').first().locator('td').nth(3).getAttribute('data-v');
    const all = await page.locator('#sweep-cells tbody tr td:nth-child(5)').evaluateAll((tds) => tds.map((td) => Number(td.getAttribute('data-v'))));
    expect(Number(first)).toBe(Math.max(...all));
    await page.screenshot({ path: join(shots, 'sweep.png'), fullPage: true });
    expect(browser.problems).toEqual([]);
  });
});
