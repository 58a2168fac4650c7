// CONTRACT (to be implemented): canonical, GNU-as-reassemblable disassembly of one word.
export interface DisasmOptions {
  /** How to print a PC-relative target, given its byte offset from the instruction (default `.+0x10`). */
  target?(delta: number): string;
  /**
   * Text to print in place of the field a relocation patches (`panic`, `:lo12:kvm_hyp_ctxt`,
   * `:abs_g3:x`), for words whose relocated field is still zero.
   */
  relocText?: string;
}

export function disassemble(word: number, opts: DisasmOptions = {}): string {
  void opts;
  return `.inst 0x${(word >>> 0).toString(16).padStart(8, '0')}`;
}
