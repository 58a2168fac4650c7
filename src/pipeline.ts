// The front end as one call: a translation unit of a tree, preprocessed and assembled.
import { preprocess, type PreprocessOptions, type PreprocessResult } from './cpp/index.js';
import { assemble, sourceLines, type DebugOptions, type PpLine } from './gas/index.js';
import type { Program } from './ir/program.js';
import type { SourceTree } from './tree/source-tree.js';
import { HypsimError } from './util/diagnostics.js';

export interface TranslationUnit {
  readonly tree: SourceTree;
  readonly file: string;
  readonly options: PreprocessOptions;
  /** gas's -march / -mcpu for the assembler (default armv8-a). */
  readonly march?: string;
  readonly mcpu?: string;
  /** The name gcc would write in line markers for a file of the tree (debug information); default: as is. */
  readonly debugName?: (file: string) => string;
}

/** What the assembler is told beyond the source (gas's command-line options). */
export interface GasOptions {
  readonly debug?: DebugOptions;
}

export function preprocessUnit(unit: TranslationUnit): PreprocessResult {
  return preprocess(unit.tree, unit.file, unit.options);
}

/** `.s` is assembled as it is (gcc does not preprocess it); anything else goes through cpp first. */
export function isPlainAssembly(file: string): boolean {
  return file.endsWith('.s');
}

function unitLines(unit: TranslationUnit): readonly PpLine[] {
  if (!isPlainAssembly(unit.file)) return preprocessUnit(unit).lines;
  const text = unit.tree.read(unit.file);
  if (text === undefined) throw new HypsimError(`cannot read '${unit.file}'`);
  return sourceLines(text, unit.file);
}

export function assembleUnit(unit: TranslationUnit, gas: GasOptions = {}): Program {
  const debug = gas.debug && unit.debugName && !gas.debug.fileName ? { ...gas.debug, fileName: unit.debugName } : gas.debug;
  const arch = { ...(unit.march !== undefined ? { march: unit.march } : {}), ...(unit.mcpu !== undefined ? { mcpu: unit.mcpu } : {}) };
  return assemble(unitLines(unit), { file: unit.file, ...arch, ...(debug ? { debug } : {}) });
}
