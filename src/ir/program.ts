// The Program IR: what one assembled translation unit contains.
import type Long from 'long';
import type { Diagnostic, Origin } from '../util/diagnostics.js';
import type { RelocType } from './relocs.js';

export type { RelocType } from './relocs.js';

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
  /** Written by a `.reloc` directive (the field's bytes are left as they are). */
  readonly viaReloc?: boolean;
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

/** ELF section types by name; another type by its number (`.section x, "a", @0x70000001`). */
export type SectionType = 'progbits' | 'nobits' | 'note' | 'init_array' | 'fini_array' | 'preinit_array' | number;

export interface Section {
  readonly name: string;
  /** ELF flags as letters, in the order a w x M S G T o R e d; default sections get their usual flags. */
  readonly flags: string;
  /** ELF flag bits without a letter. */
  readonly otherFlags?: number;
  readonly type: SectionType;
  /** Entry size: of a mergeable section (`.section name, "aMS", @progbits, 1`), 8 for init/fini arrays. */
  readonly entsize?: number;
  /** Member of a section group (`"G"`): its signature symbol, and whether it is a COMDAT group. */
  readonly group?: { readonly signature: string; readonly comdat: boolean };
  /** SHF_LINK_ORDER (`"o"`): the section it is linked to. */
  readonly link?: string;
  /** SHF_GNU_MBIND (`"d"`): the sh_info value. */
  readonly info?: number;
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
  /** A common symbol (`.comm`): undefined here, `size` bytes the linker allocates at this alignment. */
  readonly common?: { readonly align: number };
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
