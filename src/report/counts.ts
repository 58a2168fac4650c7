// Counts of a traced run: instructions per function, macro (outermost and innermost expansion),
// source line, instruction class, EL and scenario step; memory bytes per named region and per
// field group; system-register reads and writes by name. Every section is a table of keyed rows,
// so one set of renderers (text, JSON, CSV, Markdown) serves them all.
import type { InsnClass } from '../a64/form.js';
import { GUEST } from '../machine/memory.js';
import type { InsnInfo } from './insn-info.js';
import { executed, runRecords, type MemoryRecord, type RunRecords } from './records.js';
import type { RunRecord } from '../kvm/runner.js';

export interface CountRow {
  readonly key: string;
  readonly values: readonly number[];
}

export type SectionId = 'step' | 'el' | 'function' | 'macro-outer' | 'macro-inner' | 'line' | 'class' | 'region' | 'field-group' | 'sysreg';

export interface CountSection {
  readonly id: SectionId;
  readonly title: string;
  readonly keyHeader: string;
  readonly valueHeaders: readonly string[];
  readonly rows: readonly CountRow[];
}

export interface Totals {
  readonly instructions: number;
  readonly interrupts: number;
  readonly bytesRead: number;
  readonly bytesWritten: number;
  /** Bytes moved to or from FP/SIMD register fields (`…fp…`, `vregs`, fpsr, fpcr). */
  readonly fpsimdBytes: number;
  /** Instructions outside guest code: what the host and the hypervisor spent. */
  readonly switchInstructions: number;
  readonly runs: number;
  /** Averages over the guest entries (run steps). */
  readonly perRun: { readonly instructions: number; readonly bytes: number; readonly fpsimdBytes: number };
  /** vcpu_load and vcpu_put together. */
  readonly residency: { readonly instructions: number; readonly bytes: number; readonly fpsimdBytes: number };
}

export interface Counts {
  readonly scenario: string;
  readonly label: string;
  readonly totals: Totals;
  readonly sections: readonly CountSection[];
}

/** Instruction classes as reports name them. */
export const CLASS_NAMES: Record<InsnClass | 'unknown', string> = {
  load: 'load/store',
  store: 'load/store',
  'load-pair': 'load/store',
  'store-pair': 'load/store',
  'fp-load': 'FP/SIMD load/store',
  'fp-store': 'FP/SIMD load/store',
  sysreg: 'system register',
  branch: 'branch',
  alu: 'ALU',
  barrier: 'barrier/TLB/cache',
  'tlb-cache': 'barrier/TLB/cache',
  exception: 'exception (hvc/eret/brk)',
  hint: 'hint',
  'fp-simd': 'FP/SIMD data',
  other: 'other',
  unknown: 'unknown',
};

export const FIELD_GROUPS = ['general registers', 'FP/SIMD registers', 'system registers', 'stack', 'code (literal pools)', 'other data'] as const;
export type FieldGroup = (typeof FIELD_GROUPS)[number];

const FP_PARTS = new Set(['fp', 'fp_regs', 'fpsimd', 'fpsimd_state', 'vregs', 'fpsr', 'fpcr']);
const SYSREG_PARTS = new Set(['sys_regs', 'spsr', 'elr', 'vttbr', 'hcr', 'esr', 'far', 'hpfar']);
const GP_PARTS = new Set(['regs', 'gp', 'gp_regs', 'pc', 'pstate', 'sp']);

/**
 * The field group of a memory access, from its field path and object: a stack object
 * (`…stack`) is "stack"; otherwise the path's components decide, the first rule that matches
 * winning — any of fp, fp_regs, vregs, fpsr, fpcr → FP/SIMD registers; sys_regs or a component
 * named like a system register (`…_el0`–`…_el3`, spsr, elr, vttbr, hcr, esr, far) → system
 * registers; regs, gp, gp_regs, pc, pstate, sp → general registers. Addresses in code
 * (`symbol+0x…`, literal pools) are "code (literal pools)"; anything else is "other data".
 */
export function fieldGroup(field: string, region: string): FieldGroup {
  if (/stack$/.test(region)) return 'stack';
  const parts = field.split(/[.[\]]/).filter((p) => p !== '' && !/^\d+$/.test(p)).slice(1);
  if (parts.some((p) => FP_PARTS.has(p))) return 'FP/SIMD registers';
  if (parts.some((p) => SYSREG_PARTS.has(p) || /_el[0-3]$/.test(p))) return 'system registers';
  if (parts.some((p) => GP_PARTS.has(p))) return 'general registers';
  if (/text$/.test(region)) return 'code (literal pools)';
  return 'other data';
}

