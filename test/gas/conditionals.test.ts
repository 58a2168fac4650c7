import { describe, expect, it } from 'vitest';
import { expectSameAsGnu, hypsim, hypsimError, noGas, sectionHex } from './helpers/snippet.js';

const FORMS: Array<[string, boolean]> = [
  ['.if 0', false], ['.if 5', true], ['.if -1', true], ['.if 2 > 1', true],
  ['.ifeq 0', true], ['.ifeq 1', false], ['.ifne 0', false], ['.ifne 3', true],
  ['.ifgt 1', true], ['.ifgt 0', false], ['.ifge 0', true], ['.ifge -1', false],
  ['.iflt -1', true], ['.iflt 0', false], ['.ifle 0', true], ['.ifle 1', false],
  ['.ifdef defd', true], ['.ifdef setd', true], ['.ifdef undefd', false], ['.ifdef referenced', false],
  ['.ifndef undefd', true], ['.ifndef defd', false], ['.ifnotdef defd', false], ['.ifnotdef undefd', true],
  ['.ifb', true], ['.ifb x', false], ['.ifnb x', true], ['.ifnb', false],
  ['.ifc a,a', true], ['.ifc a,b', false], ['.ifc a,', false], ['.ifc ,', true], ['.ifnc a,', true], ['.ifnc a,a', false],
  ['.ifeqs "a","a"', true], ['.ifeqs "a","b"', false], ['.ifnes "a","b"', true],
];

const PRELUDE = 'defd: .set setd, 1\n.word referenced\n';

describe('conditionals', () => {
  it.each(FORMS)('%s', (cond, taken) => {
    const src = `${PRELUDE}${cond}\n.byte 1\n.else\n.byte 2\n.endif\n`;
    expect(sectionHex(hypsim(src)).slice(-2)).toBe(taken ? '01' : '02');
  });

  it('matches GNU as on every form', () => {
    if (noGas()) return;
    expectSameAsGnu(PRELUDE + FORMS.map(([c]) => `${c}\n.byte 1\n.else\n.byte 2\n.endif`).join('\n'));
  });

  it('chains .elseif and nests, skipping untaken groups silently', () => {
    const src = [
      '.macro pick n',
      '.if \\n == 0',
      '.byte 10',
      '.elseif \\n == 1',
      '.byte 11',
      '.elseif \\n == 2',
      '.if 1',
      '.byte 12',
      '.else',
      '.error "not here"',
      '.endif',
      '.else',
      '.byte 13',
      '.endif',
      '.endm',
      'pick 0', 'pick 1', 'pick 2', 'pick 3',
      '.if 0',
      '.error "silent"',
      '.if garbage ((( !!',
      '.elseif more garbage',
      '.endif',
      'not_an_instruction x0',
      '.macro never',
      '.else',
      '.byte 14',
      '.endif',
    ].join('\n');
    expect(sectionHex(hypsim(src))).toBe('0a0b0c0d0e');
    if (!noGas()) expectSameAsGnu(src);
  });

  it('evaluates .if on label differences immediately', () => {
    const src = '.macro check start, end\n.if (\\end - \\start) != 8\n.error "wrong length"\n.endif\n.endm\n661: nop\nnop\n662:\ncheck 661b, 662b\n';
    expect(hypsim(src).sections[0].bytes.length).toBe(8);
    if (!noGas()) expectSameAsGnu(src);
    expect(hypsimError('661: nop\n662:\n.if (662b - 661b) != 8\n.error "wrong length"\n.endif\n')).toBe('test.s:4:1: error: wrong length');
  });

  it('knows label differences across an alignment in subsection 0 (more lenient than gas)', () => {
    expect(sectionHex(hypsim('1: .byte 1\n.align 3\n2:\n.if 2b - 1b == 8\n.byte 2\n.endif\n'))).toBe('010000001f2003d502');
  });

  it('reports unbalanced conditionals', () => {
    expect(hypsimError('.else\n')).toBe("test.s:1:1: error: '.else' without matching '.if'");
    expect(hypsimError('.endif\n')).toBe("test.s:1:1: error: '.endif' without '.if'");
    expect(hypsimError('.if 1\n.else\n.else\n.endif\n')).toBe("test.s:3:1: error: duplicate '.else'");
    expect(hypsimError('nop\n  .if 1\nnop\n')).toBe("test.s:2:3: error: end of input inside a conditional: '.if' without '.endif'");
    expect(hypsimError('.if undefined_sym\n.endif\n')).toBe("test.s:1:1: error: .if expression must be a constant expression ('undefined_sym' not known here)");
  });

  it('runs .error, .warning and .print', () => {
    expect(hypsimError('.error "stop here"\n')).toBe('test.s:1:1: error: stop here');
    expect(hypsimError('.err\n')).toBe('test.s:1:1: error: .err encountered');
    const p = hypsim('.warning "careful"\n.print "hello"\n');
    expect(p.diagnostics.map((d) => `${d.severity}: ${d.message}`)).toEqual(['warning: careful', 'note: hello']);
  });
});
