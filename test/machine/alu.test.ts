// Data processing (immediate and register), table-driven: each row is one instruction with its
// inputs and the result and flags a BigInt model of the ARM ARM pseudocode gives.
import { describe, expect, test } from 'vitest';
import { nzcvOf, run } from './helpers.js';

const M64 = (1n << 64n) - 1n;
const MIN64 = 1n << 63n;
const MAX64 = MIN64 - 1n;
const M32 = 0xffffffffn;
const EDGES = [0n, 1n, M64, MIN64, MAX64, 0x80000000n, 0x7fffffffn, M32, 0x123456789abcdef0n];

/** AddWithCarry: result and NZCV (as a 4-bit number) for `bits`-wide operands. */
function addWithCarry(a: bigint, b: bigint, carry: bigint, bits: number): { value: bigint; nzcv: number } {
  const mask = (1n << BigInt(bits)) - 1n;
  const ua = a & mask;
  const ub = b & mask;
  const usum = ua + ub + carry;
  const signed = (v: bigint) => BigInt.asIntN(bits, v);
  const ssum = signed(ua) + signed(ub) + carry;
  const value = usum & mask;
  const n = Number(value >> BigInt(bits - 1));
  const z = value === 0n ? 1 : 0;
  const c = usum === value ? 0 : 1;
  const v = signed(value) === ssum ? 0 : 1;
  return { value, nzcv: (n << 3) | (z << 2) | (c << 1) | v };
}

function run1(insn: string, x: Record<number, bigint>, nzcv = 0) {
  const { m, result } = run(`${insn}\nret`, { x, nzcv });
  expect(result.reason).toBe('returned');
  return m;
}

describe('add/sub (immediate, shifted register, extended register) with flags', () => {
  const pairs = EDGES.flatMap((a) => [0n, 1n, M64, MIN64, 0x7fffffffn, 0x80000000n].map((b) => [a, b] as const));
  test.each(pairs)('adds/subs x and w: %s, %s', (a, b) => {
    for (const [op, sub] of [['adds', false], ['subs', true]] as const) {
      for (const bits of [64, 32]) {
        const r = bits === 64 ? 'x' : 'w';
        const m = run1(`${op} ${r}0, ${r}1, ${r}2`, { 1: a, 2: b });
        const want = addWithCarry(a, sub ? ~b : b, sub ? 1n : 0n, bits);
        expect(m.x(0), `${op} ${r}`).toBe(want.value);
        expect(nzcvOf(m), `${op} ${r} flags`).toBe(want.nzcv);
      }
    }
  });

  test.each([
    ['add x0, x1, #0xfff', 5n, 5n + 0xfffn],
    ['add x0, x1, #1, lsl #12', 5n, 5n + 4096n],
    ['sub x0, x1, #1', 0n, M64],
    ['add w0, w1, #1', M32, 0n],
    ['sub w0, w1, #1', 0n, M32],
    ['add x0, x1, x2, lsl #63', 0n, MIN64],
    ['add x0, x1, x2, lsr #1', 0n, MAX64],
    ['add x0, x1, x2, asr #63', 0n, M64],
    ['sub x0, x1, x2, asr #1', 0n, 1n],
    ['add w0, w1, w2, lsl #31', 0n, 0x80000000n],
    ['neg x0, x2', 0n, 1n],
    ['add x0, x1, w2, uxtb', 1n, 0x100n],
    ['add x0, x1, w2, sxtb #4', 0n, M64 << 4n & M64],
    ['add x0, x1, w2, uxth #1', 0n, 0x1fffen],
    ['add x0, x1, w2, sxth', 0n, M64],
    ['add x0, x1, w2, uxtw #2', 0n, 0x3fffffffcn],
    ['add x0, x1, w2, sxtw', 1n, 0n],
    ['add x0, x1, x2, sxtx #3', 0n, M64 - 7n],
    ['add w0, w1, w2, uxtb #2', 0n, 0x3fcn],
    ['sub w0, w1, w2, sxtb', 0n, 1n],
  ] as const)('%s', (insn, x1, want) => {
    expect(run1(insn, { 1: x1, 2: M64 }).x(0)).toBe(want);
  });

  test('SP as base and destination (add/sub immediate and extended)', () => {
    const { m } = run('mov x0, sp\nadd sp, sp, #16\nadd x1, sp, #0\nsub sp, sp, x2, uxtx #4\nmov x3, sp\nret', { sp: 0x1000n, x: { 2: 1n } });
    expect([m.x(0), m.x(1), m.x(3)]).toEqual([0x1000n, 0x1010n, 0x1000n]);
  });

  test('cmp/cmn write only the flags (xzr destination)', () => {
    const m = run1('cmp x1, #1', { 1: 1n });
    expect(nzcvOf(m)).toBe(0b0110);
    const n = run1('cmn w1, #1', { 1: M32 });
    expect(nzcvOf(n)).toBe(0b0110);
  });
});

