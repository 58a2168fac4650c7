// IEEE 754 binary16/32/64 arithmetic as the ARM ARM's FP pseudocode defines it (FPUnpack,
// FPProcessNaNs, FPRound, FPAdd, FPMulAdd…), on bit patterns held as bigints: exact results are
// computed with integers and rounded once. Used only by the scalar FP forms (never hot).

export interface FpFormat {
  readonly bits: number;
  /** Fraction bits (F). */
  readonly frac: number;
  /** Exponent bits (E). */
  readonly exp: number;
}

export const HALF: FpFormat = { bits: 16, frac: 10, exp: 5 };
export const SINGLE: FpFormat = { bits: 32, frac: 23, exp: 8 };
export const DOUBLE: FpFormat = { bits: 64, frac: 52, exp: 11 };

/** FPSR cumulative exception bits. */
export const IOC = 1;
export const DZC = 2;
export const OFC = 4;
export const UFC = 8;
export const IXC = 16;
export const IDC = 128;

/** The FPCR fields arithmetic depends on, and the flags it raises. */
export interface FpEnv {
  /** 0 to nearest (even), 1 towards +inf, 2 towards -inf, 3 towards zero. */
  readonly rmode: number;
  /** Flush denormal inputs and outputs to zero (not for half precision). */
  readonly fz: boolean;
  /** NaN results are the default NaN. */
  readonly dn: boolean;
  flags: number;
}

export function envOf(fpcr: number): FpEnv {
  return { rmode: (fpcr >>> 22) & 3, fz: ((fpcr >>> 24) & 1) === 1, dn: ((fpcr >>> 25) & 1) === 1, flags: 0 };
}

type Kind = 'zero' | 'finite' | 'inf' | 'qnan' | 'snan';

/** An unpacked operand: finite values are (-1)^sign × mant × 2^exp exactly. */
export interface Unpacked {
  readonly kind: Kind;
  readonly sign: number;
  readonly mant: bigint;
  readonly exp: number;
  readonly bits: bigint;
}

const one = (n: number): bigint => (1n << BigInt(n)) - 1n;
const bias = (f: FpFormat): number => (1 << (f.exp - 1)) - 1;
const expMax = (f: FpFormat): number => (1 << f.exp) - 1;

/** FPUnpack: with FZ, a denormal input becomes a zero of the same sign and raises IDC. */
export function unpack(bits: bigint, f: FpFormat, env: FpEnv): Unpacked {
  const sign = Number((bits >> BigInt(f.bits - 1)) & 1n);
  const e = Number((bits >> BigInt(f.frac)) & one(f.exp));
  const frac = bits & one(f.frac);
  if (e === expMax(f)) {
    if (frac === 0n) return { kind: 'inf', sign, mant: 0n, exp: 0, bits };
    return { kind: (frac >> BigInt(f.frac - 1)) & 1n ? 'qnan' : 'snan', sign, mant: 0n, exp: 0, bits };
  }
  if (e === 0) {
    if (frac === 0n) return { kind: 'zero', sign, mant: 0n, exp: 0, bits };
    if (env.fz && f !== HALF) {
      env.flags |= IDC;
      return { kind: 'zero', sign, mant: 0n, exp: 0, bits };
    }
    return { kind: 'finite', sign, mant: frac, exp: 1 - bias(f) - f.frac, bits };
  }
  return { kind: 'finite', sign, mant: frac | (1n << BigInt(f.frac)), exp: e - bias(f) - f.frac, bits };
}

export const zero = (sign: number, f: FpFormat): bigint => BigInt(sign) << BigInt(f.bits - 1);
export const infinity = (sign: number, f: FpFormat): bigint => zero(sign, f) | (one(f.exp) << BigInt(f.frac));
export const defaultNaN = (f: FpFormat): bigint => (one(f.exp) << BigInt(f.frac)) | (1n << BigInt(f.frac - 1));
const maxNormal = (sign: number, f: FpFormat): bigint => zero(sign, f) | (BigInt(expMax(f) - 1) << BigInt(f.frac)) | one(f.frac);
const quiet = (bits: bigint, f: FpFormat): bigint => bits | (1n << BigInt(f.frac - 1));

