// The emulated CPU: state buffer, memory, system registers, exception entry/return, interrupts,
// and the run loops. Instruction semantics are compiled per instruction address by the ISA module
// into small closures (`Op`) that work on the state words directly; the machine implements the
// ISA's CPU interface (src/a64/cpu.ts) they call. The traced loop steps one instruction at a time
// and reports what changed; the fast loop runs straight-line blocks of the same closures.
import { FPCR_MASK, FPSR_MASK, type Cpu, type ExecEvent, type SysOpKind } from '../a64/cpu.js';
import { instructionText } from '../a64/semantics/index.js';
import { HypsimError } from '../util/diagnostics.js';
import {
  ArchFault, DFSC_ALIGNMENT, DFSC_PERMISSION_L3, DFSC_TRANSLATION_L3, EC, FP_TRAP_ISS, StopRun, VECTOR_KIND_OFFSET,
  dataAbortIss, esr, sysregTrapIss, type DataAbortInfo, type ExceptionKind, type StopReason,
} from './exceptions.js';
import { EXEC, GUEST, HOST, HYP, Memory, READ, WRITE, type Region, type Store, type World } from './memory.js';
import * as S from './state.js';
import { SysregFile, sysregKey, type SysregInfo } from './sysreg-file.js';

/** One compiled instruction. The run loop has already moved PC to the next instruction. */
export type Op = (m: Machine) => void;

/** Turns the word at an address into an Op (the ISA module's semantics). */
export type Compiler = (word: number, pcLo: number, pcHi: number, m: Machine) => Op;

export interface MemAccess {
  readonly write: boolean;
  readonly lo: number;
  readonly hi: number;
  readonly size: number;
  /** The bytes moved, least significant word first (1, 2 or 4 words). */
  readonly words: readonly number[];
}

export interface ExceptionEvent {
  readonly type: 'take' | 'return';
  readonly kind?: ExceptionKind;
  readonly fromEl: number;
  readonly toEl: number;
  readonly esr?: number;
  readonly vector?: bigint;
  readonly returnAddress: bigint;
}

export type { ExecEvent } from '../a64/cpu.js';

export interface StepEvent {
  readonly step: number;
  readonly el: number;
  readonly pc: bigint;
  readonly word: number;
  /** State words that changed: index into the state buffer, old value, new value. */
  readonly changed: ReadonlyArray<readonly [number, number, number]>;
  readonly mem: readonly MemAccess[];
  readonly exceptions: readonly ExceptionEvent[];
  /** Barriers, TLB and cache maintenance, address translations the instruction performed. */
  readonly exec: readonly ExecEvent[];
}

export interface RunOptions {
  readonly maxSteps: number;
  /** Called after every instruction; installing it switches to the traced loop. */
  readonly onStep?: (e: StepEvent) => void;
}

export interface RunResult {
  readonly reason: StopReason;
  readonly steps: number;
  readonly message: string;
}

/** A system register that is a view of other state: reads fill r[dst], r[dst+1]. */
interface SpecialSysreg {
  read?(m: Machine, r: Uint32Array, dst: number): void;
  write?(m: Machine, lo: number, hi: number): void;
}

/** Per-slot access facts, precomputed: lowest EL in bits 0-1, then the flags below. */
const ACCESS_READ = 1 << 2;
const ACCESS_WRITE = 1 << 3;
const ACCESS_TVM = 1 << 4;
const ACCESS_TACR = 1 << 5;
const ACCESS_SP_EL0 = 1 << 6;
const ACCESS_DAIF = 1 << 7;

const HCR_VM = 1 << 0;
const HCR_FMO = 1 << 3;
const HCR_IMO = 1 << 4;
const HCR_AMO = 1 << 5;
const HCR_TWI = 1 << 13;
const HCR_TWE = 1 << 14;
const HCR_TSC = 1 << 19;
const HCR_TACR = 1 << 21;
const HCR_TSW = 1 << 22;
const HCR_TPC = 1 << 23;
const HCR_TPU = 1 << 24;
const HCR_TTLB = 1 << 25;
const HCR_TGE = 1 << 27;
const HCR_TVM = 1 << 26;
const HCR_TRVM = 1 << 30;
const CPTR_TFP = 1 << 10;

const TVM_REGS = ['sctlr_el1', 'ttbr0_el1', 'ttbr1_el1', 'tcr_el1', 'esr_el1', 'far_el1', 'afsr0_el1', 'afsr1_el1', 'mair_el1', 'amair_el1', 'contextidr_el1'];

/** Where a run stops when code returns to it: LR is set to this address before a call. */
export const RETURN_SENTINEL = 0xfffffffffffff000n;

export interface MachineOptions {
  readonly sysregs: readonly SysregInfo[];
  readonly compile: Compiler;
  readonly memory?: Memory;
  /** The ISS details (ISV, SAS, SRT…) a stage-2 data abort of this instruction word reports. */
  readonly abortSyndrome?: (word: number) => DataAbortInfo | undefined;
  /**
   * Instructions that end a straight-line block (branches, exceptions, msr…). When given, the fast
   * loop runs whole blocks of compiled instructions per dispatch; the traced loop always steps.
   */
  readonly endsBlock?: (word: number) => boolean;
}

/** A straight-line run of compiled instructions, executed by one generated function. */
interface Block {
  readonly run: (m: Machine, r: Uint32Array) => void;
  readonly length: number;
}

const MAX_BLOCK = 32;

const SCTLR_UMA = 1 << 9;
const SCTLR_DZE = 1 << 14;
const SCTLR_UCI = 1 << 26;

export class Machine implements Cpu {
  readonly memory: Memory;
  readonly sysregs: SysregFile;
  readonly buffer: ArrayBuffer;
  readonly r: Uint32Array;
  readonly compile: Compiler;

  /** Address of the instruction being executed. */
  insnLo = 0;
  insnHi = 0;
  /** Current stack pointer's word index (SP_EL0 or SP_ELx by EL and SPSel). */
  spIdx = S.SP_EL0;
  /** Who is accessing memory: host, guest or hypervisor. */
  world: World = HOST;
  /** 0: FP/SIMD usable; 1 or 2: an FP/SIMD instruction traps to that EL. */
  fpTrapEl = 0;
  /** Total instructions retired since reset (drives the virtual counter). */
  retired = 0;
  /** Memory accesses of the current instruction, collected only while tracing. */
  memLog: MemAccess[] | undefined;
  private exceptionLog: ExceptionEvent[] | undefined;
  /** Barrier and maintenance events of the current instruction, collected only while tracing. */
  execLog: ExecEvent[] | undefined;
  private readonly abortSyndrome: ((word: number) => DataAbortInfo | undefined) | undefined;
  private readonly endsBlock: ((word: number) => boolean) | undefined;
  /** While a block runs: the address of its first instruction (-1 otherwise). */
  private blockLo = -1;
  /** Stops the run (reason 'breakpoint') when execution enters this world. */
  watchWorld: World | undefined;
  private breakRequested = false;
  /** Called when an exception is taken from the guest, before any state changes (guest exits). */
  onGuestException: ((m: Machine, f: ArchFault) => void) | undefined;
  private readonly special: Array<SpecialSysreg | undefined> = [];
  private readonly accessRules: Uint8Array;
  private readonly slot: Record<string, number> = {};
  private dataRegion: Region;
  private codeRegion: Region;
  /**
   * The fast data window: the last data region, with the accesses it allows precomputed (limits are
   * 0 when the world may not use it, while tracing, or for writes once it holds compiled code).
   */
  private fastLo = 0;
  private fastHi = -1;
  private fastBase = 0;
  private fastReadLimit = 0;
  private fastWriteLimit = 0;
  private fastWords: Uint32Array = new Uint32Array(0);