describe('add/sub with carry, conditional compare', () => {
  test.each(EDGES.flatMap((a) => [[a, 0n], [a, 1n], [a, M64]] as const))('adcs/sbcs %s %s with C=0 and C=1', (a, b) => {
    for (const carry of [0n, 1n]) {
      for (const [op, sub] of [['adcs', false], ['sbcs', true]] as const) {
        for (const bits of [64, 32]) {
          const r = bits === 64 ? 'x' : 'w';
          const m = run1(`${op} ${r}0, ${r}1, ${r}2`, { 1: a, 2: b }, Number(carry) << 1);
          const want = addWithCarry(a, sub ? ~b : b, carry, bits);
          expect(m.x(0)).toBe(want.value);
          expect(nzcvOf(m)).toBe(want.nzcv);
        }
      }
    }
  });

  test.each([
    ['ccmp x1, x2, #4, eq', 0b0100, 5n, 5n, 0b0110],
    ['ccmp x1, x2, #4, ne', 0b0100, 5n, 6n, 0b0100],
    ['ccmp x1, #3, #0, al', 0b0000, 3n, 0n, 0b0110],
    ['ccmn x1, #1, #15, eq', 0b0000, M64, 0n, 0b1111],
    ['ccmn w1, w2, #0, eq', 0b0100, M32, 1n, 0b0110],
    ['ccmp w1, #31, #2, hi', 0b0010, 0n, 0n, 0b1000],
  ] as const)('%s', (insn, before, x1, x2, after) => {
    expect(nzcvOf(run1(insn, { 1: x1, 2: x2 }, before))).toBe(after);
  });
});

describe('logical (immediate and shifted register)', () => {
  test.each([
    ['and x0, x1, #0xff', M64, 0xffn, 0],
    ['orr x0, x1, #0x8000000000000000', 1n, MIN64 | 1n, 0],
    ['eor w0, w1, #0xffff', M64, 0xffff0000n, 0],
    ['ands x0, x1, #0x8000000000000000', M64, MIN64, 0b1000],
    ['ands w0, w1, #1', 2n, 0n, 0b0100],
    ['tst x1, #0x3', 4n, 4n, 0b0100],
    ['mov x0, #0x5555555555555555', 0n, 0x5555555555555555n, 0],
    ['bic x0, x1, x2', M64, M64 - 0xf0n, 0],
    ['orn w0, wzr, w2', 0n, 0xffffff0fn, 0],
    ['eon x0, x1, x2, ror #4', 0n, ~(0xfn | (0n << 60n)) & M64, 0],
    ['bics x0, x1, x2, lsl #60', MIN64 | 0xf0n, MIN64 | 0xf0n, 0b1000],
    ['and w0, w1, w2, asr #4', M64, 0xfn, 0],
    ['mvn x0, x2', 0n, M64 - 0xf0n, 0],
  ] as const)('%s', (insn, x1, want, flags) => {
    const m = run1(insn, { 1: x1, 2: 0xf0n });
    if (!insn.startsWith('tst')) expect(m.x(0)).toBe(want);
    if (/^(ands|bics|tst)/.test(insn)) expect(nzcvOf(m)).toBe(flags);
  });

  test('logical immediates can write SP; ANDS cannot', () => {
    const { m } = run('and sp, x1, #0xfffffffffffffff0\nmov x0, sp\nret', { x: { 1: 0x1234567n } });
    expect(m.x(0)).toBe(0x1234560n);
  });
});

