// Public types of the preprocessor stage.
import type { Diagnostic } from '../util/diagnostics.js';

export interface PreprocessOptions {
  /** Tree-relative; searched in order for <…>; for "…" first the including file's dir, then these. */
  includeDirs: readonly string[];
  /** -include FILE: a tree-relative path, else searched like "…" from the main file. Processed in order first. */
  forcedIncludes?: readonly string[];
  /** -D NAME=VAL in order ('1' when the user gave no value). NAME may carry a parameter list. */
  defines?: ReadonlyArray<readonly [string, string]>;
  /** -U NAME, applied after defines. */
  undefs?: readonly string[];
  /** Default true: GCC's aarch64 assembler-with-cpp predefined macros. */
  predefined?: boolean;
  limits?: { includeDepth?: number; expansionDepth?: number; outputLines?: number };
  /**
   * 'gcc': include paths are spelled as gcc spells them (`dir/name` as given, never normalised),
   * so line markers and __FILE__ name files exactly as the compiler does. Default 'normalized'.
   */
  pathSpelling?: 'normalized' | 'gcc';
  /** -fmacro-prefix-map=OLD=NEW pairs, applied to __FILE__ and __BASE_FILE__ (first match). */
  macroPrefixMap?: ReadonlyArray<readonly [string, string]>;
  /** The compiler's own predefined macros (`gcc -dM -E` for these flags) instead of hypsim's table. */
  predefinedMacros?: ReadonlyArray<readonly [string, string]>;
}

export interface PpLine {
  readonly text: string;
  /** The file and line where the line's text (or the macro invocation producing it) starts. */
  readonly file: string;
  readonly line: number;
}

export interface PreprocessResult {
  /** One entry per non-empty logical output line. */
  readonly lines: readonly PpLine[];
  /** Every file opened, in order of first opening (the main file first). */
  readonly files: readonly string[];
  /** #warning and other warnings. */
  readonly warnings: readonly Diagnostic[];
}

export const DEFAULT_LIMITS = {
  includeDepth: 200,
  /** Nesting of macro expansion contexts. */
  expansionDepth: 256,
  outputLines: 1_000_000,
  /** Tokens all macro expansions together may produce; stops exponential blow-ups. */
  expansionTokens: 1_000_000,
} as const;
