// `npm run bench`: performance figures beside the reference tools, measured in the same run.
// Prints a table; never asserts (tests do not time things).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { preprocess } from '../src/cpp/index.js';
import { assemble } from '../src/gas/index.js';
import { corpusUnit } from '../src/kvm/corpus.js';
import { assembleUnit, type TranslationUnit } from '../src/pipeline.js';
import { packageRoot } from '../src/tree/corpus.js';
import { kernelProfile } from '../src/kvm/kernel-layouts.js';
import { DiskTree } from '../src/tree/source-tree.js';
import { benchInt64 } from './bench-int64.js';
import { benchMachine } from './bench-machine.js';
import { benchTrace } from './bench-trace.js';
import { benchKbuild, benchTree } from './bench-kbuild.js';

interface Row {
  readonly what: string;
  readonly value: string;
  readonly reference?: string;
  readonly ratio?: string;
}

const rows: Row[] = [];

function timeIt(fn: () => void, minMs = 300): number {
  fn();
  let runs = 0;
  const start = performance.now();
  while (performance.now() - start < minMs || runs < 3) {
    fn();
    runs++;
  }
  return (performance.now() - start) / runs;
}

function hasTool(name: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${name}`]).status === 0;
}

function frontEndInput(): { label: string; unit: TranslationUnit; gccArgs: string[] } {
  const v4 = process.env.HYPSIM_LINUX_V4;
  const v61 = process.env.HYPSIM_LINUX_61 ?? join(packageRoot(), '.cache/linux-6.1');
  const pick = v4 && existsSync(join(v4, 'arch/arm64/kvm/hyp.S'))
    ? { root: v4, file: 'arch/arm64/kvm/hyp.S', label: 'Linux v4.0 arch/arm64/kvm/hyp.S' }
    : existsSync(join(v61, 'arch/arm64/kvm/hyp/entry.S'))
      ? { root: v61, file: 'arch/arm64/kvm/hyp/entry.S', label: 'Linux 6.1 arch/arm64/kvm/hyp/entry.S' }
      : undefined;
  if (!pick) {
    const unit = corpusUnit('asm/hyp/switch.S');
    return { label: 'corpus asm/hyp/switch.S (no kernel tree found)', unit, gccArgs: [] };
  }
  const profile = kernelProfile(new DiskTree(pick.root), pick.file);
  const gen = mkdtempSync(join(tmpdir(), 'hypsim-bench-'));
  for (const [path, text] of profile.generated) {
    mkdirSync(dirname(join(gen, path)), { recursive: true });
    writeFileSync(join(gen, path), text);
  }
  const inc = profile.includeDirs.flatMap((d) => [`-I${join(pick.root, d)}`, `-I${join(gen, d)}`]);
  const forced = profile.forcedIncludes.flatMap((f) => ['-include', join(pick.root, f)]);
  const defs = profile.defines.map(([k, v]) => `-D${k}=${v}`);
  return {
    label: pick.label,
    unit: { tree: profile.tree, file: pick.file, options: { includeDirs: profile.includeDirs, forcedIncludes: profile.forcedIncludes, defines: profile.defines } },
    gccArgs: ['-nostdinc', ...inc, ...forced, ...defs, '-x', 'assembler-with-cpp', join(pick.root, pick.file)],
  };
}

function benchFrontEnd(): void {
  const input = frontEndInput();
  const pp = timeIt(() => preprocess(input.unit.tree, input.unit.file, input.unit.options));
  const lines = preprocess(input.unit.tree, input.unit.file, input.unit.options).lines;
  const as = timeIt(() => assemble(lines, { file: input.unit.file }));
  const both = timeIt(() => assembleUnit(input.unit));
  let reference: number | undefined;
  if (input.gccArgs.length && hasTool('aarch64-linux-gnu-gcc')) {
    const out = join(mkdtempSync(join(tmpdir(), 'hypsim-bench-')), 'x.o');
    reference = timeIt(() => execFileSync('aarch64-linux-gnu-gcc', ['-c', '-o', out, ...input.gccArgs]), 1000);
  }
  const cli = join(packageRoot(), 'dist/hypsim.mjs');
  const processMs = input.gccArgs.length
    ? timeIt(() => execFileSync(process.execPath, [cli, 'symbols', '--kernel', input.gccArgs.at(-1)!.replace(`/${input.unit.file}`, ''), input.unit.file], { stdio: 'ignore' }), 1000)
    : timeIt(() => execFileSync(process.execPath, [cli, 'symbols', '--corpus', input.unit.file], { stdio: 'ignore' }), 1000);
  const ratio = (ms: number) => (reference ? `${(ms / reference).toFixed(2)}×` : 'n/a');
  rows.push({ what: `front end input`, value: input.label });
  rows.push({ what: 'preprocess (in-process)', value: `${pp.toFixed(1)} ms` });
  rows.push({ what: 'assemble (in-process)', value: `${as.toFixed(1)} ms` });
  rows.push({ what: 'preprocess + assemble (in-process)', value: `${both.toFixed(1)} ms`, reference: reference ? `gcc -E + as: ${reference.toFixed(1)} ms` : 'gcc not installed', ratio: ratio(both) });
  rows.push({ what: 'hypsim symbols (whole process)', value: `${processMs.toFixed(1)} ms`, reference: reference ? `gcc -c (whole process): ${reference.toFixed(1)} ms` : '', ratio: ratio(processMs) });
}

function print(): void {
  const widths = [0, 0, 0, 0];
  const cells = rows.map((r) => [r.what, r.value, r.reference ?? '', r.ratio ?? '']);
  for (const c of cells) c.forEach((v, i) => (widths[i] = Math.max(widths[i], v.length)));
  for (const c of cells) console.log(c.map((v, i) => v.padEnd(widths[i])).join('  ').trimEnd());
}

benchFrontEnd();
for (const loop of benchMachine()) {
  rows.push({
    what: `machine ${loop.name}, trace off`,
    value: `${loop.hypsim.toFixed(1)} M insn/s`,
    reference: loop.qemu !== undefined ? `qemu-aarch64: ${loop.qemu.toFixed(0)} M insn/s` : 'qemu-aarch64 not installed',
    ...(loop.qemu !== undefined ? { ratio: `${(loop.hypsim / loop.qemu).toFixed(3)}×` } : {}),
  });
}
for (const r of benchInt64()) rows.push(r);
for (const r of benchTrace()) rows.push(r);
{
  const tree = benchTree(packageRoot(), '6.12');
  if (tree === undefined) rows.push({ what: 'kbuild of Linux 6.12', value: 'skipped: no extracted linux-source-6.12 (run the tests once, or set HYPSIM_KERNEL_SRC)' });
  else {
    const kb = await benchKbuild(tree);
    const own = kb[kb.length - 1].seconds;
    for (const r of kb) rows.push({ what: `Linux 6.12: ${r.what}`, value: `${r.seconds.toFixed(1)} s`, ...(r === kb[kb.length - 1] ? {} : { reference: `kbuild nVHE build ${own.toFixed(1)} s`, ratio: `${(r.seconds / own).toFixed(2)}×` }) });
  }
}
print();