describe('move wide, shifts, bitfields, extract', () => {
  test.each([
    ['movz x0, #0x1234, lsl #48', 0x1234n << 48n],
    ['movn x0, #0', M64],
    ['movn w0, #0', M32],
    ['movn x0, #0xffff, lsl #16', M64 ^ (0xffffn << 16n)],
    ['movk x0, #0xbeef, lsl #32', 0xffff_beef_ffff_ffffn],
    ['movk w0, #0xbeef', 0xffffbeefn],
    ['lsl x0, x1, #63', MIN64],
    ['lsr x0, x1, #63', 1n],
    ['asr x0, x1, #63', M64],
    ['ror x0, x2, #4', 0xf0123456789abcden],
    ['lsl w0, w1, #31', 0x80000000n],
    ['asr w0, w1, #31', M32],
    ['ubfx x0, x1, #60, #4', 0xfn],
    ['sbfx x0, x1, #62, #2', M64],
    ['sbfx w0, w1, #0, #1', M32],
    ['ubfiz x0, x1, #62, #2', 3n << 62n],
    ['sbfiz x0, x1, #4, #8', M64 << 4n & M64],
    ['sxtb x0, w1', M64],
    ['sxth w0, w1', M32],
    ['sxtw x0, w1', M64],
    ['uxtb w0, w1', 0xffn],
    ['uxth w0, w1', 0xffffn],
    ['bfi x0, x1, #8, #4', 0xffff_ffff_ffff_ffffn],
    ['bfxil w0, w1, #28, #4', 0xffffffffn],
    ['extr x0, x1, x2, #4', 0xf000_0000_0000_0000n | (0x0123456789abcdefn >> 4n)],
    ['extr w0, w1, w2, #8', 0xff000000n | (0x89abcdefn >> 8n)],
    ['extr x0, x1, x2, #0', 0x0123456789abcdefn],
  ] as const)('%s', (insn, want) => {
    expect(run1(insn, { 0: M64, 1: M64, 2: 0x0123456789abcdefn }).x(0)).toBe(want);
  });

  test.each([0n, 1n, 31n, 32n, 63n, 64n, 65n, 127n])('shifts by register use the amount modulo the width (%s)', (amount) => {
    const v = 0x8000_0000_0000_0001n;
    const n = Number(amount % 64n);
    const m = run1('lslv x3, x1, x2\nlsrv x4, x1, x2\nasrv x5, x1, x2\nrorv x6, x1, x2\nlsl w7, w1, w2\nror w8, w1, w2', { 1: v, 2: amount });
    expect(m.x(3)).toBe((v << BigInt(n)) & M64);
    expect(m.x(4)).toBe(v >> BigInt(n));
    expect(m.x(5)).toBe(BigInt.asUintN(64, BigInt.asIntN(64, v) >> BigInt(n)));
    expect(m.x(6)).toBe(((v >> BigInt(n)) | (v << BigInt(64 - n))) & M64);
    const w = Number(amount % 32n);
    expect(m.x(7)).toBe((1n << BigInt(w)) & M32);
    expect(m.x(8)).toBe(((1n >> BigInt(w)) | (1n << BigInt(32 - w))) & M32);
  });
});

