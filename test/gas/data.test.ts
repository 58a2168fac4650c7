import { describe, expect, it } from 'vitest';
import { expectSameAsGnu, hypsim, hypsimError, noGas, sectionHex } from './helpers/snippet.js';

const same = (src: string) => {
  if (!noGas()) expectSameAsGnu(src);
};

describe('data directives', () => {
  it.each([
    ['.byte 1, 2, 0xff, -1, 256', '0102ffff00'],
    ['.hword 0x1234, -2', '3412feff'],
    ['.short 1', '0100'],
    ['.2byte 2', '0200'],
    ['.word 0x12345678', '78563412'],
    ['.long 1', '01000000'],
    ['.int 2', '02000000'],
    ['.4byte 3', '03000000'],
    ['.quad 0x1122334455667788', '8877665544332211'],
    ['.8byte -1', 'ffffffffffffffff'],
    ['.xword 1', '0100000000000000'],
    ['.dword 2', '0200000000000000'],
    ['.inst 0xd503201f, (0xd5000000 | (1 << 8))', '1f2003d5000100d5'],
    ['.ascii "ab\\n\\0\\x41\\101\\"\\\\", "c"', '61620a0041412' + '25c63'],
    ['.asciz "a", "b"', '61006200'],
    ['.string "xy"', '787900'],
    ['.skip 3', '000000'],
    ['.skip 2, 0x41', '4141'],
    ['.space 2', '0000'],
    ['.zero 3', '000000'],
    ['.fill 2, 2, 0x0102', '02010201'],
    ['.fill 1, 8, 0x1122334455667788', '8877665500000000'],
    ['.fill 3', '000000'],
  ])('%s', (src, hex) => {
    expect(sectionHex(hypsim(src))).toBe(hex);
    same(src);
  });

  it('warns when a value does not fit, like gas', () => {
    const p = hypsim('.byte 256, -129, 255, -128\n.hword 65536\n.byte 2f - 1f\n1: .skip 300\n2:\n');
    expect(p.diagnostics.map((d) => `${d.origin?.line}: ${d.message}`)).toEqual([
      '1: value 0x100 truncated to 0x0',
      '2: value 0x10000 truncated to 0x0',
      '3: value 0x12c truncated to 0x2c',
    ]);
  });

  it('writes forward label references when the layout is done', () => {
    const src = '.word 2f - 1f\n.byte 2f - 1f\n1: nop\nnop\n2:\n';
    expect(sectionHex(hypsim(src)).slice(0, 10)).toBe('0b0000000b');
    same(src);
  });

  it('emits relocations for symbolic data', () => {
    const src = [
      '.data',
      'd0: .quad ext, ext + 8, d0, local_text, glob',
      '.word ext, local_text - ., d0 - ., glob - .',
      '.hword ext',
      '.text',
      'nop',
      'local_text: nop',
      '.globl glob',
      'glob: ret',
      '.word glob - local_text, glob - .',
    ].join('\n');
    const p = hypsim(src);
    const relocs = p.sections.find((s) => s.name === '.data')?.relocs.map((r) => `${r.offset}:${r.type}:${r.symbol}${r.addend.isZero() ? '' : `+${r.addend}`}`);
    expect(relocs).toEqual(['0:ABS64:ext', '8:ABS64:ext+8', '16:ABS64:.data', '24:ABS64:.text+4', '32:ABS64:glob', '40:ABS32:ext', '44:PREL32:.text+4', '52:PREL32:glob', '56:ABS16:ext']);
    expect(sectionHex(p).slice(-16)).toBe('04000000f8ffffff');
    same(src);
  });

  it('aligns instructions only in code sections', () => {
    same('.section .a,"a"\n.byte 1\nnop\n.section .b,"ax"\n.byte 1\nnop\n.data\n.byte 1\n.inst 0x1\n');
  });

  it('keeps .bss free of non-zero contents', () => {
    const src = '.bss\n.word 0\n.skip 8\n.align 4\n';
    expect(hypsim(src).sections.find((s) => s.name === '.bss')?.bytes.length).toBe(16);
    same(src);
    expect(hypsimError('.bss\n.word 0\n.word 1\n')).toBe("test.s:3:1: error: attempt to store a non-zero value in section '.bss' (type nobits)");
  });

  it('cannot represent a relocation in a byte', () => {
    expect(hypsimError('.byte ext\n')).toBe('test.s:1:1: error: cannot represent a 1-byte relocation in .byte');
  });

  it('rejects .inst of a symbol', () => {
    expect(hypsimError('.inst ext\n')).toMatch(/^test\.s:1:1: error: \.inst needs a constant expression/);
  });
});
