import { describe, expect, it } from 'vitest';
import { expectSameAsGnu, hypsim, hypsimError, noGas, sectionHex } from './helpers/snippet.js';

const same = (src: string) => {
  if (!noGas()) expectSameAsGnu(src);
};

const symbol = (src: string, name: string) => hypsim(src).symbols.find((s) => s.name === name);

describe('symbols and attributes', () => {
  it('sets binding, visibility, type and size', () => {
    const src = [
      '.globl f1, f2', '.global f3', '.weak w', '.local l', '.hidden f1', '.protected f2', '.internal f3',
      'f1: nop', 'f2: nop', 'f3: nop', 'w: nop', 'l: nop',
      '.type f1, @function', '.type f2 STT_FUNC', '.type f3, %function', '.type w, "object"', '.type l STT_NOTYPE',
      '.set .L__size_f2, . - f2',
      '.size f1, 4', '.size f2, .L__size_f2', '.size f3, . - f3',
      '.globl undefined_global', '.weak undefined_weak',
    ].join('\n');
    const p = hypsim(src);
    const show = (n: string) => {
      const s = p.symbols.find((x) => x.name === n);
      return s && `${s.section ?? '-'}:${s.value}:${s.size ?? '-'}:${s.type}:${s.binding}:${s.visibility}:${s.defined}`;
    };
    expect(['f1', 'f2', 'f3', 'w', 'l', 'undefined_global', 'undefined_weak'].map(show)).toEqual([
      '.text:0:4:func:global:hidden:true', '.text:4:16:func:global:protected:true', '.text:8:12:func:global:internal:true',
      '.text:12:-:object:weak:default:true', '.text:16:-:notype:local:default:true',
      '-:0:-:notype:global:default:false', undefined,
    ]);
    same(src);
  });

  it('defines absolute symbols with .set, .equ, .equiv, .eqv and =', () => {
    const src = '.set a, 1\n.equ b, a + 1\n.equiv c, 3\nd = 4\n.eqv e, d * 2\n.byte a, b, c, d, e\n';
    expect(sectionHex(hypsim(src))).toBe('0102030408');
    expect(symbol(src, 'b')).toMatchObject({ defined: true, temporary: false });
    expect(symbol(src, 'b')?.section).toBeUndefined();
    same(src);
  });

  it('places symbols set outside their section', () => {
    same('.data\n.word 1\n.set beyond, . + 12\n.set before, . - 8\n.globl beyond, before\n');
  });

  it('stops at .end', () => {
    expect(sectionHex(hypsim('.byte 1\n.end\n.byte 2\nthis is not assembled\n'))).toBe('01');
    same('.byte 1\n.end\n.byte 2\n');
  });

  it('lists global and undefined .L symbols like gas', () => {
    same('.globl .Lg\n.Lg: nop\n.word .Lundef\n');
  });

  it('keeps .L symbols as temporaries', () => {
    expect(symbol('.L1: nop\n', '.L1')).toMatchObject({ temporary: true, section: '.text', defined: true });
  });

  it('copies type and size to a .set alias of a function', () => {
    const src = '.globl f, alias\nf: nop\nret\n.type f STT_FUNC\n.size f, . - f\n.set alias, f\n';
    expect(symbol(src, 'alias')).toMatchObject({ type: 'func', section: '.text' });
    same(src);
  });

  it('accepts a label defined twice at the same address, not elsewhere', () => {
    const src = '.globl x\nx:\nx:\nnop\n';
    expect(symbol(src, 'x')?.value.toNumber()).toBe(0);
    same(src);
    expect(hypsimError('x: nop\nx: nop\n')).toBe("test.s:2:1: error: symbol 'x' is already defined");
    expect(hypsimError('.equiv c, 1\n.equiv c, 2\n')).toBe("test.s:2:1: error: symbol 'c' is already defined");
    expect(hypsimError('x: nop\n.set x, 1\n')).toBe("test.s:2:1: error: symbol 'x' is already defined");
  });

  it('ignores a conflicting .req redefinition with a warning and rejects .unreq of a non-alias', () => {
    const p = hypsim('x .req x1\nx .req x2\ny .req x3\ny .req x3\nmov x, #1\n');
    expect(sectionHex(p)).toBe('210080d2');
    expect(p.diagnostics.map((d) => d.message)).toEqual(["ignoring redefinition of register alias 'x'"]);
    expect(hypsimError('.unreq zz\n')).toBe("test.s:1:1: error: unknown register alias 'zz'");
  });

  it('resolves .req aliases at the instruction, and .unreq', () => {
    const src = 'lr .req x30\nmov lr, x0\nstp x29, lr, [sp, #-16]!\ntmp .req x4\nmov tmp, x2\n.unreq tmp\ntmp .req x5\nmov tmp, x2\nTMP2 .req x3\nmov tmp2, #1\n';
    same(src);
    expect(sectionHex(hypsim(src))).toBe('fe0300aa' + 'fd7bbfa9' + 'e40302aa' + 'e50302aa' + '230080d2');
  });
});

