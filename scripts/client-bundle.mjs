// The HTML report's client script (src/report/html/client/) bundled by esbuild into one string,
// served to the page builder as the module `virtual:hypsim-html-client`: by an esbuild plugin in
// scripts/build.mjs, and by a Vite plugin in vitest.config.ts.
import { build } from 'esbuild';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CLIENT_MODULE = 'virtual:hypsim-html-client';
const root = join(dirname(fileURLToPath(import.meta.url)), '..');

export async function bundleClient() {
  const result = await build({
    absWorkingDir: root,
    entryPoints: ['src/report/html/client/main.ts'],
    bundle: true,
    write: false,
    minify: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    legalComments: 'none',
    charset: 'utf8',
    logLevel: 'warning',
  });
  return result.outputFiles[0].text.replace(/<\/script/gi, '<\\/script');
}

export const moduleSource = async () => `export default ${JSON.stringify(await bundleClient())};`;

/** For esbuild (scripts/build.mjs). */
export const esbuildClientPlugin = {
  name: 'hypsim-html-client',
  setup(b) {
    b.onResolve({ filter: /^virtual:hypsim-html-client$/ }, () => ({ path: CLIENT_MODULE, namespace: 'hypsim-client' }));
    b.onLoad({ filter: /.*/, namespace: 'hypsim-client' }, async () => ({ contents: await moduleSource(), loader: 'js' }));
  },
};

/** For Vite/Vitest (vitest.config.ts). */
export const viteClientPlugin = {
  name: 'hypsim-html-client',
  resolveId: (id) => (id === CLIENT_MODULE ? `\0${CLIENT_MODULE}` : undefined),
  load: (id) => (id === `\0${CLIENT_MODULE}` ? moduleSource() : undefined),
};
