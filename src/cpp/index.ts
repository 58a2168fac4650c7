// The C preprocessor stage: GCC-compatible `-x assembler-with-cpp` preprocessing with a line map.
import type { SourceTree } from '../tree/source-tree.js';
import { Preprocessor } from './preprocessor.js';
import type { PreprocessOptions, PreprocessResult } from './types.js';

export type { PpLine, PreprocessOptions, PreprocessResult } from './types.js';
export { formatLikeGcc } from './format.js';
export { splitPpTokens } from './lexer.js';

/** Preprocesses `file` (tree-relative). Throws HypsimError with the source position on bad input. */
export function preprocess(tree: SourceTree, file: string, options: PreprocessOptions): PreprocessResult {
  return new Preprocessor(tree, file, options).run();
}
