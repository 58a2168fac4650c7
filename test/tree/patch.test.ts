import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { applyPatch, formatHunkReport, unquote } from '../../src/tree/patch.js';
import { DiskTree, MemoryTree } from '../../src/tree/source-tree.js';
import { linuxV4Dir, repoRoot, rfcSeedPath } from '../helpers/oracles.js';

const base = new MemoryTree(new Map([
  ['src/a.S', 'one\ntwo\nthree\nfour\nfive\nsix\nseven\n'],
  ['src/b.c', 'int x;\n'],
]));

const simple = `--- a/src/a.S
+++ b/src/a.S
@@ -2,3 +2,3 @@
 two
-three
+THREE
 four
`;

describe('patch', () => {
  test('applies a plain unified diff in memory', () => {
    const r = applyPatch(base, simple);
    expect(r.tree.read('src/a.S')).toBe('one\ntwo\nTHREE\nfour\nfive\nsix\nseven\n');
    expect(base.read('src/a.S')).toContain('three');
    expect(r.hunks.map((h) => h.status)).toEqual(['applied']);
  });

  test('reports an offset when the context moved', () => {
    const moved = new MemoryTree(new Map([['src/a.S', 'zero\nzero\none\ntwo\nthree\nfour\nfive\n']]));
    const r = applyPatch(moved, simple);
    expect(r.hunks[0]).toMatchObject({ status: 'offset', offset: 2 });
    expect(formatHunkReport(r.hunks[0])).toContain('offset +2');
  });

  test('applies with fuzz when outer context differs', () => {
    const fuzzy = new MemoryTree(new Map([['src/a.S', 'one\nTWO\nthree\nFOUR\n']]));
    const r = applyPatch(fuzzy, simple);
    expect(r.hunks[0]).toMatchObject({ status: 'fuzz', fuzz: 1 });
    expect(r.tree.read('src/a.S')).toBe('one\nTWO\nTHREE\nFOUR\n');
  });

  test('accepts mailing-list quoting and mail headers, creates new files', () => {
    const mail = `Subject: [PATCH] demo\n\nOn Monday someone wrote:\n> text\n> --- a/src/a.S\n> +++ b/src/a.S\n> @@ -2,3 +2,3 @@\n>  two\n> -three\n> +THREE\n>  four\n> --- /dev/null\n> +++ b/src/new.S\n> @@ -0,0 +1,2 @@\n> +hello\n> +world\n>\n\nMore information about the list\n`;
    const r = applyPatch(base, mail);
    expect(r.subject).toBe('demo');
    expect(r.tree.read('src/new.S')).toBe('hello\nworld\n');
    expect(r.created).toEqual(['src/new.S']);
    expect(unquote('> --- a/x')).toBe('--- a/x');
  });

  test('a failing hunk in an assembly file is an error; elsewhere a warning', () => {
    const bad = simple.replace(' two', ' nope');
    expect(() => applyPatch(new MemoryTree(new Map([['src/a.S', 'x\n']])), bad)).toThrow(/do not apply/);
    const cBad = `--- a/src/b.c\n+++ b/src/b.c\n@@ -1,1 +1,1 @@\n-int y;\n+int z;\n`;
    const r = applyPatch(base, cBad);
    expect(r.warnings).toHaveLength(1);
    expect(r.hunks[0]).toMatchObject({ status: 'failed', assembly: false });
  });

  test('the corpus patches apply cleanly to the corpus', () => {
    const tree = new DiskTree(repoRoot);
    for (const name of ['move-fpsimd-to-load-put.patch', 'lazy-fpsimd.patch']) {
      const r = applyPatch(tree, readFileSync(join(repoRoot, 'asm/patches', name), 'utf8'), name);
      expect(r.hunks.every((h) => h.status === 'applied')).toBe(true);
    }
  });

  test.skipIf(!linuxV4Dir() || !rfcSeedPath())('the RFC seed applies to Linux v4.0 as the reference describes', () => {
    const seed = readFileSync(rfcSeedPath()!, 'utf8');
    const r = applyPatch(new DiskTree(linuxV4Dir()!), seed, 'rfc');
    const byFile = (f: string) => r.hunks.filter((h) => h.file === f).map((h) => h.status);
    expect(byFile('arch/arm64/kvm/hyp.S').every((s) => s === 'applied')).toBe(true);
    expect(r.hunks.find((h) => h.file === 'arch/arm64/kvm/Makefile')).toMatchObject({ status: 'fuzz', fuzz: 2 });
    expect(r.hunks.filter((h) => h.file.endsWith('kvm_host.h')).map((h) => h.offset)).toEqual([7, 7]);
    expect(r.created).toContain('arch/arm64/kvm/fpsimd.S');
    expect(r.tree.read('arch/arm64/kvm/hyp.S')).not.toContain('save_fpsimd');
  });
});
