// Encoders for the SIMD&FP instructions in the form table (moves, scalar FP, modified immediates,
// vector logical/add/sub, element copies) and the SVE words Linux emits.
import { AsmError } from '../errors.js';
import { bytemaskEncode, fpImm8Encode } from '../immediates.js';
import type { ElemSize, FpSize } from '../operands.js';
import { ARRANGEMENTS, ELEM_SIZES, encodeImm5 } from '../tables.js';
import { condition, type Handler } from './dp.js';
import { Ops, encode, type VecReg } from './ops.js';
import type { Assembled } from './types.js';

const FTYPE: Partial<Record<FpSize, number>> = { s: 0, d: 1 };
const LANES: Readonly<Record<ElemSize, number>> = { b: 16, h: 8, s: 4, d: 2 };

function ftypeOf(o: Ops, i: number): { ftype: number; size: FpSize; n: number } {
  const r = o.fp(i, ['s', 'd']);
  return { ftype: FTYPE[r.size] as number, size: r.size, n: r.n };
}

function element(o: Ops, i: number) {
  const e = o.element(i);
  if (!e) o.fail(i, 'a vector element (v0.s[1])');
  if (e.index < 0 || e.index >= LANES[e.elem]) {
    throw new AsmError(`element index ${e.index} out of range for '${o.mnemonic}' (0..${LANES[e.elem] - 1} for .${e.elem})`);
  }
  return e;
}

function fpImmediate(o: Ops, i: number): number {
  const v = o.fpValue(i);
  const imm8 = fpImm8Encode(v);
  if (imm8 === undefined) throw new AsmError(`immediate ${v} cannot be encoded as an 8-bit floating-point immediate for '${o.mnemonic}'`);
  return imm8;
}

const fmovHandler: Handler = (o: Ops) => {
  o.expect(2);
  const r0 = o.reg(0);
  const r1 = o.reg(1);
  const e0 = o.element(0);
  const e1 = o.element(1);
  const upperHalf = (e: NonNullable<typeof e0>, i: number) => {
    if (e.elem !== 'd' || e.index !== 1) o.fail(i, 'the upper half v<n>.d[1]');
  };
  if (e0) {
    upperHalf(e0, 0);
    return encode('FMOV_vd1_x', { rn: o.gpr(1, { width: 64 }).n, rd: e0.n });
  }
  if (e1) {
    upperHalf(e1, 1);
    return encode('FMOV_x_vd1', { rn: e1.n, rd: o.gpr(0, { width: 64 }).n });
  }
  if (r0?.cls === 'vec') {
    const arr = r0.arrangement;
    if (arr !== '2s' && arr !== '4s' && arr !== '2d') o.fail(0, 'a 2s, 4s or 2d vector register');
    const imm8 = fpImmediate(o, 1);
    const info = ARRANGEMENTS.get(arr);
    return encode('FMOV_vi', { Q: info?.q ?? 0, op: arr === '2d' ? 1 : 0, abc: imm8 >> 5, cmode: 15, defgh: imm8 & 31, rd: r0.n });
  }
  if (r0?.cls === 'fp' && r1?.cls === 'gpr') {
    const d = o.fp(0, ['s', 'd']);
    const g = o.gpr(1, { width: d.size === 'd' ? 64 : 32 });
    return encode(d.size === 'd' ? 'FMOV_d_x' : 'FMOV_s_w', { rn: g.n, rd: d.n });
  }
  if (r0?.cls === 'gpr') {
    const g = o.gpr(0);
    const s = o.fp(1, [g.width === 64 ? 'd' : 's']);
    return encode(g.width === 64 ? 'FMOV_x_d' : 'FMOV_w_s', { rn: s.n, rd: g.n });
  }
  const d = ftypeOf(o, 0);
  if (r1?.cls === 'fp') {
    const s = o.fp(1, [d.size]);
    return encode('FMOV_reg', { ftype: d.ftype, rn: s.n, rd: d.n });
  }
  return encode('FMOV_imm', { ftype: d.ftype, imm8: fpImmediate(o, 1), rd: d.n });
};

