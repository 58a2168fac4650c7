// Applying a unified diff to a source tree in memory. Accepts a plain diff, git format-patch /
// mbox text, and mailing-list archive text whose lines are quoted with "> ". The `diff` package
// parses each file's diff; hunks are then placed one by one the way GNU patch does (exact
// position, else the nearest offset, else fuzz by ignoring outer context lines) so that every
// hunk can be reported as applied, applied with offset/fuzz, or failed. A malformed hunk is an
// error at its line of the patch (`PATCH:LINE:1: error: …`); the placement search is bounded.
import { parsePatch, type StructuredPatch, type StructuredPatchHunk } from 'diff';
import { HypsimError, originAt, type Diagnostic } from '../util/diagnostics.js';
import { OverlayTree, dirname, normalizePath, type SourceTree } from './source-tree.js';

export type HunkStatus = 'applied' | 'offset' | 'fuzz' | 'failed' | 'missing';

export interface HunkReport {
  readonly file: string;
  readonly hunk: number;
  readonly header: string;
  readonly status: HunkStatus;
  /** Lines between where the hunk said it applies and where it did. */
  readonly offset: number;
  readonly fuzz: number;
  /** True when the file takes part in the assembly build (.S, .h, .inc). */
  readonly assembly: boolean;
}

export interface PatchResult {
  readonly tree: SourceTree;
  readonly hunks: readonly HunkReport[];
  readonly created: readonly string[];
  readonly deleted: readonly string[];
  readonly warnings: readonly Diagnostic[];
  /** Subject line of the patch email, when there is one. */
  readonly subject?: string;
  /** Every file the patch changes: tree-relative path → new content, null when deleted. */
  readonly changes: ReadonlyMap<string, string | null>;
}

const MAX_FUZZ = 2;
/** Line comparisons the placement search may make for one patch before it gives up. */
export const PLACEMENT_BUDGET = 20_000_000;

export function isAssemblyPath(path: string): boolean {
  return /\.(S|s|h|inc)$/.test(path);
}

/** Removes mailing-list quoting when the diff itself is quoted. */
export function unquote(text: string): string {
  const lines = text.split(/\r?\n/);
  const quoted = lines.some((l) => /^> (diff --git |--- |\+\+\+ |@@ )/.test(l));
  if (!quoted) return lines.join('\n');
  return lines.map((l) => (l.startsWith('> ') ? l.slice(2) : l === '>' ? '' : l)).join('\n');
}

/** `[PATCH]`, `[RFC PATCH v2 3/7]`, `Re: [PATCH]`… removed from the front of a subject. */
export function stripSubjectPrefix(subject: string): string {
  return subject.replace(/^\s*(?:(?:re|fwd?):\s*)*(?:\[[^\]]*\]\s*)+/i, '').trim();
}

/** The Subject: header, its folded continuation lines joined, the bracketed prefix stripped. */
export function subjectOf(text: string): string | undefined {
  const lines = text.split(/\r?\n/);
  const at = lines.findIndex((l) => /^Subject:/i.test(l));
  if (at >= 0) {
    let subject = lines[at].replace(/^Subject:\s*/i, '');
    for (let i = at + 1; i < lines.length && /^[ \t]+\S/.test(lines[i]); i++) subject += ` ${lines[i].trim()}`;
    return stripSubjectPrefix(subject) || undefined;
  }
  const bracketed = lines.find((l) => /^\[(?:RFC )?PATCH[^\]]*\]\s*\S/.test(l));
  return bracketed ? stripSubjectPrefix(bracketed) : undefined;
}

interface FileBlock {
  readonly text: string;
  /** Line number in the patch of the block's first line. */
  readonly line: number;
}

function malformed(source: string, line: number, message: string): HypsimError {
  return new HypsimError(message, originAt(source, line, 1));
}

