// Layouts back to C, so gcc can check hypsim's offsets: the typedefs the layout text assumes,
// and an asm-offsets style probe listing every member of every record.
import type { LayoutSet, Type } from './layout.js';

export const C_PRELUDE = `typedef unsigned char u8; typedef signed char s8; typedef unsigned short u16; typedef short s16;
typedef unsigned int u32; typedef int s32; typedef unsigned long long u64; typedef long long s64;
typedef u8 __u8; typedef u16 __u16; typedef u32 __u32; typedef u64 __u64; typedef s32 __s32; typedef s64 __s64;
typedef _Bool bool; typedef u64 phys_addr_t;
`;

export interface ProbeEntry {
  readonly symbol: string;
  readonly cExpr: string;
  readonly value: number;
}

/** Every member (recursively, first and last array element) of every named record, plus sizes. */
export function probeEntries(layouts: LayoutSet): ProbeEntry[] {
  const out: ProbeEntry[] = [];
  for (const name of layouts.names) {
    out.push({ symbol: `SIZEOF_${name}`, cExpr: `sizeof(struct ${name})`, value: layouts.record(name).size });
    const visit = (type: Type, path: string) => {
      if (path !== '') {
        const sym = `${name}__${path.replace(/[.[\]]+/g, '_')}`;
        out.push({ symbol: sym, cExpr: `__builtin_offsetof(struct ${name}, ${path})`, value: layouts.resolve(name, path).offset });
      }
      if (type.kind === 'array') {
        visit(type.element, `${path}[0]`);
        if (type.length > 1) visit(type.element, `${path}[${type.length - 1}]`);
      } else if (type.kind === 'record') {
        for (const f of layouts.record(type.name).fields) {
          if (f.name === '') visit(f.type, path);
          else visit(f.type, path === '' ? f.name : `${path}.${f.name}`);
        }
      }
    };
    visit({ kind: 'record', name }, '');
  }
  return out;
}

/** A C file that, compiled with -S, emits `->SYMBOL value` lines (the Kbuild asm-offsets idiom). */
export function probeSource(layoutText: string, entries: readonly ProbeEntry[]): string {
  const body = entries.map((e) => `\tasm volatile("\\n.ascii \\"->${e.symbol} %0\\"" : : "i" (${e.cExpr}));`).join('\n');
  return `${C_PRELUDE}\n${layoutText}\n\nvoid hypsim_probe(void)\n{\n${body}\n}\n`;
}
