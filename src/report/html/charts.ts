// Inline SVG charts, drawn by hypsim when the page is written: paired horizontal bars (A beside
// B) and the sweep's line panels. Each chart has a title and a description for screen readers,
// a table beside it with the same numbers, and tells its series apart by fill pattern or marker
// shape as well as colour.
import { esc } from './markup.js';

const f1 = (n: number) => String(Math.round(n * 10) / 10);

export interface BarRow {
  readonly label: string;
  /** One value per series (A, B; or one). */
  readonly values: readonly number[];
  /** `fn:NAME`: a click on the bars shows the lines. */
  readonly jump?: string;
}

export interface BarsSpec {
  readonly id: string;
  readonly title: string;
  readonly desc: string;
  /** One name per series: the first is drawn solid, the second hatched. */
  readonly legend: readonly string[];
  readonly rows: readonly BarRow[];
}

const BAR = { width: 760, label: 230, value: 56, top: 30, bar: 10 } as const;

function hatch(id: string): string {
  return `<defs><pattern id="${id}" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" class="bar-b-bg"/><rect width="3" height="6" class="bar-b"/></pattern></defs>`;
}

/** Horizontal bars, one group per key: series A solid, B hatched below it, values printed at the bar ends. */
export function bars(spec: BarsSpec): string {
  const n = spec.legend.length;
  const rowH = n * (BAR.bar + 2) + 8;
  const max = Math.max(1, ...spec.rows.flatMap((r) => r.values));
  const span = BAR.width - BAR.label - BAR.value - 16;
  const w = (v: number) => Math.max(v > 0 ? 1 : 0, Math.round((v / max) * span));
  const height = BAR.top + spec.rows.length * rowH + 6;
  const pid = `${spec.id}-hatch`;
  const x0 = BAR.label + 8;
  const fill = (k: number) => (k === 0 ? 'class="bar-a"' : `fill="url(#${pid})" class="bar-b-edge"`);
  const rows = spec.rows.map((r, i) => {
    const title = r.values.map((v, k) => `${spec.legend[k]} ${f1(v)}`).join(', ');
    const label = r.label.length > 32 ? `${r.label.slice(0, 31)}…` : r.label;
    return [
      `<g class="bar-row${r.jump ? ' jumpable' : ''}"${r.jump ? ` data-jump="${esc(r.jump)}"` : ''} transform="translate(0 ${BAR.top + i * rowH})"><title>${esc(`${r.label}: ${title}`)}</title>`,
      `<text x="${BAR.label}" y="${(rowH - 8) / 2 + 7}" text-anchor="end" class="bar-label">${esc(label)}</text>`,
      ...r.values.map((v, k) => {
        const y = 3 + k * (BAR.bar + 2);
        return `<rect x="${x0}" y="${y}" width="${w(v)}" height="${BAR.bar}" ${fill(k)}/><text x="${x0 + w(v) + 4}" y="${y + 9}" class="bar-value">${f1(v)}</text>`;
      }),
      '</g>',
    ].join('');
  });
  const legend = spec.legend.map((name, k) => `<rect x="${x0 + k * 280}" y="6" width="14" height="10" ${fill(k)}/><text x="${x0 + k * 280 + 20}" y="15" class="legend">${esc(name)}</text>`);
  return [
    `<figure class="chart"><svg id="${esc(spec.id)}" viewBox="0 0 ${BAR.width} ${height}" width="${BAR.width}" role="img" aria-labelledby="${esc(spec.id)}-t ${esc(spec.id)}-d">`,
    `<title id="${esc(spec.id)}-t">${esc(spec.title)}</title><desc id="${esc(spec.id)}-d">${esc(spec.desc)}</desc>`,
    n > 1 ? hatch(pid) : '',
    ...legend,
    ...rows,
    '</svg></figure>',
  ].join('\n');
}

export interface LineSeries {
  readonly name: string;
  /** x in [0, 1], y ≥ 0, in x order. */
  readonly points: ReadonlyArray<readonly [number, number]>;
}

export interface Crossover {
  readonly x: number;
  readonly y: number;
  readonly label: string;
}

export interface LinePanelSpec {
  readonly id: string;
  readonly title: string;
  readonly desc: string;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly xTicks: readonly number[];
  readonly series: readonly LineSeries[];
  readonly crossovers: readonly Crossover[];
}

const LINE = { width: 560, height: 330, left: 62, right: 150, top: 24, bottom: 52 } as const;
const MARKERS = ['circle', 'square', 'triangle', 'diamond', 'cross'] as const;

/** Rounded tick step for about `n` ticks up to `max`. */
export function niceStep(max: number, n = 5): number {
  const raw = max / n;
  const p = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 2.5, 5, 10].map((m) => m * p).find((s) => s >= raw) ?? 10 * p;
}

function marker(kind: (typeof MARKERS)[number], x: number, y: number, cls: string): string {
  const r = 4.5;
  switch (kind) {
    case 'circle':
      return `<circle cx="${f1(x)}" cy="${f1(y)}" r="${r}" class="${cls}"/>`;
    case 'square':
      return `<rect x="${f1(x - r)}" y="${f1(y - r)}" width="${2 * r}" height="${2 * r}" class="${cls}"/>`;
    case 'triangle':
      return `<path d="M${f1(x)} ${f1(y - r - 1)}L${f1(x + r + 1)} ${f1(y + r)}L${f1(x - r - 1)} ${f1(y + r)}Z" class="${cls}"/>`;
    case 'diamond':
      return `<path d="M${f1(x)} ${f1(y - r - 1)}L${f1(x + r + 1)} ${f1(y)}L${f1(x)} ${f1(y + r + 1)}L${f1(x - r - 1)} ${f1(y)}Z" class="${cls}"/>`;
    case 'cross':
      return `<path d="M${f1(x - r)} ${f1(y - r)}L${f1(x + r)} ${f1(y + r)}M${f1(x + r)} ${f1(y - r)}L${f1(x - r)} ${f1(y + r)}" class="${cls} open"/>`;
  }
}

