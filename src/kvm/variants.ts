// Variants: the same tree before and after a patch. Built-in names refer to the corpus patches.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { corpusTree, packageRoot } from '../tree/corpus.js';
import { applyPatch, type PatchResult } from '../tree/patch.js';
import type { SourceTree } from '../tree/source-tree.js';
import { HypsimError } from '../util/diagnostics.js';
import { corpusSession } from './corpus-session.js';
import { linuxV4Session } from './linux-v4-session.js';
import { linuxV61Session } from './linux-v61-session.js';
import { kernelDiskTree, readKernelVersion, seriesOf } from '../tree/kernel.js';
import { DiskTree } from '../tree/source-tree.js';
import type { Session } from './session.js';

export const BUILTIN_VARIANTS: Record<string, { patch?: string; description: string }> = {
  original: { description: 'the corpus as it is: FP/SIMD switched on every guest entry and exit' },
  'move-to-load-put': { patch: 'asm/patches/move-fpsimd-to-load-put.patch', description: 'FP/SIMD switched in vcpu_load/vcpu_put (the RFC)' },
  lazy: { patch: 'asm/patches/lazy-fpsimd.patch', description: "FP/SIMD switched on the guest's first use (CPTR_EL2.TFP trap)" },
};

export interface VariantSpec {
  /** A built-in corpus variant name, or undefined for the tree as given. */
  readonly name?: string;
  /** A patch file to apply (path as given on the command line; `-` is standard input). */
  readonly patchFile?: string;
  /** The patch's text when the caller has read it (standard input). */
  readonly patchText?: string;
  /** A Linux tree instead of the corpus. */
  readonly kernel?: string;
  /** A real asm-offsets.h / asm-offsets.s to lay memory out by. */
  readonly asmOffsets?: string;
}

export interface BuiltVariant {
  readonly session: Session;
  readonly label: string;
  readonly patch?: PatchResult;
  readonly patchName?: string;
}

function readPatch(spec: VariantSpec): string {
  if (spec.patchText !== undefined) return spec.patchText;
  const path = spec.patchFile!;
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw new HypsimError(`${path}: cannot read patch file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
}

/** How a patch is named in labels and messages: `stdin` for `-`. */
export function patchLabel(path: string): string {
  return path === '-' ? 'stdin' : path;
}

function patchedTree(base: SourceTree, text: string, name: string): PatchResult {
  return applyPatch(base, text, name);
}

/** A corpus variant: built-in name or a patch file applied to the corpus. */
export function corpusVariant(spec: VariantSpec): BuiltVariant {
  const base = corpusTree();
  if (spec.patchFile !== undefined) {
    const name = patchLabel(spec.patchFile);
    const patch = patchedTree(base, readPatch(spec), name);
    const label = `corpus + ${name.split('/').pop()}`;
    return { session: corpusSession({ tree: patch.tree, label }), label, patch, patchName: name };
  }
  const name = spec.name ?? 'original';
  const def = BUILTIN_VARIANTS[name];
  if (!def) throw new HypsimError(`unknown variant '${name}' (built-in: ${Object.keys(BUILTIN_VARIANTS).join(', ')})`, undefined, 'usage');
  if (!def.patch) return { session: corpusSession({ tree: base, label: `corpus (${name})` }), label: `corpus (${name})` };
  const patch = patchedTree(base, readFileSync(join(packageRoot(), def.patch), 'utf8'), def.patch);
  const label = `corpus (${name})`;
  return { session: corpusSession({ tree: patch.tree, label }), label, patch, patchName: def.patch };
}

function kernelVariant(spec: VariantSpec & { kernel: string }): BuiltVariant {
  const base = kernelDiskTree(spec.kernel);
  const version = readKernelVersion(base);
  const series = seriesOf(version);
  const name = `Linux ${version.version}.${version.patchlevel}.${version.sublevel}`;
  const patchName = spec.patchFile === undefined ? undefined : patchLabel(spec.patchFile);
  const patch = spec.patchFile === undefined ? undefined : applyPatch(new DiskTree(spec.kernel, name), readPatch(spec), patchName);
  const label = patch ? `${name} + ${patchName!.split('/').pop()}` : name;
  const tree = patch?.tree ?? base;
  const sessionOptions = { tree, label, ...(spec.asmOffsets ? { asmOffsetsFile: spec.asmOffsets } : {}) };
  const session = series === 'v4.0' ? linuxV4Session(sessionOptions) : linuxV61Session(sessionOptions);
  return { session, label, ...(patch ? { patch, patchName } : {}) };
}

export function buildVariant(spec: VariantSpec): BuiltVariant {
  if (spec.kernel !== undefined) return kernelVariant({ ...spec, kernel: spec.kernel });
  if (spec.asmOffsets !== undefined) throw new HypsimError('--asm-offsets applies to kernel trees (--kernel)', undefined, 'usage');
  return corpusVariant(spec);
}
