// Scenarios: what the host does with one vcpu — vcpu_load, runs with a guest workload and an
// exit kind, host activity between runs, vcpu_put. Written as YAML or JSON; built-in ones by name.
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { HypsimError } from '../util/diagnostics.js';

export type ExitKind = 'hvc' | 'mmio' | 'irq';

/** Guest work before the exit: integer loop iterations and FP/SIMD loop iterations. */
export interface GuestWork {
  readonly compute: number;
  readonly fpsimd: number;
}

export type Step =
  | { readonly kind: 'vcpu_load' }
  | { readonly kind: 'vcpu_put' }
  | { readonly kind: 'run'; readonly work: GuestWork; readonly exit: ExitKind; readonly irqAfter: number }
  | { readonly kind: 'host_fpsimd'; readonly seed: bigint };

export interface Scenario {
  readonly name: string;
  readonly description: string;
  readonly steps: readonly Step[];
  /** Where the scenario came from: `built-in` or a file path as given. */
  readonly source: string;
}

const DEFAULT_IRQ_AFTER = 16;

function fail(source: string, message: string): never {
  throw new HypsimError(`${source}: scenario: ${message}`);
}

function count(source: string, v: unknown, what: string): number {
  if (v === undefined) return 0;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 1_000_000) fail(source, `${what} must be an integer between 0 and 1000000`);
  return v;
}

function parseRun(source: string, body: Record<string, unknown>): Step {
  const exit = body.exit ?? 'hvc';
  if (exit !== 'hvc' && exit !== 'mmio' && exit !== 'irq') fail(source, `run.exit must be hvc, mmio or irq, not '${String(exit)}'`);
  const work = (body.work ?? {}) as Record<string, unknown>;
  return {
    kind: 'run',
    work: { compute: count(source, work.compute, 'run.work.compute'), fpsimd: count(source, work.fpsimd, 'run.work.fpsimd') },
    exit,
    irqAfter: body.irq_after === undefined ? DEFAULT_IRQ_AFTER : count(source, body.irq_after, 'run.irq_after'),
  };
}

function parseStep(source: string, raw: unknown, out: Step[], depth = 0): void {
  if (raw === 'vcpu_load' || raw === 'vcpu_put') {
    out.push({ kind: raw });
    return;
  }
  if (typeof raw !== 'object' || raw === null || Object.keys(raw).length !== 1) {
    fail(source, `each step is 'vcpu_load', 'vcpu_put', or a one-key map (run, host_fpsimd, repeat); got ${JSON.stringify(raw)}`);
  }
  const [key, body] = Object.entries(raw as Record<string, unknown>)[0];
  if (key === 'run') out.push(parseRun(source, (body ?? {}) as Record<string, unknown>));
  else if (key === 'host_fpsimd') out.push({ kind: 'host_fpsimd', seed: BigInt(typeof body === 'number' || typeof body === 'string' ? body : 0x600d) });
  else if (key === 'repeat') {
    const b = body as { times?: unknown; steps?: unknown };
    const times = count(source, b?.times, 'repeat.times');
    if (!Array.isArray(b?.steps) || depth > 4) fail(source, 'repeat needs times and a list of steps (nesting up to 4 deep)');
    for (let i = 0; i < times; i++) for (const s of b.steps) parseStep(source, s, out, depth + 1);
  } else fail(source, `unknown step '${key}' (expected run, host_fpsimd, repeat, vcpu_load, vcpu_put)`);
}

export function parseScenario(text: string, source: string): Scenario {
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (e) {
    fail(source, `not valid YAML/JSON: ${(e as Error).message.split('\n')[0]}`);
  }
  const d = doc as { name?: unknown; description?: unknown; steps?: unknown };
  if (typeof d !== 'object' || d === null || !Array.isArray(d.steps)) fail(source, 'expected a map with name, description and steps');
  const steps: Step[] = [];
  for (const s of d.steps) parseStep(source, s, steps);
  if (steps.length > 100_000) fail(source, 'more than 100000 steps');
  validateOrder(source, steps);
  return { name: String(d.name ?? source), description: String(d.description ?? ''), steps, source };
}

