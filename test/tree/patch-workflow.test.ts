// The patch workflow: --patch - from standard input, malformed hunks as PATCH:LINE errors, a
// bounded placement search, folded Subject headers, and a patch for another tree explained.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import type { Io } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';
import { applyPatch, stripSubjectPrefix, subjectOf } from '../../src/tree/patch.js';
import { MemoryTree } from '../../src/tree/source-tree.js';
import { HypsimError, formatError } from '../../src/util/diagnostics.js';
import { linux61Available, linux61Dir, repoRoot, rfcSeedPath } from '../helpers/oracles.js';

async function cli(args: string[], stdin?: string): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: Io = { out: (t) => void (out += t), err: (t) => void (err += t), interactive: false, ...(stdin !== undefined ? { readStdin: () => stdin } : {}) };
  const code = await main(args, io);
  return { code, out, err };
}

const tmp = mkdtempSync(join(tmpdir(), 'hypsim-patch-'));
const corpusPatch = readFileSync(join(repoRoot, 'asm/patches/move-fpsimd-to-load-put.patch'), 'utf8');
const base = new MemoryTree(new Map([['src/a.S', 'one\ntwo\nthree\nfour\n']]));

function errorOf(f: () => unknown): HypsimError {
  try {
    f();
  } catch (e) {
    if (e instanceof HypsimError) return e;
    throw e;
  }
  throw new Error('no error');
}

describe('patch workflow', () => {
  test('--patch - reads the patch from standard input (format-patch output piped in)', async () => {
    const viaStdin = await cli(['diff', '--scenario', 'round-trip', '--patch', '-'], `From 0 Mon Sep 17 00:00:00 2001\nSubject: [PATCH 1/1] move it\n\n${corpusPatch}`);
    expect(viaStdin.err).toBe('');
    expect(viaStdin.code).toBe(0);
    expect(viaStdin.out).toContain('Patch stdin — move it:');
    const file = join(tmp, 'p.patch');
    writeFileSync(file, corpusPatch);
    const viaFile = await cli(['diff', '--scenario', 'round-trip', '--patch', file]);
    expect(viaStdin.out.split('\n').slice(-12)).toEqual(viaFile.out.split('\n').slice(-12));
  });

  test('a hunk whose header counts do not match its lines is PATCH:LINE: error, exit 1', async () => {
    const bad = join(tmp, 'bad.patch');
    writeFileSync(bad, 'intro\n--- a/asm/hyp/switch.S\n+++ b/asm/hyp/switch.S\n@@ -1,5 +1,6 @@\n x\n-y\n+z\n\nmore text\n');
    const r = await cli(['diff', '--patch', bad]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(new RegExp(`^${bad.replace(/[/.]/g, '\\$&')}:4:1: error: hunk '@@ -1,5 \\+1,6 @@' does not match its lines`));
    expect(r.err).not.toMatch(/internal error|\n\s+at /);
    const e = errorOf(() => applyPatch(base, '--- a/src/a.S\n+++ b/src/a.S\n@@ -1,1 +1,1 @@\n-one\n-two\n+ONE\n', 'p'));
    expect(formatError(e)).toMatch(/^p:3:1: error: hunk/);
  });

  test('the placement search is bounded: a hunk that matches nowhere in a file of repeated lines ends with a limit error', () => {
    const big = new MemoryTree(new Map([['a.S', 'a\nb\n'.repeat(30_000)]]));
    const hunk = `--- a/a.S\n+++ b/a.S\n@@ -1,2002 +1,2002 @@\n${' a\n b\n'.repeat(1000)} a\n-a\n+z\n`;
    const e = errorOf(() => applyPatch(big, hunk, 'slow.patch'));
    expect(e.kind).toBe('limit');
    expect(e.message).toMatch(/line comparisons; giving up/);
  });

  test('folded Subject headers are joined and the bracketed prefix stripped, the same everywhere', () => {
    expect(subjectOf('From: a\nSubject: [RFC PATCH v2 3/7] arm64: KVM: move FP/SIMD\n to vcpu_load/put\nDate: x\n')).toBe('arm64: KVM: move FP/SIMD to vcpu_load/put');
    expect(subjectOf('> text\n[PATCH] arm64: quoted\n')).toBe('arm64: quoted');
    for (const s of ['[PATCH] x', '[RFC PATCH v2 3/7] x', 'Re: [PATCH] x', '[PATCH][RFC] x']) expect(stripSubjectPrefix(s)).toBe('x');
    const r = applyPatch(base, 'Subject: [PATCH v3]\n demo\n\n--- a/src/a.S\n+++ b/src/a.S\n@@ -2,1 +2,1 @@\n-two\n+TWO\n');
    expect(r.subject).toBe('demo');
  });

  test('a patch for files the tree does not have says which files it expected and what the tree has', () => {
    const tree = new MemoryTree(new Map([['src/other.S', 'x\n']]));
    const e = errorOf(() => applyPatch(tree, '--- a/src/a.S\n+++ b/src/a.S\n@@ -1,1 +1,1 @@\n-one\n+ONE\n', 'p'));
    expect(e.message).toBe('p: does not apply to memory: 1 file(s) it patches are not in the tree');
    expect(e.notes).toContain('the patch expects src/a.S');
    expect(e.notes.some((n) => n.startsWith('src/a.S: no such file in memory'))).toBe(true);
  });

  test.skipIf(!linux61Available() || !rfcSeedPath())('the v4.0 RFC on Linux 6.1: hyp.S named as missing, with what arch/arm64/kvm has', async () => {
    const r = await cli(['diff', '--kernel', linux61Dir(), '--patch', rfcSeedPath()!]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/does not apply to .*: \d+ file\(s\) it patches are not in the tree/);
    expect(r.err).toMatch(/note: arch\/arm64\/kvm\/hyp\.S: no such file in .*; arch\/arm64\/kvm\/ has .*hyp\//);
    expect(r.err).not.toMatch(/hyp\.S hunk \d+ .* failed/);
  });
});