export function isFpsimdAccess(a: MemoryRecord): boolean {
  return fieldGroup(a.field, a.region) === 'FP/SIMD registers';
}

/** The system register an mrs/msr names and the direction, from its disassembly. */
export function sysregAccess(info: InsnInfo): { name: string; write: boolean } | undefined {
  if (info.cls !== 'sysreg') return undefined;
  const mrs = /^mrs\s+[xw]\w*,\s*([\w.]+)/.exec(info.disasm);
  if (mrs) return { name: mrs[1].toLowerCase(), write: false };
  const msr = /^msr\s+([\w.]+),/.exec(info.disasm);
  return msr ? { name: msr[1].toLowerCase(), write: true } : undefined;
}

class Tally {
  private readonly map = new Map<string, number[]>();
  constructor(private readonly width: number) {}
  add(key: string, column: number, n = 1): void {
    let v = this.map.get(key);
    if (!v) this.map.set(key, (v = new Array<number>(this.width).fill(0)));
    v[column] += n;
  }
  /** count: by the first value, descending; total: by the sum of the values, descending. */
  rows(order: 'count' | 'total' | 'key' | 'insertion' | readonly string[]): CountRow[] {
    const rows = [...this.map].map(([key, values]) => ({ key, values }));
    if (order === 'insertion') return rows;
    if (order === 'key') return rows.sort((a, b) => compareKeys(a.key, b.key));
    if (order === 'count') return rows.sort((a, b) => b.values[0] - a.values[0] || compareKeys(a.key, b.key));
    if (order === 'total') return rows.sort((a, b) => sumOf(b.values) - sumOf(a.values) || compareKeys(a.key, b.key));
    return order.filter((k) => this.map.has(k)).map((k) => ({ key: k, values: this.map.get(k)! }));
  }
}

const sumOf = (v: readonly number[]) => v.reduce((a, b) => a + b, 0);

