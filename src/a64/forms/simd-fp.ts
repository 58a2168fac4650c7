// SIMD&FP: moves between general and FP registers, scalar FP arithmetic, conversions and compares,
// AdvSIMD modified immediates, three-same logical/add/sub, NOT/CNT and element copies. Enough for a
// guest to touch the FP/SIMD state; loads and stores of these registers live in ldst.ts.
import type { Alias, Fields, FormDef } from '../form.js';
import { bytemaskValue, fpImm8Value, modImmKind } from '../immediates.js';
import {
  cond, fpreg, hex, rsf, vreg, velem, wreg, xreg,
  type FpSize, type Operand,
} from '../operands.js';
import { arrangementOf, decodeImm5 } from '../tables.js';

const alias = (mnemonic: string, ...operands: Operand[]): Alias => ({ mnemonic, operands });
const ftypeSize = (ftype: number): FpSize => (ftype ? 'd' : 's');
const fp = (n: number, ftype: number) => fpreg(n, ftypeSize(ftype));
const b = (v: number, n: number) => v.toString(2).padStart(n, '0');

function fmovGeneral(id: string, sf: number, ftype: number, rmode: number, opcode: number, ops: (f: Fields) => Operand[]): FormDef {
  return {
    id,
    mnemonic: 'fmov',
    cls: 'fp-simd',
    pattern: `${sf} 0 0 11110 ${b(ftype, 2)} 1 ${b(rmode, 2)} ${b(opcode, 3)} 000000 rn:5 rd:5`,
    operands: ops,
  };
}

function convert(id: string, mnemonic: string, rmode: number, opcode: number, toFp: boolean): FormDef {
  return {
    id,
    mnemonic,
    cls: 'fp-simd',
    pattern: `sf:1 0 0 11110 0 ftype:1 1 ${b(rmode, 2)} ${b(opcode, 3)} 000000 rn:5 rd:5`,
    operands: (f) => (toFp ? [fp(f.rd, f.ftype), rsf(f.rn, f.sf)] : [rsf(f.rd, f.sf), fp(f.rn, f.ftype)]),
  };
}

function fpDp1(id: string, mnemonic: string, opcode: number): FormDef {
  return {
    id,
    mnemonic,
    cls: 'fp-simd',
    pattern: `000 11110 0 ftype:1 1 ${b(opcode, 6)} 10000 rn:5 rd:5`,
    operands: (f) => [fp(f.rd, f.ftype), fp(f.rn, f.ftype)],
  };
}

function fpDp2(id: string, mnemonic: string, opcode: number): FormDef {
  return {
    id,
    mnemonic,
    cls: 'fp-simd',
    pattern: `000 11110 0 ftype:1 1 rm:5 ${b(opcode, 4)} 10 rn:5 rd:5`,
    operands: (f) => [fp(f.rd, f.ftype), fp(f.rn, f.ftype), fp(f.rm, f.ftype)],
  };
}

function fpCompare(id: string, mnemonic: string, e: number, zero: boolean): FormDef {
  return {
    id,
    mnemonic,
    cls: 'fp-simd',
    pattern: `000 11110 0 ftype:1 1 ${zero ? '00000' : 'rm:5'} 001000 rn:5 ${e}${zero ? 1 : 0} 000`,
    operands: (f) => [fp(f.rn, f.ftype), zero ? { kind: 'fpimm', value: 0 } : fp(f.rm, f.ftype)],
  };
}

function fpDp3(id: string, mnemonic: string, o1: number, o0: number): FormDef {
  return {
    id,
    mnemonic,
    cls: 'fp-simd',
    pattern: `000 11111 0 ftype:1 ${o1} rm:5 ${o0} ra:5 rn:5 rd:5`,
    operands: (f) => [fp(f.rd, f.ftype), fp(f.rn, f.ftype), fp(f.rm, f.ftype), fp(f.ra, f.ftype)],
  };
}

const FCVT_SIZES: Readonly<Record<number, FpSize>> = { 0: 's', 1: 'd', 3: 'h' };

