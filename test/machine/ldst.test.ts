// Loads and stores: every size and sign, every addressing mode, pairs, FP/SIMD registers,
// literals, exclusives, multiple structures, and the "no state changes on a fault" rule.
import { describe, expect, test } from 'vitest';
import type { Machine } from '../../src/machine/index.js';
import { CODE, DATA, machineWith, nzcvOf, run } from './helpers.js';

const M64 = (1n << 64n) - 1n;
/** DATA holds bytes 0x80, 0x81, …: every load below has a predictable value. */
function pattern(m: Machine): void {
  m.memory.writeBytes(DATA, Uint8Array.from({ length: 256 }, (_, i) => 0x80 + i));
}
const le = (offset: number, size: number): bigint => {
  let v = 0n;
  for (let i = size - 1; i >= 0; i--) v = (v << 8n) | BigInt((0x80 + offset + i) & 0xff);
  return v;
};
const sext = (v: bigint, bits: number) => BigInt.asUintN(64, BigInt.asIntN(bits, v));

function runData(source: string, x: Record<number, bigint> = {}, sp?: bigint): Machine {
  const m = machineWith(`${source}\nret`, { x: { 0: DATA, ...x }, ...(sp !== undefined ? { sp } : {}) });
  pattern(m);
  const result = m.run({ maxSteps: 1000 });
  expect(result.reason, result.message).toBe('returned');
  return m;
}

describe('single-register loads: sizes and sign extension', () => {
  test.each([
    ['ldrb w1, [x0, #3]', le(3, 1)],
    ['ldrsb w1, [x0, #3]', sext(le(3, 1), 8) & 0xffffffffn],
    ['ldrsb x1, [x0, #3]', sext(le(3, 1), 8)],
    ['ldrh w1, [x0, #2]', le(2, 2)],
    ['ldrsh w1, [x0, #2]', sext(le(2, 2), 16) & 0xffffffffn],
    ['ldrsh x1, [x0, #2]', sext(le(2, 2), 16)],
    ['ldr w1, [x0, #4]', le(4, 4)],
    ['ldrsw x1, [x0, #4]', sext(le(4, 4), 32)],
    ['ldr x1, [x0, #8]', le(8, 8)],
    ['ldur x1, [x0, #3]', le(3, 8)],
    ['ldurh w1, [x0, #1]', le(1, 2)],
    ['ldursw x1, [x0, #1]', sext(le(1, 4), 32)],
    ['ldtr x1, [x0, #16]', le(16, 8)],
    ['ldr x1, [x0, #4088]', 0n],
  ] as const)('%s', (insn, want) => {
    expect(runData(insn, { 1: M64 }).x(1)).toBe(want);
  });

  test.each([
    ['str x1, [x0]', 8],
    ['str w1, [x0]', 4],
    ['strh w1, [x0]', 2],
    ['strb w1, [x0]', 1],
    ['stur x1, [x0, #-0]', 8],
    ['sttr w1, [x0]', 4],
  ] as const)('%s stores exactly %i bytes', (insn, size) => {
    const m = runData(insn, { 1: 0x1122334455667788n });
    const bytes = m.memory.readBytes(DATA, 9);
    for (let i = 0; i < 9; i++) expect(bytes[i]).toBe(i < size ? Number((0x1122334455667788n >> BigInt(8 * i)) & 0xffn) : 0x80 + i);
  });

  test('xzr and wzr as store sources store zeros', () => {
    const m = runData('str xzr, [x0]\nstrb wzr, [x0, #8]');
    expect(m.memory.readU64(DATA)).toBe(0n);
    expect(m.memory.readBytes(DATA + 8n, 2)).toEqual(Uint8Array.from([0, 0x89]));
  });
});

