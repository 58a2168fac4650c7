// Bundles the CLI (and the bench runner) into dist/ with esbuild; the HTML report's client
// script is bundled first and embedded as a string (scripts/client-bundle.mjs).
// --if-stale skips the build when every bundle is newer than every file under src/.
import { build } from 'esbuild';
import { readdirSync, statSync, existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { esbuildClientPlugin } from './client-bundle.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const entries = { hypsim: 'src/cli/bin.ts', bench: 'scripts/bench.ts', 'golden-update': 'scripts/golden-update.ts', 'fuzz-qemu': 'scripts/fuzz-qemu.ts', screenshot: 'scripts/screenshot.ts' };

function newestUnder(dir) {
  let newest = 0;
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const st = statSync(path);
    newest = Math.max(newest, st.isDirectory() ? newestUnder(path) : st.mtimeMs);
  }
  return newest;
}

function isStale() {
  const extra = ['scripts/bench-machine.ts', 'test/machine/qemu-oracle.ts', 'test/helpers/browser.ts', 'scripts/client-bundle.mjs'];
  const sources = Math.max(newestUnder(join(root, 'src')), ...[...Object.values(entries), ...extra].map((e) => statSync(join(root, e)).mtimeMs));
  return Object.keys(entries).some((name) => {
    const out = join(root, 'dist', `${name}.mjs`);
    return !existsSync(out) || statSync(out).mtimeMs < sources;
  });
}

if (!process.argv.includes('--if-stale') || isStale()) {
  await build({
    absWorkingDir: root,
    entryPoints: Object.fromEntries(Object.entries(entries).map(([k, v]) => [k, v])),
    outdir: 'dist',
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: false,
    logLevel: 'warning',
    plugins: [esbuildClientPlugin],
    // Dev tools of the screenshot script, never part of the CLI.
    external: ['playwright-core', 'sharp'],
    banner: {
      js: "#!/usr/bin/env node\nimport { createRequire as __hypsimCreateRequire } from 'node:module'; const require = __hypsimCreateRequire(import.meta.url);",
    },
  });
}
