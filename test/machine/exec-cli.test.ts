// `hypsim exec`, in process: runs to return, to brk, to the step limit; JSON state round trip;
// input errors as file:line:col.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { main } from '../../src/cli/main.js';
import type { Io } from '../../src/cli/io.js';

async function hypsim(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: Io = { out: (t) => void (out += t), err: (t) => void (err += t), interactive: false };
  const code = await main(args, io);
  return { code, out, err };
}

const SUM = 'fixtures/machine/sum.S';
const tmp = mkdtempSync(join(tmpdir(), 'hypsim-exec-'));
function stateFile(name: string, content: unknown): string {
  const path = join(tmp, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

describe('hypsim exec', () => {
  test('runs a function until it returns and prints the registers', async () => {
    const r = await hypsim('exec', SUM, '--entry', 'sum_array', '--state', stateFile('three.json', { x: ['0x3'] }));
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain('x0  0x0000000000000006');
    expect(r.out).toMatch(/returned after 20 steps\n$/);
  });

  test('stops at brk (exit 0)', async () => {
    const r = await hypsim('exec', SUM, '--entry', 'stop_here');
    expect(r.code).toBe(0);
    expect(r.out).toContain('x0  0x000000000000002a');
    expect(r.out).toContain('brk #0x800 at 0x400028 after 1 step');
  });

  test('stops at the step limit (exit 3)', async () => {
    const r = await hypsim('exec', SUM, '--entry', 'spin', '--max-steps', '100');
    expect(r.code).toBe(3);
    expect(r.out).toContain('step limit of 100 reached after 100 steps');
  });

  test('--trace prints address, symbol+offset, source line, disassembly and registers written', async () => {
    const r = await hypsim('exec', SUM, '--entry', 'sum_array', '--trace', '--state', stateFile('one.json', { x: [1] }));
    const lines = r.out.split('\n');
    expect(lines[0]).toMatch(/^0x00400000 +sum_array\+0x0 +fixtures\/machine\/sum\.S:5 +adr x1, 0x410000 +x1=0x410000$/);
    expect(lines[3]).toMatch(/ldr x3, \[x1\], #8 +x1=0x410008 +x3=0x1$/);
  });

  test('--json prints the state; feeding it back as --state reproduces it', async () => {
    const first = await hypsim('exec', SUM, '--entry', 'save_fpsimd', '--json', '--state', stateFile('v.json', { v: ['0x11', '0x22'], fpsr: '0x8000010', sysregs: { tpidr_el1: '0x1234' } }));
    expect(first.code).toBe(0);
    const state = JSON.parse(first.out);
    expect(state.reason).toBe('returned');
    expect(state.v[1]).toBe('0x00000000000000000000000000000022');
    expect(state.sysregs.tpidr_el1).toBe('0x0000000000001234');
    const data = state.memory[0];
    expect(data.base).toBe('0x0000000000410000');
    expect(data.hex.slice(80, 152)).toBe(`${'11'.padEnd(32, '0')}${'22'.padEnd(32, '0')}10000008`);
    const again = await hypsim('exec', SUM, '--entry', 'save_fpsimd', '--json', '--max-steps', '0', '--state', stateFile('again.json', first.out));
    const replayed = JSON.parse(again.out);
    expect(again.code).toBe(3);
    for (const key of ['x', 'v', 'sp', 'nzcv', 'fpsr', 'fpcr', 'el', 'sysregs', 'memory']) {
      if (key === 'x') expect(replayed.x.slice(0, 30)).toEqual(state.x.slice(0, 30));
      else expect(replayed[key], key).toEqual(state[key]);
    }
  });

  test('--el and state memory that creates a new region', async () => {
    const r = await hypsim('exec', SUM, '--entry', 'sum_array', '--el', '2', '--json', '--state', stateFile('mem.json', { x: ['0'], memory: [{ base: '0x900000', hex: 'deadbeef' }] }));
    const state = JSON.parse(r.out);
    expect(state.el).toBe(2);
    expect(state.memory[1]).toEqual({ base: '0x0000000000900000', hex: 'deadbeef' });
  });

  test('an assembly error is reported as file:line:col (exit 1)', async () => {
    const r = await hypsim('exec', 'fixtures/machine/bad.S', '--entry', 'f');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^fixtures\/machine\/bad\.S:5:\d+: error: /);
    expect(r.err).not.toMatch(/\n\s+at /);
  });

  test('undefined symbols are named with every use (exit 1)', async () => {
    const r = await hypsim('exec', 'fixtures/machine/undefined.S', '--entry', 'f');
    expect(r.code).toBe(1);
    expect(r.err).toContain("undefined symbol 'missing_function'");
    expect(r.err).toContain('fixtures/machine/undefined.S:5');
    expect(r.err).toContain('missing_data');
  });

  test('bad state files and entry symbols are input errors', async () => {
    const badJson = await hypsim('exec', SUM, '--entry', 'sum_array', '--state', stateFile('bad.json', '{"x": [1,\n  2,, 3]}'));
    expect(badJson.code).toBe(1);
    expect(badJson.err).toMatch(/bad\.json(:\d+:\d+)?: not valid JSON/);
    const badField = await hypsim('exec', SUM, '--entry', 'sum_array', '--state', stateFile('field.json', { x: ['zzz'] }));
    expect(badField.err).toContain('x[0]: expected a non-negative integer');
    const badReg = await hypsim('exec', SUM, '--entry', 'sum_array', '--state', stateFile('reg.json', { sysregs: { no_such_el1: 1 } }));
    expect(badReg.err).toContain('sysregs.no_such_el1: no such system register');
    const entry = await hypsim('exec', SUM, '--entry', 'nowhere');
    expect(entry.code).toBe(1);
    expect(entry.err).toContain("entry symbol 'nowhere' is not defined");
  });

  test('an unhandled exception ends the run with exit 5 and names the source line', async () => {
    const r = await hypsim('exec', SUM, '--entry', 'sum_array', '--state', stateFile('fault.json', { x: ['0x100000'] }));
    expect(r.code).toBe(5);
    expect(r.out).toMatch(/unhandled read of 0x411000 .*ldr x3, \[x1\], #8 \(0x40000c\).*\(fixtures\/machine\/sum\.S:8\)/);
  });
});
