// Sections, subsections and fragments. A fragment is a run of bytes whose size is known when it
// is written, optionally ended by a variable-size tail (`.align`, `.org`, `.space expr`, LEB128) whose
// size is only certain once the layout is final.
import type Long from 'long';
import type { AsmOperand } from '../a64/asm-operand.js';
import type { FeatureSet } from '../a64/features.js';
import type { Expr } from '../ir/expr.js';
import type { FillItem, LineOrigin, RelocType, SectionType } from '../ir/program.js';
import type { Origin } from '../util/diagnostics.js';

export type Tail =
  | {
      readonly kind: 'align';
      readonly pow: number;
      /** Explicit fill pattern (value and its size in bytes); code sections otherwise pad with NOPs. */
      readonly fill?: { readonly value: Long; readonly size: number };
      readonly max?: number;
      readonly origin: Origin;
      readonly directive: string;
    }
  | { readonly kind: 'org'; readonly target: Expr; readonly fill: number; readonly origin: Origin }
  | { readonly kind: 'space'; readonly count: Expr; readonly fill: number; readonly origin: Origin; readonly directive: string }
  /** `.uleb128`/`.sleb128` of a value not known while parsing (see leb128.ts). */
  | { readonly kind: 'leb128'; readonly expr: Expr; readonly signed: boolean; readonly origin: Origin; readonly directive: string }
  /** A DW_CFA_advance_loc* over `delta` code bytes (frames.ts), sized by the final delta. */
  | { readonly kind: 'cfa_advance'; readonly delta: Expr; readonly origin: Origin };

export type Pending =
  | {
      readonly kind: 'insn';
      readonly offset: number;
      readonly mnemonic: string;
      readonly operands: readonly AsmOperand[];
      readonly text: string;
      readonly origin: Origin;
      /** The `.req` aliases in force at the instruction. */
      readonly aliases: ReadonlyMap<string, string>;
      /** The architecture features in force (`-march`, `.arch`, `.arch_extension`, `.cpu`). */
      readonly features: FeatureSet;
      /** The statement as gas quotes it in messages: mnemonic and scrubbed operands. */
      readonly statement: string;
    }
  | { readonly kind: 'inst'; readonly offset: number; readonly expr: Expr; readonly text: string; readonly origin: Origin }
  | { readonly kind: 'data'; readonly offset: number; readonly size: number; readonly expr: Expr; readonly origin: Origin; readonly directive: string }
  /** `.reloc WHERE, TYPE[, EXPR]` (reloc-directive.ts); `offset` is where `.` was. */
  | { readonly kind: 'reloc'; readonly offset: number; readonly where: Expr; readonly type: RelocType; readonly expr?: Expr; readonly origin: Origin };

/** Items as recorded while parsing (offsets relative to the fragment). */
export type FragItem =
  | { readonly kind: 'insn'; readonly offset: number; readonly text: string; readonly origin: Origin; readonly viaInst: boolean; readonly loc?: LineOrigin }
  | { readonly kind: 'data'; readonly offset: number; readonly size: number; readonly directive: string; readonly origin: Origin }
  | { readonly kind: 'fill'; readonly offset: number; readonly size: number; readonly fill: FillItem['fill']; readonly directive: string; readonly origin: Origin };

export class Frag {
  bytes = new Uint8Array(32);
  size = 0;
  readonly items: FragItem[] = [];
  readonly pending: Pending[] = [];
  tail?: Tail;
  /** Final layout: section offset of the first byte, and the size of the tail. */
  address = 0;
  tailSize = 0;
  /** When a tail's size is settled while parsing (subsection 0 knows its absolute offsets). */
  knownTailSize?: number;

  constructor(
    readonly id: number,
    readonly sub: Subsection,
    /** Offset from the start of the subsection, when already certain while parsing. */
    readonly relStart: number | undefined,
  ) {}

  reserve(n: number): number {
    const at = this.size;
    if (at + n > this.bytes.length) {
      let cap = this.bytes.length * 2;
      while (cap < at + n) cap *= 2;
      const grown = new Uint8Array(cap);
      grown.set(this.bytes.subarray(0, this.size));
      this.bytes = grown;
    }
    this.size += n;
    return at;
  }

  /** Parse-time offset of the end of this fragment (tail included), when certain. */
  get relEnd(): number | undefined {
    if (this.relStart === undefined) return undefined;
    if (this.tail === undefined) return this.relStart + this.size;
    return this.knownTailSize === undefined ? undefined : this.relStart + this.size + this.knownTailSize;
  }
}

export class Subsection {
  readonly frags: Frag[] = [];
  constructor(
    readonly id: number,
    readonly section: SectionState,
    readonly number: number,
  ) {}

  get last(): Frag {
    return this.frags[this.frags.length - 1];
  }
}

export class SectionState {
  readonly subsections = new Map<number, Subsection>();
  /** log2 of the largest alignment requested. */
  alignPow = 0;
  hasInstructions = false;
  size = 0;
  /** ELF flag bits without a letter in `flags` (`.section x, "0x…"`). */
  otherFlags = 0;
  group?: { readonly signature: string; readonly comdat: boolean };
  /** SHF_LINK_ORDER: the symbol or section named ('' for none). */
  linkedTo?: string;
  /** SHF_GNU_MBIND: sh_info. */
  info?: number;
  /** `,unique,N`. */
  unique?: number;

  constructor(
    readonly index: number,
    readonly name: string,
    public flags: string,
    public type: SectionType,
    public entsize: number | undefined,
  ) {}

  get isCode(): boolean {
    return this.flags.includes('x');
  }

  /** Subsections in layout order (0, 1, …). */
  ordered(): Subsection[] {
    return [...this.subsections.values()].sort((a, b) => a.number - b.number);
  }
}
