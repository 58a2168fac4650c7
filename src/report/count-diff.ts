// Counts of two runs side by side (A = before, B = after) with absolute and relative deltas,
// and the work a patch moved: functions only one side executes, with where they ran.
import type { RunRecord } from '../kvm/runner.js';
import { COUNTS_VERSION } from './count-format.js';
import type { Counts, CountSection, SectionId } from './counts.js';
import { executed, runRecords } from './records.js';
import { csvLine, markdownTable, num, percent, renderTable, signed, type Column } from './table.js';

export interface DiffRow {
  readonly key: string;
  readonly a: readonly number[];
  readonly b: readonly number[];
}

export interface DiffSection {
  readonly id: SectionId;
  readonly title: string;
  readonly keyHeader: string;
  readonly valueHeaders: readonly string[];
  readonly rows: readonly DiffRow[];
}

export interface CountsDiff {
  readonly a: Counts;
  readonly b: Counts;
  readonly sections: readonly DiffSection[];
}

/** Per source line counts stay per variant: a patch renumbers the lines after each hunk. */
const NOT_DIFFED: readonly SectionId[] = ['line'];

function diffSection(sa: CountSection, sb: CountSection): DiffSection {
  const zero = sa.valueHeaders.map(() => 0);
  if (sa.id === 'step') {
    const n = Math.max(sa.rows.length, sb.rows.length);
    const rows = Array.from({ length: n }, (_, i) => ({ key: (sa.rows[i] ?? sb.rows[i]).key, a: sa.rows[i]?.values ?? zero, b: sb.rows[i]?.values ?? zero }));
    return { ...sa, rows };
  }
  const bByKey = new Map(sb.rows.map((r) => [r.key, r.values]));
  const aKeys = new Set(sa.rows.map((r) => r.key));
  const rows: DiffRow[] = [
    ...sa.rows.map((r) => ({ key: r.key, a: r.values, b: bByKey.get(r.key) ?? zero })),
    ...sb.rows.filter((r) => !aKeys.has(r.key)).map((r) => ({ key: r.key, a: zero, b: r.values })),
  ];
  const change = (r: DiffRow) => Math.abs(r.b[0] - r.a[0]) + Math.abs((r.b[1] ?? 0) - (r.a[1] ?? 0));
  if (sa.id === 'function' || sa.id === 'macro-outer' || sa.id === 'macro-inner' || sa.id === 'region' || sa.id === 'class') {
    rows.sort((x, y) => change(y) - change(x) || (x.key < y.key ? -1 : x.key > y.key ? 1 : 0));
  }
  return { id: sa.id, title: sa.title, keyHeader: sa.keyHeader, valueHeaders: sa.valueHeaders, rows };
}

export function diffCounts(a: Counts, b: Counts): CountsDiff {
  const sections = a.sections
    .filter((s) => !NOT_DIFFED.includes(s.id))
    .map((s) => diffSection(s, b.sections.find((t) => t.id === s.id) ?? { ...s, rows: [] }));
  return { a, b, sections };
}

const changed = (r: DiffRow) => r.a.some((v, i) => v !== r.b[i]);

function diffColumns(s: DiffSection): Column[] {
  const cols: Column[] = [{ header: s.keyHeader }];
  for (const h of s.valueHeaders) {
    const short = s.valueHeaders.length > 1 ? ` ${h}` : '';
    cols.push({ header: `A${short}`, align: 'right' }, { header: `B${short}`, align: 'right' }, { header: 'delta', align: 'right' }, { header: '%', align: 'right' });
  }
  return cols;
}

function diffCells(r: DiffRow): string[] {
  return [r.key, ...r.a.flatMap((x, i) => [num(x), num(r.b[i]), signed(Number(num(r.b[i] - x))), percent(r.b[i] - x, x)])];
}

/** Side-by-side tables of the rows that differ (all rows with `all`). */
export function countsDiffText(d: CountsDiff, options: { all?: boolean; omit?: readonly SectionId[] } = {}): string[] {
  const out: string[] = [];
  for (const s of d.sections) {
    if (options.omit?.includes(s.id)) continue;
    const shown = options.all ? s.rows : s.rows.filter(changed);
    const hidden = s.rows.length - shown.length;
    if (shown.length === 0) {
      out.push(`${s.title}: no change (${s.rows.length} rows).`, '');
      continue;
    }
    out.push(`${s.title}${options.all ? '' : ' that changed'}:`, renderTable(diffColumns(s), shown.map(diffCells)));
    if (hidden) out.push(`  (${hidden} unchanged row${hidden === 1 ? '' : 's'} not shown)`);
    out.push('');
  }
  return out;
}

export function countsDiffJson(d: CountsDiff, extra: Record<string, unknown> = {}): string {
  return JSON.stringify(
    {
      format: 'hypsim-counts-diff',
      version: COUNTS_VERSION,
      scenario: d.a.scenario,
      a: { variant: d.a.label, totals: d.a.totals },
      b: { variant: d.b.label, totals: d.b.totals },
      ...extra,
      sections: d.sections.map((s) => ({ id: s.id, title: s.title, columns: [s.keyHeader, ...s.valueHeaders.flatMap((h) => [`A ${h}`, `B ${h}`])], rows: s.rows.map((r) => [r.key, ...r.a.flatMap((x, i) => [x, r.b[i]])]) })),
    },
    null,
    2,
  );
}

