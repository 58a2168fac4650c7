// SIMD&FP: moves between general and FP registers, FP register moves and immediates, AdvSIMD
// modified immediates, three-same logical/add/sub, NOT/CNT and element copies. Every form first
// checks the FP/SIMD trap controls. A write to a D/S/H/B register or a 64-bit vector (Q = 0)
// zeroes the rest of the 128-bit register.
import { bytemaskValue } from '../immediates.js';
import { FLAG_N, FPCR, FPSR, vr, xr, xw, type Cpu } from '../cpu.js';
import { StopRun } from '../exceptions.js';
import type { Fields } from '../form.js';
import { decodeImm5 } from '../tables.js';
import { conditionHolds, describeSite, words, type Op, type Semantic, type SemanticTable } from './common.js';
import * as F from './softfloat.js';

const fpCheck = (m: Cpu): void => {
  if (m.fpTrapEl !== 0) throw m.fpAccessFault();
};

/** An Op that runs `body` after the FP/SIMD trap check. */
const simd = (body: (r: Uint32Array, m: Cpu) => void): Op => (m) => {
  fpCheck(m);
  body(m.r, m);
};

function zeroFrom(r: Uint32Array, v: number, word: number): void {
  for (let i = word; i < 4; i++) r[v + i] = 0;
}

// ---- moves between general and FP registers ----

const fmovToGeneral = (words64: boolean, fromUpper: boolean): Semantic => (f) => {
  const n = vr(f.rn) + (fromUpper ? 2 : 0);
  const d = xw(f.rd);
  return simd((r) => {
    r[d] = r[n];
    r[d + 1] = words64 ? r[n + 1] : 0;
  });
};

const fmovFromGeneral = (words64: boolean, toUpper: boolean): Semantic => (f) => {
  const s = xr(f.rn);
  const v = vr(f.rd);
  if (toUpper) {
    return simd((r) => {
      r[v + 2] = r[s];
      r[v + 3] = r[s + 1];
    });
  }
  return simd((r) => {
    const lo = r[s];
    const hi = r[s + 1];
    r[v] = lo;
    r[v + 1] = words64 ? hi : 0;
    r[v + 2] = 0;
    r[v + 3] = 0;
  });
};

/** fmov/fabs/fneg between S (ftype 0) or D (ftype 1) registers: bit operations on the sign. */
const fpUnaryBits = (signOp: 'keep' | 'clear' | 'flip'): Semantic => (f) => {
  const n = vr(f.rn);
  const d = vr(f.rd);
  const top = f.ftype ? 1 : 0;
  const and = signOp === 'clear' ? 0x7fffffff : -1;
  const xor = signOp === 'flip' ? 0x80000000 : 0;
  return simd((r) => {
    const lo = r[n];
    const hi = r[n + 1];
    if (top) {
      r[d] = lo;
      r[d + 1] = (hi & and) ^ xor;
    } else {
      r[d] = (lo & and) ^ xor;
      r[d + 1] = 0;
    }
    r[d + 2] = 0;
    r[d + 3] = 0;
  });
};

/** VFPExpandImm for single (words [bits]) and double ([lo, hi]) precision. */
function fpImmediate(imm8: number, double: boolean): [number, number] {
  const sign = (imm8 >>> 7) & 1;
  const b6 = (imm8 >>> 6) & 1;
  const cd = (imm8 >>> 4) & 3;
  const frac = imm8 & 15;
  if (double) return [0, ((sign << 31) | ((b6 ^ 1) << 30) | ((b6 ? 0xff : 0) << 22) | (cd << 20) | (frac << 16)) >>> 0];
  return [((sign << 31) | ((b6 ^ 1) << 30) | ((b6 ? 0x1f : 0) << 25) | (cd << 23) | (frac << 19)) >>> 0, 0];
}

