// Bit helpers for 32-bit instruction words (kept as unsigned numbers) and 64-bit values (bigint).

/** Sign-extends the low `width` bits of `v`. */
export function sext(v: number, width: number): number {
  const s = 32 - width;
  return (v << s) >> s;
}

/** The value as an unsigned 64-bit bigint. */
export const toU64 = (v: bigint): bigint => BigInt.asUintN(64, v);

/** The low `width` bits of `v` as unsigned. */
export const lowBits = (v: bigint, width: number): bigint => BigInt.asUintN(width, v);

export const log2 = (n: number): number => 31 - Math.clz32(n);

export const hex32 = (w: number): string => '0x' + (w >>> 0).toString(16).padStart(8, '0');

/** `#0x1f`-style hex for a possibly negative bigint as gas prints it (negatives as `-0x…`). */
export function hexText(v: bigint): string {
  return v < 0n ? `-0x${(-v).toString(16)}` : `0x${v.toString(16)}`;
}
