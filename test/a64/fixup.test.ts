// Fixups: the encoder's symbolic operands, resolved with applyFixup, give the words GNU ld writes
// for the same relocations; ranges and alignment are checked as ELF specifies.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Long from 'long';
import { describe, expect, it } from 'vitest';
import {
  AsmError, applyFixup, assembleInstruction, encodeDataReloc, relocValue, type AsmEnv,
} from '../../src/a64/index.js';
import { parseOperands } from '../../src/gas/parser.js';
import type { RelocType } from '../../src/ir/program.js';
import { missingOracle } from '../helpers/oracles.js';
import { GAS_TOOLS, hex, noLocalLabels } from './helpers.js';

const L = (v: number | bigint) => Long.fromString(v.toString());

/** Symbols defined for the linker with --defsym. */
const SYMBOLS: Readonly<Record<string, bigint>> = {
  near: 0x40100n,
  far: 0x123456789abcdef0n,
  page: 0x54321f08n,
  neg: -0x1234n,
  negbig: -0x123456789n,
  small: 0x1234n,
  mid: 0x12345678n,
  negmid: -0x12345678n,
  wide: 0xfedcba987654n,
};

const LINES = [
  'b near', 'bl near', 'b near+8', 'b.ne near', 'cbz x0, near', 'cbnz w1, near-4', 'tbz x2, #5, .+0x100', 'tbnz w3, #31, .-4',
  'adr x4, near', 'adr x5, near+3', 'adrp x6, page', 'adrp x6, near+0x7fff0000', 'add x7, x7, #:lo12:page', 'add x7, x8, #:lo12:far',
  'ldr x8, [x8, #:lo12:page]', 'ldr w8, [x8, #:lo12:page]', 'ldrh w8, [x8, #:lo12:page]', 'ldrb w8, [x8, #:lo12:page+1]',
  'ldr q8, [x8, #:lo12:far]', 'str d8, [x8, #:lo12:page]', 'prfm pldl1keep, [x8, #:lo12:page]',
  'ldr x9, near', 'ldr w9, near', 'ldrsw x9, near', 'ldr q9, near', 'prfm pldl1keep, near',
  'movz x10, #:abs_g3:far', 'movk x10, #:abs_g2_nc:far', 'movk x10, #:abs_g1_nc:far', 'movk x10, #:abs_g0_nc:far',
  'movz x11, #:abs_g0:small', 'movz x11, #:abs_g1:mid', 'movz x11, #:abs_g2:wide', 'movk w11, #:abs_g0_nc:mid',
  'movz x12, #:abs_g0_s:neg', 'movz x12, #:abs_g1_s:negmid', 'movz x12, #:abs_g2_s:negbig', 'movz x12, #:abs_g0_s:small',
  'movn x12, #:abs_g1_s:mid', 'movz x12, #:abs_g1_s:neg',
];

function symbolEnv(dot: number): AsmEnv {
  return {
    alias: (n) => n,
    evaluate: (e) => {
      const resolve = (x: typeof e): { sym?: string; add: bigint } => {
        if (x.k === 'num') return { add: BigInt(x.v.toString()) };
        if (x.k === 'dot') return { sym: '.text', add: BigInt(dot) };
        if (x.k === 'sym') return { sym: x.name, add: 0n };
        if (x.k === 'binary' && (x.op === '+' || x.op === '-')) {
          const a = resolve(x.a);
          const b = resolve(x.b);
          return { sym: a.sym ?? b.sym, add: x.op === '+' ? a.add + b.add : a.add - b.add };
        }
        if (x.k === 'unary' && x.op === '-') return { add: -resolve(x.a).add };
        throw new Error('unsupported expression');
      };
      const r = resolve(e);
      return r.sym ? { kind: 'symbolic', symbol: r.sym, addend: L(r.add), pcrel: false } : { kind: 'const', v: L(r.add) };
    },
  };
}

function hypsimResolved(text: string, offset: number): number {
  const m = /^(\S+)\s*(.*)$/.exec(text) as RegExpExecArray;
  const a = assembleInstruction(m[1], parseOperands(m[2], noLocalLabels), symbolEnv(offset));
  if (!a.fixup) return a.word;
  const v = a.fixup.value;
  if (v.kind !== 'symbolic') throw new Error(`${text}: constant fixup`);
  const base = v.symbol === '.text' ? 0n : SYMBOLS[v.symbol];
  const target = L(base + BigInt(v.addend.toString()));
  return applyFixup(a.word, a.fixup.type, relocValue(a.fixup.type, target, L(offset)));
}