describe('addressing modes', () => {
  test('pre-index writes the new address back before the next instruction uses it', () => {
    const m = runData('ldr x1, [x0, #8]!\nldr x2, [x0, #8]');
    expect(m.x(0)).toBe(DATA + 8n);
    expect(m.x(1)).toBe(le(8, 8));
    expect(m.x(2)).toBe(le(16, 8));
  });

  test('post-index uses the old address, then adds (negative offsets too)', () => {
    const m = runData('ldr w1, [x0], #-4\nadd x0, x0, #8\nldrb w2, [x0], #1');
    expect(m.x(1)).toBe(le(0, 4));
    expect(m.x(2)).toBe(le(4, 1));
    expect(m.x(0)).toBe(DATA + 5n);
  });

  test.each([
    ['ldr x1, [x0, x2]', 8n, le(8, 8)],
    ['ldr x1, [x0, x2, lsl #3]', 2n, le(16, 8)],
    ['ldr w1, [x0, w2, uxtw #2]', 0x1_0000_0003n, le(12, 4)],
    ['ldr w1, [x0, w2, uxtw]', 5n, le(5, 4)],
    ['ldrb w1, [x0, x2, lsl #0]', 7n, le(7, 1)],
    ['ldr x1, [x3, w2, sxtw #3]', 0xffff_fffen, le(0, 8)],
    ['ldr x1, [x3, x2, sxtx]', M64 - 15n, le(0, 8)],
    ['ldr q1, [x0, x2, lsl #4]', 1n, le(16, 8)],
  ] as const)('%s', (insn, x2, want) => {
    const m = runData(insn, { 2: x2, 3: DATA + 16n });
    const got = insn.includes('q1') ? m.v(1) & M64 : m.x(1);
    expect(got).toBe(want);
  });

  test('sxtw index with a negative value reaches below the base', () => {
    const m = runData('ldrh w1, [x3, w2, sxtw #1]', { 2: 0xffff_fffen, 3: DATA + 16n });
    expect(m.x(1)).toBe(le(12, 2));
  });

  test('SP as the base register', () => {
    const m = runData('str x1, [sp, #-16]!\nldr x2, [sp], #16', { 1: 0xabcdn }, DATA + 0x100n);
    expect(m.x(2)).toBe(0xabcdn);
    expect(m.sp).toBe(DATA + 0x100n);
  });

  test('literal loads are PC-relative (ldr, ldrsw, ldr d/q)', () => {
    const m = machineWith('ldr x1, 1f\nldrsw x2, 1f\nldr d3, 1f\nldr q4, 1f\nret\n1: movn x0, #0', { x: {} });
    const result = m.run({ maxSteps: 100 });
    expect(result.reason).toBe('returned');
    const word = BigInt(m.wordAt(CODE + 20n) as number);
    const next = BigInt(m.wordAt(CODE + 24n) as number);
    expect(m.x(1)).toBe(word | (next << 32n));
    expect(m.x(2)).toBe(sext(word, 32));
    expect(m.v(3)).toBe(word | (next << 32n));
    expect(m.v(4) & M64).toBe(word | (next << 32n));
  });

  test('constrained unpredictable: ldr x0, [x0], #8 keeps the loaded value; str x0, [x0, #8]! stores the old base', () => {
    const m = runData('ldr x0, [x0], #8');
    expect(m.x(0)).toBe(le(0, 8));
    const n = runData('str x0, [x0, #8]!');
    expect(n.x(0)).toBe(DATA + 8n);
    expect(n.memory.readU64(DATA + 8n)).toBe(DATA);
  });
});

describe('pairs', () => {
  test.each([
    ['ldp w1, w2, [x0, #8]', [le(8, 4), le(12, 4)], 0n],
    ['ldp x1, x2, [x0, #-16]!', [le(0, 8), le(8, 8)], -16n],
    ['ldp x1, x2, [x0], #16', [le(0, 8), le(8, 8)], 16n],
    ['ldpsw x1, x2, [x0, #4]', [sext(le(4, 4), 32), sext(le(8, 4), 32)], 0n],
    ['ldnp x1, x2, [x0, #32]', [le(32, 8), le(40, 8)], 0n],
  ] as const)('%s', (insn, [a, b], writeBack) => {
    const base = insn.includes('!') ? DATA + 16n : DATA;
    const m = runData(insn, { 0: base, 1: M64, 2: M64 });
    expect([m.x(1), m.x(2)]).toEqual([a, b]);
    expect(m.x(0)).toBe(base + writeBack);
  });

  test.each(['s', 'd', 'q'] as const)('ldp/stp of %s registers (loads zero the rest of V)', (k) => {
    const bytes = { s: 4, d: 8, q: 16 }[k];
    const m = runData(`ldp ${k}1, ${k}2, [x0]\nstp ${k}2, ${k}1, [x0, #64]`);
    const mask = (1n << BigInt(8 * bytes)) - 1n;
    expect(m.v(1)).toBe(le(0, bytes) & mask);
    expect(m.v(2)).toBe(le(bytes, bytes) & mask);
    expect(m.memory.readBytes(DATA + 64n, 2 * bytes)).toEqual(Uint8Array.from([...m.memory.readBytes(DATA + BigInt(bytes), bytes), ...m.memory.readBytes(DATA, bytes)]));
  });

  test('stp q30, q31, [x3, #480]! then str relative to the updated base (the fpsimd_save pattern)', () => {
    const m = machineWith('stp q30, q31, [x3, #480]!\nstr w4, [x3, #32]\nret', { x: { 3: DATA, 4: 0x1234n } });
    m.setV(30, 1n);
    m.setV(31, 2n);
    expect(m.run({ maxSteps: 10 }).reason).toBe('returned');
    expect(m.x(3)).toBe(DATA + 480n);
    expect(m.memory.readU64(DATA + 480n)).toBe(1n);
    expect(m.memory.readU64(DATA + 496n)).toBe(2n);
    expect(m.memory.readU32(DATA + 512n)).toBe(0x1234);
  });

  test('ldp with xzr destinations discards, stp of xzr stores zeros', () => {
    const m = runData('ldp x1, xzr, [x0]\nstp xzr, x1, [x0, #16]');
    expect(m.x(1)).toBe(le(0, 8));
    expect(m.memory.readU64(DATA + 16n)).toBe(0n);
    expect(m.memory.readU64(DATA + 24n)).toBe(le(0, 8));
  });
});

