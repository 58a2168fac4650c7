// Preprocessor snippets with GCC's output (as pp-tokens separated by spaces, lines by " | ").
// The unit tests check our output against them; gcc-oracle.test.ts checks them against GCC.

export type Case = readonly [name: string, source: string, expected: string];

export const objectAndFunction: Case[] = [
  ['object-like', '#define N 42\nmov x0, #N', 'mov x0 , # 42'],
  ['chain of object-like macros', '#define A B\n#define B C\n#define C 7\n.word A', '. word 7'],
  ['function-like', '#define OFF(x) (8 * x)\nldr x1, [x0, #OFF(3)]', 'ldr x1 , [ x0 , # ( 8 * 3 ) ]'],
  ['argument used unparenthesised', '#define OFF(x) 16 + 8*x\n.word OFF(1+1)', '. word 16 + 8 * 1 + 1'],
  ['function-like name without arguments stays', '#define f(x) [x]\n.word f, f (1)', '. word f , [ 1 ]'],
  ['empty parameter list', '#define nop() hint #0\nnop()', 'hint # 0'],
  ['empty expansion', '#define NOTHING\n#define drop(x)\na NOTHING b drop(1) c', 'a b c'],
  ['nested calls in arguments', '#define sq(x) ((x)*(x))\n#define add(a, b) a+b\n.word add(sq(2), sq(add(1, 1)))', '. word ( ( 2 ) * ( 2 ) ) + ( ( 1 + 1 ) * ( 1 + 1 ) )'],
  ['parentheses protect commas', '#define first(a, b) a\n.word first((1, 2), 3)', '. word ( 1 , 2 )'],
  ['empty arguments', '#define pair(a, b) <a|b>\npair(,) pair(x,) pair(,y)', '< | > < x | > < | y >'],
  ['arguments over several lines', '#define sum(a, b) a + b\n.word sum(1,\n  2)\n.word 3', '. word 1 + 2 | . word 3'],
  ['name at end of line, ( on the next', '#define f(x) <x>\n.word f\n(1) tail', '. word < 1 > tail'],
  ['name at end of line, no ( on the next', '#define f(x) <x>\n.word f\n+1', '. word f | + 1'],
  ['macro name passed as an argument and called', '#define GLOBAL(n) .globl n\n#define START(n, linkage) linkage(n)\nSTART(fn, GLOBAL)', '. globl fn'],
  ['function-like macro completed by following text', '#define g f\n#define f(x) [x]\ng(1)', '[ 1 ]'],
  ['argument pre-expansion', '#define ONE 1\n#define id(x) x\n#define str(x) #x\n#define xstr(x) str(x)\nid(ONE) xstr(ONE) str(ONE)', '1 "1" "ONE"'],
  ['ASM_NL style multi-statement', '#define NL ;\n#define ENTRY(n) .globl n NL .align 2 NL n:\nENTRY(fn)', '. globl fn ; . align 2 ; fn :'],
];

export const variadic: Case[] = [
  ['GNU named variadic', '#define le(code...) code\nle(str w7, [x3, #4])', 'str w7 , [ x3 , # 4 ]'],
  ['named variadic with fixed parameter', '#define user(l, x...) 9999: x ; .word l\nuser(1f, ldr x0, [x1])', '9999 : ldr x0 , [ x1 ] ; . word 1f'],
  ['__VA_ARGS__', '#define all(...) <__VA_ARGS__>\nall(1, 2, 3) all()', '< 1 , 2 , 3 > < >'],
  ['variadic argument omitted', '#define v(a, ...) a/__VA_ARGS__/\nv(1)', '1 / /'],
  [', ## __VA_ARGS__ drops the comma when omitted', '#define e(f, ...) p(f, ## __VA_ARGS__)\ne(1) e(1, 2) e(1, 2, 3)', 'p ( 1 ) p ( 1 , 2 ) p ( 1 , 2 , 3 )'],
  [', ## __VA_ARGS__ keeps the comma for an empty argument', '#define e(f, ...) p(f, ## __VA_ARGS__)\ne(1,)', 'p ( 1 , )'],
  [', ## named variadic', '#define e(f, rest...) p(f , ## rest)\ne(1) e(1, 2)', 'p ( 1 ) p ( 1 , 2 )'],
  ['only-variadic macro with no argument drops the comma', '#define h(...) q(a, ## __VA_ARGS__)\nh() h(1)', 'q ( a ) q ( a , 1 )'],
  ['argument counting idiom', '#define n(...) pick(__VA_ARGS__, 3, 2, 1)\n#define pick(a, b, c, d, ...) d\nn(x) n(x, y) n(x, y, z)', '1 2 3'],
];

