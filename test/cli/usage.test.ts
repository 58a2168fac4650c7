// Exit codes and messages a careful user expects: input errors exit 1, usage errors 2 with one
// prefix style, options that cannot combine refused, paths resolved as given.
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { linux61Available, linux61Dir } from '../helpers/oracles.js';
import { cli } from '../report/helpers.js';

const tmp = mkdtempSync(join(tmpdir(), 'hypsim-usage-'));
const missing = join(tmp, 'does-not-exist');
/** Every message starts `hypsim: error:`, `hypsim: warning:`, `hypsim: note:` or `FILE:LINE:COL: error:`. */
const ONE_STYLE = /^(hypsim: (error|warning|note|wrote)|\S+:\d+:\d+: (error|warning)|  (note|in expansion)|\(run with --help)/;

function styled(err: string): void {
  for (const line of err.split('\n').filter(Boolean)) expect(line, line).toMatch(ONE_STYLE);
}

describe('exit codes', () => {
  test.each([
    [['diff', '--patch', missing], 'cannot read patch file'],
    [['run', '--scenario', `${missing}.yaml`], 'cannot read scenario file'],
    [['run', '--scenario', './nope.scn'], 'cannot read scenario file'],
    [['trace', '--check', missing], 'cannot read the trace to check against'],
    [['exec', 'fixtures/machine/sum.S', '--entry', 'sum_array', '--state', missing], 'cannot read state file'],
    [['run', '--kernel', missing], `--kernel ${missing}: no such directory`],
  ])('a missing input file is an input error (exit 1): %j', async (args, message) => {
    const r = await cli(args as string[]);
    expect(r.code).toBe(1);
    expect(r.err).toContain(message);
    styled(r.err);
  });

  test.skipIf(!linux61Available())('a missing --asm-offsets file is an input error', async () => {
    const r = await cli(['run', '--kernel', linux61Dir(), '--asm-offsets', missing]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('cannot read asm-offsets file');
  });

  test.each([
    [['help', 'nosuch'], "unknown command 'nosuch'"],
    [['frobnicate'], "unknown command 'frobnicate'"],
    [['run', '--nope'], "unknown option '--nope'"],
    [['run', '--variant', 'lazy', '--patch', 'asm/patches/lazy-fpsimd.patch'], 'either --patch or --variant'],
    [['count', '--kernel', '.', '--variant', 'lazy'], 'with --kernel, give --patch'],
    [['diff', '--context', '4'], '--context applies to --trace-diff'],
    [['trace', '--context', '4'], '--context applies to --check'],
    [['diff', '--trace-diff', '--format', 'csv'], 'not of --format csv'],
    [['run', '--scenario', 'no-such-scenario'], "no built-in scenario 'no-such-scenario'"],
    [['run', '--max-instructions', '0'], '--max-instructions must be a positive integer'],
  ])('usage errors exit 2 in the one style: %j', async (args, message) => {
    const r = await cli(args as string[]);
    expect(r.code).toBe(2);
    expect(r.err).toContain(message);
    styled(r.err);
  });

  test('help for a command exits 0', async () => {
    const r = await cli(['help', 'diff']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('--trace-diff');
  });
});

describe('reports', () => {
  test('diff --trace-diff --format json includes the alignment', async () => {
    const r = await cli(['diff', '--scenario', 'round-trip', '--trace-diff', '--format', 'json']);
    const doc = JSON.parse(r.out);
    expect(doc.alignment).toHaveLength(3);
    const blocks = doc.alignment.flatMap((s: { blocks: Array<{ op: string; function: string; instructions: number }> }) => s.blocks);
    expect(blocks.some((b: { op: string; function: string }) => b.op === '-' && b.function === '__save_fpsimd')).toBe(true);
    expect(JSON.parse((await cli(['diff', '--scenario', 'round-trip', '--format', 'json'])).out).alignment).toBeUndefined();
  });

  test('--all shows every row in md and csv; without it only the rows that changed', async () => {
    for (const format of ['md', 'csv']) {
      const some = (await cli(['diff', '--scenario', 'round-trip', '--format', format])).out.split('\n').length;
      const all = (await cli(['diff', '--scenario', 'round-trip', '--format', format, '--all'])).out.split('\n').length;
      expect(all, format).toBeGreaterThan(some);
    }
  });

  test('trace --out reports bytes, as the file has them', async () => {
    const out = join(tmp, 't.jsonl');
    const r = await cli(['trace', '--scenario', 'round-trip', '--out', out]);
    const bytes = Number(/\((\d+) bytes\)/.exec(r.err)?.[1]);
    expect(bytes).toBe(statSync(out).size);
    expect(readFileSync(out, 'utf8')).toContain('→');
  });

  test('a scenario file named like one (x.scn, ./x) is read as a file; a bare word is a built-in name', async () => {
    const file = join(tmp, 'x.scn');
    writeFileSync(file, 'name: x\nsteps: [vcpu_load, {run: {exit: hvc}}, vcpu_put]\n');
    const r = await cli(['count', '--scenario', file, '--format', 'json']);
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(r.out).scenario).toBe('x');
    expect((await cli(['count', '--scenario', 'round-trip', '--format', 'json'])).code).toBe(0);
  });

  test('a scenario with an unknown or misplaced key is a FILE:LINE:COL error', async () => {
    const file = join(tmp, 'typo.yaml');
    writeFileSync(file, 'steps:\n  - vcpu_load\n  - run: { work: { compute: 1, fpsmid: 2 } }\n  - run: { exit: mmio, irq_after: 3 }\n  - vcpu_put\n');
    const r = await cli(['run', '--scenario', file]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(new RegExp(`^${file.replace(/[/.]/g, '\\$&')}:3:32: error: scenario: unknown key 'fpsmid' \\(did you mean 'fpsimd'\\?\\)`));
    writeFileSync(file, 'steps:\n  - vcpu_load\n  - run: { exit: mmio, irq_after: 3 }\n  - vcpu_put\n');
    expect((await cli(['run', '--scenario', file])).err).toMatch(/typo\.yaml:3:24: error: scenario: irq_after applies to exit: irq, not to exit: mmio/);
  });
});

describe('paths', () => {
  test.skipIf(!linux61Available())('an absolute path inside the --kernel tree works; one outside is refused', async () => {
    const abs = resolve(linux61Dir(), 'arch/arm64/kvm/hyp/entry.S');
    const r = await cli(['symbols', '--kernel', linux61Dir(), abs]);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('__guest_enter');
    const outside = await cli(['symbols', '--kernel', linux61Dir(), '/etc/hostname']);
    expect(outside.code).toBe(2);
    expect(outside.err).toContain('not inside the --kernel tree');
  });
});

describe('exec', () => {
  test('--json has format and version; --trace entries are objects', async () => {
    const r = await cli(['exec', 'fixtures/machine/sum.S', '--entry', 'sum_array', '--json', '--trace']);
    const doc = JSON.parse(r.out);
    expect([doc.format, doc.version]).toEqual(['hypsim-exec', 1]);
    expect(doc.trace[0]).toMatchObject({ pc: '0x00400000', symbol: 'sum_array+0x0', source: 'fixtures/machine/sum.S:5', text: 'adr x1, 0x410000', regs: ['x1=0x410000'] });
  });

  test('an entry that is a local symbol says so', async () => {
    const file = join(tmp, 'local.S');
    writeFileSync(file, '\t.text\nf:\n\tret\n');
    const r = await cli(['exec', file, '--entry', 'f']);
    expect(r.code).toBe(1);
    expect(r.err).toContain("entry symbol 'f' is local to");
    expect(r.err).toContain("add '.globl f'");
  });
});
