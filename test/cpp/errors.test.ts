// Every malformed input is a HypsimError with file:line:col (1-based column), never a crash.
import { describe, expect, test } from 'vitest';
import { HypsimError } from '../../src/util/diagnostics.js';
import { expectError, run, type Files } from './helpers.js';

type ErrorCase = readonly [name: string, source: string | Files, message: string | RegExp, at: string];

const conditionalErrors: ErrorCase[] = [
  ['unterminated #if points at the #if', 'a\n  #if 1\nb', 'unterminated #if', 'main.S:2:4'],
  ['unterminated #ifndef in a header', { 'main.S': '#include "h.h"', 'h.h': '\n#ifndef H\n' }, 'unterminated #ifndef', 'h.h:2:2'],
  ['conditionals do not span files', { 'main.S': '#if 1\n#include "h.h"', 'h.h': '#endif' }, '#endif without #if', 'h.h:1:2'],
  ['#else after #else', '#if 0\n#else\n#else\n#endif', '#else after #else', 'main.S:3:2'],
  ['#elif after #else', '#if 0\n#else\n#elif 1\n#endif', '#elif after #else', 'main.S:3:2'],
  ['#endif without #if', 'x\n#endif', '#endif without #if', 'main.S:2:2'],
  ['#else without #if', '#else', '#else without #if', 'main.S:1:2'],
  ['#elif without #if', '# elif 1', '#elif without #if', 'main.S:1:3'],
  ['#ifdef without a name', '#ifdef\n#endif', 'no macro name given in #ifdef directive', 'main.S:1:2'],
  ['#ifndef with a number', '#ifndef 3\n#endif', 'macro names must be identifiers', 'main.S:1:9'],
];

const expressionErrors: ErrorCase[] = [
  ['#if with no expression', '#if\n#endif', '#if with no expression', 'main.S:1:2'],
  ['#elif with no expression', '#if 0\n#elif\n#endif', '#elif with no expression', 'main.S:2:2'],
  ['missing right operand', '#if 1 +\n#endif', "operator '+' has no right operand", 'main.S:1:7'],
  ['missing left operand', '#if * 2\n#endif', "operator '*' has no left operand", 'main.S:1:5'],
  ['missing binary operator', '#if 1 2\n#endif', 'missing binary operator before token "2"', 'main.S:1:7'],
  ['missing )', '#if (1\n#endif', "missing ')' in expression", 'main.S:1:5'],
  ['missing (', '#if 1)\n#endif', "missing '(' in expression", 'main.S:1:6'],
  ['empty parentheses', '#if ()\n#endif', "missing expression between '(' and ')'", 'main.S:1:6'],
  ['? without :', '#if 1 ? 2\n#endif', "'?' without following ':'", 'main.S:1:2'],
  [': without ?', '#if 1 : 2\n#endif', "':' without preceding '?'", 'main.S:1:7'],
  ['assignment is not valid', '#if 1 = 1\n#endif', 'token "=" is not valid in preprocessor expressions', 'main.S:1:7'],
  ['strings are not valid', '#if "s"\n#endif', 'token ""s"" is not valid in preprocessor expressions', 'main.S:1:5'],
  ['division by zero', '#if 1 / 0\n#endif', 'division by zero in #if', 'main.S:1:7'],
  ['modulo by zero via a macro', '#define Z 0\n#if 5 % Z\n#endif', 'division by zero in #if', 'main.S:2:7'],
  ['floating constant', '#if 1.5\n#endif', 'floating constant in preprocessor expression', 'main.S:1:5'],
  ['invalid octal digit', '#if 09\n#endif', 'invalid digit "9" in octal constant', 'main.S:1:5'],
  ['invalid suffix', '#if 12abc\n#endif', 'invalid suffix "abc" on integer constant', 'main.S:1:5'],
  ['defined without identifier', '#if defined\n#endif', 'operator "defined" requires an identifier', 'main.S:1:5'],
  ['defined( without )', '#if defined(X\n#endif', 'missing \')\' after "defined"', 'main.S:1:13'],
  ['empty character constant', "#if '' == 0\n#endif", 'empty character constant', 'main.S:1:5'],
  ['function-like macro use in #if', '#define f(x) x\n#if f(1,2)\n#endif', 'macro "f" passed 2 arguments, but takes just 1', 'main.S:2:5'],
];

