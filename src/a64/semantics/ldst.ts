// Loads and stores: single registers in every addressing mode, literals, pairs, exclusives and
// acquire/release, and SIMD multiple structures. The address is computed and every access that
// can fault is checked before any register or memory changes; base write-back comes last.
//
// Constrained-unpredictable choices: a load with write-back whose base is also a destination
// keeps the loaded value (write-back suppressed); a store with write-back whose base is also the
// source stores the register's original value; `ldp` with Rt == Rt2 leaves the second value.
import { sext } from '../bits.js';
import { MONITOR_HI, MONITOR_LO, MONITOR_SIZE, X, vr, xr, xw, type Cpu } from '../cpu.js';
import type { Fields, Form } from '../form.js';
import { carryHi, pcRelative, type Op, type Semantic, type SemanticTable } from './common.js';

/** Moves one register's worth between memory at (lo, hi) and a register. */
type Transfer = (m: Cpu, lo: number, hi: number) => void;
type TransferFor = (rt: number) => Transfer;

interface Variant {
  readonly bytes: number;
  readonly fp: boolean;
  readonly load: boolean;
  readonly transfer: TransferFor;
}

function zeroUpper(r: Uint32Array, v: number, from: number): void {
  for (let i = from; i < 4; i++) r[v + i] = 0;
}

/** ldrb/ldrh/ldr (W): zero-extended into the X register. */
const loadZero = (bytes: 1 | 2 | 4): TransferFor => (rt) => {
  const d = xw(rt);
  return (m, lo, hi) => {
    m.r[d] = bytes === 1 ? m.load8(lo, hi) : bytes === 2 ? m.load16(lo, hi) : m.load32(lo, hi);
    m.r[d + 1] = 0;
  };
};

/** ldrsb/ldrsh/ldrsw: sign-extended to 32 (`to64` false) or 64 bits. */
const loadSigned = (bytes: 1 | 2 | 4, to64: boolean): TransferFor => (rt) => {
  const d = xw(rt);
  const shift = 32 - 8 * bytes;
  return (m, lo, hi) => {
    const raw = bytes === 1 ? m.load8(lo, hi) : bytes === 2 ? m.load16(lo, hi) : m.load32(lo, hi);
    const v = (raw << shift) >> shift;
    m.r[d] = v;
    m.r[d + 1] = to64 ? v >> 31 : 0;
  };
};

const load64: TransferFor = (rt) => {
  const d = xw(rt);
  return (m, lo, hi) => m.load64(lo, hi, d);
};

const storeGpr = (bytes: 1 | 2 | 4 | 8): TransferFor => (rt) => {
  const s = xr(rt);
  switch (bytes) {
    case 1: return (m, lo, hi) => m.store8(lo, hi, m.r[s]);
    case 2: return (m, lo, hi) => m.store16(lo, hi, m.r[s]);
    case 4: return (m, lo, hi) => m.store32(lo, hi, m.r[s]);
    default: return (m, lo, hi) => m.store64(lo, hi, s);
  }
};

/** FP/SIMD register loads write the low bytes and zero the rest of the 128-bit register. */
const loadFp = (bytes: 1 | 2 | 4 | 8 | 16): TransferFor => (rt) => {
  const v = vr(rt);
  switch (bytes) {
    case 1: return (m, lo, hi) => { const x = m.load8(lo, hi); m.r[v] = x; zeroUpper(m.r, v, 1); };
    case 2: return (m, lo, hi) => { const x = m.load16(lo, hi); m.r[v] = x; zeroUpper(m.r, v, 1); };
    case 4: return (m, lo, hi) => { const x = m.load32(lo, hi); m.r[v] = x; zeroUpper(m.r, v, 1); };
    case 8: return (m, lo, hi) => { m.load64(lo, hi, v); zeroUpper(m.r, v, 2); };
    default: return (m, lo, hi) => m.load128(lo, hi, v);
  }
};

const storeFp = (bytes: 1 | 2 | 4 | 8 | 16): TransferFor => (rt) => {
  const v = vr(rt);
  switch (bytes) {
    case 1: return (m, lo, hi) => m.store8(lo, hi, m.r[v]);
    case 2: return (m, lo, hi) => m.store16(lo, hi, m.r[v]);
    case 4: return (m, lo, hi) => m.store32(lo, hi, m.r[v]);
    case 8: return (m, lo, hi) => m.store64(lo, hi, v);
    default: return (m, lo, hi) => m.store128(lo, hi, v);
  }
};

