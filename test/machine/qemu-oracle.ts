// Differential testing of the machine against QEMU user mode. A seeded generator writes random
// instruction sequences over the EL0-executable subset (integer ALU with flags, conditional ops,
// forward branches, loads and stores of every size and mode into a 4 KiB buffer, exclusives,
// FPSR/FPCR, vector moves and integer vector ops). Every case becomes one function of a static
// program: a prologue loads the initial state, the sequence runs, an epilogue dumps x0-x30, SP,
// NZCV, FPSR, FPCR, v0-v31 and the buffer to stdout with a raw `write` syscall. QEMU runs the
// program once for all cases (-cpu cortex-a57, the CPU hypsim models); hypsim runs each sequence
// from the same initial state at the same addresses, and the final states must be identical.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeBitmask } from '../../src/a64/bitmask.js';
import { disassemble } from '../../src/a64/index.js';
import { createMachine, type Machine } from '../../src/machine/index.js';
import { EXEC, READ, WRITE } from '../../src/machine/memory.js';

export const QEMU_TOOLS = ['qemu-aarch64', 'aarch64-linux-gnu-gcc', 'aarch64-linux-gnu-as', 'aarch64-linux-gnu-ld', 'aarch64-linux-gnu-nm', 'aarch64-linux-gnu-objcopy'];

const TEXT_BASE = 0x400000n;
const BUFFER_BYTES = 4096;
/** x0-x30, sp, nzcv, fpsr, fpcr (8 bytes each), padding to 288, v0-v31. */
const DUMP_REGS = 288 + 512;
const DUMP_BYTES = DUMP_REGS + BUFFER_BYTES;

// ---- a small seeded PRNG (sfc32) ----

export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    this.a = 0x9e3779b9;
    this.b = seed | 0;
    this.c = 0x243f6a88 ^ seed;
    this.d = 1;
    for (let i = 0; i < 16; i++) this.u32();
  }

  u32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  int(n: number): number {
    return this.u32() % n;
  }

  range(lo: number, hi: number): number {
    return lo + this.int(hi - lo + 1);
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }

  chance(p: number): boolean {
    return this.u32() / 2 ** 32 < p;
  }

  u64(): bigint {
    return (BigInt(this.u32()) << 32n) | BigInt(this.u32());
  }

  /** 64-bit values biased towards edges: 0, ±1, INT_MIN/MAX (32 and 64), powers of two, small numbers. */
  interesting(): bigint {
    switch (this.int(8)) {
      case 0: return this.pick([0n, 1n, 2n ** 64n - 1n, 2n ** 63n, 2n ** 63n - 1n, 0x80000000n, 0x7fffffffn, 0xffffffffn, 0x100000000n]);
      case 1: return 1n << BigInt(this.int(64));
      case 2: return BigInt(this.int(256));
      case 3: return BigInt.asUintN(64, -BigInt(this.int(256)));
      case 4: return BigInt(this.u32());
      default: return this.u64();
    }
  }
}

// ---- the generator ----

/** Registers a sequence may use freely; x26/x27 are scratch index/base, x28 holds the buffer. */
const POOL = [...Array.from({ length: 26 }, (_, i) => i), 29, 30];
const CONDS = ['eq', 'ne', 'cs', 'cc', 'mi', 'pl', 'vs', 'vc', 'hi', 'ls', 'ge', 'lt', 'gt', 'le', 'al'];
const hex = (v: bigint | number): string => `0x${v.toString(16)}`;

interface Gen {
  readonly rng: Rng;
  /** Whether `fmov …, #1.5` forms may appear (hypsim's own assembler does not take FP immediates yet). */
  readonly fpImmediates: boolean;
  readonly id: number;
  lines: string[];
  /** Labels to place before line index k (forward branch targets), by sequence position. */
  pending: Map<number, string>;
  position: number;
  literals: string[];
  labelCount: number;
  readonly length: number;
}

function reg(g: Gen, wide: boolean, opts: { zr?: boolean; sp?: boolean } = {}): string {
  const r = g.rng;
  if (opts.sp && r.chance(0.15)) return wide ? 'sp' : 'wsp';
  if (opts.zr && r.chance(0.1)) return wide ? 'xzr' : 'wzr';
  return `${wide ? 'x' : 'w'}${r.pick(POOL)}`;
}

const sized = (g: Gen) => g.rng.chance(0.6);

/** A label some lines ahead in the sequence (or at its end). */
function forwardLabel(g: Gen): string {
  const target = Math.min(g.length, g.position + 1 + g.rng.int(4));
  let name = g.pending.get(target);
  if (!name) {
    name = `c${g.id}_l${g.labelCount++}`;
    g.pending.set(target, name);
  }
  return name;
}

function bitmaskImmediate(g: Gen, wide: boolean): string {
  for (;;) {
    const n = wide ? g.rng.int(2) : 0;
    const v = decodeBitmask(n, g.rng.int(wide ? 64 : 32), g.rng.int(wide ? 64 : 32), wide ? 64 : 32);
    if (v !== undefined) return `#${hex(v)}`;
  }
}

type Template = (g: Gen) => string | string[];

