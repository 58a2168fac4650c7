// The count tables and charts of the run and diff pages, for one side (a run) or two (A and B):
// per scenario step with bars, the per-round-trip summary, where the instructions go (per
// function and per macro, chart and sortable table), and the other count sections.
import type { RunRecord } from '../../kvm/runner.js';
import type { DiffSection } from '../count-diff.js';
import type { CountSection, SectionId, Totals } from '../counts.js';
import { num, percent, signed } from '../table.js';
import { bars } from './charts.js';
import { cell, esc, jumpLink, section, table, type Cell, type Column, type Row } from './markup.js';

/** A section's row with its values on each side. */
export interface SideRow {
  readonly key: string;
  readonly sides: ReadonlyArray<readonly number[]>;
}

export interface SideSection {
  readonly id: SectionId;
  readonly title: string;
  readonly keyHeader: string;
  readonly valueHeaders: readonly string[];
  readonly rows: readonly SideRow[];
}

export function fromCounts(s: CountSection): SideSection {
  return { ...s, rows: s.rows.map((r) => ({ key: r.key, sides: [r.values] })) };
}

export function fromDiff(s: DiffSection): SideSection {
  return { ...s, rows: s.rows.map((r) => ({ key: r.key, sides: [r.a, r.b] })) };
}

const fmt = (n: number) => num(n);

/** Value cells: each side, then delta and percent when there are two. */
function valueCells(values: ReadonlyArray<readonly number[]>, k: number, withPercent = true): Cell[] {
  const cells = values.map((v) => cell(fmt(v[k] ?? 0), v[k] ?? 0));
  if (values.length === 2) {
    const [a, b] = [values[0][k] ?? 0, values[1][k] ?? 0];
    cells.push(cell(signed(Number(fmt(b - a))), b - a));
    if (withPercent) cells.push(cell(percent(b - a, a), a === 0 ? (b === 0 ? 0 : Infinity) : (b - a) / a));
  }
  return cells;
}

function valueColumns(header: string, sides: readonly string[], many: boolean, withPercent = true): Column[] {
  const suffix = many ? ` ${header}` : '';
  const cols: Column[] = sides.map((s) => ({ header: sides.length > 1 ? `${s}${suffix}` : header, numeric: true }));
  if (sides.length === 2) cols.push({ header: many ? `Δ ${header}` : 'Δ', numeric: true });
  if (sides.length === 2 && withPercent) cols.push({ header: '%', numeric: true });
  return cols;
}

export interface CountTableOptions {
  readonly id: string;
  readonly sides: readonly string[];
  /** `fn` / `macro`: rows link to their lines in the source view. */
  readonly jump?: 'fn' | 'macro';
  /** Extra markup after a key (tags such as "only in A"). */
  readonly keyTag?: (key: string) => string;
}

const changed = (r: SideRow) => r.sides.length === 2 && r.sides[0].some((v, i) => v !== r.sides[1][i]);

/** A sortable table of a count section, every row; unchanged rows of a diff are dimmed. */
export function countTable(s: SideSection, o: CountTableOptions): string {
  const many = s.valueHeaders.length > 1;
  const columns: Column[] = [{ header: s.keyHeader }, ...s.valueHeaders.flatMap((h) => valueColumns(h, o.sides, many))];
  const rows: Row[] = s.rows.map((r) => {
    const jump = o.jump && r.key !== '(no macro)' ? `${o.jump}:${r.key}` : undefined;
    const key: Cell = jump ? jumpLink(r.key, jump) : cell(r.key);
    const tag = o.keyTag?.(r.key) ?? '';
    return {
      cells: [tag ? { ...key, html: `${key.html ?? esc(key.text)}${tag}` } : key, ...s.valueHeaders.flatMap((_, k) => valueCells(r.sides, k))],
      ...(o.sides.length === 2 && !changed(r) ? { cls: 'same' } : {}),
      ...(jump ? { jump } : {}),
    };
  });
  const unchanged = o.sides.length === 2 ? s.rows.filter((r) => !changed(r)).length : 0;
  const caption = `${s.title}${unchanged ? ` (${s.rows.length - unchanged} changed, ${unchanged} unchanged)` : ''}`;
  return table({ id: o.id, caption, columns, rows, sortable: true });
}

/** The biggest rows of a section as bars (first value column), each side a series. */
export function countChart(s: SideSection, o: { id: string; sides: readonly string[]; limit: number; jump?: 'fn' | 'macro'; title: string }): string {
  const top = [...s.rows].sort((x, y) => Math.max(...y.sides.map((v) => v[0])) - Math.max(...x.sides.map((v) => v[0])) || (x.key < y.key ? -1 : 1)).slice(0, o.limit);
  const desc = top.map((r) => `${r.key}: ${r.sides.map((v, i) => `${o.sides[i]} ${fmt(v[0])}`).join(', ')}`).join('; ');
  return bars({
    id: o.id,
    title: o.title,
    desc: `The ${top.length} largest of ${s.rows.length} rows (all are in the table below). ${desc}.`,
    legend: o.sides,
    rows: top.map((r) => ({ label: r.key, values: r.sides.map((v) => v[0]), ...(o.jump && r.key !== '(no macro)' ? { jump: `${o.jump}:${r.key}` } : {}) })),
  });
}

/** Two bars in a table cell: each side's value against the column's maximum. */
function barCell(values: readonly number[], max: number): Cell {
  const spans = values.map((v, i) => `<span class="${i === 0 ? 'a' : 'b'}" style="width:${max ? Math.round((1000 * v) / max) / 10 : 0}%"></span>`).join('');
  return { text: '', html: `<div class="bars" aria-hidden="true">${spans}</div>` };
}

