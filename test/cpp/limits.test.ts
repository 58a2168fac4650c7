// Resource limits end the run with a HypsimError of kind 'limit': never a hang or a stack overflow.
import { describe, expect, test } from 'vitest';
import { errorOf, expectError, run } from './helpers.js';

describe('limits', () => {
  test('an include cycle stops at the depth limit and names the cycle', () => {
    const err = expectError(
      { 'main.S': '#include "a.h"', 'a.h': '#include "b.h"', 'b.h': 'x\n#include "a.h"' },
      { message: '#include nested depth 200 exceeds maximum of 200 (include cycle: b.h -> a.h -> b.h)', at: 'a.h:1:10' },
    );
    expect(err.kind).toBe('limit');
  });

  test('a guarded self-include is not a cycle', () => {
    const files = { 'main.S': '#include "a.h"', 'a.h': '#ifndef A\n#define A\n#include "a.h"\nbody\n#endif' };
    expect(run(files).lines.map((l) => l.text)).toEqual(['body']);
  });

  test('includeDepth', () => {
    const files: Record<string, string> = { 'main.S': '#include "h1.h"' };
    for (let i = 1; i <= 10; i++) files[`h${i}.h`] = `#include "h${i + 1}.h"`;
    files['h11.h'] = 'deep';
    expect(run(files).lines.map((l) => l.text)).toEqual(['deep']);
    expectError(files, { message: '#include nested depth 5 exceeds maximum of 5', at: 'h4.h:1:10' }, { limits: { includeDepth: 5 } });
  });

  test('expansionDepth bounds nested macro expansion', () => {
    const nested = 'f('.repeat(60) + '1' + ')'.repeat(60);
    expect(run(`#define f(x) x\n${nested}`).lines.map((l) => l.text)).toEqual(['1']);
    const err = errorOf(`#define f(x) x\n${nested}`, { limits: { expansionDepth: 20 } });
    expect(err.message).toBe('macro expansion nested deeper than 20 levels');
    expect(err.kind).toBe('limit');
    expect(err.origin?.line).toBe(2);
  });

  test('exponential expansion is stopped', () => {
    const defs = ['#define E0 x x'];
    for (let i = 1; i <= 40; i++) defs.push(`#define E${i} E${i - 1} E${i - 1}`);
    const err = errorOf(`${defs.join('\n')}\nE40`);
    expect(err.message).toMatch(/too many tokens/);
    expect(err.kind).toBe('limit');
  });

  test('outputLines', () => {
    expectError('a\nb\nc\nd', { message: 'preprocessed output exceeds 3 lines', at: 'main.S:4:1' }, { limits: { outputLines: 3 } });
  });

  test('absurdly nested #if parentheses are an error, not a crash', () => {
    const err = errorOf(`#if ${'('.repeat(100_000)}1${')'.repeat(100_000)}\n#endif`);
    expect(err.kind).toBe('limit');
    expect(err.origin?.file).toBe('main.S');
  });
});
