// Encoders for loads and stores: single registers in every addressing mode (with gas's choice of
// LDUR for offsets LDR cannot scale), pairs, exclusives and acquire/release, literal loads,
// prefetch, AdvSIMD multiple structures and the SVE fill/spill forms.
import type { RelocType } from '../../ir/program.js';
import { log2 } from '../bits.js';
import { AsmError } from '../errors.js';
import { ATOMICS, atomicId, atomicMnemonic, type AtomicSpec } from '../forms/ldst.js';
import type { FpSize } from '../operands.js';
import { ARRANGEMENTS, PREFETCH_BY_NAME } from '../tables.js';
import type { Handler } from './dp.js';
import { Ops, encode, type GprReg, type MemRef } from './ops.js';
import type { Reg } from './registers.js';
import type { Assembled } from './types.js';

type Base = 'r' | 'rb' | 'rh' | 'rsb' | 'rsh' | 'rsw' | 'prfm';
type Mode = 'any' | 'unscaled' | 'unpriv';

interface Variant {
  readonly id: string;
  readonly bytes: number;
}

const FP_BYTES: Readonly<Record<FpSize, number>> = { b: 1, h: 2, s: 4, d: 8, q: 16 };

function variantFor(o: Ops, base: Base, load: boolean, rt: Reg | undefined): Variant {
  const L = load ? 'LDR' : 'STR';
  const wx = (what: string): GprReg => {
    if (!rt || rt.cls !== 'gpr' || rt.sp) o.fail(0, what);
    return rt;
  };
  switch (base) {
    case 'r':
      if (rt?.cls === 'fp') return { id: `${L}_${rt.size}`, bytes: FP_BYTES[rt.size] };
      return wx('an integer or SIMD&FP register').width === 64 ? { id: `${L}_x`, bytes: 8 } : { id: `${L}_w`, bytes: 4 };
    case 'rb':
    case 'rh': {
      const r = wx('a 32-bit integer register');
      if (r.width !== 32) o.fail(0, 'a 32-bit integer register');
      return { id: `${L}${base === 'rb' ? 'B' : 'H'}`, bytes: base === 'rb' ? 1 : 2 };
    }
    case 'rsb':
    case 'rsh':
      return { id: `LDRS${base === 'rsb' ? 'B' : 'H'}_${wx('an integer register').width === 64 ? 'x' : 'w'}`, bytes: base === 'rsb' ? 1 : 2 };
    case 'rsw':
      if (wx('a 64-bit integer register').width !== 64) o.fail(0, 'a 64-bit integer register');
      return { id: 'LDRSW', bytes: 4 };
    case 'prfm':
      return { id: 'PRFM', bytes: 8 };
  }
}

function prefetchOp(o: Ops): number {
  const name = o.name(0)?.toLowerCase();
  const named = name === undefined ? undefined : PREFETCH_BY_NAME.get(name);
  if (named !== undefined) return named;
  if (name !== undefined) o.fail(0, `a prefetch operation (pldl1keep, pstl2strm, …) or #imm, not '${name}'`);
  return o.immIn(0, 0, 31, `prefetch operation of '${o.mnemonic}'`);
}

const LDST_LO12: Readonly<Record<number, RelocType>> = {
  1: 'LDST8_ABS_LO12_NC', 2: 'LDST16_ABS_LO12_NC', 4: 'LDST32_ABS_LO12_NC', 8: 'LDST64_ABS_LO12_NC', 16: 'LDST128_ABS_LO12_NC',
};

const INDEX_OPTION: Readonly<Record<string, { option: number; width: 32 | 64 }>> = {
  lsl: { option: 3, width: 64 }, uxtw: { option: 2, width: 32 }, sxtw: { option: 6, width: 32 }, sxtx: { option: 7, width: 64 },
};

const imm9 = (v: bigint) => Number(v) & 0x1ff;

function checkImm9(o: Ops, v: bigint, what: string): void {
  if (v < -256n || v > 255n) throw new AsmError(`offset ${v} out of range for ${what} '${o.mnemonic}' (-256..255)`);
}

