// Command-line options that say which file to build and how (-I/-D/-U/--include/--kernel).
import { isAbsolute, relative, resolve } from 'node:path';
import type { Command } from 'commander';
import type { TranslationUnit } from '../pipeline.js';
import { corpusUnit } from '../kvm/corpus.js';
import { kernelLayouts, kernelUnit } from '../kvm/kernel-layouts.js';
import { packageRoot } from '../tree/corpus.js';
import { kernelDiskTree } from '../tree/kernel.js';
import { DiskTree, normalizePath } from '../tree/source-tree.js';
import { HypsimError } from '../util/diagnostics.js';

export interface SourceOptions {
  includeDir: string[];
  define: string[];
  undef: string[];
  include: string[];
  kernel?: string;
  corpus?: boolean;
  asmOffsets?: string;
}

const collect = (value: string, previous: string[]) => [...previous, value];

export function addSourceOptions(cmd: Command): Command {
  return cmd
    .option('-I, --include-dir <dir>', 'add a directory to the #include search path (repeatable)', collect, [])
    .option('-D, --define <name[=value]>', 'define a preprocessor macro (repeatable)', collect, [])
    .option('-U, --undef <name>', 'undefine a preprocessor macro (repeatable)', collect, [])
    .option('--include <file>', 'process FILE as if #include "FILE" came first (repeatable)', collect, [])
    .option('--kernel <dir>', 'FILE is a path inside this Linux tree; use the kernel build\'s include order, defines and generated headers')
    .option('--corpus', 'FILE is a path inside hypsim\'s built-in corpus (e.g. asm/hyp/switch.S)')
    .option('--asm-offsets <file>', "with --kernel: use this asm-offsets.h (or Kbuild asm-offsets.s) instead of hypsim's layouts");
}

function parseDefine(text: string): [string, string] {
  const eq = text.indexOf('=');
  return eq < 0 ? [text, '1'] : [text.slice(0, eq), text.slice(eq + 1)];
}

/** FILE as a path inside the tree at `root`: relative paths as given, absolute ones made relative (and refused outside it). */
function insideTree(file: string, root: string, option: string): string {
  if (!isAbsolute(file)) return normalizePath(file);
  const rel = relative(resolve(root), file);
  if (rel.startsWith('..') || isAbsolute(rel)) throw new HypsimError(`${file}: not inside the ${option} tree ${root}`, undefined, 'usage');
  return normalizePath(rel);
}

/** Turns the options and the FILE argument into a translation unit to preprocess/assemble. */
export function resolveUnit(file: string, o: SourceOptions): TranslationUnit {
  const defines = o.define.map(parseDefine);
  if (o.kernel !== undefined && o.corpus) throw new HypsimError('--kernel and --corpus cannot be combined', undefined, 'usage');
  if (o.kernel !== undefined) {
    const tree = kernelDiskTree(o.kernel);
    const unit = kernelUnit(tree, insideTree(file, o.kernel, '--kernel'), kernelLayouts(tree, o.asmOffsets));
    return {
      ...unit,
      options: {
        includeDirs: [...o.includeDir, ...unit.options.includeDirs],
        forcedIncludes: [...(unit.options.forcedIncludes ?? []), ...o.include],
        defines: [...(unit.options.defines ?? []), ...defines],
        undefs: o.undef,
      },
    };
  }
  if (o.corpus) {
    const unit = corpusUnit(insideTree(file, packageRoot(), '--corpus'));
    return {
      ...unit,
      options: { includeDirs: [...o.includeDir, ...unit.options.includeDirs], forcedIncludes: o.include, defines, undefs: o.undef },
    };
  }
  const cwd = process.cwd();
  const rel = (p: string) => normalizePath(relative(cwd, resolve(cwd, p)));
  return {
    tree: new DiskTree(cwd, 'cwd'),
    file: rel(file),
    options: { includeDirs: o.includeDir.map(rel), forcedIncludes: o.include.map(rel), defines, undefs: o.undef },
  };
}
