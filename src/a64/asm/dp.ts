// Encoders for data-processing instructions and their aliases, with gas's choices of form.
import type { RelocType } from '../../ir/program.js';
import { encodeBitmask } from '../bitmask.js';
import { hexText as hex, lowBits, toU64 } from '../bits.js';
import { AsmError } from '../errors.js';
import { BFC_FEATURE } from '../forms/dp-imm.js';
import { movnFields, movzFields } from '../immediates.js';
import { CONDITION_CODES, EXTEND_OPS, SHIFT_OPS, invertCondition } from '../tables.js';
import { Ops, encode, toBig, type GprReg } from './ops.js';
import type { Assembled } from './types.js';

export type Handler = (o: Ops) => Assembled;

const shiftType = (op: string): number => (SHIFT_OPS as readonly string[]).indexOf(op);
const sfOf = (r: GprReg): number => (r.width === 64 ? 1 : 0);
const zr = (width: 32 | 64): GprReg => ({ cls: 'gpr', n: 31, width, sp: false });

/** A value as a `width`-bit immediate the way gas reads it for W registers: the high half must be all 0s or all 1s. */
export function fitWidth(v: bigint, width: 32 | 64): bigint | undefined {
  const u = toU64(v);
  if (width === 64) return u;
  const hi = u >> 32n;
  return hi === 0n || hi === 0xffffffffn ? u & 0xffffffffn : undefined;
}

/** Register 31 must mean SP (`spMeaning`) or ZR in the chosen encoding. */
function check31(o: Ops, i: number, r: GprReg, spMeaning: boolean): void {
  if (r.n !== 31 || r.sp === spMeaning) return;
  o.fail(i, spMeaning ? `an integer register or ${r.width === 64 ? 'sp' : 'wsp'}, not a zero register` : 'an integer or zero register, not sp');
}

export function condition(o: Ops, i: number, allowAlNv = true): number {
  const name = o.name(i)?.toLowerCase();
  const code = name === undefined ? undefined : CONDITION_CODES.get(name);
  if (code === undefined || (!allowAlNv && code >= 14)) {
    o.fail(i, allowAlNv ? 'a condition (eq, ne, hs, …)' : 'a condition other than al and nv');
  }
  return code;
}

// ---- add / sub ----

const ADD_SUB = ['ADD', 'ADDS', 'SUB', 'SUBS'];

