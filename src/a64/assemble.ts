// CONTRACT (to be implemented): turn a mnemonic and parsed operands into a 32-bit encoding.
import type Long from 'long';
import type { Expr, Value } from '../ir/expr.js';
import type { RelocType } from '../ir/program.js';
import type { AsmOperand } from './asm-operand.js';

export interface AsmEnv {
  /** Evaluates an expression at this instruction's location (`.` is the instruction's address). */
  evaluate(e: Expr): Value;
  /** Resolves `.req` aliases: the register name an identifier stands for, or the identifier itself. */
  alias(name: string): string;
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
}

/** Bad operands, unknown mnemonic, value out of range. Message only; the caller adds the origin. */
export class AsmError extends Error {}

export function assembleInstruction(mnemonic: string, operands: readonly AsmOperand[], env: AsmEnv): Assembled {
  void operands;
  void env;
  throw new AsmError(`unknown mnemonic '${mnemonic}' (the a64 encoder is not implemented yet)`);
}

/**
 * Fills the field of `word` that relocation `type` patches. `value` is S+A-P for PC-relative
 * types and S+A for absolute ones (ELF semantics). Throws AsmError on overflow or misalignment.
 */
export function applyFixup(word: number, type: RelocType, value: Long): number {
  void value;
  throw new AsmError(`relocation ${type} cannot be applied to 0x${word.toString(16)} (not implemented yet)`);
}
