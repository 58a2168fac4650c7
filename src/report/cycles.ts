// `--cycles MODEL`: estimated cycles per function from LLVM's machine-code analyzer. Each
// function's executed instructions, in execution order, go to `llvm-mca -mtriple=aarch64
// -mcpu=MODEL -iterations=1` as one straight-line block; calls are fed as plain branches (their
// callees are estimated on their own). llvm-mca models the core's pipeline only — no caches,
// branch prediction, exceptions or system-register side effects — so the figure is an estimate,
// labelled as such wherever it is shown.
import { spawnSync } from 'node:child_process';
import type { CountSection } from './counts.js';
import { num, renderTable } from './table.js';
import { executed, type RunRecords } from './records.js';

export const MCA_TOOL = 'llvm-mca';

export interface CycleEstimates {
  readonly model: string;
  readonly section: CountSection;
  /** Instructions llvm-mca could not take (left out of the estimate), per function. */
  readonly dropped: ReadonlyMap<string, number>;
}

export type McaRunner = (args: readonly string[], input: string) => { status: number | null; stdout: string; stderr: string; missing: boolean };

export const spawnMca: McaRunner = (args, input) => {
  const r = spawnSync(MCA_TOOL, [...args], { input, encoding: 'utf8' });
  const missing = (r.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
  return { status: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '', missing };
};

export class CyclesUnavailable extends Error {}

/** The instruction as llvm-mca should see it (calls become plain branches). */
function mcaLine(disasm: string): string | undefined {
  if (disasm.startsWith('.inst')) return undefined;
  if (/^bl\s/.test(disasm)) return disasm.replace(/^bl/, 'b');
  if (/^blr\s/.test(disasm)) return disasm.replace(/^blr/, 'br');
  return disasm;
}

function mcaArgs(model: string): string[] {
  return ['-mtriple=aarch64', `-mcpu=${model}`, '-iterations=1'];
}

/** Total cycles of one block; drops lines llvm-mca rejects (a few tries). */
function cyclesOf(lines: string[], model: string, run: McaRunner): { cycles: number | undefined; dropped: number } {
  let input = [...lines];
  let dropped = 0;
  for (let attempt = 0; attempt < 8 && input.length; attempt++) {
    const r = run(mcaArgs(model), `${input.join('\n')}\n`);
    const total = /Total Cycles:\s+(\d+)/.exec(r.stdout);
    if (r.status === 0 && total) return { cycles: Number(total[1]), dropped };
    const bad = new Set([...r.stderr.matchAll(/<stdin>:(\d+):\d+: error/g)].map((m) => Number(m[1]) - 1));
    if (bad.size === 0) break;
    dropped += bad.size;
    input = input.filter((_, i) => !bad.has(i));
  }
  return { cycles: undefined, dropped };
}

export function estimateCycles(recs: RunRecords, model: string, run: McaRunner = spawnMca): CycleEstimates {
  const probe = run(mcaArgs(model), 'nop\n');
  if (probe.missing) throw new CyclesUnavailable(`--cycles needs ${MCA_TOOL} on PATH (Debian: apt-get install llvm); the estimated-cycles column is left out`);
  if (/not a recognized processor/.test(probe.stderr)) throw new CyclesUnavailable(`${MCA_TOOL} does not know the CPU model '${model}' (list them with: ${MCA_TOOL} -mtriple=aarch64 -mcpu=help)`);
  const streams = new Map<string, string[]>();
  const counts = new Map<string, number>();
  for (const r of executed(recs)) {
    counts.set(r.info.function, (counts.get(r.info.function) ?? 0) + 1);
    const line = mcaLine(r.info.disasm);
    const s = streams.get(r.info.function) ?? [];
    if (line) s.push(line);
    streams.set(r.info.function, s);
  }
  const dropped = new Map<string, number>();
  const rows = [...streams]
    .map(([fn, lines]) => {
      const est = cyclesOf(lines, model, run);
      const skipped = est.dropped + (counts.get(fn)! - lines.length);
      if (skipped) dropped.set(fn, skipped);
      return { key: fn, values: [counts.get(fn)!, est.cycles ?? Number.NaN] };
    })
    .sort((a, b) => b.values[0] - a.values[0] || (a.key < b.key ? -1 : 1));
  return {
    model,
    dropped,
    section: {
      id: 'cycles',
      title: `Estimated cycles per function (an estimate from ${MCA_TOOL} -mcpu=${model}: pipeline model only, no caches, branch prediction or exceptions)`,
      keyHeader: 'function',
      valueHeaders: ['instructions', 'est. cycles'],
      rows,
    },
  };
}

/** The estimate as a text table, with a note where llvm-mca left instructions out. */
export function cyclesText(est: CycleEstimates): string[] {
  const s = est.section;
  const rows = s.rows.map((r) => [r.key, num(r.values[0]), num(r.values[1]), est.dropped.get(r.key) ? `${est.dropped.get(r.key)} instructions left out` : '']);
  return [`${s.title}:`, renderTable([{ header: 'function' }, { header: 'instructions', align: 'right' }, { header: 'est. cycles', align: 'right' }, { header: 'note' }], rows), ''];
}