const fmovImmediate: Semantic = (f) => {
  const [lo, hi] = fpImmediate(f.imm8, f.ftype === 1);
  const d = vr(f.rd);
  return simd((r) => {
    r[d] = lo;
    r[d + 1] = hi;
    r[d + 2] = 0;
    r[d + 3] = 0;
  });
};

const fcsel: Semantic = (f) => {
  const n = vr(f.rn);
  const mm = vr(f.rm);
  const d = vr(f.rd);
  const cond = f.cond;
  const double = f.ftype === 1;
  return simd((r) => {
    const s = conditionHolds(cond, r) ? n : mm;
    const lo = r[s];
    const hi = double ? r[s + 1] : 0;
    r[d] = lo;
    r[d + 1] = hi;
    r[d + 2] = 0;
    r[d + 3] = 0;
  });
};

// ---- AdvSIMD modified immediate ----

/** AdvSIMDExpandImm: the 64-bit pattern for op:cmode:imm8. */
function expandImmediate(op: number, cmode: number, imm8: number): bigint {
  const rep = (v: bigint, bits: number): bigint => {
    let out = 0n;
    for (let i = 0; i < 64; i += bits) out |= v << BigInt(i);
    return out;
  };
  const i = BigInt(imm8);
  switch (cmode >> 1) {
    case 0: return rep(i, 32);
    case 1: return rep(i << 8n, 32);
    case 2: return rep(i << 16n, 32);
    case 3: return rep(i << 24n, 32);
    case 4: return rep(i, 16);
    case 5: return rep(i << 8n, 16);
    case 6: return rep(cmode & 1 ? (i << 16n) | 0xffffn : (i << 8n) | 0xffn, 32);
    default: {
      if ((cmode & 1) === 0) return op ? bytemaskValue(imm8) : rep(i, 8);
      const [lo, hi] = fpImmediate(imm8, op === 1);
      return op ? (BigInt(hi) << 32n) | BigInt(lo) : rep(BigInt(lo), 32);
    }
  }
}

type VectorImmOp = 'move' | 'not' | 'orr' | 'bic';

/** `fixed` gives op, cmode and Q for forms that fix them in the encoding (movi Dd, #imm). */
const modifiedImmediate = (kind: VectorImmOp, fixed?: Fields): Semantic => (fields) => {
  const f = { ...fields, ...fixed };
  const value = expandImmediate(f.op, f.cmode, (f.abc << 5) | f.defgh);
  const [lo, hi] = words(kind === 'not' || kind === 'bic' ? ~value : value);
  const d = vr(f.rd);
  const q = f.Q === 1;
  if (kind === 'move' || kind === 'not') {
    return simd((r) => {
      r[d] = lo;
      r[d + 1] = hi;
      r[d + 2] = q ? lo : 0;
      r[d + 3] = q ? hi : 0;
    });
  }
  const orr = kind === 'orr';
  return simd((r) => {
    for (let i = 0; i < 4; i++) {
      if (i >= 2 && !q) r[d + i] = 0;
      else {
        const k = i & 1 ? hi : lo;
        r[d + i] = orr ? r[d + i] | k : r[d + i] & k;
      }
    }
  });
};

// ---- three registers, same arrangement ----

type Bitwise = (d: number, n: number, m: number) => number;

const BITWISE: Readonly<Record<string, Bitwise>> = {
  AND_v: (_d, n, m) => n & m,
  BIC_v: (_d, n, m) => n & ~m,
  ORR_v: (_d, n, m) => n | m,
  ORN_v: (_d, n, m) => n | ~m,
  EOR_v: (_d, n, m) => n ^ m,
  BSL_v: (d, n, m) => (n & d) | (m & ~d),
  BIT_v: (d, n, m) => (d & ~m) | (n & m),
  BIF_v: (d, n, m) => (d & m) | (n & ~m),
};

const threeSameLogical = (op: Bitwise): Semantic => (f) => {
  const n = vr(f.rn);
  const mm = vr(f.rm);
  const d = vr(f.rd);
  const count = f.Q ? 4 : 2;
  return simd((r) => {
    for (let i = 0; i < count; i++) r[d + i] = op(r[d + i], r[n + i], r[mm + i]);
    if (count === 2) zeroFrom(r, d, 2);
  });
};