describe('FP/SIMD register loads and stores', () => {
  test.each([
    ['ldr b1, [x0, #1]', 1],
    ['ldr h1, [x0, #2]', 2],
    ['ldr s1, [x0, #4]', 4],
    ['ldr d1, [x0, #8]', 8],
    ['ldr q1, [x0, #16]', 16],
    ['ldur q1, [x0, #3]', 16],
  ] as const)('%s zeroes the rest of the 128-bit register', (insn, bytes) => {
    const m = machineWith(`${insn}\nret`, { x: { 0: DATA } });
    pattern(m);
    m.setV(1, (1n << 128n) - 1n);
    m.run({ maxSteps: 10 });
    const offset = Number(/#(\d+)/.exec(insn)?.[1] ?? 0);
    const want = bytes === 16 ? le(offset, 8) | (le(offset + 8, 8) << 64n) : le(offset, bytes);
    expect(m.v(1)).toBe(want);
  });

  test('str b/h/s/d/q store the low bytes', () => {
    const m = machineWith('str b1, [x0]\nstr h1, [x0, #16]\nstr s1, [x0, #32]\nstr d1, [x0, #48]\nstr q1, [x0, #64]\nret', { x: { 0: DATA } });
    const v = 0x00112233445566778899aabbccddeeffn;
    m.setV(1, v);
    m.run({ maxSteps: 10 });
    expect(m.memory.readBytes(DATA, 2)).toEqual(Uint8Array.from([0xff, 0]));
    expect(m.memory.readU32(DATA + 16n)).toBe(0xeeff);
    expect(m.memory.readU32(DATA + 32n)).toBe(0xccddeeff);
    expect(m.memory.readU64(DATA + 48n)).toBe(v & M64);
    expect(m.memory.readU64(DATA + 72n)).toBe(v >> 64n);
  });

  test('ld1/st1 multiple structures and ld2 de-interleaving', () => {
    const m = runData('ld1 {v0.16b, v1.16b}, [x0], #32\nld2 {v2.4h, v3.4h}, [x0]\nst1 {v0.2d}, [x4]', { 4: DATA + 0x100n });
    expect(m.x(0)).toBe(DATA + 32n);
    expect(m.v(0)).toBe(le(0, 8) | (le(8, 8) << 64n));
    expect(m.v(1)).toBe(le(16, 8) | (le(24, 8) << 64n));
    // ld2 .4h: elements alternate between v2 and v3
    const h = (i: number) => le(32 + 2 * i, 2);
    expect(m.v(2)).toBe(h(0) | (h(2) << 16n) | (h(4) << 32n) | (h(6) << 48n));
    expect(m.v(3)).toBe(h(1) | (h(3) << 16n) | (h(5) << 32n) | (h(7) << 48n));
    expect(m.memory.readU64(DATA + 0x100n)).toBe(le(0, 8));
  });
});

describe('exclusives and acquire/release (one CPU)', () => {
  test('ldxr then stxr to the same address succeeds (status 0); a second stxr fails (status 1)', () => {
    const m = runData('ldxr x1, [x0]\nadd x1, x1, #1\nstxr w2, x1, [x0]\nstxr w3, x1, [x0]', { 2: M64, 3: M64 });
    expect(m.x(2)).toBe(0n);
    expect(m.x(3)).toBe(1n);
    expect(m.memory.readU64(DATA)).toBe(le(0, 8) + 1n);
  });

  test('clrex clears the monitor; a different address fails; ldaxr/stlxr and pairs', () => {
    const m = runData('ldaxr w1, [x0]\nclrex\nstlxr w2, w1, [x0]\nldxr x3, [x0]\nstxr w4, x3, [x0, #0]\nadd x11, x0, #1\nldxrb w5, [x11]\nadd x6, x0, #2\nstxrb w7, w5, [x6]\nldaxp x8, x9, [x0]\nstlxp w10, x9, x8, [x0]', { 0: DATA });
    expect([m.x(2), m.x(4), m.x(7), m.x(10)]).toEqual([1n, 0n, 1n, 0n]);
    expect(m.memory.readU64(DATA)).toBe(le(8, 8));
  });

  test('ldar/stlr and their byte/halfword forms', () => {
    const m = runData('ldar x1, [x0]\nadd x3, x0, #16\nstlrh w1, [x3]\nadd x4, x0, #1\nldarb w2, [x4]');
    expect(m.x(1)).toBe(le(0, 8));
    expect(m.x(2)).toBe(le(1, 1));
    expect(m.memory.readBytes(DATA + 16n, 3)).toEqual(Uint8Array.from([0x80, 0x81, 0x92]));
  });

  test('an unaligned exclusive takes an alignment fault (DFSC 0x21)', () => {
    const m = machineWith('ldxr x1, [x0]\nret', { x: { 0: DATA + 4n } });
    m.setSysreg('vbar_el1', 0x600000n);
    m.memory.map('vectors', 0x600000n, 0x1000, { perms: 5 });
    const r = m.run({ maxSteps: 1 });
    expect(r.steps).toBe(1);
    expect(m.sysreg('esr_el1')).toBe((0x25n << 26n) | (1n << 25n) | 0x21n);
    expect(m.sysreg('far_el1')).toBe(DATA + 4n);
  });
});

describe('faults leave no partial state', () => {
  test('stp whose second half is unmapped writes nothing; ldp changes no register', () => {
    const end = DATA + 0x2000n;
    const m = machineWith('stp x1, x2, [x0]\nret', { x: { 0: end - 8n, 1: 0x1111n, 2: 0x2222n } });
    const r = m.run({ maxSteps: 10 });
    expect(r.reason).toBe('fault');
    expect(m.memory.readU64(end - 8n)).toBe(0n);
    const n = machineWith('ldp x1, x2, [x0, #8]!\nret', { x: { 0: end - 16n, 1: 7n, 2: 8n } });
    expect(n.run({ maxSteps: 10 }).reason).toBe('fault');
    expect([n.x(0), n.x(1), n.x(2)]).toEqual([end - 16n, 7n, 8n]);
  });

  test('an unhandled fault names the instruction and address', () => {
    const { result } = run('ldr x1, [x0]\nret', { x: { 0: 0x12345000n } });
    expect(result.reason).toBe('fault');
    expect(result.message).toContain('ldr x1, [x0]');
    expect(result.message).toContain('0x400000');
    expect(result.message).toContain('0x12345000');
    expect(result.message).toContain('VBAR_EL1');
  });
});

describe('prefetch, dc zva', () => {
  test('prfm is a no-op, even to unmapped memory', () => {
    const m = runData('prfm pldl1keep, [x5]\nprfm pstl2strm, [x0, #8]', { 5: 0xdead0000n });
    expect(nzcvOf(m)).toBe(0);
  });

  test('dc zva zeroes the 64-byte block containing the address', () => {
    const m = runData('dc zva, x1', { 1: DATA + 0x45n });
    expect(m.memory.readBytes(DATA + 0x3fn, 1)[0]).toBe(0xbf);
    expect([...m.memory.readBytes(DATA + 0x40n, 64)].every((b) => b === 0)).toBe(true);
    expect(m.memory.readBytes(DATA + 0x80n, 1)[0]).toBe(0x00);
  });
});
