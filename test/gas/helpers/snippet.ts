// Assembling a snippet with hypsim and with GNU as, and comparing everything that matters:
// the Program against GNU's object, and GNU's object of hypsim's listing against the original.
import { expect } from 'vitest';
import { assembleText, emitListing } from '../../../src/gas/index.js';
import type { Program } from '../../../src/ir/program.js';
import { HypsimError, formatError } from '../../../src/util/diagnostics.js';
import { missingOracle } from '../../helpers/oracles.js';
import { compareObjects, compareProgram } from './compare.js';
import { GAS, gnuAssemble, gnuMessages } from './gnu.js';

export const noGas = (): string | undefined => missingOracle({ tools: [GAS] });

export function hypsim(source: string, file = 'test.s'): Program {
  try {
    return assembleText(source, { file });
  } catch (e) {
    if (e instanceof HypsimError) throw new Error(formatError(e));
    throw e;
  }
}

/** The differences between hypsim and GNU as for `source` (empty: identical). */
export function differences(source: string): string[] {
  const program = hypsim(source);
  const original = gnuAssemble(source);
  const listing = emitListing(program);
  let relisted;
  try {
    relisted = gnuAssemble(listing);
  } catch (e) {
    return [`the listing does not assemble: ${String(e)}\n${listing}`];
  }
  return [...compareProgram(program, original).map((d) => `program: ${d}`), ...compareObjects(original, relisted).map((d) => `listing: ${d}`)];
}

export function expectSameAsGnu(source: string): void {
  expect(differences(source), source).toEqual([]);
}

/** The formatted hypsim error for `source` (fails the test when it assembles). */
export function hypsimError(source: string, file = 'test.s', limits?: { macroDepth?: number; reptCount?: number; statements?: number }): string {
  try {
    assembleText(source, { file, ...(limits ? { limits } : {}) });
  } catch (e) {
    if (e instanceof HypsimError) return formatError(e);
    throw e;
  }
  throw new Error(`expected an error from:\n${source}`);
}

export function hypsimErrorKind(source: string, limits: { macroDepth?: number; reptCount?: number; statements?: number }): string {
  try {
    assembleText(source, { file: 'test.s', limits });
  } catch (e) {
    if (e instanceof HypsimError) return e.kind;
    throw e;
  }
  return 'none';
}

/** GNU as rejects `source` too. */
export function expectGnuRejects(source: string): void {
  expect(gnuMessages(source), source).toMatch(/Error:/);
}

/** The bytes of a section of a hypsim Program, as hex. */
export function sectionHex(program: Program, name = '.text'): string {
  const s = program.sections.find((x) => x.name === name);
  return s ? Buffer.from(s.bytes).toString('hex') : '';
}
