// The sweep page: per runs-per-residency value a panel with each variant's host + hypervisor
// instructions per round trip over the fraction of runs that use FP/SIMD, the points where two
// variants' curves cross ringed and numbered, and the numbers as tables.
import type { SweepCell, SweepGrid } from '../sweep.js';
import { num } from '../table.js';
import { linePanel, markerIcon, type LineSeries } from './charts.js';
import { cell, definitionList, esc, section, table, type Cell } from './markup.js';
import { htmlPage } from './page.js';

export interface HtmlSweepInput {
  readonly cells: readonly SweepCell[];
  readonly grid: SweepGrid;
  readonly tree: string;
}

export interface Crossing {
  /** FP/SIMD-use fraction and instructions per trip where the lines meet (linear between grid points). */
  readonly x: number;
  readonly y: number;
  /** The variant with fewer instructions just below x, and the one just above it. */
  readonly below: string;
  readonly above: string;
  /** The lines meet at a grid point rather than between two. */
  readonly atPoint: boolean;
}

const pct = (x: number) => `${Math.round(x * 1000) / 10}%`;

/** Each variant's curve over the fraction of runs that really used FP/SIMD (round(fraction × runs) of them). */
function seriesOf(cells: readonly SweepCell[], runs: number, variants: readonly string[]): LineSeries[] {
  return variants.map((v) => {
    const points = new Map<number, number>();
    for (const c of cells.filter((x) => x.runs === runs && x.variant === v).sort((p, q) => p.fpRuns - q.fpRuns || p.fpUse - q.fpUse)) {
      if (!points.has(c.fpRuns / runs)) points.set(c.fpRuns / runs, c.instructionsPerTrip);
    }
    return { name: v, points: [...points] };
  });
}

/** Where each pair of curves changes order, by linear interpolation between neighbouring grid points. */
export function crossings(series: readonly LineSeries[]): Crossing[] {
  const out: Crossing[] = [];
  for (let i = 0; i < series.length; i++) {
    for (let j = i + 1; j < series.length; j++) {
      const [p, q] = [series[i].points, series[j].points];
      const n = Math.min(p.length, q.length);
      const d = (k: number) => p[k][1] - q[k][1];
      let lastSign = 0;
      for (let k = 0; k < n; k++) {
        const s = Math.sign(d(k));
        if (s === 0) continue;
        if (lastSign !== 0 && s !== lastSign) {
          // Find the previous non-tie point: the lines meet between it and k, or at the ties between.
          let m = k - 1;
          while (d(m) === 0) m--;
          const [lower, upper] = lastSign < 0 ? [series[i].name, series[j].name] : [series[j].name, series[i].name];
          if (m < k - 1) out.push({ x: p[m + 1][0], y: p[m + 1][1], below: lower, above: upper, atPoint: true });
          else {
            const t = d(m) / (d(m) - d(k));
            out.push({ x: p[m][0] + t * (p[k][0] - p[m][0]), y: p[m][1] + t * (p[k][1] - p[m][1]), below: lower, above: upper, atPoint: false });
          }
        }
        lastSign = s;
      }
    }
  }
  return out.sort((u, v) => u.x - v.x || (u.below < v.below ? -1 : u.below > v.below ? 1 : 0));
}

function crossingText(c: Crossing): string {
  const where = `${c.atPoint ? 'at' : 'at about'} ${pct(c.x)} FP/SIMD use (${num(Number(c.y.toFixed(1)))} insns/trip)`;
  return `${c.below} and ${c.above} cross ${where}: below it ${c.below} needs fewer instructions, above it ${c.above}`;
}

function panelTable(cells: readonly SweepCell[], runs: number, variants: readonly string[]): string {
  const fractions = [...new Set(cells.filter((c) => c.runs === runs).map((c) => c.fpUse))].sort((x, y) => x - y);
  const at = (f: number, v: string) => cells.find((c) => c.runs === runs && c.fpUse === f && c.variant === v);
  const rows = fractions.map((f) => {
    const row = variants.map((v) => at(f, v));
    const best = [...row].filter((c) => c).sort((x, y) => x!.instructionsPerTrip - y!.instructionsPerTrip)[0];
    const cells: Cell[] = [
      cell(`${pct(f)} (${row[0]?.fpRuns ?? 0} of ${runs})`, f),
      ...row.map((c) => cell(num(Number((c?.instructionsPerTrip ?? 0).toFixed(1))), c?.instructionsPerTrip ?? 0)),
      cell(best?.variant ?? ''),
    ];
    return { cells };
  });
  return table({
    id: `sweep-table-${runs}`,
    caption: `Instructions per round trip, ${runs} run${runs === 1 ? '' : 's'} per vcpu_load/put`,
    columns: [{ header: 'FP/SIMD use (runs)', numeric: true }, ...variants.map((v) => ({ header: v, numeric: true })), { header: 'fewest' }],
    rows,
    sortable: true,
  });
}

