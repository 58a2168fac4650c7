// Data processing — register: logical and add/sub (shifted, extended), with carry, conditional
// compare and select, 1-, 2- and 3-source operations.
import type { Alias, FormDef } from '../form.js';
import { cond, hex, rsf, shift, wreg, xreg, type ExtendOperand, type Operand } from '../operands.js';
import { EXTEND_OPS, SHIFT_OPS, invertCondition } from '../tables.js';

const alias = (mnemonic: string, ...operands: Operand[]): Alias => ({ mnemonic, operands });

function logicalShifted(id: string, mnemonic: string, opc: number, n: number): FormDef {
  return {
    id,
    mnemonic,
    cls: 'alu',
    pattern: `sf:1 ${opc >> 1}${opc & 1} 01010 shift:2 ${n} rm:5 imm6:6 rn:5 rd:5`,
    valid: (f) => f.sf === 1 || f.imm6 < 32,
    operands: (f) => [rsf(f.rd, f.sf), rsf(f.rn, f.sf), rsf(f.rm, f.sf), shift(SHIFT_OPS[f.shift], f.imm6)],
    alias: (f, ops) => {
      if (id === 'ORR_sreg' && f.rn === 31 && f.shift === 0 && f.imm6 === 0) return alias('mov', ops[0], ops[2]);
      if (id === 'ORN_sreg' && f.rn === 31) return alias('mvn', ops[0], ops[2], ops[3]);
      if (opc === 3 && n === 0 && f.rd === 31) return alias('tst', ops[1], ops[2], ops[3]);
      return undefined;
    },
  };
}

function addSubShifted(id: string, mnemonic: string, op: number, s: number): FormDef {
  return {
    id,
    mnemonic,
    cls: 'alu',
    pattern: `sf:1 ${op}${s} 01011 shift:2 0 rm:5 imm6:6 rn:5 rd:5`,
    valid: (f) => f.shift !== 3 && (f.sf === 1 || f.imm6 < 32),
    operands: (f) => [rsf(f.rd, f.sf), rsf(f.rn, f.sf), rsf(f.rm, f.sf), shift(SHIFT_OPS[f.shift], f.imm6)],
    alias: (f, ops) => {
      if (s && f.rd === 31) return alias(op ? 'cmp' : 'cmn', ops[1], ops[2], ops[3]);
      if (op && f.rn === 31) return alias(s ? 'negs' : 'neg', ops[0], ops[2], ops[3]);
      return undefined;
    },
  };
}

function addSubExtended(id: string, mnemonic: string, op: number, s: number): FormDef {
  return {
    id,
    mnemonic,
    cls: 'alu',
    pattern: `sf:1 ${op}${s} 01011 00 1 rm:5 option:3 imm3:3 rn:5 rd:5`,
    valid: (f) => f.imm3 <= 4,
    operands: (f) => {
      const ext: ExtendOperand = { kind: 'extend', op: EXTEND_OPS[f.option], amount: f.imm3 };
      return [rsf(f.rd, f.sf, !s), rsf(f.rn, f.sf, true), f.sf && (f.option & 3) === 3 ? xreg(f.rm) : wreg(f.rm), ext];
    },
    alias: (f, ops) => {
      // With SP as Rd or Rn, UXTX (UXTW for W) is written `lsl` (or left out); gas picks this form back.
      const spInvolved = (f.rd === 31 && !s) || f.rn === 31;
      const last = spInvolved && f.option === (f.sf ? 3 : 2) ? shift('lsl', f.imm3) : ops[3];
      if (s && f.rd === 31) return alias(op ? 'cmp' : 'cmn', ops[1], ops[2], last);
      return last === ops[3] ? undefined : alias(mnemonic, ops[0], ops[1], ops[2], last);
    },
  };
}

function withCarry(id: string, mnemonic: string, op: number, s: number): FormDef {
  return {
    id,
    mnemonic,
    cls: 'alu',
    pattern: `sf:1 ${op}${s} 11010000 rm:5 000000 rn:5 rd:5`,
    operands: (f) => [rsf(f.rd, f.sf), rsf(f.rn, f.sf), rsf(f.rm, f.sf)],
    alias: (f, ops) => (op && f.rn === 31 ? alias(s ? 'ngcs' : 'ngc', ops[0], ops[2]) : undefined),
  };
}

function condCompare(id: string, mnemonic: string, op: number, immediate: boolean): FormDef {
  return {
    id,
    mnemonic,
    cls: 'alu',
    pattern: immediate
      ? `sf:1 ${op}1 11010010 imm5:5 cond:4 10 rn:5 0 nzcv:4`
      : `sf:1 ${op}1 11010010 rm:5 cond:4 00 rn:5 0 nzcv:4`,
    operands: (f) => [rsf(f.rn, f.sf), immediate ? hex(f.imm5) : rsf(f.rm, f.sf), hex(f.nzcv), cond(f.cond)],
  };
}

function condSelect(id: string, mnemonic: string, op: number, op2: number): FormDef {
  return {
    id,
    mnemonic,
    cls: 'alu',
    pattern: `sf:1 ${op}0 11010100 rm:5 cond:4 0${op2} rn:5 rd:5`,
    operands: (f) => [rsf(f.rd, f.sf), rsf(f.rn, f.sf), rsf(f.rm, f.sf), cond(f.cond)],
    alias: (f, ops) => {
      if (f.rn !== f.rm || f.cond >= 14 || id === 'CSEL') return undefined;
      const inv = cond(invertCondition(f.cond));
      if (id === 'CSNEG') return alias('cneg', ops[0], ops[1], inv);
      if (f.rn === 31) return alias(id === 'CSINC' ? 'cset' : 'csetm', ops[0], inv);
      return alias(id === 'CSINC' ? 'cinc' : 'cinv', ops[0], ops[1], inv);
    },
  };
}