const fpBinary = (id: string): Handler => (o: Ops) => {
  o.expect(3);
  const d = ftypeOf(o, 0);
  return encode(id, { ftype: d.ftype, rm: o.fp(2, [d.size]).n, rn: o.fp(1, [d.size]).n, rd: d.n });
};

const fpUnary = (id: string): Handler => (o: Ops) => {
  o.expect(2);
  const d = ftypeOf(o, 0);
  return encode(id, { ftype: d.ftype, rn: o.fp(1, [d.size]).n, rd: d.n });
};

const fpTernary = (id: string): Handler => (o: Ops) => {
  o.expect(4);
  const d = ftypeOf(o, 0);
  const f = (i: number) => o.fp(i, [d.size]).n;
  return encode(id, { ftype: d.ftype, rm: f(2), ra: f(3), rn: f(1), rd: d.n });
};

const FCVT_TYPE: Partial<Record<FpSize, number>> = { s: 0, d: 1, h: 3 };

const fcvtHandler: Handler = (o: Ops) => {
  o.expect(2);
  const d = o.fp(0, ['h', 's', 'd']);
  const s = o.fp(1, ['h', 's', 'd']);
  if (d.size === s.size) o.fail(1, 'a register of another size');
  return encode('FCVT', { ftype: FCVT_TYPE[s.size] as number, opc: FCVT_TYPE[d.size] as number, rn: s.n, rd: d.n });
};

const fcmpHandler = (base: string): Handler => (o: Ops) => {
  o.expect(2);
  const n = ftypeOf(o, 0);
  if (o.reg(1)) return encode(base, { ftype: n.ftype, rm: o.fp(1, [n.size]).n, rn: n.n });
  if (o.fpValue(1, 'a register or #0.0') !== 0) o.fail(1, 'a register or #0.0');
  return encode(`${base}_zero`, { ftype: n.ftype, rn: n.n });
};

const fcselHandler: Handler = (o: Ops) => {
  o.expect(4);
  const d = ftypeOf(o, 0);
  return encode('FCSEL', { ftype: d.ftype, rm: o.fp(2, [d.size]).n, cond: condition(o, 3), rn: o.fp(1, [d.size]).n, rd: d.n });
};

const convertHandler = (id: string, toFp: boolean): Handler => (o: Ops) => {
  o.expect(2);
  const f = ftypeOf(o, toFp ? 0 : 1);
  const g = o.gpr(toFp ? 1 : 0);
  return encode(id, { sf: g.width === 64 ? 1 : 0, ftype: f.ftype, rn: toFp ? g.n : f.n, rd: toFp ? f.n : g.n });
};

// ---- modified immediates ----

interface ModImm {
  readonly op: number;
  readonly cmode: number;
  readonly imm8: number;
}

function imm8Of(o: Ops, i: number): number {
  const v = o.imm(i, 'an 8-bit immediate');
  if (v < -128n || v > 255n) throw new AsmError(`immediate ${v} out of range for '${o.mnemonic}' (-128..255)`);
  return Number(v) & 0xff;
}

