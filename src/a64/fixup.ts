// Applying ELF AArch64 relocations to instruction words (and encoding the data ones), with the
// ELF range and alignment checks.
import Long from 'long';
import type { RelocType } from '../ir/program.js';
import { hex32 } from './bits.js';
import { AsmError } from './errors.js';

const toBig = (v: Long): bigint => BigInt(v.toString());

/** Relocations whose value is relative to the place (S+A−P; Page(S+A)−Page(P) for ADRP). */
export function isPcRelative(type: RelocType): boolean {
  return /^(PREL|JUMP26|CALL26|CONDBR19|TSTBR14|LD_PREL|ADR_PREL)/.test(type);
}

export function isDataReloc(type: RelocType): boolean {
  return /^(ABS|PREL)(64|32|16)$/.test(type);
}

/**
 * The value applyFixup expects for a relocation against `target` (= S+A) at `place` (= P):
 * S+A for absolute types, S+A−P for PC-relative ones, Page(S+A)−Page(P) for ADR_PREL_PG_HI21[_NC].
 */
export function relocValue(type: RelocType, target: Long, place: Long): Long {
  if (type === 'ADR_PREL_PG_HI21' || type === 'ADR_PREL_PG_HI21_NC') {
    const page = (v: Long) => v.and(Long.fromNumber(-4096));
    return page(target).subtract(page(place));
  }
  return isPcRelative(type) ? target.subtract(place) : target;
}

/** Which instructions each relocation may patch (mask, value), to catch misapplied fixups. */
const TARGETS: Partial<Record<RelocType, ReadonlyArray<readonly [number, number]>>> = {
  JUMP26: [[0xfc000000, 0x14000000]],
  CALL26: [[0xfc000000, 0x94000000]],
  CONDBR19: [[0xff000010, 0x54000000], [0x7e000000, 0x34000000]],
  TSTBR14: [[0x7e000000, 0x36000000]],
  LD_PREL_LO19: [[0x3b000000, 0x18000000]],
  ADR_PREL_LO21: [[0x9f000000, 0x10000000]],
  ADR_PREL_PG_HI21: [[0x9f000000, 0x90000000]],
  ADR_PREL_PG_HI21_NC: [[0x9f000000, 0x90000000]],
  ADD_ABS_LO12_NC: [[0x1f000000, 0x11000000]],
  LDST8_ABS_LO12_NC: [[0x3b000000, 0x39000000]],
  LDST16_ABS_LO12_NC: [[0x3b000000, 0x39000000]],
  LDST32_ABS_LO12_NC: [[0x3b000000, 0x39000000]],
  LDST64_ABS_LO12_NC: [[0x3b000000, 0x39000000]],
  LDST128_ABS_LO12_NC: [[0x3b000000, 0x39000000]],
};

function setField(word: number, lsb: number, width: number, v: bigint): number {
  const mask = (1n << BigInt(width)) - 1n;
  const cleared = BigInt(word >>> 0) & ~(mask << BigInt(lsb));
  return Number(cleared | ((BigInt.asUintN(width, v) & mask) << BigInt(lsb))) >>> 0;
}

function range(type: RelocType, v: bigint, lo: bigint, hi: bigint): void {
  if (v < lo || v >= hi) throw new AsmError(`relocation ${type}: value ${v} out of range (${lo}..${hi - 1n})`);
}

function aligned(type: RelocType, v: bigint, n: bigint): void {
  if (v % n !== 0n) throw new AsmError(`relocation ${type}: value ${v} is not a multiple of ${n}`);
}

function pcRel(type: RelocType, word: number, v: bigint, lsb: number, width: number): number {
  aligned(type, v, 4n);
  const limit = 1n << BigInt(width + 1);
  range(type, v, -limit, limit);
  return setField(word, lsb, width, v >> 2n);
}

function adrImm(word: number, imm: bigint): number {
  return setField(setField(word, 29, 2, imm & 3n), 5, 19, imm >> 2n);
}

const MOVW: Partial<Record<RelocType, { group: number; check: 'u' | 'nc' | 's' }>> = {
  MOVW_UABS_G0: { group: 0, check: 'u' },
  MOVW_UABS_G0_NC: { group: 0, check: 'nc' },
  MOVW_UABS_G1: { group: 1, check: 'u' },
  MOVW_UABS_G1_NC: { group: 1, check: 'nc' },
  MOVW_UABS_G2: { group: 2, check: 'u' },
  MOVW_UABS_G2_NC: { group: 2, check: 'nc' },
  MOVW_UABS_G3: { group: 3, check: 'nc' },
  MOVW_SABS_G0: { group: 0, check: 's' },
  MOVW_SABS_G1: { group: 1, check: 's' },
  MOVW_SABS_G2: { group: 2, check: 's' },
};

