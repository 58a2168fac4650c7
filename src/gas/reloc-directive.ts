// `.reloc OFFSET, TYPE[, EXPR]`: a relocation of a named type at a place, the bytes there left
// alone. OFFSET is a constant (from the start of the current section) or a place in a section;
// TYPE is R_AARCH64_<name> (any case) or BFD_RELOC_{NONE,16,32,64}; EXPR a symbol (+ constant)
// or a constant. Resolved after layout (finalize.ts), where gas resolves it.
import { RELOC_NUMBERS, type RelocType } from '../ir/relocs.js';
import type { Assembler } from './assembler.js';
import { splitTop } from './cfi.js';

const BFD_NAMES: Readonly<Record<string, RelocType>> = { NONE: 'NONE', 16: 'ABS16', 32: 'ABS32', 64: 'ABS64' };

export function relocTypeNamed(name: string): RelocType | undefined {
  const upper = name.toUpperCase();
  if (upper.startsWith('BFD_RELOC_')) return BFD_NAMES[upper.slice(10)];
  if (!upper.startsWith('R_AARCH64_')) return undefined;
  const short = upper.slice(10);
  return Object.hasOwn(RELOC_NUMBERS, short) ? (short as RelocType) : undefined;
}

export function relocDirective(asm: Assembler, args: string): void {
  const parts = splitTop(args);
  if (parts.length < 2 || parts.length > 3 || parts.some((p) => p === '')) asm.fail(`.reloc takes OFFSET, TYPE[, EXPRESSION], got '${args.trim()}'`);
  const type = relocTypeNamed(parts[1]);
  if (!type) asm.fail(`unrecognized reloc type '${parts[1]}' (hypsim knows R_AARCH64_${Object.keys(RELOC_NUMBERS).join(', R_AARCH64_')})`);
  const frag = asm.openFrag();
  const where = asm.values.snapshot(asm.parseExpr(parts[0]));
  const expr = parts[2] === undefined ? undefined : asm.values.snapshot(asm.parseExpr(parts[2]));
  frag.pending.push({ kind: 'reloc', offset: frag.size, where, type, ...(expr ? { expr } : {}), origin: asm.stmt.origin });
}
