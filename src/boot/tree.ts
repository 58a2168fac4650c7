// Everything boot-time patching needs to know about one kernel tree, read from the tree and its
// kbuild build: cap numbers, the .config, ID register fields, the layouts of the patching tables'
// entries and the constants the kernel's boot code uses (both compiled by the tree's own compiler
// with the hypervisor's flags), and the MIDR values of the CPU models the tables name.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { KernelBuild } from '../kbuild/index.js';
import { probeNamed } from '../kbuild/probe.js';
import { HypsimError } from '../util/diagnostics.js';
import { modelsOf } from './cap-rules.js';
import { CPU_FEATURES } from './cpu-features.js';
import { readCpucaps, type Cpucaps } from './cpucaps.js';
import { ERRATA } from './errata.js';
import { readIdFields, type IdFields } from './id-fields.js';
import { readKconfig, type Kconfig } from './kconfig.js';
import type { MidrModels } from './midr.js';
import { SPECTRE_MODELS } from './spectre.js';
import { KEY_MIDR_RULES, STATIC_KEYS } from './static-key-table.js';

export interface FieldLayout {
  readonly offset: number;
  readonly size: number;
}

export interface AltInstrLayout {
  readonly size: number;
  readonly origOffset: FieldLayout;
  readonly altOffset: FieldLayout;
  /** `cpucap` (6.3+) or `cpufeature`: the cap number, ARM64_CB_BIT set for a callback. */
  readonly cap: FieldLayout;
  readonly origLen: FieldLayout;
  readonly altLen: FieldLayout;
  readonly cbBit: number;
}

export interface JumpEntryLayout {
  readonly size: number;
  readonly code: FieldLayout;
  readonly target: FieldLayout;
  readonly key: FieldLayout;
}

/** Constants of the kernel's boot code, as the tree defines them. */
export const CONSTANT_EXPRS = {
  KVM_VECTOR_PREAMBLE: 'KVM_VECTOR_PREAMBLE',
  ARM_SMCCC_ARCH_WORKAROUND_3: 'ARM_SMCCC_ARCH_WORKAROUND_3',
  BUG_BRK_IMM: 'BUG_BRK_IMM',
  PAGE_SIZE: 'PAGE_SIZE',
  PAGE_OFFSET: 'PAGE_OFFSET',
  VA_BITS: 'VA_BITS',
  KIMAGE_VADDR: 'KIMAGE_VADDR',
  PUD_SHIFT: 'PUD_SHIFT',
  SECTION_SIZE_BITS: 'SECTION_SIZE_BITS',
  HYP_VECTOR_DIRECT: 'HYP_VECTOR_DIRECT',
  HYP_VECTOR_SPECTRE_DIRECT: 'HYP_VECTOR_SPECTRE_DIRECT',
  HYP_VECTOR_INDIRECT: 'HYP_VECTOR_INDIRECT',
  HYP_VECTOR_SPECTRE_INDIRECT: 'HYP_VECTOR_SPECTRE_INDIRECT',
} as const;
export type ConstantName = keyof typeof CONSTANT_EXPRS;

export interface BootTree {
  readonly buildDir: string;
  readonly caps: Cpucaps;
  readonly config: Kconfig;
  readonly fields: IdFields;
  readonly altInstr: AltInstrLayout;
  readonly jumpEntry: JumpEntryLayout;
  readonly constants: Readonly<Record<ConstantName, bigint>>;
  readonly models: MidrModels;
  /** Byte offsets of the static keys that are struct members (`kvm_vgic_global_state.gicv3_cpuif` → 40). */
  readonly keyMembers: ReadonlyMap<string, number>;
  /** objcopy's --prefix-symbols of the hypervisor (`__kvm_nvhe_`). */
  readonly symbolPrefix: string;
}

const PROBE_INCLUDES = [
  'linux/kvm_host.h', 'asm/kvm_asm.h', 'asm/alternative.h', 'linux/jump_label.h', 'linux/arm-smccc.h', 'kvm/arm_vgic.h',
  'asm/brk-imm.h', 'asm/spectre.h', 'asm/cputype.h', 'asm/memory.h', 'asm/pgtable-hwdef.h', 'asm/sparsemem.h',
];
const ALT_INSTR_HEADER = 'arch/arm64/include/asm/alternative.h';
const CPUTYPE_HEADER = 'arch/arm64/include/asm/cputype.h';
const CAP_MEMBER = ['cpucap', 'cpufeature'];