function singleTransfer(o: Ops, base: Base, load: boolean, mode: Mode): Assembled {
  o.expect(2, 3);
  const rt = o.reg(0);
  if (base === 'r' && (rt?.cls === 'z' || rt?.cls === 'p')) return sveFillSpill(o, load, rt);
  const v = variantFor(o, base, load, rt);
  const rtN = base === 'prfm' ? prefetchOp(o) : (rt as Reg).n;
  const mem1 = o.at(1);
  if (mem1.kind === 'literal') throw new AsmError(`'${o.mnemonic} …, =expr' must become a literal-pool reference before encoding`);
  if (mem1.kind !== 'mem') {
    if (mode !== 'any' || !load || !['LDR_w', 'LDR_x', 'LDRSW', 'PRFM', 'LDR_s', 'LDR_d', 'LDR_q'].includes(v.id)) {
      o.fail(1, 'a memory operand');
    }
    o.expect(2);
    const { expr, modifier } = o.expr(1, 'a memory operand or label');
    if (modifier) o.fail(1, 'a label (no relocation operator)');
    return encode(`${v.id}_lit`, { imm19: 0, rt: rtN }, { type: 'LD_PREL_LO19', value: o.env.evaluate(expr) });
  }
  const m = o.mem(1);
  if (m.mulVl) o.fail(1, 'a memory operand without `mul vl` (that is for SVE registers)');
  const fields = { rn: m.base.n, rt: rtN };
  if (m.mode === 'pre' || m.mode === 'post') {
    if (mode !== 'any' || base === 'prfm') o.fail(1, 'a memory operand without writeback');
    if (m.index) o.fail(2, 'an immediate post-index');
    checkImm9(o, m.offset, `${m.mode}-index`);
    return encode(`${v.id}_${m.mode}`, { ...fields, imm9: imm9(m.offset) });
  }
  if (m.index) {
    if (mode !== 'any') o.fail(1, 'a memory operand with an immediate offset');
    return registerOffset(o, v, m, fields);
  }
  if (m.reloc) {
    // `ldr Rt, [Xn, #:got_lo12:sym]` is LD64_GOT_LO12_NC for W and X registers alike (LP64), as in gas.
    const got = m.reloc.modifier === 'got_lo12' && (v.id === 'LDR_w' || v.id === 'LDR_x');
    if (mode !== 'any' || (m.reloc.modifier !== 'lo12' && !got)) o.fail(1, 'a memory operand [Xn, #imm] or [Xn, #:lo12:sym]');
    // gas leaves :lo12: to a relocation even for constants (against *ABS*).
    return encode(`${v.id}_uimm`, { ...fields, imm12: 0 }, { type: got ? 'LD64_GOT_LO12_NC' : LDST_LO12[v.bytes], value: m.reloc.value });
  }
  const off = m.offset;
  if (mode !== 'any') {
    checkImm9(o, off, mode === 'unscaled' ? 'unscaled' : 'unprivileged');
    return encode(`${v.id}_${mode}`, { ...fields, imm9: imm9(off) });
  }
  const bytes = BigInt(v.bytes);
  if (off >= 0n && off % bytes === 0n && off / bytes <= 4095n) return encode(`${v.id}_uimm`, { ...fields, imm12: Number(off / bytes) });
  // gas quietly uses the unscaled (LDUR) form for offsets the scaled form cannot take.
  if (off >= -256n && off <= 255n) return encode(`${v.id}_unscaled`, { ...fields, imm9: imm9(off) });
  throw new AsmError(
    `offset ${off} out of range for '${o.mnemonic}' (-256..255, or 0..${4095 * v.bytes} in multiples of ${v.bytes})`,
  );
}

function registerOffset(o: Ops, v: Variant, m: MemRef, fields: { rn: number; rt: number }): Assembled {
  const index = m.index as GprReg;
  const ext = m.extend ?? 'lsl';
  const opt = INDEX_OPTION[ext];
  if (!opt) o.fail(1, 'a register offset extended by lsl, uxtw, sxtw or sxtx');
  if (index.width !== opt.width || (index.n === 31 && index.sp)) {
    o.fail(1, `a register offset with a ${opt.width === 64 ? 'X' : 'W'} register for ${m.extend ?? 'no extend'}`);
  }
  const scale = log2(v.bytes);
  let s = 0;
  if (m.amount !== undefined) {
    if (m.amount !== 0 && m.amount !== scale) {
      throw new AsmError(`shift amount ${m.amount} invalid for '${o.mnemonic}' (0 or ${scale})`);
    }
    // For byte accesses a written `#0` is the scaled form; otherwise #0 is the unscaled one.
    s = v.bytes === 1 || m.amount === scale ? 1 : 0;
  }
  return encode(`${v.id}_reg`, { ...fields, rm: index.n, option: opt.option, S: s });
}

