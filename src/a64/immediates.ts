// Immediate encodings shared by the encoder and the decoder: move-wide halfwords, the 8-bit
// floating-point immediate and AdvSIMD modified immediates.
import { lowBits } from './bits.js';

/** hw:imm16 such that MOVZ produces `value` (modulo 2^width), if one exists. */
export function movzFields(value: bigint, width: 32 | 64): { hw: number; imm16: number } | undefined {
  const v = lowBits(value, width);
  for (let hw = 0; hw < width / 16; hw++) {
    const shift = BigInt(hw * 16);
    if ((v & ~(0xffffn << shift)) === 0n) return { hw, imm16: Number(v >> shift) };
  }
  return undefined;
}

/** hw:imm16 such that MOVN produces `value`, if one exists. */
export function movnFields(value: bigint, width: 32 | 64): { hw: number; imm16: number } | undefined {
  return movzFields(~value, width);
}

/** The architectural value of MOVZ/MOVN hw:imm16 (width bits, unsigned). */
export function moveWideValue(imm16: number, hw: number, negate: boolean, width: 32 | 64): bigint {
  const v = BigInt(imm16) << BigInt(hw * 16);
  return lowBits(negate ? ~v : v, width);
}

/** VFPExpandImm: the value of an 8-bit FP immediate (exact in any binary format). */
export function fpImm8Value(imm8: number): number {
  const sign = imm8 & 0x80 ? -1 : 1;
  const b = (imm8 >> 6) & 1;
  const cd = (imm8 >> 4) & 3;
  const exponent = b ? cd - 3 : cd + 1;
  return (sign * (16 + (imm8 & 15)) * 2 ** exponent) / 16;
}

/** The imm8 that encodes `v`, if `v` is ±(16..31)/16 × 2^(−3..4). */
export function fpImm8Encode(v: number): number | undefined {
  for (let imm8 = 0; imm8 < 256; imm8++) if (fpImm8Value(imm8) === v) return imm8;
  return undefined;
}

export type ModImmKind = 'lsl32' | 'lsl16' | 'msl32' | 'byte8' | 'bytes64' | 'fp32' | 'fp64';

/** The shape of an AdvSIMD modified immediate selected by op:cmode. */
export function modImmKind(op: number, cmode: number): ModImmKind | undefined {
  if (cmode < 8) return 'lsl32';
  if (cmode < 12) return 'lsl16';
  if (cmode < 14) return 'msl32';
  if (cmode === 14) return op ? 'bytes64' : 'byte8';
  return op ? 'fp64' : 'fp32';
}

/** A 64-bit immediate whose bytes are each 0x00 or 0xff, from abcdefgh (one bit per byte). */
export function bytemaskValue(imm8: number): bigint {
  let v = 0n;
  for (let i = 0; i < 8; i++) if (imm8 & (1 << i)) v |= 0xffn << BigInt(8 * i);
  return v;
}

export function bytemaskEncode(v: bigint): number | undefined {
  let imm8 = 0;
  for (let i = 0; i < 8; i++) {
    const b = (lowBits(v, 64) >> BigInt(8 * i)) & 0xffn;
    if (b === 0xffn) imm8 |= 1 << i;
    else if (b !== 0n) return undefined;
  }
  return imm8;
}
