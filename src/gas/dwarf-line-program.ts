// `.debug_line` as GNU as 2.40 writes it: the header (DWARF 2–5; in 5 the directory and file
// entry formats with `.debug_line_str` offsets), then one sequence per code section —
// DW_LNE_set_address with an ABS64 relocation for its first row, special opcodes,
// DW_LNS_const_add_pc or DW_LNS_advance_pc for the address, DW_LNE_end_sequence at the
// section's end. Code is laid out when this runs, so every address advance is a constant.
import Long from 'long';
import { HypsimError } from '../util/diagnostics.js';
import type { FileEntry, FileTable } from './dwarf-files.js';
import type { LineEntry } from './dwarf-line.js';
import { minus, num, sym, type DebugWriter } from './dwarf-writer.js';
import { lebSize } from './leb128.js';
import type { SectionState } from './sections.js';

const LINE_BASE = -5;
const LINE_RANGE = 14;
const MIN_INSN_LENGTH = 4;
const ADDRESS_SIZE = 8;

const DW_LNS = { copy: 1, advance_pc: 2, advance_line: 3, set_file: 4, set_column: 5, negate_stmt: 6, set_basic_block: 7, const_add_pc: 8, set_prologue_end: 10, set_epilogue_begin: 11, set_isa: 12 } as const;
const DW_LNE = { end_sequence: 1, set_address: 2, set_discriminator: 4 } as const;
const DW_LNCT = { path: 1, directory_index: 2, MD5: 5 } as const;
const DW_FORM = { udata: 0x0f, line_strp: 0x1f, data16: 0x1e } as const;

/** The end of a sequence: DW_LNE_end_sequence instead of a row. */
export const END_SEQUENCE = Number.MAX_SAFE_INTEGER;

/** gas 2.40 writes `.debug_line` version 3 or later, so always 12 standard opcodes. */
const OPCODE_BASE = 13;

function uleb(v: number): number[] {
  const out: number[] = [];
  do {
    const b = v % 128;
    v = Math.floor(v / 128);
    out.push(v > 0 ? b | 0x80 : b);
  } while (v > 0);
  return out;
}

function sleb(v: number): number[] {
  const out: number[] = [];
  for (;;) {
    const b = ((v % 128) + 128) % 128;
    v = Math.floor(v / 128);
    const done = (v === 0 && (b & 0x40) === 0) || (v === -1 && (b & 0x40) !== 0);
    out.push(done ? b : b | 0x80);
    if (done) return out;
  }
}

/**
 * The opcodes that advance the line by LINE_DELTA and the address by ADDR_DELTA bytes and add
 * a row (or, for END_SEQUENCE, end the sequence), as gas chooses them.
 */
export function lineAdvance(lineDelta: number, addrDelta: number): number[] {
  const base = OPCODE_BASE;
  const maxSpecialAddr = Math.floor((255 - base) / LINE_RANGE);
  const addr = Math.floor(addrDelta / MIN_INSN_LENGTH);
  if (lineDelta === END_SEQUENCE) {
    const pc = addr === maxSpecialAddr ? [DW_LNS.const_add_pc] : addr > 0 ? [DW_LNS.advance_pc, ...uleb(addr)] : [];
    return [...pc, 0, 1, DW_LNE.end_sequence];
  }
  const out: number[] = [];
  let tmp = lineDelta - LINE_BASE;
  let copy = false;
  if (tmp < 0 || tmp >= LINE_RANGE) {
    out.push(DW_LNS.advance_line, ...sleb(lineDelta));
    lineDelta = 0;
    tmp = -LINE_BASE;
    copy = true;
  }
  if (lineDelta === 0 && addr === 0) return [...out, DW_LNS.copy];
  tmp += base;
  if (addr < 256 + maxSpecialAddr) {
    const special = tmp + addr * LINE_RANGE;
    if (special <= 255) return [...out, special];
    const afterConst = tmp + (addr - maxSpecialAddr) * LINE_RANGE;
    if (afterConst <= 255) return [...out, DW_LNS.const_add_pc, afterConst];
  }
  return [...out, DW_LNS.advance_pc, ...uleb(addr), copy ? DW_LNS.copy : tmp];
}

export interface LineSequence {
  readonly section: SectionState;
  readonly rows: readonly LineEntry[];
}

/** Writes the whole `.debug_line` contribution (header, tables, sequences) at the end of W's section. */
export function writeDebugLine(w: DebugWriter, lineStr: () => DebugWriter, files: FileTable, version: number, sequences: readonly LineSequence[]): void {
  const start = w.here();
  const end = w.later();
  w.value(4, minus(minus(sym(end), sym(start)), num(4)));
  w.u16(version);
  if (version >= 5) w.bytes([ADDRESS_SIZE, 0]);
  const headerStart = w.later();
  const headerEnd = w.later();
  w.value(4, minus(sym(headerEnd), sym(headerStart)));
  w.place(headerStart);
  w.bytes([MIN_INSN_LENGTH, ...(version >= 4 ? [1] : []), 1, LINE_BASE & 0xff, LINE_RANGE, OPCODE_BASE]);
  w.bytes([0, 1, 1, 1, 1, 0, 0, 0, 1, 0, 0, 1]);
  if (version >= 5) writeTables5(w, lineStr, files);
  else writeTables(w, files);
  w.place(headerEnd);
  for (const s of sequences) writeSequence(w, s);
  w.place(end);
}

