// `.cfi_*` directives: each subsection has at most one open frame description (FDE); directives
// append call-frame instructions to it, with an advance to the current place whenever the place
// moved. frames.ts writes them to .eh_frame / .debug_frame at the end, as GNU as does.
import Long from 'long';
import type { Expr } from '../ir/expr.js';
import type { Origin } from '../util/diagnostics.js';
import type { Assembler } from './assembler.js';
import { readName } from './macros.js';
import { ParseError, parseExpressionList } from './parser.js';
import type { Frag, Subsection } from './sections.js';

export const EMIT_EH_FRAME = 1;
export const EMIT_DEBUG_FRAME = 2;

/** DWARF register numbers of AArch64 (the return address is in x30, the stack pointer is 31). */
export const REG_SP = 31;
export const RETURN_COLUMN = 30;
export const DATA_ALIGNMENT = -8n;

/** A place in a fragment, fixed while parsing; its address is known after layout. */
export interface Place {
  readonly frag: Frag;
  readonly offset: number;
}

export type CfiInsn =
  | { readonly op: 'advance'; readonly from: Place; readonly to: Place; readonly origin: Origin }
  | { readonly op: 'def_cfa' | 'offset' | 'val_offset'; readonly reg: number; readonly offset: bigint }
  | { readonly op: 'def_cfa_register' | 'restore' | 'undefined' | 'same_value'; readonly reg: number }
  | { readonly op: 'def_cfa_offset'; readonly offset: bigint }
  | { readonly op: 'register'; readonly reg: number; readonly reg2: number }
  | { readonly op: 'remember_state' | 'restore_state' | 'window_save' }
  | { readonly op: 'escape'; readonly exprs: readonly Expr[] };

/** A personality routine or LSDA: a DW_EH_PE encoding and a symbol (+ addend) or a constant. */
export interface Encoded {
  readonly encoding: number;
  readonly expr: Expr;
  /** Equal keys: the same value (CIEs are shared only between equal personalities). */
  readonly key: string;
}

export interface Fde {
  readonly start: Place;
  end?: Place;
  /** EMIT_* bits: every `.cfi_sections` seen up to its `.cfi_startproc`. */
  readonly sections: number;
  returnColumn: number;
  signalFrame: boolean;
  bKey: boolean;
  personality?: Encoded;
  lsda?: Encoded;
  readonly insns: CfiInsn[];
  readonly origin: Origin;
}

interface OpenFrame {
  readonly fde: Fde;
  last: Place;
  cfaOffset: bigint;
  readonly saved: bigint[];
}

export class CfiState {
  readonly fdes: Fde[] = [];
  readonly open = new Map<Subsection, OpenFrame>();
  /** The latest `.cfi_sections`; GNU as defaults to .eh_frame. */
  sections = EMIT_EH_FRAME;
  allSections = 0;
  sectionsUsed = false;
}

type Handler = (asm: Assembler, args: string) => void;

const DW_EH_PE_OMIT = 0xff;
const DW_EH_PE_PCREL = 0x10;

function here(asm: Assembler): Place {
  const frag = asm.openFrag();
  return { frag, offset: frag.size };
}

function samePlace(a: Place, b: Place): boolean {
  return a.frag === b.frag && a.offset === b.offset;
}

function current(asm: Assembler): OpenFrame {
  const f = asm.cfi.open.get(asm.cur);
  if (!f) asm.fail('CFI instruction used without previous .cfi_startproc');
  return f;
}

/** The open frame, after recording an advance to the current place if it moved. */
function advanced(asm: Assembler): OpenFrame {
  const f = current(asm);
  const now = here(asm);
  if (!samePlace(f.last, now)) {
    f.fde.insns.push({ op: 'advance', from: f.last, to: now, origin: asm.stmt.origin });
    f.last = now;
  }
  return f;
}

// ---- operands -----------------------------------------------------------------------------------

const NAMED_REGS: Record<string, number> = { sp: REG_SP, wsp: REG_SP, fp: 29, lr: 30, ip0: 16, ip1: 17 };

