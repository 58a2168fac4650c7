// The trace alignment of `hypsim diff` (trace-align.ts) as page data: per step the aligned
// entries as runs of consecutive code numbers, the changed stretches with their summaries, and
// which earlier step a step's changes repeat.
import { repeatedSteps, stretches, type AlignOp, type StepAlignment } from '../trace-align.js';
import type { CodeTable } from './code-table.js';
import type { Op, TraceData, TraceStep } from './data.js';

const OPS: Record<AlignOp, Op> = { ' ': 0, '-': 1, '+': 2 };

function stepData(s: StepAlignment, code: CodeTable, sameAs: number | undefined): TraceStep {
  const runs: Array<[Op, number, number]> = [];
  for (const e of s.entries) {
    const op = OPS[e.op];
    const c = code.index(e.insn.info, e.op === '+' ? 1 : 0);
    const last = runs.at(-1);
    if (last && last[0] === op && last[1] + last[2] === c) last[2]++;
    else runs.push([op, c, 1]);
  }
  return {
    step: s.step,
    label: s.label,
    aCount: s.aCount,
    bCount: s.bCount,
    runs,
    stretches: stretches(s).map((x) => [OPS[x.op], x.from, x.to, x.summary] as const),
    ...(sameAs === undefined ? {} : { sameAs }),
  };
}

export function traceData(steps: readonly StepAlignment[], code: CodeTable, context: number): TraceData {
  const repeats = repeatedSteps(steps);
  return { context, steps: steps.map((s, i) => stepData(s, code, repeats[i])) };
}
