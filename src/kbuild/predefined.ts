// The compiler's own predefined macros for a set of flags (`gcc FLAGS -dM -E`), asked once per
// flag set and kept in the cache: hypsim's preprocessor then starts from exactly what gcc's does.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { HypsimError } from '../util/diagnostics.js';
import { sha256 } from './cache.js';
import { runJailed, type Jail } from './sandbox.js';

export type MacroList = ReadonlyArray<readonly [string, string]>;

export function parseDefineList(text: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const line of text.split('\n')) {
    const m = /^#define (\S+?(?:\([^)]*\))?)(?: (.*))?$/.exec(line);
    if (m) out.push([m[1], m[2] ?? '']);
  }
  return out;
}

const memo = new Map<string, MacroList>();

export async function compilerMacros(compiler: string, flags: readonly string[], language: 'c' | 'assembler-with-cpp', cacheDir: string, jail: Jail): Promise<MacroList> {
  const argv = [compiler, ...flags, '-dM', '-E', '-x', language, '/dev/null'];
  const key = sha256(JSON.stringify(argv));
  const hit = memo.get(key);
  if (hit !== undefined) return hit;
  const path = join(cacheDir, `${key}.h`);
  let text: string;
  if (existsSync(path)) text = readFileSync(path, 'utf8');
  else {
    const r = await runJailed(jail, argv);
    if (r.status !== 0) throw new HypsimError(`${compiler} -dM -E failed (exit ${r.status}): ${r.stderr.trim().split('\n').slice(-3).join(' ')}`);
    text = r.stdout;
    mkdirSync(cacheDir, { recursive: true });
    writeFileSync(path, text);
  }
  const list = parseDefineList(text);
  memo.set(key, list);
  return list;
}