function addSub(o: Ops, op: number, s: number, rd: GprReg, rdIdx: number, rnIdx: number): Assembled {
  const rn = o.gpr(rnIdx, { width: rd.width, sp: true });
  const mIdx = rnIdx + 1;
  const sf = sfOf(rd);
  const base = ADD_SUB[op * 2 + s];
  if (o.reg(mIdx)) {
    const rm = o.gpr(mIdx);
    if (o.length > mIdx + 2) o.expect(mIdx + 2);
    const sh = o.shift(mIdx + 1);
    if (o.length > mIdx + 1 && !sh) o.fail(mIdx + 1, 'a shift or extend (lsl #2, uxtw …)');
    const spInvolved = (rd.n === 31 && rd.sp) || (rn.n === 31 && rn.sp);
    const isExtend = sh !== undefined && (EXTEND_OPS as readonly string[]).includes(sh.op);
    if (isExtend || spInvolved || rm.width !== rd.width) {
      let option: number;
      if (!sh || sh.op === 'lsl') {
        if (!spInvolved) o.fail(mIdx + 1, `an extend (uxtw, sxtw …) for a ${rm.width}-bit register`);
        option = sf ? 3 : 2;
      } else {
        option = (EXTEND_OPS as readonly string[]).indexOf(sh.op);
        if (option < 0) o.fail(mIdx + 1, 'an extend (uxtb, uxth, uxtw, uxtx, sxtb, sxth, sxtw, sxtx) or lsl');
      }
      const wantX = sf === 1 && (option & 3) === 3;
      if (rm.width !== (wantX ? 64 : 32)) o.fail(mIdx, `a ${wantX ? 64 : 32}-bit register for this extend`);
      if (rm.n === 31 && rm.sp) o.fail(mIdx, 'an integer or zero register');
      const amount = sh?.amount ?? 0n;
      if (amount < 0n || amount > 4n) throw new AsmError(`shift amount ${amount} out of range for '${o.mnemonic}' (0..4)`);
      check31(o, rdIdx, rd, !s);
      check31(o, rnIdx, rn, true);
      return encode(`${base}_ereg`, { sf, rm: rm.n, option, imm3: Number(amount), rn: rn.n, rd: rd.n });
    }
    const type = sh ? shiftType(sh.op) : 0;
    if (type < 0 || type === 3) o.fail(mIdx + 1, 'lsl, lsr or asr');
    const amount = sh?.amount ?? 0n;
    if (amount < 0n || amount >= BigInt(rd.width)) {
      throw new AsmError(`shift amount ${amount} out of range for '${o.mnemonic}' (0..${rd.width - 1})`);
    }
    check31(o, rdIdx, rd, false);
    check31(o, rnIdx, rn, false);
    return encode(`${base}_sreg`, { sf, shift: type, rm: rm.n, imm6: Number(amount), rn: rn.n, rd: rd.n });
  }
  check31(o, rdIdx, rd, !s);
  check31(o, rnIdx, rn, true);
  const { expr, modifier } = o.expr(mIdx);
  const sh = o.shift(mIdx + 1);
  if (o.length > mIdx + 1 && (!sh || sh.op !== 'lsl' || (sh.amount !== 0n && sh.amount !== 12n))) {
    o.fail(mIdx + 1, 'lsl #0 or lsl #12');
  }
  if (o.length > mIdx + 2) o.expect(mIdx + 2);
  if (modifier) {
    if (modifier !== 'lo12') o.fail(mIdx, 'an immediate or #:lo12:symbol');
    const value = o.env.evaluate(expr);
    const fields = { sf, sh: sh?.amount === 12n ? 1 : 0, imm12: 0, rn: rn.n, rd: rd.n };
    // gas leaves :lo12: to a relocation even for constants (against *ABS*).
    return encode(`${base}_imm`, fields, { type: 'ADD_ABS_LO12_NC', value });
  }
  let v = o.constOf(expr, mIdx, 'a constant immediate or #:lo12:symbol');
  let opFinal = op;
  // gas turns add #-n into sub #n (and back).
  if (v < 0n) {
    v = -v;
    opFinal ^= 1;
  }
  let shifted = sh?.amount === 12n;
  if (!sh && v > 4095n && (v & 0xfffn) === 0n && v >> 12n <= 4095n) {
    v >>= 12n;
    shifted = true;
  }
  if (v > 4095n) {
    throw new AsmError(`immediate ${hex(v)} out of range for '${o.mnemonic}' (0..4095, optionally lsl #12)`);
  }
  return encode(`${ADD_SUB[opFinal * 2 + s]}_imm`, { sf, sh: shifted ? 1 : 0, imm12: Number(v), rn: rn.n, rd: rd.n });
}

const addSubHandler = (op: number, s: number): Handler => (o: Ops) => {
  o.expect(3, 4);
  const rd = o.gpr(0, { sp: !s });
  return addSub(o, op, s, rd, 0, 1);
};

const compareHandler = (op: number): Handler => (o: Ops) => {
  o.expect(2, 3);
  const rn = o.gpr(0, { sp: true });
  return addSub(o, op, 1, zr(rn.width), -1, 0);
};

const negHandler = (s: number): Handler => (o: Ops) => {
  o.expect(2, 3);
  const rd = o.gpr(0);
  const rm = o.gpr(1, { width: rd.width });
  const sh = o.shift(2);
  if (o.length > 2 && !sh) o.fail(2, 'a shift (lsl/lsr/asr)');
  const type = sh ? shiftType(sh.op) : 0;
  if (type < 0 || type === 3) o.fail(2, 'lsl, lsr or asr');
  const amount = sh?.amount ?? 0n;
  if (amount < 0n || amount >= BigInt(rd.width)) throw new AsmError(`shift amount ${amount} out of range for '${o.mnemonic}'`);
  return encode(s ? 'SUBS_sreg' : 'SUB_sreg', { sf: sfOf(rd), shift: type, rm: rm.n, imm6: Number(amount), rn: 31, rd: rd.n });
};

