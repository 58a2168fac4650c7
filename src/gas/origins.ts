// What the Program says about where code came from beyond the `.s` line: the STT_FILE symbols
// of `.file "name"`, and for every instruction the function symbol whose range holds it.
import Long from 'long';
import type { Item, Section, SymbolInfo } from '../ir/program.js';

export function fileSymbols(names: readonly string[]): SymbolInfo[] {
  return names.map((name) => ({ name, value: Long.ZERO, type: 'file', binding: 'local', defined: true, visibility: 'default', temporary: false }));
}

interface Range {
  readonly name: string;
  readonly start: number;
  readonly end: number;
}

/** Sized function symbols per section, sorted by start. */
function functionRanges(symbols: readonly SymbolInfo[]): Map<string, Range[]> {
  const out = new Map<string, Range[]>();
  for (const s of symbols) {
    if (s.type !== 'func' || !s.defined || s.section === undefined || !s.size || s.size.isZero()) continue;
    const start = s.value.toNumber();
    let list = out.get(s.section);
    if (!list) out.set(s.section, (list = []));
    list.push({ name: s.name, start, end: start + s.size.toNumber() });
  }
  for (const list of out.values()) list.sort((a, b) => a.start - b.start || a.name.localeCompare(b.name));
  return out;
}

function containing(ranges: readonly Range[], offset: number): string | undefined {
  let found: string | undefined;
  for (const r of ranges) {
    if (r.start > offset) break;
    if (offset < r.end) found ??= r.name;
  }
  return found;
}

export function withFunctions(sections: readonly Section[], symbols: readonly SymbolInfo[]): Section[] {
  const ranges = functionRanges(symbols);
  return sections.map((sec) => {
    const list = ranges.get(sec.name);
    if (!list) return sec;
    const items = sec.items.map((it): Item => {
      if (it.kind !== 'insn') return it;
      const fn = containing(list, it.offset);
      return fn === undefined ? it : { ...it, function: fn };
    });
    return { ...sec, items };
  });
}
