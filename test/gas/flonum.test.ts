// Floating-point literals against GNU as: `.float`/`.single`/`.double` constants (seeded random
// decimals from denormal to overflow, prefixes, inf/nan) give the same bytes or the same refusal,
// and FP immediates as gcc spells them (`fmov d0, 7.5e-1`) assemble to gas's words.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assembleText } from '../../src/gas/index.js';
import { HypsimError } from '../../src/util/diagnostics.js';
import { missingOracle } from '../helpers/oracles.js';

/** GNU as on one statement per line: per line, the section's bytes in hex or undefined when refused. */
function gasPerLine(lines: readonly string[], section: '.data' | '.text'): Array<string | undefined> {
  const dir = mkdtempSync(join(tmpdir(), 'hypsim-flonum-'));
  try {
    const out: Array<string | undefined> = lines.map(() => undefined);
    let keep = lines.map((_, i) => i);
    for (;;) {
      writeFileSync(join(dir, 't.s'), `${section}\n${keep.map((i) => lines[i]).join('\n')}\n`);
      const r = spawnSync('aarch64-linux-gnu-as', ['-o', join(dir, 't.o'), join(dir, 't.s')]);
      const bad = new Set([...r.stderr.toString().matchAll(/t\.s:(\d+): Error/g)].map((m) => keep[Number(m[1]) - 2]));
      if (r.status === 0) break;
      if (bad.size === 0) throw new Error(r.stderr.toString());
      keep = keep.filter((i) => !bad.has(i));
    }
    // Accepted lines follow each other in the section: split it by each line's size.
    spawnSync('aarch64-linux-gnu-objcopy', ['-O', 'binary', '-j', section, join(dir, 't.o'), join(dir, 't.bin')]);
    const bin = readFileSync(join(dir, 't.bin'));
    let at = 0;
    for (const i of keep) {
      const size = sizeOf(lines[i]);
      out[i] = bin.subarray(at, at + size).toString('hex');
      at += size;
    }
    return out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const sizeOf = (line: string): number => (/^\s*\.double/.test(line) ? 8 : 4);

function hypsimBytes(line: string, section: '.data' | '.text'): string | undefined {
  try {
    const p = assembleText(`${section}\n${line}\n`, { file: 't.s' });
    return Buffer.from(p.sections.find((s) => s.name === section)?.bytes ?? []).toString('hex');
  } catch (e) {
    if (e instanceof HypsimError) return undefined;
    throw e;
  }
}

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return s / 2 ** 32;
  };
}

function literals(count: number, seed: number): string[] {
  const rand = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
  const digits = (n: number) => Array.from({ length: n }, () => Math.floor(rand() * 10)).join('');
  const out = ['inf', '-inf', 'nan', '-nan', 'qnan', 'snan', 'Infinity', '0', '-0.0', '.5', '5.', '0f1.25', '0d-2.5', '0x10', '0e5', '1e', '.e1', '00.5'];
  while (out.length < count) {
    const sign = pick(['', '', '-', '+']);
    const mant = pick([() => digits(1 + Math.floor(rand() * 3)), () => `${digits(1)}.${digits(1 + Math.floor(rand() * 20))}`, () => `0.${digits(1 + Math.floor(rand() * 8))}`]);
    const exp = pick([0, 1, 2, 3]) === 0 ? '' : `e${pick(['', '+', '-'])}${Math.floor(rand() * pick([10, 40, 50, 310, 330]))}`;
    out.push(`${sign}${mant()}${exp}`);
  }
  return out;
}

describe.skipIf(missingOracle({ tools: ['aarch64-linux-gnu-as', 'aarch64-linux-gnu-objcopy'] }))('floating-point literals against GNU as', () => {
  const values = literals(1500, 424242);

  it.each(['.float', '.single', '.double'])('%s: same bytes, or refused where gas refuses', (directive) => {
    const lines = values.map((v) => `\t${directive} ${v}`);
    const gas = gasPerLine(lines, '.data');
    const bad = lines.flatMap((l, i) => {
      const ours = hypsimBytes(l, '.data');
      return ours === gas[i] ? [] : [`${l}: gas ${gas[i] ?? 'refuses'}, hypsim ${ours ?? 'refuses'}`];
    });
    expect(gas.filter((g) => g === undefined).length).toBeGreaterThan(10);
    expect(bad.slice(0, 20)).toEqual([]);
  });

  it('several constants on a line, and junk after one', () => {
    for (const l of ['\t.float 1.5, -2, 3.25e1', '\t.double 1, 2', '\t.float 1.5 2', '\t.float 1_0', '\t.double 1.5f']) {
      expect(hypsimBytes(l, '.data') ?? 'refused', l).toBe(gasOneLine(l) ?? 'refused');
    }
  });

  it('FP immediates as gcc spells them assemble to the words gas gives', () => {
    const lines = [
      'fmov d0, 7.5e-1', 'fmov d1, 1.0e+0', 'fmov s2, 1.0e+0', 'fmov d0, -1.25e-1', 'fmov s0, 3.1e+1', 'fmov s3, 2.0e+0',
      'fmov d4, 3.125e-1', 'fmov d5, -1.5e+1', 'fmov d6, #0.5', 'fmov s7, #-2.0', 'fcmp d0, #0.0', 'fcmpe s1, 0.0', 'fmov v0.4s, 1.0e+0', 'fmov v1.2d, -5.0e-1',
    ].map((l) => `\t${l}`);
    const gas = gasPerLine(lines, '.text');
    expect(gas.every((g) => g !== undefined)).toBe(true);
    expect(lines.map((l) => hypsimBytes(l, '.text'))).toEqual(gas);
  });
});

/** GNU as on one line of .data: its bytes in hex, or undefined when refused. */
function gasOneLine(line: string): string | undefined {
  const dir = mkdtempSync(join(tmpdir(), 'hypsim-flonum-'));
  try {
    writeFileSync(join(dir, 't.s'), `.data\n${line}\n`);
    const r = spawnSync('aarch64-linux-gnu-as', ['-o', join(dir, 't.o'), join(dir, 't.s')]);
    if (r.status !== 0) return undefined;
    spawnSync('aarch64-linux-gnu-objcopy', ['-O', 'binary', '-j', '.data', join(dir, 't.o'), join(dir, 't.bin')]);
    return readFileSync(join(dir, 't.bin')).toString('hex');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
