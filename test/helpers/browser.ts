// Debian's chromium driven by playwright-core, for the HTML report's browser test and the README
// screenshot. The browser is never downloaded: it is /usr/bin/chromium (or HYPSIM_CHROMIUM),
// started headless with a fresh profile and no background networking; every request that is not
// a file:// URL is aborted and recorded, and every console error or page error is recorded.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/** The chromium binary, or undefined when there is none. */
export function chromiumPath(): string | undefined {
  const given = process.env.HYPSIM_CHROMIUM;
  if (given) return existsSync(given) ? given : undefined;
  if (existsSync('/usr/bin/chromium')) return '/usr/bin/chromium';
  try {
    return execFileSync('sh', ['-c', 'command -v chromium'], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

export interface Browser {
  readonly context: BrowserContext;
  /** A new page whose console errors, page errors and non-file requests land in `problems`. */
  page(viewport?: { width: number; height: number }): Promise<Page>;
  readonly problems: string[];
  close(): Promise<void>;
}

export async function launchChromium(executablePath: string): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'hypsim-chromium-'));
  const context = await chromium.launchPersistentContext(profile, { executablePath, args: CHROMIUM_FLAGS, headless: true });
  const problems: string[] = [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith('file:')) return route.continue();
    problems.push(`network request: ${url}`);
    return route.abort();
  });
  return {
    context,
    problems,
    async page(viewport = { width: 1280, height: 900 }) {
      const page = await context.newPage();
      await page.setViewportSize(viewport);
      page.on('console', (m) => m.type() === 'error' && problems.push(`console error: ${m.text()}`));
      page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
      return page;
    },
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
