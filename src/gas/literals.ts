// Literal pools for `ldr Xt, =expr` / `ldr Wt, =expr`: one pool per subsection and entry size,
// identical entries shared, written at `.ltorg` or at the end of the subsection (4-byte entries
// first, each group aligned to its size with zeros), as gas does.
import type { Expr } from '../ir/expr.js';
import type { Origin } from '../util/diagnostics.js';
import type { Subsection } from './sections.js';

export interface PoolEntry {
  readonly size: 4 | 8;
  readonly expr: Expr;
  readonly key: string;
  /** Hidden symbol naming the entry; placed when the pool is written. */
  readonly label: string;
  readonly origin: Origin;
}

export class LiteralPools {
  private readonly pools = new Map<Subsection, PoolEntry[]>();

  find(sub: Subsection, size: 4 | 8, key: string): PoolEntry | undefined {
    return this.pools.get(sub)?.find((e) => e.size === size && e.key === key);
  }

  add(sub: Subsection, entry: PoolEntry): void {
    let list = this.pools.get(sub);
    if (!list) {
      list = [];
      this.pools.set(sub, list);
    }
    list.push(entry);
  }

  /** Removes and returns the entries of a subsection's pool, grouped by size (4 first). */
  take(sub: Subsection): PoolEntry[][] {
    const list = this.pools.get(sub) ?? [];
    this.pools.delete(sub);
    return [list.filter((e) => e.size === 4), list.filter((e) => e.size === 8)].filter((g) => g.length > 0);
  }

  /** Subsections with entries still waiting, in the order their pools were started. */
  waiting(): Subsection[] {
    return [...this.pools.keys()];
  }
}
