// How the kernel build preprocesses an arm64 `.S` file: include order, forced includes, defines,
// and the generated headers a plain source tree lacks. Used by `--kernel DIR`.
import { statSync } from 'node:fs';
import { HypsimError } from '../util/diagnostics.js';
import { DiskTree, OverlayTree, type SourceTree } from './source-tree.js';

/** The tree `--kernel DIR` names, checked to be a directory; messages name it as given. */
export function kernelDiskTree(dir: string): DiskTree {
  let isDir = false;
  try {
    isDir = statSync(dir).isDirectory();
  } catch {
    throw new HypsimError(`--kernel ${dir}: no such directory`);
  }
  if (!isDir) throw new HypsimError(`--kernel ${dir}: not a directory`);
  return new DiskTree(dir, dir);
}

export type KernelSeries = 'v4.0' | 'v6.1';

export interface KernelVersion {
  readonly version: number;
  readonly patchlevel: number;
  readonly sublevel: number;
}

export interface BuildProfile {
  readonly tree: SourceTree;
  readonly series: KernelSeries;
  readonly version: KernelVersion;
  readonly includeDirs: readonly string[];
  readonly forcedIncludes: readonly string[];
  readonly defines: ReadonlyArray<readonly [string, string]>;
  /** Files hypsim supplies because the tree does not have them (path → content). */
  readonly generated: ReadonlyMap<string, string>;
}

/** Kbuild's include order for arm64 (srctree and objtree are the same directory here). */
const INCLUDE_DIRS = [
  'arch/arm64/include',
  'arch/arm64/include/generated',
  'include',
  'arch/arm64/include/uapi',
  'arch/arm64/include/generated/uapi',
  'include/uapi',
  'include/generated/uapi',
];

export function readKernelVersion(tree: SourceTree): KernelVersion {
  const makefile = tree.read('Makefile');
  if (makefile === undefined) throw new HypsimError(`${tree.label}: no Makefile at the top of the kernel tree`);
  const field = (name: string) => {
    const m = new RegExp(`^${name}\\s*=\\s*(\\d+)`, 'm').exec(makefile);
    if (!m) throw new HypsimError(`${tree.label}/Makefile: no ${name} line; is this a Linux tree?`);
    return Number(m[1]);
  };
  return { version: field('VERSION'), patchlevel: field('PATCHLEVEL'), sublevel: field('SUBLEVEL') };
}

export function seriesOf(v: KernelVersion): KernelSeries {
  if (v.version === 4 && v.patchlevel === 0) return 'v4.0';
  if (v.version === 6 && v.patchlevel === 1) return 'v6.1';
  throw new HypsimError(`Linux ${v.version}.${v.patchlevel} is not a supported tree (supported: 4.0, 6.1)`);
}

/** Defines the kbuild command line adds for a given file (hyp flavour). */
function flavourDefines(series: KernelSeries, path: string): Array<[string, string]> {
  if (series !== 'v6.1') return [];
  if (path.startsWith('arch/arm64/kvm/hyp/nvhe/')) return [['__KVM_NVHE_HYPERVISOR__', '1'], ['__DISABLE_EXPORTS', '1']];
  if (path.startsWith('arch/arm64/kvm/hyp/')) return [['__KVM_VHE_HYPERVISOR__', '1']];
  return [];
}

/** The few CONFIG_ values that change the generated code of the hyp files (see shared/reference). */
const AUTOCONF: Record<KernelSeries, Array<[string, string]>> = {
  'v4.0': [
    ['CONFIG_64BIT', '1'], ['CONFIG_SMP', '1'], ['CONFIG_ARM64_VA_BITS', '39'], ['CONFIG_ARM64_VA_BITS_39', '1'],
    ['CONFIG_ARM64_4K_PAGES', '1'], ['CONFIG_PGTABLE_LEVELS', '3'], ['CONFIG_COMPAT', '1'],
    ['CONFIG_KVM', '1'], ['CONFIG_KVM_ARM_HOST', '1'],
  ],
  'v6.1': [
    ['CONFIG_64BIT', '1'], ['CONFIG_ARM64_PAGE_SHIFT', '12'], ['CONFIG_ARM64_MTE', '1'], ['CONFIG_ARM64_PTR_AUTH', '1'],
    ['CONFIG_ARM64_PAN', '1'], ['CONFIG_ARM64_RAS_EXTN', '1'], ['CONFIG_MITIGATE_SPECTRE_BRANCH_HISTORY', '1'],
    ['CONFIG_ARM64_SVE', '1'], ['CONFIG_DEBUG_BUGVERBOSE', '1'], ['CONFIG_GENERIC_BUG', '1'],
    ['CONFIG_QCOM_FALKOR_ERRATUM_E1041', '1'],
  ],
};

function generatedFiles(tree: SourceTree, series: KernelSeries, asmOffsets?: string): Map<string, string> {
  const gen = new Map<string, string>();
  const want = (path: string, content: () => string) => {
    if (!tree.exists(path)) gen.set(path, content());
  };
  want('include/generated/autoconf.h', () => AUTOCONF[series].map(([k, v]) => `#define ${k} ${v}`).join('\n') + '\n');
  if (asmOffsets !== undefined) gen.set('include/generated/asm-offsets.h', asmOffsets);
  if (series === 'v4.0') {
    want('arch/arm64/include/generated/asm/types.h', () => '#include <asm-generic/types.h>\n');
    want('arch/arm64/include/generated/asm/sizes.h', () => '#include <asm-generic/sizes.h>\n');
  } else {
    want('arch/arm64/include/generated/uapi/asm/errno.h', () => '#include <asm-generic/errno.h>\n');
    want('arch/arm64/include/generated/uapi/asm/types.h', () => '#include <asm-generic/types.h>\n');
    for (const p of ['arch/arm64/include/generated/asm/cpucaps.h', 'arch/arm64/include/generated/asm/sysreg-defs.h']) {
      if (!tree.exists(p)) {
        throw new HypsimError(`${tree.label}: generated header ${p} is missing; run 'make ARCH=arm64 prepare' in the tree or scripts/prepare-linux-6.1.sh`);
      }
    }
  }
  return gen;
}

export interface ProfileOptions {
  /** Content of the asm-offsets.h to assemble with (hypsim generates it from its layouts). */
  readonly asmOffsets?: string;
}

export function kernelBuildProfile(tree: SourceTree, path: string, opts: ProfileOptions = {}): BuildProfile {
  const version = readKernelVersion(tree);
  const series = seriesOf(version);
  const generated = generatedFiles(tree, series, opts.asmOffsets);
  const forced = ['include/linux/compiler-version.h', 'include/linux/kconfig.h'].filter((p) => tree.exists(p));
  return {
    tree: new OverlayTree(tree, generated),
    series,
    version,
    includeDirs: INCLUDE_DIRS,
    forcedIncludes: forced,
    defines: [['__KERNEL__', '1'], ['__ASSEMBLY__', '1'], ...flavourDefines(series, path)],
    generated,
  };
}
