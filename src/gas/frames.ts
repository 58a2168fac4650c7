// Writing the frame descriptions of cfi.ts at the end of the input, into .eh_frame and/or
// .debug_frame, as GNU as 2.40 does: CIEs shared between FDEs whose leading instructions, return
// column and augmentation agree; advances sized by the final address deltas (a variable-size
// tail); lengths and pointers as expressions resolved after layout, so the relocations are the
// ordinary ones (.debug_frame: ABS32 to the CIE, ABS64 to the code; .eh_frame: PREL32).
import type { Expr } from '../ir/expr.js';
import type { Assembler } from './assembler.js';
import {
  DATA_ALIGNMENT, EMIT_DEBUG_FRAME, EMIT_EH_FRAME, type CfiInsn, type Encoded, type Fde, type Place,
} from './cfi.js';

const CODE_ALIGNMENT = 4;
const CIE_VERSION = 1;
const FDE_ENCODING = 0x1b; // DW_EH_PE_pcrel | DW_EH_PE_sdata4
const DW_EH_PE_PCREL = 0x10;
/** log2 of the alignment of both sections and of .debug_frame entries (8-byte addresses). */
const SECTION_ALIGN = 3;

const DW_CFA = {
  advance_loc: 0x40, offset: 0x80, restore: 0xc0, advance_loc1: 0x02, advance_loc2: 0x03, advance_loc4: 0x04,
  offset_extended: 0x05, restore_extended: 0x06, undefined: 0x07, same_value: 0x08, register: 0x09,
  remember_state: 0x0a, restore_state: 0x0b, def_cfa: 0x0c, def_cfa_register: 0x0d, def_cfa_offset: 0x0e,
  offset_extended_sf: 0x11, def_cfa_sf: 0x12, def_cfa_offset_sf: 0x13, val_offset: 0x14, val_offset_sf: 0x15,
  GNU_window_save: 0x2d,
} as const;

export function uleb128(v: bigint): number[] {
  const out: number[] = [];
  let x = BigInt.asUintN(64, v);
  do {
    const b = Number(x & 0x7fn);
    x >>= 7n;
    out.push(x !== 0n ? b | 0x80 : b);
  } while (x !== 0n);
  return out;
}

export function sleb128(v: bigint): number[] {
  const out: number[] = [];
  let x = BigInt.asIntN(64, v);
  for (;;) {
    const b = Number(x & 0x7fn);
    x >>= 7n;
    const done = (x === 0n && (b & 0x40) === 0) || (x === -1n && (b & 0x40) !== 0);
    out.push(done ? b : b | 0x80);
    if (done) return out;
  }
}

/** DW_CFA_advance_loc* for a code delta in bytes: nothing when it scales to zero. */
export function advanceBytes(delta: bigint): number[] {
  const scaled = delta / BigInt(CODE_ALIGNMENT);
  if (scaled === 0n) return [];
  if (scaled <= 0x3fn) return [DW_CFA.advance_loc + Number(scaled)];
  const le = (n: number) => Array.from({ length: n }, (_, i) => Number((scaled >> BigInt(8 * i)) & 0xffn));
  if (scaled <= 0xffn) return [DW_CFA.advance_loc1, ...le(1)];
  if (scaled <= 0xffffn) return [DW_CFA.advance_loc2, ...le(2)];
  return [DW_CFA.advance_loc4, ...le(4)];
}

/** The bytes of one instruction other than an advance or an escape. */
function insnBytes(i: Exclude<CfiInsn, { op: 'advance' | 'escape' }>): number[] {
  const reg = (r: number) => uleb128(BigInt(r));
  switch (i.op) {
    case 'def_cfa':
      return i.offset < 0n
        ? [DW_CFA.def_cfa_sf, ...reg(i.reg), ...sleb128(i.offset / DATA_ALIGNMENT)]
        : [DW_CFA.def_cfa, ...reg(i.reg), ...uleb128(i.offset)];
    case 'def_cfa_register':
    case 'undefined':
    case 'same_value':
      return [DW_CFA[i.op], ...reg(i.reg)];
    case 'def_cfa_offset':
      return i.offset < 0n ? [DW_CFA.def_cfa_offset_sf, ...sleb128(i.offset / DATA_ALIGNMENT)] : [DW_CFA.def_cfa_offset, ...uleb128(i.offset)];
    case 'restore':
      return i.reg <= 0x3f ? [DW_CFA.restore + i.reg] : [DW_CFA.restore_extended, ...reg(i.reg)];
    case 'offset': {
      const scaled = i.offset / DATA_ALIGNMENT;
      if (scaled < 0n) return [DW_CFA.offset_extended_sf, ...reg(i.reg), ...sleb128(scaled)];
      return i.reg <= 0x3f ? [DW_CFA.offset + i.reg, ...uleb128(scaled)] : [DW_CFA.offset_extended, ...reg(i.reg), ...uleb128(scaled)];
    }
    case 'val_offset': {
      const scaled = i.offset / DATA_ALIGNMENT;
      return scaled < 0n ? [DW_CFA.val_offset_sf, ...reg(i.reg), ...sleb128(scaled)] : [DW_CFA.val_offset, ...reg(i.reg), ...uleb128(scaled)];
    }
    case 'register':
      return [DW_CFA.register, ...reg(i.reg), ...reg(i.reg2)];
    case 'remember_state':
    case 'restore_state':
      return [DW_CFA[i.op]];
    case 'window_save':
      return [DW_CFA.GNU_window_save];
  }
}

