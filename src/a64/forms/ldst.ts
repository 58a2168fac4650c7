// Loads and stores. The register-sized variants (size:V:opc) are crossed with the addressing modes
// to give one form per mnemonic and mode, e.g. LDR_x_uimm, LDRB_post, STR_q_reg.
import { log2, sext } from '../bits.js';
import type { Fields, FormDef, InsnClass, MemAccess } from '../form.js';
import {
  fpreg, target, wreg, xreg,
  type FpSize, type GprOperand, type IndexExtend, type MemOperand, type Operand,
} from '../operands.js';
import { PREFETCH_NAMES, arrangementOf } from '../tables.js';

type RegKind = 'w' | 'x' | 'prfop' | FpSize;

interface Variant {
  readonly id: string;
  readonly mnemonic: string;
  readonly size: number;
  readonly v: number;
  readonly opc: number;
  readonly reg: RegKind;
  readonly bytes: number;
  readonly load: boolean;
  readonly signed?: boolean;
}

const gp = (id: string, mnemonic: string, size: number, opc: number, reg: RegKind, load: boolean, signed = false): Variant => ({
  id, mnemonic, size, v: 0, opc, reg, bytes: 1 << size, load, ...(signed ? { signed } : {}),
});
const fp = (load: boolean, reg: FpSize): Variant => {
  const size = reg === 'q' ? 0 : ['b', 'h', 's', 'd'].indexOf(reg);
  const opc = (reg === 'q' ? 2 : 0) | (load ? 1 : 0);
  return { id: `${load ? 'LDR' : 'STR'}_${reg}`, mnemonic: load ? 'ldr' : 'str', size, v: 1, opc, reg, bytes: reg === 'q' ? 16 : 1 << size, load };
};

const VARIANTS: readonly Variant[] = [
  gp('STRB', 'strb', 0, 0, 'w', false),
  gp('LDRB', 'ldrb', 0, 1, 'w', true),
  gp('LDRSB_x', 'ldrsb', 0, 2, 'x', true, true),
  gp('LDRSB_w', 'ldrsb', 0, 3, 'w', true, true),
  gp('STRH', 'strh', 1, 0, 'w', false),
  gp('LDRH', 'ldrh', 1, 1, 'w', true),
  gp('LDRSH_x', 'ldrsh', 1, 2, 'x', true, true),
  gp('LDRSH_w', 'ldrsh', 1, 3, 'w', true, true),
  gp('STR_w', 'str', 2, 0, 'w', false),
  gp('LDR_w', 'ldr', 2, 1, 'w', true),
  gp('LDRSW', 'ldrsw', 2, 2, 'x', true, true),
  gp('STR_x', 'str', 3, 0, 'x', false),
  gp('LDR_x', 'ldr', 3, 1, 'x', true),
  gp('PRFM', 'prfm', 3, 2, 'prfop', true),
  ...(['b', 'h', 's', 'd', 'q'] as const).flatMap((r) => [fp(false, r), fp(true, r)]),
];

export type LdstMode = 'uimm' | 'unscaled' | 'post' | 'pre' | 'unpriv' | 'reg';

function regOperand(kind: RegKind, n: number): Operand {
  if (kind === 'w') return wreg(n);
  if (kind === 'x') return xreg(n);
  if (kind === 'prfop') {
    const name = PREFETCH_NAMES.get(n);
    return name ? { kind: 'prfop', value: n, name } : { kind: 'prfop', value: n };
  }
  return fpreg(n, kind);
}

const base = (f: Fields): GprOperand => xreg(f.rn, true);
const INDEX_EXTEND: Readonly<Record<number, IndexExtend>> = { 2: 'uxtw', 3: 'lsl', 6: 'sxtw', 7: 'sxtx' };

function mnemonicFor(v: Variant, mode: LdstMode): string {
  if (mode === 'unscaled') return v.mnemonic === 'prfm' ? 'prfum' : v.mnemonic.replace(/^(ld|st)r/, '$1ur');
  if (mode === 'unpriv') return v.mnemonic.replace(/^(ld|st)r/, '$1tr');
  return v.mnemonic;
}