// ---- logical ----

const LOGICAL_IMM = ['AND_imm', 'ORR_imm', 'EOR_imm', 'ANDS_imm'];
const LOGICAL_REG = ['AND_sreg', 'BIC_sreg', 'ORR_sreg', 'ORN_sreg', 'EOR_sreg', 'EON_sreg', 'ANDS_sreg', 'BICS_sreg'];

export function bitmaskFields(o: Ops, i: number, v: bigint, width: 32 | 64) {
  const fitted = fitWidth(v, width);
  const bm = fitted === undefined ? undefined : encodeBitmask(fitted, width);
  if (!bm) throw new AsmError(`immediate ${hex(v)} cannot be encoded as a ${width}-bit bitmask immediate for '${o.mnemonic}'`);
  return bm;
}

function logical(o: Ops, opc: number, invert: number, rd: GprReg, rdIdx: number, rnIdx: number): Assembled {
  const rn = o.gpr(rnIdx, { width: rd.width });
  const mIdx = rnIdx + 1;
  const sf = sfOf(rd);
  if (o.reg(mIdx)) {
    const rm = o.gpr(mIdx, { width: rd.width });
    if (o.length > mIdx + 2) o.expect(mIdx + 2);
    const sh = o.shift(mIdx + 1);
    if (o.length > mIdx + 1 && !sh) o.fail(mIdx + 1, 'a shift (lsl, lsr, asr, ror)');
    const type = sh ? shiftType(sh.op) : 0;
    if (type < 0) o.fail(mIdx + 1, 'lsl, lsr, asr or ror');
    const amount = sh?.amount ?? 0n;
    if (amount < 0n || amount >= BigInt(rd.width)) {
      throw new AsmError(`shift amount ${amount} out of range for '${o.mnemonic}' (0..${rd.width - 1})`);
    }
    check31(o, rdIdx, rd, false);
    return encode(LOGICAL_REG[opc * 2 + invert], { sf, shift: type, rm: rm.n, imm6: Number(amount), rn: rn.n, rd: rd.n });
  }
  o.expect(mIdx + 1);
  check31(o, rdIdx, rd, opc !== 3);
  let v = o.imm(mIdx, 'a bitmask immediate or register');
  if (invert) v = ~v;
  const bm = bitmaskFields(o, mIdx, v, rd.width);
  return encode(LOGICAL_IMM[opc], { sf, N: bm.n, immr: bm.immr, imms: bm.imms, rn: rn.n, rd: rd.n });
}

const logicalHandler = (opc: number, invert: number): Handler => (o: Ops) => {
  o.expect(3, 4);
  const rd = o.gpr(0, { sp: opc !== 3 && !o.reg(2) });
  return logical(o, opc, invert, rd, 0, 1);
};

const tstHandler: Handler = (o: Ops) => {
  o.expect(2, 3);
  const rn = o.gpr(0);
  return logical(o, 3, 0, zr(rn.width), -1, 0);
};

// ---- moves ----

function movImmediate(o: Ops, rd: GprReg): Assembled {
  const v = o.imm(1, 'an immediate or register');
  const fitted = fitWidth(v, rd.width);
  if (fitted !== undefined && !rd.sp) {
    const z = movzFields(fitted, rd.width);
    if (z) return encode('MOVZ', { sf: sfOf(rd), hw: z.hw, imm16: z.imm16, rd: rd.n });
    const n = movnFields(fitted, rd.width);
    if (n) return encode('MOVN', { sf: sfOf(rd), hw: n.hw, imm16: n.imm16, rd: rd.n });
  }
  const bm = fitted === undefined ? undefined : encodeBitmask(fitted, rd.width);
  if (!bm) throw new AsmError(`immediate ${hex(v)} cannot be moved by a single instruction ('${o.mnemonic}')`);
  return encode('ORR_imm', { sf: sfOf(rd), N: bm.n, immr: bm.immr, imms: bm.imms, rn: 31, rd: rd.n });
}

