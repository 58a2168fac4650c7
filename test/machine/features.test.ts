// hypsim's CPU is ARMv8.0: instructions, system registers and operations whose feature (the
// forms' feature column, src/a64/features.ts) it lacks are UNDEFINED — EC 0 at the current EL,
// ELR at the instruction, nothing else changed — never executed. Unallocated ID registers read 0.
import { describe, expect, test } from 'vitest';
import { CPU_FEATURES, hasFeature } from '../../src/a64/features.js';
import { FORMS, decode } from '../../src/a64/index.js';
import { featureOf } from '../../src/a64/form.js';
import type { Machine } from '../../src/machine/index.js';
import { CODE, DATA, machineWith } from './helpers.js';

const VBAR_EL1 = 0x600000n;

/** `source` at EL1 with a vector table of `brk #slot`; runs until the vector's brk. */
function undefinedAt(source: string): Machine {
  const m = machineWith(`nop\n${source}\nret`, { x: { 0: 7n, 1: 9n, 2: DATA, 3: DATA + 0x10n, 4: DATA } });
  m.memory.map('vectors', VBAR_EL1, 0x1000, { perms: 5 });
  for (let slot = 0; slot < 16; slot++) m.memory.writeU32(VBAR_EL1 + BigInt(slot * 0x80), 0xd4200000 | (slot << 5));
  m.setSysreg('vbar_el1', VBAR_EL1);
  m.memory.writeU32(DATA, 0x11223344);
  const r = m.run({ maxSteps: 10 });
  expect(r.reason, r.message).toBe('brk');
  return m;
}

describe('post-ARMv8.0 instructions are UNDEFINED on this CPU', () => {
  test.each([
    'ldadd x0, x1, [x2]', 'ldaddal w0, w1, [x2]', 'ldadda w4, w2, [x2]', 'staddlh w0, [x2]', 'stsetb w1, [x2]', 'ldumaxl x1, x0, [x2]',
    'swpal x0, x1, [x2]', 'casa w0, w1, [x2]', 'casal x2, x1, [x3]', 'caspal x0, x1, x2, x3, [x4]',
    'sb', 'msr pan, #1', 'msr uao, #1', 'msr dit, #1', 'mrs x0, pan', 'msr pan, x0', 'mrs x0, uao',
    'mrs x0, s3_0_c2_c0_3' /* TCR2_EL1 */, 'mrs x0, s3_3_c4_c4_2' /* FPMR */, 'msr s3_0_c10_c2_4, x1' /* POR_EL1 */,
    'mrs x0, disr_el1' /* RAS */, 'mrs x0, zcr_el1', 'dc cvap, x2', 'tlbi ripas2e1is, x4', 'rdvl x0, #1',
  ])('%s: EC 0 to EL1, ELR at it, no register or memory changed', (insn) => {
    const m = undefinedAt(insn);
    expect(m.el).toBe(1);
    expect(m.pc).toBe(VBAR_EL1 + 0x200n);
    expect(m.sysreg('esr_el1') >> 26n).toBe(0n);
    expect(m.sysreg('elr_el1')).toBe(CODE + 4n);
    expect([m.x(0), m.x(1)]).toEqual([7n, 9n]);
    expect(m.memory.readU32(DATA)).toBe(0x11223344);
  });

  test('every form whose feature the CPU lacks is UNDEFINED, by the forms table', () => {
    const lacking = FORMS.filter((f) => typeof f.feature === 'string' && !hasFeature(CPU_FEATURES, f.feature));
    expect(lacking.filter((f) => f.feature === 'lse').length).toBe(168);
    expect(lacking.some((f) => f.id === 'SB')).toBe(true);
    const word = 0xf8200041; // ldadd x0, x1, [x2]
    const d = decode(word);
    expect(d && featureOf(d.form, d.fields)).toBe('lse');
  });

  test('the unpatched alternatives: ldxr/stxr loops and ARMv8.0 barriers still run', () => {
    const m = machineWith('1: ldxr x5, [x2]\nadd x5, x5, #1\nstxr w6, x5, [x2]\ncbnz w6, 1b\ndsb ish\nisb\nret', { x: { 2: DATA } });
    expect(m.run({ maxSteps: 50 }).reason).toBe('returned');
    expect(m.memory.readU32(DATA)).toBe(1);
  });

  test('an unallocated ID register (ID_AA64MMFR3_EL1) reads as zero at EL1', () => {
    const m = machineWith('mov x0, #5\nmrs x0, s3_0_c0_c7_3\nret');
    expect(m.run({ maxSteps: 10 }).reason).toBe('returned');
    expect(m.x(0)).toBe(0n);
  });
});
