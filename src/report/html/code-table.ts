// The executed instructions of one or two runs, each once, numbered in order of first execution
// (straight-line code gets consecutive numbers, so the trace alignment stores runs of them), and
// where each function's and macro's lines are for the source view's jumps.
import type { InsnInfo } from '../insn-info.js';
import { macroStackText } from '../insn-info.js';
import type { CodeEntry, Jump } from './data.js';

export class CodeTable {
  readonly entries: CodeEntry[] = [];
  private readonly byKey = new Map<string, number>();
  /** InsnInfo objects are shared per address: most look-ups end here. */
  private readonly byInfo = new WeakMap<InsnInfo, number>();

  /** The number of an instruction as side `side` ran it (same function, text, origin and macros: same number). */
  index(info: InsnInfo, side: number): number {
    const hit = this.byInfo.get(info);
    if (hit !== undefined) return hit;
    const macros = macroStackText(info);
    const key = `${info.function}\u0000${info.offset}\u0000${info.text}\u0000${info.file}:${info.line}\u0000${macros}`;
    let i = this.byKey.get(key);
    if (i === undefined) {
      i = this.entries.length;
      this.byKey.set(key, i);
      this.entries.push([side, info.function, info.offset, info.text, info.file, info.line, macros]);
    }
    this.byInfo.set(info, i);
    return i;
  }
}

/**
 * Jump targets: a function's first instruction (offset 0 if it ran, else its first executed
 * one); a macro's first body line seen (the statement for the innermost macro, the next inner
 * macro's invocation site otherwise). Side 0 wins over side 1.
 */
export function jumpTargets(sides: ReadonlyArray<Iterable<InsnInfo>>): Record<string, Jump> {
  const out: Record<string, Jump> = {};
  const set = (key: string, side: number, site: string, force = false) => {
    if (out[key] && !force) return;
    const m = /^(.*):(\d+)$/.exec(site);
    if (m) out[key] = { side, file: m[1], line: Number(m[2]) };
  };
  const entered = new Set<string>();
  sides.forEach((infos, side) => {
    for (const info of infos) {
      const fn = `fn:${info.function}`;
      if (info.offset === 0 && !entered.has(fn)) {
        entered.add(fn);
        set(fn, side, `${info.file}:${info.line}`, true);
      } else set(fn, side, `${info.file}:${info.line}`);
      info.macros.forEach((name, i) => set(`macro:${name}`, side, i === 0 ? `${info.file}:${info.line}` : info.macroSites[i - 1]));
    }
  });
  return out;
}
