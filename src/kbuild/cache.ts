// Where a tree's kbuild output lives: one directory per (tree, config, patch) under hypsim's cache,
// `$XDG_CACHE_HOME/hypsim` (default `~/.cache/hypsim`) or the user's --build-dir.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, join } from 'node:path';

/** Bump when the layout of a cache entry changes, so old entries are not misread. */
const CACHE_FORMAT = 1;

export function cacheRoot(buildDir?: string): string {
  if (buildDir !== undefined) return buildDir;
  const base = process.env.XDG_CACHE_HOME && process.env.XDG_CACHE_HOME !== '' ? process.env.XDG_CACHE_HOME : join(homedir(), '.cache');
  return join(base, 'hypsim');
}

export const sha256 = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');

export interface BuildKey {
  /** Real path of the source tree. */
  readonly tree: string;
  /** Content of the user's .config, or undefined for defconfig. */
  readonly config?: string;
  /** The patched files (tree-relative path → content, null when deleted), or none. */
  readonly patch?: ReadonlyMap<string, string | null>;
}

function patchDigest(patch: ReadonlyMap<string, string | null>): string {
  const entries = [...patch.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return sha256(JSON.stringify(entries));
}

export function buildKeyDigest(key: BuildKey): string {
  return sha256(JSON.stringify({
    format: CACHE_FORMAT,
    tree: key.tree,
    config: key.config === undefined ? 'defconfig' : sha256(key.config),
    patch: key.patch === undefined || key.patch.size === 0 ? null : patchDigest(key.patch),
  }));
}

export interface CacheEntry {
  readonly dir: string;
  /** kbuild's O= directory. */
  readonly buildDir: string;
  /** The patched tree (a copy of symlinks into the tree), when there is a patch. */
  readonly overlayDir: string;
  readonly logDir: string;
  readonly stateFile: string;
}

export function cacheEntry(root: string, key: BuildKey): CacheEntry {
  const patched = key.patch !== undefined && key.patch.size > 0;
  const dir = join(root, 'kbuild', `${basename(key.tree)}${patched ? '-patched' : ''}-${buildKeyDigest(key).slice(0, 12)}`);
  return { dir, buildDir: join(dir, 'build'), overlayDir: join(dir, 'src'), logDir: join(dir, 'logs'), stateFile: join(dir, 'state.json') };
}

/** What has been done in a cache entry; each step is redone when its record is missing. */
export interface BuildState {
  configured?: boolean;
  prepared?: boolean;
  built?: boolean;
  overlay?: boolean;
}

export function readState(entry: CacheEntry): BuildState {
  try {
    return JSON.parse(readFileSync(entry.stateFile, 'utf8')) as BuildState;
  } catch {
    return {};
  }
}

export function writeState(entry: CacheEntry, state: BuildState): void {
  mkdirSync(entry.dir, { recursive: true });
  writeFileSync(entry.stateFile, `${JSON.stringify(state, null, 2)}\n`);
}
