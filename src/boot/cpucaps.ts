// The tree's cpucap numbers, from the header kbuild generates out of arch/arm64/tools/cpucaps
// (`asm/cpucap-defs.h` since 6.3, `asm/cpucaps.h` before): whichever generated header defines
// ARM64_NCAPS. hypsim keeps no table of cap numbers.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HypsimError } from '../util/diagnostics.js';
import { defineValue, parseDefines } from './kernel-defines.js';

export const GENERATED_ASM = 'arch/arm64/include/generated/asm';

export interface Cpucaps {
  /** Build-relative path of the header the numbers come from. */
  readonly header: string;
  readonly byName: ReadonlyMap<string, number>;
  readonly byNumber: ReadonlyMap<number, string>;
  readonly count: number;
}

export function cpucapsFromHeader(header: string, text: string): Cpucaps {
  const byName = new Map<string, number>();
  const byNumber = new Map<number, string>();
  let count: number | undefined;
  for (const [name, raw] of parseDefines(text)) {
    const v = defineValue(raw);
    if (!name.startsWith('ARM64_') || v === undefined) continue;
    if (name === 'ARM64_NCAPS') {
      count = Number(v);
      continue;
    }
    byName.set(name, Number(v));
    byNumber.set(Number(v), name);
  }
  if (count === undefined) throw new HypsimError(`${header}: no ARM64_NCAPS, not a cpucaps header`);
  return { header, byName, byNumber, count };
}

export function readCpucaps(buildDir: string): Cpucaps {
  const dir = join(buildDir, GENERATED_ASM);
  const headers = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.h')).sort() : [];
  for (const h of headers) {
    const text = readFileSync(join(dir, h), 'utf8');
    if (/^\s*#\s*define\s+ARM64_NCAPS\b/m.test(text)) return cpucapsFromHeader(`${GENERATED_ASM}/${h}`, text);
  }
  throw new HypsimError(`${buildDir}: no generated cpucaps header in ${GENERATED_ASM} (kbuild's prepare makes it)`);
}

export function capNumber(caps: Cpucaps, name: string): number {
  const n = caps.byName.get(name);
  if (n === undefined) throw new HypsimError(`${caps.header} has no capability ${name}`);
  return n;
}