function dp3(id: string, mnemonic: string, op31: number, o0: number, aliasName?: string): FormDef {
  const long = op31 === 1 || op31 === 5;
  const high = op31 === 2 || op31 === 6;
  return {
    id,
    mnemonic,
    cls: 'alu',
    pattern: high
      ? `1 00 11011 ${op31.toString(2).padStart(3, '0')} rm:5 ${o0} 11111 rn:5 rd:5`
      : `${long ? '1' : 'sf:1'} 00 11011 ${op31.toString(2).padStart(3, '0')} rm:5 ${o0} ra:5 rn:5 rd:5`,
    operands: (f) => {
      if (high) return [xreg(f.rd), xreg(f.rn), xreg(f.rm)];
      if (long) return [xreg(f.rd), wreg(f.rn), wreg(f.rm), xreg(f.ra)];
      return [rsf(f.rd, f.sf), rsf(f.rn, f.sf), rsf(f.rm, f.sf), rsf(f.ra, f.sf)];
    },
    alias: aliasName ? (f, ops) => (f.ra === 31 ? alias(aliasName, ops[0], ops[1], ops[2]) : undefined) : undefined,
  };
}

function dp2(id: string, mnemonic: string, opcode: number, aliasName?: string): FormDef {
  return {
    id,
    mnemonic,
    cls: 'alu',
    pattern: `sf:1 0 0 11010110 rm:5 ${opcode.toString(2).padStart(6, '0')} rn:5 rd:5`,
    operands: (f) => [rsf(f.rd, f.sf), rsf(f.rn, f.sf), rsf(f.rm, f.sf)],
    alias: aliasName ? (_f, ops) => alias(aliasName, ...ops) : undefined,
  };
}

function dp1(id: string, mnemonic: string, opcode: number, sf?: number): FormDef {
  return {
    id,
    mnemonic,
    cls: 'alu',
    pattern: `${sf === undefined ? 'sf:1' : sf} 1 0 11010110 00000 ${opcode.toString(2).padStart(6, '0')} rn:5 rd:5`,
    operands: (f) => [rsf(f.rd, f.sf ?? sf ?? 1), rsf(f.rn, f.sf ?? sf ?? 1)],
  };
}

export const DP_REG_FORMS: readonly FormDef[] = [
  logicalShifted('AND_sreg', 'and', 0, 0),
  logicalShifted('BIC_sreg', 'bic', 0, 1),
  logicalShifted('ORR_sreg', 'orr', 1, 0),
  logicalShifted('ORN_sreg', 'orn', 1, 1),
  logicalShifted('EOR_sreg', 'eor', 2, 0),
  logicalShifted('EON_sreg', 'eon', 2, 1),
  logicalShifted('ANDS_sreg', 'ands', 3, 0),
  logicalShifted('BICS_sreg', 'bics', 3, 1),
  addSubShifted('ADD_sreg', 'add', 0, 0),
  addSubShifted('ADDS_sreg', 'adds', 0, 1),
  addSubShifted('SUB_sreg', 'sub', 1, 0),
  addSubShifted('SUBS_sreg', 'subs', 1, 1),
  addSubExtended('ADD_ereg', 'add', 0, 0),
  addSubExtended('ADDS_ereg', 'adds', 0, 1),
  addSubExtended('SUB_ereg', 'sub', 1, 0),
  addSubExtended('SUBS_ereg', 'subs', 1, 1),
  withCarry('ADC', 'adc', 0, 0),
  withCarry('ADCS', 'adcs', 0, 1),
  withCarry('SBC', 'sbc', 1, 0),
  withCarry('SBCS', 'sbcs', 1, 1),
  condCompare('CCMN_reg', 'ccmn', 0, false),
  condCompare('CCMN_imm', 'ccmn', 0, true),
  condCompare('CCMP_reg', 'ccmp', 1, false),
  condCompare('CCMP_imm', 'ccmp', 1, true),
  condSelect('CSEL', 'csel', 0, 0),
  condSelect('CSINC', 'csinc', 0, 1),
  condSelect('CSINV', 'csinv', 1, 0),
  condSelect('CSNEG', 'csneg', 1, 1),
  dp3('MADD', 'madd', 0, 0, 'mul'),
  dp3('MSUB', 'msub', 0, 1, 'mneg'),
  dp3('SMADDL', 'smaddl', 1, 0, 'smull'),
  dp3('SMSUBL', 'smsubl', 1, 1, 'smnegl'),
  dp3('SMULH', 'smulh', 2, 0),
  dp3('UMADDL', 'umaddl', 5, 0, 'umull'),
  dp3('UMSUBL', 'umsubl', 5, 1, 'umnegl'),
  dp3('UMULH', 'umulh', 6, 0),
  dp2('UDIV', 'udiv', 0b000010),
  dp2('SDIV', 'sdiv', 0b000011),
  dp2('LSLV', 'lslv', 0b001000, 'lsl'),
  dp2('LSRV', 'lsrv', 0b001001, 'lsr'),
  dp2('ASRV', 'asrv', 0b001010, 'asr'),
  dp2('RORV', 'rorv', 0b001011, 'ror'),
  dp1('RBIT', 'rbit', 0b000000),
  dp1('REV16', 'rev16', 0b000001),
  dp1('REV_w', 'rev', 0b000010, 0),
  dp1('REV32', 'rev32', 0b000010, 1),
  dp1('REV_x', 'rev', 0b000011, 1),
  dp1('CLZ', 'clz', 0b000100),
  dp1('CLS', 'cls', 0b000101),
];
