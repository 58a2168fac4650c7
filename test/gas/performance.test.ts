// Assembly time after warm-up on the heaviest real inputs (the budgets are generous multiples of
// what a quiet machine measures, so that a slow CI runner does not fail for nothing).
import { describe, expect, it } from 'vitest';
import { preprocess } from '../../src/cpp/index.js';
import { assemble } from '../../src/gas/index.js';
import { kernelProfile } from '../../src/kvm/kernel-layouts.js';
import { DiskTree } from '../../src/tree/source-tree.js';
import { linux61Available, linux61Dir, linuxV4Dir } from '../helpers/oracles.js';

function medianMs(dir: string, path: string): number {
  const profile = kernelProfile(new DiskTree(dir), path);
  const lines = preprocess(profile.tree, path, { includeDirs: profile.includeDirs, forcedIncludes: profile.forcedIncludes, defines: profile.defines }).lines;
  for (let i = 0; i < 3; i++) assemble(lines, { file: path });
  const times: number[] = [];
  for (let i = 0; i < 7; i++) {
    const t0 = performance.now();
    assemble(lines, { file: path });
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const median = times[3];
  console.log(`assemble ${path}: median ${median.toFixed(1)} ms`);
  return median;
}

describe('assembly speed', () => {
  it.skipIf(!linux61Available())('Linux 6.1 hyp-entry.S (heavy macro use) well under a second', () => {
    expect(medianMs(linux61Dir(), 'arch/arm64/kvm/hyp/hyp-entry.S')).toBeLessThan(500);
    expect(medianMs(linux61Dir(), 'arch/arm64/kvm/hyp/entry.S')).toBeLessThan(300);
  });

  it.skipIf(linuxV4Dir() === undefined)('Linux v4.0 hyp.S well under 100 ms', () => {
    expect(medianMs(linuxV4Dir() as string, 'arch/arm64/kvm/hyp.S')).toBeLessThan(100);
  });
});