export const stringizeAndPaste: Case[] = [
  ['stringize', '#define s(x) #x\ns(a + b)', '"a + b"'],
  ['stringize collapses whitespace', '#define s(x) #x\ns(  a   +\tb  )', '"a + b"'],
  ['stringize escapes strings and chars', '#define s(x) #x\ns("a\\n" \'"\' \'\\\'\')', String.raw`"\"a\\n\" '\"' '\\''"`],
  ['stringize an empty argument', '#define s(x) #x\ns()', '""'],
  ['stringize keeps a lone backslash', '#define s(x) #x\ns(\\n)', String.raw`"\n"`],
  ['double expansion for stringize', '#define s(x) #x\n#define xs(x) s(x)\n#define V 4\nxs(V) s(V)', '"4" "V"'],
  ['paste identifiers', '#define cat(a, b) a ## b\ncat(foo, bar)', 'foobar'],
  ['paste numbers', '#define cat(a, b) a ## b\ncat(0x, 1f) cat(1, e)', '0x1f 1e'],
  ['paste forms a macro name that expands', '#define cat(a, b) a##b\n#define REG_SIZE 8\ncat(REG_, SIZE)', '8'],
  ['paste does not pre-expand operands', '#define cat(a, b) a##b\n#define X 1\ncat(X, X)', 'XX'],
  ['paste into a label', '#define lbl(n) .L__sym_##n\nlbl(fn):', '. L__sym_fn :'],
  ['failed paste keeps tokens apart (assembler mode)', '#define cat(a, b) a##b\ncat(1, +) cat(-, 1) cat(/, /) cat(x, 1.2)', '1 + - 1 / / x 1.2'],
  ['paste with empty operands', '#define cat(a, b) a##b\n[cat(,)] [cat(a,)] [cat(,b)]', '[ ] [ a ] [ b ]'],
  ['three-way paste', '#define cat3(a, b, c) a##b##c\ncat3(x, _, y) cat3(1, , 2)', 'x_y 12'],
  ['paste in object-like macro', '#define P a ## b\nP', 'ab'],
  ['# not followed by a parameter is kept', '#define imm(x) #1 + x ; # not_param\nmov x0, imm(2)', 'mov x0 , # 1 + 2 ; # not_param'],
  ['# in an object-like macro', '#define H # x\nH', '# x'],
];

export const rescanning: Case[] = [
  ['self-reference is not expanded again', '#define foo foo + 1\nfoo', 'foo + 1'],
  ['mutual recursion stops', '#define ping pong\n#define pong ping\nping pong', 'ping pong'],
  ['function-like self reference', '#define f(x) f(x) + x\nf(f(2))', 'f ( f ( 2 ) + 2 ) + f ( 2 ) + 2'],
  ['painted name stays unexpanded later', '#define f(x) x\n#define g f(g)\ng', 'g'],
  ['rescan picks up a following (', '#define lp (\n#define f(x) <x>\nf lp 1)', 'f ( 1 )'],
  ['expansion result invoked by following text', '#define id(x) x\n#define f(x) <x>\nid(f)(3)', '< 3 >'],
  ['macro re-enabled once its expansion is left', '#define a b a\n#define b a\na', 'a a'],
];

export const placeholderTrick: Case[] = [
  [
    'IS_ENABLED-style trick',
    [
      '#define OPT_ON 1',
      '#define OPT_OFF 0',
      '#define ARG_PLACEHOLDER_1 0,',
      '#define take_second(ignored, val, ...) val',
      '#define enabled3(junk) take_second(junk 1, 0)',
      '#define enabled2(v) enabled3(ARG_PLACEHOLDER_##v)',
      '#define enabled(opt) enabled2(opt)',
      '.word enabled(OPT_ON), enabled(OPT_OFF), enabled(OPT_MISSING)',
    ].join('\n'),
    '. word 1 , 0 , 0',
  ],
];


