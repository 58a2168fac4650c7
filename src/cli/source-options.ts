// Command-line options that say which file to build and how (-I/-D/-U/--include/--kernel).
import { relative, resolve } from 'node:path';
import type { Command } from 'commander';
import { assembleUnit, preprocessUnit, type GasOptions, type TranslationUnit } from '../pipeline.js';
import type { PreprocessResult } from '../cpp/index.js';
import type { Program } from '../ir/program.js';
import { initialFeatures } from '../gas/index.js';
import { kernelSourceUnit } from '../kbuild/units.js';
import { addKbuildOptions, isKbuildTree, kernelBuildFor, type KbuildCliOptions } from './kbuild-options.js';
import type { Io } from './io.js';
import { corpusUnit } from '../kvm/corpus.js';
import { kernelLayouts, kernelUnit } from '../kvm/kernel-layouts.js';
import { DiskTree, normalizePath } from '../tree/source-tree.js';
import { HypsimError } from '../util/diagnostics.js';

export interface SourceOptions extends KbuildCliOptions {
  includeDir: string[];
  define: string[];
  undef: string[];
  include: string[];
  kernel?: string;
  corpus?: boolean;
  asmOffsets?: string;
  march?: string;
  mcpu?: string;
}

const collect = (value: string, previous: string[]) => [...previous, value];

export function addSourceOptions(cmd: Command): Command {
  return addKbuildOptions(cmd)
    .option('-I, --include-dir <dir>', 'add a directory to the #include search path (repeatable)', collect, [])
    .option('-D, --define <name[=value]>', 'define a preprocessor macro (repeatable)', collect, [])
    .option('-U, --undef <name>', 'undefine a preprocessor macro (repeatable)', collect, [])
    .option('--include <file>', 'process FILE as if #include "FILE" came first (repeatable)', collect, [])
    .option('--kernel <dir>', "FILE is a path inside this Linux tree, built as kbuild builds it (its own command line for FILE); trees kbuild cannot build (Linux 4.0) use hypsim's kernel profile")
    .option('--corpus', 'FILE is a path inside hypsim\'s built-in corpus (e.g. asm/hyp/switch.S)')
    .option('--asm-offsets <file>', "with --kernel: use this asm-offsets.h (or Kbuild asm-offsets.s) instead of hypsim's layouts")
    .option('--march <arch>', "assemble for ARCH[+ext…] as gas's -march=ARCH does (default armv8-a; .arch in the source overrides it)")
    .option('--mcpu <cpu>', "assemble for CPU[+ext…] as gas's -mcpu=CPU does (wins over -march)");
}

/** gas spells the options `-march=ARCH` / `-mcpu=CPU`; commander reads those as `--march=ARCH`. */
export function gnuOptionSpelling(argv: readonly string[]): string[] {
  return argv.map((a) => a.replace(/^-(march|mcpu)=/, '--$1='));
}

function parseDefine(text: string): [string, string] {
  const eq = text.indexOf('=');
  return eq < 0 ? [text, '1'] : [text.slice(0, eq), text.slice(eq + 1)];
}

/** Turns the options and the FILE argument into a translation unit to preprocess/assemble. */
export function resolveUnit(file: string, o: SourceOptions): TranslationUnit {
  initialFeatures(o);
  const arch = { ...(o.march !== undefined ? { march: o.march } : {}), ...(o.mcpu !== undefined ? { mcpu: o.mcpu } : {}) };
  return { ...unitOf(file, o), ...arch };
}

function unitOf(file: string, o: SourceOptions): TranslationUnit {
  const defines = o.define.map(parseDefine);
  if (o.kernel !== undefined && o.corpus) throw new HypsimError('--kernel and --corpus cannot be combined', undefined, 'usage');
  if (o.kernel !== undefined) {
    const tree = new DiskTree(o.kernel, 'kernel');
    const unit = kernelUnit(tree, normalizePath(file), kernelLayouts(tree, o.asmOffsets));
    return {
      ...unit,
      debugName: (f) => resolve(tree.root, f),
      options: {
        includeDirs: [...o.includeDir, ...unit.options.includeDirs],
        forcedIncludes: [...(unit.options.forcedIncludes ?? []), ...o.include],
        defines: [...(unit.options.defines ?? []), ...defines],
        undefs: o.undef,
      },
    };
  }
  if (o.corpus) {
    const unit = corpusUnit(normalizePath(file));
    return {
      ...unit,
      options: { includeDirs: [...o.includeDir, ...unit.options.includeDirs], forcedIncludes: o.include, defines, undefs: o.undef },
    };
  }
  const cwd = process.cwd();
  const rel = (p: string) => normalizePath(relative(cwd, resolve(cwd, p)));
  const main = rel(file);
  return {
    tree: new DiskTree(cwd, 'cwd'),
    file: main,
    debugName: (f) => (f === main ? file : f),
    options: { includeDirs: o.includeDir.map(rel), forcedIncludes: o.include.map(rel), defines, undefs: o.undef },
  };
}

/** What the front-end commands work on: preprocess it, or assemble it. */
export interface SourceUnit {
  preprocess(): PreprocessResult;
  /** GAS: the assembler's options from the command line (debug information). */
  assemble(gas?: GasOptions): Program;
}

function fromTranslationUnit(unit: TranslationUnit): SourceUnit {
  return { preprocess: () => preprocessUnit(unit), assemble: (gas) => assembleUnit(unit, gas) };
}

/** FILE as the options say: a kbuild-built tree's own command line, or hypsim's profiles. */
export async function resolveSource(io: Io, file: string, o: SourceOptions): Promise<SourceUnit> {
  if (o.kernel !== undefined && !o.corpus && !o.asmOffsets && isKbuildTree(o.kernel)) {
    if (o.includeDir.length + o.define.length + o.undef.length + o.include.length > 0 || o.march !== undefined || o.mcpu !== undefined) {
      throw new HypsimError('-I/-D/-U/--include/-march/-mcpu cannot be combined with a kbuild-built --kernel tree: the file is built with its own kbuild command line', undefined, 'usage');
    }
    return kernelSourceUnit(await kernelBuildFor(io, o), file);
  }
  return fromTranslationUnit(resolveUnit(file, o));
}
