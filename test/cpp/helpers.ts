// Small drivers for preprocessor unit tests over in-memory file sets.
import { expect } from 'vitest';
import { preprocess, splitPpTokens, type PreprocessOptions, type PreprocessResult } from '../../src/cpp/index.js';
import { MemoryTree } from '../../src/tree/source-tree.js';
import { HypsimError } from '../../src/util/diagnostics.js';

export type Files = Readonly<Record<string, string>>;

/** The main file: the one given, else main.S, else the first file listed. */
function mainOf(files: Files, main: string | undefined): string {
  return main ?? ('main.S' in files ? 'main.S' : Object.keys(files)[0]);
}

export function run(files: Files | string, options: Partial<PreprocessOptions> = {}, main?: string): PreprocessResult {
  const map = typeof files === 'string' ? { 'main.S': files } : files;
  return preprocess(new MemoryTree(new Map(Object.entries(map))), mainOf(map, main), { includeDirs: [], ...options });
}

/** Output lines with surrounding whitespace trimmed. */
export function lines(files: Files | string, options: Partial<PreprocessOptions> = {}): string[] {
  return run(files, options).lines.map((l) => l.text.trim());
}

/** Output as one string of tokens separated by single spaces (spacing-insensitive checks). */
export function tokens(files: Files | string, options: Partial<PreprocessOptions> = {}): string {
  return run(files, options).lines.map((l) => splitPpTokens(l.text).join(' ')).join(' | ');
}

export interface ExpectedError {
  readonly message: string | RegExp;
  /** file:line:col */
  readonly at: string;
}

/** Runs and returns the HypsimError it must throw. */
export function errorOf(files: Files | string, options: Partial<PreprocessOptions> = {}): HypsimError {
  try {
    run(files, options);
  } catch (e) {
    expect(e).toBeInstanceOf(HypsimError);
    return e as HypsimError;
  }
  throw new Error('expected a HypsimError, but preprocessing succeeded');
}

export function expectError(files: Files | string, expected: ExpectedError, options: Partial<PreprocessOptions> = {}): HypsimError {
  const err = errorOf(files, options);
  if (typeof expected.message === 'string') expect(err.message).toBe(expected.message);
  else expect(err.message).toMatch(expected.message);
  const o = err.origin;
  expect(o && `${o.file}:${o.line}:${o.col}`).toBe(expected.at);
  return err;
}
