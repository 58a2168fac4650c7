// Every instruction of the Linux 6.1 and 6.12 nVHE hypervisor as kbuild builds it (test/helpers/
// nvhe-builds.ts): every word of every object decodes, disassembles as objdump prints it, and
// round-trips through GNU as (with every feature, and at gas's default with `.inst` where needed);
// every instruction gcc emits in the C objects' -S output (inline asm included), with its `.arch`
// and `.arch_extension` lines and kbuild's -march=armv8.5-a, assembles to gas's bytes.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ALL_FEATURES } from '../../src/a64/features.js';
import { decode, disassemble } from '../../src/a64/index.js';
import { assembleText } from '../../src/gas/index.js';
import { HypsimError, formatError } from '../../src/util/diagnostics.js';
import { NVHE_VERSIONS, missingNvheBuilds, nvheBuild, type NvheBuild } from '../helpers/nvhe-builds.js';
import { missingOracle } from '../helpers/oracles.js';
import { GAS_TOOLS, gasWords, hex } from './helpers.js';

interface Word {
  readonly where: string;
  readonly word: number;
  readonly objdump: string;
}

function objectWords(objects: readonly string[]): Word[] {
  const words: Word[] = [];
  for (const obj of objects) {
    const out = execFileSync('aarch64-linux-gnu-objdump', ['-d', obj], { maxBuffer: 1 << 28 }).toString();
    let section = '';
    for (const line of out.split('\n')) {
      const sec = /^Disassembly of section (\S+):$/.exec(line);
      if (sec) section = sec[1];
      const m = /^\s+([0-9a-f]+):\s+([0-9a-f]{8})\s+(.*)$/.exec(line);
      if (!m) continue;
      const text = m[3].replace(/\s+\/\/.*$/, '').replace(/\s+/g, ' ').trim();
      if (/^\.(word|short|byte)\b/.test(text)) continue;
      words.push({ where: `${obj.split('/').pop()} ${section}+0x${m[1]}`, word: parseInt(m[2], 16), objdump: text });
    }
  }
  return words;
}

/** objdump's text without what depends on the address (branch targets and their symbols). */
const comparable = (text: string): string => text.replace(/ <[^>]*>$/, '').replace(/\s+/g, '');

/** The instructions of a gcc -S file and what they need to assemble on their own (see the header). */
function instructionStatements(text: string): string {
  const KEEP = new Set(['.arch', '.arch_extension', '.cpu', '.equ', '.purgem', '.inst']);
  const out: string[] = [];
  const dropEndr: boolean[] = [];
  let inMacro = false;
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\/\/.*$/, '');
    if (inMacro) {
      out.push(line);
      if (/^\s*\.endm\b/.test(line)) inMacro = false;
      continue;
    }
    let t = line.trim();
    for (let m; (m = /^([A-Za-z_.$][\w.$]*|\d+):\s*/.exec(t)); ) t = t.slice(m[0].length);
    if (!t || t.startsWith('#')) continue;
    const word = (/^\S+/.exec(t) as RegExpExecArray)[0].toLowerCase();
    if (word === '.macro') inMacro = true;
    else if (word === '.rept') {
      dropEndr.push(true);
      continue;
    } else if (word === '.irp' || word === '.irpc') dropEndr.push(false);
    else if (word === '.endr') {
      if (dropEndr.pop()) continue;
    } else if (word.startsWith('.') && !KEEP.has(word)) continue;
    out.push(t.replace(/\b(\d+)[bf]\b/g, '.Lnum_$1'));
  }
  return out.join('\n') + '\n';
}