/** The marker of series `i`, as a small inline SVG for legends and tables. */
export function markerIcon(i: number): string {
  return `<svg class="icon" width="14" height="14" viewBox="0 0 14 14" aria-hidden="true">${marker(MARKERS[i % MARKERS.length], 7, 7, `mark s${i % MARKERS.length}`)}</svg>`;
}

/** Spreads end labels so they never overlap (at least `gap` apart), keeping their order. */
function spread(ys: readonly number[], gap: number): number[] {
  const order = ys.map((y, i) => [y, i] as const).sort((p, q) => p[0] - q[0]);
  const out = new Array<number>(ys.length);
  let last = -Infinity;
  for (const [y, i] of order) out[i] = last = Math.max(y, last + gap);
  return out;
}

/** One panel: a line per series over x in [0, 1], markers at the data points, crossovers ringed and numbered. */
export function linePanel(spec: LinePanelSpec): string {
  const plotW = LINE.width - LINE.left - LINE.right;
  const plotH = LINE.height - LINE.top - LINE.bottom;
  const ys = spec.series.flatMap((s) => s.points.map((p) => p[1]));
  const [minY, maxY] = [Math.min(...ys, Infinity), Math.max(...ys, -Infinity)];
  const step = niceStep(Math.max(1, maxY - minY));
  const bottom = Number.isFinite(minY) ? Math.max(0, Math.floor(minY / step) * step - step) : 0;
  const top = Number.isFinite(maxY) ? Math.ceil(maxY / step) * step + step : 1;
  const X = (x: number) => LINE.left + x * plotW;
  const Y = (y: number) => LINE.top + plotH - ((y - bottom) / (top - bottom)) * plotH;
  const parts: string[] = [];
  for (let k = 0, v = bottom; v <= top + 1e-9; k++, v = bottom + k * step) {
    parts.push(`<line x1="${LINE.left}" x2="${LINE.left + plotW}" y1="${f1(Y(v))}" y2="${f1(Y(v))}" class="grid"/><text x="${LINE.left - 6}" y="${f1(Y(v) + 4)}" text-anchor="end" class="tick">${f1(v)}</text>`);
  }
  for (const x of spec.xTicks) {
    parts.push(`<line x1="${f1(X(x))}" x2="${f1(X(x))}" y1="${LINE.top}" y2="${LINE.top + plotH}" class="grid"/><text x="${f1(X(x))}" y="${LINE.top + plotH + 16}" text-anchor="middle" class="tick">${Math.round(x * 100)}%</text>`);
  }
  parts.push(`<text x="${LINE.left + plotW / 2}" y="${LINE.height - 10}" text-anchor="middle" class="axis-label">${esc(spec.xLabel)}</text>`);
  parts.push(`<text transform="translate(14 ${LINE.top + plotH / 2}) rotate(-90)" text-anchor="middle" class="axis-label">${esc(spec.yLabel)}</text>`);
  const ends = spread(spec.series.map((s) => Y(s.points.at(-1)?.[1] ?? 0)), 14);
  spec.series.forEach((s, i) => {
    const k = i % MARKERS.length;
    parts.push(`<g class="series s${k}"><title>${esc(s.name)}</title>`);
    parts.push(`<polyline points="${s.points.map(([x, y]) => `${f1(X(x))},${f1(Y(y))}`).join(' ')}" class="line s${k}"/>`);
    for (const [x, y] of s.points) parts.push(`<g>${marker(MARKERS[k], X(x), Y(y), `mark s${k}`)}<title>${esc(`${s.name} at ${Math.round(x * 100)}% FP/SIMD use: ${f1(y)}`)}</title></g>`);
    const last = s.points.at(-1);
    if (last) parts.push(`<text x="${f1(X(last[0]) + 10)}" y="${f1(ends[i] + 4)}" class="end-label">${esc(s.name)}</text>`);
    parts.push('</g>');
  });
  spec.crossovers.forEach((c, n) => {
    parts.push(
      `<g class="crossover"><title>${esc(c.label)}</title><circle cx="${f1(X(c.x))}" cy="${f1(Y(c.y))}" r="8" class="ring"/>` +
        `<text x="${f1(X(c.x))}" y="${f1(Y(c.y) - 12)}" text-anchor="middle" class="ring-label">${n + 1}</text></g>`,
    );
  });
  return [
    `<svg id="${esc(spec.id)}" viewBox="0 0 ${LINE.width} ${LINE.height}" width="${LINE.width}" role="img" aria-labelledby="${esc(spec.id)}-t ${esc(spec.id)}-d">`,
    `<title id="${esc(spec.id)}-t">${esc(spec.title)}</title><desc id="${esc(spec.id)}-d">${esc(spec.desc)}</desc>`,
    `<rect x="${LINE.left}" y="${LINE.top}" width="${plotW}" height="${plotH}" class="plot"/>`,
    ...parts,
    '</svg>',
  ].join('\n');
}