/** Lane-wise add/subtract of one 32-bit word holding 8-, 16- or 32-bit lanes. */
function laneAdd(size: number, a: number, b: number, sub: boolean): number {
  if (size === 2) return sub ? a - b : a + b;
  const high = size === 0 ? 0x80808080 : 0x80008000;
  if (sub) return ((a | high) - (b & ~high)) ^ ((a ^ ~b) & high);
  return ((a & ~high) + (b & ~high)) ^ ((a ^ b) & high);
}

const threeSameArith = (sub: boolean): Semantic => (f) => {
  const n = vr(f.rn);
  const mm = vr(f.rm);
  const d = vr(f.rd);
  const size = f.size;
  const count = f.Q ? 4 : 2;
  if (size === 3) return addSubDoublewords(n, mm, d, 2, sub);
  return simd((r) => {
    for (let i = 0; i < count; i++) r[d + i] = laneAdd(size, r[n + i], r[mm + i], sub);
    if (count === 2) zeroFrom(r, d, 2);
  });
};

/** 64-bit lanes: `lanes` of them (1 for the scalar D form, which zeroes the upper half). */
function addSubDoublewords(n: number, mm: number, d: number, lanes: number, sub: boolean): Op {
  const inv = sub ? -1 : 0;
  const cin = sub ? 1 : 0;
  return simd((r) => {
    for (let i = 0; i < 2 * lanes; i += 2) {
      const s = (r[n + i] >>> 0) + ((r[mm + i] ^ inv) >>> 0) + cin;
      const hi = r[n + i + 1] + (r[mm + i + 1] ^ inv) + (s > 0xffffffff ? 1 : 0);
      r[d + i] = s;
      r[d + i + 1] = hi;
    }
    if (lanes === 1) zeroFrom(r, d, 2);
  });
}

const scalarAddSub = (sub: boolean): Semantic => (f) => addSubDoublewords(vr(f.rn), vr(f.rm), vr(f.rd), 1, sub);