/**
 * Fills the field of `word` that relocation `type` patches. `value` is S+A-P for PC-relative
 * types, Page(S+A)-Page(P) for ADR_PREL_PG_HI21[_NC], and S+A for absolute ones (see relocValue).
 * Throws AsmError on overflow or misalignment, or when the word is not an instruction the
 * relocation applies to. MOVW_SABS_* also select MOVZ or MOVN by the sign, as ELF specifies.
 */
export function applyFixup(word: number, type: RelocType, value: Long): number {
  const w = word >>> 0;
  const targets = TARGETS[type];
  const movw = MOVW[type];
  const fits = targets ? targets.some(([m, v]) => (w & m) >>> 0 === v) : movw ? (w & 0x1f800000) >>> 0 === 0x12800000 : false;
  if (!fits) {
    if (isDataReloc(type)) throw new AsmError(`relocation ${type} is for data, not for the instruction ${hex32(w)}`);
    throw new AsmError(`relocation ${type} cannot be applied to the instruction ${hex32(w)}`);
  }
  const v = toBig(value);
  switch (type) {
    case 'JUMP26':
    case 'CALL26':
      return pcRel(type, w, v, 0, 26);
    case 'CONDBR19':
    case 'LD_PREL_LO19':
      return pcRel(type, w, v, 5, 19);
    case 'TSTBR14':
      return pcRel(type, w, v, 5, 14);
    case 'ADR_PREL_LO21':
      range(type, v, -(1n << 20n), 1n << 20n);
      return adrImm(w, v);
    case 'ADR_PREL_PG_HI21':
    case 'ADR_PREL_PG_HI21_NC': {
      aligned(type, v, 4096n);
      const pages = v >> 12n;
      if (type === 'ADR_PREL_PG_HI21') range(type, pages, -(1n << 20n), 1n << 20n);
      return adrImm(w, pages);
    }
    case 'ADD_ABS_LO12_NC':
      return setField(w, 10, 12, v & 0xfffn);
    case 'LDST8_ABS_LO12_NC':
    case 'LDST16_ABS_LO12_NC':
    case 'LDST32_ABS_LO12_NC':
    case 'LDST64_ABS_LO12_NC':
    case 'LDST128_ABS_LO12_NC': {
      const bytes = BigInt(Number(/LDST(\d+)/.exec(type)?.[1]) / 8);
      const lo = v & 0xfffn;
      if (lo % bytes !== 0n) throw new AsmError(`relocation ${type}: low 12 bits 0x${lo.toString(16)} of the value are not a multiple of ${bytes}`);
      return setField(w, 10, 12, lo / bytes);
    }
    default: {
      const spec = movw as { group: number; check: 'u' | 'nc' | 's' };
      const bits = 16n * BigInt(spec.group + 1);
      if (spec.check === 'u') range(type, v, 0n, 1n << bits);
      if (spec.check === 's') range(type, v, -(1n << bits), 1n << bits);
      const shift = BigInt(spec.group * 16);
      if (spec.check === 's') {
        const negative = v < 0n;
        const opc = negative ? 0n : 2n;
        return setField(setField(w, 29, 2, opc), 5, 16, (negative ? ~v : v) >> shift);
      }
      return setField(w, 5, 16, v >> shift);
    }
  }
}

const DATA_SIZE: Partial<Record<RelocType, number>> = { ABS64: 8, ABS32: 4, ABS16: 2, PREL64: 8, PREL32: 4, PREL16: 2 };

/**
 * The little-endian bytes of a data relocation (ABS64/32/16, PREL64/32/16) with ELF's overflow
 * checks: ABS32/PREL32 accept −2^31 ≤ v < 2^32, ABS16/PREL16 −2^15 ≤ v < 2^16.
 */
export function encodeDataReloc(type: RelocType, value: Long): Uint8Array {
  const size = DATA_SIZE[type];
  if (!size) throw new AsmError(`relocation ${type} is not a data relocation`);
  const v = toBig(value);
  if (size < 8) {
    const bits = BigInt(size * 8);
    range(type, v, -(1n << (bits - 1n)), 1n << bits);
  }
  const out = new Uint8Array(size);
  let u = BigInt.asUintN(size * 8, v);
  for (let i = 0; i < size; i++) {
    out[i] = Number(u & 0xffn);
    u >>= 8n;
  }
  return out;
}
