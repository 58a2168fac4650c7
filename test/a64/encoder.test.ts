// The encoder's contract with src/gas: .req aliases, fixups for symbolic operands, the form id,
// and the bitmask-immediate codec.
import Long from 'long';
import { describe, expect, it } from 'vitest';
import { assembleInstruction, decode, decodeBitmask, encodeBitmask, type AsmEnv, type Assembled } from '../../src/a64/index.js';
import { parseOperands } from '../../src/gas/parser.js';
import type { Value } from '../../src/ir/expr.js';
import { hex, noLocalLabels } from './helpers.js';

const ALIASES: Readonly<Record<string, string>> = { myreg: 'x7', wx3: 'w3', vec: 'v9' };

const env: AsmEnv = {
  alias: (n) => ALIASES[n] ?? n,
  evaluate: (e): Value => {
    if (e.k === 'num') return { kind: 'const', v: e.v };
    if (e.k === 'unary' && e.op === '-' && e.a.k === 'num') return { kind: 'const', v: e.a.v.negate() };
    if (e.k === 'sym' && e.name === 'CONST') return { kind: 'const', v: Long.fromNumber(0x40) };
    if (e.k === 'sym') return { kind: 'symbolic', symbol: e.name, addend: Long.ZERO, pcrel: false };
    if (e.k === 'binary' && e.a.k === 'sym' && e.b.k === 'num') {
      return { kind: 'symbolic', symbol: e.a.name, addend: e.op === '-' ? e.b.v.negate() : e.b.v, pcrel: false };
    }
    throw new Error('unsupported');
  },
};

const asm = (text: string): Assembled => {
  const m = /^(\S+)\s*(.*)$/.exec(text) as RegExpExecArray;
  return assembleInstruction(m[1], parseOperands(m[2], noLocalLabels), env);
};

