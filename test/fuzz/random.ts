// A seeded generator (mulberry32) and the mutations the categories share. Case N of seed S
// always gets the same generator, so one case can be re-run alone.
export class Rng {
  private state: number;
  constructor(seed: number, index = 0) {
    this.state = (Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(index + 1, 0xc2b2ae35)) >>> 0;
    for (let i = 0; i < 4; i++) this.u32();
  }
  u32(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }
  int(n: number): number {
    return n <= 0 ? 0 : this.u32() % n;
  }
  chance(p: number): boolean {
    return this.u32() / 2 ** 32 < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }
}

/** Numbers a fuzzer likes: edges, huge, negative, non-integers, malformed literals. */
export const NASTY_NUMBERS = [
  '0', '1', '-1', '7', '255', '4096', '65535', '1000000', '1000001', '2147483647', '4294967296', '9007199254740993', '18446744073709551616',
  '1e400', '-1e400', '.inf', '-.inf', '.nan', '1.5', '0x', '0xfffffffffffffffff', '1n', 'abc', '""', 'null', '~', '[]', '{}', '0b101', '-0', '1_000',
];

/** Line-level and character-level mutations of a text, one to four of them. */
export function mutateText(rng: Rng, text: string, extra: ReadonlyArray<(rng: Rng, lines: string[]) => void> = []): string {
  const lines = text.split('\n');
  const ops: Array<(rng: Rng, lines: string[]) => void> = [
    (r, l) => l.splice(r.int(l.length), 1),
    (r, l) => {
      const i = r.int(l.length);
      l.splice(i, 0, l[i] ?? '');
    },
    (r, l) => {
      const i = r.int(l.length);
      const j = r.int(l.length);
      [l[i], l[j]] = [l[j], l[i]];
    },
    (r, l) => {
      const i = r.int(l.length);
      l[i] = (l[i] ?? '').replace(/-?\d+(\.\d+)?/, () => r.pick(NASTY_NUMBERS));
    },
    (r, l) => {
      const i = r.int(l.length);
      const s = l[i] ?? '';
      const at = r.int(s.length + 1);
      l[i] = s.slice(0, at) + r.pick(['(', ')', '[', ']', '{', '}', ':', ',', '"', "'", '\\', '#', '-', '+', ' ', '\t', '>', '@', '\u2192', '\0']) + s.slice(at);
    },
    (r, l) => {
      const i = r.int(l.length);
      const s = l[i] ?? '';
      const at = r.int(s.length + 1);
      l[i] = s.slice(0, at) + s.slice(at + 1 + r.int(4));
    },
    (r, l) => l.splice(r.int(l.length) + 1),
  ];
  const all = [...ops, ...extra];
  const n = 1 + rng.int(4);
  for (let k = 0; k < n; k++) rng.pick(all)(rng, lines);
  return lines.join('\n');
}
