// Logical ("bitmask") immediates: a run of ones, rotated, replicated across 2/4/…/64-bit elements.
import { lowBits } from './bits.js';

export interface BitmaskFields {
  readonly n: number;
  readonly immr: number;
  readonly imms: number;
}

/** The value encoded by N:immr:imms for a `width`-bit register, or undefined if the encoding is reserved. */
export function decodeBitmask(n: number, immr: number, imms: number, width: 32 | 64): bigint | undefined {
  const combined = (n << 6) | (~imms & 0x3f);
  if (combined === 0) return undefined;
  const len = 31 - Math.clz32(combined);
  if (len < 1 || (width === 32 && n === 1)) return undefined;
  const esize = 1 << len;
  const levels = esize - 1;
  const s = imms & levels;
  const r = immr & levels;
  if (s === levels) return undefined;
  const ones = (1n << BigInt(s + 1)) - 1n;
  const e = BigInt(esize);
  const mask = (1n << e) - 1n;
  const rotated = r === 0 ? ones : ((ones >> BigInt(r)) | (ones << (e - BigInt(r)))) & mask;
  let value = 0n;
  for (let i = 0; i < width; i += esize) value |= rotated << BigInt(i);
  return value;
}

/** N:immr:imms for `value` (taken modulo 2^width), or undefined if it is not a bitmask immediate. */
export function encodeBitmask(value: bigint, width: 32 | 64): BitmaskFields | undefined {
  const v = lowBits(value, width);
  if (v === 0n || v === lowBits(-1n, width)) return undefined;
  // Smallest element size whose replication gives the value.
  let esize: number = width;
  while (esize > 2) {
    const half = esize / 2;
    const m = (1n << BigInt(half)) - 1n;
    if ((v & m) !== ((v >> BigInt(half)) & m)) break;
    esize = half;
  }
  const e = BigInt(esize);
  const mask = (1n << e) - 1n;
  const elem = v & mask;
  // Rotate right until the element is a contiguous run of ones starting at bit 0.
  for (let r = 0; r < esize; r++) {
    const rotated = r === 0 ? elem : ((elem << BigInt(r)) | (elem >> (e - BigInt(r)))) & mask;
    // rotated = elem rotated left by r; a run of ones from bit 0 is 2^k - 1
    if ((rotated & (rotated + 1n)) === 0n) {
      const ones = rotated.toString(2).length;
      const immr = r;
      const immsHigh = ((~(esize * 2 - 1)) & 0x3f);
      const imms = (immsHigh | (ones - 1)) & 0x3f;
      return { n: esize === 64 ? 1 : 0, immr, imms };
    }
  }
  return undefined;
}
