// Trace throughput for `npm run bench`: the traced run of the default scenario, turning its
// events into records and into JSON Lines, per second of wall time.
import { runScenario } from '../src/kvm/runner.js';
import { builtinScenario, DEFAULT_SCENARIO } from '../src/kvm/scenario.js';
import { buildVariant } from '../src/kvm/variants.js';
import { corpusTraceHeader } from '../src/report/golden.js';
import { runRecords } from '../src/report/records.js';
import { traceText } from '../src/report/trace.js';

export interface TraceRow {
  readonly what: string;
  readonly value: string;
}

function best(times: number, fn: () => void): number {
  let min = Infinity;
  for (let i = 0; i < times; i++) {
    const t = performance.now();
    fn();
    min = Math.min(min, performance.now() - t);
  }
  return min;
}

export function benchTrace(): TraceRow[] {
  const scenario = builtinScenario(DEFAULT_SCENARIO);
  let insns = 0;
  let bytes = 0;
  const run = best(5, () => {
    insns = runScenario(buildVariant({ name: 'original' }).session, scenario, { trace: true }).totalInstructions;
  });
  const build = best(5, () => buildVariant({ name: 'original' }));
  const rec = runScenario(buildVariant({ name: 'original' }).session, scenario, { trace: true });
  const write = best(5, () => {
    // A fresh copy of the run, so the records are built each time (they are cached per run).
    bytes = traceText(runRecords({ ...rec }), corpusTraceHeader(DEFAULT_SCENARIO, 'original')).length;
  });
  const rate = (ms: number) => `${((insns / ms) * 1000 / 1e6).toFixed(2)} M insn/s`;
  return [
    { what: `trace: traced run of '${DEFAULT_SCENARIO}' (${insns} insns, world built outside)`, value: rate(Math.max(run - build, 0.001)) },
    { what: `trace: records + JSON Lines (${Math.round(bytes / 1024)} KB)`, value: rate(write) },
  ];
}
