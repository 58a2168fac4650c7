// The source view's data: every source file code came from (assembly, headers whose macros
// expanded, C once C runs), with per-line execution counts of each side (lineCoverage, as the
// lcov export counts them), the macro expansions invoked from each line with per-instruction
// counts, and, where a patch changed a file, both versions aligned line by line.
import { diffArrays } from 'diff';
import { insnHits, lineCoverage, linkedInsns } from '../export-lcov.js';
import type { RunRecords } from '../records.js';
import type { ExpansionInsn, SourceFile } from './data.js';

/** Reads a tree-relative source file of one side (undefined when it cannot). */
export type SourceReader = (path: string) => string | undefined;

interface Side {
  readonly coverage: ReadonlyMap<string, ReadonlyMap<number, number>>;
  /** `file:line` of a macro invocation → the expansion's instructions: text, origin, executions. */
  readonly expansions: ReadonlyMap<string, ReadonlyArray<readonly [string, string, number]>>;
  readonly read: SourceReader;
}

function sideOf(recs: RunRecords, read: SourceReader): Side {
  const hits = insnHits(recs);
  const expansions = new Map<string, Array<readonly [string, string, number]>>();
  for (const insn of linkedInsns(recs)) {
    const sites = new Set(insn.origin.expansion.map((f) => `${f.file}:${f.line}`));
    for (const site of sites) {
      let list = expansions.get(site);
      if (!list) expansions.set(site, (list = []));
      list.push([insn.text, `${insn.origin.file}:${insn.origin.line}`, hits.get(insn.address) ?? 0]);
    }
  }
  return { coverage: lineCoverage(recs).files, expansions, read };
}

function linesOf(text: string): string[] {
  const lines = text.split(/\r?\n/);
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

type Row = readonly [number, number, string];

function alignedRows(a: string | undefined, b: string | undefined): Row[] {
  if (a !== undefined && (b === undefined || a === b)) return linesOf(a).map((t, i) => [i + 1, b === undefined ? 0 : i + 1, t]);
  if (a === undefined) return linesOf(b!).map((t, i) => [0, i + 1, t]);
  const rows: Row[] = [];
  let la = 0;
  let lb = 0;
  for (const c of diffArrays(linesOf(a), linesOf(b!))) {
    for (const t of c.value) {
      if (c.removed) rows.push([++la, 0, t]);
      else if (c.added) rows.push([0, ++lb, t]);
      else rows.push([++la, ++lb, t]);
    }
  }
  return rows;
}

/** Rows when no side's text can be read: the counted lines, without text. */
function countedRows(path: string, sides: readonly Side[]): Row[] {
  const lines = new Set<number>();
  for (const s of sides) for (const l of s.coverage.get(path)?.keys() ?? []) lines.add(l);
  return [...lines].sort((x, y) => x - y).map((l): Row => [l, l, '']);
}

/** One side's expansion, or both merged when they expand to the same instructions. */
function mergeExpansions(lists: ReadonlyArray<ReadonlyArray<readonly [string, string, number]> | undefined>): ExpansionInsn[] {
  const present = lists.filter((l) => l !== undefined);
  if (present.length === 0) return [];
  const [a, b] = lists;
  const n = lists.length;
  if (n === 2 && a && b && a.length === b.length && a.every((x, i) => x[0] === b[i][0])) return a.map((x, i) => [x[0], x[1], [x[2], b[i][2]]]);
  const out: ExpansionInsn[] = [];
  lists.forEach((list, side) => {
    for (const x of list ?? []) out.push([x[0], x[1], Array.from({ length: n }, (_, s) => (s === side ? x[2] : -1))]);
  });
  return out;
}

function sourceFile(path: string, sides: readonly Side[]): SourceFile {
  const texts = sides.map((s) => s.read(path));
  const available = texts.some((t) => t !== undefined);
  const rows = !available ? countedRows(path, sides) : sides.length === 1 ? linesOf(texts[0]!).map((t, i): Row => [i + 1, i + 1, t]) : alignedRows(texts[0], texts[1]);
  const expansions: Record<string, ExpansionInsn[]> = {};
  rows.forEach((row, r) => {
    const lists = sides.map((s, i) => {
      const line = row[i] as number;
      return line > 0 ? s.expansions.get(`${path}:${line}`) : undefined;
    });
    const merged = mergeExpansions(lists);
    if (merged.length) expansions[r] = merged;
  });
  return {
    path,
    available,
    changed: sides.length === 2 && texts[0] !== texts[1],
    rows,
    counts: sides.map((s) => [...(s.coverage.get(path) ?? new Map<number, number>())]),
    expansions,
  };
}

/** The source files of one run (one side) or of A and B, in path order. */
export function sourceFiles(runs: ReadonlyArray<{ readonly recs: RunRecords; readonly read: SourceReader }>): SourceFile[] {
  const sides = runs.map((r) => sideOf(r.recs, r.read));
  const paths = [...new Set(sides.flatMap((s) => [...s.coverage.keys()]))].sort();
  return paths.map((p) => sourceFile(p, sides));
}