const macroErrors: ErrorCase[] = [
  ['unterminated argument list', '#define f(x) x\nmov f(1,\n  2', 'unterminated argument list invoking macro "f"', 'main.S:2:5'],
  ['argument list cut by the end of a header', { 'main.S': '#include "h.h"\n)', 'h.h': '#define f(x) x\nf(' }, 'unterminated argument list invoking macro "f"', 'h.h:2:1'],
  ['too many arguments', '#define f(x) x\n  f(1, 2)', 'macro "f" passed 2 arguments, but takes just 1', 'main.S:2:3'],
  ['too few arguments', '#define g(a, b, c) a\ng(1)', 'macro "g" requires 3 arguments, but only 1 given', 'main.S:2:1'],
  ['arguments to a macro without parameters', '#define h() x\nh(1)', 'macro "h" passed 1 arguments, but takes just 0', 'main.S:2:1'],
  ['#define without a name', '#define', 'no macro name given in #define directive', 'main.S:1:2'],
  ['#define of a number', '#define 1x 2', 'macro names must be identifiers', 'main.S:1:9'],
  ['#define defined', '#define defined 1', '"defined" cannot be used as a macro name', 'main.S:1:9'],
  ['unterminated parameter list', '#define f(x', "expected ')' before end of line", 'main.S:1:11'],
  ['bad parameter', '#define f(1) x', 'expected parameter name, found "1"', 'main.S:1:11'],
  ['duplicate parameter', '#define f(x, x) x', 'duplicate macro parameter "x"', 'main.S:1:14'],
  ['... not last', '#define f(a..., b) a', 'expected \')\' after "..."', 'main.S:1:15'],
  ['## at the start', '#define f(x) ## x', "'##' cannot appear at either end of a macro expansion", 'main.S:1:14'],
  ['## at the end', '#define g x ##', "'##' cannot appear at either end of a macro expansion", 'main.S:1:13'],
  ['#undef of nothing', '#undef', 'no macro name given in #undef directive', 'main.S:1:2'],
];

const otherErrors: ErrorCase[] = [
  ['#error with its text', 'ok\n#error stop: bad config\n', '#error stop: bad config', 'main.S:2:2'],
  ['#error in a header', { 'main.S': '#include "h.h"', 'h.h': '\n\n  #  error header says no' }, '#error header says no', 'h.h:3:6'],
  ['#include without a name', '#include', '#include expects "FILENAME" or <FILENAME>', 'main.S:1:2'],
  ['#include of a non-header', '#include 42', '#include expects "FILENAME" or <FILENAME>', 'main.S:1:10'],
  ['empty file name', '#include ""', 'empty filename in #include', 'main.S:1:10'],
  ['#include inside macro arguments', '#define f(x) x\nf(1,\n#include "h.h"\n)', '#include inside macro arguments is not supported', 'main.S:3:2'],
  ['#line with a non-number', '#line x', '"x" after #line is not a positive integer', 'main.S:1:7'],
  ['#line with a bad file name', '#line 3 x', 'invalid filename "x"', 'main.S:1:9'],
  ['unterminated comment', 'a\n  /* never closed\n', 'unterminated comment', 'main.S:2:3'],
  ['__has_include outside #if', '__has_include("x")', '"__has_include" used outside of preprocessing directive', 'main.S:1:1'],
  ['_Pragma without a string', '_Pragma(once)', '_Pragma takes a parenthesized string literal', 'main.S:1:1'],
  ['#pragma GCC error', '#pragma GCC error "nope"', 'nope', 'main.S:1:2'],
];

describe('errors', () => {
  test.each(conditionalErrors)('conditional: %s', (_n, source, message, at) => void expectError(source, { message, at }));
  test.each(expressionErrors)('#if expression: %s', (_n, source, message, at) => void expectError(source, { message, at }));
  test.each(macroErrors)('macro: %s', (_n, source, message, at) => void expectError(source, { message, at }));
  test.each(otherErrors)('%s', (_n, source, message, at) => void expectError(source, { message, at }));

  test('errors inside macro expansions carry the invocation frames', () => {
    const err = expectError(
      '#define inner(a) a\n#define outer(x) inner(x, x)\n\n  outer(1)',
      { message: 'macro "inner" passed 2 arguments, but takes just 1', at: 'main.S:4:3' },
    );
    expect(err.origin?.expansion).toEqual([{ macro: 'outer', file: 'main.S', line: 4 }]);
  });

  test('a missing main file is a usage error', () => {
    expect(() => run({ 'other.S': '' }, {}, 'missing.S')).toThrow(new HypsimError('missing.S: No such file'));
  });
});

describe('warnings', () => {
  test('#warning, #pragma GCC warning and others are collected with positions', () => {
    const r = run('#warning careful here\n#pragma GCC warning "pragma says"\n#define X-1\nok');
    expect(r.warnings.map((w) => `${w.origin?.file}:${w.origin?.line}:${w.origin?.col}: ${w.message}`)).toEqual([
      'main.S:1:2: #warning careful here',
      'main.S:2:2: pragma says',
      'main.S:3:10: missing whitespace after the macro name',
    ]);
    expect(r.lines.map((l) => l.text)).toEqual(['ok']);
  });

  test('backslash separated from its newline by spaces still splices, with a warning', () => {
    const r = run('a\\  \nb');
    expect(r.lines.map((l) => l.text)).toEqual(['ab']);
    expect(r.warnings.map((w) => `${w.origin?.line}:${w.origin?.col}: ${w.message}`)).toEqual(['1:2: backslash and newline separated by space']);
  });
});
