// Branches, hints, barriers, system registers and PSTATE, run stops (brk, hlt, wfi), and the
// events the traced loop records.
import { describe, expect, test } from 'vitest';
import type { ExecEvent } from '../../src/machine/index.js';
import { CODE, DATA, machineWith, nzcvOf, run } from './helpers.js';

const M64 = (1n << 64n) - 1n;

/** Runs `insn` followed by `mov x9, #1` (skipped when the branch to `1f` is taken). */
function taken(insn: string, x: Record<number, bigint> = {}, nzcv = 0): boolean {
  const { m, result } = run(`mov x9, #0\n${insn}\nmov x9, #1\n1: ret`, { x, nzcv });
  expect(result.reason).toBe('returned');
  return m.x(9) === 0n;
}

describe('branches', () => {
  // [cond, NZCV values for which it holds]
  const conds: Array<[string, (n: number, z: number, c: number, v: number) => boolean]> = [
    ['eq', (_n, z) => z === 1], ['ne', (_n, z) => z === 0], ['cs', (_n, _z, c) => c === 1], ['cc', (_n, _z, c) => c === 0],
    ['mi', (n) => n === 1], ['pl', (n) => n === 0], ['vs', (_n, _z, _c, v) => v === 1], ['vc', (_n, _z, _c, v) => v === 0],
    ['hi', (_n, z, c) => c === 1 && z === 0], ['ls', (_n, z, c) => !(c === 1 && z === 0)], ['ge', (n, _z, _c, v) => n === v],
    ['lt', (n, _z, _c, v) => n !== v], ['gt', (n, z, _c, v) => z === 0 && n === v], ['le', (n, z, _c, v) => !(z === 0 && n === v)],
    ['al', () => true],
  ];
  test.each(conds)('b.%s over all 16 flag combinations', (cond, holds) => {
    for (let f = 0; f < 16; f++) {
      expect(taken(`b.${cond} 1f`, {}, f), `NZCV=${f.toString(2)}`).toBe(holds(f >> 3, (f >> 2) & 1, (f >> 1) & 1, f & 1));
    }
  });

  test.each([
    ['cbz x1, 1f', 0n, true], ['cbz x1, 1f', 1n << 40n, false], ['cbz w1, 1f', 1n << 40n, true],
    ['cbnz x1, 1f', 1n << 40n, true], ['cbnz w1, 1f', 1n << 40n, false],
    ['tbz x1, #63, 1f', 1n << 63n, false], ['tbnz x1, #63, 1f', 1n << 63n, true], ['tbnz x1, #32, 1f', 1n << 32n, true],
    ['tbz w1, #31, 1f', 1n << 31n, false], ['tbnz w1, #0, 1f', 1n, true], ['tbz x1, #5, 1f', 0n, true],
  ] as const)('%s with x1 = %s', (insn, x1, want) => {
    expect(taken(insn, { 1: x1 })).toBe(want);
  });

  test('bl sets LR to the next instruction; br, blr and ret jump to registers', () => {
    const { m, result } = run('mov x20, x30\nbl 1f\nmov x30, x20\nret\n1: adr x2, 2f\nmov x21, x30\nblr x2\nmov x30, x21\nret\n2: mov x22, x30\nadr x3, 3f\nbr x3\n3: ret x22');
    expect(result.reason).toBe('returned');
    expect(m.x(21)).toBe(CODE + 8n);
    expect(m.x(22)).toBe(CODE + 28n);
  });

  test('blr x30 branches to the old x30', () => {
    const { m, result } = run('mov x20, x30\nadr x30, 1f\nblr x30\n1: mov x30, x20\nret');
    expect(result.reason).toBe('returned');
    expect(m.x(20)).toBe(0xfffffffffffff000n);
  });
});

describe('run stops', () => {
  test('brk stops with the immediate and the address; PC stays at the brk', () => {
    const { m, result } = run('mov x0, #1\nbrk #0x800');
    expect(result).toEqual({ reason: 'brk', steps: 1, message: 'brk #0x800 at 0x400004' });
    expect(m.pc).toBe(CODE + 4n);
  });

  test('hlt stops as halted', () => {
    expect(run('hlt #0x2').result).toMatchObject({ reason: 'halted', message: 'hlt #0x2 at 0x400000' });
  });

  test('wfi with nothing pending stops as halted; with an interrupt pending it continues', () => {
    expect(run('wfi\nret').result.reason).toBe('halted');
    const m = machineWith('wfi\nret');
    m.raise('irq');
    expect(m.run({ maxSteps: 10 }).reason).toBe('returned');
  });

  test('wfe consumes the event register set by sevl; then waits', () => {
    expect(run('sevl\nwfe\nret').result.reason).toBe('returned');
    expect(run('sevl\nwfe\nwfe\nret').result.reason).toBe('halted');
  });

  test('the step budget', () => {
    expect(run('1: b 1b', {}, 50).result).toEqual({ reason: 'steps', steps: 50, message: 'step limit of 50 reached' });
  });

  test('unallocated encodings are undefined instructions; udf too', () => {
    const { result } = run('udf #1');
    expect(result.reason).toBe('fault');
    expect(result.message).toContain('undefined instruction');
    expect(result.message).toContain('udf #1');
  });

  test('SVE and Debug-state-only instructions are UNDEFINED on this CPU', () => {
    const m = machineWith('nop');
    m.memory.writeU32(CODE, 0x04bf5020); // rdvl x0, #1
    expect(m.run({ maxSteps: 5 }).message).toContain('SVE is not implemented');
  });
});