const gpr = (bytes: number, load: boolean, transfer: TransferFor): Variant => ({ bytes, fp: false, load, transfer });
const fpr = (bytes: 1 | 2 | 4 | 8 | 16, load: boolean): Variant => ({ bytes, fp: true, load, transfer: load ? loadFp(bytes) : storeFp(bytes) });

/** The register-sized variants of ldst.ts's single-register forms, by id prefix. */
const SINGLE: Readonly<Record<string, Variant>> = {
  STRB: gpr(1, false, storeGpr(1)),
  LDRB: gpr(1, true, loadZero(1)),
  LDRSB_x: gpr(1, true, loadSigned(1, true)),
  LDRSB_w: gpr(1, true, loadSigned(1, false)),
  STRH: gpr(2, false, storeGpr(2)),
  LDRH: gpr(2, true, loadZero(2)),
  LDRSH_x: gpr(2, true, loadSigned(2, true)),
  LDRSH_w: gpr(2, true, loadSigned(2, false)),
  STR_w: gpr(4, false, storeGpr(4)),
  LDR_w: gpr(4, true, loadZero(4)),
  LDRSW: gpr(4, true, loadSigned(4, true)),
  STR_x: gpr(8, false, storeGpr(8)),
  LDR_x: gpr(8, true, load64),
  STR_b: fpr(1, false),
  LDR_b: fpr(1, true),
  STR_h: fpr(2, false),
  LDR_h: fpr(2, true),
  STR_s: fpr(4, false),
  LDR_s: fpr(4, true),
  STR_d: fpr(8, false),
  LDR_d: fpr(8, true),
  STR_q: fpr(16, false),
  LDR_q: fpr(16, true),
};

/** Base register word index: SP for register 31, resolved when the instruction runs. */
const baseOf = (m: Cpu, n: number, isSp: boolean): number => (isSp ? m.spIdx : n);

const fpCheck = (m: Cpu): void => {
  if (m.fpTrapEl !== 0) throw m.fpAccessFault();
};

/** Base + constant offset, optionally writing the base back (pre: the address; post: base + offset). */
function immediateMode(f: Fields, v: Variant, offset: number, mode: 'offset' | 'pre' | 'post'): Op {
  const n = X + 2 * f.rn;
  const nSp = f.rn === 31;
  const transfer = v.transfer(f.rt);
  const writeBack = mode !== 'offset' && !(v.load && !v.fp && f.rt === f.rn && f.rn !== 31);
  const post = mode === 'post';
  const fp = v.fp;
  return (m) => {
    if (fp) fpCheck(m);
    const r = m.r;
    const b = baseOf(m, n, nSp);
    const blo = r[b];
    const bhi = r[b + 1];
    const sum = blo + offset;
    const lo = sum >>> 0;
    const hi = carryHi(bhi, sum);
    if (post) transfer(m, blo, bhi);
    else transfer(m, lo, hi);
    if (writeBack) {
      r[b] = lo;
      r[b + 1] = hi;
    }
  };
}

/** Register offset: Rm extended (uxtw, lsl, sxtw, sxtx) and optionally scaled by the access size. */
function registerMode(f: Fields, v: Variant): Op {
  const n = X + 2 * f.rn;
  const nSp = f.rn === 31;
  const mm = xr(f.rm);
  const option = f.option;
  const shift = f.S ? Math.log2(v.bytes) : 0;
  const transfer = v.transfer(f.rt);
  const fp = v.fp;
  return (m) => {
    if (fp) fpCheck(m);
    const r = m.r;
    const b = baseOf(m, n, nSp);
    let ilo = r[mm];
    let ihi = option === 2 ? 0 : option === 6 ? ilo >> 31 : r[mm + 1];
    if (shift !== 0) {
      ihi = (ihi << shift) | (ilo >>> (32 - shift));
      ilo = ilo << shift;
    }
    const sum = r[b] + (ilo >>> 0);
    transfer(m, sum >>> 0, (r[b + 1] + ihi + (sum > 0xffffffff ? 1 : 0)) >>> 0);
  };
}

