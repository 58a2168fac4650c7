// `--export drcov FILE`: basic-block coverage in DynamoRIO's drcov format, version 2 (flavor
// `drcov`, module table version 2 — the variant Lighthouse, bncov and Cartographer read): a text
// header, a module table with one module per executable region of the linked image (base and
// end at the image's link addresses; hyp code is reported at its link address, not its alias),
// then `BB Table: N bbs` and N binary entries {u32 start offset, u16 size, u16 module id},
// little-endian. Blocks come from the executed stream: a stretch ends at a branch, an exception
// or exception return, an interrupt, or a jump in the PC; stretches are then cut at every address
// where some stretch starts or ends, so blocks never overlap and each appears once, in order of
// first execution. A module's path is the region's name, or the ELF file of the image when one
// was exported with it (`--export elf FILE`).
import type { InsnRecord, RunRecords } from './records.js';

export interface DrcovModule {
  readonly id: number;
  readonly name: string;
  readonly base: bigint;
  readonly end: bigint;
}

export interface DrcovBlock {
  /** Offset from the module base. */
  readonly start: number;
  readonly size: number;
  readonly module: number;
}

export interface DrcovOptions {
  /** The ELF file of the image, named as each module's path. */
  readonly modulePath?: string;
}

export function drcovModules(recs: RunRecords, options: DrcovOptions = {}): DrcovModule[] {
  return recs.world.image.regions
    .filter((r) => r.perms.includes('x') && r.bytes.length > 0)
    .map((r, id) => ({ id, name: options.modulePath ?? r.name, base: r.address, end: r.address + BigInt(r.bytes.length) }));
}

const endsBlock = (r: InsnRecord) => r.info?.cls === 'branch' || r.info?.cls === 'exception' || r.exceptions.length > 0;

/** Executed stretches of consecutive instructions, as [start, end) link addresses. */
function stretches(recs: RunRecords, moduleOf: (a: bigint) => DrcovModule | undefined): Array<readonly [bigint, bigint]> {
  const out: Array<readonly [bigint, bigint]> = [];
  let start: bigint | undefined;
  let last: bigint | undefined;
  const flush = () => {
    if (start !== undefined && last !== undefined) out.push([start, last + 4n]);
    start = last = undefined;
  };
  for (const r of recs.insns) {
    if (!r.info) {
      flush();
      continue;
    }
    const at = r.info.linkAddress;
    const newRun = recs.run.events[r.seq].step === 1;
    if (start !== undefined && (newRun || last === undefined || at !== last + 4n || moduleOf(at) !== moduleOf(start))) flush();
    if (start === undefined) start = at;
    last = at;
    if (endsBlock(r)) flush();
  }
  flush();
  return out;
}

export function drcovBlocks(recs: RunRecords, modules: readonly DrcovModule[]): DrcovBlock[] {
  const moduleOf = (address: bigint) => modules.find((m) => address >= m.base && address < m.end);
  const runs = stretches(recs, moduleOf);
  const cuts = new Set<bigint>();
  for (const [s, e] of runs) cuts.add(s).add(e);
  const sortedCuts = [...cuts].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const position = new Map(sortedCuts.map((c, i) => [c, i]));
  const seen = new Set<bigint>();
  const blocks: DrcovBlock[] = [];
  for (const [s, e] of runs) {
    let i = position.get(s)!;
    for (let from = s; from < e; from = sortedCuts[++i]) {
      const to = sortedCuts[i + 1];
      const m = moduleOf(from);
      if (seen.has(from) || !m) continue;
      seen.add(from);
      blocks.push({ start: Number(from - m.base), size: Number(to - from), module: m.id });
    }
  }
  return blocks;
}

export function drcovBytes(recs: RunRecords, options: DrcovOptions = {}): Uint8Array {
  const modules = drcovModules(recs, options);
  const blocks = drcovBlocks(recs, modules);
  const hex = (v: bigint, digits: number) => `0x${v.toString(16).padStart(digits, '0')}`;
  const header = [
    'DRCOV VERSION: 2',
    'DRCOV FLAVOR: drcov',
    `Module Table: version 2, count ${modules.length}`,
    'Columns: id, base, end, entry, checksum, timestamp, path',
    ...modules.map((m) => `${String(m.id).padStart(3)}, ${hex(m.base, 16)}, ${hex(m.end, 16)}, ${hex(0n, 16)}, ${hex(0n, 8)}, ${hex(0n, 8)}, ${m.name}`),
    `BB Table: ${blocks.length} bbs`,
    '',
  ].join('\n');
  const head = new TextEncoder().encode(header);
  const out = new Uint8Array(head.length + 8 * blocks.length);
  out.set(head);
  const view = new DataView(out.buffer);
  blocks.forEach((b, i) => {
    const at = head.length + 8 * i;
    view.setUint32(at, b.start, true);
    view.setUint16(at + 4, b.size, true);
    view.setUint16(at + 6, b.module, true);
  });
  return out;
}