interface Single {
  readonly base: Base;
  readonly load: boolean;
  readonly mode: Mode;
}

const SINGLE: Readonly<Record<string, Single>> = {
  ldr: { base: 'r', load: true, mode: 'any' },
  str: { base: 'r', load: false, mode: 'any' },
  ldrb: { base: 'rb', load: true, mode: 'any' },
  strb: { base: 'rb', load: false, mode: 'any' },
  ldrh: { base: 'rh', load: true, mode: 'any' },
  strh: { base: 'rh', load: false, mode: 'any' },
  ldrsb: { base: 'rsb', load: true, mode: 'any' },
  ldrsh: { base: 'rsh', load: true, mode: 'any' },
  ldrsw: { base: 'rsw', load: true, mode: 'any' },
  prfm: { base: 'prfm', load: true, mode: 'any' },
  ldur: { base: 'r', load: true, mode: 'unscaled' },
  stur: { base: 'r', load: false, mode: 'unscaled' },
  ldurb: { base: 'rb', load: true, mode: 'unscaled' },
  sturb: { base: 'rb', load: false, mode: 'unscaled' },
  ldurh: { base: 'rh', load: true, mode: 'unscaled' },
  sturh: { base: 'rh', load: false, mode: 'unscaled' },
  ldursb: { base: 'rsb', load: true, mode: 'unscaled' },
  ldursh: { base: 'rsh', load: true, mode: 'unscaled' },
  ldursw: { base: 'rsw', load: true, mode: 'unscaled' },
  prfum: { base: 'prfm', load: true, mode: 'unscaled' },
  ldtr: { base: 'r', load: true, mode: 'unpriv' },
  sttr: { base: 'r', load: false, mode: 'unpriv' },
  ldtrb: { base: 'rb', load: true, mode: 'unpriv' },
  sttrb: { base: 'rb', load: false, mode: 'unpriv' },
  ldtrh: { base: 'rh', load: true, mode: 'unpriv' },
  sttrh: { base: 'rh', load: false, mode: 'unpriv' },
  ldtrsb: { base: 'rsb', load: true, mode: 'unpriv' },
  ldtrsh: { base: 'rsh', load: true, mode: 'unpriv' },
  ldtrsw: { base: 'rsw', load: true, mode: 'unpriv' },
};

// ---- pairs ----

const pairHandler = (load: boolean, nontemporal: boolean, signed: boolean): Handler => (o: Ops) => {
  o.expect(3, 4);
  const r1 = o.reg(0);
  let id: string;
  let bytes: number;
  if (r1?.cls === 'fp' && !signed && r1.size !== 'b' && r1.size !== 'h') {
    o.fp(1, [r1.size]);
    id = `${load ? 'LDP' : 'STP'}_${r1.size}`;
    bytes = FP_BYTES[r1.size];
  } else {
    const a = o.gpr(0, signed ? { width: 64 } : {});
    o.gpr(1, { width: a.width });
    id = signed ? 'LDPSW' : `${load ? 'LDP' : 'STP'}_${a.width === 64 ? 'x' : 'w'}`;
    bytes = signed ? 4 : a.width / 8;
  }
  const rt2 = (o.reg(1) as Reg).n;
  const m = o.mem(2);
  if (m.index || m.reloc || m.mulVl) o.fail(2, 'a memory operand [Xn{, #imm}]');
  if (nontemporal && m.mode !== 'offset') o.fail(2, 'a memory operand without writeback');
  const b = BigInt(bytes);
  if (m.offset % b !== 0n) throw new AsmError(`offset ${m.offset} for '${o.mnemonic}' must be a multiple of ${bytes}`);
  const scaled = m.offset / b;
  if (scaled < -64n || scaled > 63n) {
    throw new AsmError(`offset ${m.offset} out of range for '${o.mnemonic}' (${-64 * bytes}..${63 * bytes}, multiple of ${bytes})`);
  }
  const formId = nontemporal ? id.replace(/^(LD|ST)P/, '$1NP') : `${id}_${m.mode}`;
  return encode(formId, { imm7: Number(scaled) & 0x7f, rt2, rn: m.base.n, rt: (r1 as Reg).n });
};

