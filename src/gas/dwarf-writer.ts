// Appends debug data to a section once the code is laid out, through the assembler's own
// fragments: bytes, values and relocations resolved like any data directive, and hidden labels
// for the places other values refer to.
import Long from 'long';
import type { Expr } from '../ir/expr.js';
import type { Origin } from '../util/diagnostics.js';
import type { Assembler } from './assembler.js';
import { emitLeb, lebBytes } from './leb128.js';
import type { Frag, SectionState, Subsection } from './sections.js';

export const sym = (name: string): Expr => ({ k: 'sym', name });
export const num = (v: number | Long): Expr => ({ k: 'num', v: Long.isLong(v) ? v : Long.fromNumber(v) });
export const plus = (a: Expr, b: Expr): Expr => ({ k: 'binary', op: '+', a, b });
export const minus = (a: Expr, b: Expr): Expr => ({ k: 'binary', op: '-', a, b });

export class DebugWriter {
  private readonly sub: Subsection;

  constructor(
    private readonly asm: Assembler,
    readonly section: SectionState,
    private readonly origin: Origin,
  ) {
    this.sub = asm.subsection(section, 0);
  }

  private enter(): void {
    this.asm.cur = this.sub;
    this.asm.stmt = { text: '', origin: this.origin };
  }

  /** A hidden label at the current end of the section. */
  here(): string {
    this.enter();
    const frag = this.asm.openFrag();
    return this.asm.symbols.hiddenName({ kind: 'label', frag, offset: frag.size });
  }

  /** A hidden label at a place in any section. */
  labelAt(frag: Frag, offset: number): string {
    return this.asm.symbols.hiddenName({ kind: 'label', frag, offset });
  }

  /** A hidden label to be placed later with `place`. */
  later(): string {
    return this.asm.symbols.hiddenName(undefined);
  }

  place(label: string): void {
    this.enter();
    const frag = this.asm.openFrag();
    this.asm.symbols.placeHidden(label, { kind: 'label', frag, offset: frag.size });
  }

  bytes(b: ArrayLike<number>, directive = '.byte'): void {
    this.enter();
    this.asm.emitBytes(b, directive);
  }

  u8(v: number): void {
    this.bytes([v & 0xff]);
  }

  u16(v: number): void {
    this.bytes([v & 0xff, (v >> 8) & 0xff], '.2byte');
  }

  u32(v: number): void {
    this.bytes([v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff], '.4byte');
  }

  uleb(v: number): void {
    this.bytes(lebBytes(Long.fromNumber(v), false), '.uleb128');
  }

  sleb(v: number): void {
    this.bytes(lebBytes(Long.fromNumber(v), true), '.sleb128');
  }

  /** A NUL-terminated string (bytes as latin1). */
  string(s: string): void {
    const b = Array.from(s, (c) => c.charCodeAt(0) & 0xff);
    b.push(0);
    this.bytes(b, '.string');
  }

  /** A SIZE-byte value of EXPR (a relocation when it is not constant after layout). */
  value(size: number, expr: Expr): void {
    this.enter();
    this.asm.emitData(size, expr, size === 8 ? '.8byte' : size === 4 ? '.4byte' : '.2byte');
  }

  /** ULEB128 of EXPR, sized in the layout when it is not known yet. */
  ulebOf(expr: Expr): void {
    this.enter();
    emitLeb(this.asm, expr, false, '.uleb128');
  }
}