/** [name, #if expression, value]; definitions of PAGE_SIZE etc. are in IF_PRELUDE. */
export type IfCase = readonly [name: string, expression: string, value: boolean];

export const IF_PRELUDE = [
  '#define PAGE_SHIFT 12',
  '#define PAGE_SIZE (1UL << PAGE_SHIFT)',
  '#define VA_BITS 39',
  '#define PAGE_OFFSET (0xffffffffffffffff << (VA_BITS - 1))',
  '#define EMPTY',
  '#define ZERO 0',
].join('\n');

export const ifCases: IfCase[] = [
  ['decimal, hex, octal, binary', '10 == 0xa && 010 == 8 && 0b101 == 5', true],
  ['suffixes', '1u == 1 && 2UL == 2 && 3ll == 3 && 4LLU == 4 && 5lu == 5', true],
  ['all-ones hex is unsigned', '0xffffffffffffffff > 0', true],
  ['unsigned shift of all-ones stays positive', '0xffffffffffffffff << 38 > 0', true],
  ['macro-built unsigned page offset', 'PAGE_OFFSET > (1 << 30)', true],
  ['-1 promoted against 0u', '-1 > 0u', true],
  ['-1 against signed 0', '-1 > 0', false],
  ['signed division truncates toward zero', '(-1)/2 == 0 && -7/2 == -3 && -7%3 == -1', true],
  ['unsigned division', '-1/2u == 0x7fffffffffffffff', true],
  ['intmax limits', '9223372036854775807 > 0 && -9223372036854775807 - 1 < 0', true],
  ['decimal too large for intmax is unsigned', '18446744073709551615 == -1', true],
  ['left shift into the sign bit', '(1 << 63) < 0', true],
  ['shift by 64 or more', '(1 << 64) == 0 && (-1 >> 64) == -1 && (1u << 70) == 0', true],
  ['negative shift count shifts the other way', '(1 >> -2) == 4 && (16 << -2) == 4', true],
  ['arithmetic right shift of a negative', '-8 >> 1 == -4', true],
  ['logical right shift of unsigned', '(0x8000000000000000 >> 63) == 1', true],
  ['bit operators', '(6 & 3) == 2 && (6 | 3) == 7 && (6 ^ 3) == 5 && ~0 == -1 && ~0u > 0', true],
  ['logical operators yield 0/1', '(5 && 7) == 1 && (0 || 9) == 1 && !5 == 0 && !0 == 1', true],
  ['comparisons yield signed 1', '(2 > 1) - 2 < 0', true],
  ['short-circuit && hides division by zero', '0 && 1/0', false],
  ['short-circuit || hides modulo by zero', '1 || 1%0', true],
  ['ternary hides the other branch', '(1 ? 2 : 1/0) == 2 && (0 ? 1/0 : 3) == 3', true],
  ['ternary is unsigned if either branch is', '(1 ? -1 : 0u) > 0', true],
  ['nested ternary', '(0 ? 1 : 0 ? 2 : 3) == 3', true],
  ['comma operator', '(1, 0)', false],
  ['precedence', '1 + 2 * 3 == 7 && 1 << 2 + 1 == 8 && (1 | 2 ^ 3 & 4) == 3', true],
  ['unary minus, plus and nested parentheses', '-(-(+3)) == ((3))', true],
  ['character constants', "'a' == 97 && '\\n' == 10 && '\\0' == 0 && '\\x41' == 65 && '\\101' == 65 && '\\\\' == 92", true],
  ['plain char is unsigned on aarch64', "'\\377' > 0 && 'a' - 98 > 0", true],
  ['multi-character constant', "'ab' == 24930", true],
  ['defined forms', 'defined PAGE_SIZE && defined(VA_BITS) && !defined NOPE && !defined(NOPE)', true],
  ['defined of a macro defined empty', 'defined EMPTY && defined(ZERO)', true],
  ['undefined identifiers are zero', 'NOPE == 0 && NOPE + 1 == 1 && !NOPE', true],
  ['macro expanding to nothing', 'EMPTY 1 EMPTY', true],
  ['built-in macros are defined', 'defined __LINE__ && defined(__FILE__) && defined __has_include && __LINE__ > 0', true],
  ['__has_include of a missing header', '__has_include("no/such/file.h") || __has_include(<no_such.h>)', false],
];

