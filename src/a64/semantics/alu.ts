// Integer arithmetic on 64-bit values held as two 32-bit words. Functions return the low word
// and leave the high word in `rhi` (no allocation on the hot path).
import { FLAG_C, FLAG_N, FLAG_V, FLAG_Z } from '../cpu.js';

/** High word of the last 64-bit result. */
export let rhi = 0;

export const SHIFT_LSL = 0;
export const SHIFT_LSR = 1;
export const SHIFT_ASR = 2;
export const SHIFT_ROR = 3;

/** (hi:lo) << n, 0 <= n < 64. */
export function lsl64(lo: number, hi: number, n: number): number {
  if (n === 0) {
    rhi = hi;
    return lo;
  }
  if (n < 32) {
    rhi = (hi << n) | (lo >>> (32 - n));
    return lo << n;
  }
  rhi = lo << (n - 32);
  return 0;
}

export function lsr64(lo: number, hi: number, n: number): number {
  if (n === 0) {
    rhi = hi;
    return lo;
  }
  if (n < 32) {
    rhi = hi >>> n;
    return (lo >>> n) | (hi << (32 - n));
  }
  rhi = 0;
  return hi >>> (n - 32);
}

export function asr64(lo: number, hi: number, n: number): number {
  if (n === 0) {
    rhi = hi;
    return lo;
  }
  if (n < 32) {
    rhi = hi >> n;
    return (lo >>> n) | (hi << (32 - n));
  }
  rhi = hi >> 31;
  return hi >> (n - 32);
}

export function ror64(lo: number, hi: number, n: number): number {
  if (n === 0) {
    rhi = hi;
    return lo;
  }
  if (n === 32) {
    rhi = lo;
    return hi;
  }
  if (n < 32) {
    rhi = (hi >>> n) | (lo << (32 - n));
    return (lo >>> n) | (hi << (32 - n));
  }
  const k = n - 32;
  rhi = (lo >>> k) | (hi << (32 - k));
  return (hi >>> k) | (lo << (32 - k));
}

export function shift64(type: number, lo: number, hi: number, n: number): number {
  switch (type) {
    case SHIFT_LSL: return lsl64(lo, hi, n);
    case SHIFT_LSR: return lsr64(lo, hi, n);
    case SHIFT_ASR: return asr64(lo, hi, n);
    default: return ror64(lo, hi, n);
  }
}

/** A 32-bit shift, 0 <= n < 32. */
export function shift32(type: number, v: number, n: number): number {
  if (n === 0) return v;
  switch (type) {
    case SHIFT_LSL: return v << n;
    case SHIFT_LSR: return v >>> n;
    case SHIFT_ASR: return v >> n;
    default: return (v >>> n) | (v << (32 - n));
  }
}

/** High 32 bits of the unsigned 64-bit product of two 32-bit words. */
export function umulhi32(a: number, b: number): number {
  const a0 = a & 0xffff;
  const a1 = a >>> 16;
  const b0 = b & 0xffff;
  const b1 = b >>> 16;
  const p01 = a0 * b1;
  const p10 = a1 * b0;
  const mid = ((a0 * b0) >>> 16) + (p01 & 0xffff) + (p10 & 0xffff);
  return (a1 * b1 + (p01 >>> 16) + (p10 >>> 16) + (mid >>> 16)) >>> 0;
}

/** Low 64 bits of a 64 × 64-bit product. */
export function mul64(alo: number, ahi: number, blo: number, bhi: number): number {
  rhi = (umulhi32(alo >>> 0, blo >>> 0) + Math.imul(alo, bhi) + Math.imul(ahi, blo)) | 0;
  return Math.imul(alo, blo);
}

/** (hi:lo) + (bhi:blo) + cin, no flags. */
export function add64(alo: number, ahi: number, blo: number, bhi: number, cin: number): number {
  const s = (alo >>> 0) + (blo >>> 0) + cin;
  rhi = (ahi + bhi + (s > 0xffffffff ? 1 : 0)) | 0;
  return s | 0;
}

/** AddWithCarry for 64 bits, setting NZCV. */
export function addFlags64(r: Uint32Array, alo: number, ahi: number, blo: number, bhi: number, cin: number): number {
  const s = (alo >>> 0) + (blo >>> 0) + cin;
  const h = (ahi >>> 0) + (bhi >>> 0) + (s > 0xffffffff ? 1 : 0);
  const lo = s | 0;
  const hi = h | 0;
  r[FLAG_N] = hi >>> 31;
  r[FLAG_Z] = (lo | hi) === 0 ? 1 : 0;
  r[FLAG_C] = h > 0xffffffff ? 1 : 0;
  r[FLAG_V] = ((ahi ^ hi) & (bhi ^ hi)) >>> 31;
  rhi = hi;
  return lo;
}

/** AddWithCarry for 32 bits, setting NZCV. */
export function addFlags32(r: Uint32Array, a: number, b: number, cin: number): number {
  const s = (a >>> 0) + (b >>> 0) + cin;
  const v = s | 0;
  r[FLAG_N] = v >>> 31;
  r[FLAG_Z] = v === 0 ? 1 : 0;
  r[FLAG_C] = s > 0xffffffff ? 1 : 0;
  r[FLAG_V] = ((a ^ v) & (b ^ v)) >>> 31;
  return v;
}

/** N and Z from a logical result; C and V cleared (ands, bics, tst). */
export function logicFlags64(r: Uint32Array, lo: number, hi: number): void {
  r[FLAG_N] = hi >>> 31;
  r[FLAG_Z] = (lo | hi) === 0 ? 1 : 0;
  r[FLAG_C] = 0;
  r[FLAG_V] = 0;
}

export function logicFlags32(r: Uint32Array, v: number): void {
  r[FLAG_N] = v >>> 31;
  r[FLAG_Z] = v === 0 ? 1 : 0;
  r[FLAG_C] = 0;
  r[FLAG_V] = 0;
}

/** Reverses the bits of a 32-bit word. */
export function rbit32(v: number): number {
  v = ((v >>> 1) & 0x55555555) | ((v & 0x55555555) << 1);
  v = ((v >>> 2) & 0x33333333) | ((v & 0x33333333) << 2);
  v = ((v >>> 4) & 0x0f0f0f0f) | ((v & 0x0f0f0f0f) << 4);
  v = ((v >>> 8) & 0x00ff00ff) | ((v & 0x00ff00ff) << 8);
  return (v >>> 16) | (v << 16);
}

export function bswap32(v: number): number {
  return ((v & 0xff) << 24) | ((v & 0xff00) << 8) | ((v >>> 8) & 0xff00) | (v >>> 24);
}

export function rev16x32(v: number): number {
  return ((v & 0x00ff00ff) << 8) | ((v >>> 8) & 0x00ff00ff);
}

/** Count of leading bits equal to the sign bit, excluding it (32-bit). */
export function cls32(v: number): number {
  return Math.clz32(v ^ (v >> 1)) - 1;
}

export function clz64(lo: number, hi: number): number {
  return hi !== 0 ? Math.clz32(hi) : 32 + Math.clz32(lo);
}

export function toU64(lo: number, hi: number): bigint {
  return (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0);
}

export function toS64(lo: number, hi: number): bigint {
  return BigInt.asIntN(64, toU64(lo, hi));
}

/** Low word of a bigint result; the high word goes to `rhi`. */
export function fromBig(v: bigint): number {
  const u = BigInt.asUintN(64, v);
  rhi = Number(u >> 32n) | 0;
  return Number(u & 0xffffffffn) | 0;
}