const ALU: Template[] = [
  (g) => {
    const w = sized(g);
    const op = g.rng.pick(['add', 'adds', 'sub', 'subs']);
    const rd = op.endsWith('s') ? reg(g, w, { zr: true }) : reg(g, w);
    return `${op} ${rd}, ${reg(g, w, { sp: true })}, #${g.rng.int(4096)}${g.rng.chance(0.3) ? ', lsl #12' : ''}`;
  },
  (g) => `${g.rng.pick(['cmp', 'cmn'])} ${reg(g, sized(g))}, #${g.rng.int(4096)}`,
  (g) => {
    const w = sized(g);
    const op = g.rng.pick(['and', 'orr', 'eor', 'ands']);
    return `${op} ${reg(g, w)}, ${reg(g, w, { zr: true })}, ${bitmaskImmediate(g, w)}`;
  },
  (g) => {
    const w = sized(g);
    return `${g.rng.pick(['movz', 'movn', 'movk'])} ${reg(g, w)}, #${hex(g.rng.int(0x10000))}, lsl #${16 * g.rng.int(w ? 4 : 2)}`;
  },
  (g) => `mov ${reg(g, true)}, #${hex(g.rng.interesting() & 0xffffn)}`,
  (g) => {
    const w = sized(g);
    const bits = w ? 64 : 32;
    return `${g.rng.pick(['sbfm', 'ubfm', 'bfm'])} ${reg(g, w)}, ${reg(g, w, { zr: true })}, #${g.rng.int(bits)}, #${g.rng.int(bits)}`;
  },
  (g) => {
    const w = sized(g);
    const bits = w ? 64 : 32;
    const lsb = g.rng.int(bits);
    const width = 1 + g.rng.int(bits - lsb);
    return `${g.rng.pick(['ubfx', 'sbfx', 'bfi', 'bfxil', 'ubfiz', 'sbfiz'])} ${reg(g, w)}, ${reg(g, w)}, #${lsb}, #${width}`;
  },
  (g) => {
    const w = sized(g);
    return `${g.rng.pick(['lsl', 'lsr', 'asr', 'ror'])} ${reg(g, w)}, ${reg(g, w)}, #${g.rng.int(w ? 64 : 32)}`;
  },
  (g) => {
    const w = sized(g);
    return `${g.rng.pick(['sxtb', 'sxth', 'uxtb', 'uxth'])} ${reg(g, w)}, ${reg(g, false)}`;
  },
  (g) => `sxtw ${reg(g, true)}, ${reg(g, false)}`,
  (g) => {
    const w = sized(g);
    return `extr ${reg(g, w)}, ${reg(g, w, { zr: true })}, ${reg(g, w, { zr: true })}, #${g.rng.int(w ? 64 : 32)}`;
  },
  (g) => `${g.rng.pick(['adr', 'adrp'])} ${reg(g, true)}, ${forwardLabel(g)}`,
  (g) => {
    const w = sized(g);
    const op = g.rng.pick(['and', 'bic', 'orr', 'orn', 'eor', 'eon', 'ands', 'bics']);
    return `${op} ${reg(g, w, { zr: op.endsWith('s') })}, ${reg(g, w, { zr: true })}, ${reg(g, w, { zr: true })}, ${g.rng.pick(['lsl', 'lsr', 'asr', 'ror'])} #${g.rng.int(w ? 64 : 32)}`;
  },
  (g) => {
    const w = sized(g);
    const op = g.rng.pick(['add', 'adds', 'sub', 'subs']);
    return `${op} ${reg(g, w, { zr: true })}, ${reg(g, w, { zr: true })}, ${reg(g, w, { zr: true })}, ${g.rng.pick(['lsl', 'lsr', 'asr'])} #${g.rng.int(w ? 64 : 32)}`;
  },
  (g) => {
    const w = sized(g);
    return `${g.rng.pick(['neg', 'negs', 'mvn', 'cmp', 'cmn', 'tst'])} ${reg(g, w)}, ${reg(g, w)}`;
  },
  (g) => {
    const w = sized(g);
    const op = g.rng.pick(['add', 'adds', 'sub', 'subs', 'cmp', 'cmn']);
    const ext = g.rng.pick(['uxtb', 'uxth', 'uxtw', 'uxtx', 'sxtb', 'sxth', 'sxtw', 'sxtx']);
    const rm = w && (ext === 'uxtx' || ext === 'sxtx') ? reg(g, true) : reg(g, false);
    const rn = reg(g, w, { sp: true });
    const tail = `${rm}, ${ext} #${g.rng.int(5)}`;
    if (op === 'cmp' || op === 'cmn') return `${op} ${rn}, ${tail}`;
    return `${op} ${op.endsWith('s') ? reg(g, w, { zr: true }) : reg(g, w)}, ${rn}, ${tail}`;
  },
  (g) => {
    const w = sized(g);
    return `${g.rng.pick(['adc', 'adcs', 'sbc', 'sbcs'])} ${reg(g, w, { zr: true })}, ${reg(g, w, { zr: true })}, ${reg(g, w, { zr: true })}`;
  },
  (g) => {
    const w = sized(g);
    const operand = g.rng.chance(0.5) ? `#${g.rng.int(32)}` : reg(g, w, { zr: true });
    return `${g.rng.pick(['ccmp', 'ccmn'])} ${reg(g, w, { zr: true })}, ${operand}, #${g.rng.int(16)}, ${g.rng.pick(CONDS)}`;
  },
  (g) => {
    const w = sized(g);
    return `${g.rng.pick(['csel', 'csinc', 'csinv', 'csneg'])} ${reg(g, w)}, ${reg(g, w, { zr: true })}, ${reg(g, w, { zr: true })}, ${g.rng.pick(CONDS)}`;
  },
  (g) => {
    const w = sized(g);
    const cond = g.rng.pick(CONDS.slice(0, 14));
    switch (g.rng.int(3)) {
      case 0: return `${g.rng.pick(['cset', 'csetm'])} ${reg(g, w)}, ${cond}`;
      default: return `${g.rng.pick(['cinc', 'cinv', 'cneg'])} ${reg(g, w)}, ${reg(g, w)}, ${cond}`;
    }
  },
  (g) => {
    const w = sized(g);
    return `${g.rng.pick(['madd', 'msub'])} ${reg(g, w)}, ${reg(g, w)}, ${reg(g, w)}, ${reg(g, w, { zr: true })}`;
  },
  (g) => {
    const w = sized(g);
    return `${g.rng.pick(['mul', 'mneg', 'udiv', 'sdiv', 'lsl', 'lsr', 'asr', 'ror'])} ${reg(g, w)}, ${reg(g, w)}, ${reg(g, w, { zr: true })}`;
  },
  (g) => `${g.rng.pick(['smaddl', 'smsubl', 'umaddl', 'umsubl'])} ${reg(g, true)}, ${reg(g, false)}, ${reg(g, false)}, ${reg(g, true)}`,
  (g) => `${g.rng.pick(['smull', 'umull', 'smnegl', 'umnegl'])} ${reg(g, true)}, ${reg(g, false)}, ${reg(g, false)}`,
  (g) => `${g.rng.pick(['smulh', 'umulh'])} ${reg(g, true)}, ${reg(g, true)}, ${reg(g, true)}`,
  (g) => {
    const w = sized(g);
    const ops = w ? ['rbit', 'rev', 'rev16', 'rev32', 'clz', 'cls'] : ['rbit', 'rev', 'rev16', 'clz', 'cls'];
    return `${g.rng.pick(ops)} ${reg(g, w)}, ${reg(g, w)}`;
  },
  (g) => {
    // edge values for the following operations
    const v = g.rng.interesting();
    const r = reg(g, true);
    return [`movz ${r}, #${hex(v & 0xffffn)}`, `movk ${r}, #${hex((v >> 16n) & 0xffffn)}, lsl #16`, `movk ${r}, #${hex((v >> 32n) & 0xffffn)}, lsl #32`, `movk ${r}, #${hex((v >> 48n) & 0xffffn)}, lsl #48`];
  },
];

