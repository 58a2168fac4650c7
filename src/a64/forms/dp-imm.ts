// Data processing — immediate: PC-relative addressing, add/sub, logical, move wide, bitfield, extract.
import { decodeBitmask, encodeBitmask } from '../bitmask.js';
import { sext } from '../bits.js';
import type { Alias, Fields, FormDef } from '../form.js';
import { movzFields, moveWideValue } from '../immediates.js';
import { hex, imm, rsf, target, wreg, xreg, type Operand } from '../operands.js';

const width = (f: Fields): 32 | 64 => (f.sf ? 64 : 32);
const alias = (mnemonic: string, ...operands: Operand[]): Alias => ({ mnemonic, operands });

function addSubImm(id: string, mnemonic: string, op: number, s: number): FormDef {
  return {
    id,
    mnemonic,
    cls: 'alu',
    pattern: `sf:1 ${op}${s} 100010 sh:1 imm12:12 rn:5 rd:5`,
    operands: (f) => [rsf(f.rd, f.sf, !s), rsf(f.rn, f.sf, true), hex(f.imm12, { lsl: f.sh * 12, reloc: true })],
    alias: (f, ops) => {
      if (id === 'ADD_imm' && f.sh === 0 && f.imm12 === 0 && (f.rd === 31 || f.rn === 31)) return alias('mov', ops[0], ops[1]);
      if (s && f.rd === 31) return alias(op ? 'cmp' : 'cmn', ops[1], ops[2]);
      return undefined;
    },
  };
}

function logicalImm(id: string, mnemonic: string, opc: number): FormDef {
  return {
    id,
    mnemonic,
    cls: 'alu',
    pattern: `sf:1 ${opc >> 1}${opc & 1} 100100 N:1 immr:6 imms:6 rn:5 rd:5`,
    valid: (f) => decodeBitmask(f.N, f.immr, f.imms, width(f)) !== undefined,
    nonCanonical: (f) => {
      const e = encodeBitmask(decodeBitmask(f.N, f.immr, f.imms, width(f)) ?? 0n, width(f));
      return !e || e.n !== f.N || e.immr !== f.immr || e.imms !== f.imms;
    },
    operands: (f) => [
      rsf(f.rd, f.sf, opc !== 3),
      rsf(f.rn, f.sf),
      hex(decodeBitmask(f.N, f.immr, f.imms, width(f)) ?? 0n),
    ],
    alias: (f, ops) => {
      // gas turns `mov Rd, #imm` into MOVZ, else MOVN, else ORR: only print `mov` when it comes back as ORR.
      if (opc === 1 && f.rn === 31) {
        const v = decodeBitmask(f.N, f.immr, f.imms, width(f)) ?? 0n;
        if (!movzFields(v, width(f)) && !movzFields(~v, width(f))) return alias('mov', ops[0], ops[2]);
      }
      if (opc === 3 && f.rd === 31) return alias('tst', ops[1], ops[2]);
      return undefined;
    },
  };
}

function moveWide(id: string, mnemonic: string, opc: number): FormDef {
  return {
    id,
    mnemonic,
    cls: 'alu',
    pattern: `sf:1 ${opc >> 1}${opc & 1} 100101 hw:2 imm16:16 rd:5`,
    valid: (f) => f.sf === 1 || f.hw < 2,
    operands: (f) => [rsf(f.rd, f.sf), hex(f.imm16, { lsl: f.hw * 16, reloc: true })],
    alias: (f, ops) => {
      if (opc === 3 || (f.imm16 === 0 && f.hw !== 0)) return undefined;
      const v = moveWideValue(f.imm16, f.hw, opc === 0, width(f));
      if (opc === 0 && movzFields(v, width(f))) return undefined;
      return alias('mov', ops[0], hex(v));
    },
  };
}

/** gas takes the `bfc` spelling from ARMv8.2. */
export const BFC_FEATURE = 'v8.2';

