// The reports of `hypsim run`, `hypsim count` and `hypsim diff`: instructions and bytes per
// scenario step, the count tables, what a patch moved, the trace alignment and the state diff,
// in the output format asked for.
import type { RunRecord } from '../kvm/runner.js';
import type { Verdict } from '../kvm/verdict.js';
import { formatHunkReport, type PatchResult } from '../tree/patch.js';
import { countsDiffCsv, countsDiffJson, countsDiffMarkdown, countsDiffText, diffCounts, movedWork, movedWorkLines } from './count-diff.js';
import { countSectionsText, countsCsv, countsJson, countsMarkdown, countsText, totalsLines } from './count-format.js';
import { computeCounts, section, type Counts, type CountSection } from './counts.js';
import { countMail, diffMail, type MailOrigin } from './mail.js';
import { verdictJson, verdictLines } from './state-diff.js';
import { alignRuns, alignmentJson, alignmentText } from './trace-align.js';
import { num, percent, renderTable, signed } from './table.js';

export const REPORT_FORMATS = ['text', 'json', 'csv', 'md', 'mail'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** What a caller adds to a report (estimated cycles): text lines, and sections for the other formats. */
export interface ReportExtras {
  readonly textSections?: readonly string[];
  readonly extraSections?: readonly CountSection[];
  /** The version and command line the mail format ends with. */
  readonly mailOrigin?: MailOrigin;
}

function header(title: string, rec: RunRecord): string[] {
  return [`${title} — scenario '${rec.scenario.name}': ${rec.scenario.description}`, ...rec.session.notes.map((n) => `  note: ${n}`)];
}

function modelledCalls(rec: RunRecord): string[] {
  const seen = new Set<string>();
  for (const s of rec.steps) for (const m of s.modelled) seen.add(m.text);
  return [...seen].map((t) => `  ${t}`);
}

function stepTable(c: Counts, rec: RunRecord): string {
  const rows = section(c, 'step').rows.map((r, i) => [String(i + 1), rec.steps[i].label, String(r.values[0]), String(r.values[1] + r.values[2]), String(r.values[3]), rec.steps[i].exit ?? '']);
  const t = c.totals;
  rows.push(['', 'total', String(t.instructions), String(t.bytesRead + t.bytesWritten), String(t.fpsimdBytes), '']);
  return renderTable(
    [{ header: '#', align: 'right' }, { header: 'step' }, { header: 'instructions', align: 'right' }, { header: 'bytes moved', align: 'right' }, { header: 'FP/SIMD bytes', align: 'right' }, { header: 'exit' }],
    rows,
  );
}

export function renderRunReport(rec: RunRecord, format: ReportFormat = 'text', extras: ReportExtras = {}): string {
  const c = computeCounts(rec);
  if (format !== 'text') return renderCounts(withExtras(c, extras), format, extras.mailOrigin);
  return [
    ...header(`hypsim run: ${rec.session.label}`, rec),
    '',
    'Modelled host C code:',
    ...modelledCalls(rec),
    '',
    stepTable(c, rec),
    '',
    ...totalsLines(c.totals),
    '',
    ...countSectionsText(c, ['step', 'line']),
    ...(extras.textSections ?? []),
    `Per source line: hypsim count. End state: ${rec.totalInstructions} instructions retired; guest exits: ${rec.steps.filter((s) => s.exit).length}.`,
  ].join('\n');
}

/** `hypsim count`: every count table of one run. */
export function renderCountReport(rec: RunRecord, format: ReportFormat = 'text', extras: ReportExtras = {}): string {
  const c = computeCounts(rec);
  if (format !== 'text') return renderCounts(withExtras(c, extras), format, extras.mailOrigin);
  return [countsText(c), '', ...(extras.textSections ?? [])].join('\n').trimEnd();
}

function withExtras(c: Counts, extras: ReportExtras): Counts {
  return extras.extraSections?.length ? { ...c, sections: [...c.sections, ...extras.extraSections] } : c;
}

function renderCounts(c: Counts, format: Exclude<ReportFormat, 'text'>, origin?: MailOrigin): string {
  switch (format) {
    case 'json':
      return countsJson(c);
    case 'csv':
      return countsCsv(c);
    case 'md':
      return countsMarkdown(c);
    case 'mail':
      return countMail(c, origin);
  }
}

function patchLines(patch: PatchResult | undefined, name: string | undefined): string[] {
  if (!patch) return [];
  return [`Patch ${name ?? ''}${patch.subject ? ` — ${patch.subject}` : ''}:`, ...patch.hunks.map((h) => `  ${formatHunkReport(h)}`)];
}

export interface DiffReportInput {
  readonly a: RunRecord;
  readonly b: RunRecord;
  readonly verdict: Verdict;
  readonly patch?: PatchResult;
  readonly patchName?: string;
}

export interface DiffReportOptions {
  readonly format?: ReportFormat;
  /** Add the aligned instruction streams, with this many context instructions around changes. */
  readonly traceDiff?: boolean;
  readonly context?: number;
  /** Show every row of the side-by-side tables, not only those that changed. */
  readonly all?: boolean;
  /** The version and command line the mail format ends with. */
  readonly mailOrigin?: MailOrigin;
}

function stepDiffTable(ca: Counts, cb: Counts, a: RunRecord): string {
  const ra = section(ca, 'step').rows;
  const rb = section(cb, 'step').rows;
  const bytes = (v: readonly number[]) => v[1] + v[2];
  const rows = ra.map((x, i) => {
    const y = rb[i]?.values ?? [0, 0, 0, 0];
    return [String(i + 1), a.steps[i].label, String(x.values[0]), String(y[0]), signed(y[0] - x.values[0]), percent(y[0] - x.values[0], x.values[0]), String(bytes(x.values)), String(bytes(y)), signed(bytes(y) - bytes(x.values))];
  });
  const [ta, tb] = [ca.totals, cb.totals];
  const [ba, bb] = [ta.bytesRead + ta.bytesWritten, tb.bytesRead + tb.bytesWritten];
  rows.push(['', 'total', String(ta.instructions), String(tb.instructions), signed(tb.instructions - ta.instructions), percent(tb.instructions - ta.instructions, ta.instructions), String(ba), String(bb), signed(bb - ba)]);
  return renderTable(
    [
      { header: '#', align: 'right' }, { header: 'step' }, { header: 'A insns', align: 'right' }, { header: 'B insns', align: 'right' },
      { header: 'delta', align: 'right' }, { header: '%', align: 'right' }, { header: 'A bytes', align: 'right' }, { header: 'B bytes', align: 'right' }, { header: 'delta', align: 'right' },
    ],
    rows,
  );
}

function perEntryLine(ca: Counts, cb: Counts): string {
  const [a, b] = [ca.totals, cb.totals];
  return (
    `Per guest entry + exit (average of ${a.runs} runs; host and hypervisor instructions, the guest's own left out): A ${a.perRun.switchInstructions.toFixed(1)} instructions, ${a.perRun.bytes.toFixed(0)} bytes; ` +
    `B ${b.perRun.switchInstructions.toFixed(1)} instructions, ${b.perRun.bytes.toFixed(0)} bytes ` +
    `(${signed(Math.round(b.perRun.switchInstructions - a.perRun.switchInstructions))} instructions, ${signed(Math.round(b.perRun.bytes - a.perRun.bytes))} bytes; ` +
    `FP/SIMD bytes ${num(a.perRun.fpsimdBytes)} → ${num(b.perRun.fpsimdBytes)}).`
  );
}

export function renderDiffReport(input: DiffReportInput, options: DiffReportOptions = {}): string {
  const { a, b, verdict, patch, patchName } = input;
  const ca = computeCounts(a);
  const cb = computeCounts(b);
  const d = diffCounts(ca, cb);
  const moved = movedWork(a, ca, b, cb);
  switch (options.format ?? 'text') {
    case 'json':
      return countsDiffJson(d, { moved, verdict: verdictJson(verdict), ...(options.traceDiff ? { alignment: alignmentJson(alignRuns(a, b)) } : {}) });
    case 'csv':
      return countsDiffCsv(d, { all: options.all });
    case 'md':
      return countsDiffMarkdown(d, { all: options.all });
    case 'mail':
      return diffMail({ a: ca, b: cb, moved, verdict, ...(options.mailOrigin ? { origin: options.mailOrigin } : {}) });
    case 'text':
      break;
  }
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
    stepDiffTable(ca, cb, a),
    '',
    perEntryLine(ca, cb),
    '',
    ...(moved.length ? ['Work that moved:', ...movedWorkLines(moved), ''] : []),
    ...countsDiffText(d, { all: options.all, omit: ['step'] }),
    ...(options.traceDiff ? [...alignmentText(alignRuns(a, b), options.context ?? 2), ''] : []),
    ...verdictLines(verdict),
  ].join('\n');
}
