// gcc's assembly output for a C object: kbuild's exact command line turned into -S, run in the
// sandbox, cached by the hash of the command line and the content of every file it reads.
import { existsSync, mkdirSync, readFileSync, renameSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { HypsimError } from '../util/diagnostics.js';
import { sha256 } from './cache.js';
import type { CompileStep } from './graph.js';
import { runJailed, type Jail } from './sandbox.js';

const DEP_FLAGS = /^-Wp,-M{1,2}D,|^-M{1,2}D$/;

/** kbuild's compile command with `-S -o OUT` instead of `-c -o OBJ` and no dependency output. */
export function assemblyCommand(argv: readonly string[], out: string): string[] {
  const result: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (DEP_FLAGS.test(a)) continue;
    if (a === '-MF' || a === '-MT' || a === '-MQ') {
      i++;
      continue;
    }
    if (a === '-o') {
      result.push('-o', out);
      i++;
      continue;
    }
    result.push(a === '-c' ? '-S' : a);
  }
  return result;
}

const fileDigests = new Map<string, string>();

function fileDigest(path: string): string {
  let d = fileDigests.get(path);
  if (d === undefined) {
    d = existsSync(path) ? sha256(readFileSync(path)) : 'missing';
    fileDigests.set(path, d);
  }
  return d;
}

/** Forget file digests (the tree or build may have changed since). */
export function resetDigests(): void {
  fileDigests.clear();
}

export function compileKey(step: CompileStep, buildDir: string): string {
  const inputs = [step.source, ...step.deps].map((p) => `${p} ${fileDigest(resolve(buildDir, p))}`);
  return sha256(JSON.stringify({ argv: assemblyCommand(step.argv, '-'), inputs }));
}

export interface AssemblyOutput {
  readonly path: string;
  readonly cached: boolean;
}

/** Compiles one C step to assembly in `cacheDir`; reuses an earlier output for the same inputs. */
export function cachedAssemblyPath(step: CompileStep, buildDir: string, cacheDir: string): string {
  const key = compileKey(step, buildDir);
  return join(cacheDir, key.slice(0, 2), `${key}.s`);
}

export async function compileToAssembly(step: CompileStep, buildDir: string, cacheDir: string, jail: Jail): Promise<AssemblyOutput> {
  const path = cachedAssemblyPath(step, buildDir, cacheDir);
  if (existsSync(path)) return { path, cached: true };
  mkdirSync(dirname(path), { recursive: true });
  const partial = `${path}.${process.pid}.tmp`;
  const argv = assemblyCommand(step.argv, partial);
  const result = await runJailed({ ...jail, writable: [dirname(path)], readOnly: [...jail.readOnly, ...jail.writable] }, argv);
  if (result.status !== 0) {
    throw new HypsimError(`${step.source}: the compiler failed on kbuild's command line with -S (exit ${result.status})`, undefined, 'input', [
      ...(result.stderr.trimEnd().split('\n').slice(-15).map((l) => `| ${l}`)),
    ]);
  }
  renameSync(partial, path);
  return { path, cached: false };
}

/** Runs `tasks` with at most `limit` at a time, keeping the results in order. */
export async function inParallel<T, R>(items: readonly T[], limit: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await task(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