const BRANCH: Template[] = [
  (g) => `b.${g.rng.pick(CONDS)} ${forwardLabel(g)}`,
  (g) => `${g.rng.pick(['cbz', 'cbnz'])} ${reg(g, sized(g))}, ${forwardLabel(g)}`,
  (g) => {
    const w = sized(g);
    return `${g.rng.pick(['tbz', 'tbnz'])} ${reg(g, w)}, #${g.rng.int(w ? 64 : 32)}, ${forwardLabel(g)}`;
  },
  (g) => `${g.rng.pick(['b', 'bl'])} ${forwardLabel(g)}`,
  (g) => [`adr x27, ${forwardLabel(g)}`, `${g.rng.pick(['br', 'blr', 'ret'])} x27`],
];

interface Width {
  readonly load: string;
  readonly store?: string;
  readonly reg: (g: Gen) => string;
  readonly bytes: number;
}

const GPR_WIDTHS: readonly Width[] = [
  { load: 'ldrb', store: 'strb', reg: (g) => reg(g, false, { zr: true }), bytes: 1 },
  { load: 'ldrsb', reg: (g) => reg(g, sized(g)), bytes: 1 },
  { load: 'ldrh', store: 'strh', reg: (g) => reg(g, false, { zr: true }), bytes: 2 },
  { load: 'ldrsh', reg: (g) => reg(g, sized(g)), bytes: 2 },
  { load: 'ldr', store: 'str', reg: (g) => reg(g, false, { zr: true }), bytes: 4 },
  { load: 'ldrsw', reg: (g) => reg(g, true), bytes: 4 },
  { load: 'ldr', store: 'str', reg: (g) => reg(g, true, { zr: true }), bytes: 8 },
];

const FP_WIDTHS: readonly Width[] = (['b', 'h', 's', 'd', 'q'] as const).map((k, i) => ({
  load: 'ldr', store: 'str', reg: (g: Gen) => `${k}${g.rng.int(32)}`, bytes: 1 << i,
}));

/** A load or a store (when the width has one) with a destination that is not the scratch base. */
function access(g: Gen, w: Width): { op: string; rt: string } {
  const store = w.store !== undefined && g.rng.chance(0.5);
  return { op: store ? (w.store as string) : w.load, rt: w.reg(g) };
}

const aligned = (g: Gen, max: number, align: number): number => Math.floor(g.rng.int(Math.floor(max / align))) * align;