function gasText(source: string, flags: readonly string[]): { bytes: string; relocs: string[] } {
  const dir = mkdtempSync(join(tmpdir(), 'hypsim-nvhe-'));
  try {
    writeFileSync(join(dir, 't.s'), source);
    const r = spawnSync('aarch64-linux-gnu-as', [...flags, '-o', join(dir, 't.o'), join(dir, 't.s')]);
    if (r.status !== 0) throw new Error(`gas: ${r.stderr.toString().slice(0, 2000)}`);
    execFileSync('aarch64-linux-gnu-objcopy', ['-O', 'binary', '-j', '.text', join(dir, 't.o'), join(dir, 't.bin')]);
    const dump = execFileSync('aarch64-linux-gnu-objdump', ['-r', '-j', '.text', join(dir, 't.o')], { maxBuffer: 1 << 26 }).toString();
    const relocs = [...dump.matchAll(/^([0-9a-f]+) R_AARCH64_(\w+)\s+(\S+)/gm)].map((m) => `${parseInt(m[1], 16)} ${m[2]} ${m[3].replace(/[+-]0x[0-9a-f]+$/, '')}`);
    return { bytes: readFileSync(join(dir, 't.bin')).toString('hex'), relocs };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function hypsimText(source: string, march: string): { bytes: string; relocs: string[] } {
  try {
    const p = assembleText(source, { file: 't.s', march });
    const text = p.sections.find((s) => s.name === '.text');
    return { bytes: Buffer.from(text?.bytes ?? []).toString('hex'), relocs: (text?.relocs ?? []).map((r) => `${r.offset} ${r.type} ${r.symbol}`) };
  } catch (e) {
    if (e instanceof HypsimError) throw new Error(formatError(e));
    throw e;
  }
}

const skip = missingOracle({ tools: GAS_TOOLS }) ?? missingNvheBuilds();

describe.skipIf(skip).each(NVHE_VERSIONS)('Linux %s nVHE objects (kbuild)', (version) => {
  let build: NvheBuild;
  let words: Word[] = [];
  let distinct: Word[] = [];
  beforeAll(() => {
    build = nvheBuild(version);
    words = objectWords(build.objects);
    distinct = [...new Map(words.map((w) => [w.word, w])).values()];
  });

  it('every instruction word of every object decodes, and disassembles as objdump prints it', () => {
    expect(words.length).toBeGreaterThan(20_000);
    expect(words.filter((w) => !decode(w.word)).map((w) => `${w.where}: ${hex(w.word)} ${w.objdump}`)).toEqual([]);
    const differs = distinct.flatMap((w) => {
      const d = decode(w.word);
      if (!d || d.form.operands(d.fields).some((o) => o.kind === 'target')) return [];
      const ours = disassemble(w.word, { reassemblable: false });
      return comparable(ours) === comparable(w.objdump) ? [] : [`${w.where}: ${hex(w.word)} objdump '${w.objdump}', hypsim '${ours}'`];
    });
    expect(differs).toEqual([]);
  });

  it('every distinct word round-trips through GNU as with every feature, and at the default', () => {
    for (const [flags, opts] of [[['-march=all'], { features: ALL_FEATURES }], [[], {}]] as const) {
      const texts = distinct.map((w) => disassemble(w.word, opts));
      const back = gasWords(texts, flags);
      const bad = distinct.flatMap((w, i) =>
        back.words[i] === w.word ? [] : [`${w.where}: ${hex(w.word)} → '${texts[i]}' → ${hex(back.words[i])} ${back.errors.get(i) ?? ''}`],
      );
      expect(bad).toEqual([]);
    }
  });

  it('every instruction gcc emits assembles as gas assembles it, .arch lines and -march=armv8.5-a included', () => {
    const sFiles = build.units.flatMap((u) => (u.sFile ? [u.sFile] : []));
    expect(sFiles.length).toBeGreaterThan(15);
    let lse = 0;
    for (const file of sFiles) {
      const source = instructionStatements(readFileSync(file, 'utf8'));
      lse += (source.match(/^\s*(ld(add|clr|eor|set)|st(add|clr|eor|set)|cas|swp)\w*\s/gm) ?? []).length;
      const gas = gasText(source, ['-march=armv8.5-a']);
      const ours = hypsimText(source, 'armv8.5-a');
      expect(ours.bytes.length, file).toBe(gas.bytes.length);
      if (ours.bytes !== gas.bytes) {
        const at = [...ours.bytes].findIndex((c, i) => c !== gas.bytes[i]) & ~7;
        expect(`${file}+0x${(at / 2).toString(16)}: ${ours.bytes.slice(at, at + 8)}`).toBe(`${file}+0x${(at / 2).toString(16)}: ${gas.bytes.slice(at, at + 8)}`);
      }
      expect(ours.relocs, file).toEqual(gas.relocs);
    }
    if (version === '6.12') expect(lse).toBeGreaterThan(50);
  });
});
