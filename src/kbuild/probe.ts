// Values of C constant expressions as the tree's own compiler and headers compute them: a probe
// file of `unsigned long` initialisers compiled with the flags of one of the hypervisor's C
// objects (so the nVHE defines and the build's generated headers apply), read back from gcc's
// assembly. Enums, macros, sizeof/offsetof: anything C can fold.
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { HypsimError } from '../util/diagnostics.js';
import { sha256 } from './cache.js';
import { assemblyCommand } from './compile.js';
import type { KernelBuild } from './index.js';
import { runJailed } from './sandbox.js';

const PROBE_SYMBOL = '__hypsim_probe';

function probeSource(includes: readonly string[], exprs: readonly string[]): string {
  return [
    ...includes.map((h) => `#include <${h}>`),
    `const unsigned long ${PROBE_SYMBOL}[] = {`,
    ...exprs.map((e) => `\t(unsigned long)(${e}),`),
    '};',
    '',
  ].join('\n');
}

/** gcc's `.xword` values after the probe's label. */
export function probeValues(assembly: string, count: number): bigint[] {
  const lines = assembly.split('\n');
  const at = lines.findIndex((l) => l.trim() === `${PROBE_SYMBOL}:`);
  if (at < 0) throw new HypsimError(`probe: gcc's output has no ${PROBE_SYMBOL}`);
  const values: bigint[] = [];
  for (const l of lines.slice(at + 1)) {
    const m = /^\s*\.(?:xword|8byte|quad)\s+(-?\d+)\s*$/.exec(l);
    if (!m) break;
    values.push(BigInt.asUintN(64, BigInt(m[1])));
  }
  if (values.length !== count) throw new HypsimError(`probe: expected ${count} values, gcc's output has ${values.length}`);
  return values;
}

const memo = new Map<string, bigint[]>();

/** Evaluates each expression with the tree's headers; one compiler run per distinct probe. */
export async function probeConstants(build: KernelBuild, includes: readonly string[], exprs: readonly string[]): Promise<bigint[]> {
  const step = build.graph.compiles.find((s) => s.language === 'c' && s.argv.includes('-D__KVM_NVHE_HYPERVISOR__'));
  if (step === undefined) throw new HypsimError(`${build.buildDir}: no C object of the nVHE hypervisor to take compiler flags from`);
  const text = probeSource(includes, exprs);
  const stamp = statSync(join(build.buildDir, build.graph.roots[0])).mtimeMs;
  const key = sha256(JSON.stringify({ argv: step.argv, text, stamp }));
  const hit = memo.get(key);
  if (hit) return hit;
  const dir = join(build.entry.dir, 'probes');
  mkdirSync(dir, { recursive: true });
  const source = join(dir, `${key}.c`);
  const out = join(dir, `${key}.s`);
  if (!existsSync(out)) {
    writeFileSync(source, text);
    const argv = assemblyCommand(step.argv, out).map((a) => (a === step.source ? source : a));
    argv.push('-g0');
    const r = await runJailed({ ...build.jail, readOnly: [...build.jail.readOnly, ...build.jail.writable], writable: [dir] }, argv);
    if (r.status !== 0) {
      throw new HypsimError(`probe of ${exprs.length} constant(s) failed to compile with the tree's flags`, undefined, 'input', [
        ...r.stderr.trimEnd().split('\n').slice(-12).map((l) => `| ${l}`),
        `probe source: ${source}`,
      ]);
    }
  }
  const values = probeValues(readFileSync(out, 'utf8'), exprs.length);
  memo.set(key, values);
  return values;
}

/** Named constants: `{ HCR_HOST_NVHE_FLAGS: 0x…n, … }`. */
export async function probeNamed(build: KernelBuild, includes: readonly string[], names: Readonly<Record<string, string>>): Promise<Record<string, bigint>> {
  const keys = Object.keys(names);
  const values = await probeConstants(build, includes, keys.map((k) => names[k]));
  return Object.fromEntries(keys.map((k, i) => [k, values[i]]));
}