const MEMORY: Template[] = [
  (g) => {
    const w = g.rng.pick([...GPR_WIDTHS, ...FP_WIDTHS]);
    const { op, rt } = access(g, w);
    return `${op} ${rt}, [x28, #${aligned(g, BUFFER_BYTES - w.bytes, w.bytes)}]`;
  },
  (g) => {
    const w = g.rng.pick([...GPR_WIDTHS, ...FP_WIDTHS]);
    const { op, rt } = access(g, w);
    const unscaled = op.replace(/^(ld|st)r/, '$1ur');
    return [`add x27, x28, #${g.rng.range(256, 3800)}`, `${unscaled} ${rt}, [x27, #${g.rng.range(-256, 255)}]`];
  },
  (g) => {
    const w = g.rng.pick([...GPR_WIDTHS, ...FP_WIDTHS]);
    const { op, rt } = access(g, w);
    const imm = g.rng.range(-256, 255);
    return [`add x27, x28, #${g.rng.range(256, 3800)}`, g.rng.chance(0.5) ? `${op} ${rt}, [x27, #${imm}]!` : `${op} ${rt}, [x27], #${imm}`];
  },
  (g) => {
    const w = g.rng.pick([...GPR_WIDTHS, ...FP_WIDTHS]);
    const { op, rt } = access(g, w);
    const scale = Math.log2(w.bytes);
    const scaled = g.rng.chance(0.5);
    const amount = scaled ? ` #${scale}` : '';
    switch (g.rng.int(3)) {
      case 0: {
        const index = g.rng.int(Math.floor((BUFFER_BYTES - 16) / (scaled ? w.bytes : 1)));
        return [`mov x26, #${index}`, `${op} ${rt}, [x28, x26${scaled ? `, lsl #${scale}` : ''}]`];
      }
      case 1: {
        const index = g.rng.range(-120, 120);
        return [`add x27, x28, #2048`, `mov x26, #${index}`, `${op} ${rt}, [x27, w26, sxtw${amount}]`];
      }
      default: {
        const index = g.rng.int(120);
        return [`add x27, x28, #2048`, `mov w26, #${index}`, `${op} ${rt}, [x27, w26, uxtw${amount}]`];
      }
    }
  },
  (g) => {
    const kind = g.rng.pick(['w', 'x', 'sw', 's', 'd', 'q']);
    const bytes = { w: 4, x: 8, sw: 4, s: 4, d: 8, q: 16 }[kind] as number;
    const load = kind === 'sw' || g.rng.chance(0.5);
    const op = kind === 'sw' ? 'ldpsw' : `${load ? 'ld' : 'st'}${g.rng.chance(0.15) ? 'np' : 'p'}`;
    const name = (k: string): string => {
      if (k === 'w' || k === 'x' || k === 'sw') return reg(g, k !== 'w', { zr: !load });
      return `${k}${g.rng.int(32)}`;
    };
    const rt = name(kind);
    let rt2 = name(kind);
    if (load) while (rt2 === rt) rt2 = name(kind);
    const imm = g.rng.range(-64, 63) * bytes;
    const mode = op.includes('np') ? 0 : g.rng.int(3);
    const addressing = mode === 0 ? `[x27, #${imm}]` : mode === 1 ? `[x27, #${imm}]!` : `[x27], #${imm}`;
    return [`add x27, x28, #2048`, `${op} ${rt}, ${rt2}, ${addressing}`];
  },
  (g) => {
    const label = `c${g.id}_lit${g.literals.length}`;
    g.literals.push(`\t.balign 16\n${label}:\n\t.quad ${hex(g.rng.u64())}, ${hex(g.rng.u64())}`);
    const kind = g.rng.int(6);
    const rt = kind < 3 ? reg(g, kind !== 0) : `${'sdq'[kind - 3]}${g.rng.int(32)}`;
    return `${kind === 2 ? 'ldrsw' : 'ldr'} ${rt}, ${label}`;
  },
  (g) => {
    const w = g.rng.pick(GPR_WIDTHS.filter((x) => x.store));
    const { op, rt } = access(g, w);
    return `${op} ${rt}, [sp, #${aligned(g, 2040 - w.bytes, w.bytes)}]`;
  },
  (g) => {
    // exclusives: a complete ldxr…stxr on one aligned address, or a store after clrex (fails)
    const size = g.rng.pick([1, 2, 4, 8]);
    const suffix = size === 1 ? 'b' : size === 2 ? 'h' : '';
    const wide = size === 8;
    const rt = reg(g, wide);
    const value = reg(g, wide, { zr: true });
    let rs = reg(g, false);
    while (rs.slice(1) === rt.slice(1) || rs.slice(1) === value.slice(1)) rs = reg(g, false);
    const base = `add x27, x28, #${aligned(g, 4000, 16)}`;
    const acquire = g.rng.chance(0.5) ? 'a' : '';
    const release = g.rng.chance(0.5) ? 'l' : '';
    if (g.rng.chance(0.2)) return [base, 'clrex', `st${release}xr${suffix} ${rs}, ${value}, [x27]`];
    if (g.rng.chance(0.2)) return [base, `ld${acquire === 'a' ? 'a' : ''}r${suffix} ${rt}, [x27]`, `stlr${suffix} ${value}, [x27]`];
    const middle = g.rng.chance(0.5) ? [`add ${rs.replace('w', 'x')}, ${rs.replace('w', 'x')}, #1`] : [];
    return [base, `ld${acquire}xr${suffix} ${rt}, [x27]`, ...middle, `st${release}xr${suffix} ${rs}, ${value}, [x27]`];
  },
  (g) => {
    const wide = g.rng.chance(0.5);
    const rt = reg(g, wide);
    let rt2 = reg(g, wide);
    while (rt2 === rt) rt2 = reg(g, wide);
    let rs = reg(g, false);
    while ([rt, rt2].some((r) => r.slice(1) === rs.slice(1))) rs = reg(g, false);
    return [`add x27, x28, #${aligned(g, 4000, 16)}`, `ldaxp ${rt}, ${rt2}, [x27]`, `stlxp ${rs}, ${rt2}, ${rt}, [x27]`];
  },
  (g) => {
    const load = g.rng.chance(0.5);
    const structure = g.rng.int(4) + 1;
    const count = structure === 1 ? g.rng.int(4) + 1 : structure;
    const size = g.rng.int(4);
    const q = size === 3 && structure > 1 ? 1 : g.rng.int(2);
    const arrangement = ['8b', '16b', '4h', '8h', '2s', '4s', '1d', '2d'][size * 2 + q];
    const first = g.rng.int(32);
    const list = Array.from({ length: count }, (_, i) => `v${(first + i) % 32}.${arrangement}`).join(', ');
    const op = `${load ? 'ld' : 'st'}${structure}`;
    const bytes = count * (q ? 16 : 8);
    const post = g.rng.int(3);
    const base = `add x27, x28, #${g.rng.range(64, 3900)}`;
    if (post === 0) return [base, `${op} {${list}}, [x27]`];
    if (post === 1) return [base, `${op} {${list}}, [x27], #${bytes}`];
    return [base, `mov x26, #${g.rng.range(-64, 64)}`, `${op} {${list}}, [x27], x26`];
  },
  (g) => [`add x27, x28, #${g.rng.range(0, 4000)}`, g.rng.pick(['dc zva, x27', 'dc civac, x27', 'dc cvau, x27', 'dc cvac, x27', 'ic ivau, x27'])],
  (g) => g.rng.pick(['dmb ish', 'dsb sy', 'isb', 'nop', 'csdb', 'yield', 'dmb ishld', 'dsb nsh', 'hint #34', 'paciasp', 'autiasp', 'xpaclri']),
];

const SYSTEM: Template[] = [
  (g) => `mrs ${reg(g, true)}, ${g.rng.pick(['nzcv', 'fpsr', 'fpcr', 'dczid_el0', 'ctr_el0'])}`,
  (g) => `msr ${g.rng.pick(['nzcv', 'fpsr'])}, ${reg(g, true, { zr: true })}`,
  (g) => {
    // DN, FZ and the rounding mode (not AHP: the alternative half precision is not modelled)
    const value = g.rng.int(16) << 22;
    return [`mov x26, #${hex(value)}`, 'msr fpcr, x26'];
  },
];

const ARRANGEMENTS = ['8b', '16b', '4h', '8h', '2s', '4s', '2d'];
const v = (g: Gen, arrangement?: string) => `v${g.rng.int(32)}${arrangement ? `.${arrangement}` : ''}`;

const VECTOR: Template[] = [
  (g) => {
    const a = g.rng.pick(['8b', '16b']);
    const op = g.rng.pick(['and', 'orr', 'eor', 'bic', 'orn', 'bsl', 'bit', 'bif']);
    return `${op} ${v(g, a)}, ${v(g, a)}, ${v(g, a)}`;
  },
  (g) => {
    const a = g.rng.pick(ARRANGEMENTS);
    return `${g.rng.pick(['add', 'sub'])} ${v(g, a)}, ${v(g, a)}, ${v(g, a)}`;
  },
  (g) => `${g.rng.pick(['add', 'sub'])} d${g.rng.int(32)}, d${g.rng.int(32)}, d${g.rng.int(32)}`,
  (g) => {
    const a = g.rng.pick(['8b', '16b']);
    return `${g.rng.pick(['not', 'mvn', 'cnt', 'mov'])} ${v(g, a)}, ${v(g, a)}`;
  },
  (g) => {
    const imm8 = g.rng.int(256);
    switch (g.rng.int(7)) {
      case 0: return `movi ${v(g, g.rng.pick(['8b', '16b']))}, #${hex(imm8)}`;
      case 1: return `${g.rng.pick(['movi', 'mvni', 'orr', 'bic'])} ${v(g, g.rng.pick(['2s', '4s']))}, #${hex(imm8)}, lsl #${8 * g.rng.int(4)}`;
      case 2: return `${g.rng.pick(['movi', 'mvni', 'orr', 'bic'])} ${v(g, g.rng.pick(['4h', '8h']))}, #${hex(imm8)}, lsl #${8 * g.rng.int(2)}`;
      case 3: return `${g.rng.pick(['movi', 'mvni'])} ${v(g, g.rng.pick(['2s', '4s']))}, #${hex(imm8)}, msl #${g.rng.pick([8, 16])}`;
      case 4: {
        let mask = 0n;
        for (let i = 0; i < 8; i++) if (imm8 & (1 << i)) mask |= 0xffn << BigInt(8 * i);
        return g.rng.chance(0.5) ? `movi ${v(g, '2d')}, #${hex(mask)}` : `movi d${g.rng.int(32)}, #${hex(mask)}`;
      }
      case 5:
        if (!g.fpImmediates) return `movi ${v(g, '16b')}, #${hex(imm8)}`;
        return `fmov ${v(g, g.rng.pick(['2s', '4s', '2d']))}, #${g.rng.pick(['1.0', '-2.5', '0.125', '31.0', '-0.1875'])}`;
      default:
        if (!g.fpImmediates) return `movi d${g.rng.int(32)}, #0xff00ff00ff00ff00`;
        return `fmov ${g.rng.pick(['s', 'd'])}${g.rng.int(32)}, #${g.rng.pick(['1.0', '-2.5', '0.125', '31.0'])}`;
    }
  },
  (g) => {
    const size = g.rng.int(4);
    const e = 'bhsd'[size];
    const q = size === 3 ? 1 : g.rng.int(2);
    const a = ['8b', '16b', '4h', '8h', '2s', '4s', '1d', '2d'][size * 2 + q];
    const index = g.rng.int(16 >> size);
    switch (g.rng.int(7)) {
      case 0: return `dup ${v(g, a)}, ${reg(g, size === 3, { zr: true })}`;
      case 1: return `dup ${v(g, a)}, ${v(g)}.${e}[${index}]`;
      case 2: return `mov ${v(g)}.${e}[${index}], ${reg(g, size === 3, { zr: true })}`;
      case 3: return `mov ${v(g)}.${e}[${index}], ${v(g)}.${e}[${g.rng.int(16 >> size)}]`;
      case 4: return size === 3 ? `umov ${reg(g, true)}, ${v(g)}.d[${index}]` : size === 2 ? `mov ${reg(g, false)}, ${v(g)}.s[${index}]` : `umov ${reg(g, false)}, ${v(g)}.${e}[${index}]`;
      case 5: return size === 3 ? `mov ${e}${g.rng.int(32)}, ${v(g)}.${e}[${index}]` : size === 2 ? `smov ${reg(g, true)}, ${v(g)}.s[${index}]` : `smov ${reg(g, sized(g))}, ${v(g)}.${e}[${index}]`;
      default: return `mov ${e}${g.rng.int(32)}, ${v(g)}.${e}[${index}]`;
    }
  },
  (g) => {
    switch (g.rng.int(5)) {
      case 0: return `fmov s${g.rng.int(32)}, ${reg(g, false, { zr: true })}`;
      case 1: return `fmov ${reg(g, false)}, s${g.rng.int(32)}`;
      case 2: return `fmov d${g.rng.int(32)}, ${reg(g, true, { zr: true })}`;
      case 3: return `fmov ${reg(g, true)}, d${g.rng.int(32)}`;
      default: return g.rng.chance(0.5) ? `fmov ${v(g)}.d[1], ${reg(g, true, { zr: true })}` : `fmov ${reg(g, true)}, ${v(g)}.d[1]`;
    }
  },
  (g) => {
    const k = g.rng.pick(['s', 'd']);
    const r = () => `${k}${g.rng.int(32)}`;
    return g.rng.chance(0.7) ? `${g.rng.pick(['fmov', 'fabs', 'fneg'])} ${r()}, ${r()}` : `fcsel ${r()}, ${r()}, ${r()}, ${g.rng.pick(CONDS)}`;
  },
];

/** Bit patterns worth testing FP arithmetic on: zeros, infinities, NaNs, denormals, extremes, ones. */
const FP_SPECIALS: Readonly<Record<'s' | 'd', readonly bigint[]>> = {
  s: [0x0n, 0x80000000n, 0x7f800000n, 0xff800000n, 0x7fc00000n, 0x7fa00001n, 0xffc12345n, 0x00000001n, 0x807fffffn, 0x00800000n,
    0x7f7fffffn, 0xff7fffffn, 0x3f800000n, 0xbf800000n, 0x3f800001n, 0x4b000000n, 0x4f000000n, 0xcf000000n, 0x5f000000n, 0x3effffffn],
  d: [0x0n, 0x8000000000000000n, 0x7ff0000000000000n, 0xfff0000000000000n, 0x7ff8000000000000n, 0x7ff4000000000001n,
    0xfff8123456789abcn, 0x1n, 0x800fffffffffffffn, 0x0010000000000000n, 0x7fefffffffffffffn, 0xffefffffffffffffn,
    0x3ff0000000000000n, 0xbff0000000000000n, 0x3ff0000000000001n, 0x4330000000000000n, 0x43e0000000000000n, 0xc3e0000000000000n,
    0x41dfffffffc00000n, 0x3fe0000000000000n, 0x36a0000000000000n, 0x47efffffe0000000n],
};

function fpValue(g: Gen, k: 's' | 'd'): bigint {
  const r = g.rng;
  if (r.chance(0.5)) return r.pick(FP_SPECIALS[k]);
  const v = r.u64();
  if (k === 's') return r.chance(0.5) ? (v & 0xffffffffn) : ((v & 0x807fffffn) | (BigInt(r.range(100, 154)) << 23n));
  return r.chance(0.5) ? v : ((v & 0x800fffffffffffffn) | (BigInt(r.range(950, 1100)) << 52n));
}

const FP: Template[] = [
  (g) => {
    const k = g.rng.pick(['s', 'd'] as const);
    const value = fpValue(g, k);
    const n = g.rng.int(32);
    const moves = [`movz x26, #${hex(value & 0xffffn)}`, ...[1, 2, 3].filter((i) => k === 'd' || i === 1).map((i) => `movk x26, #${hex((value >> BigInt(16 * i)) & 0xffffn)}, lsl #${16 * i}`)];
    return [...moves, `fmov ${k}${n}, ${k === 'd' ? 'x26' : 'w26'}`];
  },
  (g) => {
    const k = g.rng.pick(['s', 'd']);
    const r = () => `${k}${g.rng.int(32)}`;
    return `${g.rng.pick(['fadd', 'fsub', 'fmul', 'fdiv', 'fmax', 'fmin', 'fmaxnm', 'fminnm', 'fnmul'])} ${r()}, ${r()}, ${r()}`;
  },
  (g) => {
    const k = g.rng.pick(['s', 'd']);
    const r = () => `${k}${g.rng.int(32)}`;
    return `${g.rng.pick(['fmadd', 'fmsub', 'fnmadd', 'fnmsub'])} ${r()}, ${r()}, ${r()}, ${r()}`;
  },
  (g) => {
    const k = g.rng.pick(['s', 'd']);
    const r = () => `${k}${g.rng.int(32)}`;
    if (g.fpImmediates && g.rng.chance(0.3)) return `${g.rng.pick(['fcmp', 'fcmpe'])} ${r()}, #0.0`;
    return g.rng.chance(0.8) ? `${g.rng.pick(['fcmp', 'fcmpe'])} ${r()}, ${r()}` : `fsqrt ${r()}, ${r()}`;
  },
  (g) => {
    const [to, from] = g.rng.pick([['d', 's'], ['s', 'd'], ['h', 's'], ['s', 'h'], ['h', 'd'], ['d', 'h']] as const);
    return `fcvt ${to}${g.rng.int(32)}, ${from}${g.rng.int(32)}`;
  },
  (g) => {
    const k = g.rng.pick(['s', 'd']);
    const wide = sized(g);
    if (g.rng.chance(0.5)) return `${g.rng.pick(['scvtf', 'ucvtf'])} ${k}${g.rng.int(32)}, ${reg(g, wide, { zr: true })}`;
    return `${g.rng.pick(['fcvtzs', 'fcvtzu'])} ${reg(g, wide)}, ${k}${g.rng.int(32)}`;
  },
];

const GROUPS: ReadonlyArray<readonly [number, readonly Template[]]> = [[36, ALU], [10, BRANCH], [28, MEMORY], [5, SYSTEM], [12, VECTOR], [9, FP]];

function template(g: Gen): Template {
  let k = g.rng.int(100);
  for (const [weight, list] of GROUPS) {
    if (k < weight) return g.rng.pick(list);
    k -= weight;
  }
  return g.rng.pick(ALU);
}

export interface FuzzCase {
  readonly id: number;
  readonly lines: readonly string[];
  readonly literals: readonly string[];
  /** x0..x30 initial values (x28 is replaced by the buffer's address). */
  readonly x: readonly bigint[];
  readonly nzcv: number;
  readonly fpsr: number;
  readonly fpcr: number;
  readonly v: readonly bigint[];
  readonly bufferSeed: bigint;
}

export function generateCase(rng: Rng, id: number, length = 40, fpImmediates = true): FuzzCase {
  const g: Gen = { rng, id, fpImmediates, lines: [], pending: new Map(), position: 0, literals: [], labelCount: 0, length };
  for (g.position = 0; g.position < length; g.position++) {
    const label = g.pending.get(g.position);
    if (label) g.lines.push(`${label}:`);
    const out = template(g)(g);
    g.lines.push(...(Array.isArray(out) ? out : [out]));
  }
  const end = g.pending.get(length);
  if (end) g.lines.push(`${end}:`);
  const x = Array.from({ length: 31 }, () => rng.interesting());
  return {
    id,
    lines: g.lines,
    literals: g.literals,
    x,
    nzcv: rng.int(16) << 28,
    fpsr: (rng.u32() & 0xf800009f) >>> 0,
    fpcr: (rng.int(16) << 22) >>> 0,
    v: Array.from({ length: 32 }, () => (rng.u64() << 64n) | rng.u64()),
    bufferSeed: rng.u64() | 1n,
  };
}

// ---- the program QEMU runs ----

const q = (v: bigint): string => `0x${BigInt.asUintN(64, v).toString(16)}`;

function caseSource(c: FuzzCase): string {
  const id = c.id;
  const out: string[] = [];
  out.push('\t.data', '\t.balign 16', `state_${id}:`);
  for (let i = 0; i < 31; i++) out.push(i === 28 ? '\t.quad buffer' : `\t.quad ${q(c.x[i])}`);
  out.push(`\t.quad ${q(BigInt(c.nzcv))}`, `\t.quad ${q(BigInt(c.fpsr))}`, `\t.quad ${q(BigInt(c.fpcr))}`);
  for (const vv of c.v) out.push(`\t.quad ${q(vv & (2n ** 64n - 1n))}, ${q(vv >> 64n)}`);
  out.push('\t.text', '\t.balign 4', `case_${id}:`);
  out.push('\tadrp x0, saved', '\tadd x0, x0, :lo12:saved', '\tmov x1, sp', '\tstp x30, x1, [x0]');
  const seed = c.bufferSeed;
  out.push(`\tmovz x0, #${q(seed & 0xffffn)}`);
  for (let s = 1; s < 4; s++) out.push(`\tmovk x0, #${q((seed >> BigInt(16 * s)) & 0xffffn)}, lsl #${16 * s}`);
  out.push('\tbl fill_buffer');
  out.push(`\tadrp x0, state_${id}`, `\tadd x0, x0, :lo12:state_${id}`);
  out.push('\tadd x1, x0, #272');
  for (let i = 0; i < 32; i += 2) out.push(`\tldp q${i}, q${i + 1}, [x1], #32`);
  out.push('\tldr x1, [x0, #248]', '\tmsr nzcv, x1', '\tldr x1, [x0, #256]', '\tmsr fpsr, x1', '\tldr x1, [x0, #264]', '\tmsr fpcr, x1');
  out.push('\tadrp x1, buffer', '\tadd x1, x1, :lo12:buffer', '\tadd x1, x1, #2048', '\tmov sp, x1');
  for (let i = 2; i < 30; i += 2) out.push(`\tldp x${i}, x${i + 1}, [x0, #${8 * i}]`);
  out.push('\tldr x30, [x0, #240]', '\tldp x0, x1, [x0]');
  out.push(`case_${id}_begin:`);
  for (const l of c.lines) out.push(l.endsWith(':') ? l : `\t${l}`);
  out.push(`case_${id}_end:`);
  out.push('\tmsr tpidr_el0, x0', '\tadrp x0, dump', '\tadd x0, x0, :lo12:dump', '\tstr x1, [x0, #8]');
  for (let i = 2; i < 30; i += 2) out.push(`\tstp x${i}, x${i + 1}, [x0, #${8 * i}]`);
  out.push('\tstr x30, [x0, #240]', '\tmrs x1, tpidr_el0', '\tstr x1, [x0]', '\tmov x1, sp', '\tstr x1, [x0, #248]');
  out.push('\tmrs x1, nzcv', '\tstr x1, [x0, #256]', '\tmrs x1, fpsr', '\tstr x1, [x0, #264]', '\tmrs x1, fpcr', '\tstr x1, [x0, #272]');
  out.push('\tadd x1, x0, #288');
  for (let i = 0; i < 32; i += 2) out.push(`\tstp q${i}, q${i + 1}, [x1], #32`);
  out.push('\tbl write_dump');
  out.push('\tadrp x0, saved', '\tadd x0, x0, :lo12:saved', '\tldp x30, x1, [x0]', '\tmov sp, x1', '\tret');
  out.push(...c.literals);
  return out.join('\n');
}

function programSource(cases: readonly FuzzCase[]): string {
  const head = [
    '\t.text', '\t.global _start', '_start:',
    ...cases.map((c) => `\tbl case_${c.id}`),
    '\tmov x0, #0', '\tmov x8, #93', '\tsvc #0',
    // x0 = seed: fills the buffer with xorshift64 words
    'fill_buffer:', '\tadrp x1, buffer', '\tadd x1, x1, :lo12:buffer', '\tmov x2, #512',
    '1:\teor x0, x0, x0, lsl #13', '\teor x0, x0, x0, lsr #7', '\teor x0, x0, x0, lsl #17', '\tstr x0, [x1], #8',
    '\tsubs x2, x2, #1', '\tb.ne 1b', '\tret',
    'write_dump:', '\tmov x0, #1', '\tadrp x1, dump', '\tadd x1, x1, :lo12:dump', `\tmov x2, #${DUMP_REGS}`, '\tmov x8, #64', '\tsvc #0',
    '\tmov x0, #1', '\tadrp x1, buffer', '\tadd x1, x1, :lo12:buffer', `\tmov x2, #${BUFFER_BYTES}`, '\tmov x8, #64', '\tsvc #0', '\tret',
    '\t.bss', '\t.balign 4096', 'buffer:', `\t.skip ${BUFFER_BYTES}`, '\t.balign 16', 'dump:', `\t.skip ${DUMP_REGS}`, 'saved:', '\t.skip 16',
  ];
  return [...head, ...cases.map(caseSource), ''].join('\n');
}

export function fillBuffer(seed: bigint): Uint8Array {
  const out = new Uint8Array(BUFFER_BYTES);
  const view = new DataView(out.buffer);
  let x = seed;
  for (let i = 0; i < BUFFER_BYTES / 8; i++) {
    x ^= BigInt.asUintN(64, x << 13n);
    x ^= x >> 7n;
    x ^= BigInt.asUintN(64, x << 17n);
    view.setBigUint64(i * 8, x, true);
  }
  return out;
}

// ---- final states ----

export interface FinalState {
  readonly x: readonly bigint[];
  readonly sp: bigint;
  readonly nzcv: bigint;
  readonly fpsr: bigint;
  readonly fpcr: bigint;
  readonly v: readonly bigint[];
  readonly buffer: Uint8Array;
}

function parseDump(bytes: Uint8Array): FinalState {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u = (o: number) => view.getBigUint64(o, true);
  return {
    x: Array.from({ length: 31 }, (_, i) => u(8 * i)),
    sp: u(248),
    nzcv: u(256),
    fpsr: u(264),
    fpcr: u(272),
    v: Array.from({ length: 32 }, (_, i) => u(288 + 16 * i) | (u(296 + 16 * i) << 64n)),
    buffer: bytes.slice(DUMP_REGS, DUMP_BYTES),
  };
}

export interface Built {
  readonly text: Uint8Array;
  readonly symbols: ReadonlyMap<string, bigint>;
  readonly dumps: readonly FinalState[];
  readonly source: string;
}

/** Assembles, links and runs all cases under QEMU; returns the image and QEMU's final states. */
export function runUnderQemu(cases: readonly FuzzCase[]): Built {
  const dir = mkdtempSync(join(tmpdir(), 'hypsim-qemu-'));
  try {
    const source = programSource(cases);
    writeFileSync(join(dir, 'cases.s'), source);
    const as = spawnSync('aarch64-linux-gnu-as', ['-o', join(dir, 'cases.o'), join(dir, 'cases.s')]);
    if (as.status !== 0) throw new Error(`as rejected the generated program:\n${as.stderr.toString().split('\n').slice(0, 20).join('\n')}`);
    execFileSync('aarch64-linux-gnu-ld', ['-static', `-Ttext=0x${TEXT_BASE.toString(16)}`, '-o', join(dir, 'cases'), join(dir, 'cases.o')]);
    execFileSync('aarch64-linux-gnu-objcopy', ['-O', 'binary', '-j', '.text', join(dir, 'cases'), join(dir, 'text.bin')]);
    const symbols = new Map<string, bigint>();
    for (const line of execFileSync('aarch64-linux-gnu-nm', [join(dir, 'cases')]).toString().split('\n')) {
      const m = /^([0-9a-f]+) \w (\S+)$/.exec(line);
      if (m) symbols.set(m[2], BigInt(`0x${m[1]}`));
    }
    const run = spawnSync('qemu-aarch64', ['-cpu', 'cortex-a57', join(dir, 'cases')], { maxBuffer: 1 << 30 });
    if (run.status !== 0) throw new Error(`qemu-aarch64 failed (status ${run.status}, signal ${run.signal}): ${run.stderr.toString()}`);
    const out = new Uint8Array(run.stdout);
    if (out.length !== cases.length * DUMP_BYTES) throw new Error(`qemu wrote ${out.length} bytes, expected ${cases.length * DUMP_BYTES}`);
    const dumps = cases.map((_, i) => parseDump(out.subarray(i * DUMP_BYTES, (i + 1) * DUMP_BYTES)));
    return { text: new Uint8Array(readFileSync(join(dir, 'text.bin'))), symbols, dumps, source };
  } finally {
    if (process.env.HYPSIM_KEEP_FUZZ_DIR) console.error(`fuzz program kept in ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

const BRK0 = 0xd4200000;

/** One machine for all cases: the program's .text at its link address, the buffer as data. */
export function hypsimMachine(built: Built, cases: readonly FuzzCase[]): Machine {
  const m = createMachine();
  const text = built.text.slice();
  const view = new DataView(text.buffer);
  for (const c of cases) {
    const end = built.symbols.get(`case_${c.id}_end`) as bigint;
    view.setUint32(Number(end - TEXT_BASE), BRK0, true);
  }
  const size = Math.ceil(text.length / 0x1000) * 0x1000;
  m.memory.map('text', TEXT_BASE, size, { perms: READ | EXEC });
  m.memory.writeBytes(TEXT_BASE, text);
  m.memory.map('buffer', built.symbols.get('buffer') as bigint, BUFFER_BYTES, { perms: READ | WRITE });
  return m;
}

/** Runs one case on hypsim: the fast loop, or the traced (instruction by instruction) reference loop. */
export function runUnderHypsim(m: Machine, built: Built, c: FuzzCase, traced = false): FinalState | string {
  const buffer = built.symbols.get('buffer') as bigint;
  m.reset();
  m.setEl(0, 0);
  m.setSysreg('cpacr_el1', 3n << 20n);
  // Linux at EL0: cache maintenance, DC ZVA and DAIF access allowed (SCTLR_EL1.UCI, DZE, UMA).
  m.setSysreg('sctlr_el1', (1n << 26n) | (1n << 14n) | (1n << 9n));
  c.x.forEach((value, i) => m.setX(i, i === 28 ? buffer : value));
  m.sp = buffer + 2048n;
  m.setSysreg('nzcv', BigInt(c.nzcv));
  m.setSysreg('fpsr', BigInt(c.fpsr));
  m.setSysreg('fpcr', BigInt(c.fpcr));
  c.v.forEach((value, i) => m.setV(i, value));
  m.memory.writeBytes(buffer, fillBuffer(c.bufferSeed));
  m.pc = built.symbols.get(`case_${c.id}_begin`) as bigint;
  const result = m.run({ maxSteps: 10_000, ...(traced ? { onStep: () => {} } : {}) });
  if (result.reason !== 'brk' || m.pc !== built.symbols.get(`case_${c.id}_end`)) return `${result.reason}: ${result.message} (pc 0x${m.pc.toString(16)})`;
  return {
    x: Array.from({ length: 31 }, (_, i) => m.x(i)),
    sp: m.sp,
    nzcv: m.sysreg('nzcv'),
    fpsr: m.sysreg('fpsr'),
    fpcr: m.sysreg('fpcr'),
    v: Array.from({ length: 32 }, (_, i) => m.v(i)),
    buffer: m.memory.readBytes(buffer, BUFFER_BYTES),
  };
}

export function compareStates(expected: FinalState, actual: FinalState): string[] {
  const diffs: string[] = [];
  const h = (v: bigint) => `0x${v.toString(16)}`;
  expected.x.forEach((e, i) => e !== actual.x[i] && diffs.push(`x${i}: qemu ${h(e)}, hypsim ${h(actual.x[i])}`));
  for (const k of ['sp', 'nzcv', 'fpsr', 'fpcr'] as const) if (expected[k] !== actual[k]) diffs.push(`${k}: qemu ${h(expected[k])}, hypsim ${h(actual[k])}`);
  expected.v.forEach((e, i) => e !== actual.v[i] && diffs.push(`v${i}: qemu ${h(e)}, hypsim ${h(actual.v[i])}`));
  for (let i = 0; i < BUFFER_BYTES; i++) {
    if (expected.buffer[i] !== actual.buffer[i]) {
      diffs.push(`buffer+0x${i.toString(16)}: qemu 0x${expected.buffer[i].toString(16)}, hypsim 0x${actual.buffer[i].toString(16)}`);
      if (diffs.length > 40) break;
    }
  }
  return diffs;
}

/** The case's sequence as assembled (address, word, hypsim's disassembly, source line). */
export function listing(built: Built, c: FuzzCase): string {
  const begin = built.symbols.get(`case_${c.id}_begin`) as bigint;
  const end = built.symbols.get(`case_${c.id}_end`) as bigint;
  const view = new DataView(built.text.buffer, built.text.byteOffset);
  const out: string[] = [];
  const source = c.lines.filter((l) => !l.endsWith(':'));
  for (let a = begin, i = 0; a < end; a += 4n, i++) {
    const word = view.getUint32(Number(a - TEXT_BASE), true);
    out.push(`  0x${a.toString(16)}  ${word.toString(16).padStart(8, '0')}  ${disassemble(word, { reassemblable: false }).padEnd(40)} // ${source[i] ?? ''}`);
  }
  return out.join('\n');
}

export interface FuzzReport {
  readonly cases: number;
  readonly failures: ReadonlyArray<{ readonly id: number; readonly diffs: readonly string[]; readonly listing: string }>;
}

/** Generates `count` cases from `seed` and runs them in batches of `batch` per QEMU process. */
export function fuzz(seed: number, count: number, length = 40, batch = 1000, progress?: (done: number) => void): FuzzReport {
  const rng = new Rng(seed);
  const failures: Array<{ id: number; diffs: string[]; listing: string }> = [];
  for (let first = 0; first < count; first += batch) {
    const cases = Array.from({ length: Math.min(batch, count - first) }, (_, i) => generateCase(rng, first + i, length));
    const built = runUnderQemu(cases);
    const m = hypsimMachine(built, cases);
    cases.forEach((c, i) => {
      const actual = runUnderHypsim(m, built, c);
      const diffs = typeof actual === 'string' ? [actual] : compareStates(built.dumps[i], actual);
      if (diffs.length) failures.push({ id: c.id, diffs, listing: listing(built, c) });
    });
    progress?.(first + cases.length);
  }
  return { cases: count, failures };
}
