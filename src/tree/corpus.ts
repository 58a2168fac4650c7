// The built-in corpus: hypsim's own hyp-style world switch under asm/, shipped with the package.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DiskTree, type SourceTree } from './source-tree.js';

let cachedRoot: string | undefined;

/** The directory holding hypsim's package.json (works from src/ under vitest and from dist/). */
export function packageRoot(): string {
  if (cachedRoot) return cachedRoot;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && JSON.parse(readFileSync(pkg, 'utf8')).name === 'hypsim') return (cachedRoot = dir);
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find the hypsim package root');
    dir = parent;
  }
}

export const CORPUS_INCLUDE_DIRS = ['asm/include'];

/** The corpus as a tree rooted at the package, so paths read `asm/hyp/switch.S`. */
export function corpusTree(): SourceTree {
  return new DiskTree(packageRoot(), 'hypsim corpus');
}