/** AdvSIMD modified immediate: value and shift as written (`#0x12, lsl #8`) for op:cmode. */
function modImmOperand(f: Fields): Operand {
  const imm8 = (f.abc << 5) | f.defgh;
  switch (modImmKind(f.op, f.cmode)) {
    case 'lsl32':
      return hex(imm8, { lsl: ((f.cmode >> 1) & 3) * 8 });
    case 'lsl16':
      return hex(imm8, { lsl: ((f.cmode >> 1) & 1) * 8 });
    case 'msl32':
      return hex(imm8, { msl: f.cmode & 1 ? 16 : 8 });
    case 'byte8':
      return hex(imm8);
    case 'bytes64':
      return hex(bytemaskValue(imm8));
    default:
      return { kind: 'fpimm', value: fpImm8Value(imm8) };
  }
}

function modImmArrangement(f: Fields) {
  const kind = modImmKind(f.op, f.cmode);
  if (kind === 'lsl16') return arrangementOf(1, f.Q);
  if (kind === 'byte8') return arrangementOf(0, f.Q);
  if (kind === 'bytes64' || kind === 'fp64') return arrangementOf(3, f.Q);
  return arrangementOf(2, f.Q);
}

function modImm(id: string, mnemonic: string, valid: (f: Fields) => boolean): FormDef {
  return {
    id,
    mnemonic,
    cls: 'fp-simd',
    pattern: '0 Q:1 op:1 0111100000 abc:3 cmode:4 0 1 defgh:5 rd:5',
    valid,
    operands: (f) => [vreg(f.rd, modImmArrangement(f)), modImmOperand(f)],
  };
}

const shiftedEven = (f: Fields) => f.cmode < 12 && (f.cmode & 1) === 0;
const shiftedOdd = (f: Fields) => f.cmode < 12 && (f.cmode & 1) === 1;
const msl = (f: Fields) => f.cmode === 12 || f.cmode === 13;

function threeSameLogical(id: string, mnemonic: string, u: number, size: number): FormDef {
  return {
    id,
    mnemonic,
    cls: 'fp-simd',
    pattern: `0 Q:1 ${u} 01110 ${b(size, 2)} 1 rm:5 00011 1 rn:5 rd:5`,
    operands: (f) => {
      const arr = arrangementOf(0, f.Q);
      return [vreg(f.rd, arr), vreg(f.rn, arr), vreg(f.rm, arr)];
    },
    alias: id === 'ORR_v' ? (f, ops) => (f.rn === f.rm ? alias('mov', ops[0], ops[1]) : undefined) : undefined,
  };
}

function threeSameArith(id: string, mnemonic: string, u: number): FormDef {
  return {
    id,
    mnemonic,
    cls: 'fp-simd',
    pattern: `0 Q:1 ${u} 01110 size:2 1 rm:5 10000 1 rn:5 rd:5`,
    valid: (f) => !(f.size === 3 && f.Q === 0),
    operands: (f) => {
      const arr = arrangementOf(f.size, f.Q);
      return [vreg(f.rd, arr), vreg(f.rn, arr), vreg(f.rm, arr)];
    },
  };
}

function twoRegMisc(id: string, mnemonic: string, u: number, aliasName?: string): FormDef {
  return {
    id,
    mnemonic,
    cls: 'fp-simd',
    pattern: `0 Q:1 ${u} 01110 00 10000 00101 10 rn:5 rd:5`,
    operands: (f) => [vreg(f.rd, arrangementOf(0, f.Q)), vreg(f.rn, arrangementOf(0, f.Q))],
    alias: aliasName ? (_f, ops) => alias(aliasName, ...ops) : undefined,
  };
}

const elemOf = (f: Fields) => decodeImm5(f.imm5);

function copy(id: string, mnemonic: string, q: string, op: number, imm4: string, valid: (f: Fields) => boolean, ops: (f: Fields) => Operand[], al?: FormDef['alias']): FormDef {
  return {
    id,
    mnemonic,
    cls: 'fp-simd',
    pattern: `0 ${q} ${op} 01110000 imm5:5 0 ${imm4} 1 rn:5 rd:5`,
    valid: (f) => elemOf(f) !== undefined && valid(f),
    operands: ops,
    alias: al,
  };
}

const size = (f: Fields) => elemOf(f)?.size ?? 0;
const index = (f: Fields) => elemOf(f)?.index ?? 0;
const elem = (f: Fields) => elemOf(f)?.elem ?? 'b';

