import { describe, expect, it } from 'vitest';
import { lebBytes } from '../../src/gas/leb128.js';
import Long from 'long';
import { expectGnuRejects, expectSameAsGnu, hypsim, hypsimError, noGas, sectionHex } from './helpers/snippet.js';

const same = (src: string) => {
  if (!noGas()) expectSameAsGnu(src);
};

describe('.uleb128 / .sleb128', () => {
  it.each([
    ['.uleb128 0, 1, 127, 128, 300, 16383, 16384', '00017f8001ac02ff7f808001'],
    ['.uleb128 -1', 'ffffffffffffffffff01'],
    ['.uleb128 0x8000000000000000', '80808080808080808001'],
    ['.sleb128 0, 1, -1, 63, 64, -64, -65, -129', '00017f3fc00040bf7fff7e'],
    ['.sleb128 -0x8000000000000000', '8080808080808080807f'],
    ['.uleb128 2 * 100 + 1', 'c901'],
  ])('%s', (src, hex) => {
    expect(sectionHex(hypsim(src))).toBe(hex);
    same(src);
  });

  it('encodes like the reference LEB128 definition', () => {
    expect(lebBytes(Long.fromNumber(624485), false)).toEqual([0xe5, 0x8e, 0x26]);
    expect(lebBytes(Long.fromNumber(-123456), true)).toEqual([0xc0, 0xbb, 0x78]);
  });

  it('writes a difference known while parsing at once, and one across variable-size fragments after layout', () => {
    const src = ['a: nop', '.uleb128 b - a, a - b', '.sleb128 a - b', 'b: nop', '.p2align 6', 'c: nop', '.uleb128 c - a', '.sleb128 a - c', '.skip 300', 'd: .uleb128 d - c'].join('\n');
    expect(sectionHex(hypsim(src)).slice(0, 12)).toBe('1f2003d510f0');
    same(src);
  });

  it('relaxes sizes that depend on each other to the fixed point gas reaches', () => {
    same(['a: .uleb128 c - b', 'b: .uleb128 d - a', '.skip 120', 'c: .skip 6', 'd: .byte 1'].join('\n'));
    same(['.data', 'x: .uleb128 z - y', 'y: .skip 126', '.uleb128 z - x', '.uleb128 z - x', 'z: .sleb128 x - z'].join('\n'));
    // 63 one-byte values that all grow to two bytes once the first does
    const chain = Array.from({ length: 63 }, (_, i) => `l${i}: .uleb128 end - l${i}`);
    same(['start:', ...chain, '.skip 64', 'end:'].join('\n'));
  });

  it('uses the section offset of a symbol of any section, without a relocation, as gas does', () => {
    const src = ['.data', '.word 0', 'x: .word 0', '.text', '.word 0', '.uleb128 x, ., later', 'later: nop'].join('\n');
    expect(sectionHex(hypsim(src)).slice(8, 14)).toBe('040507');
    same(src);
  });

  it('warns and writes zero without an operand', () => {
    const p = hypsim('.uleb128\n');
    expect(sectionHex(p)).toBe('00');
    expect(p.diagnostics.map((d) => d.message)).toEqual(['zero assumed for missing expression']);
  });

  it('rejects undefined symbols and differences across sections', () => {
    expect(hypsimError('.uleb128 foo\n')).toContain('leb128 operand is an undefined symbol: foo');
    const across = '.data\nx: .word 0\n.text\ny: .uleb128 y - x\n';
    expect(hypsimError(across)).toMatch(/error: .*leb128 operand is not a constant/);
    if (!noGas()) {
      expectGnuRejects('.uleb128 foo\n');
      expectGnuRejects(across);
    }
  });
});
