// The front end as one call: a translation unit of a tree, preprocessed and assembled.
import { preprocess, type PreprocessOptions, type PreprocessResult } from './cpp/index.js';
import { assemble } from './gas/index.js';
import type { Program } from './ir/program.js';
import type { SourceTree } from './tree/source-tree.js';

export interface TranslationUnit {
  readonly tree: SourceTree;
  readonly file: string;
  readonly options: PreprocessOptions;
  /** gas's -march / -mcpu for the assembler (default armv8-a). */
  readonly march?: string;
  readonly mcpu?: string;
}

export function preprocessUnit(unit: TranslationUnit): PreprocessResult {
  return preprocess(unit.tree, unit.file, unit.options);
}

export function assembleUnit(unit: TranslationUnit): Program {
  const arch = { ...(unit.march !== undefined ? { march: unit.march } : {}), ...(unit.mcpu !== undefined ? { mcpu: unit.mcpu } : {}) };
  return assemble(preprocessUnit(unit).lines, { file: unit.file, ...arch });
}
