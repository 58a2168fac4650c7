// Observational equivalence of two runs of the same scenario: at every guest exit the guest's
// architectural state, and after vcpu_put the host's state and the vcpu's saved context, must be
// equal. Every difference names the step, the field and both values.
import { fieldValue, guestFields, hostFields, type CpuField } from './cpu-view.js';
import type { RunRecord } from './runner.js';

export interface Difference {
  /** `run 3 (… → hvc): guest at exit`, `after vcpu_put: host`, `after vcpu_put: vcpu.ctxt`. */
  readonly where: string;
  readonly field: string;
  readonly a: string;
  readonly b: string;
}

export interface Verdict {
  readonly equivalent: boolean;
  readonly differences: readonly Difference[];
  /** Number of guest exits and fields compared, for the report. */
  readonly checkedExits: number;
}

function compareFields(where: string, fields: readonly CpuField[], a: Uint32Array, b: Uint32Array, out: Difference[]): void {
  for (const f of fields) {
    const va = fieldValue(a, f);
    const vb = fieldValue(b, f);
    if (va !== vb) out.push({ where, field: f.name, a: va, b: vb });
  }
}

function hex64(bytes: Uint8Array, at: number): string {
  let s = '';
  for (let i = Math.min(at + 7, bytes.length - 1); i >= at; i--) s += bytes[i].toString(16).padStart(2, '0');
  return `0x${s}`;
}

function compareSavedContext(a: RunRecord, b: RunRecord, out: Difference[]): void {
  const { object, path } = a.session.savedContext;
  const world = a.session.world;
  const base = world.addressOf(object, path);
  const len = Math.min(a.savedContext.length, b.savedContext.length);
  for (let off = 0; off < len; off += 8) {
    let same = true;
    for (let i = off; i < Math.min(off + 8, len); i++) if (a.savedContext[i] !== b.savedContext[i]) same = false;
    if (!same) out.push({ where: `after vcpu_put: ${object}.${path}`, field: world.describe(base + BigInt(off)), a: hex64(a.savedContext, off), b: hex64(b.savedContext, off) });
  }
}

export function compareRuns(a: RunRecord, b: RunRecord): Verdict {
  const out: Difference[] = [];
  const gFields = guestFields(a.session.world.machine);
  let checkedExits = 0;
  a.steps.forEach((sa, i) => {
    const sb = b.steps[i];
    if (sa.step.kind !== 'run' || !sb) return;
    const ea = sa.guestExceptions.at(-1);
    const eb = sb.guestExceptions.at(-1);
    const where = `step ${i + 1} ${sa.label}: guest at exit`;
    if (!ea || !eb) {
      if (ea !== eb) out.push({ where, field: 'exit', a: ea ? 'exited' : 'no guest exit', b: eb ? 'exited' : 'no guest exit' });
      return;
    }
    checkedExits++;
    if (ea.pc !== eb.pc) out.push({ where, field: 'pc', a: `0x${ea.pc.toString(16)}`, b: `0x${eb.pc.toString(16)}` });
    if (sa.exit !== sb.exit) out.push({ where, field: 'exit', a: sa.exit ?? '-', b: sb.exit ?? '-' });
    compareFields(where, gFields, ea.words, eb.words, out);
  });
  compareFields('after vcpu_put: host', hostFields(a.session.world.machine), a.hostAfterPut, b.hostAfterPut, out);
  compareSavedContext(a, b, out);
  return { equivalent: out.length === 0, differences: out, checkedExits };
}
