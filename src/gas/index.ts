// The assembler's public API: GNU-as-compatible assembly of preprocessed lines into a Program,
// the `hypsim expand` listing and the `hypsim symbols` table.
import type { Program } from '../ir/program.js';
import { Assembler, DEFAULT_LIMITS, type Limits } from './assembler.js';
import { finalize } from './finalize.js';
import type { PpLine } from './pp-line.js';

export type { PpLine } from './pp-line.js';
export { emitListing, type ListingOptions } from './listing.js';
export { symbolTable } from './symtab.js';

export interface AssembleOptions {
  /** Tree-relative name of the translation unit (becomes Program.file). */
  readonly file: string;
  readonly limits?: { macroDepth?: number; reptCount?: number; statements?: number };
}

/** Assembles preprocessed lines; throws HypsimError (with origin and expansion stack) on the first error. */
export function assemble(lines: readonly PpLine[], options: AssembleOptions): Program {
  const limits: Limits = { ...DEFAULT_LIMITS, ...definedOnly(options.limits ?? {}) };
  const asm = new Assembler(lines, limits);
  asm.run();
  return finalize(asm, options.file);
}

/** Convenience: one PpLine per line of `text`, all attributed to `options.file`. */
export function assembleText(text: string, options: AssembleOptions): Program {
  const lines = text.split('\n').map((t, i) => ({ text: t, file: options.file, line: i + 1 }));
  return assemble(lines, options);
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
export { evaluateConstant } from './constant.js';
