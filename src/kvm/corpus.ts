// The built-in corpus as translation units: its layouts, the asm-offsets they give, and the
// generated header that carries them to the assembler.
import type { TranslationUnit } from '../pipeline.js';
import { CORPUS_INCLUDE_DIRS, corpusTree } from '../tree/corpus.js';
import { OverlayTree, type SourceTree } from '../tree/source-tree.js';
import { asmOffsetsHeader, computeAsmOffsets } from './asm-offsets.js';
import { arrayLengthNames, headerConstants } from './header-constants.js';
import { LayoutSet, parseLayouts } from './layout.js';
import { CORPUS_ASM_OFFSETS, CORPUS_LAYOUT_HEADERS, CORPUS_LAYOUTS } from './layouts/corpus.js';

export const CORPUS_ASM_OFFSETS_PATH = 'asm/include/generated/asm-offsets.h';

export function corpusLayouts(tree: SourceTree = corpusTree()): LayoutSet {
  const constants = headerConstants(tree, CORPUS_INCLUDE_DIRS, CORPUS_LAYOUT_HEADERS, arrayLengthNames(CORPUS_LAYOUTS));
  return new LayoutSet(parseLayouts(CORPUS_LAYOUTS, new Map([...constants].map(([k, v]) => [k, Number(v)])), 'corpus layouts'));
}

/** The corpus tree with hypsim's generated asm-offsets.h in place. */
export function corpusBuildTree(base: SourceTree = corpusTree()): SourceTree {
  const offsets = computeAsmOffsets(corpusLayouts(base), CORPUS_ASM_OFFSETS);
  return new OverlayTree(base, new Map([[CORPUS_ASM_OFFSETS_PATH, asmOffsetsHeader(offsets, 'the corpus layouts')]]));
}

export function corpusUnit(file: string, base?: SourceTree): TranslationUnit {
  return { tree: corpusBuildTree(base), file, options: { includeDirs: CORPUS_INCLUDE_DIRS } };
}
