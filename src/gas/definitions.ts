// Defining symbols: labels (a label may be repeated at the same place, as gas allows), and
// `.set`/`.equ`/`.equiv`/`.eqv`, where every redefinition is a new version of the symbol.
import type { Expr } from '../ir/expr.js';
import type { Assembler } from './assembler.js';
import type { SymDef, SymbolEntry } from './symbols.js';
import { isPlaceBasis } from './values.js';

export class Definitions {
  constructor(private readonly asm: Assembler) {}

  label(label: string): void {
    const asm = this.asm;
    const name = /^[0-9]/.test(label) ? asm.locals.define(label) : label;
    const e = asm.symbols.entry(name);
    const frag = asm.openFrag();
    const def: SymDef = { kind: 'label', frag, offset: frag.size };
    e.firstOrigin ??= asm.stmt.origin;
    const v = e.current;
    if (v) {
      if (v.def.kind === 'label' && samePlace(v.def, def)) return;
      asm.fail(`symbol '${name}' is already defined`);
    }
    e.versions.push({ def, refName: name, origin: asm.stmt.origin });
    asm.lines.label(frag, def.offset);
  }

  assign(name: string, exprText: string, kind: 'set' | 'equiv' | 'eqv'): void {
    const asm = this.asm;
    const e = asm.symbols.entry(name);
    e.firstOrigin ??= asm.stmt.origin;
    const cur = e.current;
    if (cur && (cur.def.kind === 'label' || kind === 'equiv' || e.equiv)) asm.fail(`symbol '${name}' is already defined`);
    if (kind === 'equiv') e.equiv = true;
    const raw = asm.parseExpr(exprText);
    if (kind === 'eqv') {
      e.eqv = raw;
      e.versions.push({ def: { kind: 'expr', expr: raw, locationLike: false }, refName: name, origin: asm.stmt.origin });
      return;
    }
    e.eqv = undefined;
    const def = this.definition(asm.values.snapshot(raw, true));
    const refName = e.versions.length === 0 || def.kind !== 'expr' || !def.locationLike ? name : asm.symbols.hiddenName(def, e);
    e.versions.push({ def, refName, origin: asm.stmt.origin });
    if (def.kind === 'expr' && def.locationLike) copyAttributes(asm, e, def.expr);
  }

  /** A constant when it already is one; a place in a section keeps references by name. */
  private definition(expr: Expr): SymDef {
    const frag = this.asm.openFrag();
    const value = this.asm.values.tryEvalNow(expr, frag, frag.size);
    if (value && value.terms.length === 0) return { kind: 'expr', expr: { k: 'num', v: value.c }, locationLike: false };
    const t = value?.terms.length === 1 ? value.terms[0] : undefined;
    return { kind: 'expr', expr, locationLike: t !== undefined && t.coef === 1 && isPlaceBasis(t.basis) };
  }

  /** A symbol named by a directive (`.globl`, `.type`, …): it belongs in the symbol table. */
  mention(name: string): SymbolEntry {
    const e = this.asm.symbols.entry(name);
    e.mentioned = true;
    e.firstOrigin ??= this.asm.stmt.origin;
    return e;
  }
}

/** `.set alias, sym`: like gas, the alias takes the type and size `sym` has at this point. */
function copyAttributes(asm: Assembler, e: SymbolEntry, expr: Expr): void {
  const base = expr.k === 'binary' && (expr.op === '+' || expr.op === '-') && expr.b.k === 'num' ? expr.a : expr;
  if (base.k !== 'sym') return;
  const src = asm.symbols.get(base.name);
  if (!src) return;
  if (src.type !== 'notype') e.type = src.type;
  if (src.size) e.size = src.size;
}

function samePlace(a: SymDef & { kind: 'label' }, b: SymDef & { kind: 'label' }): boolean {
  if (a.frag === b.frag) return a.offset === b.offset;
  return a.frag.sub === b.frag.sub && a.frag.relStart !== undefined && b.frag.relStart !== undefined && a.frag.relStart + a.offset === b.frag.relStart + b.offset;
}