function singleForm(form: Form): Semantic | undefined {
  const m = /^(.*)_(uimm|unscaled|post|pre|unpriv|reg)$/.exec(form.id);
  if (!m) return undefined;
  const [, variantId, mode] = m;
  if (variantId === 'PRFM') return () => prefetch;
  const v = SINGLE[variantId];
  if (!v) return undefined;
  switch (mode) {
    case 'uimm': return (f) => immediateMode(f, v, f.imm12 * v.bytes, 'offset');
    case 'unscaled':
    case 'unpriv': return (f) => immediateMode(f, v, sext(f.imm9, 9), 'offset');
    case 'pre': return (f) => immediateMode(f, v, sext(f.imm9, 9), 'pre');
    case 'post': return (f) => immediateMode(f, v, sext(f.imm9, 9), 'post');
    default: return (f) => registerMode(f, v);
  }
}

/** prfm: a hint; no access, no fault. */
const prefetch: Op = () => {};

const LITERAL: Readonly<Record<string, Variant>> = {
  LDR_w_lit: SINGLE.LDR_w,
  LDR_x_lit: SINGLE.LDR_x,
  LDRSW_lit: SINGLE.LDRSW,
  LDR_s_lit: SINGLE.LDR_s,
  LDR_d_lit: SINGLE.LDR_d,
  LDR_q_lit: SINGLE.LDR_q,
};

function literalForm(v: Variant): Semantic {
  return (f, site) => {
    const [lo, hi] = pcRelative(site, sext(f.imm19, 19) * 4);
    const transfer = v.transfer(f.rt);
    const fp = v.fp;
    return (m) => {
      if (fp) fpCheck(m);
      transfer(m, lo, hi);
    };
  };
}

// ---- pairs ----

/** How the words a pair load moved into a register are completed (zero- or sign-extension). */
type Complete = (r: Uint32Array, at: number) => void;

interface PairVariant {
  readonly bytes: 4 | 8 | 16;
  readonly load: boolean;
  readonly fp: boolean;
  readonly word: (n: number) => number;
  readonly complete?: Complete;
}

const zeroHigh: Complete = (r, at) => {
  r[at + 1] = 0;
};
const signHigh: Complete = (r, at) => {
  r[at + 1] = (r[at] | 0) >> 31;
};
const zeroFromWord = (word: number): Complete => (r, at) => zeroUpper(r, at, word);

const PAIR: Readonly<Record<string, PairVariant>> = {
  STP_w: { bytes: 4, load: false, fp: false, word: xr },
  LDP_w: { bytes: 4, load: true, fp: false, word: xw, complete: zeroHigh },
  LDPSW: { bytes: 4, load: true, fp: false, word: xw, complete: signHigh },
  STP_x: { bytes: 8, load: false, fp: false, word: xr },
  LDP_x: { bytes: 8, load: true, fp: false, word: xw },
  STP_s: { bytes: 4, load: false, fp: true, word: vr },
  LDP_s: { bytes: 4, load: true, fp: true, word: vr, complete: zeroFromWord(1) },
  STP_d: { bytes: 8, load: false, fp: true, word: vr },
  LDP_d: { bytes: 8, load: true, fp: true, word: vr, complete: zeroFromWord(2) },
  STP_q: { bytes: 16, load: false, fp: true, word: vr },
  LDP_q: { bytes: 16, load: true, fp: true, word: vr },
};

function pairForm(v: PairVariant, mode: 'offset' | 'pre' | 'post'): Semantic {
  return (f) => {
    const n = X + 2 * f.rn;
    const nSp = f.rn === 31;
    const bytes = v.bytes;
    const offset = sext(f.imm7, 7) * bytes;
    const first = v.word(f.rt);
    const second = v.word(f.rt2);
    const overlaps = v.load && !v.fp && (f.rt === f.rn || f.rt2 === f.rn) && f.rn !== 31;
    const writeBack = mode !== 'offset' && !overlaps;
    const post = mode === 'post';
    const fp = v.fp;
    const write = !v.load;
    const complete = v.complete;
    return (m) => {
      if (fp) fpCheck(m);
      const r = m.r;
      const b = baseOf(m, n, nSp);
      const blo = r[b];
      const bhi = r[b + 1];
      const sum = blo + offset;
      const lo = sum >>> 0;
      const hi = carryHi(bhi, sum);
      if (post) m.pair(blo, bhi, bytes, first, second, write);
      else m.pair(lo, hi, bytes, first, second, write);
      if (complete) {
        complete(r, first);
        complete(r, second);
      }
      if (writeBack) {
        r[b] = lo;
        r[b + 1] = hi;
      }
    };
  };
}

