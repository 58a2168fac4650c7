// The kernel builds the object-identity tests compare against: for Linux 6.1 and 6.12, kbuild's
// objects of the nVHE hypervisor, each object's command line (its `.NAME.o.cmd`), and gcc's `-S`
// output of the C objects made with that command line. Today they come from a directory laid
// out as HYPSIM_KBUILD_DIR (default /tmp/k): `bV/` the build, `sV/units.txt` +
// `sV/<object>.s` the gcc output, `linux-source-V/` the tree; src/kbuild will provide the same.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { TranslationUnit } from '../../src/pipeline.js';
import { DiskTree, normalizePath, type SourceTree } from '../../src/tree/source-tree.js';
import { hasTool, requireOracles } from './oracles.js';

export const KBUILD_VERSIONS = ['6.1', '6.12'] as const;

export interface KbuildUnit {
  readonly version: string;
  readonly kind: 'c' | 'asm';
  /** Build-relative, e.g. arch/arm64/kvm/hyp/nvhe/switch.nvhe.o. */
  readonly object: string;
  /** The source as the command line names it (absolute, possibly with `..`). */
  readonly source: string;
  /** gcc's `-S` output with the object's command line (C units). */
  readonly sFile?: string;
  readonly buildDir: string;
  readonly srcDir: string;
}

export function kbuildRoot(): string {
  return process.env.HYPSIM_KBUILD_DIR ?? '/tmp/k';
}

function unitsFile(version: string): string {
  return join(kbuildRoot(), `s${version}`, 'units.txt');
}

/** A reason to skip (missing builds or tools), or undefined; throws when oracles are required. */
export function kbuildMissing(): string | undefined {
  const missing = KBUILD_VERSIONS.filter((v) => !existsSync(unitsFile(v))).map((v) => `kbuild output of Linux ${v} at ${unitsFile(v)}`);
  if (!hasTool('aarch64-linux-gnu-gcc')) missing.push('tool aarch64-linux-gnu-gcc');
  if (missing.length === 0) return undefined;
  const reason = `missing ${missing.join(', ')}`;
  if (requireOracles) throw new Error(`HYPSIM_REQUIRE_ORACLES=1 but ${reason}`);
  console.warn(`skipping kbuild object tests: ${reason}`);
  return reason;
}

/** The units of one build (the objects kvm_nvhe.o is linked from). */
export function kbuildUnits(version: string): KbuildUnit[] {
  const buildDir = join(kbuildRoot(), `b${version}`);
  const srcDir = join(kbuildRoot(), `linux-source-${version}`);
  return readFileSync(unitsFile(version), 'utf8')
    .trim()
    .split('\n')
    .map((l) => l.split(' '))
    .filter(([kind, object]) => (kind === 'c' || kind === 'asm') && object.endsWith('.o') && !object.endsWith('kvm_nvhe.tmp.o'))
    .map(([kind, object, source, s]) => ({ version, kind: kind as 'c' | 'asm', object, source, ...(kind === 'c' ? { sFile: s } : {}), buildDir, srcDir }));
}

export function objectBytes(unit: KbuildUnit): Uint8Array {
  return readFileSync(join(unit.buildDir, unit.object));
}

export function compilerOutput(unit: KbuildUnit): string {
  return readFileSync(unit.sFile as string, 'latin1');
}

/** The object's command line as kbuild saved it, split into words (quotes removed). */
export function kbuildCommand(unit: KbuildUnit): string[] {
  const cmdFile = join(unit.buildDir, dirname(unit.object), `.${unit.object.split('/').pop()}.cmd`);
  const m = /^(?:saved)?cmd_\S+ := (.*)$/m.exec(readFileSync(cmdFile, 'utf8'));
  if (!m) throw new Error(`no command in ${cmdFile}`);
  return shellWords(m[1]);
}

function shellWords(text: string): string[] {
  const out: string[] = [];
  const re = /(?:[^\s'"\\]+|'[^']*'|"(?:[^"\\]|\\.)*"|\\.)+/g;
  for (const m of text.matchAll(re)) out.push(m[0].replace(/'([^']*)'|"((?:[^"\\]|\\.)*)"|\\(.)/g, (_, a, b, c) => a ?? b?.replace(/\\(.)/g, '$1') ?? c));
  return out;
}

/** `gcc -E` of an assembly unit with its own command line, run in the build directory (what gas gets). */
export function gccPreprocessed(unit: KbuildUnit): string {
  const words = kbuildCommand(unit).filter((w) => !w.startsWith('-Wp,-MMD'));
  const o = words.indexOf('-o');
  const args = [...words.slice(1, o - 1), '-E', ...words.slice(o + 2)];
  return execFileSync(words[0], args, { cwd: unit.buildDir, maxBuffer: 64 << 20 }).toString('latin1');
}

const BUILD = '@build';

/** The source tree with the build directory under `@build/` (generated headers live there). */
class KbuildTree implements SourceTree {
  readonly label = 'kernel';
  private readonly src: DiskTree;
  private readonly build: DiskTree;
  constructor(srcDir: string, buildDir: string) {
    this.src = new DiskTree(srcDir);
    this.build = new DiskTree(buildDir);
  }
  private pick(path: string): [DiskTree, string] {
    const p = normalizePath(path);
    return p.startsWith(`${BUILD}/`) ? [this.build, p.slice(BUILD.length + 1)] : [this.src, p];
  }
  read(path: string): string | undefined {
    const [t, p] = this.pick(path);
    return t.read(p);
  }
  exists(path: string): boolean {
    const [t, p] = this.pick(path);
    return t.exists(p);
  }
}

/**
 * An assembly unit for hypsim's own preprocessor: the -I/-D/-include of its command line over
 * the tree, with file names for debug information as gcc writes them (the main file as the
 * command line spells it, the tree's files absolute).
 */
export function hypsimCppUnit(unit: KbuildUnit): TranslationUnit {
  const inTree = (p: string): string => {
    const abs = resolve(unit.buildDir, p);
    return abs.startsWith(`${unit.srcDir}/`) ? abs.slice(unit.srcDir.length + 1) : `${BUILD}/${abs.slice(unit.buildDir.length + 1)}`;
  };
  const words = kbuildCommand(unit);
  const includeDirs: string[] = [];
  const forcedIncludes: string[] = [];
  const defines: Array<[string, string]> = [];
  const undefs: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (w.startsWith('-I')) includeDirs.push(inTree(w.length > 2 ? w.slice(2) : words[++i]));
    else if (w === '-include') forcedIncludes.push(inTree(words[++i]));
    else if (w.startsWith('-D')) {
      const d = w.slice(2);
      const eq = d.indexOf('=');
      defines.push(eq < 0 ? [d, '1'] : [d.slice(0, eq), d.slice(eq + 1)]);
    } else if (w.startsWith('-U')) undefs.push(w.slice(2));
  }
  const file = inTree(unit.source);
  const debugName = (f: string): string => (f === file ? unit.source : f.startsWith(`${BUILD}/`) ? f.slice(BUILD.length + 1) : join(unit.srcDir, f));
  return { tree: new KbuildTree(unit.srcDir, unit.buildDir), file, options: { includeDirs, forcedIncludes, defines, undefs }, debugName };
}