  constructor(options: MachineOptions) {
    this.memory = options.memory ?? new Memory();
    this.sysregs = new SysregFile(options.sysregs);
    this.compile = options.compile;
    this.abortSyndrome = options.abortSyndrome;
    this.endsBlock = options.endsBlock;
    this.buffer = new ArrayBuffer(S.stateWords(this.sysregs.size) * 4);
    this.r = new Uint32Array(this.buffer);
    for (const name of ['hcr_el2', 'cptr_el2', 'cpacr_el1', 'vbar_el1', 'vbar_el2', 'esr_el1', 'esr_el2', 'elr_el1', 'elr_el2', 'spsr_el1', 'spsr_el2', 'far_el1', 'far_el2', 'hpfar_el2', 'par_el1', 'sctlr_el1', 'dczid_el0', 'daif', 'sp_el0']) {
      const s = this.sysregs.slotOf(name);
      if (s === undefined) throw new HypsimError(`machine: the system-register table has no ${name}`);
      this.slot[name] = s;
    }
    const sentinel = this.memory.map('return-sentinel', RETURN_SENTINEL, 0x1000, { perms: READ | EXEC });
    for (let i = 0; i < 0x400; i++) sentinel.code[i] = stopOp('returned', 'returned to the caller');
    this.dataRegion = sentinel;
    this.codeRegion = sentinel;
    this.installSpecialSysregs();
    this.accessRules = Uint8Array.from(this.sysregs.regs, (info) => {
      let rule = info.minEl > 2 ? 3 : info.minEl;
      if (info.access !== 'wo') rule |= ACCESS_READ;
      if (info.access !== 'ro') rule |= ACCESS_WRITE;
      if (TVM_REGS.includes(info.name)) rule |= ACCESS_TVM;
      if (info.name === 'actlr_el1') rule |= ACCESS_TACR;
      if (info.name === 'sp_el0') rule |= ACCESS_SP_EL0;
      if (info.name === 'daif') rule |= ACCESS_DAIF;
      return rule;
    });
    this.reset();
  }

  reset(): void {
    this.r.fill(0);
    this.sysregs.regs.forEach((reg, slot) => this.setSlot(slot, reg.reset));
    this.r[S.CURRENT_EL] = 2;
    this.r[S.SPSEL] = 1;
    this.r[S.DAIF] = 0x3c0;
    this.retired = 0;
    this.refresh();
  }

  // ---- registers (API; the hot path uses `r` directly) ----

  x(n: number): bigint {
    return n === 31 ? 0n : S.toBigInt(this.r[2 * n], this.r[2 * n + 1]);
  }

  setX(n: number, v: bigint): void {
    if (n === 31) return;
    [this.r[2 * n], this.r[2 * n + 1]] = S.fromBigInt(v);
  }

  get pc(): bigint {
    return S.toBigInt(this.r[S.PC], this.r[S.PC + 1]);
  }

  set pc(v: bigint) {
    [this.r[S.PC], this.r[S.PC + 1]] = S.fromBigInt(v);
  }

  get sp(): bigint {
    return S.toBigInt(this.r[this.spIdx], this.r[this.spIdx + 1]);
  }

  set sp(v: bigint) {
    [this.r[this.spIdx], this.r[this.spIdx + 1]] = S.fromBigInt(v);
  }

  get el(): number {
    return this.r[S.CURRENT_EL];
  }

  /** Sets EL and SPSel (ELxh when spsel = 1). */
  setEl(el: number, spsel = 1): void {
    this.r[S.CURRENT_EL] = el;
    this.r[S.SPSEL] = el === 0 ? 0 : spsel;
    this.refresh();
  }

  v(n: number): bigint {
    const b = S.V + 4 * n;
    return (S.toBigInt(this.r[b + 2], this.r[b + 3]) << 64n) | S.toBigInt(this.r[b], this.r[b + 1]);
  }

  setV(n: number, value: bigint): void {
    const b = S.V + 4 * n;
    const u = BigInt.asUintN(128, value);
    for (let i = 0; i < 4; i++) this.r[b + i] = Number((u >> BigInt(32 * i)) & 0xffffffffn);
  }

  sysreg(name: string): bigint {
    const slot = this.mustSlot(name);
    this.readSysregInto(slot, S.SINK);
    return S.toBigInt(this.r[S.SINK], this.r[S.SINK + 1]);
  }

  setSysreg(name: string, value: bigint): void {
    const slot = this.mustSlot(name);
    const sp = this.special[slot];
    if (sp?.write) {
      const [lo, hi] = S.fromBigInt(value);
      sp.write(this, lo, hi);
    } else this.setSlot(slot, value);
    this.refresh();
  }

  private mustSlot(name: string): number {
    const s = this.sysregs.slotOf(name);
    if (s === undefined) throw new HypsimError(`unknown system register '${name}'`);
    return s;
  }

  getSlot(slot: number): bigint {
    return S.toBigInt(this.r[S.SYSREGS + 2 * slot], this.r[S.SYSREGS + 2 * slot + 1]);
  }

  setSlot(slot: number, v: bigint): void {
    [this.r[S.SYSREGS + 2 * slot], this.r[S.SYSREGS + 2 * slot + 1]] = S.fromBigInt(v);
  }

  slotLo(name: string): number {
    return this.r[S.SYSREGS + 2 * this.slot[name]];
  }

  private slotWordIndex(name: string): number {
    return S.SYSREGS + 2 * this.slot[name];
  }

  // ---- derived state ----

  /** Recomputes what depends on EL, SPSel, HCR_EL2, CPACR_EL1 and CPTR_EL2. */
  refresh(): void {
    const r = this.r;
    const el = r[S.CURRENT_EL];
    this.spIdx = r[S.SPSEL] === 0 || el === 0 ? S.SP_EL0 : S.SP_BY_EL[el] ?? S.SP_EL2;
    const hcr = this.slotLo('hcr_el2');
    const previous = this.world;
    this.world = el === 2 ? HYP : hcr & HCR_VM ? GUEST : HOST;
    if (this.world !== previous && this.world === this.watchWorld) this.breakRequested = true;
    if (this.world !== previous) this.updateFastWindow();
    const fpen = (this.slotLo('cpacr_el1') >>> 20) & 3;
    const el1Traps = el <= 1 && (fpen === 0 || fpen === 2 || (fpen === 1 && el === 0));
    if (el1Traps) this.fpTrapEl = hcr & HCR_TGE ? 2 : 1;
    else this.fpTrapEl = el <= 2 && this.slotLo('cptr_el2') & CPTR_TFP ? 2 : 0;
  }

