// The ISA module's contract with the assembler (src/gas), the linker and the machine.
// Implementations live in the sibling files; this file only re-exports them.
export type { AsmEnv, Assembled, Fixup } from './assemble.js';
export { AsmError, assembleInstruction, applyFixup, relocValue, encodeDataReloc, isPcRelative, isDataReloc, MNEMONICS } from './assemble.js';
export { disassemble, defaultTarget, preferredSyntax, type DisasmOptions } from './disasm.js';
export { decode, operandsOf, matchingForms, type Decoded } from './decode.js';
export { FORMS, formById, findForm } from './forms/index.js';
export type { Form, FormDef, FormGroup, Fields, InsnClass, MemAccess, Alias } from './form.js';
export type * from './operands.js';
export {
  SYSREGS, sysregAt, sysregsAt, sysregByName, sysregKey, parseSysreg, parseGenericSysreg, formatGenericSysreg, sysregText,
  type Sysreg, type SysregAccess, type SysregEncoding, type ExceptionLevel,
} from './sysregs.js';
export { SYSOPS, sysopAt, sysopByName, type Sysop } from './sysops.js';
export { PSTATE_FIELDS, CONDITION_NAMES, CONDITION_CODES, BARRIER_OPTIONS, HINTS, PREFETCH_NAMES, type PstateField } from './tables.js';
export { decodeBitmask, encodeBitmask } from './bitmask.js';
