// Values of integer and character constants in #if, with GCC's aarch64 rules: intmax_t/uintmax_t are
// 64 bits, plain char is unsigned, wchar_t is a 32-bit unsigned int.
import Long from 'long';

export type Constant = { readonly value: Long; readonly warning?: string } | { readonly error: string };

const SUFFIX = /^(?:[uU](?:l|L|ll|LL)?|(?:l|L|ll|LL)[uU]?)?$/;
const TWO_64 = 1n << 64n;
const INT64_MAX = (1n << 63n) - 1n;

function radixOf(text: string): { radix: number; digits: string; name: string } {
  const lower = text.toLowerCase();
  if (lower.startsWith('0x')) return { radix: 16, digits: text.slice(2), name: 'hexadecimal' };
  if (lower.startsWith('0b')) return { radix: 2, digits: text.slice(2), name: 'binary' };
  if (text.startsWith('0')) return { radix: 8, digits: text, name: 'octal' };
  return { radix: 10, digits: text, name: 'decimal' };
}

function isFloating(text: string, radix: number): boolean {
  if (text.includes('.')) return true;
  return radix === 16 ? /[pP]/.test(text) : radix === 10 && /[eE]/.test(text);
}

const digitValue = (ch: string) => parseInt(ch, 36);

function toLong(v: bigint, unsigned: boolean): Long {
  const low = Number(v & 0xffffffffn) | 0;
  const high = Number((v >> 32n) & 0xffffffffn) | 0;
  return Long.fromBits(low, high, unsigned);
}

export function integerConstant(text: string): Constant {
  const { radix, digits, name } = radixOf(text);
  if (isFloating(text, radix)) return { error: 'floating constant in preprocessor expression' };
  let i = 0;
  let value = 0n;
  for (; i < digits.length; i++) {
    const d = digitValue(digits[i]);
    if (Number.isNaN(d) || d >= Math.max(radix, 10)) break;
    if (d >= radix) return { error: `invalid digit "${digits[i]}" in ${name} constant` };
    value = value * BigInt(radix) + BigInt(d);
  }
  const suffix = digits.slice(i);
  if ((radix === 16 || radix === 2) && i === 0) return { error: `invalid suffix "${text.slice(1)}" on integer constant` };
  if (!SUFFIX.test(suffix)) return { error: `invalid suffix "${suffix}" on integer constant` };
  let warning: string | undefined;
  if (value >= TWO_64) {
    warning = 'integer constant is too large for its type';
    value %= TWO_64;
  }
  let unsigned = /[uU]/.test(suffix);
  if (!unsigned && value > INT64_MAX) {
    unsigned = true;
    if (radix === 10) warning ??= 'integer constant is so large that it is unsigned';
  }
  return { value: toLong(value, unsigned), warning };
}

const SIMPLE_ESCAPES: Readonly<Record<string, number>> = {
  a: 7, b: 8, f: 12, n: 10, r: 13, t: 9, v: 11, e: 27, E: 27, '\\': 92, "'": 39, '"': 34, '?': 63,
};

/** Code units of a quoted literal's body, escapes decoded. */
function decodeChars(body: string, mask: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < body.length; i++) {
    if (body[i] !== '\\' || i + 1 >= body.length) {
      out.push(body.charCodeAt(i) & mask);
      continue;
    }
    const c = body[++i];
    if (c === 'x') {
      let j = i + 1;
      let v = 0;
      while (j < body.length && /[0-9a-fA-F]/.test(body[j])) v = ((v << 4) | parseInt(body[j++], 16)) >>> 0;
      out.push((v & mask) >>> 0);
      i = j - 1;
    } else if (/[0-7]/.test(c)) {
      let j = i;
      let v = 0;
      while (j < body.length && j < i + 3 && /[0-7]/.test(body[j])) v = (v << 3) | Number(body[j++]);
      out.push((v & mask) >>> 0);
      i = j - 1;
    } else out.push(SIMPLE_ESCAPES[c] ?? c.charCodeAt(0));
  }
  return out;
}

export function characterConstant(text: string): Constant {
  const wide = text.startsWith('L');
  const body = text.slice(wide ? 2 : 1, -1);
  const width = wide ? 32 : 8;
  const mask = wide ? 0xffffffff : 0xff;
  const chars = decodeChars(body, mask);
  if (chars.length === 0) return { error: 'empty character constant' };
  if (wide || chars.length === 1) {
    const warning = chars.length > 1 ? 'character constant too long for its type' : undefined;
    return { value: Long.fromNumber(chars[chars.length - 1], true), warning };
  }
  let v = 0;
  for (const c of chars) v = ((v << width) | c) >>> 0;
  const warning = chars.length > 4 ? 'character constant too long for its type' : 'multi-character character constant';
  return { value: Long.fromInt(v | 0, false), warning };
}