function classOf(v: Variant): InsnClass {
  if (v.reg === 'prfop') return 'hint';
  if (v.v) return v.load ? 'fp-load' : 'fp-store';
  return v.load ? 'load' : 'store';
}

const bits = (v: number, n: number) => v.toString(2).padStart(n, '0');

function singleForm(v: Variant, mode: LdstMode): FormDef {
  const head = `${bits(v.size, 2)} 111 ${v.v}`;
  const opc = bits(v.opc, 2);
  const pattern = {
    uimm: `${head} 01 ${opc} imm12:12 rn:5 rt:5`,
    unscaled: `${head} 00 ${opc} 0 imm9:9 00 rn:5 rt:5`,
    post: `${head} 00 ${opc} 0 imm9:9 01 rn:5 rt:5`,
    unpriv: `${head} 00 ${opc} 0 imm9:9 10 rn:5 rt:5`,
    pre: `${head} 00 ${opc} 0 imm9:9 11 rn:5 rt:5`,
    reg: `${head} 00 ${opc} 1 rm:5 option:3 S:1 10 rn:5 rt:5`,
  }[mode];
  const mem = (f: Fields): MemOperand => {
    switch (mode) {
      case 'uimm':
        return { kind: 'mem', base: base(f), mode: 'offset', offset: BigInt(f.imm12 * v.bytes), reloc: true };
      case 'pre':
      case 'post':
        return { kind: 'mem', base: base(f), mode, offset: BigInt(sext(f.imm9, 9)) };
      case 'reg': {
        const m: MemOperand = {
          kind: 'mem', base: base(f), mode: 'offset', offset: 0n,
          index: f.option & 1 ? xreg(f.rm) : wreg(f.rm), extend: INDEX_EXTEND[f.option],
        };
        return f.S ? { ...m, amount: log2(v.bytes) } : m;
      }
      default:
        return { kind: 'mem', base: base(f), mode: 'offset', offset: BigInt(sext(f.imm9, 9)) };
    }
  };
  const access: MemAccess = {
    bytes: v.bytes, load: v.load, ...(v.signed ? { signed: true } : {}), ...(mode === 'unpriv' ? { unprivileged: true } : {}),
  };
  return {
    id: `${v.id}_${mode}`,
    mnemonic: mnemonicFor(v, mode),
    cls: classOf(v),
    pattern,
    valid: mode === 'reg' ? (f) => (f.option & 2) !== 0 : undefined,
    operands: (f) => [regOperand(v.reg, f.rt), mem(f)],
    mem: access,
  };
}

const SINGLE_FORMS: FormDef[] = VARIANTS.flatMap((v) =>
  (['uimm', 'unscaled', 'post', 'pre', 'unpriv', 'reg'] as const)
    .filter((mode) => !((mode === 'pre' || mode === 'post' || mode === 'unpriv') && v.reg === 'prfop'))
    .filter((mode) => !(mode === 'unpriv' && v.v))
    .map((mode) => singleForm(v, mode)),
);

const LITERAL_FORMS: FormDef[] = (
  [
    ['LDR_w_lit', 'ldr', 0, 0, 'w', 4],
    ['LDR_x_lit', 'ldr', 1, 0, 'x', 8],
    ['LDRSW_lit', 'ldrsw', 2, 0, 'x', 4],
    ['PRFM_lit', 'prfm', 3, 0, 'prfop', 8],
    ['LDR_s_lit', 'ldr', 0, 1, 's', 4],
    ['LDR_d_lit', 'ldr', 1, 1, 'd', 8],
    ['LDR_q_lit', 'ldr', 2, 1, 'q', 16],
  ] as const
).map(([id, mnemonic, opc, vbit, reg, bytes]): FormDef => ({
  id,
  mnemonic,
  cls: reg === 'prfop' ? 'hint' : vbit ? 'fp-load' : 'load',
  pattern: `${bits(opc, 2)} 011 ${vbit} 00 imm19:19 rt:5`,
  operands: (f) => [regOperand(reg, f.rt), target(sext(f.imm19, 19) * 4)],
  mem: { bytes, load: true, ...(id === 'LDRSW_lit' ? { signed: true } : {}) },
}));

