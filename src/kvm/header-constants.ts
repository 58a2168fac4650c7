// Integer constants (array lengths, register indices) read from a tree's own headers by running
// them through hypsim's preprocessor.
import { preprocess } from '../cpp/index.js';
import { evaluateConstant } from '../gas/index.js';
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
  probeDir?: string,
): Map<string, bigint> {
  const probe = [...headers.map((h) => `#include <${h}>`), ...names.map((n) => `${MARK}_${n} = ${n}`)].join('\n');
  const dirs = probeDir === undefined ? includeDirs : [probeDir, ...includeDirs];
  const result = preprocess(new OverlayTree(tree, new Map([[PROBE_FILE, `${probe}\n`]])), PROBE_FILE, { includeDirs: dirs, defines });
  const out = new Map<string, bigint>();
  for (const line of result.lines) {
    const m = new RegExp(`^\\s*${MARK}_(\\w+)\\s*=\\s*(.*)$`).exec(line.text);
    if (m) out.set(m[1], evaluateIntegerText(m[2], m[1]));
  }
  return out;
}

/** An expanded constant such as `(94 * 2)`, `0x10UL` or `((1 << 39) - 1)`, in gas's 64-bit arithmetic. */
export function evaluateIntegerText(text: string, name: string): bigint {
  const cleaned = text.replace(/\b(0x[0-9a-fA-F]+|\d+)[uUlL]+\b/g, '$1').trim();
  try {
    return BigInt(evaluateConstant(cleaned).toString());
  } catch (e) {
    throw new HypsimError(`constant ${name} expands to '${text.trim()}', which is not an integer expression (${(e as Error).message})`);
  }
}

/** Identifiers used as array lengths in layout text. */
export function arrayLengthNames(layoutText: string): string[] {
  const names = new Set<string>();
  for (const m of layoutText.matchAll(/\[([^\]]+)\]/g)) for (const id of m[1].match(/[A-Za-z_]\w*/g) ?? []) names.add(id);
  return [...names];
}

/**
 * Constants defined by simple `#define NAME value` lines in C headers that cannot be included
 * on their own (they pull in half the kernel): the object-like defines of those headers are
 * collected, whatever conditional surrounds them, and evaluated together.
 */
export function definedConstants(tree: SourceTree, headers: readonly string[], names: readonly string[]): Map<string, bigint> {
  const defines: string[] = [];
  for (const h of headers) {
    const text = tree.read(h);
    if (text === undefined) throw new HypsimError(`${tree.label}: ${h} not found (needed for structure layouts)`);
    for (const line of text.replace(/\\\n/g, ' ').split('\n')) {
      const m = /^\s*#\s*define\s+([A-Za-z_]\w*)\s+(.*)$/.exec(line);
      if (m) defines.push(`#define ${m[1]} ${m[2].replace(/\/\*.*?\*\/|\/\/.*$/g, '')}`);
    }
  }
  const overlay = new OverlayTree(tree, new Map([[PROBE_DEFINES, `${defines.join('\n')}\n`]]));
  return headerConstants(overlay, [], [PROBE_DEFINES_NAME], names, [], '.hypsim');
}

const PROBE_DEFINES_NAME = 'defines-probe.h';
const PROBE_DEFINES = `.hypsim/${PROBE_DEFINES_NAME}`;

/** The members of a C `enum NAME { … }` and their values (implicit and explicit). */
export function enumConstants(tree: SourceTree, header: string, enumName: string): Map<string, bigint> {
  const text = tree.read(header);
  if (text === undefined) throw new HypsimError(`${tree.label}: ${header} not found (needed for structure layouts)`);
  const body = new RegExp(`enum\\s+${enumName}\\s*\\{([\\s\\S]*?)\\}`).exec(text.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, ''));
  if (!body) throw new HypsimError(`${tree.label}: ${header} has no enum ${enumName}`);
  const out = new Map<string, bigint>();
  let next = 0n;
  for (const entry of body[1].split(',').map((e) => e.trim()).filter(Boolean)) {
    const [name, value] = entry.split('=').map((p) => p.trim());
    if (value !== undefined) {
      const substituted = value.replace(/[A-Za-z_]\w*/g, (id) => {
        const v = out.get(id);
        if (v === undefined) throw new HypsimError(`${header}: enum ${enumName}: ${name} uses unknown ${id}`);
        return v.toString();
      });
      next = evaluateIntegerText(substituted, name);
    }
    out.set(name, next);
    next += 1n;
  }
  return out;
}
