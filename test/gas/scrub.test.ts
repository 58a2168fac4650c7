import { describe, expect, it } from 'vitest';
import { scrubLine, splitStatements } from '../../src/gas/scrub.js';

const texts = (line: string) => scrubLine(line).map((s) => s.text);

describe('scrubbing (gas input normalisation)', () => {
  it.each([
    ['  ldr  x0 ,  [ x1 , # 16 ] ', ['ldr x0,[x1,#16]']],
    ['m 1 - 34', ['m 1-34']],
    ['m x0 x1  x2', ['m x0 x1 x2']],
    ['m (1 + 2), 3', ['m (1+2),3']],
    ['m .inst (0x1), nop', ['m .inst(0x1),nop']],
    ['generate_vectors indirect = 0, spectrev2 = 1', ['generate_vectors indirect=0,spectrev2=1']],
    ['two \\p \\q', ['two \\p \\q']],
    ['m4 a \\ b', ['m4 a \\b']],
    ['m x "y"', ['m x "y"']],
    ["m a b  'c  '\\n", ['m a b 9910']],
    ['1: 2:  nop', ['1:2:nop']],
    ['nop ; # comment ; nop', ['nop']],
    ['.word 1 // c ; .word 2', ['.word 1']],
    ['.word 3 /* c ; */ ; .word 4', ['.word 3', '.word 4']],
    ['# 12 "file.S"', []],
    ['foo: # comment', ['foo:']],
    ['.ascii "a ; b  c"  ; nop', ['.ascii "a ; b  c"', 'nop']],
    ['mul vl', ['mul vl']],
  ])('%j', (line, expected) => {
    expect(texts(line)).toEqual(expected);
  });

  it('records the column of each statement', () => {
    expect(scrubLine('  nop ;   isb').map((s) => s.col)).toEqual([3, 11]);
  });

  it('carries a block comment across lines', () => {
    const state = { inBlockComment: false };
    expect(scrubLine('nop /* start', state).map((s) => s.text)).toEqual(['nop']);
    expect(scrubLine('still comment */ isb', state).map((s) => s.text)).toEqual(['isb']);
  });

  it('splits expanded text at semicolons outside strings', () => {
    expect(splitStatements('a;b ; "c;d"')).toEqual(['a', 'b', '"c;d"']);
  });
});