const FORMS_WITHOUT_FEATURE: readonly FormDef[] = [
  fmovGeneral('FMOV_w_s', 0, 0, 0, 6, (f) => [wreg(f.rd), fpreg(f.rn, 's')]),
  fmovGeneral('FMOV_s_w', 0, 0, 0, 7, (f) => [fpreg(f.rd, 's'), wreg(f.rn)]),
  fmovGeneral('FMOV_x_d', 1, 1, 0, 6, (f) => [xreg(f.rd), fpreg(f.rn, 'd')]),
  fmovGeneral('FMOV_d_x', 1, 1, 0, 7, (f) => [fpreg(f.rd, 'd'), xreg(f.rn)]),
  fmovGeneral('FMOV_x_vd1', 1, 2, 1, 6, (f) => [xreg(f.rd), velem(f.rn, 'd', 1)]),
  fmovGeneral('FMOV_vd1_x', 1, 2, 1, 7, (f) => [velem(f.rd, 'd', 1), xreg(f.rn)]),
  convert('SCVTF', 'scvtf', 0, 2, true),
  convert('UCVTF', 'ucvtf', 0, 3, true),
  convert('FCVTZS', 'fcvtzs', 3, 0, false),
  convert('FCVTZU', 'fcvtzu', 3, 1, false),
  fpDp1('FMOV_reg', 'fmov', 0),
  fpDp1('FABS', 'fabs', 1),
  fpDp1('FNEG', 'fneg', 2),
  fpDp1('FSQRT', 'fsqrt', 3),
  {
    id: 'FCVT',
    mnemonic: 'fcvt',
    cls: 'fp-simd',
    pattern: '000 11110 ftype:2 1 0001 opc:2 10000 rn:5 rd:5',
    valid: (f) => f.ftype !== f.opc && f.ftype !== 2 && f.opc !== 2,
    operands: (f) => [fpreg(f.rd, FCVT_SIZES[f.opc]), fpreg(f.rn, FCVT_SIZES[f.ftype])],
  },
  fpDp2('FMUL', 'fmul', 0),
  fpDp2('FDIV', 'fdiv', 1),
  fpDp2('FADD', 'fadd', 2),
  fpDp2('FSUB', 'fsub', 3),
  fpDp2('FMAX', 'fmax', 4),
  fpDp2('FMIN', 'fmin', 5),
  fpDp2('FMAXNM', 'fmaxnm', 6),
  fpDp2('FMINNM', 'fminnm', 7),
  fpDp2('FNMUL', 'fnmul', 8),
  fpCompare('FCMP', 'fcmp', 0, false),
  fpCompare('FCMP_zero', 'fcmp', 0, true),
  fpCompare('FCMPE', 'fcmpe', 1, false),
  fpCompare('FCMPE_zero', 'fcmpe', 1, true),
  fpDp3('FMADD', 'fmadd', 0, 0),
  fpDp3('FMSUB', 'fmsub', 0, 1),
  fpDp3('FNMADD', 'fnmadd', 1, 0),
  fpDp3('FNMSUB', 'fnmsub', 1, 1),
  {
    id: 'FCSEL',
    mnemonic: 'fcsel',
    cls: 'fp-simd',
    pattern: '000 11110 0 ftype:1 1 rm:5 cond:4 11 rn:5 rd:5',
    operands: (f) => [fp(f.rd, f.ftype), fp(f.rn, f.ftype), fp(f.rm, f.ftype), cond(f.cond)],
  },
  {
    id: 'FMOV_imm',
    mnemonic: 'fmov',
    cls: 'fp-simd',
    pattern: '000 11110 0 ftype:1 1 imm8:8 100 00000 rd:5',
    operands: (f) => [fp(f.rd, f.ftype), { kind: 'fpimm', value: fpImm8Value(f.imm8) }],
  },
  modImm('MOVI', 'movi', (f) => (f.op === 0 ? shiftedEven(f) || msl(f) || f.cmode === 14 : f.cmode === 14 && f.Q === 1)),
  modImm('MVNI', 'mvni', (f) => f.op === 1 && (shiftedEven(f) || msl(f))),
  modImm('ORR_vi', 'orr', (f) => f.op === 0 && shiftedOdd(f)),
  modImm('BIC_vi', 'bic', (f) => f.op === 1 && shiftedOdd(f)),
  modImm('FMOV_vi', 'fmov', (f) => f.cmode === 15 && (f.op === 0 || f.Q === 1)),
  {
    id: 'MOVI_d',
    mnemonic: 'movi',
    cls: 'fp-simd',
    pattern: '0 0 1 0111100000 abc:3 1110 0 1 defgh:5 rd:5',
    operands: (f) => [fpreg(f.rd, 'd'), hex(bytemaskValue((f.abc << 5) | f.defgh))],
  },
  threeSameLogical('AND_v', 'and', 0, 0),
  threeSameLogical('BIC_v', 'bic', 0, 1),
  threeSameLogical('ORR_v', 'orr', 0, 2),
  threeSameLogical('ORN_v', 'orn', 0, 3),
  threeSameLogical('EOR_v', 'eor', 1, 0),
  threeSameLogical('BSL_v', 'bsl', 1, 1),
  threeSameLogical('BIT_v', 'bit', 1, 2),
  threeSameLogical('BIF_v', 'bif', 1, 3),
  threeSameArith('ADD_v', 'add', 0),
  threeSameArith('SUB_v', 'sub', 1),
  {
    id: 'ADD_d',
    mnemonic: 'add',
    cls: 'fp-simd',
    pattern: '01 0 11110 11 1 rm:5 10000 1 rn:5 rd:5',
    operands: (f) => [fpreg(f.rd, 'd'), fpreg(f.rn, 'd'), fpreg(f.rm, 'd')],
  },
  {
    id: 'SUB_d',
    mnemonic: 'sub',
    cls: 'fp-simd',
    pattern: '01 1 11110 11 1 rm:5 10000 1 rn:5 rd:5',
    operands: (f) => [fpreg(f.rd, 'd'), fpreg(f.rn, 'd'), fpreg(f.rm, 'd')],
  },
  twoRegMisc('NOT_v', 'not', 1, 'mvn'),
  twoRegMisc('CNT_v', 'cnt', 0),
  copy('DUP_elem', 'dup', 'Q:1', 0, '0000', (f) => size(f) < 3 || f.Q === 1,
    (f) => [vreg(f.rd, arrangementOf(size(f), f.Q)), velem(f.rn, elem(f), index(f))]),
  {
    ...copy('DUP_gen', 'dup', 'Q:1', 0, '0001', (f) => size(f) < 3 || f.Q === 1,
      (f) => [vreg(f.rd, arrangementOf(size(f), f.Q)), size(f) === 3 ? xreg(f.rn) : wreg(f.rn)]),
    nonCanonical: (f) => index(f) !== 0,
  },
  copy('SMOV', 'smov', 'Q:1', 0, '0101', (f) => size(f) < 2 + f.Q,
    (f) => [rsf(f.rd, f.Q), velem(f.rn, elem(f), index(f))]),
  copy('UMOV', 'umov', 'Q:1', 0, '0111', (f) => (f.Q ? size(f) === 3 : size(f) < 3),
    (f) => [rsf(f.rd, f.Q), velem(f.rn, elem(f), index(f))],
    (f, ops) => (size(f) >= 2 ? alias('mov', ...ops) : undefined)),
  copy('INS_gen', 'ins', '1', 0, '0011', () => true,
    (f) => [velem(f.rd, elem(f), index(f)), size(f) === 3 ? xreg(f.rn) : wreg(f.rn)],
    (_f, ops) => alias('mov', ...ops)),
  {
    ...copy('INS_elem', 'ins', '1', 1, 'imm4:4', () => true,
      (f) => [velem(f.rd, elem(f), index(f)), velem(f.rn, elem(f), f.imm4 >> size(f))],
      (_f, ops) => alias('mov', ...ops)),
    nonCanonical: (f) => (f.imm4 & ((1 << size(f)) - 1)) !== 0,
  },
  {
    id: 'DUP_scalar',
    mnemonic: 'dup',
    cls: 'fp-simd',
    pattern: '01 0 11110000 imm5:5 0 0000 1 rn:5 rd:5',
    valid: (f) => elemOf(f) !== undefined,
    operands: (f) => [fpreg(f.rd, elem(f)), velem(f.rn, elem(f), index(f))],
    alias: (_f, ops) => alias('mov', ...ops),
  },
];

/** Scalar floating point (and FMOV to and from general registers) needs `fp`; AdvSIMD `simd`. */
const isScalarFp = (f: FormDef): boolean => f.id !== 'FMOV_vi' && (f.id.startsWith('F') || f.id === 'SCVTF' || f.id === 'UCVTF');

export const SIMD_FP_FORMS: readonly FormDef[] = FORMS_WITHOUT_FEATURE.map((f) => ({ ...f, feature: isScalarFp(f) ? 'fp' : 'simd' }));