  // ---- memory (hot path) ----

  private updateFastWindow(): void {
    const region = this.dataRegion;
    const usable = (region.worlds & this.world) !== 0 && this.memLog === undefined && (region.storeOffset & 3) === 0;
    this.fastLo = region.lo;
    this.fastHi = region.hi;
    this.fastBase = region.storeOffset;
    this.fastWords = region.store.words;
    this.fastReadLimit = usable && region.perms & READ ? region.size : 0;
    this.fastWriteLimit = usable && region.perms & WRITE && !region.store.hasCode ? region.size : 0;
  }

  private regionFor(lo: number, hi: number, size: number, access: number): Region {
    const region = this.memory.find(lo, hi, size);
    if (region && region.worlds & this.world && region.perms & access) return region;
    throw this.memoryFault(lo, hi, size, access, region !== undefined);
  }

  /** The fault an access raises: a stage-2 abort to EL2 for the guest, else an abort at the current EL. */
  memoryFault(lo: number, hi: number, size: number, access: number, mapped: boolean, info?: DataAbortInfo): ArchFault {
    const el = this.r[S.CURRENT_EL];
    const fetch = access === EXEC;
    const dfsc = mapped && this.world !== GUEST ? DFSC_PERMISSION_L3 : DFSC_TRANSLATION_L3;
    const stage2 = this.world === GUEST;
    const abortInfo = info ?? (stage2 && !fetch ? this.syndromeOfCurrent(access, size) : { write: access === WRITE, size });
    const target = stage2 ? 2 : Math.max(el, 1);
    const lower = el < target;
    const ec = fetch ? (lower ? EC.iabtLow : EC.iabtCur) : lower ? EC.dabtLow : EC.dabtCur;
    const iss = fetch ? dfsc : dataAbortIss(abortInfo, dfsc);
    const hpfar: readonly [number, number] | undefined = stage2 ? [((lo >>> 12) << 4) >>> 0, (((hi << 20) | (lo >>> 12)) >>> 28) & 0xfffff] : undefined;
    const what = fetch ? 'instruction fetch from' : access === WRITE ? 'write to' : 'read of';
    return new ArchFault('sync', target, esr(ec, iss), false, [lo, hi], hpfar, `${what} ${S.hexAddress(lo, hi)} (${size} bytes, ${mapped ? 'no permission' : 'not mapped'})`);
  }

  /** A stage-2 abort reports what the instruction was (ISV, SAS, SRT, WnR), when the ISA says it can. */
  private syndromeOfCurrent(access: number, size: number): DataAbortInfo {
    const fallback = { write: access === WRITE, size };
    const word = this.wordAt(S.toBigInt(this.insnLo, this.insnHi));
    if (word === undefined || !this.abortSyndrome) return fallback;
    return this.abortSyndrome(word) ?? fallback;
  }

  /** An unaligned exclusive or acquire/release access: alignment fault, a stage-1 abort. */
  alignmentFault(lo: number, hi: number, write: boolean): ArchFault {
    const el = this.r[S.CURRENT_EL];
    const target = el === 0 && this.slotLo('hcr_el2') & HCR_TGE ? 2 : Math.max(el, 1);
    const ec = el < target ? EC.dabtLow : EC.dabtCur;
    return new ArchFault('sync', target, esr(ec, dataAbortIss({ write, size: 1 }, DFSC_ALIGNMENT)), false, [lo, hi], undefined, `unaligned exclusive or acquire/release access to ${S.hexAddress(lo, hi)}`);
  }

  get zvaBlockBytes(): number {
    return 4 << (this.slotLo('dczid_el0') & 15);
  }

  private dataAt(lo: number, hi: number, size: number, access: number): number {
    let region = this.dataRegion;
    let off = (lo - region.lo) >>> 0;
    if (hi !== region.hi || off + size > region.size || !(region.worlds & this.world) || !(region.perms & access)) {
      region = this.regionFor(lo, hi, size, access);
      this.dataRegion = region;
      this.updateFastWindow();
      off = (lo - region.lo) >>> 0;
    }
    return region.storeOffset + off;
  }

  /** Copies `count` (1, 2 or 4) words from the store at byte offset `off` into r[dst…]. */
  private readWords(store: Store, off: number, dst: number, count: number): void {
    const r = this.r;
    if ((off & 3) !== 0) {
      const view = store.view;
      for (let i = 0; i < count; i++) r[dst + i] = view.getUint32(off + 4 * i, true);
      return;
    }
    const words = store.words;
    const w = off >>> 2;
    r[dst] = words[w];
    if (count === 1) return;
    r[dst + 1] = words[w + 1];
    if (count === 2) return;
    r[dst + 2] = words[w + 2];
    r[dst + 3] = words[w + 3];
  }

  private writeWords(store: Store, off: number, src: number, count: number): void {
    const r = this.r;
    if ((off & 3) !== 0) {
      const view = store.view;
      for (let i = 0; i < count; i++) view.setUint32(off + 4 * i, r[src + i], true);
    } else {
      const words = store.words;
      const w = off >>> 2;
      words[w] = r[src];
      if (count > 1) {
        words[w + 1] = r[src + 1];
        if (count > 2) {
          words[w + 2] = r[src + 2];
          words[w + 3] = r[src + 3];
        }
      }
    }
    if (store.hasCode) store.invalidate(off, 4 * count);
  }

  private logWords(write: boolean, lo: number, hi: number, size: number, at: number): void {
    const words: number[] = [];
    for (let i = 0; i < size >>> 2; i++) words.push(this.r[at + i]);
    this.memLog?.push({ write, lo, hi, size, words });
  }

  load8(lo: number, hi: number): number {
    const off = this.dataAt(lo, hi, 1, READ);
    const v = this.dataRegion.store.bytes[off];
    if (this.memLog) this.memLog.push({ write: false, lo, hi, size: 1, words: [v] });
    return v;
  }

  load16(lo: number, hi: number): number {
    const off = this.dataAt(lo, hi, 2, READ);
    const v = this.dataRegion.store.view.getUint16(off, true);
    if (this.memLog) this.memLog.push({ write: false, lo, hi, size: 2, words: [v] });
    return v;
  }

  /**
   * The fast path of word accesses: the store word index of (lo, hi) when the access is aligned,
   * lies in the region used last, is allowed, is not traced and cannot hit compiled code; else -1.
   * Small enough to be inlined into the accessors below (the slow paths are separate methods).
   */
  private fastIndex(lo: number, hi: number, size: number, access: number): number {
    const off = (lo - this.fastLo) >>> 0;
    if (hi !== this.fastHi || off + size > (access === WRITE ? this.fastWriteLimit : this.fastReadLimit) || (off & 3) !== 0) return -1;
    return (this.fastBase + off) >>> 2;
  }

