// Instruction forms as data: a bit pattern (fixed bits and named fields, QEMU-decode style), the
// class used in instruction-count reports, the typed-operand view of the fields, and the
// disassembler's preferred alias.
import type { Feature } from './features.js';
import type { Operand } from './operands.js';

export type InsnClass =
  | 'alu' | 'branch' | 'load' | 'store' | 'load-pair' | 'store-pair' | 'fp-load' | 'fp-store'
  | 'sysreg' | 'barrier' | 'tlb-cache' | 'exception' | 'hint' | 'fp-simd' | 'other';

/** The ARM ARM encoding group a form belongs to. */
export type FormGroup = 'dp-imm' | 'dp-reg' | 'ldst' | 'branch-sys' | 'simd-fp' | 'sve';

export type Fields = Readonly<Record<string, number>>;

export interface FieldSpec {
  readonly lsb: number;
  readonly width: number;
}

/** What the disassembler prints instead of the base form. */
export interface Alias {
  readonly mnemonic: string;
  readonly operands: readonly Operand[];
  /** The alias spelling needs a feature the base form does not (gas takes `bfc` from ARMv8.2). */
  readonly feature?: Feature;
  /** What to print instead when that feature is not selected (else the base form). */
  readonly fallback?: Alias;
}

/** Facts about a load/store form that its semantics need. */
export interface MemAccess {
  /** Bytes per register transferred. */
  readonly bytes: number;
  readonly load: boolean;
  /** Sign-extending load (ldrsb, ldrsw, ldpsw…). */
  readonly signed?: boolean;
  readonly pair?: boolean;
  readonly exclusive?: boolean;
  readonly acquireRelease?: boolean;
  readonly unprivileged?: boolean;
  /** A single-copy atomic read-modify-write (the LSE atomics). */
  readonly atomic?: boolean;
}

export interface FormDef {
  readonly id: string;
  /** The base (architectural) mnemonic; aliases are only a printing choice. */
  readonly mnemonic: string;
  readonly cls: InsnClass;
  /**
   * Bits 31..0 left to right: runs of `0`/`1` are fixed, `.` is "any", `name:width` is a field.
   * Spaces separate tokens.
   */
  readonly pattern: string;
  /** Rejects the unallocated combinations the pattern alone admits. */
  readonly valid?: (f: Fields) => boolean;
  readonly operands: (f: Fields) => Operand[];
  readonly alias?: (f: Fields, ops: readonly Operand[]) => Alias | undefined;
  readonly mem?: MemAccess;
  /**
   * The fields are a valid but non-preferred encoding (ignored bits set, a redundant bitmask
   * spelling) that no assembler text reproduces; the disassembler prints such words as `.inst`.
   */
  readonly nonCanonical?: (f: Fields) => boolean;
  /**
   * The architecture feature (src/a64/features.ts) the instruction needs: the assembler rejects it
   * when the selected architecture lacks it, the machine raises UNDEFINED when its CPU does.
   */
  readonly feature?: Feature | ((f: Fields) => Feature | undefined);
}

export interface Form extends FormDef {
  readonly group: FormGroup;
  readonly mask: number;
  readonly value: number;
  readonly fields: Readonly<Record<string, FieldSpec>>;
}

export function compileForm(def: FormDef, group: FormGroup): Form {
  let pos = 32;
  let mask = 0;
  let value = 0;
  const fields: Record<string, FieldSpec> = {};
  for (const tok of def.pattern.trim().split(/\s+/)) {
    const m = /^([A-Za-z_]\w*):(\d+)$/.exec(tok);
    if (m) {
      const width = Number(m[2]);
      pos -= width;
      if (fields[m[1]]) throw new Error(`form ${def.id}: field ${m[1]} twice`);
      fields[m[1]] = { lsb: pos, width };
      continue;
    }
    if (!/^[01.]+$/.test(tok)) throw new Error(`form ${def.id}: bad pattern token '${tok}'`);
    for (const c of tok) {
      pos--;
      if (c === '.') continue;
      mask |= 1 << pos;
      if (c === '1') value |= 1 << pos;
    }
  }
  if (pos !== 0) throw new Error(`form ${def.id}: pattern covers ${32 - pos} bits, not 32`);
  return { ...def, group, mask: mask >>> 0, value: value >>> 0, fields };
}

export function extractFields(form: Form, word: number): Record<string, number> {
  const out: Record<string, number> = {};
  for (const name in form.fields) {
    const { lsb, width } = form.fields[name];
    out[name] = width === 32 ? word >>> 0 : (word >>> lsb) & ((1 << width) - 1);
  }
  return out;
}

/** Fills a form's fields; every field must be given and fit. Misuse is a bug, not a user error. */
export function packForm(form: Form, values: Fields): number {
  let word = form.value;
  for (const name in form.fields) {
    const v = values[name];
    const { lsb, width } = form.fields[name];
    if (v === undefined || !Number.isInteger(v) || v < 0 || v >= 2 ** width) {
      throw new Error(`form ${form.id}: field ${name} = ${v} does not fit ${width} bits`);
    }
    word |= v << lsb;
  }
  for (const name in values) if (!form.fields[name]) throw new Error(`form ${form.id} has no field ${name}`);
  return word >>> 0;
}

/** The feature a decoded instruction needs, if any. */
export function featureOf(form: FormDef, fields: Fields): Feature | undefined {
  return typeof form.feature === 'function' ? form.feature(fields) : form.feature;
}