function pairFormFor(form: Form): Semantic | undefined {
  const m = /^(ST|LD)(N?)P(SW)?(?:_([wxsdq]))?(?:_(post|offset|pre))?$/.exec(form.id);
  if (!m) return undefined;
  const [, dir, nontemporal, sw, reg, mode] = m;
  const key = sw ? 'LDPSW' : `${dir}P_${reg}`;
  const v = PAIR[key];
  if (!v) return undefined;
  return pairForm(v, nontemporal ? 'offset' : (mode as 'offset' | 'pre' | 'post'));
}

// ---- exclusives, acquire/release (one CPU: the local monitor alone decides) ----

function alignedAddress(m: Cpu, n: number, nSp: boolean, align: number, write: boolean): number {
  const b = baseOf(m, n, nSp);
  const lo = m.r[b];
  if ((lo & (align - 1)) !== 0) throw m.alignmentFault(lo, m.r[b + 1], write);
  return b;
}

function markExclusive(r: Uint32Array, lo: number, hi: number, size: number): void {
  r[MONITOR_LO] = lo;
  r[MONITOR_HI] = hi;
  r[MONITOR_SIZE] = size;
}

const gprTransfer = (size: number, load: boolean): TransferFor =>
  load ? (size === 8 ? load64 : loadZero(size as 1 | 2 | 4)) : storeGpr(size as 1 | 2 | 4 | 8);

interface ExclusiveShape {
  readonly size: number;
  readonly load: boolean;
  readonly pair: boolean;
  readonly exclusive: boolean;
}

function exclusiveForm(shape: ExclusiveShape): Semantic {
  return (f) => {
    const n = X + 2 * f.rn;
    const nSp = f.rn === 31;
    const { size, load, pair, exclusive } = shape;
    const total = pair ? 2 * size : size;
    const first = gprTransfer(size, load)(f.rt);
    const second = pair ? gprTransfer(size, load)(f.rt2) : undefined;
    if (load) {
      return (m) => {
        const r = m.r;
        const b = alignedAddress(m, n, nSp, total, false);
        const lo = r[b];
        const hi = r[b + 1];
        if (second) {
          m.probe(lo, hi, total, false);
          first(m, lo, hi);
          second(m, (lo + size) >>> 0, hi);
        } else first(m, lo, hi);
        if (exclusive) markExclusive(r, lo, hi, total);
      };
    }
    if (!exclusive) {
      return (m) => {
        const b = alignedAddress(m, n, nSp, total, true);
        first(m, m.r[b], m.r[b + 1]);
      };
    }
    const status = xw(f.rs);
    return (m) => {
      const r = m.r;
      const b = alignedAddress(m, n, nSp, total, true);
      const lo = r[b];
      const hi = r[b + 1];
      const marked = r[MONITOR_SIZE] !== 0 && r[MONITOR_LO] === lo && r[MONITOR_HI] === hi;
      if (marked) {
        if (second) {
          m.probe(lo, hi, total, true);
          first(m, lo, hi);
          second(m, (lo + size) >>> 0, hi);
        } else first(m, lo, hi);
      }
      r[MONITOR_SIZE] = 0;
      r[status] = marked ? 0 : 1;
      r[status + 1] = 0;
    };
  };
}

function exclusiveFormFor(form: Form): Semantic | undefined {
  const mem = form.mem;
  if (!mem || !(mem.exclusive || mem.acquireRelease)) return undefined;
  return exclusiveForm({ size: mem.bytes, load: mem.load, pair: Boolean(mem.pair), exclusive: Boolean(mem.exclusive) });
}

// ---- SIMD multiple structures (ld1-ld4, st1-st4) ----

