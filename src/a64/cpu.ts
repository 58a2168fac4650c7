// What instruction semantics see of a CPU: the layout of the architectural state words and the
// operations that need more than the registers (memory, exceptions, system registers). The
// machine (src/machine) implements this interface; semantics never import the machine.
import type { ArchFault } from './exceptions.js';

// ---- the state buffer: one Uint32Array; 64-bit values are two words, least significant first ----

/** x0..x30 at X + 2n. */
export const X = 0;
/** The zero register's slot: always zero, read by every `xzr`/`wzr` operand. */
export const XZR = 62;
export const SP_EL0 = 64;
export const SP_EL1 = 66;
export const SP_EL2 = 68;
export const PC = 70;
export const FLAG_N = 72;
export const FLAG_Z = 73;
export const FLAG_C = 74;
export const FLAG_V = 75;
/** PSTATE.{D,A,I,F} at bits 9..6, as in SPSR and the DAIF register. */
export const DAIF = 76;
export const CURRENT_EL = 77;
export const SPSEL = 78;
export const FPSR = 79;
export const FPCR = 80;
export const PAN = 81;
/** Bit set of pending interrupts: 1 = IRQ, 2 = FIQ, 4 = SError. */
export const PENDING = 82;
/** The event register WFE waits on (set by SEV, SEVL and exception return). */
export const EVENT = 83;
/** v0..v31 at V + 4n, least significant word first. */
export const V = 84;
/** Where writes to the zero register go (four words, so 128-bit writes fit); never read. */
export const SINK = V + 128;
/** The local exclusive monitor: marked address and size in bytes (0 = open, nothing marked). */
export const MONITOR_LO = SINK + 4;
export const MONITOR_HI = SINK + 5;
export const MONITOR_SIZE = SINK + 6;
/** System register slot s at SYSREGS + 2s. */
export const SYSREGS = SINK + 8;

export const SP_BY_EL = [SP_EL0, SP_EL1, SP_EL2] as const;

/** FPSR bits that exist: N, Z, C, V, QC and the cumulative exception flags. */
export const FPSR_MASK = 0xf800009f;
/** FPCR bits that exist on this CPU: AHP, DN, FZ, RMode, Stride, Len (no FZ16, no trapped exceptions). */
export const FPCR_MASK = 0x07f70000;

export function stateWords(sysregSlots: number): number {
  return SYSREGS + 2 * sysregSlots;
}

/** Word index of x<n>, reading: register 31 is the zero register. */
export const xr = (n: number): number => (n === 31 ? XZR : X + 2 * n);
/** Word index of x<n>, writing: writes to register 31 (as ZR) land in the sink. */
export const xw = (n: number): number => (n === 31 ? SINK : X + 2 * n);
/** Word index of v<n>. */
export const vr = (n: number): number => V + 4 * n;

// ---- the operations semantics call ----

/** Something the traced run loop records besides register and memory changes. */
export interface ExecEvent {
  readonly kind: 'barrier' | 'tlbi' | 'ic' | 'dc' | 'at' | 'hint';
  /** The instruction as written (`dsb ish`, `tlbi vmalls12e1is`, `dc zva, x0`). */
  readonly text: string;
  readonly address?: bigint;
}

/** A SYS instruction's target class, for access checks and HCR_EL2 trap controls. */
export type SysOpKind = 'at' | 'dc' | 'ic' | 'tlbi';

export interface Cpu {
  readonly r: Uint32Array;
  /** Word index of the current stack pointer (SP_EL0 or SP_ELx, by EL and SPSel). */
  readonly spIdx: number;
  /** Address of the instruction being executed. */
  readonly insnLo: number;
  readonly insnHi: number;
  /** 0: FP/SIMD usable; 1 or 2: FP/SIMD instructions trap to that EL. */
  readonly fpTrapEl: number;
  /** Barrier and maintenance events of the current instruction, only while tracing. */
  readonly execLog: ExecEvent[] | undefined;

  load8(lo: number, hi: number): number;
  load16(lo: number, hi: number): number;
  load32(lo: number, hi: number): number;
  /** 64 bits into r[dst], r[dst+1]. */
  load64(lo: number, hi: number, dst: number): void;
  /** 128 bits into r[dst..dst+3]. */
  load128(lo: number, hi: number, dst: number): void;
  store8(lo: number, hi: number, v: number): void;
  store16(lo: number, hi: number, v: number): void;
  store32(lo: number, hi: number, v: number): void;
  store64(lo: number, hi: number, src: number): void;
  store128(lo: number, hi: number, src: number): void;
  /**
   * ldp/stp: `bytes` (4, 8 or 16) between memory at (lo, hi) and the words r[first…], then the next
   * `bytes` and r[second…]. Both halves are checked before either moves.
   */
  pair(lo: number, hi: number, bytes: number, first: number, second: number, write: boolean): void;
  /** Faults now if the access would fault (lets an instruction check before any side effect). */
  probe(lo: number, hi: number, size: number, write: boolean): void;
  /** The abort an unaligned exclusive or acquire/release access takes. */
  alignmentFault(lo: number, hi: number, write: boolean): ArchFault;

  fpAccessFault(): ArchFault;
  undefinedFault(what: string): ArchFault;
  callFault(kind: 'svc' | 'hvc' | 'smc', imm: number): ArchFault;
  /** The trap a WFI/WFE takes (HCR_EL2.TWI/TWE), if any. */
  waitFault(wfe: boolean): ArchFault | undefined;
  eret(): void;
  /** Recomputes what depends on EL, SPSel and the trap controls after PSTATE changed. */
  refresh(): void;

  /** Slot of the system register at this encoding, or undefined when the CPU has none. */
  sysregSlot(op0: number, op1: number, crn: number, crm: number, op2: number): number | undefined;
  sysregAccessFault(slot: number, read: boolean, rt: number): ArchFault | undefined;
  readSysregInto(slot: number, dst: number): void;
  writeSysreg(slot: number, lo: number, hi: number): void;
  /** Access check and HCR_EL2 traps of a SYS instruction (`at`, `dc`, `ic`, `tlbi`). */
  sysOpFault(kind: SysOpKind, op1: number, crn: number, crm: number, op2: number, rt: number): ArchFault | undefined;
  /** `at`: translates the address for the named stage/regime and writes PAR_EL1. */
  addressTranslate(op: string, lo: number, hi: number): void;
  /** DCZID_EL0-given block size of `dc zva`, in bytes. */
  readonly zvaBlockBytes: number;
}
