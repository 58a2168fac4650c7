// Floating-point constants of `.float`/`.single`/`.double` as GNU as reads and rounds them: an
// optional `0f`/`0d`… prefix, a sign, decimal digits with fraction and exponent (or inf/nan),
// rounded half up on the first dropped bit from the exact value; exponents a format cannot hold
// (before rounding) and denormals too small to round are errors, as in gas.

export type FloatKind = 'single' | 'double';

interface Format {
  readonly bits: number;
  /** Significand bits including the hidden one. */
  readonly precision: number;
  readonly bias: number;
  readonly maxBiased: number;
  /** Most a value's biased exponent may lie below 1 before gas refuses it. */
  readonly denormalReach: number;
  readonly nan: bigint;
  readonly snan: bigint;
}

const FORMATS: Readonly<Record<FloatKind, Format>> = {
  single: { bits: 32, precision: 24, bias: 127, maxBiased: 255, denormalReach: 30, nan: 0x7fffffffn, snan: 0x7fbfffffn },
  double: { bits: 64, precision: 53, bias: 1023, maxBiased: 2047, denormalReach: 56, nan: 0x7fffffffffffffffn, snan: 0x7ff7ffffffffffffn },
};

export class FlonumError extends Error {}

const NUMBER = /^(0[rRsSfFdDxXeEpPhHb])?([+-]?)(?:(inf(?:inity)?|[qs]?nan)|(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d*))?)/i;

const bitLength = (v: bigint): number => (v === 0n ? 0 : v.toString(2).length);

/** floor(n × 10^e10 × 2^e2), exactly. */
function scaled(n: bigint, e10: number, e2: number): bigint {
  let num = n;
  let den = 1n;
  if (e10 >= 0) num *= 10n ** BigInt(e10);
  else den = 10n ** BigInt(-e10);
  if (e2 >= 0) num <<= BigInt(e2);
  else den <<= BigInt(-e2);
  return num / den;
}

/** The IEEE bits of a decimal n × 10^e10 (n > 0), rounded as gas rounds. */
function encodeFinite(n: bigint, e10: number, f: Format): bigint {
  // Binary exponent e with 1 <= value / 2^e < 2.
  let e = bitLength(n) - 1 + Math.floor(e10 * Math.log2(10));
  while (scaled(n, e10, -e) < 1n) e--;
  while (scaled(n, e10, -e) >= 2n) e++;
  const fraction = f.precision - 1;
  const biased = e + f.bias;
  if (biased >= f.maxBiased) throw new FlonumError('cannot create floating-point number');
  if (biased <= 0 && -biased > f.denormalReach) throw new FlonumError('cannot create floating-point number');
  // Normal: the significand at 2^(e - fraction); denormal: at the smallest denormal's weight.
  const lsb = biased >= 1 ? e - fraction : 1 - f.bias - fraction;
  const withGuard = scaled(n, e10, 1 - lsb);
  const rounded = (withGuard >> 1n) + (withGuard & 1n);
  if (biased <= 0) return rounded; // a carry out of the denormals is the smallest normal
  // A carry out of the significand moves into the exponent (up to infinity, as gas lets it).
  return (BigInt(biased - 1) << BigInt(fraction)) + rounded;
}

/** Parses one constant at the start of `text`: its bits and the text after it. */
export function parseFlonum(text: string, kind: FloatKind): { value: bigint; rest: string } {
  const f = FORMATS[kind];
  const m = NUMBER.exec(text);
  if (!m || (!m[3] && m[4] === '' && m[5] === undefined)) throw new FlonumError('bad floating-point constant');
  const sign = m[2] === '-' ? 1n << BigInt(f.bits - 1) : 0n;
  const rest = text.slice(m[0].length);
  const special = m[3]?.toLowerCase();
  if (special) {
    if (special.startsWith('inf')) return { value: sign | (BigInt(f.maxBiased) << BigInt(f.precision - 1)), rest };
    return { value: sign | (special === 'snan' ? f.snan : f.nan), rest };
  }
  const digits = `${m[4] ?? ''}${m[5] ?? ''}`.replace(/^0+/, '');
  const exponent = m[6] && m[6] !== '+' && m[6] !== '-' ? Number(m[6]) : 0;
  const n = BigInt(digits || '0');
  if (n === 0n) return { value: sign, rest };
  const e10 = exponent - (m[5]?.length ?? 0);
  // Far outside any format: gas cannot create it either (and the exact arithmetic would be huge).
  if (Math.abs(e10 + digits.length) > 5000) throw new FlonumError('cannot create floating-point number');
  return { value: sign | encodeFinite(n, e10, f), rest };
}
