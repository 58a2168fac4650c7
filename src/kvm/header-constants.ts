// Integer constants (array lengths, register indices) read from a tree's own headers by running
// them through hypsim's preprocessor.
import { preprocess } from '../cpp/index.js';
import { OverlayTree, type SourceTree } from '../tree/source-tree.js';
import { HypsimError } from '../util/diagnostics.js';

const PROBE_FILE = '.hypsim/constants-probe.S';
const MARK = '__hypsim_constant';

/** Evaluates `names` after including `headers`; C integer suffixes are dropped. */
export function headerConstants(
  tree: SourceTree,
  includeDirs: readonly string[],
  headers: readonly string[],
  names: readonly string[],
  defines: ReadonlyArray<readonly [string, string]> = [],
): Map<string, number> {
  const probe = [...headers.map((h) => `#include <${h}>`), ...names.map((n) => `${MARK}_${n} = ${n}`)].join('\n');
  const result = preprocess(new OverlayTree(tree, new Map([[PROBE_FILE, `${probe}\n`]])), PROBE_FILE, { includeDirs, defines });
  const out = new Map<string, number>();
  for (const line of result.lines) {
    const m = new RegExp(`^\\s*${MARK}_(\\w+)\\s*=\\s*(.*)$`).exec(line.text);
    if (m) out.set(m[1], evaluateIntegerText(m[2], m[1]));
  }
  return out;
}

/** Small, safe evaluation of an expanded constant such as `(94 * 2)` or `0x10UL`. */
export function evaluateIntegerText(text: string, name: string): number {
  const cleaned = text.replace(/\b(0x[0-9a-fA-F]+|\d+)[uUlL]+\b/g, '$1').trim();
  if (cleaned === '' || !/^[\s\dxa-fA-F+\-*/()<>|&~]+$/.test(cleaned) || /[a-fA-F]/.test(cleaned.replace(/0x[0-9a-fA-F]+/g, ''))) {
    throw new HypsimError(`constant ${name} expands to '${text.trim()}', which is not an integer expression`);
  }
  return Function(`"use strict"; return (${cleaned});`)() as number;
}

/** Identifiers used as array lengths in layout text. */
export function arrayLengthNames(layoutText: string): string[] {
  const names = new Set<string>();
  for (const m of layoutText.matchAll(/\[([^\]]+)\]/g)) for (const id of m[1].match(/[A-Za-z_]\w*/g) ?? []) names.add(id);
  return [...names];
}