function writeTables(w: DebugWriter, files: FileTable): void {
  for (let i = 1; i < files.dirs.length; i++) w.string(files.dirs[i] ?? '');
  w.u8(0);
  for (let i = 1; i < files.files.length; i++) {
    const f = files.files[i];
    if (!f) throw new HypsimError(`unassigned file number ${i}`);
    w.string(f.name);
    w.bytes([...uleb(f.dir), 0, 0]);
  }
  w.u8(0);
}

function writeTables5(w: DebugWriter, lineStr: () => DebugWriter, files: FileTable): void {
  const dirs = files.dirs;
  const list = files.files;
  w.bytes([1, ...uleb(DW_LNCT.path), ...uleb(DW_FORM.line_strp)]);
  w.bytes(uleb(dirs.length === 0 && list.length > 0 ? 1 : dirs.length));
  const str = (s: string): string => {
    const ls = lineStr();
    const at = ls.here();
    ls.string(s);
    return at;
  };
  if (dirs.length > 0 || list.length > 0) w.value(4, sym(str(dirs[0] ?? files.compDir)));
  for (let i = 1; i < dirs.length; i++) w.value(4, sym(str(dirs[i] ?? '')));
  const md5 = list.some((f) => f?.md5 !== undefined && f.md5[0] !== 0);
  w.u8(md5 ? 3 : 2);
  w.bytes([...uleb(DW_LNCT.path), ...uleb(DW_FORM.line_strp), ...uleb(DW_LNCT.directory_index), ...uleb(DW_FORM.udata)]);
  if (md5) w.bytes([...uleb(DW_LNCT.MD5), ...uleb(DW_FORM.data16)]);
  w.bytes(uleb(list.length));
  const first: FileEntry = list[0] ?? list[1] ?? { name: '', dir: 0, path: '' };
  let shared: string | undefined;
  for (let i = 0; i < list.length; i++) {
    const f = i === 0 ? first : list[i];
    if (!f) throw new HypsimError(`unassigned file number ${i}`);
    const at = shared ?? str(f.name);
    w.value(4, sym(at));
    shared = i === 0 && list[0] === undefined && list[1] !== undefined ? at : undefined;
    w.bytes(uleb(f.dir));
    if (md5) w.bytes(f.md5 ?? new Uint8Array(16));
  }
}

/** A view reset restarts the sequence's address where gas cannot tell the address moved on. */
function mayNotAdvance(prev: LineEntry, e: LineEntry): boolean {
  return e.frag === prev.frag ? e.offset === prev.offset : e.offset === 0 && prev.offset >= prev.frag.size;
}

function writeSequence(w: DebugWriter, s: LineSequence): void {
  let file = 1;
  let line = 1;
  let column = 0;
  let isa = 0;
  let isStmt = true;
  let last: number | undefined;
  let lastEntry: LineEntry | undefined;
  for (const e of s.rows) {
    const out: number[] = [];
    if (e.file !== file) {
      file = e.file as number;
      out.push(DW_LNS.set_file, ...uleb(file));
    }
    if (e.column !== column) {
      column = e.column;
      out.push(DW_LNS.set_column, ...uleb(column));
    }
    if (e.discriminator !== 0) out.push(0, ...sleb(1 + lebSize(Long.fromNumber(e.discriminator), false)), DW_LNE.set_discriminator, ...uleb(e.discriminator));
    if (e.isa !== isa) {
      isa = e.isa;
      out.push(DW_LNS.set_isa, ...uleb(isa));
    }
    if (e.isStmt !== isStmt) {
      isStmt = e.isStmt;
      out.push(DW_LNS.negate_stmt);
    }
    if (e.basicBlock) out.push(DW_LNS.set_basic_block);
    if (e.prologueEnd) out.push(DW_LNS.set_prologue_end);
    if (e.epilogueBegin) out.push(DW_LNS.set_epilogue_begin);
    const address = e.frag.address + e.offset;
    const lineDelta = e.line - line;
    if (last === undefined || (e.view?.kind === 'reset' && mayNotAdvance(lastEntry as LineEntry, e))) {
      w.bytes([...out, 0, ...uleb(ADDRESS_SIZE + 1), DW_LNE.set_address]);
      w.value(ADDRESS_SIZE, sym(w.labelAt(e.frag, e.offset)));
      w.bytes(lineAdvance(lineDelta, 0));
    } else {
      if ((address - last) % MIN_INSN_LENGTH !== 0) throw new HypsimError('unaligned opcodes detected in executable segment', e.origin);
      w.bytes([...out, ...lineAdvance(lineDelta, address - last)]);
    }
    line = e.line;
    last = address;
    lastEntry = e;
  }
  w.bytes(lineAdvance(END_SEQUENCE, s.section.size - (last ?? 0)));
}
