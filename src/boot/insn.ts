// The kernel's instruction helpers the patching code uses (arch/arm64/lib/insn.c: aarch64_insn_gen_*,
// the branch and ADRP offset accessors, aarch64_insn_uses_literal), over hypsim's form table.
import { decode, encodeBitmask, formById } from '../a64/index.js';
import { packForm } from '../a64/form.js';

/** AARCH64_BREAK_FAULT: what the kernel's generators return when they cannot encode. */
export class InsnError extends Error {}

const pack = (id: string, fields: Record<string, number>) => packForm(formById(id), fields);
const sext = (v: number, bits: number) => (v << (32 - bits)) >> (32 - bits);

export const genNop = (): number => pack('HINT', { imm7: 0 });

export const decodeRd = (insn: number): number => insn & 0x1f;
export const decodeRn = (insn: number): number => (insn >>> 5) & 0x1f;

/** MOVZ/MOVK Xd, #imm16, LSL #shift (aarch64_insn_gen_movewide, 64-bit). */
export function genMovewide(rd: number, imm16: number, shift: 0 | 16 | 32 | 48, kind: 'zero' | 'keep'): number {
  return pack(kind === 'zero' ? 'MOVZ' : 'MOVK', { sf: 1, hw: shift / 16, imm16: imm16 & 0xffff, rd });
}

/** EXTR Xd, Xn, Xm, #lsb (ROR when Rm = Rn). */
export function genExtr(rm: number, rn: number, rd: number, lsb: number): number {
  if (lsb < 0 || lsb > 63) throw new InsnError(`extr: lsb ${lsb} out of range`);
  return pack('EXTR', { sf: 1, N: 1, rm, imms: lsb, rn, rd });
}

/** AND/ORR with a bitmask immediate (aarch64_insn_gen_logical_immediate). */
export function genLogicalImm(op: 'and' | 'orr', width: 32 | 64, rn: number, rd: number, imm: bigint): number {
  const enc = encodeBitmask(imm, width);
  if (enc === undefined) throw new InsnError(`${op}: 0x${imm.toString(16)} is not a bitmask immediate`);
  return pack(op === 'and' ? 'AND_imm' : 'ORR_imm', { sf: width === 64 ? 1 : 0, N: enc.n, immr: enc.immr, imms: enc.imms, rn, rd });
}

/** ADD Xd, Xn, #imm: imm below 4K, or a multiple of 4K below 16M (shifted by 12). */
export function genAddImm(rd: number, rn: number, imm: number): number {
  let sh = 0;
  let v = imm;
  if (v & ~0xfff) {
    if (v & 0xfff) throw new InsnError(`add: 0x${imm.toString(16)} cannot be encoded`);
    v >>>= 12;
    sh = 1;
  }
  if (v & ~0xfff) throw new InsnError(`add: 0x${imm.toString(16)} out of range`);
  return pack('ADD_imm', { sf: 1, sh, imm12: v, rn, rd });
}

export const genBranchReg = (rn: number): number => pack('BR', { rn });

/** B from pc to target (aarch64_insn_gen_branch_imm, no link). */
export function genBranchImm(pc: bigint, target: bigint): number {
  const offset = BigInt.asIntN(64, target - pc);
  if ((offset & 3n) !== 0n || offset < -(1n << 27n) || offset >= 1n << 27n) throw new InsnError(`b: offset ${offset} out of range`);
  return pack('B', { imm26: Number(BigInt.asUintN(26, offset >> 2n)) });
}

const BRANCH_FIELDS: Readonly<Record<string, readonly [string, number]>> = {
  B: ['imm26', 26], BL: ['imm26', 26], CBZ: ['imm19', 19], CBNZ: ['imm19', 19], B_cond: ['imm19', 19], TBZ: ['imm14', 14], TBNZ: ['imm14', 14],
};

function branchField(insn: number): { lsb: number; bits: number } | undefined {
  const d = decode(insn);
  const f = d && BRANCH_FIELDS[d.id];
  return f && { lsb: d.form.fields[f[0]].lsb, bits: f[1] };
}

export const isBranchImm = (insn: number): boolean => branchField(insn) !== undefined;

export function getBranchOffset(insn: number): number {
  const f = branchField(insn);
  if (!f) throw new InsnError(`0x${insn.toString(16)} is not an immediate branch`);
  return sext((insn >>> f.lsb) & ((1 << f.bits) - 1), f.bits) * 4;
}

/** aarch64_set_branch_offset: the field takes offset >> 2, truncated to its width. */
export function setBranchOffset(insn: number, offset: number): number {
  const f = branchField(insn);
  if (!f) throw new InsnError(`0x${insn.toString(16)} is not an immediate branch`);
  const mask = ((1 << f.bits) - 1) << f.lsb;
  return ((insn & ~mask) | (((offset >> 2) << f.lsb) & mask)) >>> 0;
}

export const isAdrp = (insn: number): boolean => decode(insn)?.id === 'ADRP';

/** aarch64_insn_adrp_get_offset: the 21-bit page field << 12, as the kernel's s32. */
export function adrpGetOffset(insn: number): number {
  const imm = (((insn >>> 5) & 0x7ffff) << 2) | ((insn >>> 29) & 3);
  return (imm << 12) | 0;
}

export function adrpSetOffset(insn: number, offset: number): number {
  const imm = (offset >> 12) & 0x1fffff;
  return ((insn & ~((0x7ffff << 5) | (3 << 29))) | ((imm >>> 2) << 5) | ((imm & 3) << 29)) >>> 0;
}

const LITERAL_IDS = new Set(['LDR_w_lit', 'LDR_x_lit', 'LDRSW_lit', 'PRFM_lit', 'ADR', 'ADRP']);

/** ldr/ldrsw (literal), prfm (literal), adr, adrp: PC-relative forms the copy cannot move. */
export const usesLiteral = (insn: number): boolean => LITERAL_IDS.has(decode(insn)?.id ?? '');
