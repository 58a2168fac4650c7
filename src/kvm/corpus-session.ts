// The built-in corpus as a running system: host kernel at EL1 (host/host.S), the hyp at EL2
// (hyp/switch.S), one guest at EL1 (guest/guest.S), and the C side hypsim models — vcpu
// creation, vcpu_load/put, handle_exit — acting on the vcpu structures in memory.
import { createMachine } from '../machine/index.js';
import { GUEST, HOST, HYP } from '../machine/memory.js';
import { link } from '../link/link.js';
import { assembleUnit } from '../pipeline.js';
import { CORPUS_INCLUDE_DIRS } from '../tree/corpus.js';
import type { SourceTree } from '../tree/source-tree.js';
import { corpusBuildTree, corpusLayouts } from './corpus.js';
import { headerConstants } from './header-constants.js';
import {
  GUEST_TEXT, KernelAllocator, OWNER_GUEST, OWNER_HOST, STACK_SIZE, driveRun, fillRegisters, fillSavedVregs,
  guestScriptRegisters, hostCall, mapGuestRam, pattern,
} from './session-kit.js';
import type { ModelledCall, RunOutcome, Session } from './session.js';
import { KvmWorld } from './world.js';

const KERNEL_TEXT = 0xffffffc000080000n;
const HYP_TEXT = 0xffffffc000100000n;
const KERNEL_DATA = 0xffffffc000400000n;

const UNITS = ['asm/hyp/switch.S', 'asm/host/host.S', 'asm/host/host-work.S', 'asm/guest/guest.S', 'asm/host/fpsimd.S'];

const CONSTANTS = [
  'HYP_VA_MASK', 'HCR_VM', 'HCR_SWIO', 'HCR_FMO', 'HCR_IMO', 'HCR_AMO', 'HCR_TSC', 'HCR_TWI', 'HCR_TAC', 'HCR_RW',
  'EXIT_IRQ', 'EXIT_TRAP', 'EC_HVC64', 'EC_DABT_LOW', 'ESR_EC_SHIFT', 'PSR_MODE_EL1h', 'PSR_DAIF',
  'SYS_SCTLR_EL1', 'SYS_CPACR_EL1', 'SYS_VBAR_EL1', 'SYS_VMPIDR_EL2', 'SYS_TPIDR_EL1', 'SYS_MAIR_EL1', 'SYS_TCR_EL1',
];

const SYSREG_SLOT_NAMES = [
  'SCTLR_EL1', 'ACTLR_EL1', 'CPACR_EL1', 'TTBR0_EL1', 'TTBR1_EL1', 'TCR_EL1', 'ESR_EL1', 'AFSR0_EL1', 'AFSR1_EL1',
  'FAR_EL1', 'MAIR_EL1', 'VBAR_EL1', 'CONTEXTIDR_EL1', 'TPIDR_EL0', 'TPIDRRO_EL0', 'TPIDR_EL1', 'AMAIR_EL1',
  'CNTKCTL_EL1', 'PAR_EL1', 'MDSCR_EL1', 'CSSELR_EL1', 'VMPIDR_EL2',
];

const GUEST_HCR_FLAGS = ['HCR_VM', 'HCR_SWIO', 'HCR_FMO', 'HCR_IMO', 'HCR_AMO', 'HCR_TSC', 'HCR_TWI', 'HCR_TAC', 'HCR_RW'];

export interface CorpusSessionOptions {
  readonly tree: SourceTree;
  readonly label: string;
}