/** GNU as's register table: lower- or upper-case spellings only. */
function dwarfRegister(name: string): number | undefined {
  if (name !== name.toLowerCase() && name !== name.toUpperCase()) return undefined;
  const n = name.toLowerCase();
  if (NAMED_REGS[n] !== undefined) return NAMED_REGS[n];
  const m = /^([xwbhsdq])([0-9]|[12][0-9]|3[01])$/.exec(n);
  if (!m) return undefined;
  const num = Number(m[2]);
  if (m[1] === 'x' || m[1] === 'w') return num <= 30 ? num : undefined;
  return 64 + num;
}

function register(asm: Assembler, text: string | undefined): number {
  const t = (text ?? '').trim();
  const nameText = t.startsWith('%') ? t.slice(1) : t;
  if (/^[A-Za-z_.$]/.test(nameText)) {
    const name = readName(nameText, 0);
    if (name.length !== nameText.length) asm.fail(`junk after the register in '${t}'`);
    const reg = dwarfRegister(asm.aliases.resolve(name));
    if (reg === undefined) asm.fail(`bad register expression '${t}'`);
    return reg;
  }
  if (t === '') asm.fail('bad register expression (missing register)');
  const v = asm.values.absolute(asm.parseExpr(t), 'register number');
  if (v.isNegative() || v.gt(0xffffffff)) asm.fail(`bad register expression '${t}'`);
  return v.toNumber();
}

function constant(asm: Assembler, text: string | undefined, what: string): bigint {
  if (text === undefined || text.trim() === '') asm.fail(`${what}: missing expression`);
  return BigInt(asm.values.absolute(asm.parseExpr(text), what).toString());
}

function operands(asm: Assembler, args: string, count: number, directive: string): string[] {
  const parts = splitTop(args);
  if (parts.length !== count) asm.fail(`${directive} takes ${count === 1 ? 'one operand' : `${count} operands`}, got '${args.trim()}'`);
  return parts;
}

/** Splits at commas outside parentheses and strings. */
export function splitTop(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  let quote = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === '"') quote = false;
    } else if (c === '"') quote = true;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === ',' && depth === 0) {
      parts.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  parts.push(text.slice(start).trim());
  return parts.length === 1 && parts[0] === '' ? [] : parts;
}

function checkSaveOffset(asm: Assembler, offset: bigint): void {
  if (offset % 8n !== 0n) asm.fail(`register save offset not a multiple of 8`);
}

// ---- directives ---------------------------------------------------------------------------------

function push(asm: Assembler, insn: CfiInsn): void {
  advanced(asm).fde.insns.push(insn);
}

function regOffset(op: 'offset' | 'val_offset', relative: boolean, directive: string): Handler {
  return (asm, args) => {
    const f = advanced(asm);
    const [r, o] = operands(asm, args, 2, directive);
    const reg = register(asm, r);
    let offset = constant(asm, o, `${directive} offset`);
    if (relative) offset -= f.cfaOffset;
    checkSaveOffset(asm, offset);
    f.fde.insns.push({ op, reg, offset });
  };
}

function regList(op: 'restore' | 'undefined'): Handler {
  return (asm, args) => {
    const f = advanced(asm);
    const regs = splitTop(args);
    if (regs.length === 0) asm.fail(`.cfi_${op} needs a register`);
    for (const r of regs) f.fde.insns.push({ op, reg: register(asm, r) });
  };
}

function noOperands(asm: Assembler, args: string, directive: string): void {
  if (args.trim() !== '') asm.fail(`junk at end of line after ${directive}: '${args.trim()}'`);
}

const defCfa: Handler = (asm, args) => {
  const f = advanced(asm);
  const [r, o] = operands(asm, args, 2, '.cfi_def_cfa');
  const reg = register(asm, r);
  const offset = constant(asm, o, '.cfi_def_cfa offset');
  f.fde.insns.push({ op: 'def_cfa', reg, offset });
  f.cfaOffset = offset;
};

function defCfaOffset(adjust: boolean): Handler {
  return (asm, args) => {
    const f = advanced(asm);
    const [o] = operands(asm, args, 1, adjust ? '.cfi_adjust_cfa_offset' : '.cfi_def_cfa_offset');
    const offset = constant(asm, o, 'CFA offset') + (adjust ? f.cfaOffset : 0n);
    f.fde.insns.push({ op: 'def_cfa_offset', offset });
    f.cfaOffset = offset;
  };
}

