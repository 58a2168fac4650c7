// Data processing — register: logical and add/sub (shifted, extended), with carry, conditional
// compare and select, multiply and divide, variable shifts, bit and byte reversal, counts.
import { FLAG_C, X, xr, xw, type Cpu } from '../cpu.js';
import {
  add64, addFlags32, addFlags64, bswap32, cls32, clz64, fromBig, logicFlags32, logicFlags64, lsl64, mul64, rbit32,
  rev16x32, rhi, shift32, shift64, toS64, toU64, umulhi32,
} from './alu.js';
import { conditionHolds, setFlags, type Semantic, type SemanticTable } from './common.js';

type LogicOp = (a: number, b: number) => number;
const AND: LogicOp = (a, b) => a & b;
const ORR: LogicOp = (a, b) => a | b;
const EOR: LogicOp = (a, b) => a ^ b;

const spOr = (m: Cpu, n: number, isSp: boolean): number => (isSp ? m.spIdx : n);

function logicalShifted(op: LogicOp, invert: boolean, flags: boolean): Semantic {
  return (f) => {
    const n = xr(f.rn);
    const mm = xr(f.rm);
    const d = xw(f.rd);
    const type = f.shift;
    const amount = f.imm6;
    const inv = invert ? -1 : 0;
    if (!f.sf) {
      return (m) => {
        const r = m.r;
        const v = op(r[n], shift32(type, r[mm], amount) ^ inv);
        if (flags) logicFlags32(r, v);
        r[d] = v;
        r[d + 1] = 0;
      };
    }
    return (m) => {
      const r = m.r;
      const blo = shift64(type, r[mm], r[mm + 1], amount) ^ inv;
      const bhi = rhi ^ inv;
      const lo = op(r[n], blo);
      const hi = op(r[n + 1], bhi);
      if (flags) logicFlags64(r, lo, hi);
      r[d] = lo;
      r[d + 1] = hi;
    };
  };
}

function addSubShifted(sub: boolean, flags: boolean): Semantic {
  return (f) => {
    const n = xr(f.rn);
    const mm = xr(f.rm);
    const d = xw(f.rd);
    const type = f.shift;
    const amount = f.imm6;
    const inv = sub ? -1 : 0;
    const cin = sub ? 1 : 0;
    if (!f.sf) {
      return (m) => {
        const r = m.r;
        const b = shift32(type, r[mm], amount) ^ inv;
        r[d] = flags ? addFlags32(r, r[n], b, cin) : r[n] + b + cin;
        r[d + 1] = 0;
      };
    }
    return (m) => {
      const r = m.r;
      const blo = shift64(type, r[mm], r[mm + 1], amount) ^ inv;
      const bhi = rhi ^ inv;
      r[d] = flags ? addFlags64(r, r[n], r[n + 1], blo, bhi, cin) : add64(r[n], r[n + 1], blo, bhi, cin);
      r[d + 1] = rhi;
    };
  };
}

/** ExtendReg: the low word of Rm extended by `option`; the high word goes to rhi. */
function extendReg(option: number, lo: number, hi: number): number {
  switch (option) {
    case 0: return lsl64(lo & 0xff, 0, 0);
    case 1: return lsl64(lo & 0xffff, 0, 0);
    case 2: return lsl64(lo, 0, 0);
    case 4: { const v = (lo << 24) >> 24; return lsl64(v, v >> 31, 0); }
    case 5: { const v = (lo << 16) >> 16; return lsl64(v, v >> 31, 0); }
    case 6: return lsl64(lo, lo >> 31, 0);
    default: return lsl64(lo, hi, 0);
  }
}

