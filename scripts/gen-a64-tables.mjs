#!/usr/bin/env node
// Regenerates src/a64/sysregs-data.ts and src/a64/sysops-data.ts by experiment with the installed
// GNU tools: every MRS/MSR and SYS encoding is disassembled with objdump to learn the names the
// tools give it, then each name is assembled with gas (default -march, then wider ones) to learn
// whether it warns that a register is read- or write-only, and under every architecture, CPU and
// single extension (added to armv8-a, or removed from it) to learn which feature it needs: the one
// feature of src/a64/features.ts whose configurations are exactly those where gas accepts the name.
// Usage: node scripts/gen-a64-tables.mjs [outdir]   (needs aarch64-linux-gnu-as/-objdump)
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = process.argv[2] ?? join(root, 'src/a64');
const work = mkdtempSync(join(tmpdir(), 'hypsim-a64-gen-'));
const AS = 'aarch64-linux-gnu-as';
const OBJDUMP = 'aarch64-linux-gnu-objdump';
const WIDE_MARCHES = ['all', 'armv9.3-a+sme+sme-i16i64+sme-f64f64+memtag+profile+rcpc+ls64+brbe+predres+lor'];

const featuresJs = join(work, 'features.mjs');
await build({ absWorkingDir: root, entryPoints: ['src/a64/features.ts'], outfile: featuresJs, bundle: true, format: 'esm', platform: 'node', logLevel: 'warning' });
const F = await import(pathToFileURL(featuresJs).href);

/** gas configurations probed for features, with the feature set hypsim's model gives each. */
const CONFIGS = [
  ...[...F.ARCHITECTURES.keys()].map((n) => ({ flag: `-march=${n}`, set: F.parseArchitecture(n) })),
  ...[...F.CPUS.keys()].filter((n) => n !== 'all').map((n) => ({ flag: `-mcpu=${n}`, set: F.parseCpu(n) })),
  ...F.EXTENSIONS.flatMap((e) => [`+${e.name}`, `+no${e.name}`]).map((x) => ({ flag: `-march=armv8-a${x}`, set: F.parseArchitecture(`armv8-a${x}`) })),
];
const ATOMS = [...new Set([...F.EXTENSIONS.flatMap((e) => e.bits), ...F.ALL_FEATURES])];
/** Candidate requirements: none, one feature, then two features together (`v8a+v8.1`). */
const LEVELS = ['v8a', 'v8.1', 'v8.2', 'v8.3', 'v8.4', 'v8.5', 'v8.6', 'v8.7', 'v8.8', 'v9', 'v8r'];
const PAIRED = [...LEVELS, '!v8r', ...ATOMS.filter((a) => !LEVELS.includes(a))];
const FEATURE_ORDER = ['', ...ATOMS, '!v8r', ...PAIRED.flatMap((a, i) => PAIRED.slice(i + 1).map((b) => `${a}+${b}`))];

/** For each statement group (one name), the feature gas's acceptance pattern matches. */
function featuresOf(groups) {
  const accepted = groups.map(() => new Set());
  CONFIGS.forEach((c, ci) => {
    const res = tryAssemble(groups.flat(), c.flag);
    let k = 0;
    groups.forEach((g, gi) => {
      if (g.some((_, j) => res[k + j].ok)) accepted[gi].add(ci);
      k += g.length;
    });
  });
  return groups.map((g, gi) => {
    const match = FEATURE_ORDER.find((f) => CONFIGS.every((c, ci) => F.hasFeature(c.set, f) === accepted[gi].has(ci)));
    if (match === undefined) {
      const yes = CONFIGS.filter((_, ci) => accepted[gi].has(ci)).map((c) => c.flag);
      throw new Error(`no feature of src/a64/features.ts explains where gas accepts '${g[0]}': ${yes.join(' ')}`);
    }
    return match;
  });
}

const hex = (w) => '0x' + (w >>> 0).toString(16).padStart(8, '0');