describe('conditional select, multiply, divide, bit operations', () => {
  test.each([
    ['csel x0, x1, x2, eq', 0b0100, 1n],
    ['csel x0, x1, x2, ne', 0b0100, 2n],
    ['csinc x0, x1, x2, ne', 0b0100, 3n],
    ['csinv x0, x1, x2, ne', 0b0100, M64 - 2n],
    ['csneg x0, x1, x2, ne', 0b0100, M64 - 1n],
    ['cset x0, hi', 0b0010, 1n],
    ['csetm w0, ls', 0b0110, M32],
    ['cinc x0, x1, ge', 0b1001, 2n],
    ['cneg w0, w2, lt', 0b1000, M32 - 1n],
    ['csel x0, x1, x2, nv', 0b0000, 1n],
  ] as const)('%s with NZCV=%s', (insn, flags, want) => {
    expect(run1(insn, { 1: 1n, 2: 2n }, flags).x(0)).toBe(want);
  });

  const products = [[M64, M64], [MIN64, M64], [MIN64, MIN64], [0x123456789n, 0xfedcba987n], [M32, M32], [MAX64, 2n]] as const;
  test.each(products)('multiplies of %s × %s', (a, b) => {
    const m = run1('mul x3, x1, x2\nmadd x4, x1, x2, x1\nmsub x5, x1, x2, x1\numulh x6, x1, x2\nsmulh x7, x1, x2\numull x8, w1, w2\nsmull x9, w1, w2\numsubl x10, w1, w2, x1\nmul w11, w1, w2\nmneg x12, x1, x2', { 1: a, 2: b });
    const s = (v: bigint, bits = 64) => BigInt.asIntN(bits, v);
    expect(m.x(3)).toBe((a * b) & M64);
    expect(m.x(4)).toBe((a + a * b) & M64);
    expect(m.x(5)).toBe(BigInt.asUintN(64, a - a * b));
    expect(m.x(6)).toBe((a * b) >> 64n);
    expect(m.x(7)).toBe(BigInt.asUintN(64, (s(a) * s(b)) >> 64n));
    expect(m.x(8)).toBe((a & M32) * (b & M32));
    expect(m.x(9)).toBe(BigInt.asUintN(64, s(a & M32, 32) * s(b & M32, 32)));
    expect(m.x(10)).toBe(BigInt.asUintN(64, a - (a & M32) * (b & M32)));
    expect(m.x(11)).toBe((a * b) & M32);
    expect(m.x(12)).toBe(BigInt.asUintN(64, -(a * b)));
  });

  test.each([[7n, 2n], [M64, 2n], [MIN64, M64], [5n, 0n], [0x80000000n, M32], [M32, 0n], [100n, 7n]] as const)('udiv/sdiv %s / %s', (a, b) => {
    const m = run1('udiv x3, x1, x2\nsdiv x4, x1, x2\nudiv w5, w1, w2\nsdiv w6, w1, w2', { 1: a, 2: b });
    const sdiv = (x: bigint, y: bigint, bits: number) => (y === 0n ? 0n : BigInt.asUintN(bits, BigInt.asIntN(bits, x) / BigInt.asIntN(bits, y)));
    expect(m.x(3)).toBe(b === 0n ? 0n : a / b);
    expect(m.x(4)).toBe(sdiv(a, b, 64));
    expect(m.x(5)).toBe((b & M32) === 0n ? 0n : (a & M32) / (b & M32));
    expect(m.x(6)).toBe(sdiv(a & M32, b & M32, 32));
  });

  test.each([0n, 1n, M64, MIN64, 0x00ff00ff00ff00ffn, 0x0123456789abcdefn, 0x7fffffffn])('clz/cls/rbit/rev* of %s', (v) => {
    const m = run1('clz x3, x1\ncls x4, x1\nrbit x5, x1\nrev x6, x1\nrev16 x7, x1\nrev32 x8, x1\nclz w9, w1\ncls w10, w1\nrev w11, w1\nrbit w12, w1\nrev16 w13, w1', { 1: v });
    const bytes = (x: bigint, n: number) => Array.from({ length: n }, (_, i) => (x >> BigInt(8 * i)) & 0xffn);
    const fromBytes = (bs: bigint[]) => bs.reduce((acc, b, i) => acc | (b << BigInt(8 * i)), 0n);
    const clz = (x: bigint, bits: number) => (x === 0n ? bits : bits - x.toString(2).length);
    const cls = (x: bigint, bits: number) => clz((x ^ (x >> 1n)) & ((1n << BigInt(bits - 1)) - 1n), bits - 1);
    const rbit = (x: bigint, bits: number) => BigInt(`0b${x.toString(2).padStart(bits, '0').split('').reverse().join('')}`);
    const w = v & M32;
    expect(m.x(3)).toBe(BigInt(clz(v, 64)));
    expect(m.x(4)).toBe(BigInt(cls(v, 64)));
    expect(m.x(5)).toBe(rbit(v, 64));
    expect(m.x(6)).toBe(fromBytes(bytes(v, 8).reverse()));
    expect(m.x(7)).toBe(fromBytes([1, 0, 3, 2, 5, 4, 7, 6].map((i) => bytes(v, 8)[i])));
    expect(m.x(8)).toBe(fromBytes([3, 2, 1, 0, 7, 6, 5, 4].map((i) => bytes(v, 8)[i])));
    expect(m.x(9)).toBe(BigInt(clz(w, 32)));
    expect(m.x(10)).toBe(BigInt(cls(w, 32)));
    expect(m.x(11)).toBe(fromBytes(bytes(w, 4).reverse()));
    expect(m.x(12)).toBe(rbit(w, 32));
    expect(m.x(13)).toBe(fromBytes([1, 0, 3, 2].map((i) => bytes(w, 4)[i])));
  });

  test('W-register writes zero the upper half; writes to xzr are discarded', () => {
    const m = run1('add w1, w1, #0\nadd xzr, x2, x2\nmov x3, xzr\nsubs wzr, w2, w2', { 1: M64, 2: M64 });
    expect(m.x(1)).toBe(M32);
    expect(m.x(3)).toBe(0n);
    expect(nzcvOf(m)).toBe(0b0110);
  });

  test('adr and adrp are PC-relative to the instruction', () => {
    const m = run1('adr x1, .+8\nadrp x2, .+0x1000\nadr x3, .-4', {});
    expect(m.x(1)).toBe(0x400008n);
    expect(m.x(2)).toBe(0x401000n);
    expect(m.x(3)).toBe(0x400004n);
  });
});
