// Applying a unified diff to a source tree in memory. Accepts a plain diff, git format-patch /
// mbox text, and mailing-list archive text whose lines are quoted with "> ". The `diff` package
// parses each file's diff; hunks are then placed one by one the way GNU patch does (exact
// position, else the nearest offset, else fuzz by ignoring outer context lines) so that every
// hunk can be reported as applied, applied with offset/fuzz, or failed.
import { parsePatch, type StructuredPatch, type StructuredPatchHunk } from 'diff';
import { HypsimError, type Diagnostic } from '../util/diagnostics.js';
import { OverlayTree, normalizePath, type SourceTree } from './source-tree.js';

export type HunkStatus = 'applied' | 'offset' | 'fuzz' | 'failed';

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

function subjectOf(text: string): string | undefined {
  const m = /^Subject:\s*(.+)$/m.exec(text) ?? /^\[(?:RFC )?PATCH[^\]]*\]\s*(.+)$/m.exec(text);
  return m?.[1].trim();
}

/** Cuts each file's `---`/`+++`/hunks out of surrounding mail text, counting hunk lines. */
function fileBlocks(text: string): string[] {
  const lines = text.split('\n');
  const blocks: string[] = [];
  let i = 0;
  while (i < lines.length) {
    if (!(lines[i].startsWith('--- ') && lines[i + 1]?.startsWith('+++ ') && lines[i + 2]?.startsWith('@@ '))) {
      i++;
      continue;
    }
    const block = [lines[i], lines[i + 1]];
    i += 2;
    while (i < lines.length && lines[i].startsWith('@@ ')) {
      const m = /^@@ -\d+(?:,(\d+))? \+\d+(?:,(\d+))? @@/.exec(lines[i]);
      if (!m) break;
      let oldLeft = m[1] === undefined ? 1 : Number(m[1]);
      let newLeft = m[2] === undefined ? 1 : Number(m[2]);
      block.push(lines[i++]);
      while (i < lines.length && (oldLeft > 0 || newLeft > 0)) {
        const line = lines[i] === '' ? ' ' : lines[i];
        const tag = line[0];
        if (tag === ' ') { oldLeft--; newLeft--; }
        else if (tag === '-') oldLeft--;
        else if (tag === '+') newLeft--;
        else if (tag !== '\\') break;
        block.push(line);
        i++;
      }
      if (lines[i]?.startsWith('\\')) block.push(lines[i++]);
    }
    blocks.push(block.join('\n'));
  }
  return blocks;
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

/** Where a hunk's old lines match, searching outward from its stated position, with fuzz. */
function locate(source: readonly string[], hunk: StructuredPatchHunk, expected: number): Placement | undefined {
  const body = hunk.lines.filter((l) => !l.startsWith('\\'));
  for (let fuzz = 0; fuzz <= MAX_FUZZ; fuzz++) {
    const lead = Math.min(fuzz, leadingContext(body));
    const trail = Math.min(fuzz, leadingContext([...body].reverse()));
    const old = body.slice(lead, body.length - trail).filter((l) => l[0] !== '+').map((l) => l.slice(1));
    const start = expected + lead;
    for (let delta = 0; delta <= source.length; delta++) {
      for (const at of delta === 0 ? [start] : [start - delta, start + delta]) {
        if (at >= 0 && at + old.length <= source.length && old.every((l, k) => source[at + k] === l)) return { at: at - lead, fuzz };
      }
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

function applyFile(patch: StructuredPatch, source: string, file: string, reports: HunkReport[]): string {
  const lines = source.split('\n');
  let shift = 0;
  let lastOffset = 0;
  patch.hunks.forEach((hunk, idx) => {
    const base = Math.max(hunk.oldStart - 1, 0) + shift;
    const place = locate(lines, hunk, base + lastOffset);
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

/** Applies `text` to `tree`; failing hunks in assembly files are errors, elsewhere warnings. */
export function applyPatch(tree: SourceTree, text: string, source = 'patch'): PatchResult {
  const unquoted = unquote(text);
  const blocks = fileBlocks(unquoted);
  if (blocks.length === 0) throw new HypsimError(`${source}: no unified diff found (expected '--- a/file', '+++ b/file' and '@@' hunks)`);
  const overlay = new Map<string, string | null>();
  const reports: HunkReport[] = [];
  const created: string[] = [];
  const deleted: string[] = [];
  for (const block of blocks) {
    const [patch] = parsePatch(block);
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
      reports.push(...patch.hunks.map((h, i) => ({ file, hunk: i + 1, header: `@@ -${h.oldStart},${h.oldLines} +${h.newStart},${h.newLines} @@`, status: 'failed' as const, offset: 0, fuzz: 0, assembly: isAssemblyPath(file) })));
      continue;
    }
    if (oldName === undefined) created.push(file);
    const result = applyFile(patch, oldName === undefined ? '' : current, file, reports);
    overlay.set(file, oldName === undefined && !result.endsWith('\n') ? `${result}\n` : result);
  }
  const failedAsm = reports.filter((r) => r.status === 'failed' && r.assembly);
  if (failedAsm.length > 0) {
    throw new HypsimError(
      `${source}: ${failedAsm.length} hunk(s) of assembly files do not apply to ${tree.label}`,
      undefined,
      'input',
      failedAsm.map((r) => `${r.file} hunk ${r.hunk} ${r.header} failed`),
    );
  }
  const warnings: Diagnostic[] = reports
    .filter((r) => r.status === 'failed')
    .map((r) => ({ severity: 'warning', message: `${source}: ${r.file} hunk ${r.hunk} ${r.header} does not apply (not part of the assembly build; ignored)` }));
  const subject = subjectOf(text);
  return { tree: new OverlayTree(tree, overlay), hunks: reports, created, deleted, warnings, changes: overlay, ...(subject ? { subject } : {}) };
}

export function formatHunkReport(h: HunkReport): string {
  const how = h.status === 'applied' ? 'applied' : h.status === 'offset' ? `applied with offset ${h.offset > 0 ? '+' : ''}${h.offset}` : h.status === 'fuzz' ? `applied with fuzz ${h.fuzz} (offset ${h.offset})` : 'FAILED';
  return `${h.file} hunk ${h.hunk} ${h.header}: ${how}${h.assembly ? '' : ' (not assembly)'}`;
}
