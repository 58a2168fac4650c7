// A run's events as enriched per-instruction records: where each instruction came from, the
// registers it wrote (old → new, whole registers), the memory it moved with field paths, the
// exceptions and maintenance it performed, and which scenario step it belongs to. Every report,
// trace and export is built from these.
import type { ExceptionEvent, ExecEvent, MemAccess } from '../machine/machine.js';
import type { RunRecord, StepRecord } from '../kvm/runner.js';
import type { KvmWorld } from '../kvm/world.js';
import { InsnIndex, type InsnInfo } from './insn-info.js';
import { groupValue, partnerWords, registerGroups, type RegisterGroup } from './registers.js';

export interface RegisterWrite {
  readonly name: string;
  readonly kind: RegisterGroup['kind'];
  /** Width in bits (1–128; flags: 4). */
  readonly bits: number;
  readonly old: bigint;
  readonly value: bigint;
}

export interface MemoryRecord {
  readonly write: boolean;
  readonly address: bigint;
  readonly size: number;
  readonly value: bigint;
  /** `vcpu.ctxt.fp.vregs[5]`, `hyp_stack+0x3ff0`, `host_use_fpsimd+0x2c`. */
  readonly field: string;
  /** The named object or memory region (`vcpu`, `hyp_stack`, `kernel-text`). */
  readonly region: string;
}

export interface InsnRecord {
  /** Position in the run, counting instructions and interrupts taken between them. */
  readonly seq: number;
  /** Index of the scenario step. */
  readonly step: number;
  readonly el: number;
  readonly pc: bigint;
  /** The instruction word; -1 for an interrupt taken between instructions. */
  readonly word: number;
  /** Undefined for interrupts. */
  readonly info?: InsnInfo;
  readonly regs: readonly RegisterWrite[];
  readonly mem: readonly MemoryRecord[];
  readonly exceptions: readonly ExceptionEvent[];
  readonly exec: readonly ExecEvent[];
}

export interface RunRecords {
  readonly run: RunRecord;
  readonly world: KvmWorld;
  readonly index: InsnIndex;
  readonly insns: readonly InsnRecord[];
  readonly steps: readonly StepRecord[];
}

/** Field path and region per address, cached: the same context slots are touched on every run. */
class AddressNames {
  private readonly cache = new Map<bigint, readonly [string, string]>();
  constructor(private readonly world: KvmWorld) {}
  of(address: bigint): readonly [field: string, region: string] {
    let hit = this.cache.get(address);
    if (!hit) {
      hit = [this.world.describe(address), this.world.objectAt(address) ?? 'unmapped'];
      this.cache.set(address, hit);
    }
    return hit;
  }
}

function memValue(a: MemAccess): bigint {
  let v = 0n;
  for (let i = a.words.length - 1; i >= 0; i--) v = (v << 32n) | BigInt(a.words[i] >>> 0);
  return a.size >= 4 ? v : v & ((1n << BigInt(8 * a.size)) - 1n);
}

const records = new WeakMap<RunRecord, RunRecords>();

/** The enriched records of a traced run (built once per run). */
export function runRecords(run: RunRecord): RunRecords {
  const hit = records.get(run);
  if (hit) return hit;
  const built = buildRecords(run);
  records.set(run, built);
  return built;
}

function buildRecords(run: RunRecord): RunRecords {
  const world = run.session.world;
  const m = world.machine;
  const index = new InsnIndex(world);
  const names = new AddressNames(world);
  const groups = registerGroups(m);
  const partners = partnerWords(run.events, groups, m.r);
  const stepOf = new Int32Array(run.events.length);
  run.steps.forEach((s) => stepOf.fill(s.index, s.events[0], s.events[1]));
  const insns = run.events.map((e, seq): InsnRecord => {
    const changed = new Map<number, readonly [number, number]>();
    for (const [w, o, n] of e.changed) changed.set(w, [o, n]);
    const known = partners.get(seq);
    const regs: RegisterWrite[] = [];
    const seen = new Set<RegisterGroup>();
    for (const [w] of e.changed) {
      const g = groups[w];
      if (!g || seen.has(g)) continue;
      seen.add(g);
      const word = (which: 0 | 1) => (i: number) => changed.get(i)?.[which] ?? known?.get(i) ?? 0;
      regs.push({ name: g.name, kind: g.kind, bits: g.kind === 'flags' ? 4 : 32 * g.words.length, old: groupValue(g, word(0)), value: groupValue(g, word(1)) });
    }
    const mem = e.mem.map((a): MemoryRecord => {
      const address = (BigInt(a.hi >>> 0) << 32n) | BigInt(a.lo >>> 0);
      const [field, region] = names.of(address);
      return { write: a.write, address, size: a.size, value: memValue(a), field, region };
    });
    return {
      seq,
      step: stepOf[seq],
      el: e.el,
      pc: e.pc,
      word: e.word,
      ...(e.word >= 0 ? { info: index.at(e.pc, e.word) } : {}),
      regs,
      mem,
      exceptions: e.exceptions,
      exec: e.exec,
    };
  });
  return { run, world, index, insns, steps: run.steps };
}

/** Instructions only (interrupts taken between instructions are left out). */
export function executed(recs: RunRecords): Array<InsnRecord & { readonly info: InsnInfo }> {
  return recs.insns.filter((r): r is InsnRecord & { info: InsnInfo } => r.info !== undefined);
}
