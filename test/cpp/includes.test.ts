// #include search order, guards, #include_next, forced includes, __FILE__ and the files list.
import { describe, expect, test } from 'vitest';
import { findIncludeGuard } from '../../src/cpp/include.js';
import { lexFile } from '../../src/cpp/lexer.js';
import { expectError, lines, run, tokens } from './helpers.js';

const kernelLike = {
  'arch/arm64/kvm/hyp/entry.S': '#include <linux/linkage.h>\n#include <asm/assembler.h>\n#include "local.h"\nLINKAGE ASM LOCAL',
  'arch/arm64/kvm/hyp/local.h': '#define LOCAL quoted_beside_includer',
  'arch/arm64/include/asm/assembler.h': '#ifndef ASM_ASSEMBLER_H\n#define ASM_ASSEMBLER_H\n#define ASM arch_version\n#endif',
  'include/asm/assembler.h': '#define ASM generic_version',
  'include/linux/linkage.h': '#include <asm/assembler.h>\n#define LINKAGE linux_linkage',
};
const kernelDirs = { includeDirs: ['arch/arm64/include', 'include'] };

function runKernelLike(extra: Record<string, string> = {}, options = {}) {
  return run({ ...kernelLike, ...extra }, { ...kernelDirs, ...options }, 'arch/arm64/kvm/hyp/entry.S');
}

describe('#include', () => {
  test('<…> searches the include dirs in order; "…" tries the includer\'s directory first', () => {
    const r = runKernelLike();
    expect(r.lines.map((l) => l.text)).toEqual(['linux_linkage arch_version quoted_beside_includer']);
    expect(r.files).toEqual([
      'arch/arm64/kvm/hyp/entry.S',
      'include/linux/linkage.h',
      'arch/arm64/include/asm/assembler.h',
      'arch/arm64/kvm/hyp/local.h',
    ]);
  });

  test('"…" falls back to the include dirs', () => {
    expect(tokens({ 'main.S': '#include "h.h"\nH', 'inc/h.h': '#define H from_inc' }, { includeDirs: ['inc'] })).toBe('from_inc');
  });

  test('a guarded header is read once, an unguarded one every time', () => {
    const files = {
      'main.S': '#include "g.h"\n#include "g.h"\n#include "u.h"\n#include "u.h"',
      'g.h': '// comment first\n#ifndef G_H\n#define G_H\nguarded\n#endif /* G_H */\n',
      'u.h': 'unguarded __INCLUDE_LEVEL__',
    };
    expect(lines(files)).toEqual(['guarded', 'unguarded 1', 'unguarded 1']);
  });

  test('#if !defined(X) guards and #pragma once and #import', () => {
    const files = {
      'main.S': '#include "a.h"\n#include "a.h"\n#include "o.h"\n#include "o.h"\n#import "i.h"\n#import "i.h"',
      'a.h': '#if !defined(A_H)\n#define A_H\na\n#endif',
      'o.h': '#pragma once\no',
      'i.h': 'i',
    };
    expect(lines(files)).toEqual(['a', 'o', 'i']);
  });

  test('#include_next continues after the directory the includer was found in', () => {
    const files = {
      'main.S': '#include <w.h>',
      'first/w.h': 'outer\n#include_next <w.h>',
      'second/w.h': 'inner\n#include_next <w.h>',
      'third/w.h': 'innermost',
    };
    expect(lines(files, { includeDirs: ['first', 'second', 'third'] })).toEqual(['outer', 'inner', 'innermost']);
  });

  test('computed includes', () => {
    const files = {
      'main.S': '#define Q "q.h"\n#define A <a.h>\n#define NAME(x) #x\n#include Q\n#include A\n#include NAME(n.h)',
      'q.h': 'quoted',
      'inc/a.h': 'angled',
      'n.h': 'stringized',
    };
    expect(lines(files, { includeDirs: ['inc'] })).toEqual(['quoted', 'angled', 'stringized']);
  });

  test('__has_include / __has_include_next', () => {
    const files = {
      'main.S': '#if __has_include("h.h") && __has_include(<h.h>) && !__has_include(<nope.h>)\nyes\n#endif',
      'inc/h.h': '',
    };
    expect(lines(files, { includeDirs: ['inc'] })).toEqual(['yes']);
  });

  test('__FILE__ is the tree-relative path; __INCLUDE_LEVEL__ counts nesting', () => {
    const files = { 'dir/main.S': '#include "sub/h.h"\n__FILE__ __INCLUDE_LEVEL__ __BASE_FILE__', 'dir/sub/h.h': '__FILE__ __INCLUDE_LEVEL__ __FILE_NAME__' };
    expect(run(files, {}, 'dir/main.S').lines.map((l) => l.text)).toEqual([
      '"dir/sub/h.h" 1 "h.h"',
      '"dir/main.S" 0 "dir/main.S"',
    ]);
  });
});

describe('-include forced includes', () => {
  test('processed in order before the main file, found by tree path or in the include dirs', () => {
    const files = {
      'main.S': 'FIRST SECOND __INCLUDE_LEVEL__',
      'include/linux/kconfig.h': '#define FIRST 1\n#include <generated/autoconf.h>',
      'include/generated/autoconf.h': '#define SECOND FIRST',
      'inc/extra.h': 'extra __INCLUDE_LEVEL__',
    };
    const r = run(files, { includeDirs: ['include', 'inc'], forcedIncludes: ['include/linux/kconfig.h', 'extra.h'] });
    expect(r.lines.map((l) => `${l.file}:${l.line}: ${l.text}`)).toEqual(['inc/extra.h:1: extra 1', 'main.S:1: 1 1 0']);
    expect(r.files).toEqual(['main.S', 'include/linux/kconfig.h', 'include/generated/autoconf.h', 'inc/extra.h']);
  });

  test('a missing forced include lists where it looked', () => {
    expectError('x', { message: 'nope.h: No such file (searched: ., inc)', at: '<command-line>:1:1' }, { includeDirs: ['inc'], forcedIncludes: ['nope.h'] });
  });
});

describe('missing includes', () => {
  test('<…> lists the include dirs tried', () => {
    expectError(
      { ...kernelLike, 'arch/arm64/kvm/hyp/entry.S': 'x\n#include <asm/foo.h>' },
      { message: 'asm/foo.h: No such file (searched: arch/arm64/include, include)', at: 'arch/arm64/kvm/hyp/entry.S:2:10' },
      kernelDirs,
    );
  });
  test('"…" lists the includer\'s directory first', () => {
    expectError({ 'a/main.S': '#include "x.h"' }, { message: 'x.h: No such file (searched: a, inc)', at: 'a/main.S:1:10' }, { includeDirs: ['inc'] });
  });
});

describe('include guard detection', () => {
  test.each([
    ['#ifndef X', '#ifndef X\n#define X\n#if 1\n#endif\n#endif', 'X'],
    ['#if !defined(X)', '/* c */\n#if !defined(X)\n#endif', 'X'],
    ['#if !defined X', '#if !defined X\n#endif\n// trailing comment', 'X'],
    ['text after #endif', '#ifndef X\n#endif\ntext', undefined],
    ['#else at the outer level', '#ifndef X\n#else\n#endif', undefined],
    ['text before #ifndef', 'text\n#ifndef X\n#endif', undefined],
    ['two groups', '#ifndef X\n#endif\n#ifndef Y\n#endif', undefined],
    ['#ifdef is not a guard', '#ifdef X\n#endif', undefined],
  ])('%s', (_name, source, guard) => expect(findIncludeGuard(lexFile(source))).toBe(guard));
});
