import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { parseAsmOffsets } from '../../src/kvm/asm-offsets.js';
import { LayoutSet, parseLayouts } from '../../src/kvm/layout.js';
import { probeEntries, probeSource } from '../../src/kvm/layout-c.js';
import { CORPUS_LAYOUTS } from '../../src/kvm/layouts/corpus.js';
import { missingOracle } from '../helpers/oracles.js';

const SAMPLE = `
struct inner { u8 a; u64 b; u16 c; };
struct outer {
	u32 x;
	__uint128_t q;
	struct inner in[3];
	union { u64 wide[4]; u32 narrow[3]; };
	struct { u8 tag; u32 val; } anon;
	u8 tail;
	u64 aligned_field __attribute__((aligned(32)));
	void *ptr;
	struct inner *next;
};
`;

describe('layout engine (AAPCS64)', () => {
  const layouts = new LayoutSet(parseLayouts(SAMPLE, new Map()));

  test.each([
    ['inner', 'a', 0],
    ['inner', 'b', 8],
    ['inner', 'c', 16],
    ['outer', 'x', 0],
    ['outer', 'q', 16],
    ['outer', 'in[0].a', 32],
    ['outer', 'in[2].c', 32 + 48 + 16],
    ['outer', 'wide[3]', 128],
    ['outer', 'narrow[2]', 112],
    ['outer', 'anon.val', 140],
  ])('%s.%s is at %d', (record, path, offset) => {
    expect(layouts.resolve(record, path).offset).toBe(offset);
  });

  test('sizes and alignment round up', () => {
    expect(layouts.record('inner')).toMatchObject({ size: 24, align: 8 });
    expect(layouts.record('outer').align).toBe(32);
  });

  test('field paths at byte offsets', () => {
    expect(layouts.pathAt('outer', 16)).toBe('.q');
    expect(layouts.pathAt('outer', 32 + 24 + 8)).toBe('.in[1].b');
    expect(layouts.pathAt('outer', 33)).toBe('.in[0]<pad>');
    expect(layouts.pathAt('outer', 8)).toBe('<pad>');
    expect(layouts.pathAt('outer', 20)).toBe('.q+4');
  });

  test('unknown types and lengths are errors that name them', () => {
    expect(() => parseLayouts('struct s { float f; };', new Map())).toThrow(/unknown type 'float'/);
    expect(() => parseLayouts('struct s { u64 r[NR_THINGS]; };', new Map())).toThrow(/NR_THINGS/);
  });
});

describe('layouts agree with aarch64-linux-gnu-gcc', () => {
  const skip = missingOracle({ tools: ['aarch64-linux-gnu-gcc'] });
  const cases: Array<[string, string, Map<string, number>]> = [
    ['sample', SAMPLE, new Map()],
    ['corpus', CORPUS_LAYOUTS, new Map([['NR_SYS_REGS', 22]])],
  ];
  test.skipIf(skip !== undefined).each(cases)('%s layouts', (_name, text, constants) => {
    const layouts = new LayoutSet(parseLayouts(text, constants));
    const entries = probeEntries(layouts);
    const dir = mkdtempSync(join(tmpdir(), 'hypsim-layout-'));
    const defines = [...constants].map(([k, v]) => `#define ${k} ${v}`).join('\n');
    writeFileSync(join(dir, 'probe.c'), `${defines}\n${probeSource(text, entries)}`);
    execFileSync('aarch64-linux-gnu-gcc', ['-S', '-O0', '-o', join(dir, 'probe.s'), join(dir, 'probe.c')]);
    const gcc = parseAsmOffsets(readFileSync(join(dir, 'probe.s'), 'latin1'), 'probe.s');
    expect(entries.length).toBeGreaterThan(10);
    for (const e of entries) expect([e.symbol, gcc.get(e.symbol)]).toEqual([e.symbol, e.value]);
  });
});