function addSubExtended(sub: boolean, flags: boolean): Semantic {
  return (f) => {
    const n = X + 2 * f.rn;
    const nSp = f.rn === 31;
    const mm = xr(f.rm);
    const d = flags ? xw(f.rd) : X + 2 * f.rd;
    const dSp = !flags && f.rd === 31;
    const option = f.option;
    const amount = f.imm3;
    const inv = sub ? -1 : 0;
    const cin = sub ? 1 : 0;
    if (!f.sf) {
      return (m) => {
        const r = m.r;
        const b = (extendReg(option, r[mm], 0) << amount) ^ inv;
        const a = r[spOr(m, n, nSp)];
        const t = spOr(m, d, dSp);
        r[t] = flags ? addFlags32(r, a, b, cin) : a + b + cin;
        r[t + 1] = 0;
      };
    }
    return (m) => {
      const r = m.r;
      const elo = extendReg(option, r[mm], r[mm + 1]);
      const blo = lsl64(elo, rhi, amount) ^ inv;
      const bhi = rhi ^ inv;
      const s = spOr(m, n, nSp);
      const t = spOr(m, d, dSp);
      r[t] = flags ? addFlags64(r, r[s], r[s + 1], blo, bhi, cin) : add64(r[s], r[s + 1], blo, bhi, cin);
      r[t + 1] = rhi;
    };
  };
}

function withCarry(sub: boolean, flags: boolean): Semantic {
  return (f) => {
    const n = xr(f.rn);
    const mm = xr(f.rm);
    const d = xw(f.rd);
    const inv = sub ? -1 : 0;
    if (!f.sf) {
      return (m) => {
        const r = m.r;
        const b = r[mm] ^ inv;
        r[d] = flags ? addFlags32(r, r[n], b, r[FLAG_C]) : r[n] + b + r[FLAG_C];
        r[d + 1] = 0;
      };
    }
    return (m) => {
      const r = m.r;
      const blo = r[mm] ^ inv;
      const bhi = r[mm + 1] ^ inv;
      r[d] = flags ? addFlags64(r, r[n], r[n + 1], blo, bhi, r[FLAG_C]) : add64(r[n], r[n + 1], blo, bhi, r[FLAG_C]);
      r[d + 1] = rhi;
    };
  };
}

/** ccmp/ccmn: the comparison's flags when the condition holds, else the immediate NZCV. */
function condCompare(sub: boolean, immediate: boolean): Semantic {
  return (f) => {
    const n = xr(f.rn);
    const mm = xr(f.rm ?? 31);
    const imm = f.imm5 ?? 0;
    const inv = sub ? -1 : 0;
    const cin = sub ? 1 : 0;
    const { cond, nzcv } = f;
    if (!f.sf) {
      return (m) => {
        const r = m.r;
        if (!conditionHolds(cond, r)) return setFlags(r, nzcv);
        addFlags32(r, r[n], (immediate ? imm : r[mm]) ^ inv, cin);
      };
    }
    return (m) => {
      const r = m.r;
      if (!conditionHolds(cond, r)) return setFlags(r, nzcv);
      const blo = (immediate ? imm : r[mm]) ^ inv;
      const bhi = (immediate ? 0 : r[mm + 1]) ^ inv;
      addFlags64(r, r[n], r[n + 1], blo, bhi, cin);
    };
  };
}

/** csel/csinc/csinv/csneg: Rn when the condition holds, else f(Rm) = Rm, Rm+1, ~Rm or -Rm. */
function condSelect(invert: boolean, increment: boolean): Semantic {
  return (f) => {
    const n = xr(f.rn);
    const mm = xr(f.rm);
    const d = xw(f.rd);
    const cond = f.cond;
    const inv = invert ? -1 : 0;
    const inc = increment ? 1 : 0;
    if (!f.sf) {
      return (m) => {
        const r = m.r;
        r[d] = conditionHolds(cond, r) ? r[n] : (r[mm] ^ inv) + inc;
        r[d + 1] = 0;
      };
    }
    return (m) => {
      const r = m.r;
      let lo: number;
      let hi: number;
      if (conditionHolds(cond, r)) {
        lo = r[n];
        hi = r[n + 1];
      } else {
        lo = add64(r[mm] ^ inv, r[mm + 1] ^ inv, inc, 0, 0);
        hi = rhi;
      }
      r[d] = lo;
      r[d + 1] = hi;
    };
  };
}