/** FPProcessNaN: a signalling NaN is quietened (IOC); DN gives the default NaN. */
function processNaN(op: Unpacked, f: FpFormat, env: FpEnv): bigint {
  if (op.kind === 'snan') env.flags |= IOC;
  return env.dn ? defaultNaN(f) : quiet(op.bits, f);
}

/** FPProcessNaNs(3): the first signalling NaN, else the first quiet NaN, in operand order. */
export function processNaNs(ops: readonly Unpacked[], f: FpFormat, env: FpEnv): bigint | undefined {
  const snan = ops.find((o) => o.kind === 'snan');
  if (snan) return processNaN(snan, f, env);
  const qnan = ops.find((o) => o.kind === 'qnan');
  return qnan ? processNaN(qnan, f, env) : undefined;
}

/**
 * FPRound: (-1)^sign × mant × 2^exp (mant > 0, exact; an inexact caller ORs a sticky bit into the
 * lowest of enough extra bits) to the nearest representable value under the rounding mode, with
 * ARM's underflow (tiny before rounding, and inexact) and flush-to-zero.
 */
export function round(sign: number, mant: bigint, exp: number, f: FpFormat, env: FpEnv, rmode = env.rmode, flush = env.fz && f !== HALF): bigint {
  const minExp = 1 - bias(f);
  const top = exp + mant.toString(2).length - 1;
  if (flush && top < minExp) {
    env.flags |= UFC;
    return zero(sign, f);
  }
  const quantum = (top < minExp ? minExp : top) - f.frac;
  let biased = top < minExp ? 0 : top - minExp + 1;
  let intMant: bigint;
  let remainder = 0n;
  let half = 0n;
  const shift = quantum - exp;
  if (shift > 0) {
    intMant = mant >> BigInt(shift);
    remainder = mant & one(shift);
    half = 1n << BigInt(shift - 1);
  } else intMant = mant << BigInt(-shift);
  const inexact = remainder !== 0n;
  if (biased === 0 && inexact) env.flags |= UFC;
  let up: boolean;
  switch (rmode) {
    case 0: up = remainder > half || (remainder === half && inexact && (intMant & 1n) === 1n); break;
    case 1: up = inexact && sign === 0; break;
    case 2: up = inexact && sign === 1; break;
    default: up = false;
  }
  if (up) {
    intMant += 1n;
    if (biased === 0 && intMant === 1n << BigInt(f.frac)) biased = 1;
    else if (intMant === 1n << BigInt(f.frac + 1)) {
      intMant >>= 1n;
      biased += 1;
    }
  }
  if (biased >= expMax(f)) {
    env.flags |= OFC | IXC;
    const toInfinity = rmode === 0 || (rmode === 1 && sign === 0) || (rmode === 2 && sign === 1);
    return toInfinity ? infinity(sign, f) : maxNormal(sign, f);
  }
  if (inexact) env.flags |= IXC;
  return zero(sign, f) | (BigInt(biased) << BigInt(f.frac)) | (intMant & one(f.frac));
}

/** Exact finite value as (signed integer, exponent). */
const signed = (o: Unpacked): bigint => (o.sign ? -o.mant : o.mant);

function fromExact(value: bigint, exp: number, f: FpFormat, env: FpEnv, zeroSign: number): bigint {
  if (value === 0n) return zero(zeroSign, f);
  return value < 0n ? round(1, -value, exp, f, env) : round(0, value, exp, f, env);
}

