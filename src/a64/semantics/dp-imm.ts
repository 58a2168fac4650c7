// Data processing — immediate: PC-relative addresses, add/sub, logical, move wide, bitfield, extract.
import { decodeBitmask } from '../bitmask.js';
import { sext } from '../bits.js';
import { X, xr, xw, type Cpu } from '../cpu.js';
import type { Fields } from '../form.js';
import { add64, addFlags32, addFlags64, logicFlags32, logicFlags64, rhi, ror64 } from './alu.js';
import { pcRelative, words, type Op, type Semantic, type SemanticTable } from './common.js';

/** Word index of a register that reads or writes SP as register 31, resolved per execution. */
const spOr = (m: Cpu, n: number, isSp: boolean): number => (isSp ? m.spIdx : n);

function writeConstant(d: number, lo: number, hi: number): Op {
  return (m) => {
    m.r[d] = lo;
    m.r[d + 1] = hi;
  };
}

const adr: Semantic = (f, site) => {
  const [lo, hi] = pcRelative(site, sext((f.immhi << 2) | f.immlo, 21));
  return writeConstant(xw(f.rd), lo, hi);
};

const adrp: Semantic = (f, site) => {
  const page = { ...site, lo: site.lo & ~0xfff };
  const [lo, hi] = pcRelative(page, BigInt(sext((f.immhi << 2) | f.immlo, 21)) * 4096n);
  return writeConstant(xw(f.rd), lo, hi);
};

function addSubImm(sub: boolean, setFlags: boolean): Semantic {
  return (f) => {
    const imm = f.imm12 << (f.sh * 12);
    const [blo, bhi, cin] = sub ? [~imm, -1, 1] : [imm, 0, 0];
    const n = X + 2 * f.rn;
    const nSp = f.rn === 31;
    const dSp = !setFlags && f.rd === 31;
    const d = setFlags ? xw(f.rd) : X + 2 * f.rd;
    if (f.sf) {
      if (setFlags) {
        return (m) => {
          const r = m.r;
          const s = spOr(m, n, nSp);
          r[d] = addFlags64(r, r[s], r[s + 1], blo, bhi, cin);
          r[d + 1] = rhi;
        };
      }
      return (m) => {
        const r = m.r;
        const s = spOr(m, n, nSp);
        const t = spOr(m, d, dSp);
        r[t] = add64(r[s], r[s + 1], blo, bhi, cin);
        r[t + 1] = rhi;
      };
    }
    if (setFlags) {
      return (m) => {
        const r = m.r;
        r[d] = addFlags32(r, r[spOr(m, n, nSp)], blo, cin);
        r[d + 1] = 0;
      };
    }
    return (m) => {
      const r = m.r;
      const t = spOr(m, d, dSp);
      r[t] = r[spOr(m, n, nSp)] + blo + cin;
      r[t + 1] = 0;
    };
  };
}

type LogicOp = (a: number, b: number) => number;
const AND: LogicOp = (a, b) => a & b;
const ORR: LogicOp = (a, b) => a | b;
const EOR: LogicOp = (a, b) => a ^ b;

function logicalImm(op: LogicOp, setFlags: boolean): Semantic {
  return (f) => {
    const [klo, khi] = words(decodeBitmask(f.N, f.immr, f.imms, f.sf ? 64 : 32) ?? 0n);
    const n = xr(f.rn);
    const d = setFlags ? xw(f.rd) : X + 2 * f.rd;
    const dSp = !setFlags && f.rd === 31;
    if (setFlags) {
      if (!f.sf) {
        return (m) => {
          const r = m.r;
          const v = op(r[n], klo);
          logicFlags32(r, v);
          r[d] = v;
          r[d + 1] = 0;
        };
      }
      return (m) => {
        const r = m.r;
        const lo = op(r[n], klo);
        const hi = op(r[n + 1], khi);
        logicFlags64(r, lo, hi);
        r[d] = lo;
        r[d + 1] = hi;
      };
    }
    if (!f.sf) {
      return (m) => {
        const r = m.r;
        const t = spOr(m, d, dSp);
        r[t] = op(r[n], klo);
        r[t + 1] = 0;
      };
    }
    return (m) => {
      const r = m.r;
      const t = spOr(m, d, dSp);
      const lo = op(r[n], klo);
      r[t + 1] = op(r[n + 1], khi);
      r[t] = lo;
    };
  };
}

function moveWide(kind: 'z' | 'n'): Semantic {
  return (f) => {
    const value = BigInt(f.imm16) << BigInt(f.hw * 16);
    const [lo, hi] = words(kind === 'n' ? ~value : value);
    return writeConstant(xw(f.rd), lo, f.sf ? hi : 0);
  };
}

const movk: Semantic = (f) => {
  const d = xw(f.rd);
  const word = d + (f.hw >> 1);
  const shift = (f.hw & 1) * 16;
  const keep = ~(0xffff << shift);
  const insert = f.imm16 << shift;
  if (f.sf) {
    return (m) => {
      m.r[word] = (m.r[word] & keep) | insert;
    };
  }
  return (m) => {
    m.r[word] = (m.r[word] & keep) | insert;
    m.r[d + 1] = 0;
  };
};

