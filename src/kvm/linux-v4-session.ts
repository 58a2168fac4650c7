// A Linux v4.0 tree as a running system: the tree's own hyp.S, vgic-v2-switch.S and
// hyp-init.S (and the RFC's fpsimd.S when the patch adds it), hypsim's EL1 host stub calling
// the tree's kvm_call_hyp(__kvm_vcpu_run, vcpu), and the corpus guest. hyp-init really runs:
// the host installs its idmap vectors, calls it with the hyp stack and vectors, and it erets
// back after moving to the trampoline alias. Host C code on the path is modelled and listed.
import { link } from '../link/link.js';
import { createMachine } from '../machine/index.js';
import { GUEST, HOST, HYP } from '../machine/memory.js';
import { assembleUnit } from '../pipeline.js';
import type { SourceTree } from '../tree/source-tree.js';
import { HypsimError } from '../util/diagnostics.js';
import { corpusUnit } from './corpus.js';
import { definedConstants } from './header-constants.js';
import { kernelConstants, kernelLayouts, kernelUnit, type KernelLayouts } from './kernel-layouts.js';
import {
  GUEST_TEXT, KernelAllocator, OWNER_GUEST, OWNER_HOST, STACK_SIZE, corpusGuestAndHostWork, driveRun, fillRegisters,
  fillSavedVregs, guestScriptRegisters, hostCall, mapGuestRam, pattern,
} from './session-kit.js';
import type { ModelledCall, RunOutcome, Session } from './session.js';
import { KvmWorld } from './world.js';

const KERNEL_TEXT = 0xffffffc000080000n;
const HYP_TEXT = 0xffffffc000100000n;
const HYP_IDMAP = 0xffffffc000200000n;
const PANIC = 0xffffffc000300000n;
const KERNEL_DATA = 0xffffffc000400000n;
const PHYS_OFFSET = 0x80000000n;
const NR_LR = 4;

const TREE_UNITS = ['arch/arm64/kvm/hyp.S', 'arch/arm64/kvm/vgic-v2-switch.S', 'arch/arm64/kvm/hyp-init.S', 'arch/arm64/kvm/fpsimd.S'];

const CONSTANTS = [
  'HCR_GUEST_FLAGS', 'HCR_RW', 'ARM_EXCEPTION_IRQ', 'ARM_EXCEPTION_TRAP', 'ESR_ELx_EC_SHIFT', 'ESR_ELx_EC_HVC64',
  'ESR_ELx_EC_DABT_LOW', 'PSR_MODE_EL1h', 'PSR_F_BIT', 'PSR_I_BIT', 'PSR_A_BIT', 'PSR_D_BIT', 'TRAMPOLINE_VA',
  'HYP_PAGE_OFFSET_MASK', 'PAGE_OFFSET', 'PAGE_SHIFT',
];

