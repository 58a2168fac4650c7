// The line map: every output line names the file and line where its text (or the macro invocation
// producing it) starts. Later stages report all positions through it.
import { describe, expect, test } from 'vitest';
import { run, type Files } from './helpers.js';

const located = (files: Files | string, options = {}) => run(files, options).lines.map((l) => `${l.file}:${l.line}: ${l.text.trim()}`);

describe('line map', () => {
  test('plain lines keep their numbers across directives, comments and blank lines', () => {
    const src = '#define X 1\n\n/* c */\na X\n// only a comment\n\tb\n#if 0\nskipped\n#endif\nc';
    expect(located(src)).toEqual(['main.S:4: a 1', 'main.S:6: b', 'main.S:10: c']);
  });

  test('a multi-line invocation maps to its first line; the next line keeps its own number', () => {
    const src = '#define sum(a, b, c) a + b + c\n\tadd x0, x1, #sum(1,\n\t\t2,\n\t\t3) // done\n\tnext';
    expect(located(src)).toEqual(['main.S:2: add x0, x1, #1 + 2 + 3', 'main.S:5: next']);
  });

  test('a spliced line maps to its first physical line', () => {
    expect(located('one\nmov lr, #(1 | \\\n  2)\nthree')).toEqual(['main.S:1: one', 'main.S:2: mov lr, #(1 |   2)', 'main.S:4: three']);
  });

  test('a line starting after a multi-line comment maps to its first token', () => {
    expect(located('/* spans\n   lines */ x /* and\n more */ y\nz')).toEqual(['main.S:2: x y', 'main.S:4: z']);
  });

  test('lines of an included header map to the header, including .macro bodies', () => {
    const files = {
      'main.S': '\n#include "asm/macros.h"\n\tsave x0\nafter',
      'asm/macros.h': '#define SLOT 16\n\t.macro save reg\n\tstr \\reg, [sp, #-SLOT]!\n\t.endm',
    };
    expect(located(files)).toEqual([
      'asm/macros.h:2: .macro save reg',
      'asm/macros.h:3: str \\reg, [sp, #-16]!',
      'asm/macros.h:4: .endm',
      'main.S:3: save x0',
      'main.S:4: after',
    ]);
  });

  test('a function-like name at the end of a line joins the ( on the next line', () => {
    expect(located('#define f(x) <x>\n.word f\n\n(1) tail\nnext')).toEqual(['main.S:2: .word <1> tail', 'main.S:5: next']);
  });

  test('#line renames and renumbers', () => {
    expect(located('a\n#line 100 "gen.S"\nb\nc\n#line 7\nd')).toEqual(['main.S:1: a', 'gen.S:100: b', 'gen.S:101: c', 'gen.S:7: d']);
  });

  test('__LINE__ in a header macro body is the header line; in an invocation it is the invocation line', () => {
    const files = {
      'main.S': '#include "bug.h"\n\tASM_BUG()\n\tuse_bug',
      'bug.h': '#define ASM_BUG() .word __LINE__\n\t.macro use_bug\n\tASM_BUG()\n\t.endm',
    };
    expect(located(files)).toEqual([
      'bug.h:2: .macro use_bug',
      'bug.h:3: .word 3',
      'bug.h:4: .endm',
      'main.S:2: .word 2',
      'main.S:3: use_bug',
    ]);
  });

  test('the original indentation and spacing of plain text is kept', () => {
    expect(run('\tstp\tx29, x30, [sp, #-16]!\n  fpsimd_save x0, 4').lines.map((l) => l.text)).toEqual([
      '\tstp\tx29, x30, [sp, #-16]!',
      '  fpsimd_save x0, 4',
    ]);
  });
});
