// The assembler's public API: GNU-as-compatible assembly of preprocessed lines into a Program,
// the `hypsim expand` listing and the `hypsim symbols` table.
import { FeatureError, commandLineFeatures, type FeatureSet } from '../a64/features.js';
import type { Program } from '../ir/program.js';
import { HypsimError } from '../util/diagnostics.js';
import { Assembler, DEFAULT_LIMITS, type Limits } from './assembler.js';
import { finalize } from './finalize.js';
import type { DebugOptions } from './dwarf-line.js';
import { sourceLines } from './linemarkers.js';
import type { PpLine } from './pp-line.js';

export type { DebugOptions } from './dwarf-line.js';

export type { PpLine } from './pp-line.js';
export { emitListing, type ListingOptions } from './listing.js';
export { sourceLines } from './linemarkers.js';
export { symbolTable } from './symtab.js';

export interface AssembleOptions {
  /** Tree-relative name of the translation unit (becomes Program.file). */
  readonly file: string;
  readonly limits?: { macroDepth?: number; reptCount?: number; statements?: number };
  /** Debug information: `-g`/`--gdwarf-N`, the working directory, the file names gas would see. */
  readonly debug?: DebugOptions;
  /** gas's `-march=ARCH[+ext…]` (default armv8-a, as gas 2.40 for aarch64-linux-gnu). */
  readonly march?: string;
  /** gas's `-mcpu=CPU[+ext…]` (wins over march, as in gas). */
  readonly mcpu?: string;
}

/** The feature set gas starts with for these options; a bad name is a usage error worded as gas words it. */
export function initialFeatures(options: Pick<AssembleOptions, 'march' | 'mcpu'>): FeatureSet {
  try {
    return commandLineFeatures(options);
  } catch (e) {
    if (e instanceof FeatureError) throw new HypsimError(e.message, undefined, 'usage');
    throw e;
  }
}

/** Assembles preprocessed lines; throws HypsimError (with origin and expansion stack) on the first error. */
export function assemble(lines: readonly PpLine[], options: AssembleOptions): Program {
  const limits: Limits = { ...DEFAULT_LIMITS, ...definedOnly(options.limits ?? {}) };
  const asm = new Assembler(lines, limits, initialFeatures(options), options.debug);
  asm.run();
  return finalize(asm, options.file);
}

/** Assembles a text as gas reads a `.s` file: lines of `options.file`, or of the files its line markers name. */
export function assembleText(text: string, options: AssembleOptions): Program {
  return assemble(sourceLines(text, options.file), options);
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
export { evaluateConstant } from './constant.js';