export function movGeneral(o: Ops): Assembled {
  const rd = o.gpr(0, { sp: true });
  if (o.reg(1)) {
    const rm = o.gpr(1, { width: rd.width, sp: true });
    const rdSp = rd.n === 31 && rd.sp;
    const rmSp = rm.n === 31 && rm.sp;
    if (rdSp || rmSp) {
      check31(o, 0, rd, true);
      check31(o, 1, rm, true);
      return encode('ADD_imm', { sf: sfOf(rd), sh: 0, imm12: 0, rn: rm.n, rd: rd.n });
    }
    return encode('ORR_sreg', { sf: sfOf(rd), shift: 0, rm: rm.n, imm6: 0, rn: 31, rd: rd.n });
  }
  return movImmediate(o, rd);
}

const MOVW_RELOC: Readonly<Record<string, { group: number; kind: 'u' | 'nc' | 's'; type: RelocType }>> = {
  abs_g0: { group: 0, kind: 'u', type: 'MOVW_UABS_G0' },
  abs_g0_nc: { group: 0, kind: 'nc', type: 'MOVW_UABS_G0_NC' },
  abs_g0_s: { group: 0, kind: 's', type: 'MOVW_SABS_G0' },
  abs_g1: { group: 1, kind: 'u', type: 'MOVW_UABS_G1' },
  abs_g1_nc: { group: 1, kind: 'nc', type: 'MOVW_UABS_G1_NC' },
  abs_g1_s: { group: 1, kind: 's', type: 'MOVW_SABS_G1' },
  abs_g2: { group: 2, kind: 'u', type: 'MOVW_UABS_G2' },
  abs_g2_nc: { group: 2, kind: 'nc', type: 'MOVW_UABS_G2_NC' },
  abs_g2_s: { group: 2, kind: 's', type: 'MOVW_SABS_G2' },
  abs_g3: { group: 3, kind: 'u', type: 'MOVW_UABS_G3' },
};

const moveWideHandler = (opc: number): Handler => (o: Ops) => {
  o.expect(2, 3);
  const rd = o.gpr(0);
  const sf = sfOf(rd);
  const id = ['MOVN', '', 'MOVZ', 'MOVK'][opc];
  const { expr, modifier } = o.expr(1, 'a 16-bit immediate');
  if (modifier) {
    if (o.length > 2) o.fail(2, 'absent: a relocation operator already selects the shift');
    const reloc = MOVW_RELOC[modifier];
    if (!reloc) o.fail(1, 'an immediate or #:abs_gN[_nc|_s]:expr');
    if (reloc.group >= 2 && !sf) o.fail(1, `an immediate or :abs_g0/1…: (:${modifier}: needs a 64-bit register)`);
    if (reloc.kind === 's' && opc === 3) o.fail(1, `an immediate or :abs_gN[_nc]: (:${modifier}: is not allowed for movk)`);
    const value = o.env.evaluate(expr);
    if (value.kind !== 'const') {
      return encode(id, { sf, hw: reloc.group, imm16: 0, rd: rd.n }, { type: reloc.type, value });
    }
    const v = toBig(value);
    const bits = 16n * BigInt(reloc.group + 1);
    if (reloc.kind === 'u' && reloc.group < 3 && (v < 0n || v >= 1n << bits)) {
      throw new AsmError(`value ${hex(v)} out of range for :${modifier}: (0..${hex((1n << bits) - 1n)})`);
    }
    if (reloc.kind === 's' && (v < -(1n << (bits - 1n)) || v >= 1n << (bits - 1n))) {
      throw new AsmError(`value ${hex(v)} out of range for :${modifier}: (signed ${bits}-bit)`);
    }
    const shiftBy = BigInt(reloc.group * 16);
    if (reloc.kind === 's') {
      const negative = v < 0n;
      const imm16 = Number(lowBits((negative ? ~v : v) >> shiftBy, 16));
      return encode(negative ? 'MOVN' : 'MOVZ', { sf, hw: reloc.group, imm16, rd: rd.n });
    }
    return encode(id, { sf, hw: reloc.group, imm16: Number(lowBits(v >> shiftBy, 16)), rd: rd.n });
  }
  const v = o.constOf(expr, 1, 'a constant 16-bit immediate');
  let hw = 0;
  const sh = o.shift(2);
  if (o.length > 2) {
    if (!sh || sh.op !== 'lsl' || sh.amount === undefined) o.fail(2, 'lsl #0, #16, #32 or #48');
    const amount = Number(sh.amount);
    if (amount % 16 !== 0 || amount < 0 || amount >= rd.width) {
      throw new AsmError(`shift amount ${amount} for '${o.mnemonic}' must be ${rd.width === 64 ? '0, 16, 32 or 48' : '0 or 16'}`);
    }
    hw = amount / 16;
  }
  if (v < 0n || v > 0xffffn) throw new AsmError(`immediate ${hex(v)} out of range for '${o.mnemonic}' (0..0xffff)`);
  return encode(id, { sf, hw, imm16: Number(v), rd: rd.n });
};

