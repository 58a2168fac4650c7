// All architectural state in one buffer. 64-bit values are two 32-bit words (low word first);
// the interpreter works on these words directly (measured faster than BigInt or `long` objects,
// see `npm run bench`). Snapshots are copies of the buffer and state diffs are word compares.

import { CURRENT_EL, DAIF, FLAG_C, FLAG_N, FLAG_V, FLAG_Z, PAN, SPSEL } from '../a64/cpu.js';

/** The layout of the state buffer is the ISA's (src/a64/cpu.ts). */
export {
  X, XZR, SP_EL0, SP_EL1, SP_EL2, PC, FLAG_N, FLAG_Z, FLAG_C, FLAG_V, DAIF, CURRENT_EL, SPSEL, FPSR, FPCR, PAN,
  PENDING, EVENT, V, SINK, MONITOR_LO, MONITOR_HI, MONITOR_SIZE, SYSREGS, SP_BY_EL, stateWords,
} from '../a64/cpu.js';

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

/** An address as `0x…` without leading zeros. */
export function hexAddress(lo: number, hi: number): string {
  return `0x${toBigInt(lo, hi).toString(16)}`;
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