/** DecodeBitMasks(N, imms, immr, immediate = FALSE) for a bitfield move of `width` bits. */
function bitfieldMasks(f: Fields, width: number): { wmask: bigint; tmask: bigint } {
  const s = f.imms;
  const rot = f.immr;
  const d = (s - rot) & (width - 1);
  const all = (1n << BigInt(width)) - 1n;
  const welem = (1n << BigInt(s + 1)) - 1n;
  const wmask = rot === 0 ? welem : ((welem >> BigInt(rot)) | (welem << BigInt(width - rot))) & all;
  return { wmask, tmask: (1n << BigInt(d + 1)) - 1n };
}

/** SBFM (extend: top bits copy bit S), UBFM (zero), BFM (keep the destination's bits). */
function bitfield(kind: 'sbfm' | 'ubfm' | 'bfm'): Semantic {
  return (f) => {
    const width = f.sf ? 64 : 32;
    const { wmask, tmask } = bitfieldMasks(f, width);
    const [wlo, whi] = words(wmask);
    const [tlo, thi] = words(tmask);
    const n = xr(f.rn);
    const d = xw(f.rd);
    const dRead = xr(f.rd);
    const rot = f.immr;
    const s = f.imms;
    const signWord = s >= 32 ? 1 : 0;
    const signBit = s & 31;
    if (f.sf) {
      return (m) => {
        const r = m.r;
        const blo = ror64(r[n], r[n + 1], rot);
        const bhi = rhi;
        let lo: number;
        let hi: number;
        if (kind === 'bfm') {
          const dlo = r[dRead];
          const dhi = r[dRead + 1];
          lo = (dlo & ~wlo) | (blo & wlo);
          hi = (dhi & ~whi) | (bhi & whi);
          lo = (dlo & ~tlo) | (lo & tlo);
          hi = (dhi & ~thi) | (hi & thi);
        } else {
          const top = kind === 'sbfm' ? -((r[n + signWord] >>> signBit) & 1) : 0;
          lo = (top & ~tlo) | (blo & wlo & tlo);
          hi = (top & ~thi) | (bhi & whi & thi);
        }
        r[d] = lo;
        r[d + 1] = hi;
      };
    }
    return (m) => {
      const r = m.r;
      const v = r[n];
      const bot = rot === 0 ? v : (v >>> rot) | (v << (32 - rot));
      let out: number;
      if (kind === 'bfm') {
        const dst = r[dRead];
        out = (dst & ~tlo) | (((dst & ~wlo) | (bot & wlo)) & tlo);
      } else {
        const top = kind === 'sbfm' ? -((v >>> signBit) & 1) : 0;
        out = (top & ~tlo) | (bot & wlo & tlo);
      }
      r[d] = out;
      r[d + 1] = 0;
    };
  };
}

const extr: Semantic = (f) => {
  const n = xr(f.rn);
  const mm = xr(f.rm);
  const d = xw(f.rd);
  const lsb = f.imms;
  if (!f.sf) {
    return (m) => {
      const r = m.r;
      r[d] = lsb === 0 ? r[mm] : (r[mm] >>> lsb) | (r[n] << (32 - lsb));
      r[d + 1] = 0;
    };
  }
  return (m) => {
    const r = m.r;
    // (Rn:Rm) >> lsb as four words w0..w3, low first
    const w0 = r[mm];
    const w1 = r[mm + 1];
    const w2 = r[n];
    const w3 = r[n + 1];
    let lo: number;
    let hi: number;
    if (lsb === 0) {
      lo = w0;
      hi = w1;
    } else if (lsb < 32) {
      lo = (w0 >>> lsb) | (w1 << (32 - lsb));
      hi = (w1 >>> lsb) | (w2 << (32 - lsb));
    } else if (lsb === 32) {
      lo = w1;
      hi = w2;
    } else {
      const k = lsb - 32;
      lo = (w1 >>> k) | (w2 << (32 - k));
      hi = (w2 >>> k) | (w3 << (32 - k));
    }
    r[d] = lo;
    r[d + 1] = hi;
  };
};

export const DP_IMM_SEMANTICS: SemanticTable = {
  ADR: adr,
  ADRP: adrp,
  ADD_imm: addSubImm(false, false),
  ADDS_imm: addSubImm(false, true),
  SUB_imm: addSubImm(true, false),
  SUBS_imm: addSubImm(true, true),
  AND_imm: logicalImm(AND, false),
  ORR_imm: logicalImm(ORR, false),
  EOR_imm: logicalImm(EOR, false),
  ANDS_imm: logicalImm(AND, true),
  MOVN: moveWide('n'),
  MOVZ: moveWide('z'),
  MOVK: movk,
  SBFM: bitfield('sbfm'),
  BFM: bitfield('bfm'),
  UBFM: bitfield('ubfm'),
  EXTR: extr,
};
