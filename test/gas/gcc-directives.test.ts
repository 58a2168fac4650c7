// The directives gcc's assembly output uses besides CFI, against GNU as: .reloc, .comm/.lcomm,
// .ident, every .section form, mergeable sections (padding, relocations against their labels).
import { describe, expect, it } from 'vitest';
import { gnuMessages } from './helpers/gnu.js';
import { expectGnuRejects, expectSameAsGnu, hypsim, hypsimError, noGas, sectionHex } from './helpers/snippet.js';

const same = (src: string) => {
  if (!noGas()) expectSameAsGnu(src);
};

const relocs = (src: string, section: string) =>
  hypsim(src).sections.find((s) => s.name === section)?.relocs.map((r) => `${r.offset} ${r.type} ${r.symbol || '-'} ${r.addend.toString()}`);

describe('.reloc', () => {
  it('adds relocations at constant offsets and at places, leaving the bytes alone', () => {
    const src = [
      '.text', 'l1: nop', 'nop', '.reloc 0, R_AARCH64_NONE', '.reloc 4, R_AARCH64_CALL26, ext+8', '.reloc l1, R_AARCH64_ABS32, l2',
      '.reloc .-4, r_aarch64_prel32, 12', '.reloc l2, R_AARCH64_ABS64, .LC0+1', '.reloc l2+4, R_AARCH64_ABS64, .LC0', '.reloc 0, BFD_RELOC_32, ext',
      '.data', 'l2: .quad 0', '.quad 0', '.section .rodata.str,"aMS",@progbits,1', '.LC0: .string "ab"',
    ].join('\n');
    expect(relocs(src, '.text')).toEqual(['0 NONE - 0', '0 ABS32 l2 0', '0 ABS32 ext 0', '4 CALL26 ext 8', '4 PREL32 - 12']);
    expect(relocs(src, '.data')).toEqual(['0 ABS64 .LC0 1', '4 ABS64 .rodata.str 0']);
    expect(sectionHex(hypsim(src), '.text')).toBe('1f2003d51f2003d5');
    same(src);
  });

  it('takes the form of the kernel\'s generated hyp-reloc.S', () => {
    const src = ['.data', '.pushsection .hyp.reloc, "a"', '.global __hyp_section_.hyp.text', '.word 0', '.reloc 0, R_AARCH64_PREL32, __hyp_section_.hyp.text + 0xcc0', '.word 0', '.reloc 4, R_AARCH64_PREL32, __hyp_section_.hyp.text + 0x40', '.popsection'].join('\n');
    expect(relocs(src, '.hyp.reloc')).toEqual(['0 PREL32 __hyp_section_.hyp.text 3264', '4 PREL32 __hyp_section_.hyp.text 64']);
    same(src);
  });

  it('reports what gas reports', () => {
    for (const [src, message] of [
      ['.text\nnop\n.reloc 8, R_AARCH64_ABS32, x', /reloc not within \(fixed part of\) section/],
      ['.text\n.reloc 0, R_AARCH64_PLT32, x', /unrecognized reloc type/],
      ['.text\n.reloc ext, R_AARCH64_ABS32, x', /invalid offset expression/],
      ['.text\nnop\n.reloc 0, R_AARCH64_ABS32, x - y', /bad reloc expression|cannot be represented/],
    ] as const) {
      expect(hypsimError(src)).toMatch(message);
      if (!noGas()) expectGnuRejects(src);
    }
  });
});

