// `hypsim sweep`: a grid of generated scenarios — N guest runs inside one vcpu_load/vcpu_put,
// a fraction of them touching FP/SIMD — run on each variant, reporting per round trip (guest
// entry + exit) the host and hypervisor instructions and the bytes moved to or from FP/SIMD
// register fields. Which runs use FP/SIMD is a seeded shuffle, so a sweep is deterministic.
import type { RunRecord } from '../kvm/runner.js';
import type { Scenario, Step } from '../kvm/scenario.js';
import { GuestCode, fieldGroup } from './counts.js';
import { csvLine, markdownTable, num, percent, renderTable, type Column } from './table.js';

export interface SweepGrid {
  readonly runs: readonly number[];
  /** Fractions in [0, 1]. */
  readonly fpUse: readonly number[];
  readonly variants: readonly string[];
  readonly seed: number;
  /** Integer work every run does, and FP/SIMD iterations of the runs that use FP/SIMD. */
  readonly compute: number;
  readonly fpsimd: number;
}

export const DEFAULT_SWEEP = { runs: [1, 10, 100], fpUse: [0, 0.3, 0.5, 1], seed: 1, compute: 4, fpsimd: 1 } as const;

export interface SweepCell {
  readonly runs: number;
  readonly fpUse: number;
  /** Runs that actually use FP/SIMD: round(fpUse × runs). */
  readonly fpRuns: number;
  readonly variant: string;
  readonly instructionsPerTrip: number;
  readonly fpsimdBytesPerTrip: number;
  readonly bytesPerTrip: number;
}