  load32(lo: number, hi: number): number {
    const k = this.fastIndex(lo, hi, 4, READ);
    if (k >= 0) return this.fastWords[k];
    const off = this.dataAt(lo, hi, 4, READ);
    const store = this.dataRegion.store;
    const v = (off & 3) === 0 ? store.words[off >>> 2] : store.view.getUint32(off, true);
    if (this.memLog) this.memLog.push({ write: false, lo, hi, size: 4, words: [v] });
    return v;
  }

  /** Loads 64 bits into r[dst], r[dst+1]. */
  load64(lo: number, hi: number, dst: number): void {
    const k = this.fastIndex(lo, hi, 8, READ);
    if (k >= 0) {
      const words = this.fastWords;
      this.r[dst] = words[k];
      this.r[dst + 1] = words[k + 1];
      return;
    }
    this.slowRead(lo, hi, 8, dst);
  }

  /** Loads 128 bits into r[dst..dst+3]. */
  load128(lo: number, hi: number, dst: number): void {
    const k = this.fastIndex(lo, hi, 16, READ);
    if (k >= 0) {
      const words = this.fastWords;
      const r = this.r;
      r[dst] = words[k];
      r[dst + 1] = words[k + 1];
      r[dst + 2] = words[k + 2];
      r[dst + 3] = words[k + 3];
      return;
    }
    this.slowRead(lo, hi, 16, dst);
  }

  private slowRead(lo: number, hi: number, size: number, dst: number): void {
    const off = this.dataAt(lo, hi, size, READ);
    this.readWords(this.dataRegion.store, off, dst, size >>> 2);
    if (this.memLog) this.logWords(false, lo, hi, size, dst);
  }

  store8(lo: number, hi: number, v: number): void {
    const off = this.dataAt(lo, hi, 1, WRITE);
    const store = this.dataRegion.store;
    store.bytes[off] = v;
    if (store.hasCode) store.invalidate(off, 1);
    if (this.memLog) this.memLog.push({ write: true, lo, hi, size: 1, words: [v & 0xff] });
  }

  store16(lo: number, hi: number, v: number): void {
    const off = this.dataAt(lo, hi, 2, WRITE);
    const store = this.dataRegion.store;
    store.view.setUint16(off, v, true);
    if (store.hasCode) store.invalidate(off, 2);
    if (this.memLog) this.memLog.push({ write: true, lo, hi, size: 2, words: [v & 0xffff] });
  }

  store32(lo: number, hi: number, v: number): void {
    const k = this.fastIndex(lo, hi, 4, WRITE);
    if (k >= 0) {
      this.fastWords[k] = v;
      return;
    }
    const off = this.dataAt(lo, hi, 4, WRITE);
    const store = this.dataRegion.store;
    if ((off & 3) === 0) store.words[off >>> 2] = v;
    else store.view.setUint32(off, v, true);
    if (store.hasCode) store.invalidate(off, 4);
    if (this.memLog) this.memLog.push({ write: true, lo, hi, size: 4, words: [v >>> 0] });
  }

  /** Stores r[src], r[src+1]. */
  store64(lo: number, hi: number, src: number): void {
    const k = this.fastIndex(lo, hi, 8, WRITE);
    if (k >= 0) {
      const words = this.fastWords;
      words[k] = this.r[src];
      words[k + 1] = this.r[src + 1];
      return;
    }
    this.slowWrite(lo, hi, 8, src);
  }

  /** Stores r[src..src+3]. */
  store128(lo: number, hi: number, src: number): void {
    const k = this.fastIndex(lo, hi, 16, WRITE);
    if (k >= 0) {
      const words = this.fastWords;
      const r = this.r;
      words[k] = r[src];
      words[k + 1] = r[src + 1];
      words[k + 2] = r[src + 2];
      words[k + 3] = r[src + 3];
      return;
    }
    this.slowWrite(lo, hi, 16, src);
  }

  private slowWrite(lo: number, hi: number, size: number, src: number): void {
    const off = this.dataAt(lo, hi, size, WRITE);
    this.writeWords(this.dataRegion.store, off, src, size >>> 2);
    if (this.memLog) this.logWords(true, lo, hi, size, src);
  }

  /**
   * A pair access (ldp/stp of W, X, S, D or Q registers): `bytes` (4, 8 or 16) to or from r[first…]
   * at (lo, hi), then r[second…] right after. Both halves are checked before either moves.
   */
  pair(lo: number, hi: number, bytes: number, first: number, second: number, write: boolean): void {
    const k = this.fastIndex(lo, hi, 2 * bytes, write ? WRITE : READ);
    if (k < 0) {
      this.slowPair(lo, hi, bytes, first, second, write);
      return;
    }
    const words = this.fastWords;
    const r = this.r;
    if (bytes === 16) {
      if (write) {
        words[k] = r[first];
        words[k + 1] = r[first + 1];
        words[k + 2] = r[first + 2];
        words[k + 3] = r[first + 3];
        words[k + 4] = r[second];
        words[k + 5] = r[second + 1];
        words[k + 6] = r[second + 2];
        words[k + 7] = r[second + 3];
      } else {
        r[first] = words[k];
        r[first + 1] = words[k + 1];
        r[first + 2] = words[k + 2];
        r[first + 3] = words[k + 3];
        r[second] = words[k + 4];
        r[second + 1] = words[k + 5];
        r[second + 2] = words[k + 6];
        r[second + 3] = words[k + 7];
      }
      return;
    }
    const count = bytes >>> 2;
    const k2 = k + count;
    if (write) {
      for (let i = 0; i < count; i++) {
        words[k + i] = r[first + i];
        words[k2 + i] = r[second + i];
      }
    } else {
      for (let i = 0; i < count; i++) {
        r[first + i] = words[k + i];
        r[second + i] = words[k2 + i];
      }
    }
  }

  private slowPair(lo: number, hi: number, bytes: number, first: number, second: number, write: boolean): void {
    const count = bytes >>> 2;
    const lo2 = (lo + bytes) >>> 0;
    const hi2 = lo2 < lo ? (hi + 1) >>> 0 : hi;
    const access = write ? WRITE : READ;
    const whole = this.memory.find(lo, hi, 2 * bytes);
    if (whole === undefined || hi2 !== hi) {
      // The halves lie in different regions (or one is unmapped): check the second, then move each.
      this.probe(lo2, hi2, bytes, write);
      this.pairHalf(lo, hi, bytes, first, write);
      this.pairHalf(lo2, hi2, bytes, second, write);
      return;
    }
    const region = this.regionFor(lo, hi, 2 * bytes, access);
    this.dataRegion = region;
    this.updateFastWindow();
    const store = region.store;
    const at = region.storeOffset + ((lo - region.lo) >>> 0);
    if (write) {
      this.writeWords(store, at, first, count);
      this.writeWords(store, at + bytes, second, count);
    } else {
      this.readWords(store, at, first, count);
      this.readWords(store, at + bytes, second, count);
    }
    if (this.memLog) {
      this.logWords(write, lo, hi, bytes, first);
      this.logWords(write, lo2, hi2, bytes, second);
    }
  }

