import { describe, expect, it } from 'vitest';
import { expectSameAsGnu, hypsim, hypsimError, noGas, sectionHex } from './helpers/snippet.js';

const same = (src: string) => {
  if (!noGas()) expectSameAsGnu(src);
};

describe('sections and subsections', () => {
  it('switches with .text, .data, .bss and .section, with flags, type and entry size', () => {
    const src = [
      '.text', 'nop', '.data', '.word 1', '.bss', '.skip 16', '.data 1', '.word 3', '.data', '.word 2',
      '.section .rodata.cst, "aM", @progbits, 8', '.quad 5',
      '.section .rodata.str, "aMS", %progbits, 1', '.string "hi"',
      '.section .note.x, "a", @note', '.word 0',
      '.section .custom', '.byte 1',
      '.section .hyp.text, "ax"', 'ret',
    ].join('\n');
    const p = hypsim(src);
    expect(p.sections.map((s) => `${s.name}:${s.flags}:${s.type}:${s.bytes.length}`)).toEqual([
      '.text:ax:progbits:4', '.data:aw:progbits:12', '.bss:aw:nobits:16', '.rodata.cst:aM:progbits:8',
      '.rodata.str:aMS:progbits:3', '.note.x:a:note:4', '.custom::progbits:1', '.hyp.text:ax:progbits:4',
    ]);
    expect(sectionHex(p, '.data')).toBe('010000000200000003000000');
    same(src);
  });

  it('nests .pushsection and .popsection', () => {
    const src = '.text\n.byte 1\n.pushsection .a, "a"\n.byte 2\n.pushsection .b, "a"\n.byte 3\n.popsection\n.byte 4\n.popsection\n.byte 5\n';
    const p = hypsim(src);
    expect([sectionHex(p, '.text'), sectionHex(p, '.a'), sectionHex(p, '.b')]).toEqual(['0105', '0204', '03']);
    same(src);
  });

  it('swaps with .previous instead of popping', () => {
    const src = '.text\n.byte 1\n.section .a, "a"\n.byte 2\n.previous\n.byte 3\n.previous\n.byte 4\n.subsection 1\n.byte 5\n.previous\n.byte 6\n';
    const p = hypsim(src);
    expect([sectionHex(p, '.text'), sectionHex(p, '.a')]).toEqual(['0103', '02040605']);
    same(src);
  });

  it('lays subsections out after lower ones, with labels and .org checks across them', () => {
    const src = [
      '.macro alt_if',
      '.pushsection .alt, "a"',
      '.word 661f - ., 663f - .',
      '.byte 662f - 661f, 664f - 663f',
      '.popsection',
      '661:',
      '.endm',
      '.macro alt_else',
      '662: .subsection 1',
      '663:',
      '.endm',
      '.macro alt_endif',
      '664: .org . - (664b-663b) + (662b-661b)',
      '.org . - (662b-661b) + (664b-663b)',
      '.previous',
      '.endm',
      'nop',
      'alt_if', 'nop', 'nop', 'alt_else', 'isb', 'dsb sy', 'alt_endif',
      'ret',
      'alt_if', 'mov x0, #1', 'alt_else', 'mov x0, #2', 'alt_endif',
      'b .',
    ].join('\n');
    const p = hypsim(src);
    expect(p.sections[0].bytes.length).toBe(4 * 6 + 4 * 3);
    same(src);
  });

  it('refuses .org moving backwards (the alternative length check)', () => {
    const src = '661: nop\n662: .subsection 1\n663: nop\nnop\n664: .org . - (664b-663b) + (662b-661b)\n';
    expect(hypsimError(src)).toBe('test.s:5:1: error: attempt to move .org backwards');
    expect(hypsimError('nop\nnop\n.org 4\n')).toBe('test.s:3:1: error: attempt to move .org backwards');
    expect(hypsimError('.org later\nnop\nnop\nlater:\n')).toBe('test.s:1:1: error: the layout does not settle: this depends on addresses that move with it');
  });

  it('rejects a fill pattern that does not divide the padding', () => {
    expect(hypsimError('.byte 1\n.balignw 8, 0x1234\n')).toBe('test.s:2:1: error: alignment padding (7 bytes) not a multiple of 2');
  });

  it('warns about .popsection without .pushsection and .previous at the start, and goes on (as gas does)', () => {
    const src = '.byte 1\n.previous\n.byte 2\n.popsection\n.byte 3\n';
    const p = hypsim(src);
    expect(sectionHex(p)).toBe('010203');
    expect(p.diagnostics.map((d) => `${d.origin?.line}: ${d.severity}: ${d.message}`)).toEqual([
      "2: warning: '.previous' without a previous section; ignored",
      "4: warning: '.popsection' without a matching '.pushsection'; ignored",
    ]);
    same(src);
  });
});

describe('alignment and .org', () => {
  it.each([
    ['.byte 1\n.align 3\nnop', 'code: zeros to a word, then NOPs'],
    ['nop\n.align 4\nnop', 'code: NOPs'],
    ['.data\n.byte 1\n.align 3\n.byte 2', 'data: zeros'],
    ['.byte 1\n.align 3, 0xaa\n.byte 2', 'explicit fill'],
    ['.byte 1\n.align 4,,2\n.byte 2\n.align 4,,15\n.byte 3', 'maximum skip'],
    ['.byte 1\n.balign 8\n.hword 2\n.balignw 8, 0x1234\n.word 3\n.balignl 16, 0x11223344\n.byte 4', 'balign forms'],
    ['.byte 1\n.p2align 3\n.hword 2\n.p2alignw 3, 0x5566\n.word 3\n.p2alignl 4, 0x778899aa\n.byte 4', 'p2align forms'],
    ['.data\n.byte 1\n.align 5\n.section .x, "a"\n.align 9\n.byte 1', 'section alignment is the largest requested'],
    ['nop\n.org 0x20\nnop\n.org 0x30, 0xff\n.byte 1', '.org fills with zeros (or the given byte)'],
    ['0: nop\n.org 0b + 0x40\n1: .org 1b\nnop', '.org relative to labels'],
    ['.byte 1\nnop', 'an instruction after odd data is aligned'],
    ['.subsection 1\n.byte 1\n.align 3\n.byte 2\n.subsection 0\n.byte 3', 'alignment in a later subsection'],
  ])('%s (%s)', (src) => {
    expect(hypsim(src).sections.length).toBeGreaterThan(0);
    same(src);
  });

  it('pads code with NOPs and data with zeros', () => {
    expect(sectionHex(hypsim('.byte 1\n.align 3\nnop\n'))).toBe('010000001f2003d51f2003d5');
    expect(sectionHex(hypsim('.data\n.byte 1\n.align 2\n'), '.data')).toBe('01000000');
  });

  it('records fills as items', () => {
    const p = hypsim('.byte 1\n.align 4\nnop\n.org 0x20\n');
    expect(p.sections[0].items.map((i) => `${i.kind}@${i.offset}${i.kind === 'fill' ? `:${i.fill}:${i.size}` : ''}`)).toEqual([
      'data@0', 'fill@1:zero:3', 'fill@4:nop:12', 'insn@16', 'fill@20:zero:12',
    ]);
  });
});
