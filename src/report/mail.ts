// `--format mail`: a short plaintext summary to paste into a patch email, shaped like the
// hackbench block of the FP/SIMD RFC — the figures without and with the patch, what moved, and
// whether both leave the same state. Lines stay under 72 columns.
import type { Verdict } from '../kvm/verdict.js';
import type { MovedFunction } from './count-diff.js';
import type { Counts, Totals } from './counts.js';
import { num, percent, signed } from './table.js';

const insns = (n: number) => num(n).padStart(6);
const bytes = (n: number) => String(Math.round(n)).padStart(6);

function perEntryLines(t: Totals): string[] {
  return [
    `\tper guest entry+exit: ${insns(t.perRun.switchInstructions)}  insns ${bytes(t.perRun.bytes)} bytes (${Math.round(t.perRun.fpsimdBytes)} FP/SIMD)`,
    `\tvcpu_load + vcpu_put: ${insns(t.residency.instructions)}  insns ${bytes(t.residency.bytes)} bytes (${Math.round(t.residency.fpsimdBytes)} FP/SIMD)`,
  ];
}

function topFunctions(c: Counts, n: number): string[] {
  const rows = c.sections.find((s) => s.id === 'function')?.rows ?? [];
  const width = Math.max(...rows.slice(0, n).map((r) => r.key.length));
  return rows.slice(0, n).map((r) => `\t${r.key.padEnd(width)}  ${String(r.values[0]).padStart(5)}`);
}

export function countMail(c: Counts): string {
  const t = c.totals;
  return [
    `hypsim, scenario '${c.scenario}' (${t.runs} guest entries), ${c.label}:`,
    '',
    ...perEntryLines(t),
    `\twhole scenario:       ${insns(t.instructions)}  insns ${bytes(t.bytesRead + t.bytesWritten)} bytes (${t.fpsimdBytes} FP/SIMD)`,
    '',
    'Where the instructions go:',
    ...topFunctions(c, 6),
  ].join('\n');
}

/** How many guest entries pay back what vcpu_load/put now cost, when the patch trades one for the other. */
function breakEven(a: Totals, b: Totals): string | undefined {
  const saved = a.perRun.switchInstructions - b.perRun.switchInstructions;
  const cost = b.residency.instructions - a.residency.instructions;
  if (saved <= 0 || cost <= 0) return undefined;
  const n = Math.ceil(cost / saved);
  return `vcpu_load/put cost ${cost} instructions more, repaid after ${n} guest\nentr${n === 1 ? 'y' : 'ies'} per residency.`;
}

function movedLines(moved: readonly MovedFunction[]): string[] {
  const width = Math.max(0, ...moved.map((m) => m.name.length));
  return moved.map((m) => `  ${m.side === 'a' ? '-' : '+'} ${m.name.padEnd(width)} ${String(m.instructions).padStart(5)} insns, ${m.calls} calls (${m.stepKinds.join(', ')})`);
}

function verdictMail(v: Verdict): string[] {
  if (v.equivalent) return [`Same state: yes (guest registers at all ${v.checkedExits} exits, host`, 'registers after vcpu_put, the vcpu\'s saved context).'];
  return [`Same state: NO, ${v.differences.length} difference(s); first: ${v.differences[0].where}:`, `\t${v.differences[0].field}: ${v.differences[0].a} -> ${v.differences[0].b}`];
}

export interface DiffMailInput {
  readonly a: Counts;
  readonly b: Counts;
  readonly moved: readonly MovedFunction[];
  readonly verdict: Verdict;
}

export function diffMail({ a, b, moved, verdict }: DiffMailInput): string {
  const ta = a.totals;
  const tb = b.totals;
  const di = tb.perRun.switchInstructions - ta.perRun.switchInstructions;
  const db = tb.perRun.bytes - ta.perRun.bytes;
  const even = breakEven(ta, tb);
  return [
    `hypsim, scenario '${a.scenario}' (${ta.runs} guest entries per vcpu_load/put):`,
    '',
    `Without this patch (${a.label}):`,
    ...perEntryLines(ta),
    `With this patch (${b.label}):`,
    ...perEntryLines(tb),
    '',
    `Per guest entry+exit: ${signed(Number(num(di)))} instructions (${percent(di, ta.perRun.switchInstructions)}), ${signed(Math.round(db))} bytes (${percent(db, ta.perRun.bytes)}).`,
    'Instructions are the host\'s and the hypervisor\'s; the guest\'s own',
    'work is left out (it does not change).',
    `Whole scenario: ${ta.instructions} -> ${tb.instructions} instructions (${percent(tb.instructions - ta.instructions, ta.instructions)}).`,
    ...(even ? [even] : []),
    ...(moved.length ? ['', 'What moved:', ...movedLines(moved)] : []),
    '',
    ...verdictMail(verdict),
  ].join('\n');
}