const startproc: Handler = (asm, args) => {
  const cfi = asm.cfi;
  if (cfi.open.has(asm.cur)) asm.fail('previous CFI entry not closed (missing .cfi_endproc)');
  const simple = args.trim();
  if (simple !== '' && simple !== 'simple') asm.fail(`junk at end of line after .cfi_startproc: '${simple}'`);
  const start = here(asm);
  cfi.allSections |= cfi.sections;
  cfi.sectionsUsed = true;
  const fde: Fde = {
    start, sections: cfi.allSections, returnColumn: RETURN_COLUMN, signalFrame: false, bKey: false, insns: [], origin: asm.stmt.origin,
  };
  cfi.fdes.push(fde);
  cfi.open.set(asm.cur, { fde, last: start, cfaOffset: 0n, saved: [] });
  if (simple === '') fde.insns.push({ op: 'def_cfa', reg: REG_SP, offset: 0n });
};

const endproc: Handler = (asm, args) => {
  const f = asm.cfi.open.get(asm.cur);
  if (!f) return asm.fail('.cfi_endproc without corresponding .cfi_startproc');
  noOperands(asm, args, '.cfi_endproc');
  f.fde.end = here(asm);
  asm.cfi.open.delete(asm.cur);
};

const SECTION_NAMES: ReadonlyArray<[RegExp, number | 'sframe']> = [
  [/^\.eh_frame(?!_)/, EMIT_EH_FRAME],
  [/^\.debug_frame/, EMIT_DEBUG_FRAME],
  [/^\.sframe/, 'sframe'],
];

const sectionsDirective: Handler = (asm, args) => {
  const cfi = asm.cfi;
  let sections = 0;
  const text = args.trim();
  const names = text === '' ? [] : text.split(',').map((n) => n.trim());
  for (const raw of names) {
    const name = raw.replace(/^"(.*)"$/, '$1');
    const kind = /\s/.test(raw) ? undefined : SECTION_NAMES.find(([re]) => re.test(name))?.[1];
    if (kind === undefined) return asm.fail(`junk at end of line in .cfi_sections: '${raw}'`);
    if (kind === 'sframe') return asm.fail('.cfi_sections .sframe: SFrame output is not supported by hypsim');
    sections |= kind;
  }
  if (cfi.sectionsUsed && sections & EMIT_EH_FRAME && (cfi.sections & EMIT_EH_FRAME) !== (sections & EMIT_EH_FRAME)) {
    asm.fail('inconsistent uses of .cfi_sections');
  }
  cfi.sections = sections;
};

/** gas accepts DW_EH_PE absptr or pcrel applications (optionally indirect), data 2/4/8 or absptr. */
function validEncoding(e: number): boolean {
  if ((e & 0xff) !== e) return false;
  const app = e & 0x70;
  const format = e & 7;
  return (app === 0 || app === DW_EH_PE_PCREL) && format !== 1 && format <= 4;
}

function encodedValue(directive: string, set: (fde: Fde, v: Encoded | undefined) => void): Handler {
  return (asm, args) => {
    const fde = current(asm).fde;
    const comma = splitTop(args);
    const encoding = Number(constant(asm, comma[0], `${directive} encoding`));
    if (encoding === DW_EH_PE_OMIT) {
      if (comma.length > 1) asm.fail(`junk at end of line after ${directive} 0xff`);
      set(fde, undefined);
      return;
    }
    if (!validEncoding(encoding)) asm.fail(`invalid or unsupported encoding in ${directive}`);
    if (comma.length !== 2) asm.fail(`${directive} requires encoding and symbol arguments`);
    set(fde, encodedExpr(asm, comma[1], encoding, directive));
  };
}

/** A symbol (+ constant) or, unless pc-relative, a constant; anything else gas rejects. */
function encodedExpr(asm: Assembler, text: string, encoding: number, directive: string): Encoded {
  const expr = asm.values.snapshot(asm.parseExpr(text));
  const frag = asm.openFrag();
  const v = asm.values.tryEvalNow(expr, frag, frag.size);
  if (v && v.terms.length === 0) {
    if ((encoding & 0x70) === DW_EH_PE_PCREL) asm.fail(`wrong second argument to ${directive}`);
    return { encoding, expr: { k: 'num', v: v.c }, key: `const:${v.c.toString()}` };
  }
  const sym = symbolPlusConstant(expr);
  if (!sym) asm.fail(`wrong second argument to ${directive}`);
  return { encoding, expr, key: `sym:${sym.name}:${sym.addend.toString()}` };
}

