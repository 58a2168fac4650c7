// A Linux 6.1 tree as a running system. In 6.1 only the register shuffling around the guest is
// assembly (__guest_enter / __guest_exit, the EL2 vectors, the FP/SIMD save/restore helpers);
// __kvm_vcpu_run and its sysreg and trap handling are C. hypsim runs the tree's assembly at EL2
// (VHE-style: at the kernel addresses it was linked at) and models that C around it, calling
// the tree's own asm entry points where the C does: __fpsimd_restore_state for the lazy FP/SIMD
// trap, and the host kernel's fpsimd_save_state/fpsimd_load_state at vcpu_load/put.
import { link } from '../link/link.js';
import { RETURN_SENTINEL, createMachine } from '../machine/index.js';
import { GUEST, HOST, HYP } from '../machine/memory.js';
import { assembleUnit } from '../pipeline.js';
import type { SourceTree } from '../tree/source-tree.js';
import { HypsimError } from '../util/diagnostics.js';
import { EL1_SYSREGS } from './cpu-view.js';
import { kernelConstants, kernelLayouts, kernelUnit } from './kernel-layouts.js';
import {
  GUEST_TEXT, OWNER_GUEST, OWNER_HOST, STACK_SIZE, corpusGuestAndHostWork, driveRun, fillRegisters, fillSavedVregs,
  guestScriptRegisters, hostCall, mapGuestRam, pattern,
} from './session-kit.js';
import type { ModelledCall, RunControl, RunOutcome, Session } from './session.js';
import { KvmWorld } from './world.js';

const HYP_TEXT = 0xffffffc008100000n;
const RODATA = 0xffffffc008180000n;
const STOPS = 0xffffffc008200000n;
const DATA = 0xffffffc008400000n;

const TREE_UNITS = ['arch/arm64/kvm/hyp/entry.S', 'arch/arm64/kvm/hyp/hyp-entry.S', 'arch/arm64/kvm/hyp/fpsimd.S', 'arch/arm64/kernel/entry-fpsimd.S'];
const CALLBACKS = ['kvm_patch_vector_branch', 'spectre_bhb_patch_clearbhb', 'spectre_bhb_patch_loop_iter', 'spectre_bhb_patch_loop_mitigation_enable', 'spectre_bhb_patch_wa3'];

const CONSTANTS = [
  'ARM_EXCEPTION_IRQ', 'ARM_EXCEPTION_TRAP', 'ESR_ELx_EC_SHIFT', 'ESR_ELx_EC_HVC64', 'ESR_ELx_EC_FP_ASIMD', 'ESR_ELx_EC_DABT_LOW',
  'HCR_GUEST_FLAGS', 'HCR_HOST_NVHE_FLAGS', 'CPTR_EL2_TFP', 'PSR_MODE_EL1h', 'PSR_F_BIT', 'PSR_I_BIT', 'PSR_A_BIT', 'PSR_D_BIT',
];

export interface LinuxV61SessionOptions {
  readonly tree: SourceTree;
  readonly label: string;
  readonly asmOffsetsFile?: string;
}

