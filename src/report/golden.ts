// Golden files (fixtures/golden/): for every built-in scenario and corpus variant, the count
// report and the full trace. Shared by the vitest check and by
// `npm run golden:update`, so both produce exactly the same bytes.
import { join } from 'node:path';
import { runScenario, type RunRecord } from '../kvm/runner.js';
import { builtinScenario, builtinScenarioNames } from '../kvm/scenario.js';
import { BUILTIN_VARIANTS, buildVariant } from '../kvm/variants.js';
import { countsText } from './count-format.js';
import { computeCounts } from './counts.js';
import { runRecords } from './records.js';
import { TRACE_FORMAT, TRACE_VERSION, traceText, type TraceHeader } from './trace.js';

export const GOLDEN_DIR = 'fixtures/golden';

/** Every built-in scenario has golden traces (exit-heavy's, 16 round trips, are the largest at under 1 MiB). */
export const GOLDEN_TRACE_SCENARIOS: readonly string[] = builtinScenarioNames();

export interface GoldenCase {
  readonly scenario: string;
  readonly variant: string;
  readonly kind: 'trace' | 'counts';
  /** Path relative to the package root. */
  readonly path: string;
}

export function goldenCases(): GoldenCase[] {
  const out: GoldenCase[] = [];
  for (const scenario of builtinScenarioNames()) {
    for (const variant of Object.keys(BUILTIN_VARIANTS)) {
      out.push({ scenario, variant, kind: 'counts', path: join(GOLDEN_DIR, `${scenario}.${variant}.counts.txt`) });
      if (GOLDEN_TRACE_SCENARIOS.includes(scenario)) out.push({ scenario, variant, kind: 'trace', path: join(GOLDEN_DIR, `${scenario}.${variant}.trace.jsonl`) });
    }
  }
  return out;
}

/** The header `hypsim trace --scenario S --variant V` writes for the built-in corpus. */
export function corpusTraceHeader(scenario: string, variant: string): TraceHeader {
  return { format: TRACE_FORMAT, version: TRACE_VERSION, tree: 'hypsim corpus', patch: BUILTIN_VARIANTS[variant]?.patch ?? null, scenario, variant };
}

export function goldenRun(scenario: string, variant: string): RunRecord {
  return runScenario(buildVariant({ name: variant }).session, builtinScenario(scenario), { trace: true });
}

export function goldenContent(c: GoldenCase, run: RunRecord): string {
  if (c.kind === 'trace') return traceText(runRecords(run), corpusTraceHeader(c.scenario, c.variant));
  return `${countsText(computeCounts(run))}\n`;
}
