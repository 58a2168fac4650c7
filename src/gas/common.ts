// `.comm`, `.lcomm` and `.ident`, as GNU as does them for ELF. `.comm NAME, SIZE[, ALIGN]` makes
// a common symbol (SHN_COMMON, value = alignment), or, for a symbol named by `.local` first,
// space in .bss; `.lcomm NAME, SIZE` always takes .bss space. Both put that space in .bss
// subsection 1. `.ident "text"` appends a string to .comment (mergeable strings, first byte 0).
import Long from 'long';
import type { Assembler } from './assembler.js';
import { splitTop } from './cfi.js';
import { readName } from './macros.js';
import { ParseError, decodeEscapes, tokenize } from './parser.js';

/** gas's default alignment of a common symbol: the size rounded up to a power of two, at most 16. */
function defaultCommonAlign(size: number): number {
  let a = 1;
  while (a < size && a < 16) a *= 2;
  return a;
}

/** gas's natural alignment (log2) of `.lcomm` space: the largest power of two ≤ size, at most 8. */
function lcommAlignPow(size: number): number {
  return size >= 8 ? 3 : size >= 4 ? 2 : size >= 2 ? 1 : 0;
}

function nameAndSize(asm: Assembler, args: string, directive: string): { name: string; size: number; rest: string[] } {
  const parts = splitTop(args);
  const raw = parts[0] ?? '';
  const name = /^"[^"]*"$/.test(raw) ? raw.slice(1, -1) : readName(raw, 0);
  if (name === '' || (raw[0] !== '"' && name.length !== raw.length)) asm.fail(`expected a symbol name in ${directive}, got '${raw}'`);
  if (parts[1] === undefined || parts[1] === '') asm.fail(`missing size expression in ${directive}`);
  const size = asm.values.absolute(asm.parseExpr(parts[1]), `${directive} size`);
  if (size.isNegative()) asm.fail(`${directive} size is negative`);
  return { name, size: size.toNumber(), rest: parts.slice(2) };
}

/** Space for `name` at the end of .bss subsection 1, aligned to 2^pow. */
function allocateBss(asm: Assembler, name: string, size: number, pow: number, directive: string): void {
  const saved = asm.cur;
  asm.cur = asm.subsection(asm.section('.bss'), 1);
  if (pow > 0) {
    asm.recordAlignment(pow);
    asm.setTail({ kind: 'align', pow, origin: asm.stmt.origin, directive });
  }
  asm.defs.label(name);
  asm.emitFill(size, 0, directive);
  asm.cur = saved;
  const e = asm.defs.mention(name);
  e.type = 'object';
  e.size = { expr: { k: 'num', v: Long.fromNumber(size) }, origin: asm.stmt.origin };
}

export function comm(asm: Assembler, args: string): void {
  const { name, size, rest } = nameAndSize(asm, args, '.comm');
  if (rest.length > 1) asm.fail(`junk at end of line in .comm: '${rest.slice(1).join(', ')}'`);
  let align = rest[0] === undefined || rest[0] === '' ? 0 : asm.values.absolute(asm.parseExpr(rest[0]), '.comm alignment').toNumber();
  if (align < 0) {
    asm.warn('negative alignment');
    align = 0;
  }
  const e = asm.symbols.get(name);
  if (e?.defined) asm.fail(`symbol \`${name}' is already defined`);
  if (e?.localDirective) {
    if (align !== 0 && (align & (align - 1)) !== 0) asm.fail('alignment not a power of 2');
    allocateBss(asm, name, size, align === 0 ? 0 : Math.log2(align), '.comm');
    return;
  }
  const entry = asm.defs.mention(name);
  const old = entry.common;
  if (old && old.size !== size) asm.warn(`size of "${name}" is already ${old.size}; not changing to ${size}`);
  const kept = old?.size ?? size;
  entry.common = { size: kept, align: align !== 0 ? align : old?.align ?? defaultCommonAlign(kept) };
  entry.type = 'object';
  entry.size = { expr: { k: 'num', v: Long.fromNumber(kept) }, origin: asm.stmt.origin };
}

export function lcomm(asm: Assembler, args: string): void {
  const { name, size, rest } = nameAndSize(asm, args, '.lcomm');
  if (rest.length > 0) asm.fail(`junk at end of line in .lcomm: '${rest.join(', ')}'`);
  if (asm.symbols.get(name)?.defined) asm.fail(`symbol \`${name}' is already defined`);
  allocateBss(asm, name, size, lcommAlignPow(size), '.lcomm');
}

export function ident(asm: Assembler, args: string): void {
  let tokens;
  try {
    tokens = tokenize(args);
  } catch (e) {
    if (e instanceof ParseError) asm.fail(`.ident expects a string: ${e.message}`);
    throw e;
  }
  const strings = tokens.filter((t) => t.tokenType.name !== 'Comma');
  if (strings.length === 0 || strings.some((t) => t.tokenType.name !== 'StringLit')) asm.fail(`.ident expects string literals, got '${args.trim()}'`);
  const saved = asm.cur;
  const existing = asm.sectionNamed('.comment');
  asm.cur = asm.subsection(existing ?? asm.section('.comment', 'MS', 'progbits', 1), 0);
  if (!existing) asm.emitBytes([0], '.ident');
  for (const t of strings) asm.emitBytes([...decodeEscapes(t.image.slice(1, -1)), 0], '.ident');
  asm.cur = saved;
}