// ---- bitfield ----

function bitfield(o: Ops, id: string, rd: GprReg, rn: GprReg, immr: number, imms: number): Assembled {
  const sf = sfOf(rd);
  return encode(id, { sf, N: sf, immr, imms, rn: rn.n, rd: rd.n });
}

const bitfieldRaw = (id: string): Handler => (o: Ops) => {
  o.expect(4);
  const rd = o.gpr(0);
  const rn = o.gpr(1, { width: rd.width });
  const immr = o.immIn(2, 0, rd.width - 1, `immr of '${o.mnemonic}'`);
  const imms = o.immIn(3, 0, rd.width - 1, `imms of '${o.mnemonic}'`);
  return bitfield(o, id, rd, rn, immr, imms);
};

/** ubfx/sbfx/bfxil (extract) and ubfiz/sbfiz/bfi (insert): #lsb, #width. */
const bitfieldLsbWidth = (id: string, insert: boolean): Handler => (o: Ops) => {
  o.expect(4);
  const rd = o.gpr(0);
  const rn = o.gpr(1, { width: rd.width });
  const w = rd.width;
  const lsb = o.immIn(2, 0, w - 1, `lsb of '${o.mnemonic}'`);
  const width = o.immIn(3, 1, w - lsb, `width of '${o.mnemonic}'`);
  return insert ? bitfield(o, id, rd, rn, (w - lsb) % w, width - 1) : bitfield(o, id, rd, rn, lsb, lsb + width - 1);
};

const bfcHandler: Handler = (o: Ops) => {
  o.expect(3);
  const rd = o.gpr(0);
  const w = rd.width;
  const lsb = o.immIn(1, 0, w - 1, `lsb of '${o.mnemonic}'`);
  const width = o.immIn(2, 1, w - lsb, `width of '${o.mnemonic}'`);
  o.requireFeature(BFC_FEATURE);
  return bitfield(o, 'BFM', rd, zr(rd.width), (w - lsb) % w, width - 1);
};

const extendHandler = (signed: boolean, imms: number): Handler => (o: Ops) => {
  o.expect(2);
  const rd = o.gpr(0, signed && imms === 31 ? { width: 64 } : {});
  const rn = o.gpr(1, { width: 32 });
  // gas takes `uxtb x0, w1` as the W form (a W write zero-extends anyway) and `uxtw x0, w1` as `mov w0, w1`.
  if (!signed && imms === 31) return encode('ORR_sreg', { sf: 0, shift: 0, rm: rn.n, imm6: 0, rn: 31, rd: rd.n });
  const dest: GprReg = signed ? rd : { ...rd, width: 32 };
  return bitfield(o, signed ? 'SBFM' : 'UBFM', dest, rn, 0, imms);
};

