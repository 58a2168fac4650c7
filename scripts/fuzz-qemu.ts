// `npm run fuzz:qemu -- --cases N --seed S [--length L]`: random instruction sequences run under
// qemu-aarch64 and under hypsim; prints every mismatch with the case's disassembly.
import { QEMU_TOOLS, fuzz } from '../test/machine/qemu-oracle.js';
import { spawnSync } from 'node:child_process';

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const v = Number(process.argv[i + 1]);
  if (!Number.isSafeInteger(v) || v < 0) {
    console.error(`fuzz:qemu: --${name} needs a non-negative integer`);
    process.exit(2);
  }
  return v;
}

const missing = QEMU_TOOLS.filter((t) => spawnSync('sh', ['-c', `command -v ${t}`]).status !== 0);
if (missing.length) {
  console.error(`fuzz:qemu: missing ${missing.join(', ')} (apt-get install qemu-user gcc-aarch64-linux-gnu)`);
  process.exit(1);
}
const cases = option('cases', 2000);
const seed = option('seed', 1);
const length = option('length', 40);
const start = Date.now();
const report = fuzz(seed, cases, length, 1000, (done) => process.stderr.write(`\r${done}/${cases} cases`));
process.stderr.write('\n');
for (const f of report.failures) {
  console.log(`--- case ${f.id} (seed ${seed}): ${f.diffs.length} difference(s)`);
  console.log(f.diffs.slice(0, 20).map((d) => `  ${d}`).join('\n'));
  console.log(f.listing);
}
console.log(`${report.cases} cases, ${report.failures.length} mismatches, seed ${seed}, ${((Date.now() - start) / 1000).toFixed(1)} s`);
process.exitCode = report.failures.length ? 1 : 0;