  private pairHalf(lo: number, hi: number, bytes: number, at: number, write: boolean): void {
    if (bytes === 4) {
      if (write) this.store32(lo, hi, this.r[at]);
      else this.r[at] = this.load32(lo, hi);
    } else if (bytes === 8) {
      if (write) this.store64(lo, hi, at);
      else this.load64(lo, hi, at);
    } else if (write) this.store128(lo, hi, at);
    else this.load128(lo, hi, at);
  }

  /** Checks an access without performing it (for instructions that must fault before any side effect). */
  probe(lo: number, hi: number, size: number, write: boolean): void {
    this.dataAt(lo, hi, size, write ? WRITE : READ);
  }

  // ---- exceptions ----

  /** Throws the exception an FP/SIMD instruction takes when the unit is disabled at this EL. */
  fpAccessFault(): ArchFault {
    return new ArchFault('sync', this.fpTrapEl, esr(EC.fpAccess, FP_TRAP_ISS), false, undefined, undefined, 'FP/SIMD access trapped');
  }

  undefinedFault(what: string): ArchFault {
    const el = this.r[S.CURRENT_EL];
    const target = el === 0 && this.slotLo('hcr_el2') & HCR_TGE ? 2 : Math.max(el, 1);
    return new ArchFault('sync', target, esr(EC.unknown, 0), false, undefined, undefined, `undefined instruction: ${what}`);
  }

  /** svc/hvc/smc: the syndrome carries the immediate; ELR points after the instruction. */
  callFault(kind: 'svc' | 'hvc' | 'smc', imm: number): ArchFault {
    const el = this.r[S.CURRENT_EL];
    const hcr = this.slotLo('hcr_el2');
    if (kind === 'svc') {
      if (el === 0 && !(hcr & HCR_TGE)) return new ArchFault('sync', 1, esr(EC.svc64, imm), true);
      return new ArchFault('sync', Math.max(el, hcr & HCR_TGE ? 2 : 1), esr(EC.svc64, imm), true);
    }
    if (kind === 'hvc') {
      if (el === 0) return this.undefinedFault('hvc at EL0');
      return new ArchFault('sync', 2, esr(EC.hvc64, imm), true);
    }
    if (el === 1 && hcr & HCR_TSC) return new ArchFault('sync', 2, esr(EC.smc64, imm), false);
    return this.undefinedFault('smc (no EL3)');
  }

  /** wfi/wfe: trapped to EL2 when HCR_EL2.TWI/TWE says so, otherwise a no-op here. */
  waitFault(wfe: boolean): ArchFault | undefined {
    const el = this.r[S.CURRENT_EL];
    if (el < 2 && this.slotLo('hcr_el2') & (wfe ? HCR_TWE : HCR_TWI)) return new ArchFault('sync', 2, esr(EC.wfx, wfe ? 1 : 0), false);
    return undefined;
  }

  /** Enters the exception's target EL: SPSR/ELR/ESR/FAR, PSTATE, vector. */
  enter(f: ArchFault): void {
    const r = this.r;
    const from = r[S.CURRENT_EL];
    const target = f.targetEl;
    if (this.world === GUEST && this.onGuestException) this.onGuestException(this, f);
    const retLo = f.kind === 'sync' && !f.returnToNext ? this.insnLo : r[S.PC];
    const retHi = f.kind === 'sync' && !f.returnToNext ? this.insnHi : r[S.PC + 1];
    const vbar = this.slotWordIndex(target === 2 ? 'vbar_el2' : 'vbar_el1');
    if (r[vbar] === 0 && r[vbar + 1] === 0) {
      const what = f.description ?? (f.kind === 'sync' ? `exception (ESR 0x${f.syndrome.toString(16)})` : f.kind);
      throw new StopRun('fault', `unhandled ${what} at ${this.describeInstruction(this.insnLo, this.insnHi)}, EL${from}: taken to EL${target}, whose vector base (VBAR_EL${target}) is not set`);
    }
    const sfx = target === 2 ? '_el2' : '_el1';
    this.setWords(`spsr${sfx}`, S.spsrOf(r), 0);
    this.setWords(`elr${sfx}`, retLo, retHi);
    if (f.kind === 'sync' || f.kind === 'serror') this.setWords(`esr${sfx}`, f.syndrome, 0);
    if (f.far) this.setWords(`far${sfx}`, f.far[0], f.far[1]);
    if (f.hpfar) this.setWords('hpfar_el2', f.hpfar[0], f.hpfar[1]);
    const offset = (from === target ? (r[S.SPSEL] ? 0x200 : 0) : 0x400) + VECTOR_KIND_OFFSET[f.kind];
    r[S.DAIF] = 0x3c0;
    r[S.CURRENT_EL] = target;
    r[S.SPSEL] = 1;
    const lo = r[vbar] + offset;
    r[S.PC] = lo;
    r[S.PC + 1] = r[vbar + 1] + (lo > 0xffffffff ? 1 : 0);
    this.refresh();
    this.exceptionLog?.push({
      type: 'take',
      kind: f.kind,
      fromEl: from,
      toEl: target,
      esr: f.kind === 'sync' ? f.syndrome : undefined,
      vector: S.toBigInt(r[S.PC], r[S.PC + 1]),
      returnAddress: S.toBigInt(retLo, retHi),
    });
  }

  /** `ldr x0, [x1] (0x400010)`: the instruction at an address, for messages. */
  describeInstruction(lo: number, hi: number): string {
    const word = this.wordAt(S.toBigInt(lo, hi));
    const address = S.hexAddress(lo, hi);
    return word === undefined ? address : `${instructionText({ word, lo, hi })} (${address})`;
  }

  eret(): void {
    const r = this.r;
    const el = r[S.CURRENT_EL];
    if (el === 0) throw this.undefinedFault('eret at EL0');
    const sfx = el === 2 ? '_el2' : '_el1';
    const spsr = r[this.slotWordIndex(`spsr${sfx}`)];
    const elr = this.slotWordIndex(`elr${sfx}`);
    const target = (spsr >>> 2) & 3;
    if (spsr & 0x10) throw new StopRun('unsupported', `eret to AArch32 (SPSR 0x${spsr.toString(16)}) at ${this.describeInstruction(this.insnLo, this.insnHi)}`);
    if (target > el) throw new StopRun('fault', `illegal exception return to EL${target} from EL${el} at ${this.describeInstruction(this.insnLo, this.insnHi)}`);
    S.setPstateFromSpsr(r, spsr);
    r[S.PC] = r[elr];
    r[S.PC + 1] = r[elr + 1];
    // Exception return clears the local exclusive monitor and sets the event register.
    r[S.MONITOR_SIZE] = 0;
    r[S.EVENT] = 1;
    this.refresh();
    this.exceptionLog?.push({ type: 'return', fromEl: el, toEl: target, returnAddress: S.toBigInt(r[S.PC], r[S.PC + 1]) });
  }