/** mulberry32: a small, well-mixed 32-bit generator, enough for picking runs. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

/** Which of `runs` runs use FP/SIMD: exactly round(fraction × runs) of them, chosen by the seed. */
export function fpRunSet(runs: number, fraction: number, seed: number): Set<number> {
  const k = Math.round(fraction * runs);
  const order = Array.from({ length: runs }, (_, i) => i);
  const next = random(seed ^ Math.imul(runs, 0x9e3779b1) ^ Math.round(fraction * 1000));
  for (let i = runs - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  return new Set(order.slice(0, k));
}

export function sweepScenario(runs: number, fraction: number, grid: Pick<SweepGrid, 'seed' | 'compute' | 'fpsimd'>): Scenario {
  const fp = fpRunSet(runs, fraction, grid.seed);
  const steps: Step[] = [{ kind: 'vcpu_load' }];
  for (let i = 0; i < runs; i++) steps.push({ kind: 'run', work: { compute: grid.compute, fpsimd: fp.has(i) ? grid.fpsimd : 0 }, exit: 'hvc', irqAfter: 16 });
  steps.push({ kind: 'vcpu_put' });
  return {
    name: `sweep-${runs}-${fraction}`,
    description: `${runs} runs per vcpu_load/put, ${fp.size} of them using FP/SIMD (seed ${grid.seed})`,
    steps,
    source: 'sweep',
  };
}

export type SweepRunner = (variant: string, scenario: Scenario) => RunRecord;

interface SweepTotals {
  readonly switchInstructions: number;
  readonly fpsimdBytes: number;
  readonly bytes: number;
}

/** The few totals a sweep needs, straight from the events (a sweep runs tens of thousands of instructions per cell). */
export function sweepTotals(run: RunRecord): SweepTotals {
  const world = run.session.world;
  const guest = new GuestCode(world);
  const fp = new Map<bigint, boolean>();
  let switchInstructions = 0;
  let fpsimdBytes = 0;
  let bytes = 0;
  for (const e of run.events) {
    if (e.word >= 0 && (e.el >= 2 || !guest.at(e.pc))) switchInstructions++;
    for (const a of e.mem) {
      bytes += a.size;
      const address = (BigInt(a.hi >>> 0) << 32n) | BigInt(a.lo >>> 0);
      let isFp = fp.get(address);
      if (isFp === undefined) fp.set(address, (isFp = fieldGroup(world.describe(address), world.objectAt(address) ?? '') === 'FP/SIMD registers'));
      if (isFp) fpsimdBytes += a.size;
    }
  }
  return { switchInstructions, fpsimdBytes, bytes };
}

export function runSweep(grid: SweepGrid, run: SweepRunner, onCell: (done: number, total: number) => void = () => {}): SweepCell[] {
  const cells: SweepCell[] = [];
  const total = grid.runs.length * grid.fpUse.length * grid.variants.length;
  for (const runs of grid.runs) {
    for (const fpUse of grid.fpUse) {
      const scenario = sweepScenario(runs, fpUse, grid);
      const fpRuns = scenario.steps.filter((s) => s.kind === 'run' && s.work.fpsimd > 0).length;
      for (const variant of grid.variants) {
        const t = sweepTotals(run(variant, scenario));
        cells.push({
          runs, fpUse, fpRuns, variant,
          instructionsPerTrip: t.switchInstructions / runs,
          fpsimdBytesPerTrip: t.fpsimdBytes / runs,
          bytesPerTrip: t.bytes / runs,
        });
        onCell(cells.length, total);
      }
    }
  }
  return cells;
}

const pct = (f: number) => `${Math.round(f * 100)}%`;

function rowsOf(cells: readonly SweepCell[], variants: readonly string[]): Array<{ runs: number; fpUse: number; fpRuns: number; byVariant: SweepCell[] }> {
  const rows: Array<{ runs: number; fpUse: number; fpRuns: number; byVariant: SweepCell[] }> = [];
  for (const c of cells) {
    let row = rows.find((r) => r.runs === c.runs && r.fpUse === c.fpUse);
    if (!row) rows.push((row = { runs: c.runs, fpUse: c.fpUse, fpRuns: c.fpRuns, byVariant: [] }));
    row.byVariant[variants.indexOf(c.variant)] = c;
  }
  return rows;
}

/** Instructions per trip; after the first variant, also relative to it. */
function insnsCell(c: SweepCell, first: SweepCell, index: number): string {
  const v = num(Number(c.instructionsPerTrip.toFixed(1)));
  return index === 0 ? v : `${v} (${percent(c.instructionsPerTrip - first.instructionsPerTrip, first.instructionsPerTrip)})`;
}

function tableOf(cells: readonly SweepCell[], variants: readonly string[]): { columns: Column[]; rows: string[][] } {
  const columns: Column[] = [
    { header: 'runs', align: 'right' },
    { header: 'FP/SIMD use', align: 'right' },
    ...variants.flatMap((v): Column[] => [{ header: `${v} insns/trip`, align: 'right' }, { header: `${v} FP B/trip`, align: 'right' }]),
    { header: 'fewest insns' },
  ];
  const rows = rowsOf(cells, variants).map((r) => {
    const best = [...r.byVariant].sort((x, y) => x.instructionsPerTrip - y.instructionsPerTrip)[0];
    return [
      String(r.runs),
      `${pct(r.fpUse)} (${r.fpRuns})`,
      ...r.byVariant.flatMap((c, i) => [insnsCell(c, r.byVariant[0], i), num(Number(c.fpsimdBytesPerTrip.toFixed(1)))]),
      best.variant,
    ];
  });
  return { columns, rows };
}

const LEGEND = [
  'insns/trip: host and hypervisor instructions per guest entry + exit (guest code left out), vcpu_load/put',
  'included and spread over the runs; in brackets, relative to the first variant. FP B/trip: bytes moved to',
  'or from FP/SIMD register fields per round trip.',
];

export function sweepText(cells: readonly SweepCell[], grid: SweepGrid): string {
  const { columns, rows } = tableOf(cells, grid.variants);
  return [
    `hypsim sweep: N runs per vcpu_load/vcpu_put (compute ${grid.compute}, exit hvc); a fraction of them also use FP/SIMD (fpsimd ${grid.fpsimd}); seed ${grid.seed}`,
    '',
    renderTable(columns, rows),
    '',
    ...LEGEND,
  ].join('\n');
}

export function sweepMarkdown(cells: readonly SweepCell[], grid: SweepGrid): string {
  const { columns, rows } = tableOf(cells, grid.variants);
  return [markdownTable(columns, rows), '', ...LEGEND].join('\n');
}

export const SWEEP_CSV_HEADER = ['runs', 'fp_use', 'fp_runs', 'variant', 'insns_per_trip', 'fpsimd_bytes_per_trip', 'bytes_per_trip'] as const;

export function sweepCsv(cells: readonly SweepCell[]): string {
  return [csvLine(SWEEP_CSV_HEADER), ...cells.map((c) => csvLine([c.runs, c.fpUse, c.fpRuns, c.variant, Number(c.instructionsPerTrip.toFixed(3)), Number(c.fpsimdBytesPerTrip.toFixed(3)), Number(c.bytesPerTrip.toFixed(3))]))].join('\n');
}

export function sweepJson(cells: readonly SweepCell[], grid: SweepGrid): string {
  return JSON.stringify({ format: 'hypsim-sweep', version: 1, grid, cells }, null, 2);
}
