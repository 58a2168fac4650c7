// `npm run screenshot`: the README's picture of the diff page — `hypsim diff --html` on the
// built-in corpus, opened in Debian's chromium, the top of the page, quantised to a small PNG
// (docs/diff-page.png).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import sharp from 'sharp';
import { main } from '../src/cli/main.js';
import { packageRoot } from '../src/tree/corpus.js';
import { chromiumPath, launchChromium } from '../test/helpers/browser.js';

const OUT = join(packageRoot(), 'docs', 'diff-page.png');
const VIEW = { width: 1280, height: 1240 };

async function run(): Promise<number> {
  const chromium = chromiumPath();
  if (!chromium) {
    process.stderr.write('screenshot: chromium is missing (apt-get install chromium)\n');
    return 1;
  }
  const dir = mkdtempSync(join(tmpdir(), 'hypsim-shot-'));
  const file = join(dir, 'diff.html');
  const silent = { out: () => {}, err: (t: string) => void process.stderr.write(t), interactive: false };
  if ((await main(['diff', '--html', file], silent)) !== 0) return 1;
  const browser = await launchChromium(chromium);
  try {
    const page = await browser.page(VIEW);
    await page.goto(pathToFileURL(file).href);
    const png = await page.screenshot({ clip: { x: 0, y: 0, ...VIEW } });
    if (browser.problems.length) throw new Error(browser.problems.join('\n'));
    const small = await sharp(png).png({ palette: true, colours: 16, dither: 0, compressionLevel: 9, effort: 10 }).toBuffer();
    writeFileSync(OUT, small);
    process.stderr.write(`screenshot: wrote ${OUT} (${small.length} bytes, from ${png.length})\n`);
    return 0;
  } finally {
    await browser.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

process.exitCode = await run();
