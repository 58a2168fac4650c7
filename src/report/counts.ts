// Counts of a traced run: instructions per function, macro (outermost and innermost expansion),
// source line, instruction class, EL and scenario step; memory bytes per named region and per
// field group; system-register reads and writes by name. Every section is a table of keyed rows,
// so one set of renderers (text, JSON, CSV, Markdown) serves them all.
import type { InsnClass } from '../a64/form.js';
import { GUEST } from '../machine/memory.js';
import type { KvmWorld } from '../kvm/world.js';
import type { InsnInfo } from './insn-info.js';
import { runRecords, type InsnRecord, type MemoryRecord, type RunRecords } from './records.js';
import type { RunRecord } from '../kvm/runner.js';

export interface CountRow {
  readonly key: string;
  readonly values: readonly number[];
}

export type SectionId = 'step' | 'el' | 'function' | 'macro-outer' | 'macro-inner' | 'line' | 'class' | 'region' | 'field-group' | 'sysreg' | 'cycles';

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
  /** Averages over the guest runs; `switchInstructions` leaves the guest's own code out. */
  readonly perRun: { readonly instructions: number; readonly switchInstructions: number; readonly bytes: number; readonly fpsimdBytes: number };
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

/** Whether code runs in the guest's world, by the memory region it is fetched from (cached per page). */
export class GuestCode {
  private readonly pages = new Map<bigint, boolean>();
  constructor(private readonly world: KvmWorld) {}
  at(pc: bigint): boolean {
    const page = pc >> 12n;
    let guest = this.pages.get(page);
    if (guest === undefined) {
      const region = this.world.machine.memory.regionAt(pc);
      guest = region !== undefined && region.worlds === GUEST;
      this.pages.set(page, guest);
    }
    return guest;
  }
}

/** `EL1 guest`, `EL1 host`, `EL2`: EL plus whose code it is at EL0/1. */
function elKey(el: number, pc: bigint, guestCode: GuestCode): string {
  if (el === 2 || el === 3) return `EL${el}`;
  return `EL${el} ${guestCode.at(pc) ? 'guest' : 'host'}`;
}

const NO_MACRO = '(no macro)';

/** Step columns: instructions, bytes read, bytes written, FP/SIMD bytes. */
const STEP_COLUMNS = ['instructions', 'bytes read', 'bytes written', 'FP/SIMD bytes'];

/** Every tally of one run, filled record by record. */
class Tallies {
  readonly steps = new Tally(STEP_COLUMNS.length);
  readonly els = new Tally(1);
  readonly functions = new Tally(2);
  readonly outer = new Tally(1);
  readonly inner = new Tally(1);
  readonly lines = new Tally(1);
  readonly classes = new Tally(1);
  readonly regions = new Tally(2);
  readonly groups = new Tally(2);
  readonly sysregs = new Tally(2);
  switchInstructions = 0;
  /** Instructions outside guest code, per scenario step. */
  readonly switchByStep: number[] = [];
  private previousFunction = '';
  private previousStep = -1;
  private readonly guestCode: GuestCode;

  constructor(private readonly recs: RunRecords) {
    this.guestCode = new GuestCode(recs.world);
    recs.steps.forEach((_, i) => this.steps.add(this.stepKey(i), 0, 0));
  }

  private stepKey(i: number): string {
    return `${i + 1} ${this.recs.steps[i].label}`;
  }

  add(r: InsnRecord): void {
    for (const a of r.mem) this.memory(r.step, a);
    if (r.info) this.instruction(r, r.info);
  }

  private memory(step: number, a: MemoryRecord): void {
    const col = a.write ? 1 : 0;
    const group = fieldGroup(a.field, a.region);
    this.steps.add(this.stepKey(step), col + 1, a.size);
    if (group === 'FP/SIMD registers') this.steps.add(this.stepKey(step), 3, a.size);
    this.regions.add(a.region, col, a.size);
    this.groups.add(group, col, a.size);
  }

