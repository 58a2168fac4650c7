// The kernel's instruction generators as hypsim writes them, against GNU as; the branch and ADRP
// offset accessors against the architecture's field layout.
import { describe, expect, it } from 'vitest';
import {
  adrpGetOffset, adrpSetOffset, decodeRd, decodeRn, genAddImm, genBranchImm, genBranchReg, genExtr, genLogicalImm, genMovewide, genNop,
  getBranchOffset, InsnError, isAdrp, isBranchImm, setBranchOffset, usesLiteral,
} from '../../src/boot/insn.js';
import { disassemble } from '../../src/a64/index.js';
import { gnuAssemble } from '../gas/helpers/gnu.js';
import { missingOracle } from '../helpers/oracles.js';

function gas(lines: readonly string[]): number[] {
  const b = gnuAssemble(`.text\n${lines.join('\n')}\n`).sections.find((s) => s.name === '.text')!.bytes;
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  return lines.map((_, i) => v.getUint32(4 * i, true));
}

describe.skipIf(missingOracle({ tools: ['aarch64-linux-gnu-as'] }) !== undefined)('instruction generators against GNU as', () => {
  it('generates what GNU as assembles for the same instruction', () => {
    const cases: [number, string][] = [
      [genNop(), 'nop'],
      [genMovewide(3, 0xc004, 0, 'zero'), 'movz x3, #0xc004'],
      [genMovewide(30, 0xffff, 48, 'keep'), 'movk x30, #0xffff, lsl #48'],
      [genMovewide(0, 0x4021, 16, 'keep'), 'movk x0, #0x4021, lsl #16'],
      [genExtr(5, 5, 7, 30), 'ror x7, x5, #30'],
      [genExtr(1, 2, 3, 63), 'extr x3, x2, x1, #63'],
      [genLogicalImm('and', 64, 0, 0, 0x3fffffffn), 'and x0, x0, #0x3fffffff'],
      [genLogicalImm('and', 64, 9, 4, 0xffffffffffffn), 'and x4, x9, #0xffffffffffff'],
      [genLogicalImm('orr', 32, 31, 0, 0x80003fffn), 'orr w0, wzr, #0x80003fff'],
      [genAddImm(1, 2, 0x969), 'add x1, x2, #0x969'],
      [genAddImm(1, 1, 0x36000), 'add x1, x1, #0x36, lsl #12'],
      [genAddImm(0, 0, 0), 'add x0, x0, #0x0'],
      [genBranchReg(0), 'br x0'],
      [genBranchImm(0x1000n, 0x2000n), 'b .+0x1000'],
      [genBranchImm(0x2000n, 0x1000n), 'b .-0x1000'],
    ];
    expect(cases.map(([w]) => w)).toEqual(gas(cases.map(([, t]) => t)));
  });

  it('reads and re-aims every kind of immediate branch', () => {
    const texts = ['b .+0x40', 'bl .-0x40', 'cbz x3, .+0x100', 'cbnz w1, .-0x8', 'b.ne .+0x20', 'tbz x2, #33, .+0x1000', 'tbnz w0, #3, .-0x7ffc'];
    const offsets = [0x40, -0x40, 0x100, -8, 0x20, 0x1000, -0x7ffc];
    const words = gas(texts);
    expect(words.map(getBranchOffset)).toEqual(offsets);
    expect(words.every(isBranchImm)).toBe(true);
    const moved = words.map((w, i) => setBranchOffset(w, offsets[i] === 0x1000 ? -0x2000 : 0x10));
    expect(moved).toEqual(gas(['b .+0x10', 'bl .+0x10', 'cbz x3, .+0x10', 'cbnz w1, .+0x10', 'b.ne .+0x10', 'tbz x2, #33, .-0x2000', 'tbnz w0, #3, .+0x10']));
  });


  it('knows the PC-relative literal forms the kernel refuses to move', () => {
    const [ldr, ldrsw, prfm, adr, add, ldrq] = gas(['ldr x0, .+8', 'ldrsw x1, .+8', 'prfm pldl1keep, .+8', 'adr x0, .', 'add x0, x1, #1', 'ldr q0, .+16']);
    expect([ldr, ldrsw, prfm, adr].every(usesLiteral)).toBe(true);
    expect(usesLiteral(add)).toBe(false);
    // aarch64_insn_is_ldr_lit does not match SIMD&FP literal loads
    expect(usesLiteral(ldrq)).toBe(false);
    expect([decodeRd(add), decodeRn(add)]).toEqual([0, 1]);
  });
});

describe('ADRP page offsets', () => {
  it('reads and rewrites them as the kernel s32 does, checked by the disassembler', () => {
    // gas leaves the field of `adrp x4, sym` to a relocation: start from the zero-page word
    const base = 0x90000004;
    expect(isAdrp(base)).toBe(true);
    for (const off of [0x7fff000, -0x3000, 0x1000, -0x7ffff000]) {
      const w = adrpSetOffset(base, off);
      expect(adrpGetOffset(w)).toBe(off);
      expect(disassemble(w, { target: (d) => `@${d}` })).toBe(`adrp x4, @${off}`);
    }
    // the field is 21 bits, the kernel's s32 keeps the low 32 bits of field << 12
    expect(adrpGetOffset(adrpSetOffset(base, -0x100000000 + 0x1000))).toBe(0x1000);
  });
});

describe('instruction generators refuse what the kernel cannot encode', () => {
  it('fails as AARCH64_BREAK_FAULT would', () => {
    expect(() => genLogicalImm('and', 64, 0, 0, 0n)).toThrow(InsnError);
    expect(() => genLogicalImm('and', 64, 0, 0, 0x1234n)).toThrow(/not a bitmask immediate/);
    expect(() => genAddImm(0, 0, 0x1001)).toThrow(/cannot be encoded/);
    expect(() => genAddImm(0, 0, 0x1000000)).toThrow(/out of range/);
    expect(() => genBranchImm(0n, 1n << 28n)).toThrow(/out of range/);
    expect(() => getBranchOffset(genNop())).toThrow(/not an immediate branch/);
  });
});