/** The members of `struct NAME { … };` as the header declares them, in order. */
export function structMembers(text: string, name: string): string[] {
  const m = new RegExp(`struct\\s+${name}\\s*\\{([^}]*)\\}`).exec(text);
  if (!m) return [];
  const body = m[1].replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
  return [...body.matchAll(/(\w+)\s*(?:\[[^\]]*\])?\s*;/g)].map((x) => x[1]);
}

function readSource(build: KernelBuild, path: string): string {
  const full = join(build.srcDir, path);
  if (!existsSync(full)) throw new HypsimError(`${build.tree}: no ${path}`);
  return readFileSync(full, 'utf8');
}

function layoutExprs(struct: string, members: readonly string[]): Record<string, string> {
  const out: Record<string, string> = { [`${struct}.size`]: `sizeof(struct ${struct})` };
  for (const m of members) {
    out[`${struct}.${m}.offset`] = `offsetof(struct ${struct}, ${m})`;
    out[`${struct}.${m}.size`] = `sizeof(((struct ${struct} *)0)->${m})`;
  }
  return out;
}

function symbolPrefixOf(build: KernelBuild): string {
  const root = build.graph.steps.get(build.graph.roots[0]);
  return root?.kind === 'objcopy' ? (root.symbolPrefix ?? '') : '';
}

export async function readBootTree(build: KernelBuild): Promise<BootTree> {
  const altMembers = structMembers(readSource(build, ALT_INSTR_HEADER), 'alt_instr');
  const cap = altMembers.find((m) => CAP_MEMBER.includes(m));
  if (cap === undefined) throw new HypsimError(`${ALT_INSTR_HEADER}: struct alt_instr has no ${CAP_MEMBER.join(' or ')} member (members: ${altMembers.join(', ') || 'none found'})`);
  const cputype = readSource(build, CPUTYPE_HEADER);
  const wanted = [...new Set([...[...CPU_FEATURES, ...ERRATA].flatMap((r) => modelsOf(r.rule)), ...KEY_MIDR_RULES.flatMap(modelsOf), ...SPECTRE_MODELS])];
  const models = wanted.filter((m) => new RegExp(`^\\s*#\\s*define\\s+${m}\\b`, 'm').test(cputype));
  const keyMembers = STATIC_KEYS.flatMap((k) => (k.member ? [k] : []));
  const exprs: Record<string, string> = {
    ...layoutExprs('alt_instr', ['orig_offset', 'alt_offset', cap, 'orig_len', 'alt_len']),
    ...layoutExprs('jump_entry', ['code', 'target', 'key']),
    ARM64_CB_BIT: 'ARM64_CB_BIT',
    ...CONSTANT_EXPRS,
    ...Object.fromEntries(models.map((m) => [m, m])),
    ...Object.fromEntries(keyMembers.map((k) => [`${k.symbol}.${k.member!.field}`, `offsetof(${k.member!.type}, ${k.member!.field})`])),
  };
  const v = await probeNamed(build, PROBE_INCLUDES, exprs);
  const field = (s: string, m: string): FieldLayout => ({ offset: Number(v[`${s}.${m}.offset`]), size: Number(v[`${s}.${m}.size`]) });
  return {
    buildDir: build.buildDir,
    caps: readCpucaps(build.buildDir),
    config: readKconfig(build.buildDir),
    fields: readIdFields(build.buildDir),
    altInstr: {
      size: Number(v['alt_instr.size']),
      origOffset: field('alt_instr', 'orig_offset'),
      altOffset: field('alt_instr', 'alt_offset'),
      cap: field('alt_instr', cap),
      origLen: field('alt_instr', 'orig_len'),
      altLen: field('alt_instr', 'alt_len'),
      cbBit: Number(v.ARM64_CB_BIT),
    },
    jumpEntry: { size: Number(v['jump_entry.size']), code: field('jump_entry', 'code'), target: field('jump_entry', 'target'), key: field('jump_entry', 'key') },
    constants: Object.fromEntries(Object.keys(CONSTANT_EXPRS).map((k) => [k, v[k]])) as Record<ConstantName, bigint>,
    models: new Map(models.map((m) => [m, Number(v[m])])),
    keyMembers: new Map(keyMembers.map((k) => [`${k.symbol}.${k.member!.field}`, Number(v[`${k.symbol}.${k.member!.field}`])])),
    symbolPrefix: symbolPrefixOf(build),
  };
}
