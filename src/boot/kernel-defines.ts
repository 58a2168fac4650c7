// `#define NAME VALUE` lines of the kernel's generated headers (cpucaps, sysreg-defs), and the
// few value spellings those generators write: decimal, 0x, 0b, UL()/ULL(), GENMASK(h, l).
export function parseDefines(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split('\n')) {
    const m = /^\s*#\s*define\s+([A-Za-z_]\w*)[ \t]+(.+?)\s*$/.exec(line);
    if (m) out.set(m[1], m[2]);
  }
  return out;
}

const genmask = (h: number, l: number) => ((1n << BigInt(h - l + 1)) - 1n) << BigInt(l);

/** The value of a generated define, or undefined when it is not one of the simple spellings. */
export function defineValue(raw: string): bigint | undefined {
  const s = raw.trim();
  const wrapped = /^(?:UL|ULL|_AC)?\(\s*(.+?)\s*(?:,\s*U?L{0,2})?\)$/.exec(s);
  if (wrapped && !/^GENMASK/.test(s)) return defineValue(wrapped[1]);
  const g = /^GENMASK(?:_ULL)?\(\s*(\d+)\s*,\s*(\d+)\s*\)$/.exec(s);
  if (g) return genmask(Number(g[1]), Number(g[2]));
  const n = /^(0[xX][0-9a-fA-F]+|0[bB][01]+|\d+)[uUlL]*$/.exec(s);
  if (!n) return undefined;
  return /^0[bB]/.test(n[1]) ? BigInt(`0b${n[1].slice(2)}`) : BigInt(n[1]);
}