function popcount8(v: number): number {
  v = v - ((v >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (v + (v >>> 4)) & 0x0f0f0f0f;
}

const twoRegMisc = (op: (v: number) => number): Semantic => (f) => {
  const n = vr(f.rn);
  const d = vr(f.rd);
  const count = f.Q ? 4 : 2;
  return simd((r) => {
    for (let i = 0; i < count; i++) r[d + i] = op(r[n + i]);
    if (count === 2) zeroFrom(r, d, 2);
  });
};

// ---- element copies ----

function elementOf(f: Fields): { size: number; index: number } {
  const e = decodeImm5(f.imm5);
  if (!e) throw new Error('copy form without an element size');
  return e;
}

/** Element `index` (8 << size bits, size < 3) of the register at word `v`, zero-extended. */
function getElement(r: Uint32Array, v: number, size: number, index: number): number {
  const bitOffset = index << (size + 3);
  const word = r[v + (bitOffset >>> 5)];
  if (size === 2) return word;
  return (word >>> (bitOffset & 31)) & (size === 0 ? 0xff : 0xffff);
}

function setElement(r: Uint32Array, v: number, size: number, index: number, value: number): void {
  const bitOffset = index << (size + 3);
  const w = v + (bitOffset >>> 5);
  if (size === 2) {
    r[w] = value;
    return;
  }
  const shift = bitOffset & 31;
  const mask = (size === 0 ? 0xff : 0xffff) << shift;
  r[w] = (r[w] & ~mask) | ((value << shift) & mask);
}

/** dup (element or general): every lane of Vd gets the element; Q = 0 zeroes the upper half. */
const dup = (fromGeneral: boolean): Semantic => (f) => {
  const { size, index } = elementOf(f);
  const d = vr(f.rd);
  const src = fromGeneral ? xr(f.rn) : vr(f.rn) + (size === 3 ? 2 * index : 0);
  const lanes = ((f.Q ? 16 : 8) >> size);
  return simd((r) => {
    if (size === 3) {
      const lo = r[src];
      const hi = r[src + 1];
      r[d] = lo;
      r[d + 1] = hi;
      r[d + 2] = lo;
      r[d + 3] = hi;
      return;
    }
    const e = fromGeneral ? r[src] & (size === 2 ? -1 : size === 1 ? 0xffff : 0xff) : getElement(r, src, size, index);
    const word = size === 2 ? e : size === 1 ? e | (e << 16) : (e * 0x01010101) | 0;
    const count = (lanes << size) >>> 2;
    for (let i = 0; i < 4; i++) r[d + i] = i < count ? word : 0;
  });
};

/** umov/smov: an element to a general register, zero- or sign-extended to W (Q = 0) or X. */
const moveToGeneral = (signed: boolean): Semantic => (f) => {
  const { size, index } = elementOf(f);
  const n = vr(f.rn);
  const d = xw(f.rd);
  const wide = f.Q === 1;
  const shift = 32 - (8 << size);
  return simd((r) => {
    if (size === 3) {
      r[d] = r[n + 2 * index];
      r[d + 1] = r[n + 2 * index + 1];
      return;
    }
    let e = getElement(r, n, size, index);
    if (signed && size < 2) e = (e << shift) >> shift;
    r[d] = e;
    r[d + 1] = signed && wide ? e >> 31 : 0;
  });
};

/** ins (general): one element of Vd from Rn; the other lanes are kept. */
const insertGeneral: Semantic = (f) => {
  const { size, index } = elementOf(f);
  const s = xr(f.rn);
  const d = vr(f.rd);
  return simd((r) => {
    if (size === 3) {
      r[d + 2 * index] = r[s];
      r[d + 2 * index + 1] = r[s + 1];
    } else setElement(r, d, size, index, r[s]);
  });
};

const insertElement: Semantic = (f) => {
  const { size, index } = elementOf(f);
  const from = f.imm4 >> size;
  const n = vr(f.rn);
  const d = vr(f.rd);
  return simd((r) => {
    if (size === 3) {
      const lo = r[n + 2 * from];
      const hi = r[n + 2 * from + 1];
      r[d + 2 * index] = lo;
      r[d + 2 * index + 1] = hi;
    } else setElement(r, d, size, index, getElement(r, n, size, from));
  });
};

/** dup (scalar), alias mov: one element into a B/H/S/D register, the rest zeroed. */
const dupScalar: Semantic = (f) => {
  const { size, index } = elementOf(f);
  const n = vr(f.rn);
  const d = vr(f.rd);
  return simd((r) => {
    if (size === 3) {
      const lo = r[n + 2 * index];
      const hi = r[n + 2 * index + 1];
      r[d] = lo;
      r[d + 1] = hi;
      zeroFrom(r, d, 2);
    } else {
      const e = getElement(r, n, size, index);
      r[d] = e;
      zeroFrom(r, d, 1);
    }
  });
};

// ---- scalar FP arithmetic, compares and conversions (exact, through softfloat.ts) ----

const FORMAT_BY_TYPE: Readonly<Record<number, F.FpFormat>> = { 0: F.SINGLE, 1: F.DOUBLE, 3: F.HALF };

/** The low `f.bits` of V register word index v. */
function readFp(r: Uint32Array, v: number, f: F.FpFormat): bigint {
  if (f.bits === 64) return (BigInt(r[v + 1]) << 32n) | BigInt(r[v]);
  return BigInt(f.bits === 32 ? r[v] >>> 0 : r[v] & 0xffff);
}

function writeFp(r: Uint32Array, v: number, bits: bigint, f: F.FpFormat): void {
  r[v] = Number(bits & 0xffffffffn);
  r[v + 1] = f.bits === 64 ? Number(bits >> 32n) : 0;
  r[v + 2] = 0;
  r[v + 3] = 0;
}

/** Runs `body` with the FPCR's environment and ORs the exceptions it raised into FPSR. */
function withEnv<T>(r: Uint32Array, body: (env: F.FpEnv) => T): T {
  const env = F.envOf(r[FPCR]);
  const out = body(env);
  r[FPSR] |= env.flags;
  return out;
}

const fpBinary = (op: (a: bigint, b: bigint, f: F.FpFormat, env: F.FpEnv) => bigint): Semantic => (f) => {
  const fmt = FORMAT_BY_TYPE[f.ftype];
  const n = vr(f.rn);
  const mm = vr(f.rm);
  const d = vr(f.rd);
  return simd((r) => writeFp(r, d, withEnv(r, (env) => op(readFp(r, n, fmt), readFp(r, mm, fmt), fmt, env)), fmt));
};

const fpUnary = (op: (a: bigint, f: F.FpFormat, env: F.FpEnv) => bigint): Semantic => (f) => {
  const fmt = FORMAT_BY_TYPE[f.ftype];
  const n = vr(f.rn);
  const d = vr(f.rd);
  return simd((r) => writeFp(r, d, withEnv(r, (env) => op(readFp(r, n, fmt), fmt, env)), fmt));
};

/** fmadd/fmsub/fnmadd/fnmsub: FPMulAdd with the addend and first factor negated as the form says. */
const fpMulAdd = (negateAddend: boolean, negateProduct: boolean): Semantic => (f) => {
  const fmt = FORMAT_BY_TYPE[f.ftype];
  const [a, n, mm, d] = [vr(f.ra), vr(f.rn), vr(f.rm), vr(f.rd)];
  return simd((r) => {
    const addend = readFp(r, a, fmt);
    const x = readFp(r, n, fmt);
    writeFp(r, d, withEnv(r, (env) => F.mulAdd(negateAddend ? F.neg(addend, fmt) : addend, negateProduct ? F.neg(x, fmt) : x, readFp(r, mm, fmt), fmt, env)), fmt);
  });
};

const fpCompare = (withZero: boolean, signalAll: boolean): Semantic => (f) => {
  const fmt = FORMAT_BY_TYPE[f.ftype];
  const n = vr(f.rn);
  const mm = vr(f.rm ?? 0);
  return simd((r) => {
    const nzcv = withEnv(r, (env) => F.compare(readFp(r, n, fmt), withZero ? 0n : readFp(r, mm, fmt), fmt, env, signalAll));
    for (let i = 0; i < 4; i++) r[FLAG_N + i] = (nzcv >>> (3 - i)) & 1;
  });
};

/** fcvt between half, single and double. The alternative half-precision format (FPCR.AHP) is not modelled. */
const fcvt: Semantic = (f, site) => {
  const from = FORMAT_BY_TYPE[f.ftype];
  const to = FORMAT_BY_TYPE[f.opc];
  const n = vr(f.rn);
  const d = vr(f.rd);
  const what = describeSite(site);
  return simd((r) => {
    if ((from === F.HALF || to === F.HALF) && (r[FPCR] >>> 26) & 1) throw new StopRun('unsupported', `unsupported: ${what} (FPCR.AHP alternative half precision)`);
    writeFp(r, d, withEnv(r, (env) => F.convert(readFp(r, n, from), from, to, env)), to);
  });
};

/** scvtf/ucvtf: a W (sf 0) or X register to S or D, rounded per FPCR. */
const intToFp = (unsigned: boolean): Semantic => (f) => {
  const fmt = FORMAT_BY_TYPE[f.ftype];
  const s = xr(f.rn);
  const bits = f.sf ? 64 : 32;
  const d = vr(f.rd);
  return simd((r) => {
    const raw = f.sf ? (BigInt(r[s + 1]) << 32n) | BigInt(r[s]) : BigInt(r[s]);
    const value = unsigned ? raw : BigInt.asIntN(bits, raw);
    writeFp(r, d, withEnv(r, (env) => F.fromInteger(value, fmt, env)), fmt);
  });
};

/** fcvtzs/fcvtzu: S or D to a W or X register, rounding towards zero, saturating. */
const fpToInt = (unsigned: boolean): Semantic => (f) => {
  const fmt = FORMAT_BY_TYPE[f.ftype];
  const n = vr(f.rn);
  const d = xw(f.rd);
  const bits = f.sf ? 64 : 32;
  return simd((r) => {
    const value = withEnv(r, (env) => F.toInteger(readFp(r, n, fmt), fmt, env, bits, unsigned));
    r[d] = Number(value & 0xffffffffn);
    r[d + 1] = Number(value >> 32n);
  });
};

export const SIMD_FP_SEMANTICS: SemanticTable = {
  FMOV_w_s: fmovToGeneral(false, false),
  FMOV_s_w: fmovFromGeneral(false, false),
  FMOV_x_d: fmovToGeneral(true, false),
  FMOV_d_x: fmovFromGeneral(true, false),
  FMOV_x_vd1: fmovToGeneral(true, true),
  FMOV_vd1_x: fmovFromGeneral(true, true),
  FMOV_reg: fpUnaryBits('keep'),
  FABS: fpUnaryBits('clear'),
  FNEG: fpUnaryBits('flip'),
  FCSEL: fcsel,
  FMOV_imm: fmovImmediate,
  MOVI: modifiedImmediate('move'),
  MVNI: modifiedImmediate('not'),
  ORR_vi: modifiedImmediate('orr'),
  BIC_vi: modifiedImmediate('bic'),
  FMOV_vi: modifiedImmediate('move'),
  MOVI_d: modifiedImmediate('move', { op: 1, cmode: 14, Q: 0 }),
  ...Object.fromEntries(Object.entries(BITWISE).map(([id, op]) => [id, threeSameLogical(op)])),
  ADD_v: threeSameArith(false),
  SUB_v: threeSameArith(true),
  ADD_d: scalarAddSub(false),
  SUB_d: scalarAddSub(true),
  NOT_v: twoRegMisc((v) => ~v),
  CNT_v: twoRegMisc(popcount8),
  DUP_elem: dup(false),
  DUP_gen: dup(true),
  SMOV: moveToGeneral(true),
  UMOV: moveToGeneral(false),
  INS_gen: insertGeneral,
  INS_elem: insertElement,
  DUP_scalar: dupScalar,
  SCVTF: intToFp(false),
  UCVTF: intToFp(true),
  FCVTZS: fpToInt(false),
  FCVTZU: fpToInt(true),
  FSQRT: fpUnary(F.sqrt),
  FCVT: fcvt,
  FMUL: fpBinary(F.mul),
  FDIV: fpBinary(F.div),
  FADD: fpBinary(F.add),
  FSUB: fpBinary(F.sub),
  FMAX: fpBinary((a, b, f, env) => F.maxMin(a, b, f, env, true, false)),
  FMIN: fpBinary((a, b, f, env) => F.maxMin(a, b, f, env, false, false)),
  FMAXNM: fpBinary((a, b, f, env) => F.maxMin(a, b, f, env, true, true)),
  FMINNM: fpBinary((a, b, f, env) => F.maxMin(a, b, f, env, false, true)),
  FNMUL: fpBinary((a, b, f, env) => F.neg(F.mul(a, b, f, env), f)),
  FCMP: fpCompare(false, false),
  FCMP_zero: fpCompare(true, false),
  FCMPE: fpCompare(false, true),
  FCMPE_zero: fpCompare(true, true),
  FMADD: fpMulAdd(false, false),
  FMSUB: fpMulAdd(false, true),
  FNMADD: fpMulAdd(true, true),
  FNMSUB: fpMulAdd(true, false),
};