type PairMode = 'post' | 'offset' | 'pre' | 'nontemporal';
const PAIR_MODE_BITS: Readonly<Record<PairMode, string>> = { nontemporal: '000', post: '001', offset: '010', pre: '011' };

interface PairVariant {
  readonly id: string;
  readonly opc: number;
  readonly v: number;
  readonly load: boolean;
  readonly reg: 'w' | 'x' | FpSize;
  readonly bytes: number;
  readonly signed?: boolean;
}

const PAIR_VARIANTS: readonly PairVariant[] = [
  { id: 'STP_w', opc: 0, v: 0, load: false, reg: 'w', bytes: 4 },
  { id: 'LDP_w', opc: 0, v: 0, load: true, reg: 'w', bytes: 4 },
  { id: 'LDPSW', opc: 1, v: 0, load: true, reg: 'x', bytes: 4, signed: true },
  { id: 'STP_x', opc: 2, v: 0, load: false, reg: 'x', bytes: 8 },
  { id: 'LDP_x', opc: 2, v: 0, load: true, reg: 'x', bytes: 8 },
  { id: 'STP_s', opc: 0, v: 1, load: false, reg: 's', bytes: 4 },
  { id: 'LDP_s', opc: 0, v: 1, load: true, reg: 's', bytes: 4 },
  { id: 'STP_d', opc: 1, v: 1, load: false, reg: 'd', bytes: 8 },
  { id: 'LDP_d', opc: 1, v: 1, load: true, reg: 'd', bytes: 8 },
  { id: 'STP_q', opc: 2, v: 1, load: false, reg: 'q', bytes: 16 },
  { id: 'LDP_q', opc: 2, v: 1, load: true, reg: 'q', bytes: 16 },
];

function pairForm(p: PairVariant, mode: PairMode): FormDef {
  const nt = mode === 'nontemporal';
  const mnemonic = (p.signed ? 'ldpsw' : p.load ? 'ldp' : 'stp').replace(/p$/, nt ? 'np' : 'p');
  const memMode = mode === 'pre' || mode === 'post' ? mode : 'offset';
  return {
    id: nt ? p.id.replace(/^(LD|ST)P/, '$1NP') : `${p.id}_${mode}`,
    mnemonic,
    cls: p.v ? (p.load ? 'fp-load' : 'fp-store') : p.load ? 'load-pair' : 'store-pair',
    pattern: `${bits(p.opc, 2)} 101 ${p.v} ${PAIR_MODE_BITS[mode]} ${p.load ? 1 : 0} imm7:7 rt2:5 rn:5 rt:5`,
    operands: (f) => [
      regOperand(p.reg, f.rt),
      regOperand(p.reg, f.rt2),
      { kind: 'mem', base: base(f), mode: memMode, offset: BigInt(sext(f.imm7, 7) * p.bytes) },
    ],
    mem: { bytes: p.bytes, load: p.load, pair: true, ...(p.signed ? { signed: true } : {}) },
  };
}

const PAIR_FORMS: FormDef[] = PAIR_VARIANTS.flatMap((p) =>
  (['post', 'offset', 'pre', 'nontemporal'] as const).filter((m) => !(m === 'nontemporal' && p.signed)).map((m) => pairForm(p, m)),
);

interface ExclusiveSpec {
  readonly id: string;
  readonly mnemonic: string;
  readonly size: number;
  readonly o2: number;
  readonly load: boolean;
  readonly o1: number;
  readonly o0: number;
}

const EXCLUSIVES: readonly ExclusiveSpec[] = [0, 1, 2, 3].flatMap((size) => {
  const suffix = ['B', 'H', '_w', '_x'][size];
  const spec = (name: string, o2: number, load: boolean, o1: number, o0: number): ExclusiveSpec => ({
    id: name + suffix, mnemonic: (name + (size < 2 ? suffix : '')).toLowerCase(), size, o2, load, o1, o0,
  });
  const single = [
    spec('STXR', 0, false, 0, 0), spec('STLXR', 0, false, 0, 1), spec('LDXR', 0, true, 0, 0), spec('LDAXR', 0, true, 0, 1),
    spec('STLR', 1, false, 0, 1), spec('LDAR', 1, true, 0, 1),
  ];
  const pair = [spec('STXP', 0, false, 1, 0), spec('STLXP', 0, false, 1, 1), spec('LDXP', 0, true, 1, 0), spec('LDAXP', 0, true, 1, 1)];
  return size < 2 ? single : [...single, ...pair];
});

