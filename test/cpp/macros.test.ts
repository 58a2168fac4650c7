// Macro expansion, table-driven. Expected outputs are GCC's (checked with aarch64-linux-gnu-gcc -E).
import { describe, expect, test } from 'vitest';
import { lines, run, tokens } from './helpers.js';
import { objectAndFunction, placeholderTrick, rescanning, stringizeAndPaste, variadic } from './cases.js';

describe('macros', () => {
  test.each(objectAndFunction)('%s', (_name, source, expected) => expect(tokens(source)).toBe(expected));
  test.each(variadic)('variadic: %s', (_name, source, expected) => expect(tokens(source)).toBe(expected));
  test.each(stringizeAndPaste)('# and ##: %s', (_name, source, expected) => expect(tokens(source)).toBe(expected));
  test.each(rescanning)('rescanning: %s', (_name, source, expected) => expect(tokens(source)).toBe(expected));
  test.each(placeholderTrick)('%s', (_name, source, expected) => expect(tokens(source)).toBe(expected));
});

describe('spacing of the output', () => {
  test.each([
    ['separate tokens stay separate', '#define NEG -1\n#define P +\n.word 1 -NEG, 2 P+3', '.word 1 - -1, 2 + +3'],
    ['source spacing is kept around expansions', '#define R x0\nfpsimd_save R, 4\nfpsimd_save R 4', 'fpsimd_save x0, 4|fpsimd_save x0 4'],
    ['no space is invented inside an expansion', '#define emit_inst(x) .inst(x)\nemit_inst(0xd500401f)', '.inst(0xd500401f)'],
    ['tabs between source tokens are kept', 'mov\tx0,\tx1', 'mov\tx0,\tx1'],
    ['an operator followed by an expanded sign', '#define M -4\n.word 1-M', '.word 1- -4'],
    ['an expansion ending before a name', '#define A a\nA/b', 'a/b'],
  ])('%s', (_name, source, expected) => expect(lines(source).join('|')).toBe(expected));
});

describe('predefined and command-line macros', () => {
  test('GCC aarch64 assembler-with-cpp predefines', () => {
    expect(tokens('__ASSEMBLER__ __aarch64__ __AARCH64EL__ __LP64__ _LP64 __CHAR_BIT__ __SIZEOF_LONG__ __BYTE_ORDER__ __GNUC__')).toBe(
      '1 1 1 1 1 8 8 1234 12',
    );
  });
  test('predefined: false defines only the built-ins', () => {
    expect(tokens('__aarch64__ __LINE__', { predefined: false })).toBe('__aarch64__ 1');
  });
  test('-D in order, with default value and parameters; -U after', () => {
    const out = tokens('A B C f(2)', { defines: [['A', '1'], ['B', 'A + A'], ['C', 'gone'], ['f(x)', 'x*x']], undefs: ['C'] });
    expect(out).toBe('1 1 + 1 C 2 * 2');
  });
  test('#undef', () => expect(tokens('#define X 1\nX\n#undef X\nX')).toBe('1 | X'));
  test('identical redefinition is silent, a different one warns', () => {
    expect(run('#define X 1\n#define X  1\nX').warnings).toEqual([]);
    const w = run('#define X 1\n#define X 2\nX').warnings;
    expect(w.map((d) => `${d.origin?.line}: ${d.message}`)).toEqual(['2: "X" redefined']);
  });
});
