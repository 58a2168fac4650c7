// All architectural state in one buffer. 64-bit values are two 32-bit words (low word first);
// the interpreter works on these words directly (measured faster than BigInt or `long` objects,
// see `npm run bench`). Snapshots are copies of the buffer and state diffs are word compares.

/** Word indices into the state buffer. */
export const X = 0; // x0..x30 at X + 2n (slot 31 stays zero: XZR reads)
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
export const V = 84; // v0..v31 at V + 4n, least significant word first
export const SYSREGS = V + 128; // sysreg slot s at SYSREGS + 2s

export const SP_BY_EL = [SP_EL0, SP_EL1, SP_EL2] as const;

export function stateWords(sysregSlots: number): number {
  return SYSREGS + 2 * sysregSlots;
}

export type Word64 = readonly [lo: number, hi: number];

export function toBigInt(lo: number, hi: number): bigint {
  return (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0);
}

export function fromBigInt(v: bigint): Word64 {
  const u = BigInt.asUintN(64, v);
  return [Number(u & 0xffffffffn), Number(u >> 32n)];
}

export function hex64(lo: number, hi: number): string {
  return `0x${(hi >>> 0).toString(16).padStart(8, '0')}${(lo >>> 0).toString(16).padStart(8, '0')}`;
}

export function hex128(words: ArrayLike<number>, at: number): string {
  let s = '0x';
  for (let i = 3; i >= 0; i--) s += (words[at + i] >>> 0).toString(16).padStart(8, '0');
  return s;
}

/** Architectural NZCV as in the NZCV register (bits 31..28). */
export function nzcvOf(r: Uint32Array): number {
  return ((r[FLAG_N] << 31) | (r[FLAG_Z] << 30) | (r[FLAG_C] << 29) | (r[FLAG_V] << 28)) >>> 0;
}

export function setNzcv(r: Uint32Array, value: number): void {
  r[FLAG_N] = (value >>> 31) & 1;
  r[FLAG_Z] = (value >>> 30) & 1;
  r[FLAG_C] = (value >>> 29) & 1;
  r[FLAG_V] = (value >>> 28) & 1;
}

/** PSTATE packed the way SPSR_ELx holds it for an AArch64 context. */
export function spsrOf(r: Uint32Array): number {
  return (nzcvOf(r) | (r[PAN] << 22) | r[DAIF] | (r[CURRENT_EL] << 2) | r[SPSEL]) >>> 0;
}

export function setPstateFromSpsr(r: Uint32Array, spsr: number): void {
  setNzcv(r, spsr);
  r[PAN] = (spsr >>> 22) & 1;
  r[DAIF] = spsr & 0x3c0;
  r[CURRENT_EL] = (spsr >>> 2) & 3;
  r[SPSEL] = spsr & 1;
}