function exclusiveForm(e: ExclusiveSpec): FormDef {
  const status = !e.load && e.o2 === 0;
  const pair = e.o1 === 1;
  const reg = (n: number) => (e.size === 3 ? xreg(n) : wreg(n));
  return {
    id: e.id,
    mnemonic: e.mnemonic,
    cls: pair ? (e.load ? 'load-pair' : 'store-pair') : e.load ? 'load' : 'store',
    pattern: `${bits(e.size, 2)} 001000 ${e.o2}${e.load ? 1 : 0}${e.o1} ${status ? 'rs:5' : '11111'} ${e.o0} ${pair ? 'rt2:5' : '11111'} rn:5 rt:5`,
    operands: (f) => {
      const mem: MemOperand = { kind: 'mem', base: base(f), mode: 'offset', offset: 0n };
      return [...(status ? [wreg(f.rs)] : []), reg(f.rt), ...(pair ? [reg(f.rt2)] : []), mem];
    },
    mem: {
      bytes: 1 << e.size,
      load: e.load,
      ...(pair ? { pair: true } : {}),
      ...(e.o2 === 0 ? { exclusive: true } : {}),
      ...(e.o0 ? { acquireRelease: true } : {}),
    },
  };
}

const SIMD_MULTIPLE: ReadonlyArray<readonly [string, number, number]> = [
  ['1', 1, 0b0111], ['1', 2, 0b1010], ['1', 3, 0b0110], ['1', 4, 0b0010], ['2', 2, 0b1000], ['3', 3, 0b0100], ['4', 4, 0b0000],
];

function simdMultipleForm(load: boolean, structure: string, count: number, opcode: number, post: boolean): FormDef {
  const name = `${load ? 'LD' : 'ST'}${structure}`;
  return {
    id: `${name}${structure === '1' ? `_${count}` : ''}_${post ? 'post' : 'off'}`,
    mnemonic: name.toLowerCase(),
    cls: load ? 'fp-load' : 'fp-store',
    feature: 'simd',
    pattern: post
      ? `0 Q:1 0011001 ${load ? 1 : 0} 0 rm:5 ${bits(opcode, 4)} size:2 rn:5 rt:5`
      : `0 Q:1 0011000 ${load ? 1 : 0} 000000 ${bits(opcode, 4)} size:2 rn:5 rt:5`,
    valid: (f) => structure === '1' || !(f.size === 3 && f.Q === 0),
    operands: (f) => {
      const list: Operand = { kind: 'vlist', first: f.rt, count, arrangement: arrangementOf(f.size, f.Q) };
      const b = base(f);
      if (!post) return [list, { kind: 'mem', base: b, mode: 'offset', offset: 0n }];
      if (f.rm === 31) return [list, { kind: 'mem', base: b, mode: 'post', offset: BigInt(count * (f.Q ? 16 : 8)) }];
      return [list, { kind: 'mem', base: b, mode: 'post', offset: 0n, index: xreg(f.rm) }];
    },
    mem: { bytes: 0, load },
  };
}

const SIMD_FORMS: FormDef[] = [true, false].flatMap((load) =>
  SIMD_MULTIPLE.flatMap(([s, count, opcode]) => [false, true].map((post) => simdMultipleForm(load, s, count, opcode, post))),
);

// ---- ARMv8.1 atomics (LSE): ld<op>, swp, cas, casp; `ordering` is the a/l/al suffix ----

/** The atomic memory operations by opc, in the ARM ARM's order. */
export const ATOMIC_OPS: readonly string[] = ['add', 'clr', 'eor', 'set', 'smax', 'smin', 'umax', 'umin'];
export const ORDERINGS: readonly string[] = ['', 'a', 'l', 'al'];
const SIZE_SUFFIX = ['b', 'h', '', ''];
const SIZE_ID = ['B', 'H', '_w', '_x'];