/** movi/mvni/orr/bic (vector, immediate): op:cmode:imm8 for the arrangement and shift written. */
function modifiedImmediate(o: Ops, kind: 'movi' | 'mvni' | 'orr' | 'bic', arr: string): ModImm {
  const sh = o.shift(2);
  if (o.length > 2 && !sh) o.fail(2, 'lsl #n or msl #n');
  const amount = Number(sh?.amount ?? 0n);
  const inverted = kind === 'mvni' || kind === 'bic' ? 1 : 0;
  const odd = kind === 'orr' || kind === 'bic' ? 1 : 0;
  const elem = ARRANGEMENTS.get(arr)?.elem;
  if (kind === 'movi' && (elem === 'b' || elem === 'd')) {
    if (elem === 'b') {
      if (sh && (sh.op !== 'lsl' || amount !== 0)) o.fail(2, 'absent (or lsl #0) for a byte arrangement');
      return { op: 0, cmode: 14, imm8: imm8Of(o, 1) };
    }
    const imm8 = bytemaskEncode(o.imm(1));
    if (imm8 === undefined || sh) throw new AsmError(`immediate for '${o.mnemonic}' .2d/d must have each byte 0x00 or 0xff`);
    return { op: 1, cmode: 14, imm8 };
  }
  const imm8 = imm8Of(o, 1);
  if (elem === 'h') {
    if (sh && (sh.op !== 'lsl' || (amount !== 0 && amount !== 8))) o.fail(2, 'lsl #0 or lsl #8 for a halfword arrangement');
    return { op: inverted, cmode: 8 | ((amount / 8) << 1) | odd, imm8 };
  }
  if (elem === 's') {
    if (sh?.op === 'msl') {
      if (odd) o.fail(2, 'lsl #0, #8, #16 or #24');
      if (amount !== 8 && amount !== 16) o.fail(2, 'msl #8 or msl #16');
      return { op: inverted, cmode: 12 | (amount === 16 ? 1 : 0), imm8 };
    }
    if (sh && (sh.op !== 'lsl' || amount % 8 !== 0 || amount > 24)) o.fail(2, 'lsl #0, #8, #16 or #24');
    return { op: inverted, cmode: ((amount / 8) << 1) | odd, imm8 };
  }
  o.fail(0, `a vector register with an arrangement that '${o.mnemonic}' supports`);
}

const moviHandler = (kind: 'movi' | 'mvni' | 'orr' | 'bic'): Handler => (o: Ops) => {
  o.expect(2, 3);
  const r0 = o.reg(0);
  if (kind === 'movi' && r0?.cls === 'fp') {
    o.fp(0, ['d']);
    const imm8 = bytemaskEncode(o.imm(1));
    if (imm8 === undefined || o.length > 2) throw new AsmError(`immediate for 'movi d<n>' must have each byte 0x00 or 0xff`);
    return encode('MOVI_d', { abc: imm8 >> 5, defgh: imm8 & 31, rd: r0.n });
  }
  const v = o.vec(0);
  const arr = v.arrangement as string;
  if (arr === '1d' || (arr === '2d' && kind !== 'movi')) o.fail(0, `a vector register with an arrangement that '${o.mnemonic}' supports`);
  const m = modifiedImmediate(o, kind, arr);
  const id = { movi: 'MOVI', mvni: 'MVNI', orr: 'ORR_vi', bic: 'BIC_vi' }[kind];
  return encode(id, { Q: ARRANGEMENTS.get(arr)?.q ?? 0, op: m.op, abc: m.imm8 >> 5, cmode: m.cmode, defgh: m.imm8 & 31, rd: v.n });
};

// ---- vector register forms ----

function sameArrangement(o: Ops, count: number, allowed?: readonly string[]): VecReg[] {
  const regs = Array.from({ length: count }, (_, i) => o.vec(i));
  const arr = regs[0].arrangement as string;
  regs.forEach((r, i) => {
    if (r.arrangement !== arr) o.fail(i, `a vector register with arrangement ${arr}`);
  });
  if (allowed && !allowed.includes(arr)) o.fail(0, `a vector register with arrangement ${allowed.join(' or ')}`);
  return regs;
}

const BYTE_ARRANGEMENTS = ['8b', '16b'];

const vectorLogical = (id: string): Handler => (o: Ops) => {
  o.expect(3);
  const [d, n, m] = sameArrangement(o, 3, BYTE_ARRANGEMENTS);
  return encode(id, { Q: d.arrangement === '16b' ? 1 : 0, rm: m.n, rn: n.n, rd: d.n });
};

const vectorArith = (id: string, scalarId: string): Handler => (o: Ops) => {
  o.expect(3);
  if (o.reg(0)?.cls === 'fp') {
    const f = (i: number) => o.fp(i, ['d']).n;
    return encode(scalarId, { rm: f(2), rn: f(1), rd: f(0) });
  }
  const [d, n, m] = sameArrangement(o, 3);
  const info = ARRANGEMENTS.get(d.arrangement as string);
  if (!info || d.arrangement === '1d') o.fail(0, 'a vector register with an arrangement other than 1d');
  return encode(id, { Q: info.q, size: info.size, rm: m.n, rn: n.n, rd: d.n });
};

