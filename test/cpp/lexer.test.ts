// Tokenizing in GCC's assembler-with-cpp mode.
import { describe, expect, test } from 'vitest';
import { lexFile, lexFragment, lexSingleToken } from '../../src/cpp/lexer.js';

const kinds = (text: string) => lexFragment(text).map((t) => `${t.kind}:${t.text}`);

describe('lexer', () => {
  test.each([
    ['identifiers with $', 'a$b _x', ['name:a$b', 'name:_x']],
    ['pp-numbers', '0x1f 1.e-5 .5 1e+x 08 1..2 0x1p-3', ['number:0x1f', 'number:1.e-5', 'number:.5', 'number:1e+x', 'number:08', 'number:1..2', 'number:0x1p-3']],
    ['punctuators, longest match', 'a<<=b->c...d##e#f', ['name:a', 'punct:<<=', 'name:b', 'punct:->', 'name:c', 'punct:...', 'name:d', 'punct:##', 'name:e', 'punct:#', 'name:f']],
    ['no digraphs in assembler mode', '<: %:', ['punct:<', 'punct::', 'punct:%', 'punct::']],
    ['strings and chars with escapes', String.raw`"a\"b" 'c' '\'' L"w" L'x'`, ['string:"a\\"b"', "char:'c'", "char:'\\''", 'string:L"w"', "char:L'x'"]],
    ['an unmatched quote runs to the end of the line', "hyp's code // x", ['name:hyp', "other:'s code // x"]],
    ['stray characters', '@ ` \\x', ['other:@', 'other:`', 'other:\\', 'name:x']],
    ['comments are whitespace', 'a/**/b // c', ['name:a', 'name:b']],
  ])('%s', (_name, text, expected) => expect(kinds(text)).toEqual(expected));

  test('header names only in #include operands', () => {
    expect(kinds('#include <a//b.h>')).toEqual(['punct:#', 'name:include', 'header:<a//b.h>']);
    expect(kinds('#define X <a.h>')).toEqual(['punct:#', 'name:define', 'name:X', 'punct:<', 'name:a', 'punct:.', 'name:h', 'punct:>']);
    expect(kinds('#include "a\\b.h"')).toEqual(['punct:#', 'name:include', 'string:"a\\b.h"']);
  });

  test('whitespace flags and original spacing', () => {
    const [a, b, c] = lexFragment('a\t b/* */c');
    expect([a.flags & 1, b.flags & 1, b.ws, c.flags & 1, c.ws]).toEqual([0, 1, '\t ', 1, ' ']);
  });

  test('logical lines: splices and block comments join physical lines', () => {
    const f = lexFile('#define A \\\n 1\nx /* a\nb */ y\n\n  # if 1\n#12\n#\n');
    expect(f.lines.map((l) => [l.line, l.endLine, l.directive, l.directiveName, l.tokens().map((t) => t.text).join(' ')])).toEqual([
      [1, 2, true, 'define', '# define A 1'],
      [3, 4, false, '', 'x y'],
      [6, 6, true, 'if', '# if 1'],
      [7, 7, false, '', '# 12'],
      [8, 8, true, '', '#'],
    ]);
    expect(f.lines[2].tokens()[1]).toMatchObject({ line: 6, col: 5 });
  });

  test('unterminated comment is recorded, not thrown', () => {
    expect(lexFile('a /* b\nc').unterminatedComment).toEqual({ line: 1, col: 3 });
  });

  test('CRLF line endings', () => {
    expect(lexFile('a\r\nb \\\r\nc\r\n').lines.map((l) => l.tokens().map((t) => t.text).join(' '))).toEqual(['a', 'b c']);
  });

  test('lexSingleToken decides pasting', () => {
    expect(lexSingleToken('ab')?.kind).toBe('name');
    expect(lexSingleToken('+=')?.text).toBe('+=');
    expect(lexSingleToken('1+')).toBeUndefined();
    expect(lexSingleToken('/ /')).toBeUndefined();
  });
});