  private setWords(name: string, lo: number, hi: number): void {
    const i = this.slotWordIndex(name);
    this.r[i] = lo;
    this.r[i + 1] = hi;
  }

  // ---- interrupts ----

  raise(kind: 'irq' | 'fiq' | 'serror'): void {
    this.r[S.PENDING] |= kind === 'irq' ? 1 : kind === 'fiq' ? 2 : 4;
  }

  lower(kind: 'irq' | 'fiq' | 'serror'): void {
    this.r[S.PENDING] &= ~(kind === 'irq' ? 1 : kind === 'fiq' ? 2 : 4);
  }

  /** The pending interrupt to take now, respecting HCR_EL2 routing and PSTATE masks. */
  private deliverable(): ArchFault | undefined {
    const r = this.r;
    const pending = r[S.PENDING];
    const el = r[S.CURRENT_EL];
    const hcr = this.slotLo('hcr_el2');
    const kinds: Array<[number, 'irq' | 'fiq' | 'serror', number, number]> = [[4, 'serror', HCR_AMO, 0x100], [1, 'irq', HCR_IMO, 0x80], [2, 'fiq', HCR_FMO, 0x40]];
    for (const [bit, kind, route, mask] of kinds) {
      if (!(pending & bit)) continue;
      const toEl2 = (hcr & route) !== 0 || (hcr & HCR_TGE) !== 0;
      const target = toEl2 ? 2 : 1;
      if (el > target) continue;
      if (el === target && r[S.DAIF] & mask) continue;
      r[S.PENDING] &= ~bit;
      return new ArchFault(kind, target, kind === 'serror' ? esr(EC.serror, 0) : 0, true);
    }
    return undefined;
  }

  // ---- system registers (used by the mrs/msr semantics) ----

  /** Checks an access from the current EL and returns the trap to take, if any. */
  sysregAccessFault(slot: number, read: boolean, rt: number): ArchFault | undefined {
    const rule = this.accessRules[slot];
    const el = this.r[S.CURRENT_EL];
    const allowed = el >= (rule & 3) && (rule & (read ? ACCESS_READ : ACCESS_WRITE)) !== 0;
    if (allowed && (rule & 0xf0) === 0) return undefined;
    const info = this.sysregs.info(slot);
    if (!allowed) return this.undefinedFault(`${read ? 'mrs' : 'msr'} ${info.name} at EL${el}`);
    if (rule & ACCESS_SP_EL0 && this.r[S.SPSEL] === 0) return this.undefinedFault(`${read ? 'mrs' : 'msr'} sp_el0 while it is the stack pointer`);
    if (el === 0 && rule & ACCESS_DAIF && !(this.slotLo('sctlr_el1') & SCTLR_UMA)) {
      return this.el0Trap(info.op0, info.op1, info.crn, info.crm, info.op2, rt, read);
    }
    if (el === 1 || el === 0) {
      const hcr = this.slotLo('hcr_el2');
      const tvm = rule & ACCESS_TVM && ((!read && hcr & HCR_TVM) || (read && hcr & HCR_TRVM));
      const tacr = rule & ACCESS_TACR && hcr & HCR_TACR;
      if (tvm || tacr) return new ArchFault('sync', 2, esr(EC.sysreg, sysregTrapIss(info.op0, info.op1, info.crn, info.crm, info.op2, rt, read)), false);
    }
    return undefined;
  }

  /** An EL0 access that SCTLR_EL1 disallows: trapped to EL1 (EL2 with HCR_EL2.TGE), EC 0x18. */
  private el0Trap(op0: number, op1: number, crn: number, crm: number, op2: number, rt: number, read: boolean): ArchFault {
    const target = this.slotLo('hcr_el2') & HCR_TGE ? 2 : 1;
    return new ArchFault('sync', target, esr(EC.sysreg, sysregTrapIss(op0, op1, crn, crm, op2, rt, read)), false);
  }

  sysregSlot(op0: number, op1: number, crn: number, crm: number, op2: number): number | undefined {
    return this.sysregs.slotByKey.get(sysregKey(op0, op1, crn, crm, op2));
  }

  /**
   * Access checks of `at`/`dc`/`ic`/`tlbi`: op1 gives the lowest EL (0 → EL1, 4 → EL2, 3 → EL0 for
   * the operations SCTLR_EL1.DZE/UCI allow); from EL0/EL1, HCR_EL2.TTLB/TSW/TPC/TPU trap to EL2.
   */
  sysOpFault(kind: SysOpKind, op1: number, crn: number, crm: number, op2: number, rt: number): ArchFault | undefined {
    const el = this.r[S.CURRENT_EL];
    const what = `${kind} (op1=${op1}, C${crn}, C${crm}, ${op2}) at EL${el}`;
    const minEl = op1 === 4 ? 2 : op1 === 3 ? 0 : 1;
    if (el < minEl) return this.undefinedFault(what);
    if (el === 0) {
      const sctlr = this.slotLo('sctlr_el1');
      const allowed = kind === 'dc' && crm === 4 ? sctlr & SCTLR_DZE : sctlr & SCTLR_UCI;
      if (!allowed) return this.el0Trap(1, op1, crn, crm, op2, rt, false);
    }
    if (el < 2) {
      const hcr = this.slotLo('hcr_el2');
      const setWay = kind === 'dc' && (crm === 6 || crm === 10 || crm === 14) && op1 === 0;
      const toPoc = kind === 'dc' && !setWay && (crm === 6 || crm === 10 || crm === 14);
      const toPou = (kind === 'dc' && crm === 11) || kind === 'ic';
      const trapped = (kind === 'tlbi' && hcr & HCR_TTLB) || (setWay && hcr & HCR_TSW) || (toPoc && hcr & HCR_TPC) || (toPou && hcr & HCR_TPU);
      if (trapped) return new ArchFault('sync', 2, esr(EC.sysreg, sysregTrapIss(1, op1, crn, crm, op2, rt, false)), false);
    }
    return undefined;
  }

