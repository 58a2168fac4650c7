// The debug sections GNU as 2.40 adds when it made the line table itself and the source has no
// `.debug_info` of its own: `.debug_aranges`, `.debug_abbrev`, `.debug_str`, `.debug_info`
// (a compile unit named after the first source file, with a DW_TAG_subprogram for every sized
// function symbol) and, for code in several sections, `.debug_ranges` (DWARF < 5) or
// `.debug_rnglists`.
import type { Expr } from '../ir/expr.js';
import type { Assembler } from './assembler.js';
import type { FileTable } from './dwarf-files.js';
import { DebugWriter, minus, num, plus, sym } from './dwarf-writer.js';
import { isConstant } from './linear.js';
import type { SectionState } from './sections.js';
import type { SymbolEntry } from './symbols.js';

export const PRODUCER = 'GNU AS 2.40';
const ADDRESS_SIZE = 8;
const DW_LANG_Mips_Assembler = 0x8001;

const TAG = { compile_unit: 0x11, subprogram: 0x2e, unspecified_type: 0x3b } as const;
const AT = { stmt_list: 0x10, low_pc: 0x11, high_pc: 0x12, name: 0x03, comp_dir: 0x1b, producer: 0x25, language: 0x13, ranges: 0x55, external: 0x3f, type: 0x49 } as const;
const FORM = { addr: 0x01, data2: 0x05, data4: 0x06, strp: 0x0e, udata: 0x0f, sec_offset: 0x17, flag: 0x0c, flag_present: 0x19, block: 0x09, ref_udata: 0x15 } as const;
const ABBREV = { unit: 1, subprogram: 2, noType: 3 } as const;

interface Func {
  readonly entry: SymbolEntry;
  readonly size: Expr;
}

export interface AsmInfoInput {
  readonly asm: Assembler;
  readonly writer: (sec: SectionState) => DebugWriter;
  readonly section: (name: string, flags: string) => SectionState;
  readonly version: number;
  readonly files: FileTable;
  readonly compDir: string;
  /** The code sections that have rows, in the order gas met them. */
  readonly code: readonly SectionState[];
  readonly lineSection: SectionState;
}

/** Functions gas describes: defined, typed as functions, with a size that is not a constant 0. */
function functions(asm: Assembler): Func[] {
  const out: Func[] = [];
  for (const e of asm.symbols.inCreationOrder()) {
    if (!e.defined || e.type !== 'func' || !e.size) continue;
    const now = asm.values.tryEvalNow(e.size.expr, asm.cur.last, 0);
    const known = now && isConstant(now) ? now.c : undefined;
    if (known?.isZero()) continue;
    out.push({ entry: e, size: known ? num(known) : e.size.expr });
  }
  return out;
}

/** A code section's start and its size (fixed now: the code is laid out). */
function extent(w: DebugWriter, sec: SectionState): { start: Expr; size: number } {
  const first = sec.ordered()[0].frags[0];
  return { start: sym(w.labelAt(first, 0)), size: sec.size };
}

export function writeAsmInfo(input: AsmInfoInput): void {
  const { asm, version } = input;
  const info = input.writer(input.section('.debug_info', ''));
  const abbrev = input.writer(input.section('.debug_abbrev', ''));
  const aranges = input.writer(input.section('.debug_aranges', ''));
  const str = input.writer(input.section('.debug_str', 'MS'));
  aranges.section.alignPow = Math.max(aranges.section.alignPow, 4);
  const single = input.code.length === 1;
  const ranges = single ? undefined : writeRanges(input);
  writeAranges(aranges, info.section, input.code);
  const funcs = functions(asm);
  const funcForm = writeAbbrev(abbrev, version, single, funcs);
  const strings = writeStrings(str, input);
  writeInfo(info, input, { abbrev: abbrev.section, ranges, strings, funcs, funcForm, str });
}

function header(w: DebugWriter): string {
  const start = w.here();
  const end = w.later();
  w.value(4, minus(minus(sym(end), sym(start)), num(4)));
  return end;
}

function sectionStart(sec: SectionState): Expr {
  return sym(sec.name);
}

function writeRanges(input: AsmInfoInput): string {
  if (input.version < 5) {
    const w = input.writer(input.section('.debug_ranges', ''));
    w.section.alignPow = Math.max(w.section.alignPow, 4);
    const at = w.here();
    w.bytes([...new Array(ADDRESS_SIZE).fill(0xff), ...new Array(ADDRESS_SIZE).fill(0)]);
    for (const sec of input.code) {
      const { start, size } = extent(w, sec);
      w.value(ADDRESS_SIZE, start);
      w.value(ADDRESS_SIZE, plus(start, num(size)));
    }
    w.bytes(new Array(2 * ADDRESS_SIZE).fill(0));
    return at;
  }
  const w = input.writer(input.section('.debug_rnglists', ''));
  const end = header(w);
  w.u16(5);
  w.bytes([ADDRESS_SIZE, 0, 0, 0, 0, 0]);
  const at = w.here();
  for (const sec of input.code) {
    const { start, size } = extent(w, sec);
    w.u8(7 /* DW_RLE_start_length */);
    w.value(ADDRESS_SIZE, start);
    w.uleb(size);
  }
  w.u8(0 /* DW_RLE_end_of_list */);
  w.place(end);
  return at;
}