/** Assembles `.inst` words and returns objdump's text for each, in order. */
function disassembleWords(words) {
  const src = join(work, 'w.s');
  writeFileSync(src, words.map((w) => `.inst ${hex(w)}\n`).join(''));
  execFileSync(AS, ['-o', join(work, 'w.o'), src]);
  const out = execFileSync(OBJDUMP, ['-d', join(work, 'w.o')], { maxBuffer: 1 << 28 }).toString();
  const texts = [];
  for (const line of out.split('\n')) {
    const m = /^\s*[0-9a-f]+:\s+[0-9a-f]{8}\s+(.*)$/.exec(line);
    if (m) texts.push(m[1].replace(/\s+\/\/.*$/, '').replace(/\s+/g, ' ').trim());
  }
  if (texts.length !== words.length) throw new Error(`objdump gave ${texts.length} lines for ${words.length} words`);
  return texts;
}

/** Assembles one statement per line; returns per line: {ok, warnings[]}. */
function tryAssemble(lines, flag) {
  const src = join(work, 't.s');
  writeFileSync(src, lines.join('\n') + '\n');
  const args = flag ? [flag.startsWith('-') ? flag : `-march=${flag}`] : [];
  const r = spawnSync(AS, [...args, '-o', join(work, 't.o'), src]);
  const result = lines.map(() => ({ ok: true, warnings: [] }));
  for (const line of r.stderr.toString().split('\n')) {
    const m = /t\.s:(\d+): (Error|Warning): (.*)$/.exec(line);
    if (!m) continue;
    const entry = result[Number(m[1]) - 1];
    if (m[2] === 'Error') entry.ok = false;
    else entry.warnings.push(m[3]);
  }
  return result;
}

// ---- system registers (op0 = 2 or 3) ----
const regWords = [];
for (let op0 = 2; op0 < 4; op0++)
  for (let op1 = 0; op1 < 8; op1++)
    for (let crn = 0; crn < 16; crn++)
      for (let crm = 0; crm < 16; crm++)
        for (let op2 = 0; op2 < 8; op2++) {
          const enc = ((op0 & 1) << 19) | (op1 << 16) | (crn << 12) | (crm << 8) | (op2 << 5);
          regWords.push({ op0, op1, crn, crm, op2, mrs: (0xd5300000 | enc) >>> 0, msr: (0xd5100000 | enc) >>> 0 });
        }
const regTexts = disassembleWords(regWords.flatMap((r) => [r.mrs, r.msr]));
/** name → {enc, read: bool, write: bool} from objdump's point of view */
const regNames = new Map();
regWords.forEach((r, i) => {
  const readName = /^mrs x0, (.*)$/.exec(regTexts[2 * i])?.[1];
  const writeName = /^msr (.*), x0$/.exec(regTexts[2 * i + 1])?.[1];
  for (const [name, dir] of [[readName, 'read'], [writeName, 'write']]) {
    if (!name || /^s[23]_[0-7]_c\d+_c\d+_[0-7]$/.test(name)) continue;
    const e = regNames.get(name) ?? { ...r, read: false, write: false };
    e[dir] = true;
    regNames.set(name, e);
  }
});

function regAccess(names, march) {
  const lines = names.flatMap((n) => [`mrs x0, ${n}`, `msr ${n}, x0`]);
  const res = tryAssemble(lines, march);
  return names.map((n, i) => {
    const r = res[2 * i];
    const w = res[2 * i + 1];
    const ok = r.ok || w.ok;
    const ro = w.warnings.some((x) => /cannot be written/.test(x));
    const wo = r.warnings.some((x) => /cannot be read/.test(x));
    return { ok, access: ro ? 'ro' : wo ? 'wo' : 'rw' };
  });
}