// ---- exclusives, acquire/release ----

function plainBase(o: Ops, i: number): number {
  const m = o.mem(i);
  if (m.mode !== 'offset' || m.index || m.reloc || m.offset !== 0n) o.fail(i, 'a memory operand [Xn] or [Xn, #0]');
  return m.base.n;
}

/** size: 0 byte, 1 halfword, undefined for W/X by the register. */
const exclusiveHandler = (name: string, size: 0 | 1 | undefined, status: boolean, pair: boolean): Handler => (o: Ops) => {
  const first = status ? 1 : 0;
  o.expect(first + (pair ? 3 : 2));
  const rs = status ? o.gpr(0, { width: 32 }).n : undefined;
  const rt = o.gpr(first, size === undefined ? {} : { width: 32 });
  const rt2 = pair ? o.gpr(first + 1, { width: rt.width }).n : undefined;
  const rn = plainBase(o, first + (pair ? 2 : 1));
  const id = size === 0 ? `${name}B` : size === 1 ? `${name}H` : `${name}_${rt.width === 64 ? 'x' : 'w'}`;
  return encode(id, { ...(rs !== undefined ? { rs } : {}), ...(rt2 !== undefined ? { rt2 } : {}), rn, rt: rt.n });
};

const EXCLUSIVE_HANDLERS: Record<string, Handler> = {};
for (const [suffix, size] of [['', undefined], ['b', 0], ['h', 1]] as const) {
  for (const [name, status] of [['STXR', true], ['STLXR', true], ['LDXR', false], ['LDAXR', false], ['STLR', false], ['LDAR', false]] as const) {
    EXCLUSIVE_HANDLERS[name.toLowerCase() + suffix] = exclusiveHandler(name, size, status, false);
  }
}
for (const [name, status] of [['STXP', true], ['STLXP', true], ['LDXP', false], ['LDAXP', false]] as const) {
  EXCLUSIVE_HANDLERS[name.toLowerCase()] = exclusiveHandler(name, undefined, status, true);
}

// ---- LSE atomics, from the form table's list (src/a64/forms/ldst.ts) ----

/** Register width of an atomic: fixed for b/h (and casp's pair size), else from the first register. */
function atomicSize(o: Ops, a: AtomicSpec, reg: GprReg): number {
  if (a.size < 2) {
    if (reg.width !== 32) o.fail(0, 'a 32-bit integer register');
    return a.size;
  }
  return reg.width === 64 ? 3 : 2;
}

const atomicHandler = (specs: readonly AtomicSpec[], store: boolean): Handler => (o: Ops) => {
  const pair = specs[0].kind === 'casp';
  const count = pair ? 5 : store ? 2 : 3;
  o.expect(count);
  const rs = o.gpr(0);
  const size = atomicSize(o, specs[0], rs);
  const a = specs.find((x) => x.size === size) as AtomicSpec;
  const width = size === 3 ? 64 : 32;
  const regs = Array.from({ length: count - 1 }, (_, i) => o.gpr(i, { width }).n);
  if (pair) {
    if (regs[0] % 2 || regs[2] % 2) o.fail(regs[0] % 2 ? 0 : 2, 'an even-numbered register');
    if (regs[1] !== regs[0] + 1) o.fail(1, `the register after operand 1`);
    if (regs[3] !== regs[2] + 1) o.fail(3, `the register after operand 3`);
  }
  const rn = plainBase(o, count - 1);
  const rt = store ? 31 : pair ? regs[2] : regs[1];
  return encode(atomicId(a), { rs: regs[0], rn, rt });
};

const ATOMIC_HANDLERS: Record<string, Handler> = {};
{
  const byMnemonic = new Map<string, AtomicSpec[]>();
  for (const a of ATOMICS) {
    const m = atomicMnemonic(a);
    byMnemonic.set(m, [...(byMnemonic.get(m) ?? []), a]);
  }
  for (const [m, specs] of byMnemonic) {
    ATOMIC_HANDLERS[m] = atomicHandler(specs, false);
    const a = specs[0];
    if (a.kind === 'ld' && !(a.ordering & 1)) ATOMIC_HANDLERS[`st${m.slice(2)}`] = atomicHandler(specs, true);
  }
}

// ---- AdvSIMD load/store multiple structures ----