const vectorUnary = (id: string): Handler => (o: Ops) => {
  o.expect(2);
  const [d, n] = sameArrangement(o, 2, BYTE_ARRANGEMENTS);
  return encode(id, { Q: d.arrangement === '16b' ? 1 : 0, rn: n.n, rd: d.n });
};

const dupHandler: Handler = (o: Ops) => {
  o.expect(2);
  const r0 = o.reg(0);
  if (r0?.cls === 'fp') return scalarDup(o);
  const d = o.vec(0);
  const info = ARRANGEMENTS.get(d.arrangement as string);
  if (!info || d.arrangement === '1d') o.fail(0, 'a vector register with an arrangement other than 1d');
  if (o.element(1)) {
    const e = element(o, 1);
    if (e.elem !== info.elem) o.fail(1, `an element of size .${info.elem}`);
    return encode('DUP_elem', { Q: info.q, imm5: encodeImm5(info.size, e.index), rn: e.n, rd: d.n });
  }
  const g = o.gpr(1, { width: info.size === 3 ? 64 : 32 });
  return encode('DUP_gen', { Q: info.q, imm5: encodeImm5(info.size, 0), rn: g.n, rd: d.n });
};

function scalarDup(o: Ops): Assembled {
  const d = o.fp(0, ['b', 'h', 's', 'd']);
  const e = element(o, 1);
  if (e.elem !== d.size) o.fail(1, `an element of size .${d.size}`);
  return encode('DUP_scalar', { imm5: encodeImm5(ELEM_SIZES.indexOf(e.elem), e.index), rn: e.n, rd: d.n });
}

/** ins / mov to an element, from a general register or another element. */
function insert(o: Ops): Assembled {
  const d = element(o, 0);
  const size = ELEM_SIZES.indexOf(d.elem);
  if (o.element(1)) {
    const s = element(o, 1);
    if (s.elem !== d.elem) o.fail(1, `an element of size .${d.elem}`);
    return encode('INS_elem', { imm5: encodeImm5(size, d.index), imm4: s.index << size, rn: s.n, rd: d.n });
  }
  const g = o.gpr(1, { width: size === 3 ? 64 : 32 });
  return encode('INS_gen', { imm5: encodeImm5(size, d.index), rn: g.n, rd: d.n });
}

const insHandler: Handler = (o: Ops) => {
  o.expect(2);
  return insert(o);
};

/** umov/smov (and `mov Wd, Vn.s[i]` / `mov Xd, Vn.d[i]`). */
const moveToGeneral = (signed: boolean, aliasOnly: boolean): Handler => (o: Ops) => {
  o.expect(2);
  const g = o.gpr(0);
  const e = element(o, 1);
  const size = ELEM_SIZES.indexOf(e.elem);
  const ok = signed ? size < (g.width === 64 ? 3 : 2) : aliasOnly ? size === (g.width === 64 ? 3 : 2) : g.width === 64 ? size === 3 : size < 3;
  if (!ok) o.fail(1, `an element size that '${o.mnemonic}' can move to a ${g.width}-bit register`);
  return encode(signed ? 'SMOV' : 'UMOV', { Q: g.width === 64 ? 1 : 0, imm5: encodeImm5(size, e.index), rn: e.n, rd: g.n });
};

/** The SIMD&FP meanings of `mov`. */
export function simdMov(o: Ops): Assembled {
  o.expect(2);
  if (o.element(0)) return insert(o);
  const r0 = o.reg(0);
  if (r0?.cls === 'fp') return scalarDup(o);
  if (r0?.cls === 'gpr') return moveToGeneral(false, true)(o);
  const [d, n] = sameArrangement(o, 2, BYTE_ARRANGEMENTS);
  return encode('ORR_v', { Q: d.arrangement === '16b' ? 1 : 0, rm: n.n, rn: n.n, rd: d.n });
}