function multiplyAdd(sub: boolean): Semantic {
  return (f) => {
    const n = xr(f.rn);
    const mm = xr(f.rm);
    const a = xr(f.ra);
    const d = xw(f.rd);
    const inv = sub ? -1 : 0;
    const cin = sub ? 1 : 0;
    if (!f.sf) {
      return (m) => {
        const r = m.r;
        r[d] = r[a] + (Math.imul(r[n], r[mm]) ^ inv) + cin;
        r[d + 1] = 0;
      };
    }
    return (m) => {
      const r = m.r;
      const plo = mul64(r[n], r[n + 1], r[mm], r[mm + 1]) ^ inv;
      const phi = rhi ^ inv;
      r[d] = add64(r[a], r[a + 1], plo, phi, cin);
      r[d + 1] = rhi;
    };
  };
}

/** smaddl/smsubl/umaddl/umsubl: Xa ± Wn × Wm with a 64-bit product. */
function multiplyAddLong(signed: boolean, sub: boolean): Semantic {
  return (f) => {
    const n = xr(f.rn);
    const mm = xr(f.rm);
    const a = xr(f.ra);
    const d = xw(f.rd);
    const inv = sub ? -1 : 0;
    const cin = sub ? 1 : 0;
    return (m) => {
      const r = m.r;
      const x = r[n];
      const y = r[mm];
      let phi = umulhi32(x, y);
      if (signed) phi = phi - ((x >> 31) & y) - ((y >> 31) & x);
      const plo = Math.imul(x, y);
      r[d] = add64(r[a], r[a + 1], plo ^ inv, phi ^ inv, cin);
      r[d + 1] = rhi;
    };
  };
}

function multiplyHigh(signed: boolean): Semantic {
  return (f) => {
    const n = xr(f.rn);
    const mm = xr(f.rm);
    const d = xw(f.rd);
    return (m) => {
      const r = m.r;
      const product = signed ? toS64(r[n], r[n + 1]) * toS64(r[mm], r[mm + 1]) : toU64(r[n], r[n + 1]) * toU64(r[mm], r[mm + 1]);
      r[d] = fromBig(product >> 64n);
      r[d + 1] = rhi;
    };
  };
}

/** udiv/sdiv: truncating; division by zero gives 0; INT_MIN / -1 wraps to INT_MIN. */
function divide(signed: boolean): Semantic {
  return (f) => {
    const n = xr(f.rn);
    const mm = xr(f.rm);
    const d = xw(f.rd);
    if (!f.sf) {
      return (m) => {
        const r = m.r;
        const x = signed ? r[n] | 0 : r[n];
        const y = signed ? r[mm] | 0 : r[mm];
        r[d] = y === 0 ? 0 : Math.trunc(x / y);
        r[d + 1] = 0;
      };
    }
    return (m) => {
      const r = m.r;
      const x = signed ? toS64(r[n], r[n + 1]) : toU64(r[n], r[n + 1]);
      const y = signed ? toS64(r[mm], r[mm + 1]) : toU64(r[mm], r[mm + 1]);
      r[d] = fromBig(y === 0n ? 0n : x / y);
      r[d + 1] = rhi;
    };
  };
}

/** lslv/lsrv/asrv/rorv: the shift amount is Rm modulo the register width. */
function shiftVariable(type: number): Semantic {
  return (f) => {
    const n = xr(f.rn);
    const mm = xr(f.rm);
    const d = xw(f.rd);
    if (!f.sf) {
      return (m) => {
        const r = m.r;
        r[d] = shift32(type, r[n], r[mm] & 31);
        r[d + 1] = 0;
      };
    }
    return (m) => {
      const r = m.r;
      r[d] = shift64(type, r[n], r[n + 1], r[mm] & 63);
      r[d + 1] = rhi;
    };
  };
}

