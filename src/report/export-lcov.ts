// `--export lcov FILE`: line, function and branch coverage of the assembly sources and of the
// headers whose macros expanded into instructions, for genhtml. Paths are tree-relative (run
// genhtml from the tree's root); `sourcePath` maps them to where the file really is (hypsim's
// own corpus files in a kernel run) or leaves a file out. A line is instrumented when some linked
// instruction comes from it, either directly or as the invocation site of a macro expansion. Its
// count is how often execution reached it: for each expansion instance (the instructions sharing
// one chain of origins) the executions of the instance's first instruction, summed over the
// instances. A function (FN/FNDA) is a symbol an instruction starts at, on the line its first
// instruction is credited to in the outermost file, with its calls (arrivals at that instruction
// from another function, as the count report counts them). Each conditional branch (b.cond,
// cbz/cbnz, tbz/tbnz) gives BRDA records on its statement's line: branch 0 taken, 1 not taken.
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

export interface FunctionCoverage {
  readonly name: string;
  readonly line: number;
  readonly calls: number;
}

export interface BranchCoverage {
  readonly line: number;
  /** Index of the branch instruction among the conditional branches of its line (lowest address first). */
  readonly block: number;
  /** undefined when the branch never executed. */
  readonly taken?: number;
  readonly notTaken?: number;
}

const byName = <T>(m: Map<string, T>) => new Map([...m].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

/** file → functions starting there, with calls counted like the count report's. */
export function functionCoverage(recs: RunRecords): Map<string, FunctionCoverage[]> {
  const calls = new Map<bigint, number>();
  let previous = '';
  let previousStep = -1;
  for (const r of executed(recs)) {
    if (r.step !== previousStep || recs.run.events[r.seq].step === 1) previous = '';
    previousStep = r.step;
    if (r.info.offset === 0 && r.info.function !== previous) calls.set(r.info.linkAddress, (calls.get(r.info.linkAddress) ?? 0) + 1);
    previous = r.info.function;
  }
  const out = new Map<string, FunctionCoverage[]>();
  for (const insn of linkedInsns(recs)) {
    const sym = recs.world.image.symbolize(insn.address);
    if (!sym || sym.offset !== 0) continue;
    const site = insn.origin.expansion.at(-1) ?? insn.origin;
    const list = out.get(site.file) ?? [];
    if (!list.some((f) => f.name === sym.name)) list.push({ name: sym.name, line: site.line, calls: calls.get(insn.address) ?? 0 });
    out.set(site.file, list);
  }
  return byName(out);
}

/** file → conditional branches with how often each was taken and not taken. */
export function branchCoverage(recs: RunRecords): Map<string, BranchCoverage[]> {
  const outcome = new Map<bigint, [number, number]>();
  const insns = recs.insns;
  for (let i = 0; i < insns.length; i++) {
    const r = insns[i];
    if (!r.info || !isConditionalBranch(r.info.word)) continue;
    const next = insns[i + 1];
    if (!next || recs.run.events[next.seq].step === 1) continue;
    const nextAddress = next.info?.linkAddress ?? recs.world.linkAddress(next.pc);
    const o = outcome.get(r.info.linkAddress) ?? [0, 0];
    o[nextAddress === r.info.linkAddress + 4n ? 1 : 0]++;
    outcome.set(r.info.linkAddress, o);
  }
  const out = new Map<string, BranchCoverage[]>();
  const perLine = new Map<string, number>();
  for (const insn of linkedInsns(recs).sort((a, b) => (a.address < b.address ? -1 : 1))) {
    const info = recs.world.image.insnAt(insn.address);
    if (!info) continue;
    const word = new DataView(info.placed.section.bytes.buffer, info.placed.section.bytes.byteOffset).getUint32(info.item.offset, true);
    if (!isConditionalBranch(word)) continue;
    const key = `${insn.origin.file}:${insn.origin.line}`;
    const block = perLine.get(key) ?? 0;
    perLine.set(key, block + 1);
    const o = outcome.get(insn.address);
    const list = out.get(insn.origin.file) ?? [];
    list.push({ line: insn.origin.line, block, ...(o ? { taken: o[0], notTaken: o[1] } : {}) });
    out.set(insn.origin.file, list);
  }
  return byName(out);
}

/** b.cond, cbz/cbnz, tbz/tbnz by their encoding. */
function isConditionalBranch(word: number): boolean {
  return (word & 0xff000010) === 0x54000000 || (word & 0x7e000000) === 0x34000000 || (word & 0x7e000000) === 0x36000000;
}

export interface LcovOptions {
  readonly testName?: string;
  /** Where genhtml finds a recorded file (undefined: leave the file out). Default: as recorded. */
  readonly sourcePath?: (file: string) => string | undefined;
}

export function lcovText(recs: RunRecords, options: LcovOptions = {}): string {
  const out: string[] = [];
  const functions = functionCoverage(recs);
  const branches = branchCoverage(recs);
  for (const [file, lines] of lineCoverage(recs).files) {
    const path = options.sourcePath ? options.sourcePath(file) : file;
    if (path === undefined) continue;
    out.push(`TN:${options.testName ?? 'hypsim'}`, `SF:${path}`);
    const fns = functions.get(file) ?? [];
    for (const f of fns) out.push(`FN:${f.line},${f.name}`);
    for (const f of fns) out.push(`FNDA:${f.calls},${f.name}`);
    out.push(`FNF:${fns.length}`, `FNH:${fns.filter((f) => f.calls > 0).length}`);
    const brs = branches.get(file) ?? [];
    for (const b of brs) {
      const count = (n: number | undefined) => (n === undefined ? '-' : String(n));
      out.push(`BRDA:${b.line},${b.block},0,${count(b.taken)}`, `BRDA:${b.line},${b.block},1,${count(b.notTaken)}`);
    }
    if (brs.length) out.push(`BRF:${2 * brs.length}`, `BRH:${brs.reduce((n, b) => n + (b.taken ? 1 : 0) + (b.notTaken ? 1 : 0), 0)}`);
    for (const [line, count] of lines) out.push(`DA:${line},${count}`);
    out.push(`LF:${lines.size}`, `LH:${[...lines.values()].filter((c) => c > 0).length}`, 'end_of_record');
  }
  return `${out.join('\n')}\n`;
}