/** sys_regs[] slot names: every `#define NAME n` of kvm_asm.h naming an EL1/EL2 register. */
function sysregSlotNames(tree: SourceTree): Map<number, string> {
  const text = tree.read('arch/arm64/include/asm/kvm_asm.h') ?? '';
  const names = [...text.matchAll(/^#define\s+([A-Z0-9_]+_EL[12])\s+\d+/gm)].map((m) => m[1]);
  const values = definedConstants(tree, ['arch/arm64/include/asm/kvm_asm.h'], names);
  const out = new Map<number, string>();
  for (const n of names) if (!out.has(Number(values.get(n)))) out.set(Number(values.get(n)), n);
  return out;
}

export interface LinuxV4SessionOptions {
  readonly tree: SourceTree;
  readonly label: string;
  readonly asmOffsetsFile?: string;
}

export function linuxV4Session(opts: LinuxV4SessionOptions): Session {
  const tree = opts.tree;
  const k: KernelLayouts = kernelLayouts(tree, opts.asmOffsetsFile);
  const files = TREE_UNITS.filter((f) => tree.exists(f));
  const programs = [
    ...files.map((f) => assembleUnit(kernelUnit(tree, f, k))),
    ...corpusGuestAndHostWork(),
    assembleUnit(corpusUnit('asm/host/linux-v4.0.S')),
  ];
  const c = kernelConstants(tree, ['asm/kvm_arm.h', 'asm/kvm_asm.h', 'asm/kvm_mmu.h', 'asm/esr.h', 'asm/ptrace.h', 'asm/memory.h'], CONSTANTS);
  const slots = sysregSlotNames(tree);
  const slot = (name: string) => {
    for (const [i, n] of slots) if (n === name) return i;
    throw new HypsimError(`${tree.label}: kvm_asm.h defines no sys_regs slot ${name}`);
  };
  const hypVa = (kva: bigint) => kva & c('HYP_PAGE_OFFSET_MASK');
  const phys = (kva: bigint) => kva - c('PAGE_OFFSET') + PHYS_OFFSET;

  const image = link(programs, {
    regions: [
      { name: 'kernel-text', address: KERNEL_TEXT, sections: ['.text'], perms: 'rx' },
      { name: 'hyp-text', address: HYP_TEXT, sections: ['.hyp.text'], perms: 'rx' },
      { name: 'hyp-idmap', address: HYP_IDMAP, sections: ['.hyp.idmap.text'], perms: 'rx' },
      { name: 'guest-text', address: GUEST_TEXT, sections: ['.guest.text'], perms: 'rx' },
    ],
    externs: new Map([['panic', PANIC]]),
  });
  const machine = createMachine();
  const world = new KvmWorld(machine, image, k.layouts, (record, field, index) =>
    record === 'kvm_cpu_context' && field === 'sys_regs' ? slots.get(index) : undefined,
  );
  world.loadImage(
    (region) => (region === 'guest-text' ? GUEST : HOST),
    (region, address) => {
      if (region === 'hyp-text') return [{ name: 'hyp-text@hyp', address: hypVa(address), worlds: HYP }];
      if (region === 'hyp-idmap') {
        return [
          { name: 'hyp-idmap@phys', address: phys(address), worlds: HYP },
          { name: 'hyp-idmap@trampoline', address: c('TRAMPOLINE_VA'), worlds: HYP },
        ];
      }
      return [];
    },
  );
  world.mapStopPage('panic', PANIC, 0x900);

  const heap = new KernelAllocator(world, KERNEL_DATA, hypVa);
  const size = (record: string) => k.layouts.record(record).size;
  const vcpu = heap.alloc('vcpu', size('kvm_vcpu'), 'kvm_vcpu');
  const kvm = heap.alloc('kvm', size('kvm'), 'kvm');
  const hostCtxt = heap.alloc('kvm_host_cpu_state', size('kvm_cpu_context'), 'kvm_cpu_context');
  const hypStack = heap.alloc('hyp_stack', STACK_SIZE);
  const hostStack = heap.alloc('host_stack', STACK_SIZE);
  const gich = heap.alloc('gich', 0x1000);
  const { script, stackTop: guestStackTop } = mapGuestRam(world);

  // The hyp stub left EL2 ready for __hyp_set_vectors; the host kernel runs at EL1.
  machine.setEl(2, 1);
  machine.setSysreg('hcr_el2', c('HCR_RW'));
  machine.setSysreg('vbar_el2', phys(image.address('__kvm_hyp_init')));
  machine.setSysreg('sp_el1', hostStack + BigInt(STACK_SIZE));
  machine.setSysreg('cpacr_el1', 3n << 20n);
  machine.setSysreg('sctlr_el1', 0x34d5d91dn);
  machine.setSysreg('tcr_el1', 0x32b5593519n);
  machine.setSysreg('mair_el1', 0x000c0400bb44ffn);
  machine.setSysreg('tpidr_el1', 0xffffffc0ff000000n);
  fillRegisters(machine, OWNER_HOST);
  const init = { maxSteps: 100_000 };
  hostCall(world, 'kvm_call_hyp', [0x80a00000n, 0x80b00000n, hypStack + BigInt(STACK_SIZE), image.address('__kvm_hyp_vector')], init);
  const afterInit = { vbar: machine.sysreg('vbar_el2'), sp: machine.sysreg('sp_el2') };

  // vgic_arch_setup (C, modelled): the save/restore pointers the world switch calls through.
  machine.memory.writeU64(image.address('__vgic_sr_vectors'), image.address('__save_vgic_v2_state'));
  machine.memory.writeU64(image.address('__vgic_sr_vectors') + 8n, image.address('__restore_vgic_v2_state'));

  // kvm_arch_init_vm / kvm_vcpu_init (C, modelled).
  world.write64('kvm', 'arch.vttbr', (1n << 48n) | 0x80c00000n);
  world.write64('kvm', 'arch.vgic.vctrl_base', gich);
  machine.memory.writeBytes(world.addressOf('kvm', 'arch.timer.enabled'), Uint8Array.of(1));
  world.write64('kvm', 'arch.timer.cntvoff', 0x100000n);
  world.write64('vcpu', 'kvm', kvm);
  world.write64('vcpu', 'arch.hcr_el2', c('HCR_GUEST_FLAGS'));
  world.write64('vcpu', 'arch.host_cpu_context', hostCtxt);
  world.write32('vcpu', 'arch.vgic_cpu.nr_lr', NR_LR);
  world.write32('vcpu', 'arch.timer_cpu.cntv_ctl', 0);
  const gp = (n: number) => `arch.ctxt.gp_regs.regs.regs[${n}]`;
  for (let i = 0; i < 31; i++) world.write64('vcpu', gp(i), pattern(OWNER_GUEST, i));
  for (const [n, v] of guestScriptRegisters(script)) world.write64('vcpu', gp(n), v);
  world.write64('vcpu', 'arch.ctxt.gp_regs.regs.pc', image.address('guest_entry'));
  world.write64('vcpu', 'arch.ctxt.gp_regs.regs.pstate', c('PSR_MODE_EL1h') | c('PSR_F_BIT') | c('PSR_I_BIT') | c('PSR_A_BIT') | c('PSR_D_BIT'));
  world.write64('vcpu', 'arch.ctxt.gp_regs.sp_el1', guestStackTop);
  fillSavedVregs(machine, world.addressOf('vcpu', 'arch.ctxt.gp_regs.fp_regs.vregs'));
  const sys = (name: string, v: bigint) => world.write64('vcpu', `arch.ctxt.sys_regs[${slot(name)}]`, v);
  sys('MPIDR_EL1', 0x80000000n);
  sys('SCTLR_EL1', 0x30d00800n);
  sys('CPACR_EL1', 3n << 20n);
  sys('VBAR_EL1', image.address('guest_vectors'));
  sys('TPIDR_EL1', 0x1234n);
  sys('MAIR_EL1', 0xffn);
  sys('TCR_EL1', 0x10n);

  const hasFpsimd = image.has('__kvm_save_fpsimd') && image.has('__kvm_restore_fpsimd');
  const guestCtxt = () => world.addressOf('vcpu', 'arch.ctxt');

  function handleExit(exitCode: bigint): RunOutcome {
    if (exitCode === c('ARM_EXCEPTION_IRQ')) {
      machine.lower('irq');
      script.signal();
      return { exitCode, exit: 'irq', modelled: [{ text: 'handle_exit: host IRQ handled; virtual interrupt injected (guest mailbox = 1)' }] };
    }
    const esr = BigInt(world.read32('vcpu', 'arch.fault.esr_el2'));
    const ec = esr >> c('ESR_ELx_EC_SHIFT');
    if (exitCode === c('ARM_EXCEPTION_TRAP') && ec === c('ESR_ELx_EC_DABT_LOW')) {
      const pc = 'arch.ctxt.gp_regs.regs.pc';
      world.write64('vcpu', pc, world.read64('vcpu', pc) + 4n);
      const hpfar = world.read64('vcpu', 'arch.fault.hpfar_el2');
      return { exitCode, exit: `mmio (data abort, HPFAR 0x${hpfar.toString(16)})`, modelled: [{ text: 'handle_exit: io_mem_abort emulated; kvm_skip_instr (pc += 4)' }] };
    }
    if (exitCode === c('ARM_EXCEPTION_TRAP') && ec === c('ESR_ELx_EC_HVC64')) {
      return { exitCode, exit: 'hvc', modelled: [{ text: 'handle_exit: handle_hvc (guest pc is already past the hvc)' }] };
    }
    return { exitCode, exit: `exit code ${exitCode}, ESR 0x${esr.toString(16)}`, modelled: [] };
  }

  return {
    label: opts.label,
    world,
    notes: [
      `hyp-init.S ran: the host installed __kvm_hyp_init at its idmap address 0x${phys(image.address('__kvm_hyp_init')).toString(16)} (modelled __hyp_set_vectors) and called kvm_call_hyp(boot_pgd, pgd, stack, vectors); it left VBAR_EL2 = 0x${afterInit.vbar.toString(16)}, SP_EL2 = 0x${afterInit.sp.toString(16)} (no MMU is modelled: the trampoline page is an alias of the idmap page)`,
      `asm-offsets from ${k.asmOffsetsSource}`,
      `vgic-v2: __vgic_sr_vectors filled by modelled vgic_arch_setup; GICH at kernel VA 0x${gich.toString(16)} as plain memory with ${NR_LR} list registers`,
      'the host kernel runs at EL1 with VBAR_EL1 unset: any host exception stops the run; panic() is a brk page',
    ],
    savedContext: { object: 'vcpu', path: 'arch.ctxt' },
    savedFpsimd: { object: 'vcpu', vregs: 'arch.ctxt.gp_regs.fp_regs.vregs', fpsr: 'arch.ctxt.gp_regs.fp_regs.fpsr', fpcr: 'arch.ctxt.gp_regs.fp_regs.fpcr' },

    vcpuLoad(ctl) {
      const calls: ModelledCall[] = [{ text: 'kvm_arch_vcpu_load: vcpu->arch.host_cpu_context = this_cpu_ptr(kvm_host_cpu_state)' }];
      if (hasFpsimd) {
        hostCall(world, '__kvm_save_fpsimd', [hostCtxt], ctl);
        hostCall(world, '__kvm_restore_fpsimd', [guestCtxt()], ctl);
        calls.push({ text: 'kvm_fpsimd_flush_hwstate: __kvm_save_fpsimd(vcpu->arch.host_cpu_context); __kvm_restore_fpsimd(&vcpu->arch.ctxt) (IRQs off)' });
      }
      return calls;
    },

    vcpuPut(ctl) {
      if (!hasFpsimd) return [];
      hostCall(world, '__kvm_save_fpsimd', [guestCtxt()], ctl);
      hostCall(world, '__kvm_restore_fpsimd', [hostCtxt], ctl);
      return [{ text: 'kvm_fpsimd_sync_hwstate: __kvm_save_fpsimd(&vcpu->arch.ctxt); __kvm_restore_fpsimd(vcpu->arch.host_cpu_context) (IRQs off)' }];
    },

    hostUsesFpsimd(seed, ctl) {
      hostCall(world, 'host_use_fpsimd', [seed], ctl);
      return [{ text: `host: host_use_fpsimd(0x${seed.toString(16)}) between runs, without kernel_neon_begin/end` }];
    },

    run(step, ctl) {
      script.append(step);
      world.callHost('host_vcpu_run', [vcpu], ctl.maxSteps, (m) => driveRun(m, step, ctl));
      return handleExit(machine.x(0));
    },
  };
}
