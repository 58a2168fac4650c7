// The `hypsim` command as one bundle in a temporary directory (esbuild, as `npm run build` makes
// it), for tests that need a real process: pipes, signals, standard input.
import { build } from 'esbuild';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from './oracles.js';
// @ts-expect-error: a build script in plain JavaScript
import { esbuildClientPlugin } from '../../scripts/client-bundle.mjs';

let bundled: Promise<string> | undefined;

export function hypsimBundle(): Promise<string> {
  bundled ??= (async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'hypsim-bundle-')), 'hypsim.mjs');
    await build({
      absWorkingDir: repoRoot, entryPoints: ['src/cli/bin.ts'], outfile: out, bundle: true, platform: 'node', format: 'esm', target: 'node20', logLevel: 'warning', plugins: [esbuildClientPlugin],
      banner: { js: "import { createRequire as __hypsimCreateRequire } from 'node:module'; const require = __hypsimCreateRequire(import.meta.url);" },
    });
    return out;
  })();
  return bundled;
}