  /**
   * `at`: translation is flat (PA = IPA = VA). It succeeds when the address is mapped for the
   * regime asked for — s1e2x: the hypervisor; s12e1x and s12e0x: the guest when HCR_EL2.VM is set, else the
   * host; s1e0x and s1e1x: any EL1&0 memory (host or guest) — with write permission for the w forms.
   * PAR_EL1 then holds the PA (Normal write-back memory, inner shareable) or F=1 with the fault status.
   */
  addressTranslate(op: string, lo: number, hi: number): void {
    const worlds = op.startsWith('s1e2') ? HYP : op.startsWith('s12') ? (this.slotLo('hcr_el2') & HCR_VM ? GUEST : HOST) : HOST | GUEST;
    const write = op.endsWith('w');
    const region = this.memory.find(lo, hi, 1);
    const visible = region !== undefined && (region.worlds & worlds) !== 0;
    const permitted = visible && (region.perms & (write ? WRITE : READ)) !== 0;
    const par = this.slotWordIndex('par_el1');
    if (permitted) {
      this.r[par] = ((lo & ~0xfff) | (3 << 7)) >>> 0;
      this.r[par + 1] = ((hi & 0xffff) | (0xff << 24)) >>> 0;
    } else {
      const stage2 = op.startsWith('s12') && worlds === GUEST;
      const fst = visible ? DFSC_PERMISSION_L3 : DFSC_TRANSLATION_L3;
      this.r[par] = (1 | (fst << 1) | (stage2 ? 1 << 9 : 0) | (1 << 11)) >>> 0;
      this.r[par + 1] = 0;
    }
  }

  /** mrs: value of the register in slot `slot` into r[dst], r[dst+1]. */
  readSysregInto(slot: number, dst: number): void {
    const sp = this.special[slot];
    if (sp?.read) {
      sp.read(this, this.r, dst);
      return;
    }
    this.r[dst] = this.r[S.SYSREGS + 2 * slot];
    this.r[dst + 1] = this.r[S.SYSREGS + 2 * slot + 1];
  }

  /** msr: write, with side effects on derived state. */
  writeSysreg(slot: number, lo: number, hi: number): void {
    const sp = this.special[slot];
    if (sp?.write) sp.write(this, lo, hi);
    else {
      this.r[S.SYSREGS + 2 * slot] = lo;
      this.r[S.SYSREGS + 2 * slot + 1] = hi;
    }
    if (slot === this.slot.hcr_el2 || slot === this.slot.cptr_el2 || slot === this.slot.cpacr_el1) this.refresh();
  }

  isSpecialSysreg(slot: number): boolean {
    return this.special[slot] !== undefined;
  }

  private installSpecialSysregs(): void {
    const r = this.r;
    const def = (name: string, s: SpecialSysreg) => {
      const slot = this.sysregs.slotOf(name);
      if (slot !== undefined) this.special[slot] = s;
    };
    const word = (value: (r: Uint32Array) => number): SpecialSysreg['read'] => (_m, regs, dst) => {
      regs[dst] = value(regs);
      regs[dst + 1] = 0;
    };
    def('nzcv', { read: word(S.nzcvOf), write: (_m, lo) => S.setNzcv(r, lo) });
    def('daif', { read: word((x) => x[S.DAIF]), write: (_m, lo) => void (r[S.DAIF] = lo & 0x3c0) });
    def('currentel', { read: word((x) => x[S.CURRENT_EL] << 2) });
    def('spsel', { read: word((x) => x[S.SPSEL]), write: (m, lo) => { r[S.SPSEL] = lo & 1; m.refresh(); } });
    def('pan', { read: word((x) => x[S.PAN] << 22), write: (_m, lo) => void (r[S.PAN] = (lo >>> 22) & 1) });
    // FPCR: AHP, DN, FZ, RMode, Stride, Len. No FP16 (FZ16) and no trapped FP exceptions on this CPU.
    def('fpcr', { read: word((x) => x[S.FPCR]), write: (_m, lo) => void (r[S.FPCR] = lo & FPCR_MASK) });
    def('fpsr', { read: word((x) => x[S.FPSR]), write: (_m, lo) => void (r[S.FPSR] = lo & FPSR_MASK) });
    const spReg = (idx: number): SpecialSysreg => ({
      read: (_m, regs, dst) => {
        regs[dst] = regs[idx];
        regs[dst + 1] = regs[idx + 1];
      },
      write: (_m, lo, hi) => { r[idx] = lo; r[idx + 1] = hi; },
    });
    def('sp_el0', spReg(S.SP_EL0));
    def('sp_el1', spReg(S.SP_EL1));
    def('sp_el2', spReg(S.SP_EL2));
    def('isr_el1', { read: word((x) => ((x[S.PENDING] & 1) << 7) | ((x[S.PENDING] & 2) << 5) | ((x[S.PENDING] & 4) << 6)) });
    const counter: SpecialSysreg = {
      read: (m, regs, dst) => {
        const n = m.retiredNow();
        regs[dst] = n % 0x100000000;
        regs[dst + 1] = Math.floor(n / 0x100000000);
      },
    };
    def('cntvct_el0', counter);
    def('cntpct_el0', counter);
  }

  // ---- the run loop ----

  /** Instructions retired before the current one (inside a block, `retired` is updated when it ends). */
  retiredNow(): number {
    return this.blockLo < 0 ? this.retired : this.retired + ((this.insnLo - this.blockLo) >>> 2);
  }

  /**
   * The block starting at `off` in `region` (built on first use): instructions up to and including
   * the first that ends a block, at most MAX_BLOCK, never past the region. The generated function
   * only sequences the instructions' own compiled closures, setting the instruction address each
   * needs for exceptions, and PC before the last one.
   */
  private blockAt(region: Region, off: number, lo: number, hi: number): Block | undefined {
    const cached = region.blocks[off >>> 2] as Block | undefined;
    if (cached !== undefined || !this.endsBlock) return cached;
    const ops: Op[] = [];
    const view = region.store.view;
    for (let at = off; at + 4 <= region.size && ops.length < MAX_BLOCK; at += 4) {
      ops.push(this.compiledAt(region, at, (lo + at - off) >>> 0, hi));
      if (this.endsBlock(view.getUint32(region.storeOffset + at, true))) break;
    }
    const lines = ops.map((_, i) => {
      const insn = (lo + 4 * i) >>> 0;
      if (i < ops.length - 1) return `m.insnLo = ${insn}; ops[${i}](m);`;
      const next = insn + 4;
      const pcHi = next > 0xffffffff ? (hi + 1) >>> 0 : hi;
      return `m.insnLo = ${insn}; r[${S.PC}] = ${next >>> 0}; r[${S.PC + 1}] = ${pcHi}; ops[${i}](m);`;
    });
    // eslint-disable-next-line no-new-func
    const make = new Function('ops', `return function block(m, r) {\n  ${lines.join('\n  ')}\n};`) as (ops: Op[]) => Block['run'];
    const block: Block = { run: make(ops), length: ops.length };
    region.blocks[off >>> 2] = block;
    return block;
  }

  private compiledAt(region: Region, off: number, lo: number, hi: number): Op {
    const op = region.code[off >>> 2] as Op | undefined;
    if (op !== undefined) return op;
    const word = region.store.view.getUint32(region.storeOffset + off, true);
    const compiled = this.compile(word, lo, hi, this);
    if (!region.store.hasCode) {
      region.store.hasCode = true;
      this.updateFastWindow();
    }
    region.code[off >>> 2] = compiled;
    return compiled;
  }