export const DIFF_CSV_HEADER = ['section', 'key', 'metric', 'a', 'b', 'delta', 'percent'] as const;

export function countsDiffCsv(d: CountsDiff, options: { all?: boolean } = {}): string {
  const lines = [csvLine(DIFF_CSV_HEADER)];
  const pct = (delta: number, base: number) => (base === 0 ? '' : ((100 * delta) / base).toFixed(1));
  const ta = d.a.totals;
  const tb = d.b.totals;
  const totals: Array<[string, number, number]> = [
    ['instructions', ta.instructions, tb.instructions], ['bytes read', ta.bytesRead, tb.bytesRead], ['bytes written', ta.bytesWritten, tb.bytesWritten],
    ['FP/SIMD bytes', ta.fpsimdBytes, tb.fpsimdBytes], ['instructions per guest entry', ta.perRun.switchInstructions, tb.perRun.switchInstructions], ['bytes per guest entry', ta.perRun.bytes, tb.perRun.bytes],
    ['vcpu_load+put instructions', ta.residency.instructions, tb.residency.instructions], ['vcpu_load+put bytes', ta.residency.bytes, tb.residency.bytes],
  ];
  for (const [m, x, y] of totals) lines.push(csvLine(['totals', d.a.scenario, m, Number(num(x)), Number(num(y)), Number(num(y - x)), pct(y - x, x)]));
  for (const s of d.sections) {
    for (const r of options.all ? s.rows : s.rows.filter(changed)) s.valueHeaders.forEach((h, i) => lines.push(csvLine([s.id, r.key, h, r.a[i], r.b[i], r.b[i] - r.a[i], pct(r.b[i] - r.a[i], r.a[i])])));
  }
  return lines.join('\n');
}

export function countsDiffMarkdown(d: CountsDiff, options: { all?: boolean } = {}): string {
  return [
    `## hypsim diff — scenario \`${d.a.scenario}\``,
    '',
    `A: ${d.a.label}  `,
    `B: ${d.b.label}`,
    '',
    ...d.sections.flatMap((s) => {
      const shown = options.all ? s.rows : s.rows.filter(changed);
      return shown.length ? [`### ${s.title}${options.all ? '' : ' that changed'}`, '', markdownTable(diffColumns(s), shown.map(diffCells)), ''] : [];
    }),
  ].join('\n').trimEnd();
}

export interface MovedFunction {
  readonly name: string;
  readonly side: 'a' | 'b';
  readonly instructions: number;
  /** Times execution arrived at its first instruction from elsewhere (calls, tail calls). */
  readonly calls: number;
  /** Kinds of scenario step it ran in (run, vcpu_load, vcpu_put, host_fpsimd). */
  readonly stepKinds: readonly string[];
  /** file:line of its first executed instruction. */
  readonly origin: string;
}

function functionFacts(run: RunRecord): Map<string, { kinds: Set<string>; origin: string }> {
  const recs = runRecords(run);
  const out = new Map<string, { kinds: Set<string>; origin: string }>();
  for (const r of executed(recs)) {
    let f = out.get(r.info.function);
    if (!f) out.set(r.info.function, (f = { kinds: new Set(), origin: `${r.info.file}:${r.info.line}` }));
    f.kinds.add(recs.steps[r.step].step.kind);
  }
  return out;
}

/** Functions that only one side executes: the work a patch removed, added or moved. */
export function movedWork(a: RunRecord, ca: Counts, b: RunRecord, cb: Counts): MovedFunction[] {
  const fa = ca.sections.find((s) => s.id === 'function')!;
  const fb = cb.sections.find((s) => s.id === 'function')!;
  const inA = new Map(fa.rows.map((r) => [r.key, r.values]));
  const inB = new Map(fb.rows.map((r) => [r.key, r.values]));
  const factsA = functionFacts(a);
  const factsB = functionFacts(b);
  const moved = (side: 'a' | 'b', rows: Map<string, readonly number[]>, other: Map<string, readonly number[]>, facts: ReturnType<typeof functionFacts>) =>
    [...rows].filter(([name, v]) => v[0] > 0 && !other.has(name)).map(([name, v]): MovedFunction => ({
      name, side, instructions: v[0], calls: v[1] ?? 0, stepKinds: [...(facts.get(name)?.kinds ?? [])], origin: facts.get(name)?.origin ?? '?',
    }));
  return [...moved('a', inA, inB, factsA), ...moved('b', inB, inA, factsB)];
}

export function movedWorkLines(moved: readonly MovedFunction[]): string[] {
  return moved.map((m) => {
    const where = m.stepKinds.join(', ');
    const other = m.side === 'a' ? 'B' : 'A';
    return `  ${m.side === 'a' ? '-' : '+'} ${m.name}: ${m.instructions} instructions in ${m.side.toUpperCase()} (${m.calls} call${m.calls === 1 ? '' : 's'}, during ${where}; ${m.origin}), not executed in ${other}`;
  });
}