  private instruction(r: InsnRecord, info: InsnInfo): void {
    // A new scenario step or a new host call (the machine's step counter restarts) enters afresh.
    if (r.step !== this.previousStep || this.recs.run.events[r.seq].step === 1) this.previousFunction = '';
    this.previousStep = r.step;
    this.steps.add(this.stepKey(r.step), 0);
    const el = elKey(r.el, r.pc, this.guestCode);
    this.els.add(el, 0);
    if (!el.endsWith('guest')) {
      this.switchInstructions++;
      this.switchByStep[r.step] = (this.switchByStep[r.step] ?? 0) + 1;
    }
    this.functions.add(info.function, 0);
    if (info.function !== this.previousFunction && info.offset === 0) this.functions.add(info.function, 1);
    this.previousFunction = info.function;
    this.outer.add(info.macros.at(-1) ?? NO_MACRO, 0);
    this.inner.add(info.macros[0] ?? NO_MACRO, 0);
    this.lines.add(`${info.file}:${info.line}`, 0);
    this.classes.add(CLASS_NAMES[info.cls], 0);
    const s = sysregAccess(info);
    if (s) this.sysregs.add(s.name, s.write ? 1 : 0);
  }

  sections(): CountSection[] {
    const section = (id: SectionId, title: string, keyHeader: string, valueHeaders: readonly string[], rows: readonly CountRow[]): CountSection => ({ id, title, keyHeader, valueHeaders, rows });
    return [
      section('step', 'Per scenario step', 'step', STEP_COLUMNS, this.steps.rows('insertion')),
      section('el', 'Instructions per exception level', 'EL', ['instructions'], this.els.rows('key')),
      section('function', 'Instructions per function', 'function', ['instructions', 'calls'], this.functions.rows('count')),
      section('macro-outer', 'Instructions per macro (outermost expansion)', 'macro', ['instructions'], this.outer.rows('count')),
      section('macro-inner', 'Instructions per macro (innermost expansion)', 'macro', ['instructions'], this.inner.rows('count')),
      section('class', 'Instructions per class', 'class', ['instructions'], this.classes.rows('count')),
      section('region', 'Memory bytes per region', 'region', ['read', 'written'], this.regions.rows('total')),
      section('field-group', 'Memory bytes per field group', 'field group', ['read', 'written'], this.groups.rows(FIELD_GROUPS)),
      section('sysreg', 'System-register accesses', 'register', ['reads', 'writes'], this.sysregs.rows('key')),
      section('line', 'Instructions per source line', 'file:line', ['instructions'], this.lines.rows('key')),
    ];
  }
}

export function computeCounts(run: RunRecord): Counts {
  const recs = runRecords(run);
  const t = new Tallies(recs);
  for (const r of recs.insns) t.add(r);
  const sections = t.sections();
  return { scenario: run.scenario.name, label: run.session.label, totals: totals(recs, sections[0].rows, t.switchInstructions, t.switchByStep), sections };
}

function totals(recs: RunRecords, stepRows: readonly CountRow[], switchInstructions: number, switchByStep: readonly number[]): Totals {
  const runIdx = recs.steps.filter((s) => s.step.kind === 'run').map((s) => s.index);
  const resIdx = recs.steps.filter((s) => s.step.kind === 'vcpu_load' || s.step.kind === 'vcpu_put').map((s) => s.index);
  const over = (idx: readonly number[], f: (v: readonly number[]) => number) => idx.reduce((a, i) => a + f(stepRows[i].values), 0);
  const everyStep = stepRows.map((_, i) => i);
  const insns = (v: readonly number[]) => v[0];
  const bytes = (v: readonly number[]) => v[1] + v[2];
  const fp = (v: readonly number[]) => v[3];
  const avg = (f: (v: readonly number[]) => number) => (runIdx.length ? over(runIdx, f) / runIdx.length : 0);
  const instructions = over(everyStep, insns);
  return {
    instructions,
    interrupts: recs.insns.length - instructions,
    bytesRead: over(everyStep, (v) => v[1]),
    bytesWritten: over(everyStep, (v) => v[2]),
    fpsimdBytes: over(everyStep, fp),
    switchInstructions,
    runs: runIdx.length,
    perRun: { instructions: avg(insns), switchInstructions: runIdx.length ? runIdx.reduce((a, i) => a + (switchByStep[i] ?? 0), 0) / runIdx.length : 0, bytes: avg(bytes), fpsimdBytes: avg(fp) },
    residency: { instructions: over(resIdx, insns), bytes: over(resIdx, bytes), fpsimdBytes: over(resIdx, fp) },
  };
}

export function section(c: Counts, id: SectionId): CountSection {
  return c.sections.find((s) => s.id === id)!;
}
