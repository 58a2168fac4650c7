// The fast loop runs straight-line blocks of compiled instructions through generated functions;
// the traced loop steps one instruction at a time (the reference). On random sequences (assembled
// by hypsim itself, no external tools) both must end in identical state and memory.
import { describe, expect, test } from 'vitest';
import { assembleText } from '../../src/gas/index.js';
import { linkAlone } from '../../src/machine/exec.js';
import { createMachine, EXEC, READ, WRITE, type Machine } from '../../src/machine/index.js';
import { Rng, fillBuffer, generateCase, type FuzzCase } from './qemu-oracle.js';

const BUFFER = 0x600000n;

function machineFor(c: FuzzCase): { m: Machine; end: bigint } {
  const source = ['\t.text', '\t.global f, f_end', 'f:', ...c.lines.map((l) => (l.endsWith(':') ? l : `\t${l}`)), 'f_end:', '\tbrk #0', ...c.literals, ''].join('\n');
  const image = linkAlone(assembleText(source, { file: `case${c.id}.S` }));
  const m = createMachine();
  const text = image.regions[0];
  m.memory.map('text', text.address, Math.ceil(text.bytes.length / 0x1000) * 0x1000, { perms: READ | EXEC });
  m.memory.writeBytes(text.address, text.bytes);
  m.memory.map('buffer', BUFFER, 4096, { perms: READ | WRITE });
  m.memory.writeBytes(BUFFER, fillBuffer(c.bufferSeed));
  m.setEl(0, 0);
  m.setSysreg('cpacr_el1', 3n << 20n);
  m.setSysreg('sctlr_el1', (1n << 26n) | (1n << 14n) | (1n << 9n));
  c.x.forEach((v, i) => m.setX(i, i === 28 ? BUFFER : v));
  m.sp = BUFFER + 2048n;
  m.setSysreg('nzcv', BigInt(c.nzcv));
  m.setSysreg('fpsr', BigInt(c.fpsr));
  m.setSysreg('fpcr', BigInt(c.fpcr));
  c.v.forEach((v, i) => m.setV(i, v));
  m.pc = image.address('f');
  return { m, end: image.address('f_end') };
}

describe('fast (block) loop against the traced (step) loop', () => {
  test('200 random sequences end in identical state', () => {
    const rng = new Rng(4242);
    const mismatches: string[] = [];
    for (let i = 0; i < 200; i++) {
      const c = generateCase(rng, i, 40, false);
      const fast = machineFor(c);
      const traced = machineFor(c);
      const a = fast.m.run({ maxSteps: 5000 });
      const b = traced.m.run({ maxSteps: 5000, onStep: () => {} });
      const same = a.reason === b.reason && a.steps === b.steps && fast.m.pc === fast.end && traced.m.pc === traced.end
        && fast.m.r.every((w, k) => w === traced.m.r[k] || (k >= 212 && k < 220))
        && fast.m.memory.readBytes(BUFFER, 4096).every((x, k) => x === traced.m.memory.readBytes(BUFFER, 4096)[k]);
      if (!same) mismatches.push(`case ${i}: fast ${a.reason}/${a.steps}, traced ${b.reason}/${b.steps}\n${c.lines.join('\n')}`);
    }
    expect(mismatches.slice(0, 2).join('\n\n')).toBe('');
  }, 60_000);

  test('a budget that ends inside a block stops at exactly that many steps', () => {
    const rng = new Rng(7);
    const c = generateCase(rng, 0, 30, false);
    for (const budget of [1, 2, 5, 13]) {
      const fast = machineFor(c);
      const traced = machineFor(c);
      expect(fast.m.run({ maxSteps: budget }).steps).toBe(budget);
      traced.m.run({ maxSteps: budget, onStep: () => {} });
      expect(fast.m.pc).toBe(traced.m.pc);
    }
  });
});