function symbolPlusConstant(e: Expr): { name: string; addend: Long } | undefined {
  if (e.k === 'sym') return { name: e.name, addend: Long.ZERO };
  if (e.k === 'binary' && (e.op === '+' || e.op === '-') && e.a.k === 'sym' && e.b.k === 'num') {
    return { name: e.a.name, addend: e.op === '+' ? e.b.v : e.b.v.negate() };
  }
  if (e.k === 'binary' && e.op === '+' && e.b.k === 'sym' && e.a.k === 'num') return { name: e.b.name, addend: e.a.v };
  return undefined;
}

const escape: Handler = (asm, args) => {
  const f = advanced(asm);
  let exprs: Expr[];
  try {
    exprs = parseExpressionList(args, asm.parseContext);
  } catch (e) {
    if (e instanceof ParseError) asm.fail(e.message);
    throw e;
  }
  if (exprs.length === 0) asm.fail('.cfi_escape needs at least one byte');
  f.fde.insns.push({ op: 'escape', exprs: exprs.map((e) => asm.values.snapshot(e, true)) });
};

function simple(op: 'remember_state' | 'restore_state' | 'window_save', directive: string): Handler {
  return (asm, args) => {
    const f = advanced(asm);
    noOperands(asm, args, directive);
    f.fde.insns.push({ op });
    if (op === 'remember_state') f.saved.push(f.cfaOffset);
    if (op === 'restore_state') {
      const saved = f.saved.pop();
      if (saved === undefined) return asm.fail('CFI state restore without previous remember');
      f.cfaOffset = saved;
    }
  };
}

export const CFI_DIRECTIVES: Readonly<Record<string, Handler>> = {
  '.cfi_sections': sectionsDirective,
  '.cfi_startproc': startproc,
  '.cfi_endproc': endproc,
  '.cfi_def_cfa': defCfa,
  '.cfi_def_cfa_register': (asm, args) => push(asm, { op: 'def_cfa_register', reg: register(asm, operands(asm, args, 1, '.cfi_def_cfa_register')[0]) }),
  '.cfi_def_cfa_offset': defCfaOffset(false),
  '.cfi_adjust_cfa_offset': defCfaOffset(true),
  '.cfi_offset': regOffset('offset', false, '.cfi_offset'),
  '.cfi_rel_offset': regOffset('offset', true, '.cfi_rel_offset'),
  '.cfi_val_offset': regOffset('val_offset', false, '.cfi_val_offset'),
  '.cfi_register': (asm, args) => {
    const f = advanced(asm);
    const [a, b] = operands(asm, args, 2, '.cfi_register');
    f.fde.insns.push({ op: 'register', reg: register(asm, a), reg2: register(asm, b) });
  },
  '.cfi_restore': regList('restore'),
  '.cfi_undefined': regList('undefined'),
  '.cfi_same_value': (asm, args) => push(asm, { op: 'same_value', reg: register(asm, operands(asm, args, 1, '.cfi_same_value')[0]) }),
  '.cfi_remember_state': simple('remember_state', '.cfi_remember_state'),
  '.cfi_restore_state': simple('restore_state', '.cfi_restore_state'),
  '.cfi_window_save': simple('window_save', '.cfi_window_save'),
  '.cfi_negate_ra_state': simple('window_save', '.cfi_negate_ra_state'),
  '.cfi_escape': escape,
  '.cfi_return_column': (asm, args) => {
    const f = advanced(asm);
    f.fde.returnColumn = register(asm, operands(asm, args, 1, '.cfi_return_column')[0]);
  },
  '.cfi_signal_frame': (asm, args) => {
    const f = advanced(asm);
    noOperands(asm, args, '.cfi_signal_frame');
    f.fde.signalFrame = true;
  },
  '.cfi_b_key_frame': (asm, args) => {
    noOperands(asm, args, '.cfi_b_key_frame');
    current(asm).fde.bKey = true;
  },
  '.cfi_personality': encodedValue('.cfi_personality', (fde, v) => (fde.personality = v)),
  '.cfi_lsda': encodedValue('.cfi_lsda', (fde, v) => (fde.lsda = v)),
};