export function add(a: bigint, b: bigint, f: FpFormat, env: FpEnv): bigint {
  const x = unpack(a, f, env);
  const y = unpack(b, f, env);
  const nan = processNaNs([x, y], f, env);
  if (nan !== undefined) return nan;
  if (x.kind === 'inf' && y.kind === 'inf' && x.sign !== y.sign) {
    env.flags |= IOC;
    return defaultNaN(f);
  }
  if (x.kind === 'inf') return infinity(x.sign, f);
  if (y.kind === 'inf') return infinity(y.sign, f);
  if (x.kind === 'zero' && y.kind === 'zero' && x.sign === y.sign) return zero(x.sign, f);
  const e = Math.min(x.kind === 'zero' ? Infinity : x.exp, y.kind === 'zero' ? Infinity : y.exp);
  const scaled = (o: Unpacked) => (o.kind === 'zero' ? 0n : signed(o) << BigInt(o.exp - e));
  return fromExact(scaled(x) + scaled(y), e, f, env, env.rmode === 2 ? 1 : 0);
}

export const neg = (bits: bigint, f: FpFormat): bigint => bits ^ (1n << BigInt(f.bits - 1));
export const abs = (bits: bigint, f: FpFormat): bigint => bits & one(f.bits - 1);

/** FPSub: NaNs are processed as given (b's sign unchanged), then a + (-b). */
export function sub(a: bigint, b: bigint, f: FpFormat, env: FpEnv): bigint {
  const nan = processNaNs([unpack(a, f, env), unpack(b, f, env)], f, env);
  if (nan !== undefined) return nan;
  return add(a, neg(b, f), f, env);
}

export function mul(a: bigint, b: bigint, f: FpFormat, env: FpEnv): bigint {
  const x = unpack(a, f, env);
  const y = unpack(b, f, env);
  const nan = processNaNs([x, y], f, env);
  if (nan !== undefined) return nan;
  const sign = x.sign ^ y.sign;
  if ((x.kind === 'inf' && y.kind === 'zero') || (x.kind === 'zero' && y.kind === 'inf')) {
    env.flags |= IOC;
    return defaultNaN(f);
  }
  if (x.kind === 'inf' || y.kind === 'inf') return infinity(sign, f);
  if (x.kind === 'zero' || y.kind === 'zero') return zero(sign, f);
  return round(sign, x.mant * y.mant, x.exp + y.exp, f, env);
}

export function div(a: bigint, b: bigint, f: FpFormat, env: FpEnv): bigint {
  const x = unpack(a, f, env);
  const y = unpack(b, f, env);
  const nan = processNaNs([x, y], f, env);
  if (nan !== undefined) return nan;
  const sign = x.sign ^ y.sign;
  if ((x.kind === 'inf' && y.kind === 'inf') || (x.kind === 'zero' && y.kind === 'zero')) {
    env.flags |= IOC;
    return defaultNaN(f);
  }
  if (x.kind === 'inf' || y.kind === 'zero') {
    if (y.kind === 'zero') env.flags |= DZC;
    return infinity(sign, f);
  }
  if (x.kind === 'zero' || y.kind === 'inf') return zero(sign, f);
  const k = f.frac + 4 + y.mant.toString(2).length;
  const scaled = x.mant << BigInt(k);
  const q = scaled / y.mant;
  const sticky = scaled % y.mant === 0n ? 0n : 1n;
  return round(sign, (q << 1n) | sticky, x.exp - y.exp - k - 1, f, env);
}

function isqrt(n: bigint): bigint {
  if (n < 2n) return n;
  let x = 1n << BigInt(Math.ceil(n.toString(2).length / 2));
  for (;;) {
    const y = (x + n / x) >> 1n;
    if (y >= x) return x;
    x = y;
  }
}