describe.skipIf(missingOracle({ tools: GAS_TOOLS }))('fixups against GNU ld', () => {
  it('resolve to the words ld writes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hypsim-fixup-'));
    try {
      writeFileSync(join(dir, 'in.s'), LINES.map((l) => `\t${l}\n`).join(''));
      execFileSync('aarch64-linux-gnu-as', ['-o', join(dir, 'in.o'), join(dir, 'in.s')]);
      const defsyms = Object.entries(SYMBOLS).flatMap(([k, v]) => ['--defsym', `${k}=${v < 0n ? '-' : ''}0x${(v < 0n ? -v : v).toString(16)}`]);
      execFileSync('aarch64-linux-gnu-ld', ['-Ttext=0', '-e', '0', '--no-relax', ...defsyms, '-o', join(dir, 'out'), join(dir, 'in.o')]);
      execFileSync('aarch64-linux-gnu-objcopy', ['-O', 'binary', '-j', '.text', join(dir, 'out'), join(dir, 'out.bin')]);
      const bin = readFileSync(join(dir, 'out.bin'));
      const bad = LINES.flatMap((l, i) => {
        const ld = bin.readUInt32LE(i * 4);
        const mine = hypsimResolved(l, i * 4);
        return mine === ld ? [] : [`${l}: ld ${hex(ld)}, hypsim ${hex(mine)}`];
      });
      expect(bad).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('applyFixup checks', () => {
  const cases: ReadonlyArray<readonly [number, RelocType, bigint, RegExp | number]> = [
    [0x14000000, 'JUMP26', 0x7fffffcn, 0x15ffffff],
    [0x14000000, 'JUMP26', -0x8000000n, 0x16000000],
    [0x14000000, 'JUMP26', 0x8000000n, /out of range/],
    [0x94000000, 'CALL26', 2n, /not a multiple of 4/],
    [0x54000001, 'CONDBR19', 0xffffcn, 0x547fffe1],
    [0x54000001, 'CONDBR19', 0x100000n, /out of range/],
    [0xb4000000, 'CONDBR19', -4n, 0xb4ffffe0],
    [0x36000000, 'TSTBR14', 0x7ffcn, 0x3603ffe0],
    [0x36000000, 'TSTBR14', 0x8000n, /out of range/],
    [0x58000000, 'LD_PREL_LO19', -0x100000n, 0x58800000],
    [0x10000000, 'ADR_PREL_LO21', 0xfffffn, 0x707fffe0],
    [0x10000000, 'ADR_PREL_LO21', -0x100001n, /out of range/],
    [0x90000000, 'ADR_PREL_PG_HI21', 0x1000n, 0xb0000000],
    [0x90000000, 'ADR_PREL_PG_HI21', 0x100000000n, /out of range/],
    [0x90000000, 'ADR_PREL_PG_HI21_NC', 0x100000000n, 0x90800000],
    [0x90000000, 'ADR_PREL_PG_HI21', 0x1004n, /not a multiple of 4096/],
    [0x91000000, 'ADD_ABS_LO12_NC', 0x12345n, 0x910d1400],
    [0xf9400000, 'LDST64_ABS_LO12_NC', 0x12348n, 0xf941a400],
    [0xf9400000, 'LDST64_ABS_LO12_NC', 0x12344n, /not a multiple of 8/],
    [0x3dc00000, 'LDST128_ABS_LO12_NC', 0xff0n, 0x3dc3fc00],
    [0x39400000, 'LDST8_ABS_LO12_NC', 0xfffn, 0x397ffc00],
    [0xd2800000, 'MOVW_UABS_G0', 0xffffn, 0xd29fffe0],
    [0xd2800000, 'MOVW_UABS_G0', 0x10000n, /out of range/],
    [0xf2800000, 'MOVW_UABS_G0_NC', 0x12345n, 0xf28468a0],
    [0xd2e00000, 'MOVW_UABS_G3', -1n, 0xd2ffffe0],
    [0xd2a00000, 'MOVW_SABS_G1', -0x10001n, 0x92a00020],
    [0x92a00000, 'MOVW_SABS_G1', 0x10000n, 0xd2a00020],
    [0xd2800000, 'MOVW_SABS_G0', 0x10000n, /out of range/],
    [0xd503201f, 'JUMP26', 0n, /cannot be applied/],
    [0xd503201f, 'ABS64', 0n, /is for data/],
    [0x14000000, 'CONDBR19', 0n, /cannot be applied/],
  ];
  for (const [word, type, value, expected] of cases) {
    it(`${type} ${value} on ${hex(word)}`, () => {
      if (typeof expected === 'number') expect(hex(applyFixup(word, type, L(value)))).toBe(hex(expected));
      else expect(() => applyFixup(word, type, L(value))).toThrow(expected);
    });
  }

  it('computes relocation values as ELF does', () => {
    expect(relocValue('JUMP26', L(0x1000), L(0x800)).toString()).toBe('2048');
    expect(relocValue('ADR_PREL_PG_HI21', L(0x12345), L(0xfff)).toString()).toBe(String(0x12000));
    expect(relocValue('ADD_ABS_LO12_NC', L(0x12345), L(0xfff)).toString()).toBe(String(0x12345));
    expect(relocValue('PREL32', L(0x10), L(0x20)).toString()).toBe('-16');
  });

  it('encodes data relocations with ELF overflow checks', () => {
    expect([...encodeDataReloc('ABS64', L(-2n))]).toEqual([0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]);
    expect([...encodeDataReloc('ABS32', L(0xffffffffn))]).toEqual([0xff, 0xff, 0xff, 0xff]);
    expect([...encodeDataReloc('PREL32', L(-0x80000000n))]).toEqual([0, 0, 0, 0x80]);
    expect(() => encodeDataReloc('PREL32', L(-0x80000001n))).toThrow(AsmError);
    expect(() => encodeDataReloc('ABS16', L(0x10000n))).toThrow(/out of range/);
    expect(() => encodeDataReloc('JUMP26', L(0))).toThrow(/not a data relocation/);
  });
});
