import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { runScenario, type RunRecord } from '../../src/kvm/runner.js';
import { builtinScenario, builtinScenarioNames, parseScenario } from '../../src/kvm/scenario.js';
import { buildVariant } from '../../src/kvm/variants.js';
import { compareRuns } from '../../src/kvm/verdict.js';
import * as S from '../../src/machine/state.js';
import { linux61Dir, linuxV4Dir, missingOracle, rfcSeedPath } from '../helpers/oracles.js';

const run = (variant: Parameters<typeof buildVariant>[0], scenario: string): RunRecord =>
  runScenario(buildVariant(variant).session, builtinScenario(scenario), { trace: true });

describe('corpus scenarios on every variant', () => {
  const variants = ['original', 'move-to-load-put', 'lazy'];
  test.each(builtinScenarioNames())('%s runs on all three variants with the exits it asks for', (name) => {
    const scenario = builtinScenario(name);
    for (const v of variants) {
      const rec = runScenario(buildVariant({ name: v }).session, scenario, { trace: true });
      const runs = scenario.steps.filter((s) => s.kind === 'run');
      const exits = rec.steps.filter((s) => s.step.kind === 'run').map((s) => s.exit?.split(' ')[0]);
      expect(exits).toEqual(runs.map((s) => (s.kind === 'run' ? s.exit : '')));
      expect(rec.totalInstructions).toBeGreaterThan(0);
    }
  });

  test('moving FP/SIMD to vcpu_load/put is equivalent and saves 4 FP/SIMD transfers per round trip', () => {
    const a = run({ name: 'original' }, 'exits');
    const b = run({ name: 'move-to-load-put' }, 'exits');
    const verdict = compareRuns(a, b);
    expect(verdict).toMatchObject({ equivalent: true, checkedExits: 6 });
    const runs = a.steps.filter((s) => s.step.kind === 'run').map((s) => s.index);
    for (const i of runs) expect(a.steps[i].instructions - b.steps[i].instructions).toBe(96);
  });

  test('the lazy switch is equivalent too, including when the host uses FP/SIMD between runs', () => {
    expect(compareRuns(run({ name: 'original' }, 'exits'), run({ name: 'lazy' }, 'exits')).equivalent).toBe(true);
    expect(compareRuns(run({ name: 'original' }, 'fpsimd-hazard'), run({ name: 'lazy' }, 'fpsimd-hazard')).equivalent).toBe(true);
  });

  test("the RFC's hazard: host FP/SIMD use between load and put breaks the moved variant", () => {
    const verdict = compareRuns(run({ name: 'original' }, 'fpsimd-hazard'), run({ name: 'move-to-load-put' }, 'fpsimd-hazard'));
    expect(verdict.equivalent).toBe(false);
    const fields = new Set(verdict.differences.map((d) => d.field));
    expect(fields.has('v0')).toBe(true);
    expect(verdict.differences.some((d) => d.where.includes('guest at exit'))).toBe(true);
    expect(verdict.differences.some((d) => d.where.startsWith('after vcpu_put: host'))).toBe(true);
  });

  test('scenario files are validated with clear errors', () => {
    expect(() => parseScenario('steps: [run]', 'x.yaml')).toThrow(/each step is/);
    expect(() => parseScenario('steps: [{run: {exit: nope}}]', 'x.yaml')).toThrow(/hvc, mmio or irq/);
    expect(() => parseScenario('steps: [vcpu_load, {run: {}}]', 'x.yaml')).toThrow(/still loaded/);
    expect(() => parseScenario('steps: [{run: {}}]', 'x.yaml')).toThrow(/outside vcpu_load/);
    const s = parseScenario('{"name": "j", "steps": ["vcpu_load", {"repeat": {"times": 3, "steps": [{"run": {"exit": "mmio"}}]}}, "vcpu_put"]}', 'j.json');
    expect(s.steps.filter((x) => x.kind === 'run')).toHaveLength(3);
  });
});