export function corpusSession(opts: CorpusSessionOptions): Session {
  const tree = corpusBuildTree(opts.tree);
  const programs = UNITS.filter((f) => tree.exists(f)).map((file) => assembleUnit({ tree, file, options: { includeDirs: CORPUS_INCLUDE_DIRS } }));
  const k = headerConstants(tree, CORPUS_INCLUDE_DIRS, ['hyp/arch.h', 'hyp/sysreg-index.h'], CONSTANTS);
  const c = (name: string) => k.get(name)!;
  const hypVa = (kva: bigint) => kva & c('HYP_VA_MASK');
  const image = link(programs, {
    regions: [
      { name: 'kernel-text', address: KERNEL_TEXT, sections: ['.text'], perms: 'rx' },
      { name: 'hyp-text', address: HYP_TEXT, sections: ['.hyp.text'], perms: 'rx' },
      { name: 'guest-text', address: GUEST_TEXT, sections: ['.guest.text'], perms: 'rx' },
      { name: 'kernel-data', address: KERNEL_TEXT + 0x40000n, sections: ['.data', '.bss'], perms: 'rw' },
    ],
  });
  const layouts = corpusLayouts(tree);
  const machine = createMachine();
  const world = new KvmWorld(machine, image, layouts, (record, field, index) =>
    record === 'cpu_context' && field === 'sys_regs' ? SYSREG_SLOT_NAMES[index] : undefined,
  );
  world.loadImage(
    (region) => (region === 'guest-text' ? GUEST : HOST),
    (region, address) => (region === 'hyp-text' ? [{ name: 'hyp-text@hyp', address: hypVa(address), worlds: HYP }] : []),
  );

  const heap = new KernelAllocator(world, KERNEL_DATA, hypVa);
  const size = (record: string) => layouts.record(record).size;
  const vcpu = heap.alloc('vcpu', size('vcpu'), 'vcpu');
  const vm = heap.alloc('vm', size('vm'), 'vm');
  const hostData = heap.alloc('host_data', size('host_data'), 'host_data');
  const hypStack = heap.alloc('hyp_stack', STACK_SIZE);
  const hostStack = heap.alloc('host_stack', STACK_SIZE);
  const { script, stackTop: guestStackTop } = mapGuestRam(world);

  // EL2 as the corpus's (absent) hyp-init would leave it.
  machine.setEl(2, 1);
  machine.sp = hypVa(hypStack) + BigInt(STACK_SIZE);
  machine.setSysreg('vbar_el2', hypVa(image.address('__hyp_vectors')));
  machine.setSysreg('hcr_el2', c('HCR_RW'));
  machine.setSysreg('cptr_el2', 0n);
  // The host kernel at EL1.
  machine.setSysreg('sp_el1', hostStack + BigInt(STACK_SIZE));
  machine.setSysreg('cpacr_el1', 3n << 20n);
  machine.setSysreg('sctlr_el1', 0x30d0199dn);
  machine.setSysreg('tcr_el1', 0x32b5593519n);
  machine.setSysreg('mair_el1', 0x000c0400bb44ffn);
  machine.setSysreg('tpidr_el1', 0xffffffc0ff000000n);
  fillRegisters(machine, OWNER_HOST);

  // vcpu creation (C, modelled): the guest's first context.
  world.write64('vm', 'vttbr', (1n << 48n) | 0x80000000n);
  world.write64('vcpu', 'vm', vm);
  world.write64('vcpu', 'host_ctxt', hostData + BigInt(layouts.resolve('host_data', 'host_ctxt').offset));
  world.write64('vcpu', 'hcr_el2', GUEST_HCR_FLAGS.reduce((a, n) => a | c(n), 0n));
  for (let i = 0; i < 31; i++) world.write64('vcpu', `ctxt.gp.regs[${i}]`, pattern(OWNER_GUEST, i));
  for (const [n, v] of guestScriptRegisters(script)) world.write64('vcpu', `ctxt.gp.regs[${n}]`, v);
  world.write64('vcpu', 'ctxt.gp.pc', image.address('guest_entry'));
  world.write64('vcpu', 'ctxt.gp.pstate', c('PSR_MODE_EL1h') | c('PSR_DAIF'));
  world.write64('vcpu', 'ctxt.sp_el1', guestStackTop);
  fillSavedVregs(machine, world.addressOf('vcpu', 'ctxt.fp.vregs'));
  const sys = (slot: string, v: bigint) => world.write64('vcpu', `ctxt.sys_regs[${k.get(slot)}]`, v);
  sys('SYS_SCTLR_EL1', 0x30d00800n);
  sys('SYS_CPACR_EL1', 3n << 20n);
  sys('SYS_VBAR_EL1', image.address('guest_vectors'));
  sys('SYS_VMPIDR_EL2', 0x80000000n);
  sys('SYS_TPIDR_EL1', 0x1234n);
  sys('SYS_MAIR_EL1', 0xffn);
  sys('SYS_TCR_EL1', 0x10n);

  const hostCtxt = () => world.read64('vcpu', 'host_ctxt');
  const vcpuCtxt = () => world.addressOf('vcpu', 'ctxt');
  const hasFpsimdCtxt = image.has('__fpsimd_save_ctxt') && image.has('__fpsimd_restore_ctxt');

  function handleExit(exitCode: bigint): RunOutcome {
    if (exitCode === c('EXIT_IRQ')) {
      machine.lower('irq');
      script.signal();
      return { exitCode, exit: 'irq', modelled: [{ text: 'handle_exit: host IRQ acknowledged; virtual interrupt injected (guest mailbox = 1)' }] };
    }
    const esr = BigInt(world.read32('vcpu', 'fault.esr_el2'));
    const ec = esr >> c('ESR_EC_SHIFT');
    if (exitCode === c('EXIT_TRAP') && ec === c('EC_DABT_LOW')) {
      world.write64('vcpu', 'ctxt.gp.pc', world.read64('vcpu', 'ctxt.gp.pc') + 4n);
      const far = world.read64('vcpu', 'fault.far_el2');
      return { exitCode, exit: `mmio (data abort at 0x${far.toString(16)})`, modelled: [{ text: 'handle_exit: MMIO emulated; vcpu->ctxt.gp.pc += 4' }] };
    }
    if (exitCode === c('EXIT_TRAP') && ec === c('EC_HVC64')) {
      return { exitCode, exit: 'hvc', modelled: [{ text: 'handle_exit: hypercall handled (guest pc is already past the hvc)' }] };
    }
    return { exitCode, exit: `exit code ${exitCode}, ESR 0x${esr.toString(16)}`, modelled: [] };
  }

  return {
    label: opts.label,
    world,
    notes: [
      'EL2 set up directly (the corpus has no hyp-init): SP_EL2 = hyp alias of hyp_stack top, VBAR_EL2 = hyp alias of __hyp_vectors, HCR_EL2 = HCR_RW',
      'the host kernel runs at EL1 with VBAR_EL1 unset: any host exception stops the run',
      `hyp VA = kernel VA & 0x${c('HYP_VA_MASK').toString(16)}; hyp code and the vcpu, vm, host_data and hyp_stack objects are mapped at both`,
    ],
    savedContext: { object: 'vcpu', path: 'ctxt' },
    savedFpsimd: { object: 'vcpu', vregs: 'ctxt.fp.vregs', fpsr: 'ctxt.fp.fpsr', fpcr: 'ctxt.fp.fpcr' },

    vcpuLoad(ctl) {
      const calls: ModelledCall[] = [{ text: 'vcpu_load: vcpu->host_ctxt = &host_data.host_ctxt (already set)' }];
      if (hasFpsimdCtxt) {
        hostCall(world, '__fpsimd_save_ctxt', [hostCtxt()], ctl);
        hostCall(world, '__fpsimd_restore_ctxt', [vcpuCtxt()], ctl);
        calls.push({ text: 'vcpu_load: __fpsimd_save_ctxt(vcpu->host_ctxt); __fpsimd_restore_ctxt(&vcpu->ctxt)' });
      }
      return calls;
    },

    vcpuPut(ctl) {
      if (!hasFpsimdCtxt) return [];
      hostCall(world, '__fpsimd_save_ctxt', [vcpuCtxt()], ctl);
      hostCall(world, '__fpsimd_restore_ctxt', [hostCtxt()], ctl);
      return [{ text: 'vcpu_put: __fpsimd_save_ctxt(&vcpu->ctxt); __fpsimd_restore_ctxt(vcpu->host_ctxt)' }];
    },

    hostUsesFpsimd(seed, ctl) {
      hostCall(world, 'host_use_fpsimd', [seed], ctl);
      return [{ text: `host: host_use_fpsimd(0x${seed.toString(16)}) between runs, without saving the FP/SIMD registers first` }];
    },

    run(step, ctl) {
      script.append(step);
      world.callHost('host_vcpu_run', [vcpu], ctl.maxSteps, (m) => driveRun(m, step, ctl));
      return handleExit(machine.x(0));
    },
  };
}