/** One-source operations, by word: `w32` for the 32-bit form, `w64` maps (lo, hi) to [lo, hi]. */
function oneSource(w32: (v: number) => number, w64: (lo: number, hi: number) => number, sf?: number): Semantic {
  return (f) => {
    const n = xr(f.rn);
    const d = xw(f.rd);
    if (!(f.sf ?? sf)) {
      return (m) => {
        const r = m.r;
        r[d] = w32(r[n]);
        r[d + 1] = 0;
      };
    }
    return (m) => {
      const r = m.r;
      r[d] = w64(r[n], r[n + 1]);
      r[d + 1] = rhi;
    };
  };
}

/** Returns lo and leaves hi in rhi. */
const result = (hi: number, lo: number): number => lsl64(lo, hi, 0);
const rbit64 = (lo: number, hi: number) => result(rbit32(lo), rbit32(hi));
const rev16x64 = (lo: number, hi: number) => result(rev16x32(hi), rev16x32(lo));
const rev32x64 = (lo: number, hi: number) => result(bswap32(hi), bswap32(lo));
const rev64 = (lo: number, hi: number) => result(bswap32(lo), bswap32(hi));
const clz64w = (lo: number, hi: number) => result(0, clz64(lo, hi));
const cls64w = (lo: number, hi: number) => {
  const xlo = lo ^ ((lo >>> 1) | (hi << 31));
  const xhi = hi ^ (hi >> 1);
  return result(0, clz64(xlo, xhi) - 1);
};
const never = (): number => {
  throw new Error('no 32-bit form');
};

export const DP_REG_SEMANTICS: SemanticTable = {
  AND_sreg: logicalShifted(AND, false, false),
  BIC_sreg: logicalShifted(AND, true, false),
  ORR_sreg: logicalShifted(ORR, false, false),
  ORN_sreg: logicalShifted(ORR, true, false),
  EOR_sreg: logicalShifted(EOR, false, false),
  EON_sreg: logicalShifted(EOR, true, false),
  ANDS_sreg: logicalShifted(AND, false, true),
  BICS_sreg: logicalShifted(AND, true, true),
  ADD_sreg: addSubShifted(false, false),
  ADDS_sreg: addSubShifted(false, true),
  SUB_sreg: addSubShifted(true, false),
  SUBS_sreg: addSubShifted(true, true),
  ADD_ereg: addSubExtended(false, false),
  ADDS_ereg: addSubExtended(false, true),
  SUB_ereg: addSubExtended(true, false),
  SUBS_ereg: addSubExtended(true, true),
  ADC: withCarry(false, false),
  ADCS: withCarry(false, true),
  SBC: withCarry(true, false),
  SBCS: withCarry(true, true),
  CCMN_reg: condCompare(false, false),
  CCMN_imm: condCompare(false, true),
  CCMP_reg: condCompare(true, false),
  CCMP_imm: condCompare(true, true),
  CSEL: condSelect(false, false),
  CSINC: condSelect(false, true),
  CSINV: condSelect(true, false),
  CSNEG: condSelect(true, true),
  MADD: multiplyAdd(false),
  MSUB: multiplyAdd(true),
  SMADDL: multiplyAddLong(true, false),
  SMSUBL: multiplyAddLong(true, true),
  SMULH: multiplyHigh(true),
  UMADDL: multiplyAddLong(false, false),
  UMSUBL: multiplyAddLong(false, true),
  UMULH: multiplyHigh(false),
  UDIV: divide(false),
  SDIV: divide(true),
  LSLV: shiftVariable(0),
  LSRV: shiftVariable(1),
  ASRV: shiftVariable(2),
  RORV: shiftVariable(3),
  RBIT: oneSource(rbit32, rbit64),
  REV16: oneSource(rev16x32, rev16x64),
  REV_w: oneSource(bswap32, never, 0),
  REV32: oneSource(never, rev32x64, 1),
  REV_x: oneSource(never, rev64, 1),
  CLZ: oneSource(Math.clz32, clz64w),
  CLS: oneSource(cls32, cls64w),
};
