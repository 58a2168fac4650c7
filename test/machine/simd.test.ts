// SIMD&FP moves and integer vector operations, table-driven on 128-bit values.
import { describe, expect, test } from 'vitest';
import { packForm } from '../../src/a64/form.js';
import { formById } from '../../src/a64/index.js';
import { fpImm8Encode } from '../../src/a64/immediates.js';
import type { Machine } from '../../src/machine/index.js';
import { CODE, machineWith } from './helpers.js';

const A = 0x0f0e0d0c0b0a09080706050403020100n;
const B = 0xfffefdfcfbfaf9f8f7f6f5f4f3f2f1f0n;
const M64 = (1n << 64n) - 1n;
const M128 = (1n << 128n) - 1n;

function simd(source: string, x: Record<number, bigint> = {}): Machine {
  const m = machineWith(`${source}\nret`, { x });
  m.setV(1, A);
  m.setV(2, B);
  m.setV(0, M128);
  const r = m.run({ maxSteps: 50 });
  expect(r.reason, r.message).toBe('returned');
  return m;
}

/** Lane-wise map over `bits`-wide lanes of 128-bit values. */
function lanes(bits: number, f: (a: bigint, b: bigint) => bigint, a: bigint, b: bigint, count = 128 / bits): bigint {
  const mask = (1n << BigInt(bits)) - 1n;
  let out = 0n;
  for (let i = 0; i < count; i++) out |= (f((a >> BigInt(i * bits)) & mask, (b >> BigInt(i * bits)) & mask) & mask) << BigInt(i * bits);
  return out;
}

