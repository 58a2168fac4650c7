// The cpucaps the hypervisor names, decided for one CPU as the kernel decides them: the feature
// and errata tables, the Spectre state, and the numbers the tree gives each cap. A cap the tables
// do not decide is an error naming it.
import { HypsimError } from '../util/diagnostics.js';
import { decideRow, evaluateRule, type CapContext, type CapRow, type CapRule, type Decision } from './cap-rules.js';
import { CPU_FEATURES } from './cpu-features.js';
import { readCpuRegister, type BootCpu } from './cpu.js';
import { ERRATA } from './errata.js';
import type { BootHost } from './host.js';
import { spectreState } from './spectre.js';
import type { BootTree } from './tree.js';

export interface CapDecision extends Decision {
  readonly name: string;
  readonly number: number;
  readonly table: 'feature' | 'erratum';
}

const ROWS = new Map<string, { row: CapRow; table: CapDecision['table'] }>([
  ...CPU_FEATURES.map((row) => [row.cap, { row, table: 'feature' as const }] as const),
  ...ERRATA.map((row) => [row.cap, { row, table: 'erratum' as const }] as const),
]);

/** The caps hypsim's tables can decide. */
export const DECIDABLE_CAPS: readonly string[] = [...ROWS.keys()];

export function capContext(tree: BootTree, cpu: BootCpu, host: BootHost): CapContext {
  const midr = Number(readCpuRegister(cpu, tree.fields, 'MIDR_EL1'));
  const base = { cpu, fields: tree.fields, config: tree.config, models: tree.models, midr, host };
  return { ...base, spectre: spectreState(base) };
}

export function decideCap(name: string, ctx: CapContext, tree: BootTree): CapDecision {
  const entry = ROWS.get(name);
  if (entry === undefined) throw new HypsimError(`boot: hypsim does not know how the kernel decides ${name}`);
  const number = tree.caps.byName.get(name);
  if (number === undefined) throw new HypsimError(`boot: ${tree.caps.header} has no ${name}`);
  return { name, number, table: entry.table, ...decideRow(entry.row, ctx) };
}

/** Decides every cap by number; all caps the tables cannot decide are named in one error. */
export function decideCaps(numbers: Iterable<number>, ctx: CapContext, tree: BootTree): Map<number, CapDecision> {
  const out = new Map<number, CapDecision>();
  const unknown: string[] = [];
  for (const n of [...new Set(numbers)].sort((a, b) => a - b)) {
    const name = tree.caps.byNumber.get(n);
    if (name === undefined) throw new HypsimError(`boot: cap number ${n} is not in ${tree.caps.header}`);
    if (!ROWS.has(name)) unknown.push(name);
    else out.set(n, decideCap(name, ctx, tree));
  }
  if (unknown.length) {
    throw new HypsimError(`boot: the hypervisor's alternatives name ${unknown.length === 1 ? 'a cap' : 'caps'} hypsim does not know how the kernel decides: ${unknown.join(', ')}`, undefined, 'input', [
      'add a row to src/boot/cpu-features.ts or src/boot/errata.ts after the kernel\'s cpufeature.c / cpu_errata.c',
    ]);
  }
  return out;
}

export const ruleIn = (ctx: CapContext) => (rule: CapRule): Decision => evaluateRule(rule, ctx);
