// Running the GNU tools as oracles: GNU as on a text, gcc -E on a kernel file (with hypsim's
// build profile), and the preprocessed text turned into PpLines through its linemarkers.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { PpLine } from '../../../src/gas/index.js';
import { kernelProfile } from '../../../src/kvm/kernel-layouts.js';
import { DiskTree } from '../../../src/tree/source-tree.js';
import { readElf, type ElfObject } from './elf.js';

export const GAS = 'aarch64-linux-gnu-as';
export const GCC = 'aarch64-linux-gnu-gcc';

/** Assembles `text` with GNU as; throws with gas's messages when it fails. */
export function gnuAssemble(text: string): ElfObject {
  const dir = mkdtempSync(join(tmpdir(), 'hypsim-gas-'));
  try {
    writeFileSync(join(dir, 'in.s'), text, 'latin1');
    try {
      execFileSync(GAS, ['-o', join(dir, 'out.o'), join(dir, 'in.s')], { stdio: ['ignore', 'ignore', 'pipe'] });
    } catch (e) {
      const stderr = (e as { stderr?: Buffer }).stderr?.toString() ?? '';
      throw new Error(`GNU as failed:\n${stderr}`);
    }
    return readElf(readFileSync(join(dir, 'out.o')));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * GNU as on `text` as `in.s` in a fresh working directory, with command-line `args` (`-g`,
 * `--gdwarf-5`…): the object and that directory (DW_AT_comp_dir and directory 0 name it).
 */
export function gnuAssembleIn(text: string, args: readonly string[] = []): { object: ElfObject; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'hypsim-gas-'));
  try {
    writeFileSync(join(dir, 'in.s'), text, 'latin1');
    try {
      execFileSync(GAS, [...args, '-o', 'out.o', 'in.s'], { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
    } catch (e) {
      throw new Error(`GNU as failed:\n${(e as { stderr?: Buffer }).stderr?.toString() ?? ''}`);
    }
    return { object: readElf(readFileSync(join(dir, 'out.o'))), dir };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** GNU as's messages for `text` (empty when it assembles cleanly). */
export function gnuMessages(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'hypsim-gas-'));
  try {
    writeFileSync(join(dir, 'in.s'), text, 'latin1');
    try {
      execFileSync(GAS, ['-o', join(dir, 'out.o'), join(dir, 'in.s')], { stdio: ['ignore', 'ignore', 'pipe'] });
      return '';
    } catch (e) {
      return ((e as { stderr?: Buffer }).stderr?.toString() ?? '').replaceAll(join(dir, 'in.s'), 'in.s');
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface Preprocessed {
  readonly text: string;
  readonly lines: PpLine[];
}

/** `gcc -E` of a kernel file with the flags hypsim's kernel build profile gives it. */
export function kernelPreprocess(treeDir: string, path: string): Preprocessed {
  const profile = kernelProfile(new DiskTree(treeDir), path);
  const gen = mkdtempSync(join(tmpdir(), 'hypsim-gen-'));
  try {
    for (const [file, content] of profile.generated) {
      mkdirSync(dirname(join(gen, file)), { recursive: true });
      writeFileSync(join(gen, file), content);
    }
    const args = [
      '-nostdinc',
      ...profile.includeDirs.flatMap((d) => [`-I${treeDir}/${d}`, `-I${gen}/${d}`]),
      ...profile.forcedIncludes.flatMap((f) => ['-include', `${treeDir}/${f}`]),
      ...profile.defines.map(([k, v]) => `-D${k}=${v}`),
      `-fmacro-prefix-map=${treeDir}/=`,
      '-mlittle-endian', '-mabi=lp64', '-fno-PIE', '-E', '-x', 'assembler-with-cpp', path,
    ];
    const text = execFileSync(GCC, args, { cwd: treeDir, maxBuffer: 64 << 20 }).toString('latin1');
    return { text, lines: linemarkedLines(text, [`${treeDir}/`, `${gen}/`]) };
  } finally {
    rmSync(gen, { recursive: true, force: true });
  }
}

/** Splits cpp output into PpLines, following `# N "file" flags` linemarkers; paths made relative to `roots`. */
export function linemarkedLines(text: string, roots: readonly string[]): PpLine[] {
  const out: PpLine[] = [];
  let file = '<stdin>';
  let line = 1;
  for (const l of text.split('\n')) {
    const m = /^# (\d+) "((?:[^"\\]|\\.)*)"/.exec(l);
    if (m) {
      line = Number(m[1]);
      file = m[2];
      for (const r of roots) if (file.startsWith(r)) file = file.slice(r.length);
      continue;
    }
    out.push({ text: l, file, line: line++ });
  }
  return out;
}