const shiftHandler = (type: number): Handler => (o: Ops) => {
  o.expect(3);
  const rd = o.gpr(0);
  const rn = o.gpr(1, { width: rd.width });
  const sf = sfOf(rd);
  if (o.reg(2)) {
    const rm = o.gpr(2, { width: rd.width });
    return encode(['LSLV', 'LSRV', 'ASRV', 'RORV'][type], { sf, rm: rm.n, rn: rn.n, rd: rd.n });
  }
  const w = rd.width;
  const sh = o.immIn(2, 0, w - 1, `shift amount of '${o.mnemonic}'`);
  switch (type) {
    case 0:
      return bitfield(o, 'UBFM', rd, rn, (w - sh) % w, w - 1 - sh);
    case 1:
      return bitfield(o, 'UBFM', rd, rn, sh, w - 1);
    case 2:
      return bitfield(o, 'SBFM', rd, rn, sh, w - 1);
    default:
      return encode('EXTR', { sf, N: sf, rm: rn.n, imms: sh, rn: rn.n, rd: rd.n });
  }
};

const extrHandler: Handler = (o: Ops) => {
  o.expect(4);
  const rd = o.gpr(0);
  const rn = o.gpr(1, { width: rd.width });
  const rm = o.gpr(2, { width: rd.width });
  const lsb = o.immIn(3, 0, rd.width - 1, `lsb of '${o.mnemonic}'`);
  const sf = sfOf(rd);
  return encode('EXTR', { sf, N: sf, rm: rm.n, imms: lsb, rn: rn.n, rd: rd.n });
};

// ---- conditional ----

const condSelectHandler = (id: string): Handler => (o: Ops) => {
  o.expect(4);
  const rd = o.gpr(0);
  const rn = o.gpr(1, { width: rd.width });
  const rm = o.gpr(2, { width: rd.width });
  return encode(id, { sf: sfOf(rd), rm: rm.n, cond: condition(o, 3), rn: rn.n, rd: rd.n });
};

/** cset/csetm: Rd, cond. */
const condSetHandler = (id: string): Handler => (o: Ops) => {
  o.expect(2);
  const rd = o.gpr(0);
  return encode(id, { sf: sfOf(rd), rm: 31, cond: invertCondition(condition(o, 1, false)), rn: 31, rd: rd.n });
};

/** cinc/cinv/cneg: Rd, Rn, cond. */
const condOpHandler = (id: string): Handler => (o: Ops) => {
  o.expect(3);
  const rd = o.gpr(0);
  const rn = o.gpr(1, { width: rd.width });
  return encode(id, { sf: sfOf(rd), rm: rn.n, cond: invertCondition(condition(o, 2, false)), rn: rn.n, rd: rd.n });
};

const condCompareHandler = (name: string): Handler => (o: Ops) => {
  o.expect(4);
  const rn = o.gpr(0);
  const sf = sfOf(rn);
  const nzcv = o.immIn(2, 0, 15, `nzcv of '${o.mnemonic}'`);
  const c = condition(o, 3);
  if (o.reg(1)) {
    const rm = o.gpr(1, { width: rn.width });
    return encode(`${name}_reg`, { sf, rm: rm.n, cond: c, rn: rn.n, nzcv });
  }
  const imm5 = o.immIn(1, 0, 31, `immediate of '${o.mnemonic}'`);
  return encode(`${name}_imm`, { sf, imm5, cond: c, rn: rn.n, nzcv });
};

// ---- multiply, divide, misc ----

const dp3Handler = (id: string, long: boolean, withRa: boolean): Handler => (o: Ops) => {
  o.expect(withRa ? 4 : 3);
  const rd = o.gpr(0, long ? { width: 64 } : {});
  const srcWidth = long ? 32 : rd.width;
  const rn = o.gpr(1, { width: srcWidth });
  const rm = o.gpr(2, { width: srcWidth });
  const ra = withRa ? o.gpr(3, { width: rd.width }).n : 31;
  return encode(id, long ? { rm: rm.n, ra, rn: rn.n, rd: rd.n } : { sf: sfOf(rd), rm: rm.n, ra, rn: rn.n, rd: rd.n });
};

