// `--html FILE` of diff, run, count and sweep: the report as one self-contained HTML page.
import { basename } from 'node:path';
import type { RunRecord } from '../kvm/runner.js';
import type { BuiltVariant } from '../kvm/variants.js';
import type { Verdict } from '../kvm/verdict.js';
import type { CountSection } from '../report/counts.js';
import { diffHtml, runHtml, sweepHtml, type SourceReader } from '../report/html/index.js';
import type { SweepCell, SweepGrid } from '../report/sweep.js';
import { corpusTree } from '../tree/corpus.js';
import { DiskTree } from '../tree/source-tree.js';
import type { Io } from './io.js';
import { writeOut } from './report-commands.js';

/** The tree as the page names it: never a machine path. */
export function treeName(kernel: string | undefined): string {
  return kernel ? `Linux tree ${basename(kernel)}` : 'hypsim corpus';
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Trees read files byte for byte (latin1); a page shows them as UTF-8 where they are. */
function asUtf8(text: string | undefined): string | undefined {
  if (text === undefined || !/[\u0080-\u00ff]/.test(text) || /[^\u0000-\u00ff]/.test(text)) return text;
  try {
    return utf8.decode(Buffer.from(text, 'latin1'));
  } catch {
    return text;
  }
}

/** A variant's source files (patched where the patch changed them); corpus files for hypsim's own stubs. */
export function sourceReader(v: BuiltVariant, kernel: string | undefined): SourceReader {
  const corpus = corpusTree();
  const tree = v.patch?.tree ?? (kernel ? new DiskTree(kernel, 'kernel') : corpus);
  return (path) => asUtf8(tree.read(path) ?? corpus.read(path));
}

function write(io: Io, file: string, html: string): void {
  writeOut(file, html);
  io.err(`hypsim: wrote the HTML report to ${file} (${Buffer.byteLength(html)} bytes)\n`);
}

export interface DiffHtmlRequest {
  readonly file: string;
  readonly kernel?: string;
  readonly patchFile?: string;
  readonly context: number;
}

export function writeDiffHtml(io: Io, r: DiffHtmlRequest, va: BuiltVariant, vb: BuiltVariant, a: RunRecord, b: RunRecord, verdict: Verdict): void {
  const html = diffHtml({
    a, b, verdict,
    patch: vb.patch,
    patchName: r.patchFile ? basename(r.patchFile) : vb.patchName,
    tree: treeName(r.kernel),
    read: [sourceReader(va, r.kernel), sourceReader(vb, r.kernel)],
    context: r.context,
  });
  write(io, r.file, html);
}

export function writeRunHtml(io: Io, file: string, command: 'run' | 'count', v: BuiltVariant, rec: RunRecord, o: { kernel?: string; patch?: string }, extraSections: readonly CountSection[] = []): void {
  const html = runHtml({
    rec, command,
    tree: treeName(o.kernel),
    read: sourceReader(v, o.kernel),
    patch: v.patch,
    patchName: o.patch ? basename(o.patch) : v.patchName,
    extraSections,
  });
  write(io, file, html);
}

export function writeSweepHtml(io: Io, file: string, cells: readonly SweepCell[], grid: SweepGrid, kernel: string | undefined): void {
  write(io, file, sweepHtml({ cells, grid, tree: treeName(kernel) }));
}
