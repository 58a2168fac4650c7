// A source tree: files addressed by tree-relative POSIX paths. Backed by a directory on disk,
// by the built-in corpus, or by an overlay (generated headers, patched files) on top of either.
import { readFileSync, readdirSync, existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

export interface SourceTree {
  /** How to name this tree in reports (never an absolute machine path in golden output). */
  readonly label: string;
  read(path: string): string | undefined;
  exists(path: string): boolean;
  /** The entries of a directory (sub-directories with a trailing `/`), when the tree can list them. */
  list?(dir: string): string[] | undefined;
}

export class DiskTree implements SourceTree {
  readonly root: string;
  constructor(root: string, readonly label = 'tree') {
    this.root = resolve(root);
  }
  read(path: string): string | undefined {
    const full = join(this.root, path);
    try {
      return statSync(full).isFile() ? readFileSync(full, 'latin1') : undefined;
    } catch {
      return undefined;
    }
  }
  exists(path: string): boolean {
    const full = join(this.root, path);
    return existsSync(full) && statSync(full).isFile();
  }
  list(dir: string): string[] | undefined {
    try {
      return readdirSync(join(this.root, dir), { withFileTypes: true }).map((e) => (e.isDirectory() ? `${e.name}/` : e.name)).sort();
    } catch {
      return undefined;
    }
  }
}

export class MemoryTree implements SourceTree {
  constructor(
    private readonly files: ReadonlyMap<string, string>,
    readonly label = 'memory',
  ) {}
  read(path: string): string | undefined {
    return this.files.get(normalizePath(path));
  }
  exists(path: string): boolean {
    return this.files.has(normalizePath(path));
  }
}

/** Files in `overlay` shadow the base tree; a value of null deletes the file. */
export class OverlayTree implements SourceTree {
  constructor(
    readonly base: SourceTree,
    private readonly overlay: ReadonlyMap<string, string | null>,
    readonly label = base.label,
  ) {}
  read(path: string): string | undefined {
    const p = normalizePath(path);
    if (this.overlay.has(p)) return this.overlay.get(p) ?? undefined;
    return this.base.read(p);
  }
  exists(path: string): boolean {
    const p = normalizePath(path);
    if (this.overlay.has(p)) return this.overlay.get(p) !== null;
    return this.base.exists(p);
  }
  list(dir: string): string[] | undefined {
    return this.base.list?.(dir);
  }
}

/** Collapses `.`/`..` segments and duplicate slashes; paths stay relative. */
export function normalizePath(path: string): string {
  const out: string[] = [];
  for (const seg of path.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (out.length > 0 && out[out.length - 1] !== '..') out.pop();
      else out.push('..');
    } else out.push(seg);
  }
  return out.join('/');
}

export function dirname(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i);
}

export function joinPath(dir: string, name: string): string {
  return normalizePath(dir === '' ? name : `${dir}/${name}`);
}

/**
 * Files of the host file system named as a compiler run in `cwd` names them: absolute paths, or
 * paths relative to `cwd` (a kbuild output directory), never normalised.
 */
export class HostTree implements SourceTree {
  constructor(
    readonly cwd: string,
    readonly label = 'host',
  ) {}
  read(path: string): string | undefined {
    try {
      const full = resolve(this.cwd, path);
      return statSync(full).isFile() ? readFileSync(full, 'latin1') : undefined;
    } catch {
      return undefined;
    }
  }
  exists(path: string): boolean {
    try {
      return statSync(resolve(this.cwd, path)).isFile();
    } catch {
      return false;
    }
  }
}
