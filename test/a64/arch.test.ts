// Architecture selection against GNU as: -march/-mcpu on the command line, `.arch`, `.arch_extension`
// and `.cpu` in the source, in the combinations the kernel uses (gcc's `.arch armv8-a` with kbuild's
// -Wa,-march=armv8.5-a, inline asm's `.arch_extension lse`), accepted and rejected as gas does, with
// gas's message on the same line and the same bytes.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assembleText } from '../../src/gas/index.js';
import { HypsimError, formatError } from '../../src/util/diagnostics.js';
import { missingOracle } from '../helpers/oracles.js';

interface Outcome {
  /** `line: message` of the first error, or the .text bytes in hex. */
  readonly result: string;
}

function gas(source: string, flags: readonly string[]): Outcome {
  const dir = mkdtempSync(join(tmpdir(), 'hypsim-arch-'));
  try {
    writeFileSync(join(dir, 't.s'), source);
    const r = spawnSync('aarch64-linux-gnu-as', [...flags, '-o', join(dir, 't.o'), join(dir, 't.s')]);
    if (r.status !== 0) {
      const err = r.stderr.toString().split('\n').map((l) => /^(?:.*t\.s:(\d+): )?Error: (.*)$/.exec(l)).find(Boolean);
      return { result: err ? `${err[1] ?? '-'}: ${err[2]}` : `failed: ${r.stderr.toString()}` };
    }
    spawnSync('aarch64-linux-gnu-objcopy', ['-O', 'binary', '-j', '.text', join(dir, 't.o'), join(dir, 't.bin')]);
    return { result: readFileSync(join(dir, 't.bin')).toString('hex') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function hypsim(source: string, flags: readonly string[]): Outcome {
  const opt = (name: string) => flags.find((f) => f.startsWith(`-${name}=`))?.slice(name.length + 2);
  const march = opt('march');
  const mcpu = opt('mcpu');
  try {
    const p = assembleText(source, { file: 't.s', ...(march !== undefined ? { march } : {}), ...(mcpu !== undefined ? { mcpu } : {}) });
    return { result: Buffer.from(p.sections.find((s) => s.name === '.text')?.bytes ?? []).toString('hex') };
  } catch (e) {
    if (!(e instanceof HypsimError)) throw e;
    const m = /^(?:t\.s:(\d+):\d+: )?(?:hypsim: )?error: (.*)$/.exec(formatError(e).split('\n')[0]);
    return { result: m ? `${m[1] ?? '-'}: ${m[2]}` : formatError(e) };
  }
}

const LDADD = '\tldadd x0, x1, [x2]\n';
const CASES: ReadonlyArray<readonly [string, string, readonly string[]]> = [
  ['LSE without any selection', LDADD, []],
  ['-march=armv8.1-a', LDADD, ['-march=armv8.1-a']],
  ['-march with +lse', LDADD, ['-march=armv8-a+lse']],
  ['-march removes it again', LDADD, ['-march=armv8.1-a+nolse']],
  ['-mcpu of an ARMv8.2 core', LDADD, ['-mcpu=cortex-a76']],
  ['-mcpu wins over -march', LDADD, ['-march=armv8.1-a', '-mcpu=cortex-a57']],
  ['-mcpu with an extension', LDADD, ['-mcpu=cortex-a57+lse']],
  ['gcc .arch armv8-a overrides kbuild -march=armv8.5-a', `\t.arch armv8-a\n${LDADD}`, ['-march=armv8.5-a']],
  ['inline asm .arch_extension lse after gcc .arch', `\t.arch armv8-a\n\t.arch_extension lse\n${LDADD}\tstaddlh w0, [x19]\n\tcasal x2, x1, [x3]\n`, ['-march=armv8.5-a']],
  ['.arch_extension nolse', `\t.arch_extension lse\n${LDADD}\t.arch_extension nolse\n  ldaddal   w0 , w1,[x2]  // c\n`, []],
  ['.arch with extensions', `\t.arch armv8-a+crc+lse\n${LDADD}`, []],
  ['.arch with a space before +', `\t.arch armv8-a +lse\n${LDADD}`, []],
  ['.arch removing after adding', `\t.arch armv8-a+lse+nolse\n${LDADD}`, []],
  ['.arch adding after removing', `\t.arch armv8.1-a+nolse+lse\n${LDADD}`, []],
  ['.arch_extension by prefix', `\t.arch_extension ls\n${LDADD}`, []],
  ['.cpu', `\t.cpu cortex-a57\n${LDADD}`, []],
  ['.cpu with +lse', `\t.cpu generic+lse\n${LDADD}`, ['-march=armv8-a']],
  ['.arch armv8.5-a from inline asm stays in force', `\t.arch armv8-a\n\t.arch armv8.5-a\n\ttlbi vale2is, x0\n\tsb\n${LDADD}`, []],
  ['unknown architecture', `\tnop\n\t.arch armv7-a\n`, []],
  ['.arch is case-sensitive', `\t.arch ARMv8.1-A\n`, []],
  ['.arch all is not an architecture for .arch', `\t.arch all\n`, []],
  ['empty .arch', `\t.arch\n`, []],
  ['unknown extension', `\t.arch armv8-a+foo\n`, []],
  ['unknown .arch_extension', `\t.arch_extension lse+crc\n`, []],
  ['.arch_extension +lse', `\t.arch_extension +lse\n`, []],
  ['unknown cpu', `\t.cpu cortex-a999\n`, []],
  ['sb needs armv8.5-a', '\tsb\n', ['-march=armv8.4-a']],
  ['sb with +sb', '\tsb\n', ['-march=armv8-a+sb']],
  ['msr pan needs PAN', '\tmsr pan, #1\n', []],
  ['msr pan with armv8.1-a', '\tmsr pan, #1\n', ['-march=armv8.1-a']],
  ['a register name needing PAN', '\tmrs x0, PAN\n', []],
  ['msr pan, x0 fails on the PSTATE field first', '\tmsr pan, x0\n', []],
  ['an ARMv8.4 TLBI operation', '\ttlbi ripas2e1is, x4\n', ['-march=armv8.2-a']],
  ['an ARMv8.4 TLBI operation under armv8.5-a', '\ttlbi ripas2e1is, x4\n', ['-march=armv8.5-a']],
  ['dc cvap needs ARMv8.2', '\tdc cvap, x0\n', []],
  ['a RAS register removed with +noras', '\tmrs x0, erxaddr_el1\n', ['-march=armv8-a+noras']],
  ['the generic name needs nothing', '\tmrs x0, s3_0_c4_c2_3\n\tmrs x1, s3_4_c3_c1_7\n', []],
  ['bfc needs ARMv8.2', '\tbfc x0, #4, #6\n', []],
  ['bfc under armv8.2-a', '\tbfc x0, #4, #6\n', ['-march=armv8.2-a']],
  ['SVE with -march=all', '\trdvl x0, #1\n', ['-march=all']],
  ['FP without fp', '\tfmov d0, x1\n', ['-march=armv8-a+nofp']],
  ['AdvSIMD without simd', '\tadd v0.4s, v1.4s, v2.4s\n', ['-march=armv8-a+nosimd']],
  ['unknown -march', LDADD, ['-march=armv9.9-a']],
  ['unknown -march extension', LDADD, ['-march=armv8-a+foo']],
  ['unknown -mcpu', LDADD, ['-mcpu=foo']],
];

/** Registers the 6.12 hypervisor reaches through `mrs_s`/`msr_s` that gas 2.40 has no name for. */
const UNNAMED: ReadonlyArray<readonly [string, string]> = [
  ['tcr2_el1', 's3_0_c2_c0_3'], ['tcr2_el12', 's3_5_c2_c0_3'], ['pir_el1', 's3_0_c10_c2_3'], ['pire0_el1', 's3_0_c10_c2_2'],
  ['pir_el12', 's3_5_c10_c2_3'], ['por_el1', 's3_0_c10_c2_4'], ['por_el0', 's3_3_c10_c2_4'], ['por_el12', 's3_5_c10_c2_4'],
  ['fpmr', 's3_3_c4_c4_2'], ['id_aa64mmfr3_el1', 's3_0_c0_c7_3'], ['id_aa64mmfr4_el1', 's3_0_c0_c7_4'],
];

describe.skipIf(missingOracle({ tools: ['aarch64-linux-gnu-as', 'aarch64-linux-gnu-objcopy'] }))('architecture selection against GNU as', () => {
  it.each(CASES)('%s', (_name, source, flags) => {
    const want = gas(source, flags);
    // gas adds a newline to its unknown-architecture message and then repeats the option.
    expect(hypsim(source, flags).result).toBe(want.result.replace(/\s+$/, ''));
  });

  it.each(UNNAMED)('%s: no name under any selection, as in gas; the generic %s assembles', (name, generic) => {
    for (const flags of [[], ['-march=all']]) {
      expect(gas(`\tmrs x0, ${name}\n`, flags).result).toMatch(/^1: unknown or missing system register name/);
      expect(hypsim(`\tmrs x0, ${name}\n`, flags).result).toMatch(/^1: operand 2 of 'mrs' must be a system register name/);
    }
    const source = `\tmrs x0, ${generic}\n\tmsr ${generic}, x1\n`;
    expect(hypsim(source, []).result).toBe(gas(source, []).result);
  });
});
