// A patched tree without touching the user's: a directory of symlinks into the tree, with the
// patched files as real files. The top Makefile is copied, because kbuild takes the source tree's
// location from the real path of the Makefile it was started with.
import { copyFileSync, mkdirSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const SKIPPED = new Set(['.git']);

function mirror(tree: string, dest: string, rel: string): void {
  mkdirSync(join(dest, rel), { recursive: true });
  for (const ent of readdirSync(join(tree, rel), { withFileTypes: true })) {
    if (SKIPPED.has(ent.name)) continue;
    const path = rel === '' ? ent.name : `${rel}/${ent.name}`;
    if (ent.isDirectory()) mirror(tree, dest, path);
    else symlinkSync(join(tree, path), join(dest, path));
  }
}

export function buildOverlay(tree: string, dest: string, patch: ReadonlyMap<string, string | null>): void {
  rmSync(dest, { recursive: true, force: true });
  mirror(tree, dest, '');
  rmSync(join(dest, 'Makefile'), { force: true });
  copyFileSync(join(tree, 'Makefile'), join(dest, 'Makefile'));
  for (const [path, content] of patch) {
    const full = join(dest, path);
    rmSync(full, { force: true });
    if (content === null) continue;
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, content, 'latin1');
  }
}
