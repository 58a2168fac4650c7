// Expression values as gas sees them: a constant plus a linear combination of unknown bases
// (section start addresses, undefined symbols, or while still parsing: fragments whose address
// is not known yet). Differences of labels in the same base cancel to constants.
import Long from 'long';

export interface Term {
  readonly basis: string;
  readonly coef: number;
  /** The symbol that contributed this term; a relocation may have to name it. */
  readonly via?: string;
  /** `via` is global, weak or undefined: it must stay named in a relocation. */
  readonly forced?: boolean;
}

export interface Linear {
  readonly c: Long;
  readonly terms: readonly Term[];
}

export const constant = (c: Long): Linear => ({ c, terms: [] });

export function isConstant(v: Linear): boolean {
  return v.terms.length === 0;
}

/** Which contributor names a merged term: a forced symbol first, else the first positive one. */
function namer(prev: Term, next: Term): Term {
  if (prev.forced && prev.coef > 0) return prev;
  if (next.coef > 0 && (next.forced || prev.via === undefined || prev.coef <= 0)) return next;
  return prev;
}

export function addLinear(a: Linear, b: Linear, sign: 1 | -1): Linear {
  if (b.terms.length === 0) return { c: sign === 1 ? a.c.add(b.c) : a.c.subtract(b.c), terms: a.terms };
  const terms: Term[] = [...a.terms];
  for (const t of b.terms) {
    const i = terms.findIndex((x) => x.basis === t.basis);
    const next: Term = { ...t, coef: sign * t.coef };
    if (i < 0) terms.push(next);
    else {
      const prev = terms[i];
      const { via, forced } = namer(prev, next);
      terms[i] = { basis: prev.basis, coef: prev.coef + next.coef, ...(via !== undefined ? { via } : {}), ...(forced ? { forced } : {}) };
    }
  }
  return { c: sign === 1 ? a.c.add(b.c) : a.c.subtract(b.c), terms: terms.filter((t) => t.coef !== 0) };
}

export function scaleLinear(a: Linear, k: Long): Linear {
  if (k.isZero()) return constant(Long.ZERO);
  const n = k.toNumber();
  return { c: a.c.multiply(k), terms: a.terms.map((t) => ({ ...t, coef: t.coef * n })) };
}
