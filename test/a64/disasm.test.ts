// Disassembler text (objdump's preferred aliases, gas syntax), its options, and the typed operand
// view the CPU will use.
import { describe, expect, it } from 'vitest';
import { decode, disassemble, operandsOf } from '../../src/a64/index.js';

const TEXT: ReadonlyArray<readonly [number, string]> = [
  [0xd2a00020, 'mov x0, #0x10000'],
  [0x92800000, 'mov x0, #0xffffffffffffffff'],
  [0x12800000, 'mov w0, #0xffffffff'],
  [0x92a00000, 'movn x0, #0x0, lsl #16'],
  [0xd2a00000, 'movz x0, #0x0, lsl #16'],
  [0xb200f3e0, 'mov x0, #0x5555555555555555'],
  [0xb2407fe0, 'mov x0, #0xffffffff'],
  [0x910003e0, 'mov x0, sp'],
  [0xaa0103e0, 'mov x0, x1'],
  [0xf100041f, 'cmp x0, #0x1'],
  [0xb100041f, 'cmn x0, #0x1'],
  [0xeb2163ff, 'cmp sp, x1'],
  [0x8b2163e0, 'add x0, sp, x1'],
  [0x8b2173e0, 'add x0, sp, x1, lsl #4'],
  [0x8b224020, 'add x0, x1, w2, uxtw'],
  [0xd37df020, 'lsl x0, x1, #3'],
  [0xd37cfc20, 'lsr x0, x1, #60'],
  [0xd3401c20, 'ubfx x0, x1, #0, #8'],
  [0x53001c20, 'uxtb w0, w1'],
  [0x93407c20, 'sxtw x0, w1'],
  [0xb3402ca4, 'bfxil x4, x5, #0, #12'],
  [0xb37c17e0, 'bfi x0, xzr, #4, #6'],
  [0x93c10c20, 'ror x0, x1, #3'],
  [0x1a9f17e0, 'cset w0, eq'],
  [0x9a810420, 'cinc x0, x1, ne'],
  [0xf27d001f, 'tst x0, #0x8'],
  [0xaa210fe0, 'mvn x0, x1, lsl #3'],
  [0xcb010be0, 'neg x0, x1, lsl #2'],
  [0xeb0103ff, 'cmp xzr, x1'],
  [0x9b027c20, 'mul x0, x1, x2'],
  [0x9ac22020, 'lsl x0, x1, x2'],
  [0xd503201f, 'nop'],
  [0xd503245f, 'bti c'],
  [0xd50320df, 'hint #0x6'], // dgh: objdump 2.40 does not name it
  [0xd5032fff, 'hint #0x7f'],
  [0xd5033b9f, 'dsb ish'],
  [0xd5033c9f, 'dsb #0x0c'],
  [0xd503309f, 'ssbb'],
  [0xd5033fdf, 'isb'],
  [0xd50335df, 'isb #0x5'],
  [0xd50343df, 'msr daifset, #0x3'],
  [0xd53cc9a0, 'mrs x0, icc_sre_el2'],
  [0xd5384240, 'mrs x0, currentel'],
  [0xd51cc9a1, 'msr icc_sre_el2, x1'],
  [0xd508831f, 'tlbi vmalle1is'],
  [0xd50c8320, 'tlbi vae2is, x0'],
  [0xd5087500, 'sys #0, C7, C5, #0, x0'],
  [0xd508751f, 'ic iallu'],
  [0xd50b7e21, 'dc civac, x1'],
  [0xd5087800, 'at s1e1r, x0'],
  [0xd65f03c0, 'ret'],
  [0xd65f0020, 'ret x1'],
  [0xd69f03e0, 'eret'],
  [0xd4000003, 'smc #0x0'],
  [0xd4210000, 'brk #0x800'],
  [0x00000000, 'udf #0'],
  [0xf9400020, 'ldr x0, [x1]'],
  [0xf85f8020, 'ldur x0, [x1, #-8]'],
  [0xa9bf7bfd, 'stp x29, x30, [sp, #-16]!'],
  [0xa8c107e0, 'ldp x0, x1, [sp], #16'],
  [0xf8627820, 'ldr x0, [x1, x2, lsl #3]'],
  [0x38627820, 'ldrb w0, [x1, x2, lsl #0]'],
  [0xf862d820, 'ldr x0, [x1, w2, sxtw #3]'],
  [0xf9800000, 'prfm pldl1keep, [x0]'],
  [0xf9800018, 'prfm #0x18, [x0]'],
  [0xc85f7c20, 'ldxr x0, [x1]'],
  [0xc8027c20, 'stxr w2, x0, [x1]'],
  [0xad5f8400, 'ldp q0, q1, [x0, #1008]'],
  [0x9e670020, 'fmov d0, x1'],
  [0x9eaf0020, 'fmov v0.d[1], x1'],
  [0x1e6e1000, 'fmov d0, #1.0'],
  [0x1e202008, 'fcmp s0, #0.0'],
  [0x4f07e7e0, 'movi v0.16b, #0xff'],
  [0x4f00c640, 'movi v0.4s, #0x12, msl #8'],
  [0x2f04e420, 'movi d0, #0xff000000000000ff'],
  [0x4ea11c20, 'mov v0.16b, v1.16b'],
  [0x6e205820, 'mvn v0.16b, v1.16b'],
  [0x4e0c1c20, 'mov v0.s[1], w1'],
  [0x0e0c3c20, 'mov w0, v1.s[1]'],
  [0x0e073c20, 'umov w0, v1.b[3]'],
  [0x5e0c0420, 'mov s0, v1.s[1]'],
  [0x4cdf2000, 'ld1 {v0.16b-v3.16b}, [x0], #64'],
  [0x0cdfac00, 'ld1 {v0.1d, v1.1d}, [x0], #16'],
  [0x4c82ac00, 'st1 {v0.2d, v1.2d}, [x0], x2'],
  [0x12231237, '.inst 0x12231237 // and w23, w17, #0xe0000003'],
  [0xd500419f, '.inst 0xd500419f // msr pan, #0x1'],
  [0x2518e400, '.inst 0x2518e400 // pfalse p0.b'],
  [0xffffffff, '.inst 0xffffffff'],
];

