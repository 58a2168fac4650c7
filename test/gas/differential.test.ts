// The acceptance test: for every input, GNU as on the original (after gcc -E) and GNU as on
// hypsim's listing must agree on every section's bytes, the relocations and the symbols; and the
// Program hypsim built must agree with GNU as's object too. Both front ends are checked:
// gcc -E → hypsim's assembler, and hypsim's preprocessor → hypsim's assembler.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { preprocess, type PpLine } from '../../src/cpp/index.js';
import { assemble, emitListing } from '../../src/gas/index.js';
import type { Program } from '../../src/ir/program.js';
import { kernelProfile } from '../../src/kvm/kernel-layouts.js';
import { DiskTree, type SourceTree } from '../../src/tree/source-tree.js';
import { HypsimError, formatError } from '../../src/util/diagnostics.js';
import { LINUX_61_FILES, LINUX_V40_FILES, linux61Dir, linuxV4Dir, missingOracle, repoRoot, requireOracles } from '../helpers/oracles.js';
import { compareObjects, compareProgram } from './helpers/compare.js';
import type { ElfObject } from './helpers/elf.js';
import { GAS, GCC, gnuAssemble, kernelPreprocess, linemarkedLines } from './helpers/gnu.js';

const FIXTURES = join(repoRoot, 'fixtures', 'gas');

function assembled(lines: readonly PpLine[], file: string): Program {
  try {
    return assemble(lines, { file });
  } catch (e) {
    if (e instanceof HypsimError) throw new Error(formatError(e));
    throw e;
  }
}

/** Everything that differs between hypsim and GNU as for one translation unit. */
function differences(program: Program, original: ElfObject): string[] {
  const listing = emitListing(program, { map: true });
  let relisted: ElfObject;
  try {
    relisted = gnuAssemble(listing);
  } catch (e) {
    return [`the listing does not assemble: ${String(e).slice(0, 2000)}`];
  }
  return [
    ...itemCoverage(program),
    ...compareProgram(program, original).map((d) => `program: ${d}`),
    ...compareObjects(original, relisted).map((d) => `listing: ${d}`),
  ];
}

/** Items are sorted, do not overlap and cover every byte of every section. */
function itemCoverage(program: Program): string[] {
  const out: string[] = [];
  for (const s of program.sections) {
    let at = 0;
    for (const item of s.items) {
      if (item.offset !== at) out.push(`items of ${s.name}: ${item.offset < at ? 'overlap' : 'gap'} at 0x${at.toString(16)}`);
      at = Math.max(at, item.offset + (item.kind === 'insn' ? 4 : item.size));
    }
    if (at !== s.bytes.length) out.push(`items of ${s.name} end at 0x${at.toString(16)}, the section at 0x${s.bytes.length.toString(16)}`);
  }
  return out;
}

function hypsimPreprocess(tree: SourceTree, file: string, options: Parameters<typeof preprocess>[2]): PpLine[] {
  try {
    return [...preprocess(tree, file, options).lines];
  } catch (e) {
    if (e instanceof HypsimError) throw new Error(formatError(e));
    throw e;
  }
}

const noGnu = missingOracle({ tools: [GCC, GAS] });

describe('differential: fixtures/gas', () => {
  const files = readdirSync(FIXTURES).filter((f) => f.endsWith('.S')).sort();
  const gccE = (file: string) => execFileSync(GCC, ['-E', '-x', 'assembler-with-cpp', file], { cwd: FIXTURES }).toString('latin1');
  for (const file of files) {
    it.skipIf(noGnu !== undefined)(`${file}: gcc -E, then hypsim's assembler`, () => {
      const text = gccE(file);
      const program = assembled(linemarkedLines(text, [`${FIXTURES}/`]), `fixtures/gas/${file}`);
      expect(differences(program, gnuAssemble(text))).toEqual([]);
    });
    it.skipIf(noGnu !== undefined)(`${file}: hypsim's preprocessor, then hypsim's assembler`, () => {
      const program = assembled(hypsimPreprocess(new DiskTree(FIXTURES), file, { includeDirs: [] }), `fixtures/gas/${file}`);
      expect(differences(program, gnuAssemble(gccE(file)))).toEqual([]);
    });
  }
});

