import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { parseAsmOffsets } from '../../src/kvm/asm-offsets.js';
import { kernelLayouts } from '../../src/kvm/kernel-layouts.js';
import { probeEntries, probeSource } from '../../src/kvm/layout-c.js';
import { V4_LAYOUTS } from '../../src/kvm/layouts/linux-v4.0.js';
import { V61_LAYOUTS } from '../../src/kvm/layouts/linux-v6.1.js';
import { DiskTree } from '../../src/tree/source-tree.js';
import { linux61Dir, linuxV4Dir, missingOracle } from '../helpers/oracles.js';
import { referenceAsmOffsets } from './reference-asm-offsets.js';

const trees: Array<[string, () => string | undefined, string, string]> = [
  ['v6.1', () => (missingOracle({ linux61: true }) ? undefined : linux61Dir()), V61_LAYOUTS, 'linux61'],
  ['v4.0', () => linuxV4Dir(), V4_LAYOUTS, 'linuxV4'],
];

describe.each(trees)('Linux %s layouts', (series, dir, text) => {
  const root = dir();
  test.skipIf(!root)('reproduce the asm-offsets Kbuild generated for arm64 defconfig', () => {
    const k = kernelLayouts(new DiskTree(root!));
    const ref = referenceAsmOffsets(series as 'v4.0' | 'v6.1');
    for (const [name, value] of ref) expect([name, k.asmOffsets.get(name)]).toEqual([name, value]);
    expect(k.layouts.record('kvm_vcpu').size).toBe(series === 'v4.0' ? 2784 : 9680);
    expect(k.layouts.record('kvm_cpu_context').size).toBe(series === 'v4.0' ? 1616 : 1824);
  });

  test.skipIf(!root || missingOracle({ tools: ['aarch64-linux-gnu-gcc'] }) !== undefined)('agree with aarch64-linux-gnu-gcc on every member', () => {
    const k = kernelLayouts(new DiskTree(root!));
    const entries = probeEntries(k.layouts);
    const work = mkdtempSync(join(tmpdir(), 'hypsim-klayout-'));
    const defines = [...k.constants].map(([n, v]) => `#define ${n} ${v}`).join('\n');
    writeFileSync(join(work, 'probe.c'), `${defines}\n${probeSource(text, entries)}`);
    execFileSync('aarch64-linux-gnu-gcc', ['-S', '-O0', '-o', join(work, 'probe.s'), join(work, 'probe.c')]);
    const gcc = parseAsmOffsets(readFileSync(join(work, 'probe.s'), 'latin1'), 'probe.s');
    for (const e of entries) expect([e.symbol, gcc.get(e.symbol)]).toEqual([e.symbol, e.value]);
  });
});

describe('--asm-offsets: memory laid out to a real asm-offsets file', () => {
  const root = missingOracle({ linux61: true }) ? undefined : linux61Dir();
  const work = mkdtempSync(join(tmpdir(), 'hypsim-asmoff-'));

  test.skipIf(!root)('config-dependent members move to where the file puts them', () => {
    const tree = new DiskTree(root!);
    const base = kernelLayouts(tree);
    const shifted = [...base.asmOffsets].map(([s, v]) => `#define ${s} ${s === 'VCPU_CONTEXT' || s === 'VCPU_FAULT_DISR' ? v + 64 : v} /* */`);
    const file = join(work, 'asm-offsets.h');
    writeFileSync(file, `${shifted.join('\n')}\n`);
    const fitted = kernelLayouts(tree, file);
    expect(fitted.layouts.resolve('kvm_vcpu', 'arch.ctxt').offset).toBe(base.layouts.resolve('kvm_vcpu', 'arch.ctxt').offset + 64);
    expect(fitted.asmOffsetsSource).toBe(file);
  });

  test.skipIf(!root)('Kbuild asm-offsets.s lines are read too, and an impossible file is an error naming the symbol', () => {
    const tree = new DiskTree(root!);
    const base = kernelLayouts(tree);
    const kbuild = [...base.asmOffsets].map(([s, v]) => `\t.ascii "->${s} ${s === 'CPU_RGSR_EL1' ? v + 8 : v} offsetof(x)"`);
    const file = join(work, 'asm-offsets.s');
    writeFileSync(file, `${kbuild.join('\n')}\n`);
    expect(() => kernelLayouts(tree, file)).toThrow(/cannot be laid out/);
    try {
      kernelLayouts(tree, file);
    } catch (e) {
      expect((e as { notes: string[] }).notes.join()).toContain('CPU_RGSR_EL1');
    }
  });
});
