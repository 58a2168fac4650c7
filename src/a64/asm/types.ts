// The encoder's contract types (re-exported by assemble.ts).
import type { Expr, Value } from '../../ir/expr.js';
import type { RelocType } from '../../ir/program.js';
import type { FeatureSet } from '../features.js';

export interface AsmEnv {
  /** Evaluates an expression at this instruction's location (`.` is the instruction's address). */
  evaluate(e: Expr): Value;
  /** Resolves `.req` aliases: the register name an identifier stands for, or the identifier itself. */
  alias(name: string): string;
  /**
   * The architecture features selected (`-march`, `.arch`…): an instruction or a name that needs
   * another is an error, as in gas. Absent: every feature (the encoder on its own).
   */
  readonly features?: FeatureSet;
  /** The statement as gas prints it in messages (`ldadd x0,x1,[x2]`); default the mnemonic. */
  readonly statement?: string;
}

/**
 * A field the assembler could not fill: the target/value is symbolic. gas resolves it when the
 * symbol is local to the same section, otherwise it becomes a relocation for the linker.
 */
export interface Fixup {
  readonly type: RelocType;
  readonly value: Value;
}

export interface Assembled {
  /** The encoding; fields covered by `fixup` are zero. */
  readonly word: number;
  readonly fixup?: Fixup;
  /** The form (src/a64/forms) the word was encoded with; `decode(word).id` gives it back. */
  readonly form?: string;
}
