// Shared by the report tests: the CLI in-process, and traced runs of the built-in corpus.
import type { Io } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';
import { runScenario, type RunRecord } from '../../src/kvm/runner.js';
import { builtinScenario } from '../../src/kvm/scenario.js';
import { buildVariant } from '../../src/kvm/variants.js';

export async function cli(args: string[], interactive = false): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: Io = { out: (t) => void (out += t), err: (t) => void (err += t), interactive };
  const code = await main(args, io);
  return { code, out, err };
}

const runs = new Map<string, RunRecord>();

/** A traced run of a built-in scenario on a corpus variant (cached: runs are read-only). */
export function corpusRun(scenario: string, variant: string): RunRecord {
  const key = `${scenario}/${variant}`;
  let run = runs.get(key);
  if (!run) runs.set(key, (run = runScenario(buildVariant({ name: variant }).session, builtinScenario(scenario), { trace: true })));
  return run;
}
