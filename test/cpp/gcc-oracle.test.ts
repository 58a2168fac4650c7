// Differential tests against GCC's preprocessor (aarch64-linux-gnu-gcc -E -x assembler-with-cpp):
// our fixtures, the expected values of the unit-test tables, and real Linux 6.1 / v4.0 hyp files.
// Every output line is compared by (file, line) as a pp-token sequence, and whitespace between
// tokens must be where GCC puts it.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, onTestFinished, test } from 'vitest';
import { preprocess, splitPpTokens, type PreprocessOptions } from '../../src/cpp/index.js';
import { kernelProfile } from '../../src/kvm/kernel-layouts.js';
import { DiskTree, type SourceTree } from '../../src/tree/source-tree.js';
import { LINUX_61_FILES, LINUX_V40_FILES, linux61Dir, linuxV4Dir, missingOracle, repoRoot } from '../helpers/oracles.js';
import { IF_PRELUDE, ifCases, objectAndFunction, placeholderTrick, rescanning, snippetCases, stringizeAndPaste, variadic, type Case } from './cases.js';
import { GCC, LINEMARKER, compareOutputs, describeMismatches, ourLines, parseGccOutput, runGcc } from './gcc-oracle-support.js';

const noGcc = missingOracle({ tools: [GCC] });
const noLinux61 = missingOracle({ tools: [GCC], linux61: true });

function expectSameAsGcc(root: string, file: string, options: PreprocessOptions, tree: SourceTree = new DiskTree(root), generated?: ReadonlyMap<string, string>) {
  const ours = preprocess(tree, file, options);
  const gcc = runGcc({ root, file, options, generated });
  const c = compareOutputs(parseGccOutput(gcc.output, gcc.roots), ourLines(ours));
  expect(c.lines).toBeGreaterThan(0);
  expect(c.tokenMismatches, describeMismatches(c.tokenMismatches)).toEqual([]);
  expect(c.spacingMismatches, describeMismatches(c.spacingMismatches)).toEqual([]);
  return { ours, lines: c.lines };
}

describe.skipIf(noGcc)('GCC oracle: fixtures/cpp', () => {
  const root = join(repoRoot, 'fixtures/cpp');
  test.each([
    ['macros.S', []],
    ['conditionals.S', []],
    ['lexical.S', []],
    ['includes.S', ['include', 'include/next']],
  ] as const)('%s', (file, includeDirs) => {
    expectSameAsGcc(root, file, { includeDirs });
  });
});

describe.skipIf(noGcc)('GCC oracle: the expected values of the unit-test tables', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hypsim-cpp-cases-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const includeDir = join(dir, 'empty-include-dir');
  mkdirSync(includeDir);
  const gccTokens = (source: string) => {
    const file = join(dir, 'case.S');
    writeFileSync(file, source + '\n');
    const out = execFileSync(GCC, ['-E', '-x', 'assembler-with-cpp', '-nostdinc', '-fno-PIE', `-I${includeDir}`, file], { encoding: 'latin1' });
    return out
      .split('\n')
      .filter((l) => l.trim() !== '' && !LINEMARKER.test(l))
      .map((l) => splitPpTokens(l).join(' '))
      .join(' | ');
  };
  const tables: Array<[string, Case[]]> = [
    ['object and function-like', objectAndFunction],
    ['variadic', variadic],
    ['# and ##', stringizeAndPaste],
    ['rescanning', rescanning],
    ['placeholder trick', placeholderTrick],
    ['snippets', snippetCases],
  ];
  test.each(tables)('%s', (_name, cases) => {
    for (const [name, source, expected] of cases) expect(gccTokens(source), name).toBe(expected);
  });
  test('#if expressions', () => {
    for (const [name, expression, value] of ifCases) {
      expect(gccTokens(`${IF_PRELUDE}\n#if ${expression}\nyes\n#else\nno\n#endif`), name).toBe(value ? 'yes' : 'no');
    }
  });
});

function kernelOptions(root: string, file: string) {
  const profile = kernelProfile(new DiskTree(root), file);
  const options: PreprocessOptions = { includeDirs: profile.includeDirs, forcedIncludes: profile.forcedIncludes, defines: profile.defines };
  return { profile, options };
}

