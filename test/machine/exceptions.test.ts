// Exception entry and return at EL1/EL2 (what QEMU user mode cannot run), table-driven: every
// vector slot holds `brk #slot`, so a run that takes an exception stops at the vector it used.
import { describe, expect, test } from 'vitest';
import { GUEST, HOST, READ, WRITE, type Machine } from '../../src/machine/index.js';
import { CODE, machineWith } from './helpers.js';

const VBAR_EL1 = 0x600000n;
const VBAR_EL2 = 0x700000n;
const HCR_VM = 1n;
const HCR_IMO = 1n << 4n;
const HCR_TVM = 1n << 26n;
const HCR_RW = 1n << 31n;
const IL = 1n << 25n;

/** 16 vector slots of `brk #slot` at `base`. */
function vectors(m: Machine, base: bigint): void {
  m.memory.map(`vectors@${base.toString(16)}`, base, 0x1000, { perms: 5 });
  for (let slot = 0; slot < 16; slot++) m.memory.writeU32(base + BigInt(slot * 0x80), 0xd4200000 | (slot << 5));
}

function machine(source: string, el: number, setup: (m: Machine) => void = () => {}): Machine {
  const m = machineWith(source, { el });
  vectors(m, VBAR_EL1);
  vectors(m, VBAR_EL2);
  m.setSysreg('vbar_el1', VBAR_EL1);
  m.setSysreg('vbar_el2', VBAR_EL2);
  m.setSysreg('hcr_el2', HCR_RW);
  setup(m);
  return m;
}

