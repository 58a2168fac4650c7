// The Tarmac export of every built-in scenario, read with the rules of Arm's Tarmac parser
// (test/report/tarmac-rules.ts): every line parses, and what the parser sees — instructions,
// register values, memory accesses (16 bytes as two 64-bit words), CPSR, exceptions — is the run.
import { describe, expect, test } from 'vitest';
import { builtinScenarioNames } from '../../src/kvm/scenario.js';
import { tarmacText } from '../../src/report/export-tarmac.js';
import { executed, runRecords } from '../../src/report/records.js';
import { corpusRun } from './helpers.js';
import { lookupRegister, parseTarmac, type TarmacEvent } from './tarmac-rules.js';

const CASES = [...builtinScenarioNames().map((s) => [s, 'original'] as const), ['exits', 'lazy'] as const, ['fpsimd-hazard', 'move-to-load-put'] as const];

describe.each(CASES)('tarmac export of %s on %s, read by the rules of Arm\'s parser', (scenario, variant) => {
  const recs = () => runRecords(corpusRun(scenario, variant));
  const events = () => parseTarmac(tarmacText(recs()));
  const of = <K extends TarmacEvent['kind']>(k: K) => events().filter((e): e is Extract<TarmacEvent, { kind: K }> => e.kind === k);

  test('instruction lines: address, encoding, A64 state, EL mode and disassembly of every executed instruction', () => {
    const insns = executed(recs());
    const lines = of('insn');
    expect(lines.length).toBe(insns.length);
    insns.forEach((r, i) => {
      expect([lines[i].time, lines[i].pc, lines[i].encoding, lines[i].width, lines[i].mode, lines[i].disasm]).toEqual([r.seq, r.pc, r.info.word, 32, `EL${r.el}h_n`, r.info.disasm]);
    });
  });

  test('register lines: X, SP, Q, FPSR/FPCR values as written; flags as CPSR; other names are system registers', () => {
    const byTime = new Map<number, Array<Extract<TarmacEvent, { kind: 'reg' }>>>();
    for (const e of of('reg')) byTime.set(e.time, [...(byTime.get(e.time) ?? []), e]);
    let flags = 0;
    for (const r of recs().insns) {
      const seen = byTime.get(r.seq) ?? [];
      for (const w of r.regs) {
        const x = /^x(\d+)$/.exec(w.name);
        const v = /^v(\d+)$/.exec(w.name);
        if (x) expect(seen).toContainEqual({ kind: 'reg', time: r.seq, reg: `x${x[1]}`, bytes: 8, value: w.value });
        if (v) expect(seen).toContainEqual({ kind: 'reg', time: r.seq, reg: `q${v[1]}`, bytes: 16, value: w.value });
        if (/^sp_el\d$/.test(w.name)) expect(seen).toContainEqual({ kind: 'reg', time: r.seq, reg: 'xsp', bytes: 8, value: w.value });
        if (w.name === 'nzcv') {
          const cpsr = seen.find((e) => e.reg === 'psr0');
          expect(cpsr, `CPSR at ${r.seq}`).toBeDefined();
          expect(cpsr!.value >> 28n).toBe(w.value);
          flags++;
        }
      }
    }
    expect(flags).toBeGreaterThan(0);
    for (const e of of('unknown-register')) expect(lookupRegister(e.name)).toBeUndefined();
    expect(of('unknown-register').map((e) => e.name)).not.toContain('NZCV');
  });

  test('memory lines: every access, 16-byte ones as two 64-bit words (first word in memory given second)', () => {
    const expected: Array<{ time: number; read: boolean; size: number; address: bigint; value: bigint }> = [];
    for (const r of recs().insns) {
      for (const a of r.mem) {
        if (a.size <= 8) expected.push({ time: r.seq, read: !a.write, size: a.size, address: a.address, value: a.value });
        else for (let at = 0; at < a.size; at += 8) expected.push({ time: r.seq, read: !a.write, size: 8, address: a.address + BigInt(at), value: (a.value >> BigInt(8 * at)) & 0xffffffffffffffffn });
      }
    }
    expect(of('mem').map(({ kind: _k, ...m }) => m)).toEqual(expected);
    expect(tarmacText(recs())).toMatch(/ M[RW]16 [0-9a-f]{16} [0-9a-f]{16} [0-9a-f]{16}\n/);
  });

  test('exception lines: one per exception taken, none for a return', () => {
    const taken = recs().insns.reduce((n, r) => n + r.exceptions.filter((x) => x.type === 'take').length, 0);
    expect(of('exception').length).toBe(taken);
    expect(taken).toBeGreaterThan(0);
  });
});

test('the reader rejects what Arm\'s parser rejects', () => {
  expect(() => parseTarmac('1 clk MW16 0000000000001000 000102030405060708090a0b0c0d0e0f\n')).toThrow(/second word of memory contents/);
  expect(() => parseTarmac('1 clk NZCV 60000000\n')).toThrow(/unknown Tarmac event type/);
  expect(() => parseTarmac('1 clk R X3 1234\n')).toThrow(/register contents/);
  expect(parseTarmac('1 clk R NZCV 60000000\n')).toEqual([{ kind: 'unknown-register', time: 1, name: 'NZCV' }]);
});

// Locally, with Arm's tools built from source (HYPSIM_TARMAC_TOOLS=their build directory): the
// real parser reads the export and names the functions from the ELF export. Never in CI.
const tools = process.env.HYPSIM_TARMAC_TOOLS;
test.skipIf(!tools)('tarmac-profile and tarmac-calltree read the export with the ELF export as --image', async () => {
  const { execFileSync } = await import('node:child_process');
  const { mkdtempSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const { cli } = await import('./helpers.js');
  const dir = mkdtempSync(join(tmpdir(), 'hypsim-tarmac-'));
  const [trace, elf] = [join(dir, 'exits.tarmac'), join(dir, 'exits.elf')];
  expect((await cli(['run', '--scenario', 'exits', '--export', 'tarmac', trace, '--export', 'elf', elf])).code).toBe(0);
  const profile = execFileSync(join(tools!, 'tarmac-profile'), ['--image', elf, trace], { cwd: dir, encoding: 'utf8' });
  expect(profile).toMatch(/__save_fpsimd/);
  const tree = execFileSync(join(tools!, 'tarmac-calltree'), ['--image', elf, trace], { cwd: dir, encoding: 'utf8' });
  expect(tree).toMatch(/: host_vcpu_run\n/);
});
