// The outputs of a kbuild build of the nVHE hypervisor, for tests that compare hypsim with
// kbuild's own objects. Until src/kbuild prepares trees itself, they come from a directory laid
// out as /tmp/k is on the development machine (HYPSIM_KBUILD_OUTPUTS, default /tmp/k):
//   b<V>/                kbuild's build directory of Linux <V> (objects, .*.cmd, hyp-reloc.S)
//   s<V>/units.txt       one line per nVHE object: <c|asm> <object> <source> <gcc -S output or ->
// Point kbuildOutputs() at src/kbuild when it lands; the tests only use what it returns.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { requireOracles } from './oracles.js';

export const KBUILD_VERSIONS = ['6.1', '6.12'] as const;

export interface KbuildUnit {
  readonly kind: 'c' | 'asm';
  /** The object, relative to the build directory (`arch/arm64/kvm/hyp/nvhe/switch.nvhe.o`). */
  readonly object: string;
  /** gcc's -S output of a C unit, made with kbuild's exact command line. */
  readonly assembly?: string;
}

export interface KbuildOutputs {
  readonly version: string;
  readonly buildDir: string;
  readonly units: readonly KbuildUnit[];
}

export function kbuildOutputsDir(): string {
  return process.env.HYPSIM_KBUILD_OUTPUTS ?? '/tmp/k';
}

/** The build of `version`, or a reason to skip (thrown instead when oracles are required). */
export function kbuildOutputs(version: string): KbuildOutputs | string {
  const root = kbuildOutputsDir();
  const buildDir = join(root, `b${version}`);
  const list = join(root, `s${version}`, 'units.txt');
  if (!existsSync(list) || !existsSync(join(buildDir, 'arch/arm64/kvm/hyp/nvhe'))) {
    const reason = `no kbuild outputs of Linux ${version} under ${root} (b${version}/ and s${version}/units.txt; set HYPSIM_KBUILD_OUTPUTS)`;
    if (requireOracles) throw new Error(`HYPSIM_REQUIRE_ORACLES=1 but ${reason}`);
    console.warn(`skipping kbuild comparison: ${reason}`);
    return reason;
  }
  const units = readFileSync(list, 'utf8').split('\n').filter((l) => l.trim() !== '').map((line): KbuildUnit => {
    const [kind, object, , sFile] = line.split(/\s+/);
    return { kind: kind === 'c' ? 'c' : 'asm', object, ...(kind === 'c' && sFile && sFile !== '-' ? { assembly: sFile } : {}) };
  });
  return { version, buildDir, units: units.filter((u) => existsSync(join(buildDir, u.object))) };
}