/** Cuts each file's `---`/`+++`/hunks out of surrounding mail text, counting hunk lines. */
function fileBlocks(text: string, source: string): FileBlock[] {
  const lines = text.split('\n');
  const blocks: FileBlock[] = [];
  let i = 0;
  while (i < lines.length) {
    if (!(lines[i].startsWith('--- ') && lines[i + 1]?.startsWith('+++ ') && lines[i + 2]?.startsWith('@@ '))) {
      i++;
      continue;
    }
    const start = i;
    const block = [lines[i], lines[i + 1]];
    i += 2;
    while (i < lines.length && lines[i].startsWith('@@ ')) {
      const m = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/.exec(lines[i]);
      if (!m) throw malformed(source, i + 1, `malformed hunk header '${lines[i]}' (expected '@@ -OLD[,COUNT] +NEW[,COUNT] @@')`);
      const counts = [m[2], m[4]].map((c) => (c === undefined ? 1 : Number(c)));
      if (counts.some((c) => !Number.isSafeInteger(c)) || !Number.isSafeInteger(Number(m[1])) || !Number.isSafeInteger(Number(m[3]))) {
        throw malformed(source, i + 1, `hunk header '${lines[i]}' has a number too large`);
      }
      let [oldLeft, newLeft] = counts;
      const header = i;
      block.push(lines[i++]);
      while (i < lines.length && (oldLeft > 0 || newLeft > 0)) {
        const line = lines[i] === '' ? ' ' : lines[i];
        const tag = line[0];
        if (tag === ' ') { oldLeft--; newLeft--; }
        else if (tag === '-') oldLeft--;
        else if (tag === '+') newLeft--;
        else if (tag !== '\\') break;
        if (oldLeft < 0 || newLeft < 0) break;
        block.push(line);
        i++;
      }
      if (oldLeft !== 0 || newLeft !== 0) {
        const [o, n] = counts;
        throw malformed(source, header + 1, `hunk '${lines[header]}' does not match its lines: the header counts ${o} old and ${n} new line(s), the hunk ${oldLeft < 0 || newLeft < 0 ? 'has more' : `ends at line ${i + 1} with ${oldLeft} old and ${newLeft} new line(s) missing`}`);
      }
      if (lines[i]?.startsWith('\\')) block.push(lines[i++]);
    }
    blocks.push({ text: block.join('\n'), line: start + 1 });
  }
  return blocks;
}

/** The `diff` package's parse of one block; its exceptions become errors at the patch line. */
function parseBlock(block: FileBlock, source: string): StructuredPatch {
  try {
    const [patch] = parsePatch(block.text);
    return patch;
  } catch (e) {
    const message = (e as Error).message;
    const at = /line (\d+)/.exec(message);
    throw malformed(source, block.line + (at ? Number(at[1]) - 1 : 0), `malformed patch: ${message.replace(/\s+/g, ' ')}`);
  }
}