export function sqrt(a: bigint, f: FpFormat, env: FpEnv): bigint {
  const x = unpack(a, f, env);
  const nan = processNaNs([x], f, env);
  if (nan !== undefined) return nan;
  if (x.kind === 'zero') return zero(x.sign, f);
  if (x.sign === 1) {
    env.flags |= IOC;
    return defaultNaN(f);
  }
  if (x.kind === 'inf') return infinity(0, f);
  let mant = x.mant;
  let exp = x.exp;
  if (exp & 1) {
    mant <<= 1n;
    exp -= 1;
  }
  const k = f.frac + 4;
  const scaled = mant << BigInt(2 * k);
  const r = isqrt(scaled);
  const sticky = r * r === scaled ? 0n : 1n;
  return round(0, (r << 1n) | sticky, exp / 2 - k - 1, f, env);
}

/** FPMulAdd: addend + op1 × op2 with one rounding (operands already negated as the form says). */
export function mulAdd(addend: bigint, a: bigint, b: bigint, f: FpFormat, env: FpEnv): bigint {
  const z = unpack(addend, f, env);
  const x = unpack(a, f, env);
  const y = unpack(b, f, env);
  const invalidProduct = (x.kind === 'inf' && y.kind === 'zero') || (x.kind === 'zero' && y.kind === 'inf');
  if (z.kind === 'qnan' && invalidProduct) {
    env.flags |= IOC;
    return defaultNaN(f);
  }
  const nan = processNaNs([z, x, y], f, env);
  if (nan !== undefined) return nan;
  const signP = x.sign ^ y.sign;
  const infP = x.kind === 'inf' || y.kind === 'inf';
  const zeroP = x.kind === 'zero' || y.kind === 'zero';
  if (invalidProduct || (z.kind === 'inf' && infP && z.sign !== signP)) {
    env.flags |= IOC;
    return defaultNaN(f);
  }
  if (z.kind === 'inf') return infinity(z.sign, f);
  if (infP) return infinity(signP, f);
  if (z.kind === 'zero' && zeroP && z.sign === signP) return zero(z.sign, f);
  const productExp = zeroP ? Infinity : x.exp + y.exp;
  const e = Math.min(z.kind === 'zero' ? Infinity : z.exp, productExp);
  if (e === Infinity) return zero(env.rmode === 2 ? 1 : 0, f);
  const product = zeroP ? 0n : (signP ? -(x.mant * y.mant) : x.mant * y.mant) << BigInt(productExp - e);
  const sum = product + (z.kind === 'zero' ? 0n : signed(z) << BigInt(z.exp - e));
  return fromExact(sum, e, f, env, env.rmode === 2 ? 1 : 0);
}

/** FPMax/FPMin (and the NaN-avoiding maxnm/minnm). The result is an operand, or a zero/infinity. */
export function maxMin(a: bigint, b: bigint, f: FpFormat, env: FpEnv, max: boolean, numeric: boolean): bigint {
  let x = unpack(a, f, env);
  let y = unpack(b, f, env);
  if (numeric) {
    const swap = (o: Unpacked): Unpacked => ({ ...o, kind: 'inf', sign: max ? 1 : 0, bits: infinity(max ? 1 : 0, f) });
    if (x.kind === 'qnan' && y.kind !== 'qnan') x = swap(x);
    else if (y.kind === 'qnan' && x.kind !== 'qnan') y = swap(y);
  }
  const nan = processNaNs([x, y], f, env);
  if (nan !== undefined) return nan;
  const c = compareValues(x, y);
  const pick = max ? (c > 0 ? x : y) : c < 0 ? x : y;
  if (pick.kind === 'inf') return infinity(pick.sign, f);
  if (pick.kind === 'zero') return zero(max ? x.sign & y.sign : x.sign | y.sign, f);
  return round(pick.sign, pick.mant, pick.exp, f, env);
}

