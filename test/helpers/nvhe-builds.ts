// The kbuild builds of the Linux 6.1 and 6.12 nVHE hypervisor that tests read: each tree's build
// directory (objects and their .cmd files) and gcc's -S output of every C object, in the layout
// of /tmp/k (bV/ and sV/units.txt: `kind object source s-file`). HYPSIM_NVHE_BUILDS names another
// root. Absent, the tests skip with a message, or fail with HYPSIM_REQUIRE_ORACLES=1.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { requireOracles } from './oracles.js';

export interface NvheUnit {
  readonly kind: 'c' | 'asm';
  /** Absolute path of the object kbuild built. */
  readonly object: string;
  readonly source: string;
  /** gcc's -S output for a C unit. */
  readonly sFile?: string;
}

export interface NvheBuild {
  readonly version: string;
  readonly buildDir: string;
  readonly units: readonly NvheUnit[];
  /** Every unit's object and the linked kvm_nvhe.o. */
  readonly objects: readonly string[];
}

export const NVHE_VERSIONS = ['6.1', '6.12'] as const;

export function nvheBuildsRoot(): string {
  return process.env.HYPSIM_NVHE_BUILDS ?? '/tmp/k';
}

function unitsFile(version: string): string {
  return join(nvheBuildsRoot(), `s${version}`, 'units.txt');
}

export function nvheBuild(version: string): NvheBuild {
  const buildDir = join(nvheBuildsRoot(), `b${version}`);
  const units = readFileSync(unitsFile(version), 'utf8').trim().split('\n').map((line): NvheUnit => {
    const [kind, object, source, s] = line.split(/\s+/);
    return { kind: kind === 'c' ? 'c' : 'asm', object: join(buildDir, object), source, ...(s && s !== '-' ? { sFile: s } : {}) };
  });
  const linked = join(buildDir, 'arch/arm64/kvm/hyp/nvhe/kvm_nvhe.o');
  return { version, buildDir, units, objects: [...units.map((u) => u.object), linked] };
}

/** Why the nVHE builds cannot be read (undefined when they can); throws when oracles are required. */
export function missingNvheBuilds(): string | undefined {
  const missing = NVHE_VERSIONS.filter((v) => !existsSync(unitsFile(v)) || !existsSync(join(nvheBuildsRoot(), `b${v}`)));
  if (missing.length === 0) return undefined;
  const reason = `no kbuild nVHE builds of Linux ${missing.join(', ')} under ${nvheBuildsRoot()} (set HYPSIM_NVHE_BUILDS)`;
  if (requireOracles) throw new Error(`HYPSIM_REQUIRE_ORACLES=1 but ${reason}`);
  console.warn(`skipping nVHE object tests: ${reason}`);
  return reason;
}