describe('a64 disassembler', () => {
  for (const [word, text] of TEXT) {
    it(text, () => expect(disassemble(word)).toBe(text));
  }

  it('prints PC-relative targets through opts.target', () => {
    expect(disassemble(0x14000004)).toBe('b .+0x10');
    expect(disassemble(0x17fffffe)).toBe('b .-0x8');
    expect(disassemble(0x54000041, { target: (d) => `L${d}` })).toBe('b.ne L8');
    expect(disassemble(0xb0000000, { target: (d) => `page${d}` })).toBe('adrp x0, page4096');
    expect(disassemble(0x36180000)).toBe('tbz w0, #3, .+0x0');
  });

  it('prints relocated fields with opts.relocText and no alias', () => {
    expect(disassemble(0x94000000, { relocText: '__kvm_vcpu_run' })).toBe('bl __kvm_vcpu_run');
    expect(disassemble(0x90000000, { relocText: 'kvm_hyp_ctxt' })).toBe('adrp x0, kvm_hyp_ctxt');
    expect(disassemble(0x91000000, { relocText: ':lo12:kvm_hyp_ctxt' })).toBe('add x0, x0, #:lo12:kvm_hyp_ctxt');
    expect(disassemble(0x910003e0, { relocText: ':lo12:x' })).toBe('add x0, sp, #:lo12:x');
    expect(disassemble(0xf9400000, { relocText: ':lo12:sym' })).toBe('ldr x0, [x0, #:lo12:sym]');
    expect(disassemble(0xd2e00000, { relocText: ':abs_g3:x' })).toBe('movz x0, #:abs_g3:x');
    expect(disassemble(0x54000000, { relocText: 'panic' })).toBe('b.eq panic');
  });
});

describe('typed operands', () => {
  const ops = (w: number) => {
    const d = decode(w);
    if (!d) throw new Error('undecodable');
    return operandsOf(d);
  };

  it('gives registers, immediates and memory operands in base-form order', () => {
    expect(ops(0x91400420)).toEqual([
      { kind: 'gpr', n: 0, width: 64, sp: true },
      { kind: 'gpr', n: 1, width: 64, sp: true },
      { kind: 'imm', value: 1n, lsl: 12, hex: true, reloc: true },
    ]);
    expect(ops(0xa9bf7bfd)).toEqual([
      { kind: 'gpr', n: 29, width: 64, sp: false },
      { kind: 'gpr', n: 30, width: 64, sp: false },
      { kind: 'mem', base: { kind: 'gpr', n: 31, width: 64, sp: true }, mode: 'pre', offset: -16n },
    ]);
    expect(ops(0xf862d820)[1]).toEqual({
      kind: 'mem', base: { kind: 'gpr', n: 1, width: 64, sp: true }, mode: 'offset', offset: 0n,
      index: { kind: 'gpr', n: 2, width: 32, sp: false }, extend: 'sxtw', amount: 3,
    });
    expect(ops(0x927ef820)[2]).toEqual({ kind: 'imm', value: 0xfffffffffffffffdn, hex: true });
    expect(ops(0x85bb5800)[1]).toMatchObject({ mode: 'offset', offset: -34n, mulVl: true });
  });

  it('gives targets, conditions, system registers and SYS operations', () => {
    expect(ops(0x54000041)).toEqual([{ kind: 'cond', code: 1 }, { kind: 'target', delta: 8 }]);
    expect(ops(0xb0000000)[1]).toEqual({ kind: 'target', delta: 4096, page: true });
    expect(ops(0xd53cc9a0)[1]).toEqual({ kind: 'sysreg', op0: 3, op1: 4, crn: 12, crm: 9, op2: 5, name: 'icc_sre_el2' });
    expect(ops(0xd5300000)[1]).toEqual({ kind: 'sysreg', op0: 2, op1: 0, crn: 0, crm: 0, op2: 0 });
    expect(ops(0xd50343df)).toEqual([{ kind: 'pstate', name: 'daifset', op1: 3, op2: 6 }, { kind: 'imm', value: 3n, hex: true }]);
    expect(ops(0xd5033b9f)).toEqual([{ kind: 'barrier', option: 11, name: 'ish' }]);
    expect(ops(0xd50c8320)).toEqual([
      { kind: 'imm', value: 4n }, { kind: 'creg', n: 8 }, { kind: 'creg', n: 3 }, { kind: 'imm', value: 1n },
      { kind: 'gpr', n: 0, width: 64, sp: false },
    ]);
  });

  it('classifies instructions for reports and gives memory-access facts', () => {
    const d = (w: number) => decode(w);
    expect(d(0xa9bf7bfd)?.cls).toBe('store-pair');
    expect(d(0xad5f8400)?.cls).toBe('fp-load');
    expect(d(0xd50c8320)?.cls).toBe('tlb-cache');
    expect(d(0xd53cc9a0)?.cls).toBe('sysreg');
    expect(d(0xd69f03e0)?.cls).toBe('exception');
    expect(d(0xd503201f)?.cls).toBe('hint');
    expect(d(0x38dfd020)?.form.mem).toEqual({ bytes: 1, load: true, signed: true });
    expect(d(0xc85f7c20)?.form.mem).toEqual({ bytes: 8, load: true, exclusive: true });
  });
});