describe('.comm, .lcomm and .ident', () => {
  it('makes common symbols, and .bss space for .lcomm and .local + .comm, with gas\'s alignments', () => {
    const src = [
      '.comm a,4,4', '.comm b,100', '.comm c,3', '.comm d,1', '.comm e,16,32', '.comm z,0', '.comm odd,10,3', '.local f', '.comm f,8,8',
      '.lcomm g,4', '.lcomm h,12', '.lcomm i,2', '.local j', '.comm j,24', '.comm k,5,2', '.comm k,5,2', '.lcomm l,1', '.lcomm m,3', '.lcomm n,7',
      '.lcomm q,64', '.comm hid,4,4', '.hidden hid', '.bss', '.word 0', '.data', '.word a, f, g',
    ].join('\n');
    const p = hypsim(src);
    const sym = (n: string) => p.symbols.find((s) => s.name === n);
    expect([sym('a')?.common, sym('b')?.common, sym('c')?.common, sym('z')?.common]).toEqual([{ align: 4 }, { align: 16 }, { align: 4 }, { align: 1 }]);
    expect([sym('f')?.section, sym('f')?.value.toNumber(), sym('g')?.value.toNumber()]).toEqual(['.bss', 8, 16]);
    same(src);
  });

  it('warns when a common symbol is declared again with another size, and refuses a defined one', () => {
    const p = hypsim('.comm x,16\n.comm x,8,4');
    expect(p.diagnostics.map((d) => d.message)).toEqual(['size of "x" is already 16; not changing to 8']);
    expect(p.symbols.find((s) => s.name === 'x')?.common).toEqual({ align: 4 });
    expect(hypsimError('x: .word 0\n.comm x,8')).toMatch(/symbol `x' is already defined/);
    if (!noGas()) expectGnuRejects('x: .word 0\n.comm x,8');
    expect(hypsimError('.lcomm x,4,4')).toMatch(/junk at end of line/);
    if (!noGas()) expectGnuRejects('.lcomm x,4,4');
  });

  it('collects .ident strings in .comment', () => {
    const src = '.text\n.ident "GCC: (Debian 12.2.0-14) 12.2.0"\nnop\n.ident "a", "b\\n"\n.previous\nnop';
    const p = hypsim(src);
    const comment = p.sections.find((s) => s.name === '.comment');
    expect([comment?.flags, comment?.entsize]).toEqual(['MS', 1]);
    expect(Buffer.from(comment?.bytes ?? []).toString('latin1')).toBe('\0GCC: (Debian 12.2.0-14) 12.2.0\0a\0b\n\0');
    same(src);
  });
});

describe('.section forms', () => {
  it('takes every flag, type and argument form gas takes', () => {
    same([
      '.section .a1,"a"', '.byte 1', '.section .a2,"aw",%progbits', '.byte 2', '.section .a3,"awx","progbits"', '.byte 3',
      '.section .a4,"aM",@progbits,4', '.word 4', '.section .a5,"aMS",@progbits,1', '.string "x"',
      '.section .a6,"axG",@progbits,grp6,comdat', '.byte 6', '.section .a7,"aG",@progbits,grp7', '.byte 7',
      '.section .a8,"ao",@progbits,.a1', '.byte 8', '.section .a9,"aR",@progbits', '.byte 9', '.section .a10,"ae",@progbits', '.byte 10',
      '.section .a11,"awT",@progbits', '.byte 11', '.section .a12,"awT",@nobits', '.zero 4', '.section .a13,"a",@note', '.byte 13',
      '.section .a14,"aw",@init_array', '.quad 0', '.section .a15,"aw",@fini_array', '.quad 0', '.section .a16,"aw",@preinit_array', '.quad 0',
      '.section .a17,"a",@progbits,unique,3', '.byte 17', '.section .a18,"a?"', '.byte 18', '.section .a6b,"a?",@progbits', '.byte 0x6b',
      '.section .a19,"a",@0x70000001', '.byte 19', '.section .a20,"0x200000a"', '.byte 20', '.section .a21,#alloc,#write', '.byte 21',
      '.section .a22,"aMG",@progbits,8,grp22,comdat', '.quad 22', '.section .a23,"aoG",@progbits,.a1,grp23', '.byte 23',
      '.section "a 24","a"', '.byte 24', '.section .a25,"aMSG",@progbits,1,grp25,comdat,unique,7', '.string "y"',
      '.section .a26,"ad",@progbits,5', '.byte 26', '.section .a27,"ao",@progbits,sym27', 'sym27: .byte 27',
      '.section .a28,"aM",4', '.word 28', '.section .a33,"a7"', '.byte 33', '.section .a34,"a0x10",@progbits,4', '.word 34', '.section .a35,"01"', '.byte 35', '.section .a29,"aG",@progbits,"grp q", comdat', '.byte 29', '.section .a30,"aMd",@progbits,4,5', '.word 30',
      '.section .a6,"axG",@progbits,grp6,comdat', '.byte 0x66', '.section .a31, "a?"', '.byte 31', '.pushsection .a32, 2, "a"', '.byte 32', '.popsection',
    ].join('\n'));
  });

  it('gives sections the type and flags BFD gives their names', () => {
    for (const s of [
      '.section .data.foo,"a"', '.section .rodata.foo,"aw"', '.section .text.foo,""', '.section .bss.foo,"aw",@progbits', '.section .init_array,"aw",@progbits',
      '.section .init_array.5,"aw"', '.section .tbss.x,"aw"', '.section .note.foo,"a",@progbits', '.section .comment,"MS",@progbits,1', '.section .sbss,"aw"',
      '.section .fini_array,"aw"', '.section .text.hot', '.section .noinit', '.section .notes', '.section .rodata.str1.8,"aMS",@progbits,1',
    ]) same(`${s}\n.byte 0`);
    expect(hypsim('.section .sbss,"aw"\n.byte 0').sections.find((s) => s.name === '.sbss')?.type).toBe('progbits');
    expect(hypsim('.section .init_array,"aw"\n.quad 0').sections.find((s) => s.name === '.init_array')).toMatchObject({ type: 'init_array', entsize: 8 });
  });

  it('warns about or refuses changed attributes as gas does', () => {
    expect(hypsim('.section .text.foo,"ax"\n.section .text.foo,"a"').diagnostics.map((d) => d.message)).toEqual(['ignoring changed section attributes for .text.foo']);
    for (const [src, message] of [
      ['.section .x,"a"\n.section .x,"ax"', /changed section attributes for \.x/],
      ['.section .x,"a"\n.section .x,"a",@nobits', /changed section type for \.x/],
      ['.section .x,"aM",@progbits,4\n.section .x,"aM",@progbits,8', /changed section entity size for \.x/],
    ] as const) {
      expect(hypsimError(src)).toMatch(message);
      if (!noGas()) expectGnuRejects(src);
    }
    expect(hypsimError('.section .x,"aq"')).toMatch(/unrecognized \.section attribute 'q'/);
    if (!noGas()) expect(gnuMessages('.section .x,"aq"')).toMatch(/Fatal error: unrecognized \.section attribute/);
    for (const src of ['.section .x,"a",@progbits,unique,1\n.section .x,"a",@progbits,unique,2', '.section .x,"aG",@progbits,g\n.section .x', '.section .x,"a"\n.section .x,"aR"']) {
      expect(hypsimError(src)).toMatch(/hypsim keeps one section per name/);
    }
  });

  it('pads each subsection of a mergeable section to its entry alignment', () => {
    for (const s of ['.section .x,"aM",@progbits,4\n.byte 1', '.section .x,"aMS",@progbits,2\n.byte 1,2,3', '.section .x,"aM",@progbits,8\n.byte 1\n.subsection 1\n.byte 2\nl: .size l, 0', '.section .x,"aM",@progbits,3\n.byte 1']) same(s);
    expect(sectionHex(hypsim('.section .x,"aM",@progbits,4\n.byte 1'), '.x')).toBe('01000000');
  });

  it('reduces instruction relocations against labels of mergeable sections to the section, as gas does', () => {
    same(['.text', 'adrp x0, .LC0', 'add x0, x0, :lo12:.LC0', 'adrp x0, .LC0+4', 'adr x1, .LC1', 'ldr x2, .LS', 'ldr x3, .LS+8', 'b .LS+16', '.word .LC0 - . + 4', '.quad .LC1', '.word .LC1 - .',
      '.section .rodata.str1.8,"aMS",@progbits,1', '.LC0: .string "hi"', '.LC1: .string "ho"', '.section .rodata.cst16,"aM",@progbits,16', '.LS: .xword 0, 1'].join('\n'));
  });
});

describe('alignment, data and symbol forms gcc emits', () => {
  it('aligns with fill values and maximum skips, in code and data, and takes .zero, .xword, .quad, .set and .equ', () => {
    same([
      '.text', 'f: nop', '.p2align 4,,11', 'g: nop', '.p2align 4,,3', 'h: nop', '.p2align 3,,7', 'nop', '.balign 16, 0x11', '.p2align 5, 0, 20', 'nop',
      '.p2alignw 3, 0x1234', 'nop', '.p2alignl 4, 0xd503201f, 12',
      '.data', '.byte 1', '.align 3', '.byte 2', '.p2align 4,,7', '.byte 3', '.p2align 4,0xaa,15', '.byte 4', '.balign 8,,3', '.zero 5',
      '.xword 1, -1, f, g+4, .', '.quad h - f, 0x123456789abcdef0', '.set .LANCHOR0, . + 0', '.equ cnt, (.-.LANCHOR0)/4', '.word .LANCHOR0, cnt',
      '.section .rodata', '.align 2', '.LANCHOR1 = . + 0', '.word 7', '.data', '.word .LANCHOR1 + 4',
      '.bss', '.align 4', '.zero 3', '.p2align 3,,2', '.zero 1',
    ].join('\n'));
  });
});
