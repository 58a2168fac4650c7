// The ISA module's contract with the assembler (src/gas), the linker and the machine.
// Implementations live in the sibling files; this file only re-exports them.
export type { AsmEnv, Assembled, Fixup } from './assemble.js';
export { AsmError, assembleInstruction, applyFixup } from './assemble.js';
export { disassemble, type DisasmOptions } from './disasm.js';