describe.skipIf(noLinux61)('GCC oracle: Linux 6.1 hyp files', () => {
  const root = linux61Dir();
  test.each(LINUX_61_FILES)('%s', (file) => {
    const { profile, options } = kernelOptions(root, file);
    const { ours } = expectSameAsGcc(root, file, options, profile.tree, profile.generated);
    expect(ours.files.length).toBeGreaterThan(60);
  });
});

const v4Root = linuxV4Dir();
if (v4Root === undefined) console.warn('skipping Linux v4.0 oracle test: set HYPSIM_LINUX_V4 to a v4.0 tree');

describe.skipIf(v4Root === undefined || noGcc)('GCC oracle: Linux v4.0 hyp files', () => {
  const root = v4Root as string;
  test.each(LINUX_V40_FILES)('%s', (file) => {
    const { profile, options } = kernelOptions(root, file);
    expectSameAsGcc(root, file, options, profile.tree, profile.generated);
  });
});

/** Snippets built from macro definitions and uses that stress expansion and spacing. */
const FUZZ_DEFINES = [
  '#define A B C', '#define B(x) x A', '#define C(x, y) y ## x', '#define D(...) [__VA_ARGS__]', '#define E(a, b...) a , ## b',
  '#define F(x) #x', '#define G G(', '#define H(x) x(x)', '#define I(x) F(x)', '#define J ( 1 ,', '#define K(x) x ## x ## 1',
  '#define L C', '#define M(a,b) a b b a', '#define N -', '#define O(x) -x-', '#undef A', '#define P(x) P(x) x',
  '#define Q(x) #x ## x', '#define R(x, y) x ## #y # y', '#define S(x) # x #', '#define T(x...) x ## x', '#define U(...) __VA_ARGS__ ## _',
  '#define V(a) a##.##a', '#define W(a) <a a>', '#define X(a) a##/', '#define Y /', '#define Z(x) x x x',
  '#if A + 1 > 0', '#if defined B || C(1,2)', '#else', '#endif', '#ifdef D', '#endif',
];
const FUZZ_USES = [
  'A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J', 'K', 'L', 'M', 'N', 'O', 'P', 'Q', 'R', 'S', 'T', 'U', 'V', 'W', 'X', 'Y', 'Z',
  '(', ')', ',', ' ', ' ', '\n', '\t', '\\\n', '/**/', '1', 'x', '-', '+', '.', '#', '#x', '##', '"s"', "'c'", '=', '<', '/', '__LINE__',
];

describe.skipIf(noGcc)('GCC oracle: random macro soups', () => {
  test('output (tokens and spacing) and accept/reject decisions agree with GCC', () => {
    let seed = 4242;
    const next = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
    const pick = <T>(a: readonly T[]) => a[Math.floor(next() * a.length)];
    const dir = mkdtempSync(join(tmpdir(), 'hypsim-cpp-fuzz-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    let compared = 0;
    for (let i = 0; i < 100; i++) {
      const defines = Array.from({ length: 6 }, () => pick(FUZZ_DEFINES) + '\n').join('');
      const source = defines + Array.from({ length: 40 }, () => pick(FUZZ_USES)).join('') + '\n';
      writeFileSync(join(dir, 'soup.S'), source);
      let gccOutput: string | undefined;
      try {
        gccOutput = execFileSync(GCC, ['-E', '-x', 'assembler-with-cpp', '-nostdinc', join(dir, 'soup.S')], { encoding: 'latin1', stdio: ['ignore', 'pipe', 'pipe'] });
      } catch {
        gccOutput = undefined;
      }
      let ours: ReturnType<typeof preprocess> | undefined;
      try {
        ours = preprocess(new DiskTree(dir), 'soup.S', { includeDirs: [] });
      } catch {
        ours = undefined;
      }
      expect(ours === undefined, `accept/reject differs for ${JSON.stringify(source)}`).toBe(gccOutput === undefined);
      if (ours === undefined || gccOutput === undefined) continue;
      const c = compareOutputs(parseGccOutput(gccOutput, [dir]), ourLines(ours));
      const problems = [...c.tokenMismatches, ...c.spacingMismatches];
      expect(problems, `${JSON.stringify(source)}\n${describeMismatches(problems)}`).toEqual([]);
      compared++;
    }
    expect(compared).toBeGreaterThan(20);
  });
});