/** Instructions a CIE may start with; with `other`, also whether the two are the same. */
function initialInsn(i: CfiInsn, other?: CfiInsn): boolean {
  if (other && other.op !== i.op) return false;
  switch (i.op) {
    case 'offset':
    case 'def_cfa':
    case 'val_offset':
    case 'def_cfa_offset':
    case 'register':
    case 'def_cfa_register':
    case 'restore':
    case 'undefined':
    case 'same_value':
      return other === undefined || JSON.stringify(i, bigintJson) === JSON.stringify(other, bigintJson);
    default:
      return false;
  }
}

function bigintJson(_: string, v: unknown): unknown {
  return typeof v === 'bigint' ? v.toString() : v;
}

/** DW_EH_PE format size in bytes (absptr is 8). */
function encodingSize(encoding: number): number {
  return ({ 0: 8, 2: 2, 3: 4, 4: 8 } as Record<number, number>)[encoding & 7] ?? 8;
}

interface Cie {
  readonly returnColumn: number;
  readonly signalFrame: boolean;
  readonly bKey: boolean;
  readonly personality?: Encoded;
  readonly lsda?: Encoded;
  readonly initial: readonly CfiInsn[];
  readonly start: string;
}

const sym = (name: string): Expr => ({ k: 'sym', name });
const minus = (a: Expr, b: Expr): Expr => ({ k: 'binary', op: '-', a, b });
const DOT: Expr = { k: 'dot' };

/** Emits into the current subsection through the assembler, bytes batched into items. */
class FrameWriter {
  private pending: number[] = [];

  constructor(private readonly asm: Assembler) {}

  bytes(b: readonly number[]): void {
    this.pending.push(...b);
  }

  flush(): void {
    if (this.pending.length > 0) this.asm.emitBytes(this.pending, '.cfi');
    this.pending = [];
  }

  data(size: number, e: Expr): void {
    this.flush();
    this.asm.emitData(size, e, '.cfi');
  }

  /** A hidden label here, or placed here later with `place`. */
  label(): string {
    this.flush();
    const frag = this.asm.openFrag();
    return this.asm.symbols.hiddenName({ kind: 'label', frag, offset: frag.size }, undefined, 'cfi');
  }

  reserve(): string {
    return this.asm.symbols.hiddenName(undefined, undefined, 'cfi');
  }

  place(name: string): void {
    this.flush();
    const frag = this.asm.openFrag();
    this.asm.symbols.placeHidden(name, { kind: 'label', frag, offset: frag.size });
  }

  placeLabel(p: Place): string {
    return this.asm.symbols.hiddenName({ kind: 'label', frag: p.frag, offset: p.offset }, undefined, 'cfi');
  }

  align(pow: number): void {
    this.flush();
    this.asm.setTail({ kind: 'align', pow, origin: this.asm.stmt.origin, directive: '.cfi' });
  }

  advance(i: CfiInsn & { op: 'advance' }): void {
    this.flush();
    this.asm.setTail({ kind: 'cfa_advance', delta: minus(sym(this.placeLabel(i.to)), sym(this.placeLabel(i.from))), origin: i.origin });
  }

  insn(i: CfiInsn): void {
    if (i.op === 'advance') this.advance(i);
    else if (i.op === 'escape') for (const e of i.exprs) this.data(1, e);
    else this.bytes(insnBytes(i));
  }

  /** A value in a DW_EH_PE encoding: pc-relative ones as `value - .`. */
  encoded(v: Encoded, encoding: number): void {
    this.data(encodingSize(encoding), (encoding & 0x70) === DW_EH_PE_PCREL ? minus(v.expr, DOT) : v.expr);
  }
}

class FrameSection {
  private readonly cies: Cie[] = [];
  private readonly w: FrameWriter;

  constructor(
    private readonly asm: Assembler,
    private readonly eh: boolean,
  ) {
    this.w = new FrameWriter(asm);
  }

  write(fdes: readonly Fde[], lastOverall: Fde | undefined): void {
    for (const fde of fdes) {
      this.asm.stmt = { text: '.cfi_startproc', origin: fde.origin };
      if (!fde.end) this.asm.fail('open CFI at the end of file; missing .cfi_endproc directive');
      const { cie, rest } = this.selectCie(fde);
      this.fde(fde, cie, rest, this.eh ? (fde === lastOverall ? SECTION_ALIGN : 2) : SECTION_ALIGN);
    }
    this.w.flush();
  }

  private equivalent(cie: Cie, fde: Fde): boolean {
    const per = this.eh ? fde.personality : undefined;
    const lsda = this.eh ? fde.lsda : undefined;
    return cie.bKey === fde.bKey && cie.returnColumn === fde.returnColumn && cie.signalFrame === fde.signalFrame
      && cie.personality?.encoding === per?.encoding && cie.lsda?.encoding === lsda?.encoding
      && cie.personality?.key === per?.key;
  }