/** The per-step table: instructions (with bars), bytes moved, FP/SIMD bytes, on each side. */
export function stepTable(s: SideSection, rec: RunRecord, sides: readonly string[]): string {
  const bytes = (v: readonly number[]) => [v[0], v[1] + v[2], v[3]];
  const max = Math.max(1, ...s.rows.flatMap((r) => r.sides.map((v) => v[0])));
  const columns: Column[] = [
    { header: '#', numeric: true }, { header: 'step' },
    ...valueColumns('insns', sides, true),
    { header: sides.length > 1 ? `${sides.join(' / ')} insns` : 'insns (bar)', unsorted: true },
    ...valueColumns('bytes', sides, true, false),
    ...valueColumns('FP/SIMD bytes', sides, true, false),
  ];
  const rows: Row[] = s.rows.map((r, i) => {
    const v = r.sides.map(bytes);
    return {
      cells: [cell(i + 1, i + 1), cell(rec.steps[i]?.label ?? r.key), ...valueCells(v, 0), barCell(v.map((x) => x[0]), max), ...valueCells(v, 1, false), ...valueCells(v, 2, false)],
    };
  });
  const total = sides.map((_, k) => s.rows.reduce((acc, r) => bytes(r.sides[k]).map((x, j) => acc[j] + x), [0, 0, 0]));
  const foot: Row = { cells: [cell(''), cell('total'), ...valueCells(total, 0), cell(''), ...valueCells(total, 1, false), ...valueCells(total, 2, false)] };
  return table({ id: 'steps-table', caption: 'Instructions and bytes per scenario step', columns, rows, foot: [foot], sortable: true, cls: 'steps' });
}

/** Per round trip (guest entry + exit), per residency (vcpu_load + vcpu_put), whole scenario. */
export function summaryTable(totals: readonly Totals[], sides: readonly string[]): string {
  const metrics: Array<[string, (t: Totals) => number]> = [
    ['host + hypervisor insns per round trip', (t) => t.perRun.switchInstructions],
    ['all insns per round trip (with guest)', (t) => t.perRun.instructions],
    ['bytes moved per round trip', (t) => t.perRun.bytes],
    ['FP/SIMD bytes per round trip', (t) => t.perRun.fpsimdBytes],
    ['vcpu_load + vcpu_put: insns', (t) => t.residency.instructions],
    ['vcpu_load + vcpu_put: bytes', (t) => t.residency.bytes],
    ['vcpu_load + vcpu_put: FP/SIMD bytes', (t) => t.residency.fpsimdBytes],
    ['whole scenario: insns', (t) => t.instructions],
    ['whole scenario: host + hyp insns', (t) => t.switchInstructions],
    ['whole scenario: bytes moved', (t) => t.bytesRead + t.bytesWritten],
    ['whole scenario: FP/SIMD bytes', (t) => t.fpsimdBytes],
    ['interrupts taken', (t) => t.interrupts],
  ];
  const columns: Column[] = [{ header: 'figure' }, ...valueColumns('', sides, false).map((c, i) => (i < sides.length ? { ...c, header: sides[i] } : c))];
  const rows: Row[] = metrics.map(([name, f]) => ({ cells: [cell(name), ...valueCells(totals.map((t) => [f(t)]), 0)] }));
  return table({ id: 'summary-table', caption: `Round trip = guest entry + exit (average of ${totals[0].runs})`, columns, rows });
}

const OWN_SECTIONS: readonly SectionId[] = ['step', 'function', 'macro-outer', 'macro-inner'];

/** The functions, macros and other-counts sections of a page (one side or A and B). */
export function countPageSections(sections: readonly SideSection[], sides: readonly string[], functionTag?: (key: string) => string): Array<{ id: string; title: string; html: string }> {
  const sec = (id: SectionId) => sections.find((s) => s.id === id)!;
  const both = sides.length > 1 ? `, ${sides.join(' and ')}` : '';
  const others = sections.filter((s) => !OWN_SECTIONS.includes(s.id)).map((s) => countTable(s, { id: `counts-${s.id}`, sides }));
  const functions = [
    countChart(sec('function'), { id: 'chart-functions', sides, limit: 16, jump: 'fn', title: `Instructions per function${both}` }),
    countTable(sec('function'), { id: 'functions-table', sides, jump: 'fn', ...(functionTag ? { keyTag: functionTag } : {}) }),
  ];
  const macros = [
    countChart(sec('macro-outer'), { id: 'chart-macros', sides, limit: 14, jump: 'macro', title: `Instructions per macro (outermost expansion)${both}` }),
    `<div class="pair">${countTable(sec('macro-outer'), { id: 'macros-outer-table', sides, jump: 'macro' })}`,
    `${countTable(sec('macro-inner'), { id: 'macros-inner-table', sides, jump: 'macro' })}</div>`,
  ];
  return [
    { id: 'functions', title: 'Functions', html: section('functions', 'Where the instructions go: per function', functions.join('\n'), 'A click on a function (a row, a bar or its name) shows its lines in the source view.') },
    { id: 'macros', title: 'Macros', html: section('macros', 'Per macro', macros.join('\n')) },
    { id: 'counts', title: 'Other counts', html: section('counts', 'Other counts', `<div class="pair">${others.join('\n')}</div>`) },
  ];
}