describe('numeric local labels', () => {
  it('resolves Nb and Nf, redefined thousands of times', () => {
    const src = '.rept 3000\n1: b 1f\nb 1b\n1:\n.endr\n';
    const p = hypsim(src);
    expect(p.sections[0].bytes.length).toBe(3000 * 8);
    expect(sectionHex(p).slice(0, 16)).toBe('02000014ffffff17');
    same(src);
  });

  it('resolves references passed through macro arguments, and definitions in expansions', () => {
    const src = [
      '.macro skip_if_zero reg, target',
      'cbz \\reg, \\target',
      '.endm',
      '.macro body',
      '9998: nop',
      'skip_if_zero x0, 9998b',
      'skip_if_zero x1, 9999f',
      '9999: nop',
      '.endm',
      'body',
      'skip_if_zero x2, 1f',
      '1: esb_like: nop',
      'body',
      'b 9998b',
    ].join('\n');
    same(src);
    expect(hypsim(src).symbols.filter((s) => s.name.startsWith('.L9998')).length).toBe(2);
  });

  it('reports a reference to a label that is never defined', () => {
    expect(hypsimError('.word 1f\n')).toBe("test.s:1:1: error: local label '1' (instance 1) is not defined");
    expect(hypsimError('b 2b\n')).toBe("test.s:1:1: error: local label '2' (instance 0) is not defined");
  });
});

describe('literal pools', () => {
  it('pools constants and symbols, 4-byte entries first, shared when equal', () => {
    const src = 'ldr x0, =1\nldr x1, =0x12345678\nldr w2, =5\nldr x3, =foo\nldr x4, =0x12345678\nldr x5, =-1\nldr x6, =foo\n.word 7\n.ltorg\n.byte 1\n.align 3\nnop\n';
    const p = hypsim(src);
    expect(p.sections[0].bytes.length).toBe(0x54);
    expect(p.sections[0].relocs.map((r) => `${r.offset}:${r.type}:${r.symbol}`)).toEqual(['56:ABS64:foo']);
    same(src);
  });

  it('writes waiting pools at the end of their subsection, and .pool is .ltorg', () => {
    const src = 'ldr x0, =0x1111\n.subsection 1\nldr x1, =0x2222\nnop\n.subsection 0\nnop\n.section .other, "ax"\nldr w0, =3\n.pool\nret\nldr x0, =4\n';
    same(src);
    const p = hypsim(src);
    expect(p.sections.map((s) => s.bytes.length)).toEqual([32, 0, 0, 24]);
  });

  it('only takes x and w registers', () => {
    expect(hypsimError('ldr q0, =1\n')).toBe("test.s:1:1: error: '=expr' literal operands are only supported as 'ldr Xt, =expr' or 'ldr Wt, =expr'");
  });
});

describe('instructions and fixups', () => {
  it('resolves local branches in the section and keeps relocations for globals, other sections and page addresses', () => {
    const src = [
      '.globl g',
      'start: b local',
      'bl g',
      'b.ne local',
      'cbz x0, local',
      'tbz x1, #3, local',
      'adr x2, local',
      'adr x3, g',
      'adrp x4, local',
      'add x4, x4, #:lo12:local',
      'ldr x5, [x4, #:lo12:data]',
      'bl other_section_label',
      'b ext + 8',
      'b . + 8',
      'b .',
      'local: nop',
      'g: ret',
      'movz x0, #:abs_g3:0x1234567812345678',
      'movk x0, #:abs_g2_nc:0x1234567812345678',
      '.section .other, "ax"',
      'other_section_label: ret',
      'data: .quad 0',
    ].join('\n');
    const p = hypsim(src);
    expect(p.sections[0].relocs.map((r) => `${r.offset}:${r.type}:${r.symbol}${r.addend.isZero() ? '' : `+${r.addend}`}`)).toEqual([
      '4:CALL26:g', '24:ADR_PREL_LO21:g', '28:ADR_PREL_PG_HI21:.text+56', '32:ADD_ABS_LO12_NC:.text+56',
      '36:LDST64_ABS_LO12_NC:.other+4', '40:CALL26:.other', '44:JUMP26:ext+8',
    ]);
    same(src);
  });

  it('leaves :lo12: of a constant as a relocation without symbol, as gas does', () => {
    const src = 'add x0, x0, #:lo12:0x1234\nldr x1, [x2, #:lo12:0x1238]\n';
    expect(hypsim(src).sections[0].relocs.map((r) => `${r.type}:${r.symbol}:${r.addend}`)).toEqual(['ADD_ABS_LO12_NC::4660', 'LDST64_ABS_LO12_NC::4664']);
    same(src);
  });

  it('leaves symbols equated to undefined ones out of the table, naming the target in relocations', () => {
    const src = '.set x, ext\n.set z, ext + 4\n.quad z\n';
    const p = hypsim(src);
    expect(p.symbols.map((s) => s.name)).toEqual(['ext']);
    expect(p.sections[0].relocs.map((r) => `${r.type}:${r.symbol}:${r.addend}`)).toEqual(['ABS64:ext:4']);
    same(src);
  });

  it('emits .inst words as instructions', () => {
    const p = hypsim('.inst 0xd503201f\n');
    expect(p.sections[0].items[0]).toMatchObject({ kind: 'insn', viaInst: true, word: 0xd503201f });
  });
});
