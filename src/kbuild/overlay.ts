// A patched tree without touching the user's: a directory in the cache whose entries are
// symlinks into the tree, except along the paths to patched files, which are real directories
// holding the patched files as real files. The top Makefile is copied, because kbuild takes the
// source tree's location from the real path of the Makefile it was started with.
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';

const SKIPPED = new Set(['.git']);

/** '' and every ancestor directory of each patched path. */
function directoriesToCopy(patch: ReadonlyMap<string, string | null>): Set<string> {
  const dirs = new Set<string>(['']);
  for (const path of patch.keys()) {
    for (let d = posix.dirname(path); d !== '.' && d !== ''; d = posix.dirname(d)) dirs.add(d);
  }
  return dirs;
}

function mirror(tree: string, dest: string, rel: string, real: ReadonlySet<string>, patch: ReadonlyMap<string, string | null>): void {
  mkdirSync(join(dest, rel), { recursive: true });
  if (!existsSync(join(tree, rel))) return;
  for (const ent of readdirSync(join(tree, rel), { withFileTypes: true })) {
    if (SKIPPED.has(ent.name)) continue;
    const path = rel === '' ? ent.name : `${rel}/${ent.name}`;
    if (patch.has(path)) continue;
    if (ent.isDirectory() && real.has(path)) mirror(tree, dest, path, real, patch);
    else symlinkSync(join(tree, path), join(dest, path));
  }
}

export function buildOverlay(tree: string, dest: string, patch: ReadonlyMap<string, string | null>): void {
  rmSync(dest, { recursive: true, force: true });
  const real = directoriesToCopy(patch);
  mirror(tree, dest, '', real, patch);
  if (!patch.has('Makefile')) {
    rmSync(join(dest, 'Makefile'), { force: true });
    copyFileSync(join(tree, 'Makefile'), join(dest, 'Makefile'));
  }
  for (const [path, content] of patch) {
    if (content === null) continue;
    const full = join(dest, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, content, 'latin1');
  }
}