const mulHighHandler = (id: string): Handler => (o: Ops) => {
  o.expect(3);
  const rd = o.gpr(0, { width: 64 });
  const rn = o.gpr(1, { width: 64 });
  const rm = o.gpr(2, { width: 64 });
  return encode(id, { rm: rm.n, rn: rn.n, rd: rd.n });
};

const dp2Handler = (id: string): Handler => (o: Ops) => {
  o.expect(3);
  const rd = o.gpr(0);
  const rn = o.gpr(1, { width: rd.width });
  const rm = o.gpr(2, { width: rd.width });
  return encode(id, { sf: sfOf(rd), rm: rm.n, rn: rn.n, rd: rd.n });
};

const dp1Handler = (id: string | ((rd: GprReg) => string), only?: 32 | 64): Handler => (o: Ops) => {
  o.expect(2);
  const rd = o.gpr(0, only ? { width: only } : {});
  const rn = o.gpr(1, { width: rd.width });
  const formId = typeof id === 'string' ? id : id(rd);
  const fixed = formId === 'REV_w' || formId === 'REV_x' || formId === 'REV32';
  return encode(formId, fixed ? { rn: rn.n, rd: rd.n } : { sf: sfOf(rd), rn: rn.n, rd: rd.n });
};

const carryHandler = (id: string): Handler => (o: Ops) => {
  o.expect(3);
  const rd = o.gpr(0);
  const rn = o.gpr(1, { width: rd.width });
  const rm = o.gpr(2, { width: rd.width });
  return encode(id, { sf: sfOf(rd), rm: rm.n, rn: rn.n, rd: rd.n });
};

const ngcHandler = (id: string): Handler => (o: Ops) => {
  o.expect(2);
  const rd = o.gpr(0);
  const rm = o.gpr(1, { width: rd.width });
  return encode(id, { sf: sfOf(rd), rm: rm.n, rn: 31, rd: rd.n });
};

export function mvnGeneral(o: Ops): Assembled {
  o.expect(2, 3);
  const rd = o.gpr(0);
  const rm = o.gpr(1, { width: rd.width });
  const sh = o.shift(2);
  if (o.length > 2 && !sh) o.fail(2, 'a shift (lsl, lsr, asr, ror)');
  const type = sh ? shiftType(sh.op) : 0;
  if (type < 0) o.fail(2, 'lsl, lsr, asr or ror');
  const amount = sh?.amount ?? 0n;
  if (amount < 0n || amount >= BigInt(rd.width)) throw new AsmError(`shift amount ${amount} out of range for '${o.mnemonic}'`);
  return encode('ORN_sreg', { sf: sfOf(rd), shift: type, rm: rm.n, imm6: Number(amount), rn: 31, rd: rd.n });
}

const adrHandler = (page: boolean): Handler => (o: Ops) => {
  o.expect(2);
  const rd = o.gpr(0, { width: 64 });
  const { expr, modifier } = o.expr(1, 'a label');
  if (modifier && !(page && (modifier === 'pg_hi21' || modifier === 'got'))) o.fail(1, 'a label');
  const value = o.env.evaluate(expr);
  const type = !page ? 'ADR_PREL_LO21' : modifier === 'got' ? 'ADR_GOT_PAGE' : 'ADR_PREL_PG_HI21';
  return encode(page ? 'ADRP' : 'ADR', { immlo: 0, immhi: 0, rd: rd.n }, { type, value });
};