function vectorList(o: Ops, i: number): { first: number; count: number; size: number; q: number; arrangement: string } {
  const op = o.at(i);
  if (op.kind !== 'list' || op.index) o.fail(i, 'a vector register list {v0.16b, …}');
  const regs = op.regs.map((r) => {
    const name = r.kind === 'expr' && r.expr.k === 'sym' ? r.expr.name : undefined;
    const reg = name === undefined ? undefined : o.regNamed(name);
    if (!reg || reg.cls !== 'vec' || !reg.arrangement) o.fail(i, 'a list of vector registers with an arrangement');
    return reg;
  });
  const arrangement = regs[0].arrangement as string;
  if (regs.some((r) => r.arrangement !== arrangement)) o.fail(i, 'a list of registers with one arrangement');
  let count: number;
  if (op.range) {
    count = ((regs[1].n - regs[0].n + 32) % 32) + 1;
  } else {
    regs.forEach((r, k) => {
      if (r.n !== (regs[0].n + k) % 32) o.fail(i, 'a list of consecutive vector registers');
    });
    count = regs.length;
  }
  if (count < 1 || count > 4) o.fail(i, 'a list of 1 to 4 vector registers');
  const info = ARRANGEMENTS.get(arrangement);
  if (!info) o.fail(i, 'a list of vector registers with an arrangement');
  return { first: regs[0].n, count, size: info.size, q: info.q, arrangement };
}

const structureHandler = (load: boolean, structure: number): Handler => (o: Ops) => {
  o.expect(2, 3);
  const list = vectorList(o, 0);
  if (structure > 1 && list.count !== structure) o.fail(0, `a list of ${structure} vector registers`);
  if (structure > 1 && list.arrangement === '1d') o.fail(0, 'a list whose arrangement is not 1d');
  const m = o.mem(1);
  if (m.mode === 'pre' || (m.mode === 'offset' && m.hasOffset) || m.reloc || m.mulVl) o.fail(1, 'a memory operand [Xn] with an optional post-index');
  const name = `${load ? 'LD' : 'ST'}${structure}${structure === 1 ? `_${list.count}` : ''}`;
  const fields = { Q: list.q, size: list.size, rn: m.base.n, rt: list.first };
  if (m.mode === 'offset') return encode(`${name}_off`, fields);
  if (m.index) return encode(`${name}_post`, { ...fields, rm: m.index.n });
  const total = list.count * (list.q ? 16 : 8);
  if (m.offset !== BigInt(total)) throw new AsmError(`post-index ${m.offset} for '${o.mnemonic}' must be ${total} (the bytes transferred)`);
  return encode(`${name}_post`, { ...fields, rm: 31 });
};

// ---- SVE fill/spill: ldr/str z|p, [xn{, #imm, mul vl}] ----

function sveFillSpill(o: Ops, load: boolean, rt: Reg): Assembled {
  o.expect(2);
  const m = o.mem(1);
  if (m.mode !== 'offset' || m.index || m.reloc || (m.hasOffset && !m.mulVl)) o.fail(1, 'a memory operand [Xn{, #imm, mul vl}]');
  if (m.offset < -256n || m.offset > 255n) throw new AsmError(`offset ${m.offset} out of range for '${o.mnemonic}' (-256..255, mul vl)`);
  const v = Number(m.offset) & 0x1ff;
  const id = `${load ? 'LDR' : 'STR'}_${rt.cls}`;
  const reg: Record<string, number> = rt.cls === 'z' ? { zt: rt.n } : { pt: rt.n };
  return encode(id, { imm9h: v >> 3, imm9l: v & 7, rn: m.base.n, ...reg });
}

export const LDST_HANDLERS: Readonly<Record<string, Handler>> = {
  ...Object.fromEntries(Object.entries(SINGLE).map(([m, s]) => [m, (o: Ops) => singleTransfer(o, s.base, s.load, s.mode)])),
  ldp: pairHandler(true, false, false),
  stp: pairHandler(false, false, false),
  ldnp: pairHandler(true, true, false),
  stnp: pairHandler(false, true, false),
  ldpsw: pairHandler(true, false, true),
  ...EXCLUSIVE_HANDLERS,
  ...ATOMIC_HANDLERS,
  ...Object.fromEntries(
    [1, 2, 3, 4].flatMap((n) => [
      [`ld${n}`, structureHandler(true, n)],
      [`st${n}`, structureHandler(false, n)],
    ]),
  ),
};
