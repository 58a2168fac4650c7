// The reports of `hypsim run` and `hypsim diff`: instructions and bytes per scenario step,
// where the instructions went (per function), what a patch moved, and the verdict.
import type { RunRecord } from '../kvm/runner.js';
import type { Verdict } from '../kvm/verdict.js';
import { formatHunkReport, type PatchResult } from '../tree/patch.js';
import { InsnIndex, bytesMoved } from './insn-info.js';
import { percent, renderTable, signed } from './table.js';

export interface StepFigures {
  readonly label: string;
  readonly instructions: number;
  readonly bytes: number;
}

export function stepFigures(rec: RunRecord): StepFigures[] {
  return rec.steps.map((s) => {
    const { read, written } = bytesMoved(rec.events, s.events[0], s.events[1]);
    return { label: s.label, instructions: s.instructions, bytes: read + written };
  });
}

/** Instructions per function over the whole run (and per step when asked). */
export function functionCounts(rec: RunRecord): Map<string, number> {
  const index = new InsnIndex(rec.session.world);
  const out = new Map<string, number>();
  for (const e of rec.events) {
    if (e.word < 0) continue;
    const f = index.at(e.pc, e.word).function;
    out.set(f, (out.get(f) ?? 0) + 1);
  }
  return out;
}

function sum(ns: readonly number[]): number {
  return ns.reduce((a, b) => a + b, 0);
}

function header(title: string, rec: RunRecord): string[] {
  return [
    `${title} — scenario '${rec.scenario.name}': ${rec.scenario.description}`,
    ...rec.session.notes.map((n) => `  note: ${n}`),
  ];
}

function modelledCalls(rec: RunRecord): string[] {
  const seen = new Set<string>();
  for (const s of rec.steps) for (const m of s.modelled) seen.add(m.text);
  return [...seen].map((t) => `  ${t}`);
}

export function renderRunReport(rec: RunRecord): string {
  const figs = stepFigures(rec);
  const rows = figs.map((f, i) => [String(i + 1), f.label, String(f.instructions), String(f.bytes), rec.steps[i].exit ?? '']);
  rows.push(['', 'total', String(sum(figs.map((f) => f.instructions))), String(sum(figs.map((f) => f.bytes))), '']);
  const fn = [...functionCounts(rec)].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  return [
    ...header(`hypsim run: ${rec.session.label}`, rec),
    '',
    'Modelled host C code:',
    ...modelledCalls(rec),
    '',
    renderTable(
      [{ header: '#', align: 'right' }, { header: 'step' }, { header: 'instructions', align: 'right' }, { header: 'bytes moved', align: 'right' }, { header: 'exit' }],
      rows,
    ),
    '',
    'Instructions per function:',
    renderTable([{ header: 'function' }, { header: 'instructions', align: 'right' }], fn.map(([f, n]) => [f, String(n)])),
    '',
    `End state: ${rec.totalInstructions} instructions retired; guest exits: ${rec.steps.filter((s) => s.exit).length}.`,
  ].join('\n');
}

function patchLines(patch: PatchResult | undefined, name: string | undefined): string[] {
  if (!patch) return [];
  return [`Patch ${name ?? ''}${patch.subject ? ` — ${patch.subject}` : ''}:`, ...patch.hunks.map((h) => `  ${formatHunkReport(h)}`)];
}

/** Functions that only one side executes, or that changed a lot: the work a patch moved. */
function movedWork(a: Map<string, number>, b: Map<string, number>): string[] {
  const names = [...new Set([...a.keys(), ...b.keys()])];
  const gone = names.filter((n) => (a.get(n) ?? 0) > 0 && !b.get(n));
  const added = names.filter((n) => (b.get(n) ?? 0) > 0 && !a.get(n));
  const lines: string[] = [];
  for (const n of gone) lines.push(`  - ${n}: ${a.get(n)} instructions in A, not executed in B`);
  for (const n of added) lines.push(`  + ${n}: ${b.get(n)} instructions in B, not executed in A`);
  return lines;
}

export interface DiffReportInput {
  readonly a: RunRecord;
  readonly b: RunRecord;
  readonly verdict: Verdict;
  readonly patch?: PatchResult;
  readonly patchName?: string;
}

