// `--export lcov FILE`: line coverage of the assembly sources and of the headers whose macros
// expanded into instructions, for genhtml. Paths are tree-relative (run genhtml from the tree's
// root). A line is instrumented when some linked instruction comes from it, either directly or
// as the invocation site of a macro expansion. Its count is how often execution reached it: for
// each expansion instance (the instructions sharing one chain of origins) the executions of the
// instance's first instruction, summed over the instances.
import type { InsnItem } from '../ir/program.js';
import type { Origin } from '../util/diagnostics.js';
import { executed, type RunRecords } from './records.js';

export interface LinkedInsn {
  readonly address: bigint;
  readonly origin: Origin;
  /** The source text after macro expansion. */
  readonly text: string;
}

/** Every instruction of the linked image, at its link address. */
export function linkedInsns(recs: RunRecords): LinkedInsn[] {
  const out: LinkedInsn[] = [];
  for (const region of recs.world.image.regions) {
    for (const placed of region.sections) {
      for (const item of placed.section.items) {
        if (item.kind === 'insn') out.push({ address: placed.address + BigInt((item as InsnItem).offset), origin: (item as InsnItem).origin, text: (item as InsnItem).text });
      }
    }
  }
  return out;
}

/** (file, line) of the statement and of each macro invocation, each with its instance key. */
function creditedLines(o: Origin): Array<{ file: string; line: number; instance: string }> {
  const chain = [`${o.file}:${o.line}`, ...o.expansion.map((f) => `${f.file}:${f.line}`)];
  const out = [{ file: o.file, line: o.line, instance: chain.join('<') }];
  o.expansion.forEach((f, i) => out.push({ file: f.file, line: f.line, instance: chain.slice(i + 1).join('<') }));
  return out;
}

export interface LineCoverage {
  /** file → line → count, files and lines in ascending order. */
  readonly files: ReadonlyMap<string, ReadonlyMap<number, number>>;
}

/** Executions per link address. */
export function insnHits(recs: RunRecords): Map<bigint, number> {
  const hits = new Map<bigint, number>();
  for (const r of executed(recs)) hits.set(r.info.linkAddress, (hits.get(r.info.linkAddress) ?? 0) + 1);
  return hits;
}

export function lineCoverage(recs: RunRecords): LineCoverage {
  const hits = insnHits(recs);
  // Per line, per instance: the first (lowest-address) instruction of the instance.
  const first = new Map<string, Map<string, LinkedInsn>>();
  for (const insn of linkedInsns(recs)) {
    for (const c of creditedLines(insn.origin)) {
      const key = `${c.file}\u0000${c.line}`;
      const instances = first.get(key) ?? new Map<string, LinkedInsn>();
      const prev = instances.get(c.instance);
      if (!prev || insn.address < prev.address) instances.set(c.instance, insn);
      first.set(key, instances);
    }
  }
  const files = new Map<string, Map<number, number>>();
  for (const [key, instances] of first) {
    const [file, line] = key.split('\u0000');
    let count = 0;
    for (const insn of instances.values()) count += hits.get(insn.address) ?? 0;
    const lines = files.get(file) ?? new Map<number, number>();
    lines.set(Number(line), count);
    files.set(file, lines);
  }
  const sorted = new Map([...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([f, l]) => [f, new Map([...l].sort((x, y) => x[0] - y[0]))]));
  return { files: sorted };
}

export function lcovText(recs: RunRecords, testName = 'hypsim'): string {
  const out: string[] = [];
  for (const [file, lines] of lineCoverage(recs).files) {
    out.push(`TN:${testName}`, `SF:${file}`);
    for (const [line, count] of lines) out.push(`DA:${line},${count}`);
    out.push(`LF:${lines.size}`, `LH:${[...lines.values()].filter((c) => c > 0).length}`, 'end_of_record');
  }
  return `${out.join('\n')}\n`;
}