describe('Linux 6.1: the tree\'s world switch assembly', () => {
  const skip = missingOracle({ linux61: true }) !== undefined;

  test.skipIf(skip)('__guest_enter → guest → __guest_exit saves exactly the guest registers it had at each exit', () => {
    const rec = run({ kernel: linux61Dir() }, 'exits');
    expect(rec.steps.filter((s) => s.exit).map((s) => s.exit)).toEqual(['hvc', 'hvc', 'mmio', 'mmio', 'irq', 'irq']);
    const world = rec.session.world;
    // After the last exit the vcpu's saved registers are the guest's at that exit (pc/x0-x30/sp_el0).
    const last = rec.steps.filter((s) => s.exit).at(-1)!.guestExceptions.at(-1)!;
    for (let n = 0; n < 31; n++) {
      const cpu = S.toBigInt(last.words[S.X + 2 * n], last.words[S.X + 2 * n + 1]);
      expect([n, world.read64('vcpu', `arch.ctxt.regs.regs[${n}]`)]).toEqual([n, cpu]);
    }
    expect(world.read64('vcpu', 'arch.ctxt.regs.sp')).toBe(S.toBigInt(last.words[S.SP_EL0], last.words[S.SP_EL0 + 1]));
    expect(world.read64('vcpu', 'arch.ctxt.regs.pc')).toBe(last.pc);
  });

  test.skipIf(skip)('__fpsimd_restore_state / __fpsimd_save_state move every vreg, FPSR and FPCR field', () => {
    const session = buildVariant({ kernel: linux61Dir() }).session;
    const { world } = session;
    const m = world.machine;
    const ctx = world.addressOf('vcpu', 'arch.ctxt.fp_regs');
    for (let i = 0; i < 32; i++) {
      m.memory.writeU64(ctx + BigInt(16 * i), BigInt(0x1000 + i));
      m.memory.writeU64(ctx + BigInt(16 * i + 8), BigInt(0x2000 + i));
    }
    m.memory.writeU32(world.addressOf('vcpu', 'arch.ctxt.fp_regs.fpsr'), 0x08000010);
    m.memory.writeU32(world.addressOf('vcpu', 'arch.ctxt.fp_regs.fpcr'), 0x03c00000);
    const callEl2 = (fn: string, arg: bigint) => {
      m.setX(0, arg);
      m.setX(30, 0xfffffffffffff000n);
      m.setEl(2, 1);
      m.setSysreg('cptr_el2', 0n);
      m.pc = world.image.address(fn);
      expect(m.run({ maxSteps: 1000 }).reason).toBe('returned');
    };
    callEl2('__fpsimd_restore_state', ctx);
    for (let i = 0; i < 32; i++) expect(m.v(i)).toBe((BigInt(0x2000 + i) << 64n) | BigInt(0x1000 + i));
    expect(m.sysreg('fpsr')).toBe(0x08000010n);
    expect(m.sysreg('fpcr')).toBe(0x03c00000n);
    for (let i = 0; i < 32; i++) m.setV(i, BigInt(0xabc00 + i) << 60n);
    m.setSysreg('fpsr', 0x80000000n);
    const host = world.addressOf('kvm_host_data', 'host_ctxt.fp_regs');
    callEl2('__fpsimd_save_state', host);
    for (let i = 0; i < 32; i++) {
      const v = BigInt.asUintN(128, BigInt(0xabc00 + i) << 60n);
      expect(world.describe(host + BigInt(16 * i))).toBe(`kvm_host_data.host_ctxt.fp_regs.vregs[${i}]`);
      expect(m.memory.readU64(host + BigInt(16 * i))).toBe(v & ((1n << 64n) - 1n));
      expect(m.memory.readU64(host + BigInt(16 * i + 8))).toBe(v >> 64n);
    }
    expect(m.memory.readU32(world.addressOf('kvm_host_data', 'host_ctxt.fp_regs.fpsr'))).toBe(0x80000000);
    expect(m.memory.readU32(world.addressOf('kvm_host_data', 'host_ctxt.fp_regs.fpcr'))).toBe(0x03c00000);
  });
});

describe('Linux v4.0 and the RFC (local: HYPSIM_LINUX_V4)', () => {
  const v4 = linuxV4Dir();
  const seed = rfcSeedPath();
  test.skipIf(!v4 || !seed)('the RFC is equivalent on every exit kind and removes the per-run FP/SIMD switch', () => {
    const a = run({ kernel: v4! }, 'exits');
    const b = run({ kernel: v4!, patchFile: seed! }, 'exits');
    expect(compareRuns(a, b)).toMatchObject({ equivalent: true, checkedExits: 6 });
    expect(a.session.notes.join(' ')).toContain('hyp-init.S ran');
    const runs = a.steps.filter((s) => s.step.kind === 'run').map((s) => s.index);
    for (const i of runs) expect(a.steps[i].instructions - b.steps[i].instructions).toBe(96);
    expect(readFileSync(seed!, 'utf8')).toContain('hackbench');
  });

  test.skipIf(!v4 || !seed)("and the hazard makes the RFC's variant non-equivalent", () => {
    const verdict = compareRuns(run({ kernel: v4! }, 'fpsimd-hazard'), run({ kernel: v4!, patchFile: seed! }, 'fpsimd-hazard'));
    expect(verdict.equivalent).toBe(false);
  });
});