export function linuxV61Session(opts: LinuxV61SessionOptions): Session {
  const tree = opts.tree;
  const k = kernelLayouts(tree, opts.asmOffsetsFile);
  const c = kernelConstants(tree, ['asm/kvm_arm.h', 'asm/kvm_asm.h', 'asm/esr.h', 'asm/ptrace.h'], CONSTANTS);
  const ARM_EXCEPTION_IRQ = c('ARM_EXCEPTION_IRQ');
  const ARM_EXCEPTION_TRAP = c('ARM_EXCEPTION_TRAP');
  const EC_SHIFT = c('ESR_ELx_EC_SHIFT');
  const [EC_HVC64, EC_FP_ASIMD, EC_DABT_LOW] = [c('ESR_ELx_EC_HVC64'), c('ESR_ELx_EC_FP_ASIMD'), c('ESR_ELx_EC_DABT_LOW')];
  const HCR_HOST_NVHE_FLAGS = c('HCR_HOST_NVHE_FLAGS');
  const CPTR_TFP = c('CPTR_EL2_TFP');
  const programs = [...TREE_UNITS.map((f) => assembleUnit(kernelUnit(tree, f, k))), ...corpusGuestAndHostWork()];
  const objects = {
    kvm_hyp_ctxt: DATA,
    kvm_host_data: DATA + 0x1000n,
    vcpu: DATA + 0x2000n,
    host_fpsimd: DATA + 0x6000n,
    hyp_stack: DATA + 0x7000n,
    host_stack: DATA + 0xb000n,
  };
  const stops = new Map<string, bigint>([['hyp_panic', STOPS], ['kvm_unexpected_el2_exception', STOPS], ...CALLBACKS.map((n) => [n, STOPS] as [string, bigint])]);
  const image = link(programs, {
    regions: [
      { name: 'kernel-text', address: HYP_TEXT, sections: ['.text'], perms: 'rx' },
      { name: 'kernel-rodata', address: RODATA, sections: ['.altinstructions', '__kvm_ex_table', '.rodata', '.rodata.str', '__bug_table'], perms: 'r' },
      { name: 'guest-text', address: GUEST_TEXT, sections: ['.guest.text'], perms: 'rx' },
    ],
    externs: new Map([...stops, ['kvm_hyp_ctxt', objects.kvm_hyp_ctxt], ['kvm_host_data', objects.kvm_host_data]]),
  });
  const machine = createMachine();
  const sysregIndex = k.constants;
  const slotNames = new Map([...sysregIndex].map(([n, v]) => [Number(v), n]));
  const world = new KvmWorld(machine, image, k.layouts, (record, field, index) =>
    record === 'kvm_cpu_context' && field === 'sys_regs' ? slotNames.get(index) : undefined,
  );
  world.loadImage((region) => (region === 'guest-text' ? GUEST : HOST | HYP), () => []);
  world.mapStopPage('hyp-stops', STOPS, 0x800);
  const size = (r: string) => k.layouts.record(r).size;
  const add = (name: keyof typeof objects, bytes: number, record?: string) =>
    world.addObject({ name, address: objects[name], size: bytes, ...(record ? { record } : {}) }, HOST | HYP);
  add('kvm_hyp_ctxt', size('kvm_cpu_context'), 'kvm_cpu_context');
  add('kvm_host_data', size('kvm_host_data'), 'kvm_host_data');
  add('vcpu', size('kvm_vcpu'), 'kvm_vcpu');
  add('host_fpsimd', size('user_fpsimd_state'), 'user_fpsimd_state');
  add('hyp_stack', STACK_SIZE);
  add('host_stack', STACK_SIZE);
  const { script, stackTop: guestStackTop } = mapGuestRam(world);
  const vcpu = objects.vcpu;

  // EL2 after pKVM/nVHE init as far as the assembly cares: a stack, the vectors, TPIDR_EL2 = per-cpu offset 0.
  machine.setEl(2, 1);
  machine.sp = objects.hyp_stack + BigInt(STACK_SIZE);
  machine.setSysreg('vbar_el2', image.address('__kvm_hyp_vector'));
  machine.setSysreg('tpidr_el2', 0n);
  machine.setSysreg('hcr_el2', HCR_HOST_NVHE_FLAGS);
  machine.setSysreg('sp_el1', objects.host_stack + BigInt(STACK_SIZE));
  machine.setSysreg('cpacr_el1', 3n << 20n);
  machine.setSysreg('sctlr_el1', 0x30d5d99dn);
  machine.setSysreg('tcr_el1', 0x32b5593519n);
  machine.setSysreg('mair_el1', 0x000c0400bb44ffn);
  machine.setSysreg('tpidr_el1', 0xffffffc0ff000000n);
  fillRegisters(machine, OWNER_HOST);

  // kvm_vcpu_init (C, modelled).
  world.write64('vcpu', 'arch.hcr_el2', c('HCR_GUEST_FLAGS'));
  const gp = (n: number) => `arch.ctxt.regs.regs[${n}]`;
  for (let i = 0; i < 31; i++) world.write64('vcpu', gp(i), pattern(OWNER_GUEST, i));
  for (const [n, v] of guestScriptRegisters(script)) world.write64('vcpu', gp(n), v);
  world.write64('vcpu', 'arch.ctxt.regs.pc', image.address('guest_entry'));
  world.write64('vcpu', 'arch.ctxt.regs.pstate', c('PSR_MODE_EL1h') | c('PSR_F_BIT') | c('PSR_I_BIT') | c('PSR_A_BIT') | c('PSR_D_BIT'));
  fillSavedVregs(machine, world.addressOf('vcpu', 'arch.ctxt.fp_regs.vregs'));
  const slot = (name: string) => {
    const v = sysregIndex.get(name.toUpperCase());
    if (v === undefined) throw new HypsimError(`${tree.label}: enum vcpu_sysreg has no ${name.toUpperCase()}`);
    return Number(v);
  };
  const sysPath = (name: string) => `arch.ctxt.sys_regs[${slot(name)}]`;
  world.write64('vcpu', sysPath('sp_el1'), guestStackTop);
  world.write64('vcpu', sysPath('sctlr_el1'), 0x30d00800n);
  world.write64('vcpu', sysPath('cpacr_el1'), 3n << 20n);
  world.write64('vcpu', sysPath('vbar_el1'), image.address('guest_vectors'));
  world.write64('vcpu', sysPath('mpidr_el1'), 0x80000000n);
  world.write64('vcpu', sysPath('tpidr_el1'), 0x1234n);
  world.write64('vcpu', sysPath('mair_el1'), 0xffn);
  world.write64('vcpu', sysPath('tcr_el1'), 0x10n);

  const contextSysregs = [...EL1_SYSREGS, 'sp_el1'].filter((n) => sysregIndex.has(n.toUpperCase()));
  let guestOwnsFp = false;

  const callEl2 = (fn: string, args: bigint[], ctl: RunControl) => {
    args.forEach((a, i) => machine.setX(i, a));
    machine.setX(30, RETURN_SENTINEL);
    machine.setEl(2, 1);
    machine.setSysreg('daif', 0x3c0n);
    machine.pc = image.address(fn);
    const r = machine.run({ maxSteps: ctl.maxSteps, onStep: ctl.onStep });
    if (r.reason !== 'returned') throw new HypsimError(`EL2 call ${fn} did not return: ${r.message} (pc ${world.describe(machine.pc)}, EL${machine.el})`);
  };

  /** __sysreg_save_state_nvhe / __sysreg_restore_state_nvhe and the EL2 return state, in C in 6.1. */
  const saveSysregs = (object: string, base: string) => {
    for (const n of contextSysregs) world.write64(object, `${base}.sys_regs[${slot(n)}]`, machine.sysreg(n));
  };
  const restoreSysregs = (object: string, base: string) => {
    for (const n of contextSysregs) machine.setSysreg(n, world.read64(object, `${base}.sys_regs[${slot(n)}]`));
  };

  function enterGuest(step: Parameters<Session['run']>[0], ctl: RunControl): { exitCode: bigint; modelled: ModelledCall[] } {
    const modelled: ModelledCall[] = [
      { text: '__kvm_vcpu_run: host_ctxt->__hyp_running_vcpu = vcpu; __sysreg_save_state_nvhe(host); __activate_traps (HCR_EL2, CPTR_EL2.TFP unless the guest owns FP/SIMD); __sysreg_restore_state_nvhe(guest); ELR/SPSR_EL2 = guest pc/pstate' },
    ];
    world.write64('kvm_host_data', 'host_ctxt.__hyp_running_vcpu', vcpu);
    saveSysregs('kvm_host_data', 'host_ctxt');
    machine.setSysreg('hcr_el2', world.read64('vcpu', 'arch.hcr_el2'));
    machine.setSysreg('cptr_el2', guestOwnsFp ? 0n : CPTR_TFP);
    machine.setSysreg('vttbr_el2', (1n << 48n) | 0x80c00000n);
    restoreSysregs('vcpu', 'arch.ctxt');
    machine.setSysreg('vmpidr_el2', world.read64('vcpu', sysPath('mpidr_el1')));
    machine.setSysreg('elr_el2', world.read64('vcpu', 'arch.ctxt.regs.pc'));
    machine.setSysreg('spsr_el2', world.read64('vcpu', 'arch.ctxt.regs.pstate'));
    let exitCode: bigint;
    for (;;) {
      machine.setEl(2, 1);
      machine.setSysreg('daif', 0x3c0n);
      machine.setX(0, vcpu);
      machine.setX(30, RETURN_SENTINEL);
      machine.pc = image.address('__guest_enter');
      const r = driveRun(machine, step, ctl);
      if (r.reason !== 'returned') throw new HypsimError(`__guest_enter did not return: ${r.message} (pc ${world.describe(machine.pc)}, EL${machine.el})`);
      exitCode = machine.x(0);
      const ec = machine.sysreg('esr_el2') >> EC_SHIFT;
      if (exitCode !== ARM_EXCEPTION_TRAP || ec !== EC_FP_ASIMD) break;
      machine.setSysreg('cptr_el2', 0n);
      callEl2('__fpsimd_restore_state', [world.addressOf('vcpu', 'arch.ctxt.fp_regs')], ctl);
      guestOwnsFp = true;
      modelled.push({ text: 'kvm_hyp_handle_fpsimd: CPTR_EL2.TFP cleared; __fpsimd_restore_state(&vcpu->arch.ctxt.fp_regs); re-enter' });
    }
    world.write64('vcpu', 'arch.ctxt.regs.pc', machine.sysreg('elr_el2'));
    world.write64('vcpu', 'arch.ctxt.regs.pstate', machine.sysreg('spsr_el2'));
    world.write64('vcpu', 'arch.fault.esr_el2', machine.sysreg('esr_el2'));
    world.write64('vcpu', 'arch.fault.far_el2', machine.sysreg('far_el2'));
    world.write64('vcpu', 'arch.fault.hpfar_el2', machine.sysreg('hpfar_el2'));
    saveSysregs('vcpu', 'arch.ctxt');
    restoreSysregs('kvm_host_data', 'host_ctxt');
    machine.setSysreg('hcr_el2', HCR_HOST_NVHE_FLAGS);
    machine.setSysreg('cptr_el2', 0n);
    machine.setSysreg('vttbr_el2', 0n);
    machine.setEl(1, 1);
    modelled.push({ text: '__kvm_vcpu_run after exit: __sysreg_save_state_nvhe(guest); __sysreg_restore_state_nvhe(host); __deactivate_traps' });
    return { exitCode, modelled };
  }

  function handleExit(exitCode: bigint, modelled: ModelledCall[]): RunOutcome {
    if (exitCode === ARM_EXCEPTION_IRQ) {
      machine.lower('irq');
      script.signal();
      return { exitCode, exit: 'irq', modelled: [...modelled, { text: 'handle_exit: host IRQ handled; virtual interrupt injected (guest mailbox = 1)' }] };
    }
    const ec = world.read64('vcpu', 'arch.fault.esr_el2') >> EC_SHIFT;
    if (exitCode === ARM_EXCEPTION_TRAP && ec === EC_DABT_LOW) {
      world.write64('vcpu', 'arch.ctxt.regs.pc', world.read64('vcpu', 'arch.ctxt.regs.pc') + 4n);
      return { exitCode, exit: 'mmio', modelled: [...modelled, { text: 'handle_exit: io_mem_abort emulated; kvm_incr_pc' }] };
    }
    if (exitCode === ARM_EXCEPTION_TRAP && ec === EC_HVC64) return { exitCode, exit: 'hvc', modelled: [...modelled, { text: 'handle_exit: handle_hvc' }] };
    return { exitCode, exit: `exit code ${exitCode}, EC 0x${ec.toString(16)}`, modelled };
  }

  return {
    label: opts.label,
    world,
    notes: [
      'Linux 6.1: __guest_enter/__guest_exit, __kvm_hyp_vector, __fpsimd_restore_state and the host fpsimd_save_state/fpsimd_load_state are the tree\'s assembly; __kvm_vcpu_run and its sysreg/trap handling are C, modelled (listed per step)',
      'EL2 runs VHE-style at the kernel addresses the code is linked at; TPIDR_EL2 = 0 (one CPU); alternatives as assembled (no capabilities); hyp_panic and the alternative callbacks are brk pages',
      `asm-offsets from ${k.asmOffsetsSource}`,
    ],
    savedContext: { object: 'vcpu', path: 'arch.ctxt' },
    savedFpsimd: { object: 'vcpu', vregs: 'arch.ctxt.fp_regs.vregs', fpsr: 'arch.ctxt.fp_regs.fpsr', fpcr: 'arch.ctxt.fp_regs.fpcr' },

    vcpuLoad(ctl) {
      hostCall(world, 'fpsimd_save_state', [objects.host_fpsimd], ctl);
      guestOwnsFp = false;
      return [{ text: 'kvm_arch_vcpu_load_fp: fpsimd_save_and_flush_cpu_state() → fpsimd_save_state(&current->thread.uw.fpsimd_state)' }];
    },

    vcpuPut(ctl) {
      const calls: ModelledCall[] = [];
      if (guestOwnsFp) {
        hostCall(world, 'fpsimd_save_state', [world.addressOf('vcpu', 'arch.ctxt.fp_regs')], ctl);
        calls.push({ text: 'kvm_arch_vcpu_put_fp: the guest owns FP/SIMD → fpsimd_save_and_flush_cpu_state() → fpsimd_save_state(&vcpu->arch.ctxt.fp_regs)' });
        guestOwnsFp = false;
      }
      hostCall(world, 'fpsimd_load_state', [objects.host_fpsimd], ctl);
      calls.push({ text: 'return to user space: fpsimd_restore_current_state() → fpsimd_load_state(&current->thread.uw.fpsimd_state)' });
      return calls;
    },

    hostUsesFpsimd(seed, ctl) {
      hostCall(world, 'host_use_fpsimd', [seed], ctl);
      return [{ text: `host: host_use_fpsimd(0x${seed.toString(16)}) between runs, without kernel_neon_begin/end` }];
    },

    run(step, ctl) {
      script.append(step);
      const { exitCode, modelled } = enterGuest(step, ctl);
      return handleExit(exitCode, modelled);
    },
  };
}
