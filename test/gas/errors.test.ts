import { describe, expect, it } from 'vitest';
import { assemble } from '../../src/gas/index.js';
import { HypsimError, formatError } from '../../src/util/diagnostics.js';
import { hypsimError, hypsimErrorKind } from './helpers/snippet.js';

describe('errors name the original file:line:col and the macro expansion stack', () => {
  it('names unknown directives and mnemonics', () => {
    expect(hypsimError('.frobnicate 1\n')).toBe("test.s:1:1: error: unknown directive '.frobnicate'");
    expect(hypsimError('nop\n  nop ; frob x0\n')).toBe("test.s:2:9: error: unknown mnemonic 'frob'");
  });

  it('adds one line per macro expansion, innermost first', () => {
    const src = ['.macro inner', '  frob x0', '.endm', '.macro outer', '  nop', '  inner', '.endm', 'outer'].join('\n');
    expect(hypsimError(src)).toBe(
      ["test.s:2:3: error: unknown mnemonic 'frob'", "  in expansion of macro 'inner' at test.s:6", "  in expansion of macro 'outer' at test.s:8"].join('\n'),
    );
  });

  it('reports errors inside .rept bodies of a macro with the macro stack', () => {
    const src = ['.macro m', '.rept 2', '.byte 1 / 0', '.endr', '.endm', 'm'].join('\n');
    expect(hypsimError(src)).toBe(['test.s:3:1: error: division by zero', "  in expansion of macro 'm' at test.s:6"].join('\n'));
  });

  it('uses the file and line of each preprocessed line', () => {
    const lines = [
      { text: '.macro m', file: 'include/m.h', line: 10 },
      { text: '\tldr x0, [x1, #1, lsl]', file: 'include/m.h', line: 11 },
      { text: '.endm', file: 'include/m.h', line: 12 },
      { text: '  m', file: 'arch/x.S', line: 40 },
    ];
    try {
      assemble(lines, { file: 'arch/x.S' });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(HypsimError);
      const msg = formatError(e as HypsimError);
      expect(msg.split('\n')[0]).toMatch(/^include\/m\.h:11:2: error: /);
      expect(msg.split('\n')[1]).toBe("  in expansion of macro 'm' at arch/x.S:40");
    }
  });

  it('reports encoder errors found after layout at their statement', () => {
    expect(hypsimError('nop\n  add x0, x1, #5000\n')).toMatch(/^test\.s:2:3: error: /);
    expect(hypsimError('.macro m\nb far\n.endm\nm\n.skip 0x10000000\nfar:\n')).toMatch(/^test\.s:2:1: error: .*\n  in expansion of macro 'm' at test\.s:4$/);
  });

  it('reports operand syntax errors', () => {
    expect(hypsimError('add x0, x1,\n')).toMatch(/^test\.s:1:1: error: syntax error/);
    expect(hypsimError('.word 1 +\n')).toMatch(/^test\.s:1:1: error: syntax error/);
  });

  it('reports unterminated and stray blocks', () => {
    expect(hypsimError('.macro m\nnop\n')).toBe("test.s:1:1: error: end of input inside the definition of macro 'm': no '.endm'");
    expect(hypsimError('nop\n.rept 3\nnop\n')).toBe("test.s:2:1: error: end of input inside .rept: no '.endr'");
    expect(hypsimError('.irp x, 1\n')).toBe("test.s:1:1: error: end of input inside .irp: no '.endr'");
    expect(hypsimError('.endm\n')).toBe("test.s:1:1: error: '.endm' without a matching start");
    expect(hypsimError('.endr\n')).toBe("test.s:1:1: error: '.endr' without a matching start");
    expect(hypsimError('.exitm\n')).toBe("test.s:1:1: error: '.exitm' outside a macro");
    expect(hypsimError('.include "x.s"\n')).toBe("test.s:1:1: error: '.include' is not supported: the C preprocessor handles includes");
  });

  it('rejects bad .macro headers and .rept counts', () => {
    expect(hypsimError('.macro\n.endm\n')).toBe('test.s:1:1: error: expected a macro name after .macro');
    expect(hypsimError('.macro m a, a\n.endm\n')).toBe("test.s:1:1: error: a parameter named 'a' already exists for macro 'm'");
    expect(hypsimError('.macro m a:opt\n.endm\n')).toBe("test.s:1:1: error: 'opt' is not a valid parameter qualifier for 'a' in macro 'm'");
    expect(hypsimError('.rept -1\n.endr\n')).toBe('test.s:1:1: error: .rept count is negative');
    expect(hypsimError('.rept later\n.endr\nlater:\n')).toMatch(/^test\.s:1:1: error: \.rept count must be a constant expression/);
  });
});

describe('limits end runaway input with an error, never a hang', () => {
  it('limits macro nesting', () => {
    const src = '.macro forever\nforever\n.endm\nforever\n';
    expect(hypsimErrorKind(src, {})).toBe('limit');
    expect(hypsimError(src).split('\n')[0]).toBe("test.s:2:1: error: macros nested more than 100 deep (runaway recursion in 'forever'?)");
    expect(hypsimErrorKind(src, { macroDepth: 5 })).toBe('limit');
  });

  it('limits .rept counts', () => {
    expect(hypsimErrorKind('.rept 5000000\nnop\n.endr\n', {})).toBe('limit');
    expect(hypsimError('.rept 11\nnop\n.endr\n', 'test.s', { reptCount: 10 })).toBe('test.s:1:1: error: .rept count 11 exceeds the limit of 10');
  });

  it('limits the total number of statements', () => {
    const src = '.rept 1000\n.rept 1000\n.rept 1000\n.byte 0\n.endr\n.endr\n.endr\n';
    expect(hypsimErrorKind(src, { statements: 100_000 })).toBe('limit');
    expect(hypsimError(src, 'test.s', { statements: 100_000 })).toBe(
      'test.s:4:1: error: more than 100000 statements assembled (runaway macro or .rept expansion?)',
    );
  });

  it('stops exponential macro expansion', () => {
    const src = '.macro twice n\n.if \\n\ntwice %(\\n-1)\ntwice %(\\n-1)\n.endif\n.endm\n.altmacro\ntwice 40\n';
    expect(hypsimErrorKind(src, { statements: 200_000 })).toBe('limit');
  });
});
