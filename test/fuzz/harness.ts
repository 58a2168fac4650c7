// The fuzz harness (`npm run fuzz -- --category C --cases N --seed S`): inputs of one category run
// in a worker thread, one at a time, each with a time limit; a hang is cut by ending the worker
// (and starting a new one). Every outcome is classified: ok, located error (a HypsimError),
// unexpected exception, hang.
import { build } from 'esbuild';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { packageRoot } from '../../src/tree/corpus.js';
import { GENERATORS, type Category, type FuzzInput } from './categories.js';
import { Rng } from './random.js';
import type { Outcome, WorkerReply } from './worker.js';

export interface FuzzOptions {
  readonly category: Category;
  readonly cases: number;
  readonly seed: number;
  /** Per-input time limit in milliseconds. */
  readonly timeoutMs?: number;
  /** Run only this case (to reproduce one). */
  readonly only?: number;
  readonly onCase?: (done: number, result: CaseResult) => void;
}

export interface CaseResult {
  readonly index: number;
  readonly outcome: Outcome;
  readonly input: FuzzInput;
  readonly message?: string;
}

export interface FuzzSummary {
  readonly category: Category;
  readonly seed: number;
  readonly counts: Record<Outcome, number>;
  /** Unexpected exceptions and hangs, with their inputs. */
  readonly failures: readonly CaseResult[];
}

export function fuzzInput(category: Category, seed: number, index: number): FuzzInput {
  return GENERATORS[category](new Rng(seed, index));
}

let workerFile: Promise<string> | undefined;

function bundleWorker(): Promise<string> {
  workerFile ??= (async () => {
    // Inside the package (a gitignored cache), so the worker finds the corpus as hypsim does.
    const dir = join(packageRoot(), 'node_modules', '.cache', 'hypsim-fuzz');
    mkdirSync(dir, { recursive: true });
    const out = join(dir, `worker-${process.pid}.mjs`);
    await build({
      absWorkingDir: packageRoot(), entryPoints: ['test/fuzz/worker.ts'], outfile: out, bundle: true, platform: 'node', format: 'esm', target: 'node20', logLevel: 'warning',
      banner: { js: "import { createRequire as __hypsimCreateRequire } from 'node:module'; const require = __hypsimCreateRequire(import.meta.url);" },
    });
    return out;
  })();
  return workerFile;
}

/** A worker that has loaded its code (a fresh one takes a while; that is not the input's time). */
function startWorker(file: string): Promise<Worker> {
  const worker = new Worker(file);
  return new Promise((resolve, reject) => {
    worker.once('message', () => resolve(worker));
    worker.once('error', reject);
  });
}

export async function runFuzz(options: FuzzOptions): Promise<FuzzSummary> {
  const file = await bundleWorker();
  const timeout = options.timeoutMs ?? 10_000;
  const counts: Record<Outcome, number> = { ok: 0, located: 0, unexpected: 0, hang: 0 };
  const failures: CaseResult[] = [];
  let worker = await startWorker(file);
  const indices = options.only !== undefined ? [options.only] : Array.from({ length: options.cases }, (_, i) => i);
  try {
    for (const [done, index] of indices.entries()) {
      const input = fuzzInput(options.category, options.seed, index);
      const reply = await new Promise<WorkerReply | undefined>((resolve, reject) => {
        const timer = setTimeout(() => {
          cleanup();
          resolve(undefined);
        }, timeout);
        const onMessage = (r: WorkerReply) => {
          cleanup();
          resolve(r);
        };
        const onError = (e: Error) => {
          cleanup();
          resolve({ id: index, outcome: 'unexpected', message: `worker died: ${e.message}` });
        };
        const onExit = (code: number) => {
          cleanup();
          if (code !== 0) resolve({ id: index, outcome: 'unexpected', message: `worker exited with ${code}` });
          else reject(new Error('fuzz worker exited'));
        };
        const cleanup = () => {
          clearTimeout(timer);
          worker.off('message', onMessage).off('error', onError).off('exit', onExit);
        };
        worker.on('message', onMessage).on('error', onError).on('exit', onExit);
        worker.postMessage({ id: index, category: options.category, text: input.text });
      });
      const result: CaseResult = reply ? { index, outcome: reply.outcome, input, ...(reply.message ? { message: reply.message } : {}) } : { index, outcome: 'hang', input, message: `no answer within ${timeout} ms` };
      counts[result.outcome]++;
      if (result.outcome === 'unexpected' || result.outcome === 'hang') {
        failures.push(result);
        await worker.terminate();
        worker = await startWorker(file);
      }
      options.onCase?.(done + 1, result);
    }
  } finally {
    await worker.terminate();
  }
  return { category: options.category, seed: options.seed, counts, failures };
}

/** The lines that let someone re-run a failing case. */
export function reproducer(summary: Pick<FuzzSummary, 'category' | 'seed'>, r: CaseResult): string[] {
  const shown = r.input.text.length > 600 ? `${r.input.text.slice(0, 600)}… (${r.input.text.length} characters)` : r.input.text;
  return [
    `--- ${r.outcome}: ${summary.category} case ${r.index} (seed ${summary.seed}, from ${r.input.label}): ${(r.message ?? '').split('\n')[0]}`,
    ...(r.message?.includes('\n') ? r.message.split('\n').slice(1).map((l) => `    ${l.trim()}`) : []),
    `  reproduce: npm run fuzz -- --category ${summary.category} --seed ${summary.seed} --case ${r.index} --show`,
    `  input: ${JSON.stringify(shown)}`,
  ];
}
