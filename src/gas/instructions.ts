// Instructions and `.inst` words (encoded after layout), and literal pools for `ldr Rt, =expr`.
import Long from 'long';
import type { AsmOperand } from '../a64/asm-operand.js';
import type { Expr } from '../ir/expr.js';
import type { Assembler } from './assembler.js';
import { writeLE } from './bytes.js';
import { mapOperandExprs, prettyOperands } from './operands.js';
import type { Frag, Subsection } from './sections.js';

/**
 * In a code section gas aligns an instruction that would start at an odd place, with zeros
 * (also right after a LEB128 value, whose size is only known after layout).
 */
function instructionFrag(asm: Assembler): Frag {
  const frag = asm.openFrag();
  const aligned = frag.size % 4 === 0 && (frag.relStart === undefined ? !afterLeb128(frag) : frag.relStart % 4 === 0);
  if (!asm.cur.section.isCode || aligned) return frag;
  asm.setTail({ kind: 'align', pow: 2, fill: { value: Long.ZERO, size: 1 }, origin: asm.stmt.origin, directive: '.align' });
  return asm.openFrag();
}

/** FRAG is the subsection's last (openFrag's): is it empty right after a LEB128 tail? */
function afterLeb128(frag: Frag): boolean {
  const frags = frag.sub.frags;
  return frag.size === 0 && frags[frags.length - 2]?.tail?.kind === 'leb128';
}

export function emitInstruction(asm: Assembler, mnemonic: string, args: string): void {
  let operands = asm.parseOperands(args, mnemonic).map((o) => mapOperandExprs(o, (e) => asm.values.snapshot(e)));
  operands = literalOperands(asm, mnemonic, operands);
  const frag = instructionFrag(asm);
  const offset = frag.reserve(4);
  const origin = asm.stmt.origin;
  const text = args === '' ? mnemonic : `${mnemonic} ${prettyOperands(args)}`;
  const statement = args === '' ? mnemonic : `${mnemonic} ${args}`;
  frag.pending.push({ kind: 'insn', offset, mnemonic, operands, text, origin, aliases: asm.aliases.snapshot(), features: asm.features, statement });
  const loc = asm.lines.instruction(frag, offset);
  frag.items.push({ kind: 'insn', offset, text, origin, viaInst: false, ...(loc ? { loc } : {}) });
  asm.noteCode();
}

export function emitInst(asm: Assembler, expr: Expr, exprText: string): void {
  const frag = instructionFrag(asm);
  const offset = frag.reserve(4);
  const origin = asm.stmt.origin;
  const snap = asm.values.snapshot(expr);
  const text = `.inst ${exprText}`;
  const loc = asm.lines.instruction(frag, offset);
  frag.items.push({ kind: 'insn', offset, text, origin, viaInst: true, ...(loc ? { loc } : {}) });
  const value = asm.values.tryEvalNow(snap, frag, offset);
  if (value && value.terms.length === 0) writeLE(frag.bytes, offset, 4, value.c);
  else frag.pending.push({ kind: 'inst', offset, expr: snap, text, origin });
  asm.noteCode();
}

const X_REGISTER = /^x([0-9]|[12][0-9]|30|zr)$/;
const W_REGISTER = /^w([0-9]|[12][0-9]|30|zr)$/;

/** `ldr Xt, =expr`: the value goes into the literal pool and the load refers to its entry. */
function literalOperands(asm: Assembler, mnemonic: string, operands: AsmOperand[]): AsmOperand[] {
  const lit = operands.findIndex((o) => o.kind === 'literal');
  if (lit < 0) return operands;
  const first = operands[0];
  const reg = first.kind === 'expr' && first.expr.k === 'sym' ? asm.aliases.resolve(first.expr.name).toLowerCase() : '';
  const size = X_REGISTER.test(reg) ? 8 : W_REGISTER.test(reg) ? 4 : undefined;
  const litOp = operands[lit];
  if (mnemonic !== 'ldr' || lit !== 1 || size === undefined || litOp.kind !== 'literal') {
    return asm.fail(`'=expr' literal operands are only supported as 'ldr Xt, =expr' or 'ldr Wt, =expr'`);
  }
  const frag = asm.openFrag();
  const value = asm.values.tryEvalNow(litOp.expr, frag, frag.size);
  const key = value && value.terms.length === 0 ? `c:${value.c.toString()}` : `e:${JSON.stringify(litOp.expr)}`;
  let entry = asm.pools.find(asm.cur, size, key);
  if (!entry) {
    entry = { size, expr: litOp.expr, key, label: asm.symbols.hiddenName(undefined, undefined, 'literal'), origin: asm.stmt.origin };
    asm.pools.add(asm.cur, entry);
  }
  const out = [...operands];
  out[lit] = { kind: 'expr', expr: { k: 'sym', name: entry.label }, hash: false };
  return out;
}

/** `.ltorg`, or the end of input: writes a subsection's pool (4-byte entries, then 8-byte ones). */
export function flushPool(asm: Assembler, sub: Subsection): void {
  const saved = { cur: asm.cur, prev: asm.prev, stmt: asm.stmt };
  asm.cur = sub;
  for (const group of asm.pools.take(sub)) {
    const pow = group[0].size === 8 ? 3 : 2;
    asm.setTail({ kind: 'align', pow, fill: { value: Long.ZERO, size: 1 }, origin: group[0].origin, directive: '.ltorg' });
    asm.recordAlignment(pow);
    for (const entry of group) {
      const frag = asm.openFrag();
      asm.symbols.placeHidden(entry.label, { kind: 'label', frag, offset: frag.size });
      asm.stmt = { text: saved.stmt.text, origin: entry.origin };
      asm.emitData(entry.size, entry.expr, 'literal pool');
    }
  }
  asm.cur = saved.cur;
  asm.prev = saved.prev;
  asm.stmt = saved.stmt;
}