/** The built-in corpus (asm/), checked when it is there and its build setup works. */
describe('differential: the built-in corpus', async () => {
  const corpusDir = join(repoRoot, 'asm');
  const files = listFiles(corpusDir).filter((f) => f.endsWith('.S'));
  const corpus = await import('../../src/kvm/corpus.js').catch(() => undefined);
  for (const file of files) {
    const path = relative(repoRoot, file);
    it.skipIf(noGnu !== undefined || corpus === undefined)(`${path}: hypsim's preprocessor and assembler`, (ctx) => {
      let unit;
      try {
        unit = corpus?.corpusUnit(path, new DiskTree(repoRoot));
      } catch (e) {
        if (requireOracles) throw e;
        console.warn(`skipping ${path}: the corpus build setup fails (${String(e).split('\n')[0]})`);
        ctx.skip();
        return;
      }
      if (!unit) return;
      const generated = corpus?.CORPUS_ASM_OFFSETS_PATH;
      const text = corpusGccE(unit, generated);
      const fromGcc = assembled(linemarkedLines(text, [`${repoRoot}/`]), path);
      expect(differences(fromGcc, gnuAssemble(text))).toEqual([]);
      const fromHypsim = assembled(hypsimPreprocess(unit.tree, unit.file, unit.options), path);
      expect(differences(fromHypsim, gnuAssemble(text))).toEqual([]);
    });
  }
});

/** gcc -E of a corpus unit, with the header hypsim generates for it written next to the tree. */
function corpusGccE(unit: { tree: SourceTree; file: string; options: { includeDirs: readonly string[] } }, generated: string | undefined): string {
  const gen = mkdtempSync(join(tmpdir(), 'hypsim-corpus-'));
  try {
    const content = generated === undefined ? undefined : unit.tree.read(generated);
    if (generated !== undefined && content !== undefined) {
      mkdirSync(dirname(join(gen, generated)), { recursive: true });
      writeFileSync(join(gen, generated), content);
    }
    const includes = unit.options.includeDirs.flatMap((d) => [`-I${repoRoot}/${d}`, `-I${gen}/${d}`]);
    return execFileSync(GCC, ['-nostdinc', ...includes, '-E', '-x', 'assembler-with-cpp', unit.file], { cwd: repoRoot }).toString('latin1');
  } finally {
    rmSync(gen, { recursive: true, force: true });
  }
}

function listFiles(dir: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return [];
  }
  return entries.flatMap((e) => {
    const p = join(dir, e);
    return statSync(p).isDirectory() ? listFiles(p) : [p];
  });
}

function kernelSuite(title: string, dir: string | undefined, files: readonly string[], skip: string | undefined): void {
  const gnu = new Map<string, { pre: ReturnType<typeof kernelPreprocess>; object: ElfObject }>();
  const original = (tree: string, path: string) => {
    let o = gnu.get(path);
    if (!o) {
      const pre = kernelPreprocess(tree, path);
      gnu.set(path, (o = { pre, object: gnuAssemble(pre.text) }));
    }
    return o;
  };
  describe(title, () => {
    for (const path of files) {
      it.skipIf(skip !== undefined || dir === undefined)(`${path}: gcc -E, then hypsim's assembler`, () => {
        const { pre, object } = original(dir as string, path);
        expect(differences(assembled(pre.lines, path), object)).toEqual([]);
      });
      it.skipIf(skip !== undefined || dir === undefined)(`${path}: hypsim's preprocessor, then hypsim's assembler`, () => {
        const profile = kernelProfile(new DiskTree(dir as string), path);
        const lines = hypsimPreprocess(profile.tree, path, { includeDirs: profile.includeDirs, forcedIncludes: profile.forcedIncludes, defines: profile.defines });
        expect(differences(assembled(lines, path), original(dir as string, path).object)).toEqual([]);
      });
    }
  });
}

kernelSuite('differential: Linux 6.1', linux61Dir(), LINUX_61_FILES, missingOracle({ tools: [GCC, GAS], linux61: true }));
kernelSuite('differential: Linux v4.0 (HYPSIM_LINUX_V4)', linuxV4Dir(), LINUX_V40_FILES, linuxV4Dir() ? noGnu : 'HYPSIM_LINUX_V4 not set');
