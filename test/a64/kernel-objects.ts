// Builds the real hyp objects of a kernel tree with aarch64-linux-gnu-gcc (the recipe of
// shared/reference/linux-6.1-hyp.md §3.1), using hypsim's generated headers, and lists their
// instruction words with positions and relocations taken from objdump.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { kernelProfile } from '../../src/kvm/kernel-layouts.js';
import { DiskTree } from '../../src/tree/source-tree.js';

export interface ObjectWord {
  readonly file: string;
  readonly section: string;
  readonly offset: number;
  readonly word: number;
  /** objdump's text for the word. */
  readonly objdump: string;
  /** Relocation type patching this word (R_AARCH64_ prefix removed), if any. */
  readonly reloc?: string;
}

const INCLUDE_DIRS = [
  'arch/arm64/include', 'arch/arm64/include/generated', 'include', 'arch/arm64/include/uapi',
  'arch/arm64/include/generated/uapi', 'include/uapi', 'include/generated/uapi',
];

/** Compiles each file (cpp + gas via gcc) and returns every instruction word of its code sections. */
export function kernelObjectWords(treeDir: string, files: readonly string[]): ObjectWord[] {
  const work = mkdtempSync(join(tmpdir(), 'hypsim-kobj-'));
  try {
    const words: ObjectWord[] = [];
    const tree = new DiskTree(treeDir);
    for (const file of files) {
      const profile = kernelProfile(tree, file);
      const gen = join(work, 'gen', file.replace(/\//g, '_'));
      for (const [path, content] of profile.generated) {
        mkdirSync(dirname(join(gen, path)), { recursive: true });
        writeFileSync(join(gen, path), content);
      }
      const includes = INCLUDE_DIRS.flatMap((d) => ['-I', join(treeDir, d), '-I', join(gen, d)]);
      const forced = profile.forcedIncludes.flatMap((f) => ['-include', join(treeDir, f)]);
      const defines = profile.defines.map(([k, v]) => `-D${k}=${v}`);
      const obj = join(work, file.replace(/\//g, '_') + '.o');
      execFileSync('aarch64-linux-gnu-gcc', [
        '-nostdinc', ...includes, ...forced, ...defines, '-mlittle-endian', '-mabi=lp64', '-fno-PIE',
        '-c', '-o', obj, join(treeDir, file),
      ]);
      words.push(...objdumpWords(obj, file));
    }
    return words;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function objdumpWords(obj: string, file: string): ObjectWord[] {
  const out = execFileSync('aarch64-linux-gnu-objdump', ['-dr', obj], { maxBuffer: 1 << 28 }).toString();
  const words: ObjectWord[] = [];
  let section = '';
  for (const line of out.split('\n')) {
    const sec = /^Disassembly of section (\S+):$/.exec(line);
    if (sec) {
      section = sec[1];
      continue;
    }
    const ins = /^\s+([0-9a-f]+):\s+([0-9a-f]{8})\s+(.*)$/.exec(line);
    if (ins) {
      const text = ins[3].replace(/\s+/g, ' ').trim();
      if (/^\.(word|inst|short|byte)\b/.test(text)) continue;
      words.push({ file, section, offset: parseInt(ins[1], 16), word: parseInt(ins[2], 16), objdump: text });
      continue;
    }
    const rel = /^\s+([0-9a-f]+): R_AARCH64_(\w+)\s/.exec(line);
    if (rel && words.length) {
      const last = words[words.length - 1];
      if (last.offset === parseInt(rel[1], 16)) words[words.length - 1] = { ...last, reloc: rel[2] };
    }
  }
  return words;
}
