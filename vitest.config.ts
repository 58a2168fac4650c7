import { defineConfig } from 'vitest/config';
// The HTML report client script as a module (shared with scripts/build.mjs).
import { viteClientPlugin } from './scripts/client-bundle.mjs';

export default defineConfig({
  plugins: [viteClientPlugin],
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 300_000,
    pool: 'forks',
  },
});
