// `--export elf FILE`: the linked image as an ELF that binutils reads — objdump disassembles
// every executed instruction at its link address with the image's encoding and symbol; drcov
// module paths then name the ELF file.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { executed, runRecords } from '../../src/report/records.js';
import { missingOracle } from '../helpers/oracles.js';
import { cli, corpusRun } from './helpers.js';
import { readDrcov } from './readers.js';

const dir = mkdtempSync(join(tmpdir(), 'hypsim-elf-'));

describe.skipIf(missingOracle({ tools: ['aarch64-linux-gnu-objdump', 'aarch64-linux-gnu-readelf'] }) !== undefined)('the ELF export, read by binutils', () => {
  test('objdump -d shows every executed instruction at its link address, under its function symbol', async () => {
    const elf = join(dir, 'exits.elf');
    const drcov = join(dir, 'exits.drcov');
    const r = await cli(['run', '--scenario', 'exits', '--export', 'elf', elf, '--export', 'drcov', drcov]);
    expect(r.code).toBe(0);
    const dump = execFileSync('aarch64-linux-gnu-objdump', ['-d', elf], { encoding: 'utf8', maxBuffer: 1 << 26 });
    const words = new Map<bigint, number>();
    for (const m of dump.matchAll(/^\s*([0-9a-f]+):\t([0-9a-f]{8}) /gm)) words.set(BigInt(`0x${m[1]}`), parseInt(m[2], 16));
    const recs = runRecords(corpusRun('exits', 'original'));
    for (const insn of executed(recs)) expect(words.get(insn.info.linkAddress), `0x${insn.info.linkAddress.toString(16)}`).toBe(insn.info.word);
    const vcpuRun = recs.world.image.address('__hyp_vcpu_run');
    expect(dump).toContain(`${vcpuRun.toString(16).padStart(16, '0')} <__hyp_vcpu_run>:`);
    const d = readDrcov(readFileSync(drcov));
    expect(new Set(d.modules.map((m) => m.path))).toEqual(new Set([elf]));
  });

  test('readelf: an AArch64 executable with a PT_LOAD per code region and the symbol table (functions with sizes)', async () => {
    const elf = join(dir, 'rt.elf');
    expect((await cli(['count', '--scenario', 'round-trip', '--export', `elf=${elf}`])).code).toBe(0);
    const out = execFileSync('aarch64-linux-gnu-readelf', ['-W', '-h', '-l', '-s', elf], { encoding: 'utf8' });
    expect(out).toMatch(/Machine:\s+AArch64/);
    expect(out).toMatch(/Type:\s+EXEC/);
    expect(out.match(/^\s+LOAD\s/gm)?.length).toBeGreaterThanOrEqual(3);
    expect(out).toMatch(/FUNC\s+GLOBAL\s+DEFAULT\s+\d+ __hyp_vcpu_run$/m);
    expect(out).not.toMatch(/readelf: (Error|Warning)/);
  });
});
