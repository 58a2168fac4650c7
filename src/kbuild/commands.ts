// kbuild's record of how it made each file: `dir/.name.cmd` holds `savedcmd_T := …` (or `cmd_T`
// before 6.3), `source_T := …` and `deps_T := …`.
import { readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { parse } from 'shell-quote';
import { HypsimError } from '../util/diagnostics.js';

export interface CmdRecord {
  /** Build-relative path of the file it made. */
  readonly target: string;
  /** The command line as kbuild ran it (a shell command). */
  readonly command: string;
  /** The first simple command of it, as words. */
  readonly argv: readonly string[];
  readonly source?: string;
  /** Every file the target depends on, as kbuild spelled it (build-relative or absolute). */
  readonly deps: readonly string[];
}

export function cmdFilePath(buildDir: string, target: string): string {
  return join(buildDir, dirname(target), `.${basename(target)}.cmd`);
}

/** Shell words of the first simple command (kbuild joins steps with `;`/`&&`; the first is the tool). */
export function shellWords(command: string): string[] {
  const words: string[] = [];
  for (const t of parse(command, (name) => `$${name}`)) {
    if (typeof t === 'string') words.push(t);
    else if ('op' in t && t.op === 'glob') words.push(t.pattern);
    else if ('op' in t) break;
  }
  return words;
}

function variable(text: string, prefix: string, target: string): string | undefined {
  const re = new RegExp(`^${prefix}_${escapeRe(target)} := ?(.*)$`, 'm');
  return re.exec(text)?.[1];
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function depsOf(text: string, target: string): string[] {
  const start = text.indexOf(`deps_${target} := \\\n`);
  if (start < 0) return [];
  const deps: string[] = [];
  for (const line of text.slice(start).split('\n').slice(1)) {
    const item = line.trim().replace(/\s*\\$/, '');
    if (item === '') break;
    if (!item.startsWith('$(wildcard')) deps.push(item);
    if (!line.endsWith('\\')) break;
  }
  return deps;
}

export function readCmdRecord(buildDir: string, target: string): CmdRecord | undefined {
  let text: string;
  try {
    text = readFileSync(cmdFilePath(buildDir, target), 'utf8');
  } catch {
    return undefined;
  }
  const command = variable(text, 'savedcmd', target) ?? variable(text, 'cmd', target);
  if (command === undefined) throw new HypsimError(`${cmdFilePath(buildDir, target)}: no command line for ${target}`);
  return { target, command, argv: shellWords(command), source: variable(text, 'source', target), deps: depsOf(text, target) };
}