/** Runs happen between vcpu_load and vcpu_put, like KVM_RUN inside a vcpu's residency. */
function validateOrder(source: string, steps: readonly Step[]): void {
  let loaded = false;
  for (const s of steps) {
    if (s.kind === 'vcpu_load') {
      if (loaded) fail(source, 'vcpu_load while the vcpu is already loaded');
      loaded = true;
    } else if (s.kind === 'vcpu_put') {
      if (!loaded) fail(source, 'vcpu_put without vcpu_load');
      loaded = false;
    } else if (s.kind === 'run' && !loaded) fail(source, 'run outside vcpu_load … vcpu_put');
  }
  if (loaded) fail(source, 'the scenario ends with the vcpu still loaded (add vcpu_put)');
}

const BUILTIN: Record<string, string> = {
  'round-trip': `
name: round-trip
description: One vcpu residency with one guest entry that computes, touches FP/SIMD and exits with an hvc.
steps:
  - vcpu_load
  - run: { work: { compute: 20, fpsimd: 4 }, exit: hvc }
  - vcpu_put
`,
  exits: `
name: exits
description: Every exit kind (hvc, MMIO data abort, IRQ), with and without guest FP/SIMD use, in one residency.
steps:
  - vcpu_load
  - run: { work: { compute: 10 }, exit: hvc }
  - run: { work: { compute: 10, fpsimd: 2 }, exit: hvc }
  - run: { work: { compute: 5 }, exit: mmio }
  - run: { work: { fpsimd: 2 }, exit: mmio }
  - run: { work: { compute: 5 }, exit: irq, irq_after: 12 }
  - run: { work: { fpsimd: 1 }, exit: irq, irq_after: 30 }
  - vcpu_put
`,
  'exit-heavy': `
name: exit-heavy
description: 'An I/O-bound guest, hackbench-like: 16 short runs per residency, a quarter of them using FP/SIMD.'
steps:
  - vcpu_load
  - repeat:
      times: 4
      steps:
        - run: { work: { compute: 4 }, exit: hvc }
        - run: { work: { compute: 2 }, exit: mmio }
        - run: { work: { compute: 4, fpsimd: 1 }, exit: hvc }
        - run: { work: { compute: 1 }, exit: irq, irq_after: 8 }
  - vcpu_put
`,
  'fpsimd-hazard': `
name: fpsimd-hazard
description: "The RFC's known hazard: host code uses FP/SIMD between vcpu_load and vcpu_put without saving the registers first."
steps:
  - vcpu_load
  - run: { work: { compute: 4, fpsimd: 2 }, exit: hvc }
  - host_fpsimd: 0x5eed
  - run: { work: { compute: 4, fpsimd: 2 }, exit: hvc }
  - vcpu_put
`,
};

export const DEFAULT_SCENARIO = 'exits';

export function builtinScenarioNames(): string[] {
  return Object.keys(BUILTIN);
}

export function builtinScenario(name: string): Scenario {
  const text = BUILTIN[name];
  if (!text) throw new HypsimError(`no built-in scenario '${name}' (built-in: ${builtinScenarioNames().join(', ')})`, undefined, 'usage');
  return { ...parseScenario(text, `built-in:${name}`), source: 'built-in' };
}

/** A built-in name, or a path to a .yaml/.yml/.json file. */
export function loadScenario(nameOrPath: string | undefined): Scenario {
  const which = nameOrPath ?? DEFAULT_SCENARIO;
  if (BUILTIN[which]) return builtinScenario(which);
  if (!/\.(ya?ml|json)$/.test(which)) return builtinScenario(which);
  let text: string;
  try {
    text = readFileSync(which, 'utf8');
  } catch {
    throw new HypsimError(`${which}: cannot read scenario file`, undefined, 'usage');
  }
  return parseScenario(text, which);
}

export function describeStep(s: Step): string {
  switch (s.kind) {
    case 'vcpu_load':
    case 'vcpu_put':
      return s.kind;
    case 'host_fpsimd':
      return `host uses FP/SIMD (seed 0x${s.seed.toString(16)})`;
    case 'run': {
      const work = [s.work.compute ? `compute ${s.work.compute}` : '', s.work.fpsimd ? `fpsimd ${s.work.fpsimd}` : ''].filter(Boolean).join(', ');
      return `run (${work || 'no work'}) → ${s.exit}${s.exit === 'irq' ? ` after ${s.irqAfter}` : ''}`;
    }
  }
}