const names = [...regNames.keys()].sort();
const byDefault = regAccess(names);
const regFeatures = featuresOf(names.map((n) => [`mrs x0, ${n}`, `msr ${n}, x0`]));
const rows = [];
let pending = names.filter((_, i) => !byDefault[i].ok);
const wide = new Map();
for (const march of WIDE_MARCHES) {
  if (pending.length === 0) break;
  const res = regAccess(pending, march);
  pending.forEach((n, i) => res[i].ok && wide.set(n, res[i]));
  pending = pending.filter((n) => !wide.has(n));
}
names.forEach((n, i) => {
  const e = regNames.get(n);
  const d = byDefault[i];
  let access = d.ok ? d.access : wide.get(n)?.access ?? 'rw';
  // objdump names one encoding differently for reads and writes (DBGDTRRX/TX): trust the direction
  if (!e.write) access = 'ro';
  if (!e.read) access = 'wo';
  rows.push([n, e.op0, e.op1, e.crn, e.crm, e.op2, access, regFeatures[i]]);
});

const regFile = `// GENERATED by scripts/gen-a64-tables.mjs from experiments with ${execFileSync(AS, ['--version']).toString().split('\n')[0]}.
// Do not edit; rerun the script. Each row: name, op0, op1, CRn, CRm, op2, access ('ro' when gas warns
// that a write is impossible, 'wo' for reads), and the feature gas needs for the name ('' for none).
export type SysregRow = readonly [string, number, number, number, number, number, 'rw' | 'ro' | 'wo', string];

export const SYSREG_ROWS: readonly SysregRow[] = [
${rows.map((r) => `  ['${r[0]}', ${r.slice(1, 6).join(', ')}, '${r[6]}', '${r[7]}'],`).join('\n')}
];
`;
writeFileSync(join(outDir, 'sysregs-data.ts'), regFile);

// ---- system instructions (SYS aliases: at, dc, ic, tlbi, …) ----
const sysWords = [];
for (let op1 = 0; op1 < 8; op1++)
  for (let crn = 0; crn < 16; crn++)
    for (let crm = 0; crm < 16; crm++)
      for (let op2 = 0; op2 < 8; op2++) {
        const enc = (op1 << 16) | (crn << 12) | (crm << 8) | (op2 << 5);
        sysWords.push({ op1, crn, crm, op2, withReg: (0xd5080001 | enc) >>> 0, noReg: (0xd508001f | enc) >>> 0 });
      }
const sysTexts = disassembleWords(sysWords.flatMap((s) => [s.withReg, s.noReg]));
const ops = [];
sysWords.forEach((s, i) => {
  const t = sysTexts[2 * i];
  if (/^sys /.test(t)) return;
  const m = /^(\w+) (\w+)(, x1)?$/.exec(t);
  if (!m) return;
  ops.push({ ...s, insn: m[1], name: m[2], reg: Boolean(m[3]) });
});
const opLines = ops.map((o) => `${o.insn} ${o.name}${o.reg ? ', x1' : ''}`);
const opFeatures = featuresOf(opLines.map((l) => [l]));
const opRows = ops
  .map((o, i) => [o.insn, o.name, o.op1, o.crn, o.crm, o.op2, o.reg ? 1 : 0, opFeatures[i]])
  .sort((a, b) => (a[0] === b[0] ? (a[1] < b[1] ? -1 : 1) : a[0] < b[0] ? -1 : 1));

const opFile = `// GENERATED by scripts/gen-a64-tables.mjs from experiments with ${execFileSync(AS, ['--version']).toString().split('\n')[0]}.
// Do not edit; rerun the script. The named SYS operations: instruction (at, dc, ic, tlbi, …), operation,
// op1, CRn, CRm, op2, 1 when it takes a register operand, the feature gas needs for it ('' for none).
export type SysopRow = readonly [string, string, number, number, number, number, 0 | 1, string];

export const SYSOP_ROWS: readonly SysopRow[] = [
${opRows.map((r) => `  ['${r[0]}', '${r[1]}', ${r.slice(2, 7).join(', ')}, '${r[7]}'],`).join('\n')}
];
`;
writeFileSync(join(outDir, 'sysops-data.ts'), opFile);
rmSync(work, { recursive: true, force: true });
console.log(`sysregs: ${rows.length} names (${rows.filter((r) => r[7] === '').length} need no feature); sysops: ${opRows.length}`);
