import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { cli } from '../helpers/cli.js';
import { repoRoot } from '../helpers/oracles.js';

const fixture = (name: string) => join(repoRoot, 'fixtures/cli', name);

describe('hypsim command line', () => {
  test('--version and --help exit 0; an unknown command or option exits 2', async () => {
    expect((await cli(['--version'])).code).toBe(0);
    const help = await cli(['--help']);
    expect(help.code).toBe(0);
    for (const cmd of ['preprocess', 'expand', 'symbols', 'run', 'diff', 'scenarios']) expect(help.out).toContain(cmd);
    expect((await cli(['frobnicate'])).code).toBe(2);
    expect((await cli(['expand', '--no-such-option', 'x.S'])).code).toBe(2);
  });

  test('an error inside nested macros names the file, line, column and the expansion stack, exit 1, no stack trace', async () => {
    const r = await cli(['expand', fixture('bad-macro.S')]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/bad-macro\.S:4:\d+: error: .*frobnicate/);
    expect(r.err).toMatch(/in expansion of macro 'inner' at .*bad-macro\.S:8/);
    expect(r.err).toMatch(/in expansion of macro 'outer' at .*bad-macro\.S:13/);
    expect(r.err).not.toMatch(/at .*\.ts:\d+|node:internal/);
  });

  test('-march/--mcpu select the architecture as gas does: LSE needs ARMv8.1, and the ARMv8.0 CPU takes it as UNDEFINED', async () => {
    const lse = fixture('lse.S');
    const plain = await cli(['expand', lse]);
    expect(plain.code).toBe(1);
    expect(plain.err).toMatch(/lse\.S:8:2: error: selected processor does not support `ldaddal x1,x0,\[x2\]'/);
    const v81 = await cli(['expand', '-march=armv8.1-a', lse]);
    expect(v81.code).toBe(0);
    expect(v81.out).toContain('.inst 0xf8e10040 // ldaddal x1, x0, [x2]');
    expect((await cli(['symbols', '--mcpu=cortex-a76', lse])).out).toMatch(/bump\s+\.text/);
    const bad = await cli(['expand', '-march=armv7-a', lse]);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain("unknown architecture `armv7-a'");
    const run = await cli(['exec', lse, '--entry', 'bump', '-march=armv8-a+lse']);
    expect(run.code).toBe(5);
    expect(run.out + run.err).toMatch(/undefined instruction: ldaddal x1, x0, \[x2\] at 0x400004 \(LSE is not implemented\)/);
  });

  test('a missing include lists the search path', async () => {
    const r = await cli(['preprocess', '-I', 'fixtures/cli', fixture('bad-include.S')]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/bad-include\.S:1:\d+: error: does\/not\/exist\.h: No such file \(searched: fixtures\/cli\)/);
  });

  test('expand --corpus prints a listing with source mapping', async () => {
    const r = await cli(['expand', '--corpus', '--map', 'asm/host/host.S']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('host_call_hyp:');
    expect(r.out).toMatch(/hvc #0x0\s+\/\/ asm\/host\/host\.S:\d+/);
  });

  test('scenarios lists the built-ins, name first', async () => {
    const r = await cli(['scenarios']);
    expect(r.out.split('\n')[0]).toMatch(/^round-trip\t/);
    expect(r.out).toContain('fpsimd-hazard');
  });

  test('diff exits 0 when equivalent and 3 when not', async () => {
    const ok = await cli(['diff', '--scenario', 'round-trip']);
    expect(ok.code).toBe(0);
    expect(ok.out).toContain('equivalent');
    const hazard = await cli(['diff', '--scenario', 'fpsimd-hazard']);
    expect(hazard.code).toBe(3);
    expect(hazard.out).toMatch(/NOT equivalent/);
    expect(hazard.out).toMatch(/guest at exit[\s\S]*\bv0\b/);
  });

  test('usage errors exit 2 with a message', async () => {
    const r = await cli(['diff', '--variant', 'original']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('--variant must be given twice');
    const bad = await cli(['run', '--variant', 'nope']);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain("unknown variant 'nope'");
  });
});