export function renderDiffReport({ a, b, verdict, patch, patchName }: DiffReportInput): string {
  const fa = stepFigures(a);
  const fb = stepFigures(b);
  const rows = fa.map((x, i) => {
    const y = fb[i];
    return [String(i + 1), x.label, String(x.instructions), String(y.instructions), signed(y.instructions - x.instructions), percent(y.instructions - x.instructions, x.instructions), String(x.bytes), String(y.bytes), signed(y.bytes - x.bytes)];
  });
  const ti = [sum(fa.map((f) => f.instructions)), sum(fb.map((f) => f.instructions))];
  const tb = [sum(fa.map((f) => f.bytes)), sum(fb.map((f) => f.bytes))];
  rows.push(['', 'total', String(ti[0]), String(ti[1]), signed(ti[1] - ti[0]), percent(ti[1] - ti[0], ti[0]), String(tb[0]), String(tb[1]), signed(tb[1] - tb[0])]);
  const runs = a.steps.map((s, i) => [s, i] as const).filter(([s]) => s.step.kind === 'run').map(([, i]) => i);
  const perRun = (f: StepFigures[], key: 'instructions' | 'bytes') => (runs.length ? sum(runs.map((i) => f[i][key])) / runs.length : 0);
  const ca = functionCounts(a);
  const cb = functionCounts(b);
  const moved = movedWork(ca, cb);
  const fnNames = [...new Set([...ca.keys(), ...cb.keys()])].sort((x, y) => Math.abs((cb.get(y) ?? 0) - (ca.get(y) ?? 0)) - Math.abs((cb.get(x) ?? 0) - (ca.get(x) ?? 0)) || x.localeCompare(y));
  const fnRows = fnNames
    .filter((n) => (ca.get(n) ?? 0) !== (cb.get(n) ?? 0))
    .map((n) => [n, String(ca.get(n) ?? 0), String(cb.get(n) ?? 0), signed((cb.get(n) ?? 0) - (ca.get(n) ?? 0))]);
  const verdictLines = verdict.equivalent
    ? [`Verdict: equivalent — the guest's state at all ${verdict.checkedExits} exits, the host's state after vcpu_put and the vcpu's saved context are identical.`]
    : [
        `Verdict: NOT equivalent — ${verdict.differences.length} difference(s):`,
        ...verdict.differences.slice(0, 40).map((d) => `  ${d.where}: ${d.field}: A ${d.a}, B ${d.b}`),
        ...(verdict.differences.length > 40 ? [`  … and ${verdict.differences.length - 40} more`] : []),
      ];
  return [
    ...header('hypsim diff', a),
    `  A: ${a.session.label}`,
    `  B: ${b.session.label}`,
    ...patchLines(patch, patchName),
    '',
    'Modelled host C code (A):',
    ...modelledCalls(a),
    'Modelled host C code (B):',
    ...modelledCalls(b),
    '',
    renderTable(
      [
        { header: '#', align: 'right' }, { header: 'step' }, { header: 'A insns', align: 'right' }, { header: 'B insns', align: 'right' },
        { header: 'delta', align: 'right' }, { header: '%', align: 'right' }, { header: 'A bytes', align: 'right' }, { header: 'B bytes', align: 'right' }, { header: 'delta', align: 'right' },
      ],
      rows,
    ),
    '',
    `Per guest entry + exit (average of ${runs.length} runs): A ${perRun(fa, 'instructions').toFixed(1)} instructions, ${perRun(fa, 'bytes').toFixed(0)} bytes; B ${perRun(fb, 'instructions').toFixed(1)} instructions, ${perRun(fb, 'bytes').toFixed(0)} bytes (${signed(Math.round(perRun(fb, 'instructions') - perRun(fa, 'instructions')))} instructions, ${signed(Math.round(perRun(fb, 'bytes') - perRun(fa, 'bytes')))} bytes).`,
    '',
    ...(moved.length ? ['Work that moved:', ...moved, ''] : []),
    ...(fnRows.length ? ['Instructions per function that changed:', renderTable([{ header: 'function' }, { header: 'A', align: 'right' }, { header: 'B', align: 'right' }, { header: 'delta', align: 'right' }], fnRows), ''] : []),
    ...verdictLines,
  ].join('\n');
}