function bitfieldAlias(opc: number, f: Fields): Alias {
  const w = width(f);
  const rd = rsf(f.rd, f.sf);
  const rn = rsf(f.rn, f.sf);
  const { immr, imms } = f;
  const insert = (m: string) => alias(m, rd, rn, imm((w - immr) % w), imm(imms + 1));
  const extract = (m: string) => alias(m, rd, rn, imm(immr), imm(imms - immr + 1));
  if (opc === 1 && imms < immr && f.rn === 31) {
    return { ...alias('bfc', rd, imm((w - immr) % w), imm(imms + 1)), feature: BFC_FEATURE, fallback: insert('bfi') };
  }
  if (opc === 1) return imms < immr ? insert('bfi') : extract('bfxil');
  if (imms === w - 1) return alias(opc ? 'lsr' : 'asr', rd, rn, imm(immr));
  if (opc === 2 && imms + 1 === immr) return alias('lsl', rd, rn, imm(w - 1 - imms));
  if (imms < immr) return insert(opc ? 'ubfiz' : 'sbfiz');
  if (immr === 0 && (imms === 7 || imms === 15 || (imms === 31 && opc === 0))) {
    const ext = `${opc ? 'u' : 's'}xt${imms === 7 ? 'b' : imms === 15 ? 'h' : 'w'}`;
    if (opc === 0 || f.sf === 0) return alias(ext, rd, wreg(f.rn));
  }
  return extract(opc ? 'ubfx' : 'sbfx');
}

function bitfield(id: string, mnemonic: string, opc: number): FormDef {
  return {
    id,
    mnemonic,
    cls: 'alu',
    pattern: `sf:1 ${opc >> 1}${opc & 1} 100110 N:1 immr:6 imms:6 rn:5 rd:5`,
    valid: (f) => f.N === f.sf && (f.sf === 1 || (f.immr < 32 && f.imms < 32)),
    operands: (f) => [rsf(f.rd, f.sf), rsf(f.rn, f.sf), imm(f.immr), imm(f.imms)],
    alias: (f) => bitfieldAlias(opc, f),
  };
}

export const DP_IMM_FORMS: readonly FormDef[] = [
  {
    id: 'ADR',
    mnemonic: 'adr',
    cls: 'alu',
    pattern: '0 immlo:2 10000 immhi:19 rd:5',
    operands: (f) => [xreg(f.rd), target(sext((f.immhi << 2) | f.immlo, 21))],
  },
  {
    id: 'ADRP',
    mnemonic: 'adrp',
    cls: 'alu',
    pattern: '1 immlo:2 10000 immhi:19 rd:5',
    operands: (f) => [xreg(f.rd), target(sext((f.immhi << 2) | f.immlo, 21) * 4096, true)],
  },
  addSubImm('ADD_imm', 'add', 0, 0),
  addSubImm('ADDS_imm', 'adds', 0, 1),
  addSubImm('SUB_imm', 'sub', 1, 0),
  addSubImm('SUBS_imm', 'subs', 1, 1),
  logicalImm('AND_imm', 'and', 0),
  logicalImm('ORR_imm', 'orr', 1),
  logicalImm('EOR_imm', 'eor', 2),
  logicalImm('ANDS_imm', 'ands', 3),
  moveWide('MOVN', 'movn', 0),
  moveWide('MOVZ', 'movz', 2),
  moveWide('MOVK', 'movk', 3),
  bitfield('SBFM', 'sbfm', 0),
  bitfield('BFM', 'bfm', 1),
  bitfield('UBFM', 'ubfm', 2),
  {
    id: 'EXTR',
    mnemonic: 'extr',
    cls: 'alu',
    pattern: 'sf:1 00 100111 N:1 0 rm:5 imms:6 rn:5 rd:5',
    valid: (f) => f.N === f.sf && (f.sf === 1 || f.imms < 32),
    operands: (f) => [rsf(f.rd, f.sf), rsf(f.rn, f.sf), rsf(f.rm, f.sf), imm(f.imms)],
    alias: (f, ops) => (f.rn === f.rm ? alias('ror', ops[0], ops[1], ops[3]) : undefined),
  },
];
