// The SVE instructions the Linux 6.1 FP/SIMD code emits as `.inst` words (fpsimdmacros.h):
// vector/predicate fill and spill, FFR access, RDVL. Decoded and printed; gas needs +sve for them.
import { sext } from '../bits.js';
import type { Fields, FormDef } from '../form.js';
import { imm, xreg, type MemOperand, type Operand } from '../operands.js';

const mem = (f: Fields): MemOperand => ({
  kind: 'mem', base: xreg(f.rn, true), mode: 'offset', offset: BigInt(sext((f.imm9h << 3) | f.imm9l, 9)), mulVl: true,
});
const z = (n: number): Operand => ({ kind: 'zreg', n });
const pB = (n: number): Operand => ({ kind: 'preg', n, elem: 'b' });

export const SVE_FORMS: readonly FormDef[] = [
  {
    id: 'LDR_z', mnemonic: 'ldr', cls: 'fp-load', feature: 'sve',
    pattern: '1000010110 imm9h:6 010 imm9l:3 rn:5 zt:5',
    operands: (f) => [z(f.zt), mem(f)],
  },
  {
    id: 'LDR_p', mnemonic: 'ldr', cls: 'fp-load', feature: 'sve',
    pattern: '1000010110 imm9h:6 000 imm9l:3 rn:5 0 pt:4',
    operands: (f) => [{ kind: 'preg', n: f.pt }, mem(f)],
  },
  {
    id: 'STR_z', mnemonic: 'str', cls: 'fp-store', feature: 'sve',
    pattern: '1110010110 imm9h:6 010 imm9l:3 rn:5 zt:5',
    operands: (f) => [z(f.zt), mem(f)],
  },
  {
    id: 'STR_p', mnemonic: 'str', cls: 'fp-store', feature: 'sve',
    pattern: '1110010110 imm9h:6 000 imm9l:3 rn:5 0 pt:4',
    operands: (f) => [{ kind: 'preg', n: f.pt }, mem(f)],
  },
  {
    id: 'PFALSE', mnemonic: 'pfalse', cls: 'fp-simd', feature: 'sve',
    pattern: '0010010100011000111001000000 pd:4',
    operands: (f) => [pB(f.pd)],
  },
  {
    id: 'WRFFR', mnemonic: 'wrffr', cls: 'fp-simd', feature: 'sve',
    pattern: '00100101001010001001000 pn:4 00000',
    operands: (f) => [pB(f.pn)],
  },
  {
    id: 'RDFFR', mnemonic: 'rdffr', cls: 'fp-simd', feature: 'sve',
    pattern: '0010010100011001111100000000 pd:4',
    operands: (f) => [pB(f.pd)],
  },
  {
    id: 'RDFFR_pred', mnemonic: 'rdffr', cls: 'fp-simd', feature: 'sve',
    pattern: '0010010100011000111100 0 pg:4 0 pd:4',
    operands: (f) => [pB(f.pd), { kind: 'preg', n: f.pg, qualifier: 'z' }],
  },
  {
    id: 'RDFFRS_pred', mnemonic: 'rdffrs', cls: 'fp-simd', feature: 'sve',
    pattern: '0010010101011000111100 0 pg:4 0 pd:4',
    operands: (f) => [pB(f.pd), { kind: 'preg', n: f.pg, qualifier: 'z' }],
  },
  {
    id: 'SETFFR', mnemonic: 'setffr', cls: 'fp-simd', feature: 'sve',
    pattern: '00100101001011001001000000000000',
    operands: () => [],
  },
  {
    id: 'RDVL', mnemonic: 'rdvl', cls: 'alu', feature: 'sve',
    pattern: '000001001011111101010 imm6:6 rd:5',
    operands: (f) => [xreg(f.rd), imm(sext(f.imm6, 6))],
  },
];