  /** The newest CIE whose initial instructions start this FDE's, or a new one written now. */
  private selectCie(fde: Fde): { cie: Cie; rest: readonly CfiInsn[] } {
    for (let k = this.cies.length - 1; k >= 0; k--) {
      const cie = this.cies[k];
      if (!this.equivalent(cie, fde)) continue;
      const n = cie.initial.length;
      if (fde.insns.length >= n && cie.initial.every((i, j) => initialInsn(i, fde.insns[j]))) return { cie, rest: fde.insns.slice(n) };
    }
    let n = 0;
    while (n < fde.insns.length && initialInsn(fde.insns[n])) n++;
    const cie: Cie = {
      returnColumn: fde.returnColumn, signalFrame: fde.signalFrame, bKey: fde.bKey, initial: fde.insns.slice(0, n), start: this.w.label(),
      ...(this.eh && fde.personality ? { personality: fde.personality } : {}), ...(this.eh && fde.lsda ? { lsda: fde.lsda } : {}),
    };
    this.cies.push(cie);
    this.cie(cie);
    return { cie, rest: fde.insns.slice(n) };
  }

  private cie(cie: Cie): void {
    const w = this.w;
    const afterSize = w.reserve();
    const end = w.reserve();
    w.data(4, minus(sym(end), sym(afterSize)));
    w.place(afterSize);
    w.bytes(this.eh ? [0, 0, 0, 0] : [0xff, 0xff, 0xff, 0xff]);
    w.bytes([CIE_VERSION]);
    if (this.eh) w.bytes([...'z', ...(cie.personality ? 'P' : ''), ...(cie.lsda ? 'L' : ''), 'R', ...(cie.bKey ? 'B' : '')].map((c) => c.charCodeAt(0)));
    if (cie.signalFrame) w.bytes(['S'.charCodeAt(0)]);
    w.bytes([0, ...uleb128(BigInt(CODE_ALIGNMENT)), ...sleb128(DATA_ALIGNMENT)]);
    if (cie.returnColumn > 0xff) this.asm.fail(`return column number ${cie.returnColumn} overflows in CIE version 1`);
    w.bytes([cie.returnColumn]);
    if (this.eh) {
      const per = cie.personality;
      const size = 1 + (cie.lsda ? 1 : 0) + (per ? 1 + encodingSize(per.encoding) : 0);
      w.bytes(uleb128(BigInt(size)));
      if (per) {
        w.bytes([per.encoding]);
        w.encoded(per, per.encoding);
      }
      if (cie.lsda) w.bytes([cie.lsda.encoding]);
      w.bytes([FDE_ENCODING]);
    }
    for (const i of cie.initial) w.insn(i);
    w.align(this.eh ? 2 : SECTION_ALIGN);
    w.place(end);
  }

  private fde(fde: Fde, cie: Cie, rest: readonly CfiInsn[], alignPow: number): void {
    const w = this.w;
    const afterSize = w.reserve();
    const end = w.reserve();
    const start = sym(w.placeLabel(fde.start));
    const fdeEnd = sym(w.placeLabel(fde.end as Place));
    w.data(4, minus(sym(end), sym(afterSize)));
    w.place(afterSize);
    if (this.eh) {
      w.data(4, minus(sym(afterSize), sym(cie.start)));
      w.data(4, minus(start, DOT));
      w.data(4, minus(fdeEnd, start));
      const lsda = cie.lsda;
      w.bytes(uleb128(BigInt(lsda ? encodingSize(lsda.encoding) : 0)));
      if (lsda && fde.lsda) w.encoded(fde.lsda, lsda.encoding);
    } else {
      w.data(4, sym(cie.start));
      w.data(8, start);
      w.data(8, minus(fdeEnd, start));
    }
    for (const i of rest) w.insn(i);
    w.align(alignPow);
    w.place(end);
  }
}

/** Writes every frame description; called once, after the last statement. */
export function writeFrames(asm: Assembler): void {
  const { fdes, allSections } = asm.cfi;
  if (fdes.length === 0) return;
  const saved = { cur: asm.cur, prev: asm.prev, stmt: asm.stmt };
  const lastOverall = fdes[fdes.length - 1];
  const outputs: Array<[number, string, string]> = [[EMIT_EH_FRAME, '.eh_frame', 'a'], [EMIT_DEBUG_FRAME, '.debug_frame', '']];
  for (const [bit, name, flags] of outputs) {
    if ((allSections & bit) === 0) continue;
    const sec = asm.section(name, asm.sectionNamed(name) ? undefined : flags);
    asm.cur = asm.subsection(sec, 0);
    asm.recordAlignment(SECTION_ALIGN);
    new FrameSection(asm, bit === EMIT_EH_FRAME).write(fdes.filter((f) => (f.sections & bit) !== 0), lastOverall);
  }
  asm.cur = saved.cur;
  asm.prev = saved.prev;
  asm.stmt = saved.stmt;
}
