import { describe, expect, it } from 'vitest';
import { expectSameAsGnu, hypsim, hypsimError, noGas, sectionHex } from './helpers/snippet.js';

function quad(expr: string, prelude = ''): bigint {
  const hex = sectionHex(hypsim(`${prelude}\n.quad ${expr}\n`));
  return BigInt.asIntN(64, BigInt(`0x${Buffer.from(hex.slice(-16), 'hex').reverse().toString('hex')}`));
}

const TABLE: Array<[string, bigint]> = [
  ['(5 > 3) + 1', 0n],
  ['5 == 5', -1n],
  ['5 != 5', 0n],
  ['5 <> 4', -1n],
  ['3 <= 3', -1n],
  ['-1 < 0', -1n],
  ['3 >= 4', 0n],
  ['!5', 0n],
  ['!0', 1n],
  ['3 && 2', 1n],
  ['3 && 0', 0n],
  ['0 || 7', 1n],
  ['-1 >> 31', 0x1ffffffffn],
  ['~0 >> (64 - 1 - 7)', 0xffn],
  ['(((~0) - (1 << 4) + 1) & (~0 >> (64 - 1 - 7)))', 0xf0n],
  ['-8 / 3', -2n],
  ['-8 % 3', -2n],
  ['8 % -3', 2n],
  ['~0', -1n],
  ['1 << 63', -(1n << 63n)],
  ['1 << 64', 0n],
  ['-1 >> 64', 0n],
  ['0xffffffffffffffff << 38', -(1n << 38n)],
  ['0x7fffffffffffffff + 1', -(1n << 63n)],
  ['5 ! 3', 5n | ~3n],
  ['1 + 2 * 3', 7n],
  ['1 | 2 + 4', 7n],
  ['6 & 3 + 1', 3n],
  ['1 + 2 == 3', -1n],
  ['4 - 2 - 1', 1n],
  ['2 * -3', -6n],
  ["'a", 97n],
  ["'\\n", 10n],
  ['0b101 + 010 + 0x10', 5n + 8n + 16n],
  ['(1 << 2) | (1 << 0)', 5n],
];

describe('expression semantics (64-bit, gas operators)', () => {
  it.each(TABLE)('%s', (expr, value) => {
    expect(quad(expr)).toBe(value);
  });

  it('matches GNU as on the whole table', () => {
    if (noGas()) return;
    expectSameAsGnu(TABLE.map(([e]) => `.quad ${e}`).join('\n'));
  });

  it('computes label differences, forward and backward', () => {
    const src = '1: .word 0\n.word 0\n2:\n.quad 2b - 1b, 3f - 2b\n.byte 0\n3:\n';
    expect(sectionHex(hypsim(src))).toBe('0000000000000000' + '0800000000000000' + '1100000000000000' + '00');
    if (!noGas()) expectSameAsGnu(src);
  });

  it('captures . when a symbol is set to an expression of it', () => {
    const src = 'start: .word 1, 2\n.set here, .\n.set len, . - start\n.word 3\n.quad here - start, len\n';
    expect(sectionHex(hypsim(src))).toBe('010000000200000003000000' + '0800000000000000' + '0800000000000000');
    if (!noGas()) expectSameAsGnu(src);
  });

  it('keeps the value a redefined symbol had when it was used', () => {
    const src = '.set v, 1\n.byte v\n.set v, v + 1\n.byte v\nv = 7\n.byte v\n.equ v, 9\n.byte v\n';
    expect(sectionHex(hypsim(src))).toBe('01020709');
    if (!noGas()) expectSameAsGnu(src);
  });

  it('uses the first definition for a forward reference', () => {
    const src = '.byte fwd\n.set fwd, 3\n.set fwd, 4\n.byte fwd\n';
    expect(sectionHex(hypsim(src))).toBe('0304');
    if (!noGas()) expectSameAsGnu(src);
  });

  it('reports division by zero', () => {
    expect(hypsimError('.byte 1 / 0\n')).toBe('test.s:1:1: error: division by zero');
  });
});
