// Runs GCC's preprocessor as an oracle and compares its output with ours line by line, by pp-token.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, posix, resolve } from 'node:path';
import { splitPpTokens, type PreprocessOptions, type PreprocessResult } from '../../src/cpp/index.js';

export const GCC = 'aarch64-linux-gnu-gcc';

export interface OracleInput {
  /** Directory holding the tree (absolute). */
  readonly root: string;
  /** Extra files hypsim supplies (tree-relative path → content), written to a temp dir for GCC. */
  readonly generated?: ReadonlyMap<string, string>;
  readonly file: string;
  readonly options: PreprocessOptions;
}

/** Writes `generated` files under a fresh temp dir and returns it. */
function writeGenerated(generated: ReadonlyMap<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'hypsim-cpp-'));
  for (const [path, content] of generated) {
    const full = join(dir, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, content);
  }
  return dir;
}

/** `gcc -E` output for the input, plus the directories whose prefixes map back to tree paths. */
export function runGcc(input: OracleInput): { output: string; roots: string[] } {
  const root = resolve(input.root);
  const roots = [root];
  const gen = input.generated && input.generated.size > 0 ? writeGenerated(input.generated) : undefined;
  if (gen !== undefined) roots.push(gen);
  const args = ['-E', '-x', 'assembler-with-cpp', '-nostdinc', '-fno-PIE'];
  for (const dir of input.options.includeDirs) for (const r of roots) args.push(`-I${join(r, dir)}`);
  for (const f of input.options.forcedIncludes ?? []) args.push('-include', join(gen !== undefined && input.generated?.has(f) ? gen : root, f));
  for (const [name, value] of input.options.defines ?? []) args.push(`-D${name}=${value}`);
  for (const name of input.options.undefs ?? []) args.push(`-U${name}`);
  if (input.options.predefined === false) args.push('-undef');
  for (const r of roots) args.push(`-fmacro-prefix-map=${r}/=`);
  args.push(join(root, input.file));
  try {
    const output = execFileSync(GCC, args, { encoding: 'latin1', maxBuffer: 64 << 20, stdio: ['ignore', 'pipe', 'pipe'] });
    return { output, roots };
  } finally {
    if (gen !== undefined) rmSync(gen, { recursive: true, force: true });
  }
}

/**
 * GCC's linemarkers. A text line `# 12 "x"` would look the same (GCC passes it through in assembler
 * mode, and GNU as would read it as a linemarker too), so test inputs avoid such lines.
 */
export const LINEMARKER = /^# (\d+) "((?:[^"\\]|\\.)*)"( \d+)*$/;

/** (file:line) → text, from output with `# N "file"` linemarkers; paths made tree-relative. */
export function parseGccOutput(output: string, roots: readonly string[]): Map<string, string> {
  const lines = new Map<string, string>();
  const relative = (path: string) => {
    const norm = posix.normalize(path);
    for (const r of roots) if (norm.startsWith(r + '/')) return norm.slice(r.length + 1);
    return norm;
  };
  let file = '';
  let line = 0;
  for (const text of output.split('\n')) {
    const marker = LINEMARKER.exec(text);
    if (marker) {
      line = Number(marker[1]);
      file = relative(marker[2].replace(/\\(.)/g, '$1'));
      continue;
    }
    if (text.trim() !== '' && !file.startsWith('<')) {
      const key = `${file}:${line}`;
      const prev = lines.get(key);
      lines.set(key, prev === undefined ? text : `${prev} ${text}`);
    }
    line++;
  }
  return lines;
}

export function ourLines(result: PreprocessResult): Map<string, string> {
  const lines = new Map<string, string>();
  for (const l of result.lines) {
    const key = `${l.file}:${l.line}`;
    const prev = lines.get(key);
    lines.set(key, prev === undefined ? l.text : `${prev} ${l.text}`);
  }
  return lines;
}

/** Token spellings, each prefixed by ' ' when whitespace precedes it (leading whitespace ignored). */
function spacedTokens(text: string): string[] {
  const out: string[] = [];
  let rest = text.trimStart();
  for (const tok of splitPpTokens(rest)) {
    const at = rest.indexOf(tok);
    out.push((out.length > 0 && at > 0 ? ' ' : '') + tok);
    rest = rest.slice(at + tok.length);
  }
  return out;
}

export interface Mismatch {
  readonly where: string;
  readonly gcc: string | undefined;
  readonly ours: string | undefined;
}

export interface Comparison {
  readonly lines: number;
  /** Lines whose token sequences differ. */
  readonly tokenMismatches: Mismatch[];
  /** Lines with the same tokens but whitespace in different places. */
  readonly spacingMismatches: Mismatch[];
}

export function compareOutputs(gcc: Map<string, string>, ours: Map<string, string>): Comparison {
  const tokenMismatches: Mismatch[] = [];
  const spacingMismatches: Mismatch[] = [];
  const keys = new Set([...gcc.keys(), ...ours.keys()]);
  for (const where of keys) {
    const g = gcc.get(where);
    const o = ours.get(where);
    const gt = spacedTokens(g ?? '');
    const ot = spacedTokens(o ?? '');
    if (gt.map((t) => t.trim()).join('\u0000') !== ot.map((t) => t.trim()).join('\u0000')) tokenMismatches.push({ where, gcc: g, ours: o });
    else if (gt.join('\u0000') !== ot.join('\u0000')) spacingMismatches.push({ where, gcc: g, ours: o });
  }
  return { lines: keys.size, tokenMismatches, spacingMismatches };
}

export function describeMismatches(ms: readonly Mismatch[], max = 10): string {
  return ms
    .slice(0, max)
    .map((m) => `${m.where}\n  gcc:  ${m.gcc ?? '(none)'}\n  ours: ${m.ours ?? '(none)'}`)
    .join('\n');
}