/** Runs until the vector's brk: the vector slot taken (0-15) and the EL it ran at. */
function take(m: Machine): { slot: number; el: number; vector: bigint } {
  const r = m.run({ maxSteps: 100 });
  expect(r.reason, r.message).toBe('brk');
  const slot = Number(/brk #0x([0-9a-f]+)/.exec(r.message)?.[1] ?? '-1');
  return { slot, el: m.el, vector: m.pc };
}

const ec = (esr: bigint): number => Number(esr >> 26n);
const iss = (esr: bigint): bigint => esr & 0x1ffffffn;

describe('svc, hvc, smc: syndrome, ELR, SPSR and vector', () => {
  test.each([
    // [source, start EL, SPSel, target EL, vector slot, EC]
    ['svc #0x12', 1, 1, 1, 4, 0x15], // current EL with SPx: 0x200
    ['svc #0x12', 1, 0, 1, 0, 0x15], // current EL with SP0: 0x000
    ['svc #0x12', 0, 0, 1, 8, 0x15], // lower EL, AArch64: 0x400
    ['hvc #0x12', 1, 1, 2, 8, 0x16],
    ['hvc #0x12', 2, 1, 2, 4, 0x16],
    ['hvc #0x12', 2, 0, 2, 0, 0x16],
  ] as const)('%s at EL%i (SPSel %i) → EL%i vector slot %i', (insn, el, spsel, target, slot, want) => {
    const m = machine(`nop\n${insn}\nret`, el, (mm) => mm.setEl(el, spsel));
    m.setSysreg('nzcv', 0x90000000n);
    const t = take(m);
    expect(t.el).toBe(target);
    expect(t.slot).toBe(slot);
    const sfx = target === 2 ? 'el2' : 'el1';
    const esr = m.sysreg(`esr_${sfx}`);
    expect(ec(esr)).toBe(want);
    expect(esr & IL).toBe(IL);
    expect(iss(esr)).toBe(0x12n);
    expect(m.sysreg(`elr_${sfx}`)).toBe(CODE + 8n);
    const spsr = m.sysreg(`spsr_${sfx}`);
    expect(spsr & 0xfn).toBe(BigInt((el << 2) | (el === 0 ? 0 : spsel)));
    expect(spsr >> 28n).toBe(0x9n);
    expect(m.sysreg('daif')).toBe(0x3c0n);
  });

  test('smc at EL1 traps to EL2 with HCR_EL2.TSC (ELR = the smc); without it, UNDEFINED', () => {
    const m = machine('smc #0x5\nret', 1, (mm) => mm.setSysreg('hcr_el2', HCR_RW | (1n << 19n)));
    expect(take(m)).toMatchObject({ el: 2, slot: 8 });
    expect(ec(m.sysreg('esr_el2'))).toBe(0x17);
    expect(m.sysreg('elr_el2')).toBe(CODE);
    const n = machine('smc #0x5\nret', 1);
    expect(take(n)).toMatchObject({ el: 1, slot: 4 });
    expect(ec(n.sysreg('esr_el1'))).toBe(0);
  });

  test('hvc at EL0 is undefined (to EL1)', () => {
    const m = machine('hvc #1\nret', 0, (mm) => mm.setEl(0, 0));
    expect(take(m)).toMatchObject({ el: 1, slot: 8 });
    expect(ec(m.sysreg('esr_el1'))).toBe(0);
  });
});

describe('eret and stack pointer selection', () => {
  test.each([
    [2, 0x3c9n, 2, 1], // EL2h
    [2, 0x3c5n, 1, 1], // EL1h
    [2, 0x3c4n, 1, 0], // EL1t
    [2, 0x3c0n, 0, 0], // EL0t
    [1, 0x3c0n, 0, 0],
  ] as const)('eret from EL%i with SPSR %s → EL%i, SPSel %i', (from, spsr, el, spsel) => {
    const m = machine('eret', from, (mm) => {
      mm.setEl(from, 1);
      mm.setSysreg(`spsr_el${from}`, spsr | (0xfn << 28n));
      mm.setSysreg(`elr_el${from}`, CODE + 0x100n);
      mm.setSysreg('sp_el0', 0x1000n);
      mm.setSysreg('sp_el1', 0x2000n);
      mm.setSysreg('sp_el2', 0x3000n);
    });
    m.memory.writeU32(CODE + 0x100n, 0xd4200000 | (0x77 << 5));
    const r = m.run({ maxSteps: 10 });
    expect(r.message).toBe('brk #0x77 at 0x400100');
    expect(m.el).toBe(el);
    expect(m.sysreg('spsel')).toBe(BigInt(spsel));
    expect(m.sp).toBe(spsel === 0 ? 0x1000n : el === 1 ? 0x2000n : 0x3000n);
    expect(m.sysreg('nzcv')).toBe(0xf0000000n);
    expect(m.sysreg('daif')).toBe(0x3c0n);
  });

  test('exception entry selects SP_ELx; eret restores the interrupted SP', () => {
    const m = machine('mov x1, sp\nhvc #0\nmov x2, sp\nret', 1, (mm) => {
      mm.setSysreg('sp_el1', 0x2000n);
      mm.setSysreg('sp_el2', 0x3000n);
    });
    // EL2 vector 0x400 (slot 8): read SP_EL2 then return.
    m.memory.writeU32(VBAR_EL2 + 0x400n, 0x910003e3); // mov x3, sp
    m.memory.writeU32(VBAR_EL2 + 0x404n, 0xd69f03e0); // eret
    const r = m.run({ maxSteps: 20 });
    expect(r.reason).toBe('returned');
    expect([m.x(1), m.x(3), m.x(2)]).toEqual([0x2000n, 0x3000n, 0x2000n]);
  });
});

describe('traps', () => {
  test('FP/SIMD: CPACR_EL1.FPEN traps EL1 to EL1, CPTR_EL2.TFP traps to EL2 (EC 0x07)', () => {
    const m = machine('fmov d0, x1\nret', 1, (mm) => mm.setSysreg('cpacr_el1', 0n));
    expect(take(m)).toMatchObject({ el: 1, slot: 4 });
    expect(ec(m.sysreg('esr_el1'))).toBe(0x07);
    expect(m.sysreg('elr_el1')).toBe(CODE);
    const n = machine('ldp q0, q1, [x2]\nret', 1, (mm) => mm.setSysreg('cptr_el2', 1n << 10n));
    expect(take(n)).toMatchObject({ el: 2, slot: 8 });
    expect(ec(n.sysreg('esr_el2'))).toBe(0x07);
    expect(iss(n.sysreg('esr_el2'))).toBe((1n << 24n) | (0xen << 20n));
  });

  test('FPCR/FPSR accesses are FP accesses', () => {
    const m = machine('mrs x0, fpsr\nret', 1, (mm) => mm.setSysreg('cptr_el2', 1n << 10n));
    expect(take(m).el).toBe(2);
    expect(ec(m.sysreg('esr_el2'))).toBe(0x07);
  });

  test('EL1 access to an EL2 register is UNDEFINED', () => {
    const m = machine('mrs x0, hcr_el2\nret', 1);
    expect(take(m)).toMatchObject({ el: 1, slot: 4 });
    expect(m.sysreg('esr_el1')).toBe(IL);
  });

  test('HCR_EL2.TVM traps EL1 writes of the VM registers to EL2 with the MSR syndrome', () => {
    const m = machine('mov x3, #1\nmsr sctlr_el1, x3\nmsr ttbr0_el1, x3\nret', 1, (mm) => mm.setSysreg('hcr_el2', HCR_RW | HCR_TVM));
    expect(take(m)).toMatchObject({ el: 2, slot: 8 });
    const esr = m.sysreg('esr_el2');
    expect(ec(esr)).toBe(0x18);
    // SCTLR_EL1: Op0=3 Op2=0 Op1=0 CRn=1 Rt=3 CRm=0, a write (direction 0)
    expect(iss(esr)).toBe((3n << 20n) | (1n << 10n) | (3n << 5n));
    expect(m.sysreg('elr_el2')).toBe(CODE + 4n);
  });
});

describe('data aborts', () => {
  test('EL1 host access to unmapped memory: EC 0x25 at EL1, FAR', () => {
    const m = machine('str x1, [x2, #8]\nret', 1);
    m.setX(2, 0x9000000n);
    expect(take(m)).toMatchObject({ el: 1, slot: 4 });
    const esr = m.sysreg('esr_el1');
    expect(ec(esr)).toBe(0x25);
    expect(esr & 0x3fn).toBe(0x07n);
    expect((esr >> 6n) & 1n).toBe(1n);
    expect(m.sysreg('far_el1')).toBe(0x9000008n);
    expect(m.sysreg('elr_el1')).toBe(CODE);
  });

  test.each([
    // [instruction, SAS, SSE, SF, WnR]
    ['ldr x5, [x2]', 3n, 0n, 1n, 0n],
    ['ldrsh w5, [x2]', 1n, 1n, 0n, 0n],
    ['ldrsb x5, [x2]', 0n, 1n, 1n, 0n],
    ['str w5, [x2]', 2n, 0n, 0n, 1n],
    ['strb w5, [x2]', 0n, 0n, 0n, 1n],
  ] as const)('guest stage-2 fault (%s): EC 0x24 at EL2, FAR, HPFAR, ISV/SAS/SRT/WnR', (insn, sas, sse, sf, wnr) => {
    const m = machine(`${insn}\nret`, 1, (mm) => mm.setSysreg('hcr_el2', HCR_RW | HCR_VM));
    m.memory.map('host-only', 0x9000000n, 0x1000, { perms: READ | WRITE, worlds: HOST });
    m.setX(2, 0x9000010n);
    expect(take(m)).toMatchObject({ el: 2, slot: 8 });
    const esr = m.sysreg('esr_el2');
    expect(ec(esr)).toBe(0x24);
    expect((esr >> 24n) & 1n).toBe(1n); // ISV
    expect((esr >> 22n) & 3n).toBe(sas);
    expect((esr >> 21n) & 1n).toBe(sse);
    expect((esr >> 16n) & 31n).toBe(5n); // SRT
    expect((esr >> 15n) & 1n).toBe(sf);
    expect((esr >> 6n) & 1n).toBe(wnr);
    expect(esr & 0x3fn).toBe(0x07n);
    expect(m.sysreg('far_el2')).toBe(0x9000010n);
    expect(m.sysreg('hpfar_el2')).toBe((0x9000010n >> 12n) << 4n);
    expect(m.sysreg('elr_el2')).toBe(CODE);
  });

  test('a guest pair or write-back access reports ISV = 0', () => {
    const m = machine('ldp x5, x6, [x2]\nret', 1, (mm) => mm.setSysreg('hcr_el2', HCR_RW | HCR_VM));
    m.setX(2, 0x9000000n);
    take(m);
    expect((m.sysreg('esr_el2') >> 24n) & 1n).toBe(0n);
  });

  test('guest memory mapped for the guest is accessible', () => {
    const m = machine('ldr x5, [x2]\nret', 1, (mm) => mm.setSysreg('hcr_el2', HCR_RW | HCR_VM));
    m.memory.map('guest-ram', 0x9000000n, 0x1000, { perms: READ | WRITE, worlds: GUEST });
    m.memory.writeU64(0x9000000n, 42n);
    m.setX(2, 0x9000000n);
    expect(m.run({ maxSteps: 10 }).reason).toBe('returned');
    expect(m.x(5)).toBe(42n);
  });
});

describe('interrupts', () => {
  test('an IRQ at EL1 is taken to EL1 (vector 0x280) when PSTATE.I is clear, held while it is set', () => {
    const m = machine('msr daifset, #2\nnop\nmsr daifclr, #2\nnop\nret', 1);
    m.setSysreg('daif', 0n);
    m.raise('irq');
    m.setSysreg('daif', 0x80n);
    const t = take(m);
    expect(t).toMatchObject({ el: 1, slot: 5 });
    expect(m.sysreg('elr_el1')).toBe(CODE + 12n);
  });

  test('with HCR_EL2.IMO the IRQ goes to EL2 (lower EL vector 0x480) whatever PSTATE.I says', () => {
    const m = machine('nop\nnop\nret', 1, (mm) => mm.setSysreg('hcr_el2', HCR_RW | HCR_IMO));
    m.setSysreg('daif', 0x3c0n);
    m.raise('irq');
    expect(take(m)).toMatchObject({ el: 2, slot: 9 });
    expect(m.sysreg('elr_el2')).toBe(CODE);
  });

  test('an IRQ routed to EL1 is not taken at EL2', () => {
    const m = machine('nop\nret', 2, (mm) => mm.setEl(2, 1));
    m.setSysreg('daif', 0n);
    m.raise('irq');
    expect(m.run({ maxSteps: 10 }).reason).toBe('returned');
  });
});

describe('unhandled exceptions', () => {
  test('VBAR unset: the run stops naming the instruction and its address', () => {
    const m = machineWith('nop\nhvc #0x33\nret', { el: 1 });
    const r = m.run({ maxSteps: 10 });
    expect(r.reason).toBe('fault');
    expect(r.message).toContain('hvc #0x33 (0x400004)');
    expect(r.message).toContain('VBAR_EL2');
  });
});
