import { describe, expect, it } from 'vitest';
import { expectSameAsGnu, hypsim, hypsimError, noGas, sectionHex } from './helpers/snippet.js';

const ascii = (source: string) => Buffer.from(sectionHex(hypsim(source)), 'hex').toString('latin1');

const SHOW = '.macro show a, b=B, c, d\n.ascii "[\\a|\\b|\\c|\\d]"\n.endm\n';

describe('macro argument splitting (gas scrubbing rules)', () => {
  it.each([
    ['show 1 - 34', '[1-34|B||]'],
    ['show x0 x1 x2', '[x0|x1|x2|]'],
    ['show (1 + 2), 3', '[(1+2)|3||]'],
    ['show [x1, #16]', '[[x1|#16]||]'],
    ['show "a b"', '[a b|B||]'],
    ['show .inst (0x1), nop', '[.inst(0x1)|nop||]'],
    ['show ( 1 2 ), 3', '[(1 2)|3||]'],
    ['show 1,,3', '[1|B|3|]'],
    ['show c=7, a=1', '[1|B|7|]'],
    ['show 1, c = 9', '[1|B|9|]'],
    ["show 'a b, c", '[97b|c||]'],
    ['show "a\\"b"', '[a"b|B||]'],
    ['show a  +  b,  c  d ,e', '[a+b|c|d|e]'],
  ])('%s', (call, expected) => {
    expect(ascii(SHOW + call)).toBe(expected);
    if (!noGas()) expectSameAsGnu(SHOW + call);
  });

  it('passes the rest of the line to a :vararg parameter', () => {
    const src = '.macro q a, b=5, c:req, d:vararg\n.ascii "<\\a|\\b|\\c|\\d>"\n.endm\nq 1,2,3,4 5, 6\nq 1 2 3 4 5 6\n';
    expect(ascii(src)).toBe('<1|2|3|4 5,6><1|2|3|4 5 6>');
    if (!noGas()) expectSameAsGnu(src);
  });

  it('accepts every parameter list form', () => {
    const src = [
      '.macro m1 a b', '.byte \\a, \\b', '.endm',
      '.macro m2, a, b', '.byte \\a, \\b', '.endm',
      '.macro m3 a=1 b = 2', '.byte \\a, \\b', '.endm',
      '.macro m4 a:req, b:vararg', '.byte \\a, \\b', '.endm',
      'm1 1 2', 'm2 3,4', 'm3', 'm3 b=9', 'm4 5, 6, 7',
    ].join('\n');
    expect(sectionHex(hypsim(src))).toBe('0102030401020109050607');
    if (!noGas()) expectSameAsGnu(src);
  });

  it('reports a missing :req argument', () => {
    expect(hypsimError('.macro m a:req\n.byte \\a\n.endm\nm\n')).toBe(
      "test.s:4:1: error: missing value for required parameter 'a' of macro 'm'",
    );
  });

  it('rejects unknown keywords and mixing keyword and positional arguments', () => {
    expect(hypsimError('.macro m a\n.endm\nm z=1\n')).toMatch(/parameter named 'z' does not exist for macro 'm'/);
    expect(hypsimError('.macro m a b\n.endm\nm a=1, 2\n')).toMatch(/can't mix positional and keyword arguments/);
    expect(hypsimError('.macro m a\n.endm\nm 1, 2\n')).toMatch(/too many positional arguments/);
  });
});

describe('macro bodies', () => {
  it('substitutes \\param, \\(), \\@ and keeps unknown \\names', () => {
    const src = '.macro r p1 p2\n.ascii "(\\p1|\\p2|\\p3|\\()|\\(ab)|\\@)"\n.endm\nr 1\nr 2 3\n';
    expect(ascii(src)).toBe('(1||p3||ab|0)(2|3|p3||ab|1)');
    if (!noGas()) expectSameAsGnu(src);
  });

  it('counts \\@ over all macro expansions, outer before inner', () => {
    const src = '.macro inner\n.byte \\@\n.endm\n.macro outer\n.byte \\@\ninner\ninner\n.endm\nouter\nouter\n';
    expect(sectionHex(hypsim(src))).toBe('000102030405');
    if (!noGas()) expectSameAsGnu(src);
  });

  it('substitutes &name like gas (the & disappears)', () => {
    const src = '.macro k b\n.word 3&b, (1&&2)\n.endm\nk 1\n';
    expect(sectionHex(hypsim(src))).toBe('1f00000001000000');
    if (!noGas()) expectSameAsGnu(src);
  });

  it('defines nested macros when the outer one runs, and allows redefinition after .purgem', () => {
    const src = [
      '.macro outer val',
      '.macro inner',
      '.byte \\val',
      '.endm',
      'inner',
      '.purgem inner',
      '.endm',
      'outer 7',
      'outer 9',
    ].join('\n');
    expect(sectionHex(hypsim(src))).toBe('0709');
    if (!noGas()) expectSameAsGnu(src);
  });

  it('leaves \\name of an inner macro to the inner expansion (for-loop pattern)', () => {
    const src = [
      '.macro __for from:req, to:req',
      '.if (\\from) == (\\to)',
      '_for__body %\\from',
      '.else',
      '__for %\\from, %((\\from) + ((\\to) - (\\from)) / 2)',
      '__for %((\\from) + ((\\to) - (\\from)) / 2 + 1), %\\to',
      '.endif',
      '.endm',
      '.macro _for var:req, from:req, to:req, insn:vararg',
      '.macro _for__body \\var:req',
      '.noaltmacro',
      '\\insn',
      '.altmacro',
      '.endm',
      '.altmacro',
      '__for \\from, \\to',
      '.noaltmacro',
      '.purgem _for__body',
      '.endm',
      '_for n, 0, 12, .byte \\n * 2',
      '_for n, 3, 5, .byte \\n - 34',
    ].join('\n');
    expect(sectionHex(hypsim(src))).toBe('00020406080a0c0e10121416 18e1e2e3'.replace(' ', ''));
    if (!noGas()) expectSameAsGnu(src);
  });

  it('evaluates %expr in altmacro mode and keeps <…> and quoted strings as gas does', () => {
    const src = [
      '.altmacro',
      '.macro s a, b',
      '.ascii "{a|%a}"',
      '.ascii "[\\b]"',
      '.word a',
      '.endm',
      's %(3+4), <x y>',
      's 11, <a!>b>',
      's %-2, <a<b>c>',
      '.noaltmacro',
    ].join('\n');
    expect(ascii(src).replace(/[^ -~]/g, '.')).toBe('{7|%7}[x y]....{11|%11}[a>b]....{-2|%-2}[a<b>c]....');
    if (!noGas()) expectSameAsGnu(src);
  });

  it('makes unique names for altmacro LOCAL declarations and substitutes bare names in .irp', () => {
    const src = '.altmacro\n.macro m a\nLOCAL lbl, other\nlbl: .word lbl, a\nother: .word other\n.endm\nm 1\nm 2\n.irp r, 3, 4\n.byte r\n.endr\n';
    const p = hypsim(src);
    expect(p.symbols.filter((x) => x.name.startsWith('.LL')).map((x) => x.name)).toEqual(['.LL0001', '.LL0002', '.LL0003', '.LL0004']);
    if (!noGas()) expectSameAsGnu(src);
  });

  it('has no keyword arguments in altmacro mode', () => {
    const src = '.macro kw a=1, b=2\n.byte \\b\n.endm\n.altmacro\nkw 7\n.noaltmacro\nkw b=5\n';
    expect(sectionHex(hypsim(src))).toBe('0205');
    if (!noGas()) expectSameAsGnu(src);
  });

  it('lets macros shadow instruction mnemonics', () => {
    const src = '.macro nop\n.word 0x12345678\n.endm\n.macro bti targets\n.word 0x11\n.endm\nnop\nbti c\n1: nop\n';
    expect(sectionHex(hypsim(src))).toBe('785634121100000078563412');
    if (!noGas()) expectSameAsGnu(src);
  });

  it('stops an expansion at .exitm and closes conditionals opened in it', () => {
    const src = '.macro m n\n.byte \\n\n.if \\n > 1\n.exitm\n.endif\n.byte 0xff\n.endm\nm 1\nm 2\nm 0\n';
    expect(sectionHex(hypsim(src))).toBe('01ff0200ff');
    if (!noGas()) expectSameAsGnu(src);
  });

  it('recurses to depth 20', () => {
    const src = '.macro down n\n.byte \\n\n.if \\n\ndown %(\\n-1)\n.endif\n.endm\n.altmacro\ndown 20\n';
    expect(hypsim(src).sections[0].bytes.length).toBe(21);
    if (!noGas()) expectSameAsGnu(src);
  });

  it('finds .endm case-insensitively and after labels, and counts nested definitions', () => {
    const src = '.macro a\n.macro b\n.byte 2\n.ENDM\n.byte 1\nx: .endm\na\nb\n';
    expect(sectionHex(hypsim(src))).toBe('0102');
    if (!noGas()) expectSameAsGnu(src);
  });

  it('rejects redefinition without .purgem', () => {
    expect(hypsimError('.macro m\n.endm\n.macro m\n.endm\n')).toBe("test.s:3:1: error: macro 'm' is already defined");
  });
});

describe('.rept, .irp, .irpc', () => {
  it('repeats, also nested and inside macros', () => {
    const src = '.rept 2\n.byte 1\n.rept 3\n.byte 2\n.endr\n.endr\n.macro m n\n.rept \\n\n.byte \\n\n.endr\n.endm\nm 3\n.rept 0\n.byte 9\n.endr\n';
    expect(sectionHex(hypsim(src))).toBe('0102020201020202030303');
    if (!noGas()) expectSameAsGnu(src);
  });

  it('takes a .rept count from a label difference', () => {
    const src = '661: nop\nnop\n662:\n.rept (662b - 661b) / 4\n.byte 7\n.endr\n';
    expect(hypsim(src).sections[0].bytes.length).toBe(10);
    if (!noGas()) expectSameAsGnu(src);
  });

  it('substitutes .irp and .irpc values', () => {
    const src = '.irp r, 1 2, 3\n.byte \\r\n.endr\n.irp r\n.byte 9\\r\n.endr\n.irpc c, 123\n.byte \\c\n.endr\n.irp x,a,b\n.ascii "\\x\\()!"\n.endr\n';
    expect(sectionHex(hypsim(src))).toBe('01020309010203612162' + '21');
    if (!noGas()) expectSameAsGnu(src);
  });

  it('creates .req aliases and .equ symbols in an .irp', () => {
    const src = '.irp n,0,1,2\n.equ .L__reg_\\n, \\n * 4\nwx\\n .req w\\n\n.endr\nmov wx2, #.L__reg_2\nadd x0, x1, #.L__reg_1\n';
    expect(hypsim(src).sections[0].bytes.length).toBe(8);
    if (!noGas()) expectSameAsGnu(src);
  });
});
