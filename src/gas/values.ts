// Values while parsing: symbol references bound the way gas binds them when a statement is read,
// and evaluation with what is known so far (places in fragments of unknown address stay
// symbolic, so `.if` on label differences works whenever gas's would).
import Long from 'long';
import type { Expr } from '../ir/expr.js';
import type { Assembler } from './assembler.js';
import { EvalError, evaluate, type Resolver } from './evaluate.js';
import { isConstant, type Linear } from './linear.js';
import type { Frag } from './sections.js';
import type { SymDef } from './symbols.js';

const MAX_EVAL_DEPTH = 500;

export class ParseTimeValues {
  private depth = 0;

  constructor(private readonly asm: Assembler) {}

  /**
   * Replaces references to symbols whose current definition is a constant or an expression by
   * that definition, as gas binds them when the statement is read. Labels and places stay names.
   * `captureDot`: `.` becomes a nameless label here (for `.set x, .`).
   */
  snapshot(e: Expr, captureDot = false): Expr {
    switch (e.k) {
      case 'num':
        return e;
      case 'dot': {
        if (!captureDot) return e;
        const frag = this.asm.openFrag();
        return { k: 'sym', name: this.asm.symbols.hiddenName({ kind: 'label', frag, offset: frag.size }) };
      }
      case 'unary': {
        const a = this.snapshot(e.a, captureDot);
        return a === e.a ? e : { k: 'unary', op: e.op, a };
      }
      case 'binary': {
        const a = this.snapshot(e.a, captureDot);
        const b = this.snapshot(e.b, captureDot);
        return a === e.a && b === e.b ? e : { k: 'binary', op: e.op, a, b };
      }
      case 'sym':
        return this.snapshotSymbol(e);
    }
  }

  private snapshotSymbol(e: Expr & { k: 'sym' }): Expr {
    this.asm.symbols.seen(e.name);
    const entry = this.asm.symbols.get(e.name);
    if (!entry) return e;
    if (entry.eqv) {
      const eqv = entry.eqv;
      return this.guarded(e.name, () => this.snapshot(eqv), (msg) => this.asm.fail(msg));
    }
    const v = entry.current;
    if (!v) return e;
    if (v.def.kind === 'label' || v.def.locationLike) return v.refName === e.name ? e : { k: 'sym', name: v.refName };
    return v.def.expr;
  }

  /** Evaluates with what is known now; `.` is the given place (default: the current position). */
  evalNow(e: Expr, dotFrag?: Frag, dotOffset?: number): Linear {
    const snap = this.snapshot(e);
    const frag = dotFrag ?? this.asm.openFrag();
    const offset = dotOffset ?? frag.size;
    return evaluate(snap, this.resolver(frag, offset));
  }

  tryEvalNow(e: Expr, frag: Frag, offset: number): Linear | undefined {
    try {
      return this.evalNow(e, frag, offset);
    } catch (err) {
      if (err instanceof EvalError) return undefined;
      throw err;
    }
  }

  /** A constant now, or an error naming `what`. */
  absolute(e: Expr, what: string): Long {
    let v: Linear;
    try {
      v = this.evalNow(e);
    } catch (err) {
      if (err instanceof EvalError) this.asm.fail(`${what}: ${err.message}`);
      throw err;
    }
    if (!isConstant(v)) this.asm.fail(`${what} must be a constant expression (${describeUnknown(v)} not known here)`);
    return v.c;
  }

  private resolver(dotFrag: Frag, dotOffset: number): Resolver {
    const r: Resolver = {
      symbol: (name) => this.guarded(name, () => this.resolve(name, r)),
      dot: () => placeNow(dotFrag, dotOffset),
    };
    return r;
  }

  private resolve(name: string, r: Resolver): Linear {
    const hidden = this.asm.symbols.lookupHidden(name);
    if (hidden) return hidden.def ? this.definition(hidden.def, r) : undefinedTerm(name);
    const e = this.asm.symbols.get(name);
    if (e?.eqv) return evaluate(e.eqv, r);
    const v = e?.versions[0];
    if (v) return this.definition(v.def, r);
    const start = this.asm.sectionNamed(name)?.subsections.get(0)?.frags[0];
    return start ? placeNow(start, 0) : undefinedTerm(name);
  }

  private definition(def: SymDef, r: Resolver): Linear {
    return def.kind === 'label' ? placeNow(def.frag, def.offset) : evaluate(def.expr, r);
  }

  private guarded<T>(name: string, f: () => T, fail: (message: string) => never = (m) => { throw new EvalError(m); }): T {
    if (++this.depth > MAX_EVAL_DEPTH) {
      this.depth = 0;
      fail(`symbol '${name}' is defined in terms of itself`);
    }
    try {
      return f();
    } finally {
      this.depth = Math.max(0, this.depth - 1);
    }
  }
}

/** A place in a fragment: relative to its subsection when known, else to the fragment itself. */
export function placeNow(frag: Frag, offset: number): Linear {
  return frag.relStart !== undefined
    ? { c: Long.fromNumber(frag.relStart + offset), terms: [{ basis: `sub:${frag.sub.id}`, coef: 1 }] }
    : { c: Long.fromNumber(offset), terms: [{ basis: `frag:${frag.id}`, coef: 1 }] };
}

export function isPlaceBasis(basis: string): boolean {
  return basis.startsWith('sub:') || basis.startsWith('frag:');
}

function undefinedTerm(name: string): Linear {
  return { c: Long.ZERO, terms: [{ basis: `undef:${name}`, coef: 1, via: name, forced: true }] };
}

function describeUnknown(v: Linear): string {
  const names = v.terms.map((t) => (t.basis.startsWith('undef:') ? `'${t.basis.slice(6)}'` : 'a place whose address is not yet fixed'));
  return [...new Set(names)].join(', ');
}
