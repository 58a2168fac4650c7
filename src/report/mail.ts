// `--format mail`: a short plaintext summary to paste into a patch email, shaped like the
// hackbench block of the FP/SIMD RFC — the figures without and with the patch, what moved, and
// whether both leave the same state. ASCII only, at most 72 columns (a tab counts as 8), and the
// last lines name the hypsim version and the command that reproduces the figures.
//
// Labels keep one meaning in every format: "per guest entry+exit" is what the host and the
// hypervisor execute for one round trip, the guest's own instructions left out; "whole
// scenario" counts every instruction, the guest's included.
import type { Verdict } from '../kvm/verdict.js';
import type { MovedFunction } from './count-diff.js';
import type { Counts, Totals } from './counts.js';
import { num, percent, signed } from './table.js';

export const MAIL_COLUMNS = 72;

const insns = (n: number) => num(n).padStart(6);
const bytes = (n: number) => String(Math.round(n)).padStart(6);

/** Who made the figures: the version and the command line (shell-quoted) to make them again. */
export interface MailOrigin {
  readonly version: string;
  readonly command: readonly string[];
}

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

const shellQuote = (arg: string) => (/^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, "'\\''")}'`);

/** The signature: `-- `, the version, and the command, continued with ` \` where it is long. */
function signature(origin: MailOrigin | undefined): string[] {
  if (!origin) return [];
  const words = ['hypsim', ...origin.command.map(shellQuote)];
  const lines: string[] = [];
  let line = '';
  for (const w of words) {
    if (line && line.length + 1 + w.length > MAIL_COLUMNS - 2) {
      lines.push(`${line} \\`);
      line = `    ${w}`;
    } else line = line ? `${line} ${w}` : w;
  }
  lines.push(line);
  return ['', '-- ', `Figures from hypsim ${origin.version}, made by:`, ...lines];
}

export function countMail(c: Counts, origin?: MailOrigin): string {
  const t = c.totals;
  return mailText([
    `hypsim, scenario '${c.scenario}' (${t.runs} guest entries), ${c.label}:`,
    '',
    ...perEntryLines(t),
    `\twhole scenario:       ${insns(t.instructions)}  insns ${bytes(t.bytesRead + t.bytesWritten)} bytes (${t.fpsimdBytes} FP/SIMD)`,
    '',
    'Per guest entry+exit: the host\'s and the hypervisor\'s instructions, the',
    'guest\'s own left out; the whole scenario counts the guest\'s too.',
    '',
    'Where the instructions go:',
    ...topFunctions(c, 6),
    ...signature(origin),
  ]);
}

/** How many guest entries pay back what vcpu_load/put now cost, when the patch trades one for the other. */
function breakEven(a: Totals, b: Totals): string | undefined {
  const saved = a.perRun.switchInstructions - b.perRun.switchInstructions;
  const cost = b.residency.instructions - a.residency.instructions;
  if (saved <= 0 || cost <= 0) return undefined;
  const n = Math.ceil(cost / saved);
  return `vcpu_load/put cost ${cost} instructions more, repaid after ${n} guest entr${n === 1 ? 'y' : 'ies'} per residency.`;
}

function movedLines(moved: readonly MovedFunction[]): string[] {
  const width = Math.max(0, ...moved.map((m) => m.name.length));
  return moved.map((m) => `  ${m.side === 'a' ? '-' : '+'} ${m.name.padEnd(width)} ${String(m.instructions).padStart(5)} insns, ${m.calls} calls (${m.stepKinds.join(', ')})`);
}

function verdictMail(v: Verdict): string[] {
  if (v.equivalent) return [`Same state: yes (guest registers at all ${v.checkedExits} exits, host registers after vcpu_put, the vcpu's saved context).`];
  const d = v.differences[0];
  return [`Same state: NO, ${v.differences.length} difference(s); the first, at ${d.where}:`, `\t${d.field} without: ${d.a}`, `\t${d.field} with:    ${d.b}`];
}

export interface DiffMailInput {
  readonly a: Counts;
  readonly b: Counts;
  readonly moved: readonly MovedFunction[];
  readonly verdict: Verdict;
  readonly origin?: MailOrigin;
}

export function diffMail({ a, b, moved, verdict, origin }: DiffMailInput): string {
  const ta = a.totals;
  const tb = b.totals;
  const di = tb.perRun.switchInstructions - ta.perRun.switchInstructions;
  const db = tb.perRun.bytes - ta.perRun.bytes;
  const even = breakEven(ta, tb);
  return mailText([
    `hypsim, scenario '${a.scenario}' (${ta.runs} guest entries per vcpu_load/put):`,
    '',
    `Without this patch (${a.label}):`,
    ...perEntryLines(ta),
    `With this patch (${b.label}):`,
    ...perEntryLines(tb),
    '',
    `Per guest entry+exit: ${signed(Number(num(di)))} instructions (${percent(di, ta.perRun.switchInstructions)}), ${signed(Math.round(db))} bytes (${percent(db, ta.perRun.bytes)}).`,
    'Per guest entry+exit counts the host\'s and the hypervisor\'s instructions; the guest\'s own are left out (the patch does not change them).',
    `Whole scenario, the guest's instructions included: ${ta.instructions} -> ${tb.instructions} (${percent(tb.instructions - ta.instructions, ta.instructions)}).`,
    ...(even ? [even] : []),
    ...(moved.length ? ['', 'What moved:', ...movedLines(moved)] : []),
    '',
    ...verdictMail(verdict),
    ...signature(origin),
  ]);
}

/** Display width with tabs to the next multiple of 8. */
export function columns(line: string): number {
  let col = 0;
  for (const ch of line) col = ch === '\t' ? (Math.floor(col / 8) + 1) * 8 : col + 1;
  return col;
}

const ASCII: Record<string, string> = { '→': '->', '←': '<-', '—': '-', '–': '-', '…': '...', '×': 'x', '‘': "'", '’': "'", '“': '"', '”': '"' };

/** ASCII only; lines over 72 columns wrapped at spaces (an indented line's continuation two spaces deeper). */
export function mailText(lines: readonly string[]): string {
  const out: string[] = [];
  for (const raw of lines) {
    let line = raw.replace(/[^\x00-\x7f]/g, (c) => ASCII[c] ?? '?');
    const lead = /^[\t ]*/.exec(line)![0];
    const indent = lead ? `${lead}  ` : '';
    while (columns(line) > MAIL_COLUMNS) {
      let cut = -1;
      for (let i = line.length - 1; i > lead.length; i--) if (line[i] === ' ' && columns(line.slice(0, i)) <= MAIL_COLUMNS) { cut = i; break; }
      if (cut < 0) {
        // One word longer than the line: cut it where it must be cut.
        cut = lead.length + 1;
        while (cut < line.length && columns(line.slice(0, cut + 1)) <= MAIL_COLUMNS) cut++;
        out.push(line.slice(0, cut));
        line = `${indent}${line.slice(cut)}`;
        continue;
      }
      out.push(line.slice(0, cut).trimEnd());
      line = `${indent}${line.slice(cut + 1).trimStart()}`;
    }
    out.push(line);
  }
  return out.join('\n');
}
