// #if expressions and conditional groups. Expected values are GCC's (gcc-oracle.test.ts checks the tables).
import { describe, expect, test } from 'vitest';
import { IF_PRELUDE, ifCases, snippetCases } from './cases.js';
import { run, tokens } from './helpers.js';

const ifSnippet = (expression: string) => `${IF_PRELUDE}\n#if ${expression}\nyes\n#else\nno\n#endif`;

describe('#if expressions (64-bit intmax_t/uintmax_t)', () => {
  test.each(ifCases)('%s', (_name, expression, value) => expect(tokens(ifSnippet(expression))).toBe(value ? 'yes' : 'no'));
});

describe('conditionals, skipping, lexical details', () => {
  test.each(snippetCases)('%s', (_name, source, expected) => expect(tokens(source)).toBe(expected));
});

describe('expression warnings', () => {
  test('GCC-style warnings only for evaluated operands', () => {
    const w = run('#if 18446744073709551615 == -1 || 0 && 18446744073709551615\n#endif').warnings;
    expect(w.map((d) => `${d.origin?.line}:${d.origin?.col}: ${d.message}`)).toEqual([
      '1:5: integer constant is so large that it is unsigned',
    ]);
  });
  test('extra tokens after #else and #endif warn', () => {
    const w = run('#if 1\n#else junk\n#endif junk').warnings;
    expect(w.map((d) => d.message)).toEqual(['extra tokens at end of #else directive', 'extra tokens at end of #endif directive']);
  });
});