function writeAranges(w: DebugWriter, info: SectionState, code: readonly SectionState[]): void {
  const end = header(w);
  w.u16(2);
  w.value(4, sectionStart(info));
  w.bytes([ADDRESS_SIZE, 0, 0, 0, 0, 0]);
  for (const sec of code) {
    const { start, size } = extent(w, sec);
    w.value(ADDRESS_SIZE, start);
    w.value(ADDRESS_SIZE, num(size));
  }
  w.bytes(new Array(2 * ADDRESS_SIZE).fill(0));
  w.place(end);
}

/** Returns the form of DW_AT_external (0: none, the functions are all local). */
function writeAbbrev(w: DebugWriter, version: number, single: boolean, funcs: readonly Func[]): number {
  const external = funcs.some((f) => f.entry.binding === 'global');
  const local = funcs.some((f) => f.entry.binding !== 'global');
  const secOffset = version < 4 ? FORM.data4 : FORM.sec_offset;
  const highPc = version < 4 ? FORM.addr : FORM.udata;
  const unit = [AT.stmt_list, secOffset, ...(single ? [AT.low_pc, FORM.addr, AT.high_pc, highPc] : [AT.ranges, secOffset])];
  w.bytes([ABBREV.unit, TAG.compile_unit, funcs.length > 0 ? 1 : 0, ...unit, AT.name, FORM.strp, AT.comp_dir, FORM.strp, AT.producer, FORM.strp, AT.language, FORM.data2, 0, 0]);
  let funcForm = 0;
  if (funcs.length > 0) {
    funcForm = external ? (local || version < 4 ? FORM.flag : FORM.flag_present) : FORM.block;
    const ext = external ? [AT.external, funcForm] : [];
    const type = version > 2 ? [AT.type, FORM.ref_udata] : [];
    w.bytes([ABBREV.subprogram, TAG.subprogram, 0, AT.name, FORM.strp, ...ext, ...type, AT.low_pc, FORM.addr, AT.high_pc, highPc, 0, 0]);
    if (version > 2) w.bytes([ABBREV.noType, TAG.unspecified_type, 0, 0, 0]);
  }
  w.u8(0);
  return funcForm;
}

interface Strings {
  readonly name: string;
  readonly compDir: string;
  readonly producer: string;
}

function writeStrings(w: DebugWriter, input: AsmInfoInput): Strings {
  const { files } = input;
  const file = (input.version >= 5 ? (files.files[0] ?? files.files[1]) : files.files[1]) ?? { name: '', dir: 0 };
  const name = w.here();
  const dir = file.dir !== 0 ? files.dirs[file.dir] : undefined;
  w.string(`${dir !== undefined ? `${dir}/` : ''}${file.name}`);
  const compDir = w.here();
  w.string(input.compDir);
  const producer = w.here();
  w.string(PRODUCER);
  return { name, compDir, producer };
}

interface InfoParts {
  readonly abbrev: SectionState;
  readonly ranges: string | undefined;
  readonly strings: Strings;
  readonly funcs: readonly Func[];
  readonly funcForm: number;
  readonly str: DebugWriter;
}

function writeInfo(w: DebugWriter, input: AsmInfoInput, p: InfoParts): void {
  const { version } = input;
  const end = header(w);
  w.u16(version);
  if (version < 5) {
    w.value(4, sectionStart(p.abbrev));
    w.u8(ADDRESS_SIZE);
  } else {
    w.bytes([1 /* DW_UT_compile */, ADDRESS_SIZE]);
    w.value(4, sectionStart(p.abbrev));
  }
  w.uleb(ABBREV.unit);
  w.value(4, sectionStart(input.lineSection));
  if (p.ranges === undefined) {
    const { start, size } = extent(w, input.code[0]);
    w.value(ADDRESS_SIZE, start);
    if (version < 4) w.value(ADDRESS_SIZE, plus(start, num(size)));
    else w.uleb(size);
  } else w.value(4, sym(p.ranges));
  for (const s of [p.strings.name, p.strings.compDir, p.strings.producer]) w.value(4, sym(s));
  w.u16(DW_LANG_Mips_Assembler);
  if (p.funcs.length === 0) {
    w.place(end);
    return;
  }
  const noType = version > 2 ? w.later() : undefined;
  for (const f of p.funcs) {
    const name = p.str.here();
    p.str.string(f.entry.name);
    w.uleb(ABBREV.subprogram);
    w.value(4, sym(name));
    if (p.funcForm === FORM.flag) w.u8(f.entry.binding === 'global' ? 1 : 0);
    if (noType !== undefined) w.ulebOf(sym(noType));
    w.value(ADDRESS_SIZE, sym(f.entry.name));
    if (version < 4) w.value(ADDRESS_SIZE, plus(sym(f.entry.name), f.size));
    else w.ulebOf(f.size);
  }
  if (noType !== undefined) {
    w.place(noType);
    w.uleb(ABBREV.noType);
  }
  w.sleb(0);
  w.place(end);
}
