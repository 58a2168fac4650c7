// Layouts and asm-offsets for a Linux tree: the structure text for its series, array lengths and
// indices from its own headers, and the generated asm-offsets.h the assembler includes.
import { readFileSync } from 'node:fs';
import type { TranslationUnit } from '../pipeline.js';
import { kernelBuildProfile, readKernelVersion, seriesOf, type BuildProfile, type KernelSeries } from '../tree/kernel.js';
import type { SourceTree } from '../tree/source-tree.js';
import { HypsimError } from '../util/diagnostics.js';
import { asmOffsetsHeader, computeAsmOffsets, parseAsmOffsets, type AsmOffsetsSpec } from './asm-offsets.js';
import { arrayLengthNames, definedConstants, enumConstants, headerConstants } from './header-constants.js';
import { LayoutSet, parseLayouts } from './layout.js';
import { V4_ASM_OFFSETS, V4_CONSTANT_HEADERS, V4_LAYOUTS } from './layouts/linux-v4.0.js';
import { V61_ASM_OFFSETS, V61_CONSTANT_HEADERS, V61_ENUMS, V61_LAYOUTS } from './layouts/linux-v6.1.js';

/** An asm-offsets symbol whose value depends on the configuration, and the opaque member that absorbs it. */
type FitRule = readonly [symbol: string, record: string, opaqueMember: string];

interface SeriesLayouts {
  readonly text: string;
  readonly asmOffsets: AsmOffsetsSpec;
  readonly headers: readonly string[];
  readonly enums: ReadonlyArray<{ readonly header: string; readonly name: string }>;
  readonly fit: readonly FitRule[];
}

const SERIES: Record<KernelSeries, SeriesLayouts> = {
  'v4.0': {
    text: V4_LAYOUTS,
    asmOffsets: V4_ASM_OFFSETS,
    headers: V4_CONSTANT_HEADERS,
    enums: [],
    fit: [
      ['VCPU_CONTEXT', 'kvm_vcpu', 'generic_state'],
      ['VCPU_IRQ_LINES', 'arch_timer_cpu', 'timer_hrtimer'],
      ['KVM_VTTBR', 'kvm', 'generic_state'],
      ['KVM_VGIC_VCTRL', 'vgic_dist', 'lock_and_config'],
      ['KVM_TIMER_ENABLED', 'vgic_dist', 'distributor_state'],
    ],
  },
  'v6.1': {
    text: V61_LAYOUTS,
    asmOffsets: V61_ASM_OFFSETS,
    headers: V61_CONSTANT_HEADERS,
    enums: V61_ENUMS,
    fit: [['VCPU_CONTEXT', 'kvm_vcpu', 'generic_state']],
  },
};

/** Resizes `u8 member[N]` inside `struct record { … }` of the layout text. */
function resizeOpaque(text: string, record: string, member: string, delta: number): string {
  const start = text.indexOf(`struct ${record} {`);
  const end = text.indexOf('};', start);
  if (start < 0 || end < 0) throw new HypsimError(`layout fit: no struct ${record}`);
  const body = text.slice(start, end).replace(new RegExp(`(u8 ${member}\\[)(\\d+)(\\])`), (_, a: string, n: string, b: string) => {
    const size = Number(n) + delta;
    if (size < 0) throw new HypsimError(`layout fit: ${record}.${member} would shrink below zero`);
    return `${a}${size}${b}`;
  });
  return text.slice(0, start) + body + text.slice(end);
}

/**
 * Lays memory out to a real asm-offsets file: opaque members that stand for config-dependent
 * parts of a structure grow or shrink until the modelled members sit where the file says;
 * any asm-offsets symbol still off afterwards is an error that names it.
 */