/** Whole snippets: [name, source, expected] like the macro cases. */
export const snippetCases: Case[] = [
  [
    '#elif chain takes the first true branch only',
    '#define V 2\n#if V == 1\none\n#elif V == 2\ntwo\n#elif V == 2\nagain\n#else\nother\n#endif',
    'two',
  ],
  ['#elif after a taken group is not evaluated', '#if 1\nyes\n#elif 1/0\nno\n#endif', 'yes'],
  ['#if inside a skipped group is not evaluated', '#if 0\n#if 1/0 garbage (\n#else\n#endif\n#endif\nok', 'ok'],
  ['#ifdef / #ifndef / #else', '#define X\n#ifdef X\na\n#else\nb\n#endif\n#ifndef X\nc\n#else\nd\n#endif', 'a | d'],
  [
    'skipped C with strings, chars and asm()',
    [
      '#define __ASSEMBLY__ 1',
      '#ifndef __ASSEMBLY__',
      'static const char *s = "#endif \\" /* not a comment";',
      "char c = '\\''; char q = '\"';",
      'asm volatile("msr daifset, #2\\n\\t" "isb" ::: "memory");',
      '/* #else inside a comment',
      '#endif */',
      '#error not reached',
      '#else',
      'asm_side',
      '#endif',
    ].join('\n'),
    'asm_side',
  ],
  ['apostrophe in a skipped line', "#if 0\nit's skipped\n#endif\nvisible", 'visible'],
  ['splice inside a directive', '#define LONG_MACRO(a, \\\n  b) a + \\\n  b\nLONG_MACRO(1, 2)', '1 + 2'],
  ['splice in a plain line', 'mov lr, #(1 | \\\n  2)', 'mov lr , # ( 1 | 2 )'],
  ['splice inside an identifier', 'ab\\\ncd', 'abcd'],
  ['block and line comments', 'a /* x */ b // c\nd/* multi\nline */e', 'a b | d e'],
  ["apostrophe in asm text hides what follows (GCC's lexing)", "#define X 1\nhyp's X\nX", "hyp 's X | 1"],
  ['two apostrophes make a character constant', "#define X 1\nhyp's and guest's X", "hyp 's and guest' s 1"],
  ["apostrophes in comments don't matter", "#define X 1\nX // hyp's\n/* guest's */ X", '1 | 1'],
  ['# lines that are not directives pass through', '#define X 1\n#12 "file" X\n#imm X\n# gas comment X', '# 12 "file" 1 | # imm 1 | # gas comment 1'],
  ['null directive', '#\nafter', 'after'],
  ['__LINE__ and __COUNTER__', 'a __LINE__\n\n__LINE__ __COUNTER__ __COUNTER__', 'a 1 | 3 0 1'],
  ['__LINE__ in a multi-line invocation', '#define f(a, b) a b __LINE__\nf(1,\n__LINE__\n)', '1 3 2'],
  ['#line', '#line 100\n__LINE__\n#line 7 "other.S"\n__LINE__ __FILE__', '100 | 7 "other.S"'],
  ['directives inside macro arguments', '#define f(x) [x]\nf(1\n#ifdef NOPE\n+2\n#else\n+3\n#endif\n#define LATE 4\n+LATE)', '[ 1 + 3 + 4 ]'],
  ['an assembler # line inside macro arguments ends an argument', '#define f(a, b, c) [a|b|c]\nf(1,\n# x\n2)\nz', '[ 1 | | x 2 ] | z'],
  ['defined produced by a macro', '#define X\n#define HAVE_X defined(X)\n#define HAVE_Y defined Y\n#if HAVE_X && !HAVE_Y\nyes\n#endif', 'yes'],
  ['__COUNTER__ in #if and text', '#if __COUNTER__ == 0 && __COUNTER__ == 1\n__COUNTER__\n#endif', '2'],
];