describe('moves between general and FP registers', () => {
  test.each([
    ['fmov s0, w3', 0x89abcdefn],
    ['fmov d0, x3', 0x0123456789abcdefn],
    ['fmov v0.d[1], x3', (0x0123456789abcdefn << 64n) | M64],
    ['fmov d0, xzr', 0n],
    ['fmov s0, s1', A & 0xffffffffn],
    ['fmov d0, d1', A & M64],
    ['fabs d0, d2', B & M64 & ~(1n << 63n)],
    ['fneg s0, s1', (A & 0xffffffffn) ^ 0x80000000n],
    ['movi v0.16b, #0x5a', 0x5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5an],
    ['movi v0.8b, #0x5a', 0x5a5a5a5a5a5a5a5an],
    ['movi v0.4s, #0x12, lsl #8', 0x00001200000012000000120000001200n],
    ['movi v0.8h, #0x12, lsl #8', 0x12001200120012001200120012001200n],
    ['movi v0.2s, #0x12, msl #16', 0x0012ffff0012ffffn],
    ['movi v0.2d, #0xff00ff0000ff00ff', 0xff00ff0000ff00ffff00ff0000ff00ffn],
    ['movi d0, #0xff00000000000000', 0xff00000000000000n],
    ['mvni v0.4s, #0x1, lsl #24', 0xfeffffff_feffffff_feffffff_feffffffn],
    ['orr v1.4s, #0x80, lsl #24', A | 0x80000000800000008000000080000000n],
    ['bic v1.8h, #0xff', A & 0xff00ff00ff00ff00ff00ff00ff00ff00n],
  ] as const)('%s', (insn, want) => {
    const m = simd(insn.replace(/v1\.(4s|8h), #/, 'v1.$1, #'), { 3: 0x0123456789abcdefn });
    const reg = /^(orr|bic) v1/.test(insn) ? 1 : 0;
    expect(m.v(reg)).toBe(want);
  });

  // hypsim's assembler does not take FP immediates yet: these are built from the form table.
  test.each([
    ['FMOV_imm', { ftype: 1, imm8: 1.0, rd: 0 }, 0x3ff0000000000000n],
    ['FMOV_imm', { ftype: 0, imm8: -2.5, rd: 0 }, 0xc0200000n],
    ['FMOV_vi', { Q: 1, op: 0, cmode: 15, imm8: 1.0, rd: 0 }, 0x3f8000003f8000003f8000003f800000n],
    ['FMOV_vi', { Q: 1, op: 1, cmode: 15, imm8: -0.5, rd: 0 }, 0xbfe0000000000000bfe0000000000000n],
    ['FMOV_vi', { Q: 0, op: 0, cmode: 15, imm8: 31, rd: 0 }, 0x41f8000041f80000n],
  ] as const)('fmov #imm (%s %o)', (id, fields, want) => {
    const { imm8, ...rest } = fields;
    const code = fpImm8Encode(imm8) as number;
    const packed = id === 'FMOV_imm' ? { ...rest, imm8: code } : { ...rest, abc: code >> 5, defgh: code & 31 };
    const m = machineWith('nop\nret');
    m.memory.writeU32(CODE, packForm(formById(id), packed));
    m.setV(0, M128);
    expect(m.run({ maxSteps: 5 }).reason).toBe('returned');
    expect(m.v(0)).toBe(want);
  });

  test('fmov to general registers', () => {
    const m = simd('fmov w3, s1\nfmov x4, d2\nfmov x5, v1.d[1]');
    expect([m.x(3), m.x(4), m.x(5)]).toEqual([A & 0xffffffffn, B & M64, A >> 64n]);
  });
});

describe('three-same and two-register operations', () => {
  test.each([
    ['and v0.16b, v1.16b, v2.16b', A & B],
    ['orr v0.16b, v1.16b, v2.16b', A | B],
    ['mov v0.16b, v1.16b', A],
    ['eor v0.8b, v1.8b, v2.8b', (A ^ B) & M64],
    ['bic v0.16b, v1.16b, v2.16b', A & ~B & M128],
    ['orn v0.16b, v1.16b, v2.16b', (A | ~B) & M128],
    ['not v0.16b, v1.16b', ~A & M128],
    ['bsl v0.16b, v1.16b, v2.16b', A],
    ['bit v0.16b, v1.16b, v2.16b', (M128 & ~B) | (A & B)],
    ['bif v0.16b, v1.16b, v2.16b', (M128 & B) | (A & ~B & M128)],
    ['cnt v0.16b, v2.16b', lanes(8, (a) => BigInt(a.toString(2).replace(/0/g, '').length), B, 0n)],
    ['add v0.16b, v1.16b, v2.16b', lanes(8, (a, b) => a + b, A, B)],
    ['add v0.8h, v1.8h, v2.8h', lanes(16, (a, b) => a + b, A, B)],
    ['add v0.4s, v1.4s, v2.4s', lanes(32, (a, b) => a + b, A, B)],
    ['add v0.2d, v1.2d, v2.2d', lanes(64, (a, b) => a + b, A, B)],
    ['sub v0.16b, v1.16b, v2.16b', lanes(8, (a, b) => a - b, A, B)],
    ['sub v0.4h, v1.4h, v2.4h', lanes(16, (a, b) => a - b, A, B, 4)],
    ['sub v0.2s, v1.2s, v2.2s', lanes(32, (a, b) => a - b, A, B, 2)],
    ['sub v0.2d, v1.2d, v2.2d', lanes(64, (a, b) => a - b, A, B)],
    ['add d0, d1, d2', lanes(64, (a, b) => a + b, A, B, 1)],
    ['sub d0, d1, d2', lanes(64, (a, b) => a - b, A, B, 1)],
  ] as const)('%s', (insn, want) => {
    expect(simd(insn).v(0)).toBe(want);
  });
});

describe('element copies', () => {
  test.each([
    ['dup v0.16b, w3', 0xefefefefefefefefefefefefefefefefn],
    ['dup v0.4h, w3', 0xcdefcdefcdefcdefn],
    ['dup v0.2d, x3', 0x0123456789abcdef0123456789abcdefn],
    ['dup v0.4s, v1.s[3]', 0x0f0e0d0c0f0e0d0c0f0e0d0c0f0e0d0cn],
    ['dup v0.8b, v1.b[9]', 0x0909090909090909n],
    ['mov v0.s[1], w3', (M128 & ~(0xffffffffn << 32n)) | (0x89abcdefn << 32n)],
    ['mov v0.b[15], w3', (M128 >> 8n) | (0xefn << 120n)],
    ['mov v0.d[0], v1.d[1]', (M64 << 64n) | (A >> 64n)],
    ['mov v0.h[2], v2.h[7]', (M128 & ~(0xffffn << 32n)) | (0xfffen << 32n)],
    ['mov b0, v1.b[5]', 0x05n],
    ['mov d0, v2.d[1]', B >> 64n],
  ] as const)('%s', (insn, want) => {
    expect(simd(insn, { 3: 0x0123456789abcdefn }).v(0)).toBe(want);
  });

  test.each([
    ['umov w3, v2.b[0]', 0xf0n],
    ['umov w3, v2.h[1]', 0xf3f2n],
    ['mov w3, v2.s[1]', 0xf7f6f5f4n],
    ['mov x3, v2.d[1]', B >> 64n],
    ['smov w3, v2.b[0]', 0xfffffff0n],
    ['smov x3, v2.h[1]', 0xfffffffffffff3f2n],
    ['smov x3, v2.s[0]', 0xfffffffff3f2f1f0n],
    ['smov w3, v1.b[2]', 2n],
  ] as const)('%s', (insn, want) => {
    expect(simd(insn, { 3: M64 }).x(3)).toBe(want);
  });
});

describe('FP/SIMD instructions trap when the unit is disabled', () => {
  test.each(['fmov d0, x1', 'add v0.4s, v1.4s, v2.4s', 'movi v0.16b, #1', 'umov w0, v1.b[0]', 'str q0, [sp]', 'ld1 {v0.16b}, [sp]'])('%s', (insn) => {
    const m = machineWith(`${insn}\nret`, { fpEnabled: false, sp: 0x500000n });
    const r = m.run({ maxSteps: 5 });
    expect(r.reason).toBe('fault');
    expect(r.message).toContain('FP/SIMD access trapped');
  });
});

describe('scalar FP arithmetic (exact IEEE, ARM NaN and flag rules)', () => {
  const D = (v: number): bigint => new DataView(Float64Array.of(v).buffer).getBigUint64(0, true);
  const S = (v: number): bigint => BigInt(new DataView(Float32Array.of(v).buffer).getUint32(0, true));
  const QNAN_D = 0x7ff8000000000000n;

  function fp(insn: string, v1: bigint, v2: bigint, fpcr = 0n): { v0: bigint; fpsr: bigint; nzcv: bigint; x0: bigint } {
    const m = machineWith(`${insn}\nret`);
    m.setV(1, v1);
    m.setV(2, v2);
    m.setSysreg('fpcr', fpcr);
    expect(m.run({ maxSteps: 5 }).reason).toBe('returned');
    return { v0: m.v(0), fpsr: m.sysreg('fpsr'), nzcv: m.sysreg('nzcv') >> 28n, x0: m.x(0) };
  }

  test.each([
    ['fadd d0, d1, d2', D(1.5), D(2.25), D(3.75), 0n],
    ['fsub d0, d1, d2', D(1), D(1), D(0), 0n],
    ['fmul s0, s1, s2', S(3), S(0.5), S(1.5), 0n],
    ['fdiv d0, d1, d2', D(1), D(3), D(1 / 3), 0x10n],
    ['fdiv d0, d1, d2', D(1), D(0), D(Infinity), 0x2n],
    ['fsqrt d0, d1', D(-1), 0n, QNAN_D, 0x1n],
    ['fsqrt d0, d1', D(2), 0n, D(Math.SQRT2), 0x10n],
    ['fadd d0, d1, d2', 0x7ff0000000000001n, D(1), 0x7ff8000000000001n, 0x1n],
    ['fmul d0, d1, d2', D(1e308), D(10), D(Infinity), 0x14n],
    ['fmax d0, d1, d2', D(-0), D(0), D(0), 0n],
    ['fmin d0, d1, d2', D(-0), D(0), D(-0), 0n],
    ['fmaxnm d0, d1, d2', QNAN_D, D(5), D(5), 0n],
    ['fnmul d0, d1, d2', D(2), D(3), D(-6), 0n],
    ['fmadd d0, d1, d2, d1', D(2), D(3), D(8), 0n],
    ['fcvt s0, d1', D(1 / 3), 0n, S(1 / 3), 0x10n],
    ['fcvt d0, s1', S(0.1), 0n, D(Math.fround(0.1)), 0n],
    ['fcvt h0, s1', S(65520), 0n, 0x7c00n, 0x14n],
  ] as const)('%s', (insn, a, b, want, flags) => {
    const r = fp(insn, a, b);
    expect(r.v0).toBe(want);
    expect(r.fpsr).toBe(flags);
  });

  test('rounding modes and flush-to-zero', () => {
    // 1/3 in single precision rounds up to nearest: towards zero and towards -inf are one ulp below
    expect(fp('fdiv s0, s1, s2', S(1), S(3), 3n << 22n).v0).toBe(S(1 / 3) - 1n);
    expect(fp('fdiv s0, s1, s2', S(1), S(3), 2n << 22n).v0).toBe(S(1 / 3) - 1n);
    expect(fp('fdiv s0, s1, s2', S(1), S(3), 1n << 22n).v0).toBe(S(1 / 3));
    const tiny = 0x0000000000000001n;
    expect(fp('fadd d0, d1, d2', tiny, D(0), 1n << 24n)).toMatchObject({ v0: 0n, fpsr: 0x80n });
    expect(fp('fmul d0, d1, d2', D(1e-200), D(1e-200), 1n << 24n)).toMatchObject({ v0: 0n, fpsr: 0x8n });
    expect(fp('fadd d0, d1, d2', 0x7ff4000000000000n, D(1), 1n << 25n)).toMatchObject({ v0: QNAN_D, fpsr: 1n });
  });

  test('fcmp/fcmpe set NZCV; fcmpe signals on quiet NaNs', () => {
    expect(fp('fcmp d1, d2', D(1), D(2)).nzcv).toBe(0b1000n);
    expect(fp('fcmp d1, d2', D(2), D(2)).nzcv).toBe(0b0110n);
    expect(fp('fcmp d1, d2', D(3), D(2)).nzcv).toBe(0b0010n);
    expect(fp('fcmp d1, d2', QNAN_D, D(2))).toMatchObject({ nzcv: 0b0011n, fpsr: 0n });
    expect(fp('fcmpe d1, d2', QNAN_D, D(2))).toMatchObject({ nzcv: 0b0011n, fpsr: 1n });
  });

  test('conversions to and from integers', () => {
    expect(fp('fcvtzs x0, d1', D(-2.75), 0n)).toMatchObject({ x0: (1n << 64n) - 2n, fpsr: 0x10n });
    expect(fp('fcvtzu w0, d1', D(-1), 0n)).toMatchObject({ x0: 0n, fpsr: 1n });
    expect(fp('fcvtzs w0, d1', D(1e10), 0n)).toMatchObject({ x0: 0x7fffffffn, fpsr: 1n });
    expect(fp('fcvtzs x0, d1', QNAN_D, 0n)).toMatchObject({ x0: 0n, fpsr: 1n });
    const m = machineWith('scvtf d0, x1\nucvtf s3, w2\nret', { x: { 1: (1n << 64n) - 3n, 2: 0xffffffffn } });
    m.run({ maxSteps: 5 });
    expect(m.v(0)).toBe(D(-3));
    expect(m.v(3)).toBe(S(4294967296));
    expect(m.sysreg('fpsr')).toBe(0x10n);
  });
});
