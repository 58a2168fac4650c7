// Once per test run: extract the Linux trees and build their nVHE hypervisor with kbuild (through
// src/kbuild, cached in .cache/hypsim), so that tests only read the result.
import { KERNEL_VERSIONS, extractTree, kernelBuild } from './helpers/kernel-builds.js';
import { requireOracles } from './helpers/oracles.js';

export default async function setup(): Promise<void> {
  if (process.env.HYPSIM_SKIP_KERNEL_BUILDS === '1' && !requireOracles) return;
  for (const v of KERNEL_VERSIONS) {
    const missing = extractTree(v);
    if (missing !== undefined) {
      if (requireOracles) throw new Error(`HYPSIM_REQUIRE_ORACLES=1 but ${missing}`);
      console.warn(`kbuild tests will skip: ${missing}`);
      continue;
    }
    const started = Date.now();
    const { build } = await kernelBuild(v);
    console.log(`Linux ${v}: kbuild output ${build.reused ? 'reused' : 'built'} in ${((Date.now() - started) / 1000).toFixed(1)} s (${build.buildDir})`);
  }
}
