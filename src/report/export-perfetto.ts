// `--export perfetto FILE`: Chrome trace-event JSON (opens in Perfetto and chrome://tracing).
// The time axis is the instruction count (1 instruction = 1 µs of display time). One track
// holds a slice per scenario step and, nested inside, a slice per function call. Calls come
// from the control flow: bl/blr and exception entry open a frame that ends when execution
// reaches its return address (ret, eret); a change of function without either (a tail branch,
// an eret into the guest) replaces the innermost frame. Every frame closes by the end of its
// step, so slices nest.
import type { InsnRecord, RunRecords } from './records.js';

export interface TraceEvent {
  readonly name: string;
  readonly cat?: string;
  /** X: a complete slice; i: an instant (a scenario step that ran no instruction); M: metadata. */
  readonly ph: 'X' | 'i' | 'M';
  /** Scope of an instant: the thread. */
  readonly s?: 't';
  readonly ts?: number;
  readonly dur?: number;
  readonly pid: number;
  readonly tid?: number;
  readonly args?: Record<string, string | number>;
}

interface Frame {
  name: string;
  start: number;
  readonly returnTo?: bigint;
  readonly el: number;
}

const PID = 1;
const TID = 1;

const isCall = (r: InsnRecord) => r.info !== undefined && /^blr?\s/.test(r.info.disasm);

class CallStack {
  private readonly frames: Frame[] = [];
  constructor(private readonly out: TraceEvent[]) {}

  private close(f: Frame, end: number): void {
    this.out.push({ name: f.name, cat: 'function', ph: 'X', ts: f.start, dur: end - f.start, pid: PID, tid: TID, args: { EL: f.el, depth: this.frames.length } });
  }

  closeAll(at: number): void {
    while (this.frames.length) this.close(this.pop(), at);
  }

  private pop(): Frame {
    const f = this.frames[this.frames.length - 1];
    this.frames.length--;
    return f;
  }

  push(name: string, at: number, el: number, returnTo?: bigint): void {
    this.frames.push({ name, start: at, el, ...(returnTo !== undefined ? { returnTo } : {}) });
  }

  /** Ends every frame down to (and including) the one returning to `pc`; false if none does. */
  returnTo(pc: bigint, at: number): boolean {
    let i = this.frames.length - 1;
    while (i >= 0 && this.frames[i].returnTo !== pc) i--;
    if (i < 0) return false;
    while (this.frames.length > i) this.close(this.pop(), at);
    return true;
  }

  /** The innermost frame becomes `name` (a tail branch); opens one when the stack is empty. */
  enter(name: string, at: number, el: number): void {
    const top = this.frames.at(-1);
    if (top?.name === name) return;
    if (top) {
      this.close(this.pop(), at);
      this.frames.push({ name, start: at, el, ...(top.returnTo !== undefined ? { returnTo: top.returnTo } : {}) });
    } else this.push(name, at, el);
  }
}

export function perfettoEvents(recs: RunRecords, title: string): TraceEvent[] {
  const out: TraceEvent[] = [
    { name: 'process_name', ph: 'M', pid: PID, args: { name: title } },
    { name: 'thread_name', ph: 'M', pid: PID, tid: TID, args: { name: 'CPU 0 (instruction count as time)' } },
  ];
  let t = 0;
  for (const s of recs.steps) {
    const start = t;
    const stack = new CallStack(out);
    let pendingReturn: bigint | undefined;
    let pending = false;
    for (let k = s.events[0]; k < s.events[1]; k++) {
      const r = recs.insns[k];
      const take = r.exceptions.find((x) => x.type === 'take');
      if (!r.info) {
        if (take) [pending, pendingReturn] = [true, take.returnAddress];
        continue;
      }
      if (recs.run.events[k].step === 1) {
        stack.closeAll(t);
        pending = false;
      }
      if (pending) stack.push(r.info.function, t, r.el, pendingReturn);
      else {
        stack.returnTo(r.pc, t);
        stack.enter(r.info.function, t, r.el);
      }
      pending = false;
      t++;
      if (take) [pending, pendingReturn] = [true, take.returnAddress];
      else if (isCall(r)) [pending, pendingReturn] = [true, r.pc + 4n];
    }
    stack.closeAll(t);
    const args = { step: s.index + 1, instructions: t - start, ...(s.exit ? { exit: s.exit } : {}) };
    if (t === start) out.push({ name: s.label, cat: 'scenario step', ph: 'i', s: 't', ts: start, pid: PID, tid: TID, args });
    else out.push({ name: s.label, cat: 'scenario step', ph: 'X', ts: start, dur: t - start, pid: PID, tid: TID, args });
  }
  return sortForNesting(out);
}

/** Metadata first, then by start time, enclosing slices (longer, or outer) before the ones inside. */
function sortForNesting(events: TraceEvent[]): TraceEvent[] {
  const depth = (e: TraceEvent) => (e.ph === 'M' ? -2 : e.cat === 'scenario step' ? -1 : Number(e.args?.depth ?? 0));
  const meta = events.filter((e) => e.ph === 'M');
  const slices = events.filter((e) => e.ph !== 'M');
  slices.sort((x, y) => (x.ts ?? 0) - (y.ts ?? 0) || (y.dur ?? 0) - (x.dur ?? 0) || depth(x) - depth(y));
  return [...meta, ...slices];
}

export function perfettoJson(recs: RunRecords, title: string): string {
  const events = perfettoEvents(recs, title);
  return `{"displayTimeUnit":"ns","traceEvents":[\n${events.map((e) => JSON.stringify(e)).join(',\n')}\n]}\n`;
}