/** -1, 0, 1 for non-NaN operands (zeros equal whatever their sign). */
function compareValues(x: Unpacked, y: Unpacked): number {
  const value = (o: Unpacked): [number, bigint, number] => {
    if (o.kind === 'inf') return [o.sign ? -1 : 1, 0n, Infinity];
    if (o.kind === 'zero') return [0, 0n, 0];
    return [o.sign ? -1 : 1, o.mant, o.exp];
  };
  const [sx, mx, ex] = value(x);
  const [sy, my, ey] = value(y);
  if (sx !== sy) return sx < sy ? -1 : 1;
  if (sx === 0) return 0;
  let mag: number;
  if (ex === Infinity || ey === Infinity) mag = ex === ey ? 0 : ex === Infinity ? 1 : -1;
  else {
    const e = Math.min(ex, ey);
    const a = mx << BigInt(ex - e);
    const b = my << BigInt(ey - e);
    mag = a === b ? 0 : a > b ? 1 : -1;
  }
  return sx < 0 ? -mag : mag;
}

/** FPCompare as NZCV (bits 3..0): unordered 0011, equal 0110, less 1000, greater 0010. */
export function compare(a: bigint, b: bigint, f: FpFormat, env: FpEnv, signalAll: boolean): number {
  const x = unpack(a, f, env);
  const y = unpack(b, f, env);
  const nan = (o: Unpacked) => o.kind === 'qnan' || o.kind === 'snan';
  if (nan(x) || nan(y)) {
    if (signalAll || x.kind === 'snan' || y.kind === 'snan') env.flags |= IOC;
    return 0b0011;
  }
  const c = compareValues(x, y);
  return c === 0 ? 0b0110 : c < 0 ? 0b1000 : 0b0010;
}

/** FPConvert between formats: NaN payloads keep their top fraction bits. */
export function convert(a: bigint, from: FpFormat, to: FpFormat, env: FpEnv): bigint {
  const x = unpack(a, from, env);
  if (x.kind === 'qnan' || x.kind === 'snan') {
    if (x.kind === 'snan') env.flags |= IOC;
    if (env.dn) return defaultNaN(to);
    const payload = a & one(from.frac - 1);
    const moved = from.frac > to.frac ? payload >> BigInt(from.frac - to.frac) : payload << BigInt(to.frac - from.frac);
    return zero(x.sign, to) | defaultNaN(to) | moved;
  }
  if (x.kind === 'inf') return infinity(x.sign, to);
  if (x.kind === 'zero') return zero(x.sign, to);
  return round(x.sign, x.mant, x.exp, to, env, env.rmode, env.fz && to !== HALF);
}

/** FPToFixed with round towards zero: saturating, IOC for NaN and out-of-range, IXC if inexact. */
export function toInteger(a: bigint, f: FpFormat, env: FpEnv, bits: number, unsigned: boolean): bigint {
  const x = unpack(a, f, env);
  const lo = unsigned ? 0n : -(1n << BigInt(bits - 1));
  const hi = unsigned ? one(bits) : one(bits - 1);
  if (x.kind === 'qnan' || x.kind === 'snan') {
    env.flags |= IOC;
    return 0n;
  }
  if (x.kind === 'zero') return 0n;
  if (x.kind === 'inf') {
    env.flags |= IOC;
    return BigInt.asUintN(bits, x.sign ? lo : hi);
  }
  const whole = x.exp >= 0 ? x.mant << BigInt(x.exp) : x.mant >> BigInt(-x.exp);
  const inexact = x.exp < 0 && (x.mant & one(-x.exp)) !== 0n;
  const value = x.sign ? -whole : whole;
  if (value < lo || value > hi) {
    env.flags |= IOC;
    return BigInt.asUintN(bits, value < lo ? lo : hi);
  }
  if (inexact) env.flags |= IXC;
  return BigInt.asUintN(bits, value);
}

/** FixedToFP: an integer (already sign-interpreted) rounded to the format. */
export function fromInteger(value: bigint, f: FpFormat, env: FpEnv): bigint {
  if (value === 0n) return zero(0, f);
  return value < 0n ? round(1, -value, 0, f, env, env.rmode, false) : round(0, value, 0, f, env, env.rmode, false);
}