  /** Compiles (once per address) and returns the Op at PC, or throws an instruction abort. */
  private fetch(lo: number, hi: number): Op {
    let region = this.codeRegion;
    let off = (lo - region.lo) >>> 0;
    if (hi !== region.hi || off + 4 > region.size || !(region.worlds & this.world)) {
      region = this.regionFor(lo, hi, 4, EXEC);
      this.codeRegion = region;
      off = (lo - region.lo) >>> 0;
    }
    if (lo & 3) throw new ArchFault('sync', Math.max(this.r[S.CURRENT_EL], 1), esr(EC.pcAlign, 0), false, [lo, hi], undefined, `misaligned PC ${S.hexAddress(lo, hi)}`);
    return this.compiledAt(region, off, lo, hi);
  }

  /** The instruction word at an address, as the CPU would fetch it (no permission checks). */
  wordAt(address: bigint): number | undefined {
    const region = this.memory.regionAt(address);
    if (!region) return undefined;
    return region.store.view.getUint32(region.storeOffset + Number(address - ((BigInt(region.hi) << 32n) | BigInt(region.lo))), true);
  }

  run(options: RunOptions): RunResult {
    return options.onStep ? this.runTraced(options.maxSteps, options.onStep) : this.runFast(options.maxSteps);
  }

  private runFast(maxSteps: number): RunResult {
    const r = this.r;
    let steps = 0;
    for (;;) {
      try {
        let region = this.codeRegion;
        while (steps < maxSteps) {
          if (r[S.PENDING] !== 0) {
            this.insnLo = r[S.PC];
            this.insnHi = r[S.PC + 1];
            const irq = this.deliverable();
            if (irq) this.enter(irq);
          }
          const lo = r[S.PC];
          const hi = r[S.PC + 1];
          this.insnLo = lo;
          this.insnHi = hi;
          let off = (lo - region.lo) >>> 0;
          if (hi !== region.hi || off >= region.size || (lo & 3) !== 0 || (region.worlds & this.world) === 0) {
            this.fetch(lo, hi);
            region = this.codeRegion;
            off = (lo - region.lo) >>> 0;
          }
          const block = this.blockAt(region, off, lo, hi);
          if (block !== undefined && steps + block.length <= maxSteps) {
            this.blockLo = lo;
            block.run(this, r);
            this.blockLo = -1;
            steps += block.length;
            this.retired += block.length;
          } else {
            const op = this.compiledAt(region, off, lo, hi);
            const next = lo + 4;
            r[S.PC] = next;
            if (next > 0xffffffff) r[S.PC + 1] = hi + 1;
            op(this);
            steps++;
            this.retired++;
          }
          if (this.breakRequested) return this.breakpoint(steps);
        }
        return { reason: 'steps', steps, message: `step limit of ${maxSteps} reached` };
      } catch (e) {
        if (this.blockLo >= 0) {
          // An instruction inside a block raised: the ones before it retired; PC as the step loop has it.
          const done = (this.insnLo - this.blockLo) >>> 2;
          steps += done;
          this.retired += done;
          this.blockLo = -1;
          const next = this.insnLo + 4;
          r[S.PC] = next;
          r[S.PC + 1] = next > 0xffffffff ? (this.insnHi + 1) >>> 0 : this.insnHi;
        }
        const outcome = this.handleThrow(e, steps);
        if (outcome) return outcome;
        steps++;
        this.retired++;
        if (this.breakRequested) return this.breakpoint(steps);
      }
    }
  }

  private runTraced(maxSteps: number, onStep: (e: StepEvent) => void): RunResult {
    const r = this.r;
    const before = new Uint32Array(r.length);
    let steps = 0;
    for (;;) {
      this.memLog = [];
      this.exceptionLog = [];
      this.execLog = [];
      if (steps === 0) this.updateFastWindow();
      before.set(r);
      const lo = r[S.PC];
      const hi = r[S.PC + 1];
      const el = r[S.CURRENT_EL];
      let word = 0;
      let stop: RunResult | undefined;
      try {
        if (steps >= maxSteps) {
          this.endTrace();
          return { reason: 'steps', steps, message: `step limit of ${maxSteps} reached` };
        }
        if (r[S.PENDING] !== 0) {
          const irq = this.deliverable();
          if (irq) {
            this.enter(irq);
            this.emitStep(onStep, steps, el, lo, hi, -1, before);
            continue;
          }
        }
        this.insnLo = lo;
        this.insnHi = hi;
        const op = this.fetch(lo, hi);
        word = this.wordAt(S.toBigInt(lo, hi)) ?? 0;
        const next = lo + 4;
        r[S.PC] = next;
        if (next > 0xffffffff) r[S.PC + 1] = hi + 1;
        op(this);
      } catch (e) {
        stop = this.handleThrow(e, steps);
      }
      if (stop) {
        this.endTrace();
        return stop;
      }
      steps++;
      this.retired++;
      this.emitStep(onStep, steps, el, lo, hi, word, before);
      if (this.breakRequested) {
        this.endTrace();
        return this.breakpoint(steps);
      }
    }
  }

  private endTrace(): void {
    this.memLog = undefined;
    this.exceptionLog = undefined;
    this.execLog = undefined;
    this.updateFastWindow();
  }

  private breakpoint(steps: number): RunResult {
    this.breakRequested = false;
    return { reason: 'breakpoint', steps, message: 'entered the watched world' };
  }

  private emitStep(onStep: (e: StepEvent) => void, step: number, el: number, lo: number, hi: number, word: number, before: Uint32Array): void {
    const r = this.r;
    const changed: Array<readonly [number, number, number]> = [];
    for (let i = 0; i < r.length; i++) {
      if (before[i] !== r[i] && i !== S.PC && i !== S.PC + 1 && (i < S.SINK || i >= S.SYSREGS)) changed.push([i, before[i], r[i]]);
    }
    onStep({ step, el, pc: S.toBigInt(lo, hi), word, changed, mem: this.memLog ?? [], exceptions: this.exceptionLog ?? [], exec: this.execLog ?? [] });
  }

  /** Architectural faults are taken and the loop continues; StopRun ends the run. */
  private handleThrow(e: unknown, steps: number): RunResult | undefined {
    if (e instanceof ArchFault) {
      try {
        this.enter(e);
        return undefined;
      } catch (inner) {
        if (!(inner instanceof StopRun)) throw inner;
        // The exception could not be taken: stop at the instruction that raised it.
        if (e.kind === 'sync') {
          this.r[S.PC] = this.insnLo;
          this.r[S.PC + 1] = this.insnHi;
        }
        return { reason: inner.reason, steps, message: inner.message };
      }
    }
    if (e instanceof StopRun) {
      this.r[S.PC] = this.insnLo;
      this.r[S.PC + 1] = this.insnHi;
      return { reason: e.reason, steps, message: e.message };
    }
    throw e;
  }
}

function stopOp(reason: StopReason, message: string): Op {
  return () => {
    throw new StopRun(reason, message);
  };
}