/** Whether operand 0 (or a later one, for `mov w0, v1.s[1]`) makes this a SIMD&FP instruction. */
export function isSimdOperands(o: Ops): boolean {
  for (let i = 0; i < o.length; i++) {
    if (o.element(i)) return true;
    const r = o.reg(i);
    if (r && r.cls !== 'gpr') return true;
  }
  return false;
}

// ---- SVE words ----

function predicate(o: Ops, i: number, elem?: ElemSize): number {
  const r = o.reg(i);
  if (!r || r.cls !== 'p' || (elem && r.elem !== elem)) o.fail(i, `a predicate register p0–p15${elem ? `.${elem}` : ''}`);
  return r.n;
}

export const SIMD_HANDLERS: Readonly<Record<string, Handler>> = {
  fmov: fmovHandler,
  fadd: fpBinary('FADD'),
  fsub: fpBinary('FSUB'),
  fmul: fpBinary('FMUL'),
  fdiv: fpBinary('FDIV'),
  fnmul: fpBinary('FNMUL'),
  fmax: fpBinary('FMAX'),
  fmin: fpBinary('FMIN'),
  fmaxnm: fpBinary('FMAXNM'),
  fminnm: fpBinary('FMINNM'),
  fabs: fpUnary('FABS'),
  fneg: fpUnary('FNEG'),
  fsqrt: fpUnary('FSQRT'),
  fcvt: fcvtHandler,
  fcmp: fcmpHandler('FCMP'),
  fcmpe: fcmpHandler('FCMPE'),
  fmadd: fpTernary('FMADD'),
  fmsub: fpTernary('FMSUB'),
  fnmadd: fpTernary('FNMADD'),
  fnmsub: fpTernary('FNMSUB'),
  fcsel: fcselHandler,
  scvtf: convertHandler('SCVTF', true),
  ucvtf: convertHandler('UCVTF', true),
  fcvtzs: convertHandler('FCVTZS', false),
  fcvtzu: convertHandler('FCVTZU', false),
  movi: moviHandler('movi'),
  mvni: moviHandler('mvni'),
  bsl: vectorLogical('BSL_v'),
  bit: vectorLogical('BIT_v'),
  bif: vectorLogical('BIF_v'),
  not: vectorUnary('NOT_v'),
  cnt: vectorUnary('CNT_v'),
  dup: dupHandler,
  ins: insHandler,
  umov: moveToGeneral(false, false),
  smov: moveToGeneral(true, false),
  pfalse: (o: Ops) => {
    o.expect(1);
    return encode('PFALSE', { pd: predicate(o, 0, 'b') });
  },
  wrffr: (o: Ops) => {
    o.expect(1);
    return encode('WRFFR', { pn: predicate(o, 0, 'b') });
  },
  rdffr: (o: Ops) => {
    o.expect(1);
    return encode('RDFFR', { pd: predicate(o, 0, 'b') });
  },
  setffr: (o: Ops) => {
    o.expect(0);
    return encode('SETFFR', {});
  },
  rdvl: (o: Ops) => {
    o.expect(2);
    const rd = o.gpr(0, { width: 64 });
    return encode('RDVL', { imm6: o.immIn(1, -32, 31, `immediate of 'rdvl'`) & 63, rd: rd.n });
  },
};

/** Vector forms of mnemonics that also name integer instructions (and, orr, add, mvn, …). */
export const SIMD_OVERLOADS: Readonly<Record<string, Handler>> = {
  and: vectorLogical('AND_v'),
  bic: (o: Ops) => (o.isImmediate(1) ? moviHandler('bic')(o) : vectorLogical('BIC_v')(o)),
  orr: (o: Ops) => (o.isImmediate(1) ? moviHandler('orr')(o) : vectorLogical('ORR_v')(o)),
  orn: vectorLogical('ORN_v'),
  eor: vectorLogical('EOR_v'),
  add: vectorArith('ADD_v', 'ADD_d'),
  sub: vectorArith('SUB_v', 'SUB_d'),
  mvn: vectorUnary('NOT_v'),
  mov: simdMov,
};