function panel(cells: readonly SweepCell[], runs: number, grid: SweepGrid): string {
  const series = seriesOf(cells, runs, grid.variants);
  const cross = crossings(series);
  const ends = series.map((s) => `${s.name} ${num(Number((s.points[0]?.[1] ?? 0).toFixed(1)))} at 0% to ${num(Number((s.points.at(-1)?.[1] ?? 0).toFixed(1)))} at ${pct(s.points.at(-1)?.[0] ?? 0)}`);
  const title = `${runs} run${runs === 1 ? '' : 's'} per vcpu_load/vcpu_put`;
  const svg = linePanel({
    id: `sweep-${runs}`,
    title: `Host + hypervisor instructions per round trip, ${title}`,
    desc: `${ends.join('; ')}. ${cross.length ? cross.map(crossingText).join('. ') : 'No two lines cross'}.`,
    xLabel: 'share of the runs that use FP/SIMD',
    yLabel: 'instructions per round trip',
    xTicks: [...new Set(series.flatMap((s) => s.points.map((p) => p[0])))],
    series,
    crossovers: cross.map((c) => ({ x: c.x, y: c.y, label: crossingText(c) })),
  });
  const list = cross.length ? `<ol class="crossings">${cross.map((c) => `<li>${esc(crossingText(c))}.</li>`).join('')}</ol>` : '<p class="note">No two lines cross in this panel: one variant needs the fewest instructions at every FP/SIMD use.</p>';
  return `<div class="panel" id="panel-${runs}"><h3>${esc(title)}</h3><figure class="chart">${svg}<figcaption>${list}</figcaption></figure>${panelTable(cells, runs, grid.variants)}</div>`;
}

export function sweepHtml(input: HtmlSweepInput): string {
  const { cells, grid } = input;
  const legend = grid.variants.map((v, i) => `<li>${markerIcon(i)}${esc(v)}</li>`).join('');
  const header = [
    '<h1>hypsim sweep: instructions per round trip over FP/SIMD use</h1>',
    definitionList([
      ['Tree', esc(input.tree)],
      ['Variants', `<ul class="legend">${legend}</ul>`],
      ['Runs per residency', esc(grid.runs.join(', '))],
      ['FP/SIMD use', esc(grid.fpUse.map(pct).join(', '))],
      ['Each run', `compute ${grid.compute}, exit hvc; the runs that use FP/SIMD also do fpsimd ${grid.fpsimd}, chosen by a seeded shuffle (seed ${grid.seed})`],
    ]),
  ].join('\n');
  const intro =
    'Each point is a generated scenario — vcpu_load, N guest runs, vcpu_put — on a freshly built world. insns/trip: host and hypervisor instructions per guest entry + exit ' +
    '(guest code left out), vcpu_load/put included and spread over the N runs; FP B/trip: bytes moved to or from FP/SIMD register fields per round trip. ' +
    'Where two lines cross, the variant that needs fewer instructions changes: a lazy switch pays nothing on runs that skip FP/SIMD, a load/put move pays once per residency.';
  const panels = `<div class="panels">${grid.runs.map((r) => panel(cells, r, grid)).join('\n')}</div>`;
  const all = table({
    id: 'sweep-cells',
    caption: 'Every cell of the sweep',
    columns: [{ header: 'runs', numeric: true }, { header: 'FP/SIMD use', numeric: true }, { header: 'FP/SIMD runs', numeric: true }, { header: 'variant' }, { header: 'insns/trip', numeric: true }, { header: 'FP B/trip', numeric: true }, { header: 'bytes/trip', numeric: true }],
    rows: cells.map((c) => ({
      cells: [cell(c.runs, c.runs), cell(pct(c.fpUse), c.fpUse), cell(c.fpRuns, c.fpRuns), cell(c.variant), cell(num(Number(c.instructionsPerTrip.toFixed(1))), c.instructionsPerTrip), cell(num(Number(c.fpsimdBytesPerTrip.toFixed(1))), c.fpsimdBytesPerTrip), cell(num(Number(c.bytesPerTrip.toFixed(1))), c.bytesPerTrip)],
    })),
    sortable: true,
  });
  return htmlPage({
    title: `hypsim sweep — ${grid.variants.join(', ')}`,
    header,
    sections: [
      { id: 'panels', title: 'Panels', html: section('panels', 'Instructions per round trip', panels, esc(intro)) },
      { id: 'cells', title: 'All cells', html: section('cells', 'All cells', all) },
    ],
  });
}