describe('a64 encoder contract', () => {
  it('applies .req aliases and gas built-in register names', () => {
    expect(hex(asm('mov myreg, x3').word)).toBe(hex(asm('mov x7, x3').word));
    expect(hex(asm('add wx3, wx3, #1').word)).toBe(hex(asm('add w3, w3, #1').word));
    expect(hex(asm('stp x29, lr, [sp, #-16]!').word)).toBe('a9bf7bfd');
    expect(hex(asm('mov x0, fp').word)).toBe('aa1d03e0');
    expect(hex(asm('mov vec.16b, v1.16b').word)).toBe(hex(asm('mov v9.16b, v1.16b').word));
    expect(hex(asm('ADD X0, X1, #1').word)).toBe('91000420');
  });

  it('evaluates symbolic constants in immediates and offsets', () => {
    expect(hex(asm('ldr x24, [x24, CONST]').word)).toBe(hex(asm('ldr x24, [x24, #0x40]').word));
    expect(hex(asm('add x0, x1, #CONST').word)).toBe('91010020');
  });

  it('returns fixups for symbolic and PC-relative operands', () => {
    const cases: ReadonlyArray<readonly [string, string, string]> = [
      ['b panic', 'JUMP26', 'panic'],
      ['bl __kvm_vcpu_run', 'CALL26', '__kvm_vcpu_run'],
      ['b.eq target+8', 'CONDBR19', 'target'],
      ['beq target', 'CONDBR19', 'target'],
      ['cbnz x0, target', 'CONDBR19', 'target'],
      ['tbz x1, #33, target', 'TSTBR14', 'target'],
      ['ldr x0, target', 'LD_PREL_LO19', 'target'],
      ['prfm pldl1keep, target', 'LD_PREL_LO19', 'target'],
      ['adr x0, target', 'ADR_PREL_LO21', 'target'],
      ['adrp x0, kvm_hyp_ctxt', 'ADR_PREL_PG_HI21', 'kvm_hyp_ctxt'],
      ['add x0, x0, #:lo12:kvm_hyp_ctxt', 'ADD_ABS_LO12_NC', 'kvm_hyp_ctxt'],
      ['ldr x1, [x0, #:lo12:sym]', 'LDST64_ABS_LO12_NC', 'sym'],
      ['ldr w1, [x0, #:lo12:sym]', 'LDST32_ABS_LO12_NC', 'sym'],
      ['ldrh w1, [x0, #:lo12:sym]', 'LDST16_ABS_LO12_NC', 'sym'],
      ['strb w1, [x0, #:lo12:sym]', 'LDST8_ABS_LO12_NC', 'sym'],
      ['ldr q1, [x0, #:lo12:sym]', 'LDST128_ABS_LO12_NC', 'sym'],
      ['movz x0, #:abs_g3:sym', 'MOVW_UABS_G3', 'sym'],
      ['movk x0, #:abs_g2_nc:sym', 'MOVW_UABS_G2_NC', 'sym'],
      ['movk x0, #:abs_g1_nc:sym', 'MOVW_UABS_G1_NC', 'sym'],
      ['movk x0, #:abs_g0_nc:sym', 'MOVW_UABS_G0_NC', 'sym'],
      ['movz x0, #:abs_g0:sym', 'MOVW_UABS_G0', 'sym'],
      ['movz x0, #:abs_g2_s:sym', 'MOVW_SABS_G2', 'sym'],
    ];
    for (const [text, type, symbol] of cases) {
      const a = asm(text);
      expect(a.fixup?.type, text).toBe(type);
      expect(a.fixup?.value, text).toMatchObject({ kind: 'symbolic', symbol });
      expect(decode(a.word)?.id, text).toBe(a.form);
    }
    expect(asm('b.eq target+8').fixup?.value).toMatchObject({ addend: Long.fromNumber(8) });
    expect(hex(asm('movz x0, #:abs_g1:sym').word)).toBe('d2a00000');
    expect(hex(asm('adrp x0, kvm_hyp_ctxt').word)).toBe('90000000');
  });

  it('leaves :lo12: of a constant to a relocation, as gas does', () => {
    const a = asm('add x0, x1, #:lo12:0x12345');
    expect(a.fixup).toMatchObject({ type: 'ADD_ABS_LO12_NC', value: { kind: 'const' } });
    expect(asm('movz x0, #:abs_g1:0x12345678').fixup).toBeUndefined();
  });

  it('accepts bic/bics/orn/eon immediates as the inverted and/ands/orr/eor (gas takes only bic)', () => {
    expect(hex(asm('bic x0, x1, #0xff').word)).toBe(hex(asm('and x0, x1, #0xffffffffffffff00').word));
    expect(hex(asm('bics w0, w1, #1').word)).toBe(hex(asm('ands w0, w1, #0xfffffffe').word));
    expect(hex(asm('orn x0, x1, #0xff').word)).toBe(hex(asm('orr x0, x1, #0xffffffffffffff00').word));
    expect(hex(asm('eon w0, w1, #0xf0').word)).toBe(hex(asm('eor w0, w1, #0xffffff0f').word));
  });

  it('names the form it encoded', () => {
    expect(asm('mov x0, #1').form).toBe('MOVZ');
    expect(asm('mov x0, #-1').form).toBe('MOVN');
    expect(asm('mov x0, #0x5555555555555555').form).toBe('ORR_imm');
    expect(asm('mov x0, sp').form).toBe('ADD_imm');
    expect(asm('mov x0, x1').form).toBe('ORR_sreg');
    expect(asm('ldr x0, [x1, #-8]').form).toBe('LDR_x_unscaled');
    expect(asm('add x0, sp, x1').form).toBe('ADD_ereg');
  });
});

describe('bitmask immediates', () => {
  it('encode every valid pattern back to its canonical fields', () => {
    let count = 0;
    for (const width of [32, 64] as const) {
      for (let n = 0; n < (width === 64 ? 2 : 1); n++) {
        for (let immr = 0; immr < 64; immr++) {
          for (let imms = 0; imms < 64; imms++) {
            const v = decodeBitmask(n, immr, imms, width);
            if (v === undefined) continue;
            const e = encodeBitmask(v, width);
            expect(e, `${width} ${n} ${immr} ${imms}`).toBeDefined();
            expect(decodeBitmask(e?.n ?? 0, e?.immr ?? 0, e?.imms ?? 0, width)).toBe(v);
            count++;
          }
        }
      }
    }
    expect(count).toBeGreaterThan(5334);
    expect(encodeBitmask(0n, 64)).toBeUndefined();
    expect(encodeBitmask(-1n, 64)).toBeUndefined();
    expect(encodeBitmask(0xffffffffn, 32)).toBeUndefined();
    expect(encodeBitmask(0x5555n, 64)).toBeUndefined();
  });
});
