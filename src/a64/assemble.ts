// The A64 encoder's entry point: mnemonic + parsed operands → 32-bit word (+ fixup), with gas's
// aliases and its choice among equivalent encodings. Handlers live in ./asm, grouped by class.
import type { AsmOperand } from './asm-operand.js';
import { conditionalBranch, BRANCH_SYS_HANDLERS } from './asm/branch-sys.js';
import { DP_HANDLERS, movGeneral, mvnGeneral, type Handler } from './asm/dp.js';
import { LDST_HANDLERS } from './asm/ldst.js';
import { Ops } from './asm/ops.js';
import { SIMD_HANDLERS, SIMD_OVERLOADS, isSimdOperands } from './asm/simd.js';
import type { AsmEnv, Assembled } from './asm/types.js';
import { AsmError } from './errors.js';
import { hasFeature } from './features.js';
import { extractFields, featureOf } from './form.js';
import { formById } from './forms/index.js';
import { CONDITION_CODES, PLAIN_BRANCH_CONDITIONS } from './tables.js';

export type { AsmEnv, Assembled, Fixup } from './asm/types.js';
export { AsmError } from './errors.js';
export { applyFixup, relocValue, encodeDataReloc, isPcRelative, isDataReloc } from './fixup.js';

const HANDLERS: Readonly<Record<string, Handler>> = {
  ...DP_HANDLERS,
  ...BRANCH_SYS_HANDLERS,
  ...LDST_HANDLERS,
  ...SIMD_HANDLERS,
  mov: (o: Ops) => {
    o.expect(2);
    return movGeneral(o);
  },
  mvn: mvnGeneral,
};

/** Every mnemonic the encoder accepts (b.<cond> and b<cond> spellings aside). */
export const MNEMONICS: readonly string[] = Object.keys(HANDLERS).sort();

/**
 * Encodes one instruction. PC-relative operands (branches, adr/adrp, literal loads) always come
 * back as a Fixup carrying env.evaluate(target) with the field left zero; `:lo12:` operands too,
 * even for constants (gas then emits a relocation against *ABS*). `:abs_gN:` with a constant is
 * computed here; with a symbol it becomes a MOVW_* fixup.
 */
export function assembleInstruction(mnemonic: string, operands: readonly AsmOperand[], env: AsmEnv): Assembled {
  const a = encodeInstruction(mnemonic, operands, env);
  if (env.features && a.form) {
    const form = formById(a.form);
    if (!hasFeature(env.features, featureOf(form, extractFields(form, a.word)))) {
      throw new AsmError(`selected processor does not support \`${env.statement ?? mnemonic.toLowerCase()}'`);
    }
  }
  return a;
}

function encodeInstruction(mnemonic: string, operands: readonly AsmOperand[], env: AsmEnv): Assembled {
  const m = mnemonic.toLowerCase();
  const o = new Ops(m, operands, env);
  if (m.startsWith('b.')) {
    const code = CONDITION_CODES.get(m.slice(2));
    if (code !== undefined) return conditionalBranch(o, code);
  }
  const simd = SIMD_OVERLOADS[m];
  if (simd && isSimdOperands(o)) return simd(o);
  const handler = HANDLERS[m];
  if (handler) return handler(o);
  if (m.length > 1 && m[0] === 'b' && PLAIN_BRANCH_CONDITIONS.has(m.slice(1))) {
    return conditionalBranch(o, CONDITION_CODES.get(m.slice(1)) as number);
  }
  throw new AsmError(`unknown mnemonic '${mnemonic}'`);
}