function stripPrefix(name: string | undefined): string | undefined {
  if (!name || name === '/dev/null') return undefined;
  const clean = name.replace(/\t.*$/, '').trim();
  return normalizePath(clean.replace(/^[ab]\//, ''));
}

interface Placement {
  readonly at: number;
  readonly fuzz: number;
}

/** Positions of each line's text in the source (built once per file). */
type LineIndex = Map<string, number[]>;

function indexLines(source: readonly string[]): LineIndex {
  const index: LineIndex = new Map();
  source.forEach((l, i) => {
    const list = index.get(l);
    if (list) list.push(i);
    else index.set(l, [i]);
  });
  return index;
}

interface Budget {
  left: number;
  readonly source: string;
}

/**
 * Where a hunk's old lines match, nearest to its stated position first (before it on a tie), with
 * fuzz. Candidates come from the occurrences of the hunk's rarest old line, so the search costs
 * what the candidates cost to verify; `budget` bounds that over the whole patch.
 */
function locate(source: readonly string[], index: LineIndex, hunk: StructuredPatchHunk, expected: number, budget: Budget): Placement | undefined {
  const body = hunk.lines.filter((l) => !l.startsWith('\\'));
  for (let fuzz = 0; fuzz <= MAX_FUZZ; fuzz++) {
    const lead = Math.min(fuzz, leadingContext(body));
    const trail = Math.min(fuzz, leadingContext([...body].reverse()));
    const old = body.slice(lead, body.length - trail).filter((l) => l[0] !== '+').map((l) => l.slice(1));
    const start = expected + lead;
    if (old.length === 0) {
      const at = Math.min(Math.max(start, 0), source.length);
      return { at: at - lead, fuzz };
    }
    let anchor = 0;
    for (let k = 1; k < old.length; k++) if ((index.get(old[k])?.length ?? 0) < (index.get(old[anchor])?.length ?? 0)) anchor = k;
    const candidates = (index.get(old[anchor]) ?? []).map((p) => p - anchor).filter((at) => at >= 0 && at + old.length <= source.length);
    candidates.sort((a, b) => Math.abs(a - start) - Math.abs(b - start) || a - b);
    for (const at of candidates) {
      let k = 0;
      while (k < old.length && source[at + k] === old[k]) k++;
      budget.left -= k + 1;
      if (k === old.length) return { at: at - lead, fuzz };
      if (budget.left < 0) throw new HypsimError(`${budget.source}: placing the hunks needs more than ${PLACEMENT_BUDGET} line comparisons; giving up`, undefined, 'limit');
    }
  }
  return undefined;
}

function leadingContext(lines: readonly string[]): number {
  let n = 0;
  while (n < lines.length && lines[n][0] === ' ') n++;
  return n;
}

/** Replaces the hunk's old lines (from `at`, honouring fuzz at the edges) with its new lines. */
function splice(source: string[], hunk: StructuredPatchHunk, place: Placement): void {
  const body = hunk.lines.filter((l) => !l.startsWith('\\'));
  const lead = Math.min(place.fuzz, leadingContext(body));
  const trail = Math.min(place.fuzz, leadingContext([...body].reverse()));
  const inner = body.slice(lead, body.length - trail);
  const oldCount = inner.filter((l) => l[0] !== '+').length;
  const replacement = inner.filter((l) => l[0] !== '-').map((l) => l.slice(1));
  source.splice(place.at + lead, oldCount, ...replacement);
}

function applyFile(patch: StructuredPatch, source: string, file: string, reports: HunkReport[], budget: Budget): string {
  const lines = source.split('\n');
  let shift = 0;
  let lastOffset = 0;
  patch.hunks.forEach((hunk, idx) => {
    const base = Math.max(hunk.oldStart - 1, 0) + shift;
    const place = locate(lines, indexLines(lines), hunk, base + lastOffset, budget);
    const header = `@@ -${hunk.oldStart},${hunk.oldLines} +${hunk.newStart},${hunk.newLines} @@`;
    const assembly = isAssemblyPath(file);
    if (!place) {
      reports.push({ file, hunk: idx + 1, header, status: 'failed', offset: 0, fuzz: 0, assembly });
      return;
    }
    const offset = place.at - base;
    reports.push({ file, hunk: idx + 1, header, status: place.fuzz > 0 ? 'fuzz' : offset !== 0 ? 'offset' : 'applied', offset, fuzz: place.fuzz, assembly });
    splice(lines, hunk, place);
    shift += hunk.newLines - hunk.oldLines;
    lastOffset = offset;
  });
  return lines.join('\n');
}

/** What the tree has where a missing file was expected: the nearest directory that exists, and its entries. */
function whatTreeHas(tree: SourceTree, file: string): string {
  for (let dir = dirname(file); ; dir = dirname(dir)) {
    const entries = tree.list?.(dir);
    if (entries) {
      const shown = entries.slice(0, 12).join(', ');
      return `${dir === '' ? 'the tree root' : `${dir}/`} has ${entries.length ? `${shown}${entries.length > 12 ? `, … (${entries.length} entries)` : ''}` : 'nothing'}`;
    }
    if (dir === '') return 'the tree cannot be listed';
  }
}

/** Applies `text` to `tree`; failing hunks in assembly files are errors, elsewhere warnings. */
export function applyPatch(tree: SourceTree, text: string, source = 'patch'): PatchResult {
  const unquoted = unquote(text);
  const blocks = fileBlocks(unquoted, source);
  if (blocks.length === 0) throw new HypsimError(`${source}: no unified diff found (expected '--- a/file', '+++ b/file' and '@@' hunks)`);
  const overlay = new Map<string, string | null>();
  const reports: HunkReport[] = [];
  const created: string[] = [];
  const deleted: string[] = [];
  const budget: Budget = { left: PLACEMENT_BUDGET, source };
  for (const block of blocks) {
    const patch = parseBlock(block, source);
    const oldName = stripPrefix(patch.oldFileName);
    const newName = stripPrefix(patch.newFileName);
    if (newName === undefined && oldName !== undefined) {
      overlay.set(oldName, null);
      deleted.push(oldName);
      continue;
    }
    const file = newName ?? oldName!;
    const current = oldName === undefined ? '' : overlay.has(oldName) ? overlay.get(oldName) ?? undefined : tree.read(oldName);
    if (current === undefined) {
      reports.push(...patch.hunks.map((h, i) => ({ file, hunk: i + 1, header: `@@ -${h.oldStart},${h.oldLines} +${h.newStart},${h.newLines} @@`, status: 'missing' as const, offset: 0, fuzz: 0, assembly: isAssemblyPath(file) })));
      continue;
    }
    if (oldName === undefined) created.push(file);
    const result = applyFile(patch, oldName === undefined ? '' : current, file, reports, budget);
    overlay.set(file, oldName === undefined && !result.endsWith('\n') ? `${result}\n` : result);
  }
  const bad = reports.filter((r) => (r.status === 'failed' || r.status === 'missing') && r.assembly);
  if (bad.length > 0) {
    const missing = [...new Set(bad.filter((r) => r.status === 'missing').map((r) => r.file))];
    const failed = bad.filter((r) => r.status === 'failed');
    const expected = [...new Set(reports.map((r) => r.file))];
    const what = [missing.length ? `${missing.length} file(s) it patches are not in the tree` : '', failed.length ? `${failed.length} hunk(s) do not apply` : ''].filter(Boolean).join(' and ');
    throw new HypsimError(`${source}: does not apply to ${tree.label}: ${what}`, undefined, 'input', [
      `the patch expects ${expected.join(', ')}`,
      ...missing.map((f) => `${f}: no such file in ${tree.label}; ${whatTreeHas(tree, f)}`),
      ...failed.map((r) => `${r.file} hunk ${r.hunk} ${r.header}: its context is not in the file (searched the whole file, fuzz up to ${MAX_FUZZ})`),
    ]);
  }
  const warnings: Diagnostic[] = reports
    .filter((r) => r.status === 'failed' || r.status === 'missing')
    .map((r) => ({ severity: 'warning', message: `${source}: ${r.file} hunk ${r.hunk} ${r.header} ${r.status === 'missing' ? 'patches a file the tree does not have' : 'does not apply'} (not part of the assembly build; ignored)` }));
  const subject = subjectOf(text);
  return { tree: new OverlayTree(tree, overlay), hunks: reports, created, deleted, warnings, changes: overlay, ...(subject ? { subject } : {}) };
}

export function formatHunkReport(h: HunkReport): string {
  const how = h.status === 'applied' ? 'applied' : h.status === 'offset' ? `applied with offset ${h.offset > 0 ? '+' : ''}${h.offset}` : h.status === 'fuzz' ? `applied with fuzz ${h.fuzz} (offset ${h.offset})` : h.status === 'missing' ? 'FAILED (no such file)' : 'FAILED';
  return `${h.file} hunk ${h.hunk} ${h.header}: ${how}${h.assembly ? '' : ' (not assembly)'}`;
}