/** Element `index` of `bytes` bytes of the V register at word `v`. */
function readElement(r: Uint32Array, v: number, bytes: number, index: number): number {
  const byteOffset = index * bytes;
  const word = r[v + (byteOffset >>> 2)];
  if (bytes === 4) return word;
  const shift = (byteOffset & 3) * 8;
  return (word >>> shift) & (bytes === 1 ? 0xff : 0xffff);
}

function writeElement(r: Uint32Array, v: number, bytes: number, index: number, value: number): void {
  const byteOffset = index * bytes;
  const w = v + (byteOffset >>> 2);
  if (bytes === 4) {
    r[w] = value;
    return;
  }
  const shift = (byteOffset & 3) * 8;
  const mask = (bytes === 1 ? 0xff : 0xffff) << shift;
  r[w] = (r[w] & ~mask) | ((value << shift) & mask);
}

function structuresForm(load: boolean, selem: number, registers: number, post: boolean): Semantic {
  return (f) => {
    const n = X + 2 * f.rn;
    const nSp = f.rn === 31;
    const regBytes = f.Q ? 16 : 8;
    const ebytes = 1 << f.size;
    const lanes = regBytes / ebytes;
    const rpt = selem === 1 ? registers : 1;
    const total = rpt * selem * regBytes;
    const regs = Array.from({ length: rpt * selem }, (_, i) => vr((f.rt + i) % 32));
    const index = post && f.rm !== 31 ? xr(f.rm) : -1;
    const q = f.Q;
    const at = (lo: number, hi: number, offset: number): [number, number] => {
      const sum = lo + offset;
      return [sum >>> 0, carryHi(hi, sum)];
    };
    return (m) => {
      fpCheck(m);
      const r = m.r;
      const b = baseOf(m, n, nSp);
      const lo = r[b];
      const hi = r[b + 1];
      for (let off = 0; off < total; off += 8) {
        const [plo, phi] = at(lo, hi, off);
        m.probe(plo, phi, 8, !load);
      }
      let offset = 0;
      for (let rep = 0; rep < rpt; rep++) {
        for (let e = 0; e < lanes; e++) {
          for (let s = 0; s < selem; s++) {
            const v = regs[rep + s];
            const [alo, ahi] = at(lo, hi, offset);
            if (ebytes === 8) {
              if (load) m.load64(alo, ahi, v + 2 * e);
              else m.store64(alo, ahi, v + 2 * e);
            } else if (load) {
              const x = ebytes === 1 ? m.load8(alo, ahi) : ebytes === 2 ? m.load16(alo, ahi) : m.load32(alo, ahi);
              writeElement(r, v, ebytes, e, x);
            } else {
              const x = readElement(r, v, ebytes, e);
              if (ebytes === 1) m.store8(alo, ahi, x);
              else if (ebytes === 2) m.store16(alo, ahi, x);
              else m.store32(alo, ahi, x);
            }
            offset += ebytes;
          }
        }
      }
      if (load && !q) for (const v of regs) zeroUpper(r, v, 2);
      if (post) {
        const step = index < 0 ? total : 0;
        const [ilo, ihi] = index < 0 ? [step, 0] : [r[index], r[index + 1]];
        const sum = lo + ilo;
        r[b] = sum >>> 0;
        r[b + 1] = (hi + ihi + (sum > 0xffffffff ? 1 : 0)) >>> 0;
      }
    };
  };
}

function structuresFormFor(form: Form): Semantic | undefined {
  const m = /^(LD|ST)([1-4])(?:_([1-4]))?_(off|post)$/.exec(form.id);
  if (!m) return undefined;
  const selem = Number(m[2]);
  return structuresForm(m[1] === 'LD', selem, selem === 1 ? Number(m[3]) : selem, m[4] === 'post');
}

/** Semantics for every load/store form of the table, built from the form ids and mem facts. */
export function ldstSemantics(forms: readonly Form[]): SemanticTable {
  const table: Record<string, Semantic> = {};
  for (const form of forms) {
    if (form.group !== 'ldst') continue;
    const literal = LITERAL[form.id];
    const semantic = form.id === 'PRFM_lit'
      ? () => prefetch
      : literal
        ? literalForm(literal)
        : exclusiveFormFor(form) ?? structuresFormFor(form) ?? pairFormFor(form) ?? singleForm(form);
    if (semantic) table[form.id] = semantic;
  }
  return table;
}
