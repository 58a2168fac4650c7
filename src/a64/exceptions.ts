// Exception classes and syndrome encodings (ESR_ELx) as the architecture defines them.

/** ESR_ELx.EC values hypsim produces. */
export const EC = {
  unknown: 0x00,
  wfx: 0x01,
  fpAccess: 0x07,
  illegalState: 0x0e,
  svc64: 0x15,
  hvc64: 0x16,
  smc64: 0x17,
  sysreg: 0x18,
  iabtLow: 0x20,
  iabtCur: 0x21,
  pcAlign: 0x22,
  dabtLow: 0x24,
  dabtCur: 0x25,
  spAlign: 0x26,
  serror: 0x2f,
  brk64: 0x3c,
} as const;

export type ExceptionKind = 'sync' | 'irq' | 'fiq' | 'serror';

export const VECTOR_KIND_OFFSET: Record<ExceptionKind, number> = { sync: 0x000, irq: 0x080, fiq: 0x100, serror: 0x180 };

/** IL = 1: every A64 instruction is 32 bits. */
export const IL = 1 << 25;

export function esr(ec: number, iss: number): number {
  return ((ec << 26) | IL | (iss & 0x1ffffff)) >>> 0;
}

/** Data abort ISS: valid syndrome for single-register accesses (ISV/SAS/SSE/SRT/SF/AR), WnR, DFSC. */
export interface DataAbortInfo {
  readonly write: boolean;
  readonly size: number;
  /** Register transferred, when the access is a single general-register load/store without write-back. */
  readonly srt?: number;
  readonly signExtend?: boolean;
  readonly sixtyFourBit?: boolean;
  readonly acquireRelease?: boolean;
  /** Set for cache maintenance (`dc civac`) and address-translation (`at`) instructions. */
  readonly cacheMaintenance?: boolean;
}

/** Translation fault, level 3: what an unmapped address looks like. */
export const DFSC_TRANSLATION_L3 = 0x07;
export const DFSC_PERMISSION_L3 = 0x0f;
export const DFSC_ALIGNMENT = 0x21;

export function dataAbortIss(info: DataAbortInfo, dfsc: number): number {
  let iss = dfsc | (info.write ? 1 << 6 : 0) | (info.cacheMaintenance ? 1 << 8 : 0);
  if (info.srt !== undefined) {
    const sas = Math.log2(info.size);
    iss |= (1 << 24) | (sas << 22) | (info.signExtend ? 1 << 21 : 0) | (info.srt << 16);
    iss |= (info.sixtyFourBit ? 1 << 15 : 0) | (info.acquireRelease ? 1 << 14 : 0);
  }
  return iss;
}

/** ISS of a trapped MSR/MRS (EC 0x18): Op0, Op2, Op1, CRn, Rt, CRm, direction (1 = read). */
export function sysregTrapIss(op0: number, op1: number, crn: number, crm: number, op2: number, rt: number, read: boolean): number {
  return (op0 << 20) | (op2 << 17) | (op1 << 14) | (crn << 10) | (rt << 5) | (crm << 1) | (read ? 1 : 0);
}

/** ISS of an FP/SIMD access trap (EC 0x07) for an unconditional A64 instruction: CV=1, COND=0b1110. */
export const FP_TRAP_ISS = (1 << 24) | (0xe << 20);

/**
 * An architectural exception requested by an instruction (or by the memory system) while it
 * executes; the machine catches it, enters the target EL and continues.
 */
export class ArchFault {
  constructor(
    readonly kind: ExceptionKind,
    readonly targetEl: number,
    readonly syndrome: number,
    /** Where ELR points: the faulting instruction (false) or the next one (true, e.g. svc/hvc). */
    readonly returnToNext: boolean,
    readonly far?: readonly [number, number],
    readonly hpfar?: readonly [number, number],
    readonly description?: string,
  ) {}
}

export type StopReason = 'returned' | 'brk' | 'steps' | 'unsupported' | 'fault' | 'halted' | 'breakpoint';

/** Ends the run loop: not an architectural event, hypsim's own. */
export class StopRun {
  constructor(
    readonly reason: StopReason,
    readonly message: string,
  ) {}
}