/** file:line keys sort by file, then numerically by line. */
function compareKeys(a: string, b: string): number {
  const ma = /^(.*):(\d+)$/.exec(a);
  const mb = /^(.*):(\d+)$/.exec(b);
  if (ma && mb && ma[1] === mb[1]) return Number(ma[2]) - Number(mb[2]);
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `EL1 guest`, `EL1 host`, `EL2`: EL plus whose code it is at EL0/1. */
function elKey(recs: RunRecords, el: number, pc: bigint, guestCode: Map<bigint, boolean>): string {
  if (el === 2 || el === 3) return `EL${el}`;
  const page = pc >> 12n;
  let guest = guestCode.get(page);
  if (guest === undefined) {
    const region = recs.world.machine.memory.regionAt(pc);
    guest = region !== undefined && (region.worlds & GUEST) !== 0 && region.worlds === GUEST;
    guestCode.set(page, guest);
  }
  return `EL${el} ${guest ? 'guest' : 'host'}`;
}

const NO_MACRO = '(no macro)';

export function computeCounts(run: RunRecord): Counts {
  const recs = runRecords(run);
  const steps = new Tally(4);
  const els = new Tally(1);
  const fns = new Tally(2);
  const outer = new Tally(1);
  const inner = new Tally(1);
  const lines = new Tally(1);
  const classes = new Tally(1);
  const regions = new Tally(2);
  const groups = new Tally(2);
  const sysregs = new Tally(2);
  const guestCode = new Map<bigint, boolean>();
  let switchInstructions = 0;
  const stepKey = (i: number) => `${i + 1} ${recs.steps[i].label}${recs.steps[i].exit ? ` [${recs.steps[i].exit}]` : ''}`;
  recs.steps.forEach((_, i) => steps.add(stepKey(i), 0, 0));
  const fpPerStep = new Array<number>(recs.steps.length).fill(0);
  let previousFunction = '';
  let previousStep = -1;
  for (const r of recs.insns) {
    if (r.step !== previousStep) previousFunction = '';
    previousStep = r.step;
    for (const a of r.mem) {
      const col = a.write ? 1 : 0;
      steps.add(stepKey(r.step), col + 1, a.size);
      regions.add(a.region, col, a.size);
      const g = fieldGroup(a.field, a.region);
      groups.add(g, col, a.size);
      if (g === 'FP/SIMD registers') fpPerStep[r.step] += a.size;
    }
    const info = r.info;
    if (!info) continue;
    steps.add(stepKey(r.step), 0);
    const el = elKey(recs, r.el, r.pc, guestCode);
    els.add(el, 0);
    if (!el.endsWith('guest')) switchInstructions++;
    fns.add(info.function, 0);
    if (info.function !== previousFunction) fns.add(info.function, 1);
    previousFunction = info.function;
    outer.add(info.macros.at(-1) ?? NO_MACRO, 0);
    inner.add(info.macros[0] ?? NO_MACRO, 0);
    lines.add(`${info.file}:${info.line}`, 0);
    classes.add(CLASS_NAMES[info.cls], 0);
    const s = sysregAccess(info);
    if (s) sysregs.add(s.name, s.write ? 1 : 0);
  }
  const stepRows = steps.rows('insertion');
  const sections: CountSection[] = [
    { id: 'step', title: 'Per scenario step', keyHeader: 'step', valueHeaders: ['instructions', 'bytes read', 'bytes written', 'FP/SIMD bytes'], rows: stepRows.map((row, i) => ({ key: row.key, values: [row.values[0], row.values[1], row.values[2], fpPerStep[i]] })) },
    { id: 'el', title: 'Instructions per exception level', keyHeader: 'EL', valueHeaders: ['instructions'], rows: els.rows('key') },
    { id: 'function', title: 'Instructions per function', keyHeader: 'function', valueHeaders: ['instructions', 'entries'], rows: fns.rows('count') },
    { id: 'macro-outer', title: 'Instructions per macro (outermost expansion)', keyHeader: 'macro', valueHeaders: ['instructions'], rows: outer.rows('count') },
    { id: 'macro-inner', title: 'Instructions per macro (innermost expansion)', keyHeader: 'macro', valueHeaders: ['instructions'], rows: inner.rows('count') },
    { id: 'class', title: 'Instructions per class', keyHeader: 'class', valueHeaders: ['instructions'], rows: classes.rows('count') },
    { id: 'region', title: 'Memory bytes per region', keyHeader: 'region', valueHeaders: ['read', 'written'], rows: regions.rows('total') },
    { id: 'field-group', title: 'Memory bytes per field group', keyHeader: 'field group', valueHeaders: ['read', 'written'], rows: groups.rows(FIELD_GROUPS) },
    { id: 'sysreg', title: 'System-register accesses', keyHeader: 'register', valueHeaders: ['reads', 'writes'], rows: sysregs.rows('key') },
    { id: 'line', title: 'Instructions per source line', keyHeader: 'file:line', valueHeaders: ['instructions'], rows: lines.rows('key') },
  ];
  return { scenario: run.scenario.name, label: run.session.label, totals: totals(recs, stepRows, fpPerStep, switchInstructions), sections };
}

function totals(recs: RunRecords, stepRows: readonly CountRow[], fpPerStep: readonly number[], switchInstructions: number): Totals {
  const ins = executed(recs).length;
  const runIdx = recs.steps.filter((s) => s.step.kind === 'run').map((s) => s.index);
  const resIdx = recs.steps.filter((s) => s.step.kind === 'vcpu_load' || s.step.kind === 'vcpu_put').map((s) => s.index);
  const sumOver = (idx: readonly number[], f: (i: number) => number) => idx.reduce((a, i) => a + f(i), 0);
  const insnsAt = (i: number) => stepRows[i].values[0];
  const bytesAt = (i: number) => stepRows[i].values[1] + stepRows[i].values[2];
  const avg = (f: (i: number) => number) => (runIdx.length ? sumOver(runIdx, f) / runIdx.length : 0);
  let read = 0;
  let written = 0;
  for (const r of recs.insns) {
    for (const a of r.mem) {
      if (a.write) written += a.size;
      else read += a.size;
    }
  }
  return {
    instructions: ins,
    interrupts: recs.insns.length - ins,
    bytesRead: read,
    bytesWritten: written,
    fpsimdBytes: fpPerStep.reduce((a, b) => a + b, 0),
    switchInstructions,
    runs: runIdx.length,
    perRun: { instructions: avg(insnsAt), bytes: avg(bytesAt), fpsimdBytes: avg((i) => fpPerStep[i]) },
    residency: { instructions: sumOver(resIdx, insnsAt), bytes: sumOver(resIdx, bytesAt), fpsimdBytes: sumOver(resIdx, (i) => fpPerStep[i]) },
  };
}

export function section(c: Counts, id: SectionId): CountSection {
  return c.sections.find((s) => s.id === id)!;
}