function fitLayouts(spec: SeriesLayouts, series: KernelSeries, numeric: ReadonlyMap<string, number>, constants: ReadonlyMap<string, bigint>, wanted: ReadonlyMap<string, number>, source: string): LayoutSet {
  let text = spec.text;
  const layOut = () => new LayoutSet(parseLayouts(text, numeric, `Linux ${series} layouts`));
  for (const [symbol, record, member] of spec.fit) {
    const want = wanted.get(symbol);
    if (want === undefined) continue;
    const have = computeAsmOffsets(layOut(), spec.asmOffsets.filter(([s]) => s === symbol), constants).get(symbol)!;
    if (have !== want) text = resizeOpaque(text, record, member, want - have);
  }
  const layouts = layOut();
  const mine = computeAsmOffsets(layouts, spec.asmOffsets, constants);
  const off = [...mine].filter(([s, v]) => wanted.has(s) && wanted.get(s) !== v);
  if (off.length) {
    throw new HypsimError(
      `${source}: hypsim's model of the Linux ${series} structures cannot be laid out to match this asm-offsets file`,
      undefined,
      'input',
      off.map(([s, v]) => `${s}: file ${wanted.get(s)}, model ${v}`),
    );
  }
  return layouts;
}

export interface KernelLayouts {
  readonly series: KernelSeries;
  readonly layouts: LayoutSet;
  /** Array lengths and named indices (sys_regs slots) from the tree's headers. */
  readonly constants: ReadonlyMap<string, bigint>;
  readonly asmOffsets: ReadonlyMap<string, number>;
  /** Where the asm-offsets came from: hypsim's layouts or a file given with --asm-offsets. */
  readonly asmOffsetsSource: string;
}

export function kernelLayouts(tree: SourceTree, asmOffsetsFile?: string): KernelLayouts {
  const series = seriesOf(readKernelVersion(tree));
  const spec = SERIES[series];
  const constants = new Map<string, bigint>();
  for (const e of spec.enums) for (const [k, v] of enumConstants(tree, e.header, e.name)) constants.set(k, v);
  const wanted = arrayLengthNames(spec.text).filter((n) => !constants.has(n));
  if (wanted.length) for (const [k, v] of definedConstants(tree, spec.headers, wanted)) constants.set(k, v);
  const numeric = new Map([...constants].map(([k, v]) => [k, Number(v)]));
  if (asmOffsetsFile === undefined) {
    const layouts = new LayoutSet(parseLayouts(spec.text, numeric, `Linux ${series} layouts`));
    return { series, layouts, constants, asmOffsets: computeAsmOffsets(layouts, spec.asmOffsets, constants), asmOffsetsSource: `hypsim's Linux ${series} layouts` };
  }
  const asmOffsets = readAsmOffsets(asmOffsetsFile);
  const layouts = fitLayouts(spec, series, numeric, constants, asmOffsets, asmOffsetsFile);
  return { series, layouts, constants, asmOffsets, asmOffsetsSource: asmOffsetsFile };
}

function readAsmOffsets(path: string): Map<string, number> {
  let text: string;
  try {
    text = readFileSync(path, 'latin1');
  } catch {
    throw new HypsimError(`${path}: cannot read asm-offsets file`);
  }
  return parseAsmOffsets(text, path);
}

/** A file of a kernel tree as the kernel build would assemble it, asm-offsets from layouts. */
export function kernelUnit(tree: SourceTree, file: string, k: KernelLayouts): TranslationUnit {
  const profile = kernelBuildProfile(tree, file, { asmOffsets: asmOffsetsHeader(k.asmOffsets, k.asmOffsetsSource) });
  return {
    tree: profile.tree,
    file,
    options: { includeDirs: profile.includeDirs, forcedIncludes: profile.forcedIncludes, defines: profile.defines },
  };
}

/** The kernel build profile of a file with hypsim's asm-offsets among the generated headers. */
export function kernelProfile(tree: SourceTree, file: string, asmOffsetsFile?: string): BuildProfile {
  const k = kernelLayouts(tree, asmOffsetsFile);
  return kernelBuildProfile(tree, file, { asmOffsets: asmOffsetsHeader(k.asmOffsets, k.asmOffsetsSource) });
}

/** Constants the modelled C uses, read from the tree's assembly-safe headers (64-bit values). */
export function kernelConstants(tree: SourceTree, headers: readonly string[], names: readonly string[]): (name: string) => bigint {
  const profile = kernelBuildProfile(tree, 'arch/arm64/kvm/hyp.S', { asmOffsets: '' });
  const values = headerConstants(profile.tree, profile.includeDirs, ['linux/kconfig.h', ...headers], names, profile.defines);
  return (name) => {
    const v = values.get(name);
    if (v === undefined) throw new HypsimError(`${tree.label}: constant ${name} not found in the tree's headers`);
    return BigInt.asUintN(64, v);
  };
}
