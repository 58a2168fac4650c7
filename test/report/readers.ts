// Readers of the export formats, written from the formats' descriptions (not from the writers),
// so the export tests check what a consumer would see.

export interface Slice {
  readonly name: string;
  readonly cat: string;
  readonly ts: number;
  readonly dur: number;
}

/** Complete ('X') slices of a Chrome trace-event file, checked to nest on their track. */
export function readPerfetto(text: string): { slices: Slice[]; instants: Slice[] } {
  const doc = JSON.parse(text) as { traceEvents: Array<{ ph: string; name: string; cat?: string; ts?: number; dur?: number; pid: number; tid?: number }> };
  if (!Array.isArray(doc.traceEvents)) throw new Error('perfetto: no traceEvents array');
  const slices: Slice[] = [];
  const instants: Slice[] = [];
  for (const e of doc.traceEvents) {
    if (e.ph === 'M') continue;
    if (typeof e.ts !== 'number' || e.ts < 0) throw new Error(`perfetto: bad ts in ${JSON.stringify(e)}`);
    if (e.ph === 'i') instants.push({ name: e.name, cat: e.cat ?? '', ts: e.ts, dur: 0 });
    else if (e.ph === 'X') {
      if (typeof e.dur !== 'number' || e.dur < 0) throw new Error(`perfetto: bad dur in ${JSON.stringify(e)}`);
      slices.push({ name: e.name, cat: e.cat ?? '', ts: e.ts, dur: e.dur });
    } else throw new Error(`perfetto: unexpected phase ${e.ph}`);
  }
  return { slices, instants };
}

/** Throws unless every slice lies wholly inside the enclosing one or after it (a proper tree). */
export function checkNesting(slices: readonly Slice[]): number {
  const sorted = [...slices].sort((a, b) => a.ts - b.ts || b.dur - a.dur);
  const stack: Slice[] = [];
  let depth = 0;
  for (const s of sorted) {
    while (stack.length && stack[stack.length - 1].ts + stack[stack.length - 1].dur <= s.ts) stack.pop();
    const parent = stack[stack.length - 1];
    if (parent && s.ts + s.dur > parent.ts + parent.dur) throw new Error(`perfetto: ${s.name} [${s.ts}, ${s.ts + s.dur}) overlaps ${parent.name} [${parent.ts}, ${parent.ts + parent.dur})`);
    stack.push(s);
    depth = Math.max(depth, stack.length);
  }
  return depth;
}

export interface LcovFile {
  readonly path: string;
  readonly lines: Map<number, number>;
  readonly lf: number;
  readonly lh: number;
}

export function readLcov(text: string): LcovFile[] {
  const files: LcovFile[] = [];
  let cur: { path: string; lines: Map<number, number>; lf?: number; lh?: number } | undefined;
  for (const line of text.split('\n')) {
    if (line === '' || /^(TN|FN|FNDA|FNF|FNH|BRDA|BRF|BRH):/.test(line)) continue;
    if (line.startsWith('SF:')) cur = { path: line.slice(3), lines: new Map() };
    else if (line.startsWith('DA:')) {
      const [n, c] = line.slice(3).split(',').map(Number);
      cur!.lines.set(n, c);
    } else if (line.startsWith('LF:')) cur!.lf = Number(line.slice(3));
    else if (line.startsWith('LH:')) cur!.lh = Number(line.slice(3));
    else if (line === 'end_of_record') {
      files.push({ path: cur!.path, lines: cur!.lines, lf: cur!.lf ?? -1, lh: cur!.lh ?? -1 });
      cur = undefined;
    } else throw new Error(`lcov: unexpected line ${line}`);
  }
  return files;
}

export interface Drcov {
  readonly version: number;
  readonly modules: Array<{ id: number; base: bigint; end: bigint; path: string }>;
  readonly blocks: Array<{ start: number; size: number; module: number }>;
}

export function readDrcov(bytes: Uint8Array): Drcov {
  const text = new TextDecoder('latin1').decode(bytes);
  const bbHeader = /BB Table: (\d+) bbs\n/.exec(text);
  if (!bbHeader) throw new Error('drcov: no BB Table line');
  const head = text.slice(0, bbHeader.index).split('\n');
  const version = Number(/^DRCOV VERSION: (\d+)$/.exec(head[0])?.[1]);
  const mt = /^Module Table: version (\d+), count (\d+)$/.exec(head.find((l) => l.startsWith('Module Table')) ?? '');
  if (!mt) throw new Error('drcov: no module table');
  const start = head.findIndex((l) => l.startsWith('Columns:')) + 1;
  const modules = head.slice(start, start + Number(mt[2])).map((l) => {
    const c = l.split(',').map((x) => x.trim());
    return { id: Number(c[0]), base: BigInt(c[1]), end: BigInt(c[2]), path: c[6] };
  });
  const n = Number(bbHeader[1]);
  const at = bbHeader.index + bbHeader[0].length;
  if (bytes.length !== at + 8 * n) throw new Error(`drcov: expected ${n} entries of 8 bytes, found ${bytes.length - at} bytes`);
  const view = new DataView(bytes.buffer, bytes.byteOffset + at, 8 * n);
  const blocks = Array.from({ length: n }, (_, i) => ({ start: view.getUint32(8 * i, true), size: view.getUint16(8 * i + 4, true), module: view.getUint16(8 * i + 6, true) }));
  return { version, modules, blocks };
}
