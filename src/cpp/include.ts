// Finding included files (-nostdinc semantics: only the directories we are given) and spotting
// include guards so a guarded header is not re-read once its guard macro is defined.
import { dirname, joinPath, normalizePath } from '../tree/source-tree.js';
import type { LexedFile, SourceLine } from './lexer.js';

/** Where the including file was found: an index into the include dirs, or one of these. */
export const FOUND_BESIDE_INCLUDER = -1;
export const NOT_SEARCHED = -2;

export interface IncludeRequest {
  readonly name: string;
  readonly angled: boolean;
  readonly next: boolean;
  /** Tree-relative path of the including file. */
  readonly from: string;
  /** How the including file was found (for #include_next). */
  readonly fromDir: number;
}

export interface Candidate {
  readonly dir: string;
  readonly dirIndex: number;
}

/** The directories to try, in order. */
export function searchPath(req: IncludeRequest, includeDirs: readonly string[]): Candidate[] {
  const dirs = includeDirs.map((dir, dirIndex) => ({ dir, dirIndex }));
  if (req.next && req.fromDir >= 0) return dirs.slice(req.fromDir + 1);
  if (req.next && req.fromDir === FOUND_BESIDE_INCLUDER) return dirs;
  if (req.angled) return dirs;
  return [{ dir: dirname(req.from), dirIndex: FOUND_BESIDE_INCLUDER }, ...dirs];
}

export function candidatePath(c: Candidate, name: string, spelling: 'normalized' | 'gcc' = 'normalized'): string {
  if (spelling === 'gcc') return name.startsWith('/') || c.dir === '' ? name : `${c.dir.replace(/\/+$/, '')}/${name}`;
  return name.startsWith('/') ? normalizePath(name) : joinPath(c.dir, name);
}

export function describeSearchPath(candidates: readonly Candidate[]): string {
  return candidates.map((c) => (c.dir === '' ? '.' : c.dir)).join(', ');
}

const directiveName = (l: SourceLine) => l.directiveName;

/** `#ifndef X` or `#if !defined X` / `#if !defined(X)` opening a file: the guard macro X. */
function guardOpening(l: SourceLine): string | undefined {
  const name = directiveName(l);
  if (name !== 'ifndef' && name !== 'if') return undefined;
  const tokens = l.tokens();
  const t = tokens.map((x) => x.text);
  if (name === 'ifndef' && t.length === 3 && tokens[2].kind === 'name') return t[2];
  if (name !== 'if' || t[2] !== '!' || t[3] !== 'defined') return undefined;
  if (t.length === 5 && tokens[4].kind === 'name') return t[4];
  if (t.length === 7 && t[4] === '(' && t[6] === ')' && tokens[5].kind === 'name') return t[5];
  return undefined;
}

const OPENS = new Set(['if', 'ifdef', 'ifndef']);

/**
 * The include guard of a file whose whole content is one `#ifndef X … #endif` group with no
 * `#else`/`#elif` at the outer level, or undefined.
 */
export function findIncludeGuard(file: LexedFile): string | undefined {
  const lines = file.lines;
  if (lines.length < 2) return undefined;
  const guard = guardOpening(lines[0]);
  if (guard === undefined || directiveName(lines[lines.length - 1]) !== 'endif') return undefined;
  let depth = 0;
  for (let i = 0; i < lines.length; i++) {
    const name = directiveName(lines[i]);
    if (OPENS.has(name)) depth++;
    else if (name === 'endif') depth--;
    else if (depth === 1 && name.startsWith('el')) return undefined;
    if (depth === 0 && i < lines.length - 1) return undefined;
  }
  return depth === 0 ? guard : undefined;
}