describe('hints and barriers', () => {
  test.each(['nop', 'yield', 'esb', 'csdb', 'bti c', 'paciasp', 'autiasp', 'xpaclri', 'hint #0x7f', 'clearbhb', 'isb', 'dsb ish', 'dmb ishld', 'ssbb', 'clrex'])('%s changes nothing architectural', (insn) => {
    const { m, result } = run(`${insn}\nret`, { x: { 30: 0xfffffffffffff000n } });
    expect(result.reason).toBe('returned');
    expect(m.x(0)).toBe(0n);
  });

  test('the traced loop records barriers, TLB and cache maintenance, address translation', () => {
    const m = machineWith('dsb ish\nisb\ntlbi vmalle1is\nic iallu\ndc civac, x1\nat s1e1r, x1\nnop\nret', { x: { 1: DATA } });
    const events: ExecEvent[][] = [];
    const result = m.run({ maxSteps: 20, onStep: (e) => events.push([...e.exec]) });
    expect(result.reason).toBe('returned');
    expect(events.slice(0, 7).map((e) => e.map((x) => `${x.kind}:${x.text}`))).toEqual([
      ['barrier:dsb ish'], ['barrier:isb'], ['tlbi:tlbi vmalle1is'], ['ic:ic iallu'], ['dc:dc civac, x1'], ['at:at s1e1r, x1'], [],
    ]);
    expect(events[4][0].address).toBe(DATA);
  });

  test('at writes PAR_EL1: the flat PA on success, F=1 and the fault status when unmapped', () => {
    const m = machineWith('at s1e1r, x1\nmrs x2, par_el1\nat s1e1w, x3\nmrs x4, par_el1\nret', { x: { 1: DATA + 0x123n, 3: 0x7770000n } });
    expect(m.run({ maxSteps: 10 }).reason).toBe('returned');
    expect(m.x(2) & 0xfffffffff000n).toBe(DATA);
    expect(m.x(2) & 1n).toBe(0n);
    expect(m.x(4) & 1n).toBe(1n);
    expect((m.x(4) >> 1n) & 0x3fn).toBe(0x07n);
  });
});

describe('PSTATE and system registers', () => {
  test('msr daifset/daifclr, mrs daif', () => {
    const { m } = run('msr daifclr, #0xf\nmrs x1, daif\nmsr daifset, #2\nmrs x2, daif\nret');
    expect(m.x(1)).toBe(0n);
    expect(m.x(2)).toBe(0x80n);
  });

  test('mrs/msr nzcv, currentel, spsel switches SP_EL0/SP_ELx', () => {
    const { m, result } = run('mov x1, #0x60000000\nmsr nzcv, x1\nmrs x2, nzcv\nmrs x3, currentel\nmov x4, sp\nmsr spsel, #0\nmov x5, sp\nmsr spsel, #1\nret', { sp: 0x8000n });
    expect(result.reason).toBe('returned');
    expect(m.x(2)).toBe(0x60000000n);
    expect(nzcvOf(m)).toBe(0b0110);
    expect(m.x(3)).toBe(4n);
    expect(m.x(4)).toBe(0x8000n);
    expect(m.x(5)).toBe(0n);
  });

  test('fpsr and fpcr keep their defined bits', () => {
    const { m } = run('msr fpsr, x1\nmrs x2, fpsr\nmsr fpcr, x1\nmrs x3, fpcr\nret', { x: { 1: M64 } });
    expect(m.x(2)).toBe(0xf800009fn);
    expect(m.x(3)).toBe(0x07f70000n);
  });

  test('plain system registers are storage; writes to read-only ones are undefined', () => {
    const { m } = run('mov x1, #0x1234\nmsr tpidr_el1, x1\nmrs x2, tpidr_el1\nmrs x3, midr_el1\nret');
    expect(m.x(2)).toBe(0x1234n);
    expect(m.x(3)).toBe(0x411fd070n);
    const bad = machineWith('msr midr_el1, x1\nret');
    bad.memory.writeU32(CODE, 0xd5180001); // msr s3_0_c0_c0_0, x1
    expect(bad.run({ maxSteps: 5 }).message).toContain('undefined instruction');
  });

  test('the virtual counter counts retired instructions (block and step loops agree)', () => {
    const source = 'mrs x1, cntvct_el0\nnop\nnop\nmrs x2, cntvct_el0\nret';
    const a = machineWith(source);
    a.run({ maxSteps: 10 });
    const b = machineWith(source);
    b.run({ maxSteps: 10, onStep: () => {} });
    expect(a.x(2) - a.x(1)).toBe(3n);
    expect(b.x(2) - b.x(1)).toBe(3n);
  });
});