export interface AtomicSpec {
  readonly kind: 'ld' | 'swp' | 'cas' | 'casp';
  /** ATOMIC_OPS entry for `ld`. */
  readonly op?: string;
  /** 0–3 (b, h, w, x); for casp 2 or 3 (w or x pairs). */
  readonly size: number;
  /** Index into ORDERINGS: bit 0 acquire, bit 1 release. */
  readonly ordering: number;
}

const atomicStem = (a: AtomicSpec): string => `${a.kind === 'ld' ? `ld${a.op}` : a.kind}${ORDERINGS[a.ordering]}`;
export const atomicMnemonic = (a: AtomicSpec): string => atomicStem(a) + (a.kind === 'casp' ? '' : SIZE_SUFFIX[a.size]);
export const atomicId = (a: AtomicSpec): string => atomicStem(a).toUpperCase() + SIZE_ID[a.size];

export const ATOMICS: readonly AtomicSpec[] = [0, 1, 2, 3].flatMap((ordering) => [
  ...ATOMIC_OPS.flatMap((op) => [0, 1, 2, 3].map((size): AtomicSpec => ({ kind: 'ld', op, size, ordering }))),
  ...(['swp', 'cas'] as const).flatMap((kind) => [0, 1, 2, 3].map((size): AtomicSpec => ({ kind, size, ordering }))),
  ...[2, 3].map((size): AtomicSpec => ({ kind: 'casp', size, ordering })),
]);

function atomicForm(a: AtomicSpec): FormDef {
  const acquire = a.ordering & 1;
  const release = a.ordering >> 1;
  const reg = (n: number) => (a.size === 3 ? xreg(n) : wreg(n));
  const mem = (f: Fields): MemOperand => ({ kind: 'mem', base: base(f), mode: 'offset', offset: 0n });
  const common = { id: atomicId(a), mnemonic: atomicMnemonic(a), feature: 'lse' } as const;
  const access: MemAccess = { bytes: 1 << a.size, load: true, atomic: true, ...(a.ordering ? { acquireRelease: true } : {}) };
  if (a.kind === 'cas' || a.kind === 'casp') {
    const pair = a.kind === 'casp';
    const head = pair ? `0${a.size & 1}` : bits(a.size, 2);
    return {
      ...common,
      cls: pair ? 'load-pair' : 'load',
      pattern: `${head} 001000 ${pair ? 0 : 1} ${acquire} 1 rs:5 ${release} 11111 rn:5 rt:5`,
      valid: pair ? (f) => f.rs % 2 === 0 && f.rt % 2 === 0 : undefined,
      operands: (f) => (pair ? [reg(f.rs), reg(f.rs + 1), reg(f.rt), reg(f.rt + 1), mem(f)] : [reg(f.rs), reg(f.rt), mem(f)]),
      mem: pair ? { ...access, pair: true } : access,
    };
  }
  const opc = a.kind === 'swp' ? '1 000' : `0 ${bits(ATOMIC_OPS.indexOf(a.op as string), 3)}`;
  const storeAlias = a.kind === 'ld' && !acquire ? `st${a.op}${release ? 'l' : ''}${SIZE_SUFFIX[a.size]}` : undefined;
  return {
    ...common,
    cls: 'load',
    pattern: `${bits(a.size, 2)} 111 0 00 ${acquire} ${release} 1 rs:5 ${opc} 00 rn:5 rt:5`,
    operands: (f) => [reg(f.rs), reg(f.rt), mem(f)],
    alias: storeAlias ? (f, ops) => (f.rt === 31 ? { mnemonic: storeAlias, operands: [ops[0], ops[2]] } : undefined) : undefined,
    mem: access,
  };
}

export const LDST_FORMS: readonly FormDef[] = [
  ...EXCLUSIVES.map(exclusiveForm),
  ...ATOMICS.map(atomicForm),
  ...LITERAL_FORMS,
  ...PAIR_FORMS,
  ...SINGLE_FORMS,
  ...SIMD_FORMS,
];
