// Bad instructions give an AsmError whose message names the problem and the operand.
import { describe, expect, it } from 'vitest';
import { AsmError } from '../../src/a64/index.js';
import { hypsimWord } from './helpers.js';

function errorOf(text: string): string {
  const m = /^(\S+)\s*(.*)$/.exec(text) as RegExpExecArray;
  try {
    hypsimWord(m[1], m[2], 0);
  } catch (e) {
    expect(e).toBeInstanceOf(AsmError);
    return (e as Error).message;
  }
  throw new Error(`'${text}' assembled without error`);
}

const CASES: ReadonlyArray<readonly [string, RegExp]> = [
  // unencodable bitmask immediates
  ['and x0, x1, #0', /0x0 cannot be encoded as a 64-bit bitmask immediate for 'and'/],
  ['orr x0, x1, #-1', /cannot be encoded as a 64-bit bitmask immediate for 'orr'/],
  ['eor w0, w1, #0x5555', /cannot be encoded as a 32-bit bitmask immediate/],
  ['and w0, w1, #0x1fffffffe', /0x1fffffffe cannot be encoded as a 32-bit bitmask/],
  ['mov x0, #0x1234567', /cannot be moved by a single instruction/],
  // out-of-range offsets and immediates
  ['ldr x0, [x1, #32768]', /offset 32768 out of range for 'ldr' \(-256\.\.255, or 0\.\.32760 in multiples of 8\)/],
  ['ldr x0, [x1, #-257]', /offset -257 out of range for 'ldr'/],
  ['ldr q0, [x0, #65536]', /0\.\.65520 in multiples of 16/],
  ['ldr x0, [x1, #256]!', /offset 256 out of range for pre-index 'ldr' \(-256\.\.255\)/],
  ['ldr x0, [x1], #-257', /post-index 'ldr'/],
  ['ldur x0, [x1, #-300]', /unscaled 'ldur' \(-256\.\.255\)/],
  ['ldp x0, x1, [x0, #512]', /offset 512 out of range for 'ldp' \(-512\.\.504, multiple of 8\)/],
  ['add x0, x1, #4097', /immediate 0x1001 out of range for 'add'/],
  ['movz x0, #0x10000', /out of range for 'movz' \(0\.\.0xffff\)/],
  ['movz x0, #:abs_g0:0x12345', /out of range for :abs_g0:/],
  ['movz x0, #:abs_g1_s:0x80000000', /out of range for :abs_g1_s: \(signed 32-bit\)/],
  ['lsl x0, x1, #64', /64 out of range for shift amount of 'lsl' \(0\.\.63\)/],
  ['ubfx x0, x1, #60, #5', /5 out of range for width of 'ubfx' \(1\.\.4\)/],
  ['tbz w0, #32, .', /bit number of 'tbz' with a 32-bit register \(0\.\.31\)/],
  ['svc #0x10000', /65536 out of range for immediate of 'svc'/],
  ['hint #128', /out of range for immediate of 'hint' \(0\.\.127\)/],
  ['msr spsel, #2', /2 out of range for PSTATE field spsel \(0\.\.1\)/],
  ['msr daifset, #16', /PSTATE field daifset \(0\.\.15\)/],
  ['ccmp x0, #32, #0, eq', /32 out of range for immediate of 'ccmp'/],
  ['add x0, sp, x1, lsl #5', /shift amount 5 out of range for 'add' \(0\.\.4\)/],
  ['and w0, w1, w2, lsl #32', /shift amount 32 out of range for 'and' \(0\.\.31\)/],
  ['ld1 {v0.16b}, [x0], #32', /post-index 32 for 'ld1' must be 16/],
  ['ins v0.d[2], x0', /element index 2 out of range for 'ins' \(0\.\.1 for \.d\)/],
  ['fmov d0, #33', /33 cannot be encoded as an 8-bit floating-point immediate/],
  // misaligned scaled offsets
  ['ldp x0, x1, [x0, #4]', /offset 4 for 'ldp' must be a multiple of 8/],
  ['ldr x0, [x1, #257]', /offset 257 out of range for 'ldr' .*multiples of 8/],
  ['ldr x0, [x1, x2, lsl #2]', /shift amount 2 invalid for 'ldr' \(0 or 3\)/],
  // wrong register width or kind
  ['add w0, x1, x2', /operand 2 of 'add' must be a 32-bit integer register or wsp, not x1/],
  ['mov x0, w1', /operand 2 of 'mov' must be a 64-bit integer register/],
  ['ldrb x0, [x1]', /operand 1 of 'ldrb' must be a 32-bit integer register/],
  ['mrs w0, midr_el1', /operand 1 of 'mrs' must be a 64-bit integer register, not w0/],
  ['stxr x2, x0, [x1]', /operand 1 of 'stxr' must be a 32-bit integer register, not x2/],
  ['add xzr, x1, #1', /operand 1 of 'add' must be an integer register or sp, not a zero register/],
  ['mov sp, xzr', /not a zero register/],
  ['ldr x0, [w1]', /operand 2 of 'ldr' must be a memory operand with a 64-bit base register or sp/],
  ['mov w0, v1.b[1]', /operand 2 of 'mov' must be an element size/],
  ['and v0.4s, v1.4s, v2.4s', /operand 1 of 'and' must be a vector register with arrangement 8b or 16b/],
  ['fadd d0, d1, s2', /operand 3 of 'fadd' must be a d SIMD&FP register/],
  // unknown mnemonics, operands, names
  ['foo x0, x1', /^unknown mnemonic 'foo'$/],
  ['bal .', /^unknown mnemonic 'bal'$/],
  ['mrs x0, foo_el1', /operand 2 of 'mrs' must be a system register name .*not 'foo_el1'/],
  ['msr bar_el2, x0', /operand 1 of 'msr' must be a system register name/],
  ['mrs x0, s1_0_c0_c0_0', /op0 2 or 3/],
  ['msr foo, #1', /operand 1 of 'msr' must be a PSTATE field/],
  ['dsb foo', /operand 1 of 'dsb' must be a barrier option .*not 'foo'/],
  ['prfm foo, [x0]', /operand 1 of 'prfm' must be a prefetch operation .*not 'foo'/],
  ['tlbi foo', /operand 1 of 'tlbi' must be a tlbi operation/],
  ['tlbi vae2is', /'tlbi vae2is' needs a register operand/],
  ['tlbi vmalle1is, x0', /'tlbi vmalle1is' takes no register operand/],
  ['cset x0, al', /operand 2 of 'cset' must be a condition other than al and nv/],
  ['csel x0, x1, x2, xx', /operand 4 of 'csel' must be a condition/],
  ['and x0, x1', /'and' takes 3 or 4 operands, got 2/],
  ['add x0, x1, x2, ror #3', /operand 4 of 'add' must be lsl, lsr or asr/],
  ['b x0', /operand 1 of 'b' must be a label/],
  ['ldr x0, =foo', /literal-pool reference/],
  ['movk x0, #:abs_g1_s:5', /not allowed for movk/],
  ['movz w0, #:abs_g2:1', /needs a 64-bit register/],
  ['ld2 {v0.16b}, [x0]', /operand 1 of 'ld2' must be a list of 2 vector registers/],
  ['ld1 {v0.16b, v2.16b}, [x0]', /consecutive vector registers/],
];

describe('a64 encoder errors', () => {
  for (const [text, message] of CASES) {
    it(text, () => expect(errorOf(text)).toMatch(message));
  }
});