export const DP_HANDLERS: Readonly<Record<string, Handler>> = {
  add: addSubHandler(0, 0),
  adds: addSubHandler(0, 1),
  sub: addSubHandler(1, 0),
  subs: addSubHandler(1, 1),
  cmp: compareHandler(1),
  cmn: compareHandler(0),
  neg: negHandler(0),
  negs: negHandler(1),
  and: logicalHandler(0, 0),
  bic: logicalHandler(0, 1),
  orr: logicalHandler(1, 0),
  orn: logicalHandler(1, 1),
  eor: logicalHandler(2, 0),
  eon: logicalHandler(2, 1),
  ands: logicalHandler(3, 0),
  bics: logicalHandler(3, 1),
  tst: tstHandler,
  movz: moveWideHandler(2),
  movn: moveWideHandler(0),
  movk: moveWideHandler(3),
  sbfm: bitfieldRaw('SBFM'),
  bfm: bitfieldRaw('BFM'),
  ubfm: bitfieldRaw('UBFM'),
  sbfx: bitfieldLsbWidth('SBFM', false),
  ubfx: bitfieldLsbWidth('UBFM', false),
  bfxil: bitfieldLsbWidth('BFM', false),
  sbfiz: bitfieldLsbWidth('SBFM', true),
  ubfiz: bitfieldLsbWidth('UBFM', true),
  bfi: bitfieldLsbWidth('BFM', true),
  bfc: bfcHandler,
  sxtb: extendHandler(true, 7),
  sxth: extendHandler(true, 15),
  sxtw: extendHandler(true, 31),
  uxtb: extendHandler(false, 7),
  uxth: extendHandler(false, 15),
  uxtw: extendHandler(false, 31),
  lsl: shiftHandler(0),
  lsr: shiftHandler(1),
  asr: shiftHandler(2),
  ror: shiftHandler(3),
  lslv: dp2Handler('LSLV'),
  lsrv: dp2Handler('LSRV'),
  asrv: dp2Handler('ASRV'),
  rorv: dp2Handler('RORV'),
  udiv: dp2Handler('UDIV'),
  sdiv: dp2Handler('SDIV'),
  extr: extrHandler,
  csel: condSelectHandler('CSEL'),
  csinc: condSelectHandler('CSINC'),
  csinv: condSelectHandler('CSINV'),
  csneg: condSelectHandler('CSNEG'),
  cset: condSetHandler('CSINC'),
  csetm: condSetHandler('CSINV'),
  cinc: condOpHandler('CSINC'),
  cinv: condOpHandler('CSINV'),
  cneg: condOpHandler('CSNEG'),
  ccmp: condCompareHandler('CCMP'),
  ccmn: condCompareHandler('CCMN'),
  madd: dp3Handler('MADD', false, true),
  msub: dp3Handler('MSUB', false, true),
  mul: dp3Handler('MADD', false, false),
  mneg: dp3Handler('MSUB', false, false),
  smaddl: dp3Handler('SMADDL', true, true),
  smsubl: dp3Handler('SMSUBL', true, true),
  umaddl: dp3Handler('UMADDL', true, true),
  umsubl: dp3Handler('UMSUBL', true, true),
  smull: dp3Handler('SMADDL', true, false),
  smnegl: dp3Handler('SMSUBL', true, false),
  umull: dp3Handler('UMADDL', true, false),
  umnegl: dp3Handler('UMSUBL', true, false),
  smulh: mulHighHandler('SMULH'),
  umulh: mulHighHandler('UMULH'),
  rbit: dp1Handler('RBIT'),
  rev16: dp1Handler('REV16'),
  rev32: dp1Handler('REV32', 64),
  rev: dp1Handler((rd) => (rd.width === 64 ? 'REV_x' : 'REV_w')),
  rev64: dp1Handler('REV_x', 64),
  clz: dp1Handler('CLZ'),
  cls: dp1Handler('CLS'),
  adc: carryHandler('ADC'),
  adcs: carryHandler('ADCS'),
  sbc: carryHandler('SBC'),
  sbcs: carryHandler('SBCS'),
  ngc: ngcHandler('SBC'),
  ngcs: ngcHandler('SBCS'),
  adr: adrHandler(false),
  adrp: adrHandler(true),
};

