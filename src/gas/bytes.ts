// Little-endian byte helpers and alignment arithmetic.
import type Long from 'long';

export function writeLE(bytes: Uint8Array, offset: number, size: number, v: Long): void {
  let lo = v.low >>> 0;
  let hi = v.high >>> 0;
  for (let i = 0; i < size; i++) {
    bytes[offset + i] = lo & 0xff;
    lo = (lo >>> 8) | ((hi & 0xff) << 24);
    hi >>>= 8;
  }
}

export function readWord(bytes: Uint8Array, offset: number): number {
  return (bytes[offset] | (bytes[offset + 1] << 8) | (bytes[offset + 2] << 16) | (bytes[offset + 3] << 24)) >>> 0;
}

/** Bytes needed from `at` to the next multiple of 2^pow. */
export function alignPadding(at: number, pow: number): number {
  const a = 2 ** pow;
  return (a - (at % a)) % a;
}
