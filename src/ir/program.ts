// The Program IR: what one assembled translation unit contains.
import type Long from 'long';
import type { Diagnostic, Origin } from '../util/diagnostics.js';

/** ELF AArch64 relocation types hypsim produces and resolves (names without the R_AARCH64_ prefix). */
export type RelocType =
  | 'ABS64' | 'ABS32' | 'ABS16' | 'PREL64' | 'PREL32' | 'PREL16'
  | 'JUMP26' | 'CALL26' | 'CONDBR19' | 'TSTBR14' | 'LD_PREL_LO19'
  | 'ADR_PREL_LO21' | 'ADR_PREL_PG_HI21' | 'ADR_PREL_PG_HI21_NC' | 'ADD_ABS_LO12_NC'
  | 'LDST8_ABS_LO12_NC' | 'LDST16_ABS_LO12_NC' | 'LDST32_ABS_LO12_NC' | 'LDST64_ABS_LO12_NC' | 'LDST128_ABS_LO12_NC'
  | 'MOVW_UABS_G0' | 'MOVW_UABS_G0_NC' | 'MOVW_UABS_G1' | 'MOVW_UABS_G1_NC' | 'MOVW_UABS_G2' | 'MOVW_UABS_G2_NC'
  | 'MOVW_UABS_G3' | 'MOVW_SABS_G0' | 'MOVW_SABS_G1' | 'MOVW_SABS_G2';

export interface Reloc {
  /** Byte offset in the section where the field to patch lives. */
  readonly offset: number;
  readonly type: RelocType;
  /**
   * A symbol name, a section name for references to local labels (like ELF section symbols),
   * or '' for none (the value is the addend alone, as gas leaves `#:lo12:0x1234`).
   */
  readonly symbol: string;
  readonly addend: Long;
  readonly origin: Origin;
}

/** Where the compiler says an instruction came from (gcc's `.loc`): a C file, line and column. */
export interface LineOrigin {
  /** The path as the `.file` directive gave it. */
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

export interface InsnItem {
  readonly kind: 'insn';
  readonly offset: number;
  /** The encoding as assembled (fields covered by a relocation are zero, as in GNU as). */
  readonly word: number;
  /** The statement as the assembler saw it, after macro and cpp expansion (`ldp q0, q1, [x3, #-32]`). */
  readonly text: string;
  readonly origin: Origin;
  /** True when the word came from `.inst` rather than a mnemonic. */
  readonly viaInst: boolean;
  /** The `.loc` in force when it was assembled (compiler output), beside the `.s` origin above. */
  readonly loc?: LineOrigin;
  /** The function symbol (`.type NAME, %function` with a `.size`) whose range holds it. */
  readonly function?: string;
}

export interface DataItem {
  readonly kind: 'data';
  readonly offset: number;
  readonly size: number;
  /** The directive that produced it (`.quad`, `.ascii`, literal pool…). */
  readonly directive: string;
  readonly origin: Origin;
}

/** Padding from `.align`/`.balign`/`.p2align`/`.org`, or space from `.skip`/`.space`/`.fill`/`.zero`. */
export interface FillItem {
  readonly kind: 'fill';
  readonly offset: number;
  readonly size: number;
  readonly fill: 'nop' | 'zero' | 'value';
  readonly directive: string;
  readonly origin: Origin;
}

export type Item = InsnItem | DataItem | FillItem;

export interface Section {
  readonly name: string;
  /** The flags string as given (`ax`, `aw`, `aMS`…); default sections get their usual flags. */
  readonly flags: string;
  readonly type: 'progbits' | 'nobits' | 'note';
  /** Entry size of a mergeable section (`.section name, "aMS", @progbits, 1`). */
  readonly entsize?: number;
  /** Alignment in bytes (power of two), the largest alignment requested inside the section. */
  readonly align: number;
  readonly bytes: Uint8Array;
  /** Sorted by offset; together they cover the section. */
  readonly items: readonly Item[];
  readonly relocs: readonly Reloc[];
}

export type SymbolType = 'func' | 'object' | 'notype' | 'section' | 'file' | 'tls';
export type SymbolBinding = 'local' | 'global' | 'weak';

export interface SymbolInfo {
  readonly name: string;
  /** Section it is defined in; undefined for absolute (`.set x, 5`) and undefined symbols. */
  readonly section?: string;
  /** Offset in the section, or the absolute value. */
  readonly value: Long;
  readonly size?: Long;
  readonly type: SymbolType;
  readonly binding: SymbolBinding;
  readonly defined: boolean;
  readonly visibility: 'default' | 'hidden' | 'protected' | 'internal';
  /** Assembler-local (`.L…`, numeric local labels): kept for traces, absent from an object's symbol table. */
  readonly temporary: boolean;
  readonly origin?: Origin;
}

export interface Program {
  /** Tree-relative path of the translation unit. */
  readonly file: string;
  readonly sections: readonly Section[];
  readonly symbols: readonly SymbolInfo[];
  readonly diagnostics: readonly Diagnostic[];
}
