// The state diff of `hypsim diff`: the verdict's differences grouped by the point where they
// were checked (each guest exit, after vcpu_put), each named by its field path.
import type { Difference, Verdict } from '../kvm/verdict.js';
import { renderTable } from './table.js';

export interface StatePoint {
  readonly where: string;
  readonly differences: readonly Difference[];
}

/** Register names of a CPU view become paths under the view (`guest.v0`, `host.x19`). */
export function fieldPath(d: Difference): string {
  if (/[.[]/.test(d.field)) return d.field;
  const view = /: guest/.test(d.where) ? 'guest' : /: host/.test(d.where) ? 'host' : '';
  return view ? `${view}.${d.field}` : d.field;
}

export function statePoints(v: Verdict): StatePoint[] {
  const byPoint = new Map<string, Difference[]>();
  for (const d of v.differences) byPoint.set(d.where, [...(byPoint.get(d.where) ?? []), d]);
  return [...byPoint].map(([where, differences]) => ({ where, differences }));
}

export function verdictLines(v: Verdict, limit = 40): string[] {
  if (v.equivalent) {
    return [`Verdict: equivalent — the guest's state at all ${v.checkedExits} exits, the host's state after vcpu_put and the vcpu's saved context are identical.`];
  }
  const points = statePoints(v);
  const out = [`Verdict: NOT equivalent — ${v.differences.length} difference(s) at ${points.length} point(s) (guest exits checked: ${v.checkedExits}):`];
  let shown = 0;
  for (const p of points) {
    if (shown >= limit) break;
    const rows = p.differences.slice(0, limit - shown).map((d) => [fieldPath(d), d.a, d.b]);
    shown += rows.length;
    out.push('', `State diff ${p.where}:`, renderTable([{ header: 'field' }, { header: 'A' }, { header: 'B' }], rows));
  }
  if (v.differences.length > shown) out.push(`  … and ${v.differences.length - shown} more (--format json lists all)`);
  return out;
}

export function verdictJson(v: Verdict): unknown {
  return {
    equivalent: v.equivalent,
    checkedExits: v.checkedExits,
    points: statePoints(v).map((p) => ({ where: p.where, differences: p.differences.map((d) => ({ field: fieldPath(d), a: d.a, b: d.b })) })),
  };
}
