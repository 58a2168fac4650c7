// Pieces every session shares: the corpus guest and host work (assembled for any tree), the
// guest's operation script, recognisable register patterns, kernel-VA allocation with the hyp
// alias, and the way a run with an IRQ exit is driven.
import type { Machine, RunResult } from '../machine/machine.js';
import { GUEST, HOST } from '../machine/memory.js';
import type { Program } from '../ir/program.js';
import { assembleUnit } from '../pipeline.js';
import { CORPUS_INCLUDE_DIRS, corpusTree } from '../tree/corpus.js';
import { corpusUnit } from './corpus.js';
import { headerConstants } from './header-constants.js';
import type { Step } from './scenario.js';
import type { RunControl } from './session.js';
import type { KvmWorld } from './world.js';

export const GUEST_TEXT = 0x40000000n;
export const GUEST_RAM = 0x40100000n;
export const GUEST_RAM_SIZE = 0x40000;
export const GUEST_MMIO = 0x09000000n;
export const STACK_SIZE = 0x4000;

export const OWNER_HOST = 0x40;
export const OWNER_GUEST = 0x60;

/** Recognisable register contents, so a state diff shows whose value ended up where. */
export function pattern(owner: number, index: number, lane = 0): bigint {
  return (BigInt(owner) << 56n) | (BigInt(index) << 40n) | (BigInt(lane) << 32n) | BigInt((0x1000 + index * 0x11 + lane) >>> 0);
}

/** The corpus's guest program and host work, assembled from the built-in corpus. */
export function corpusGuestAndHostWork(extra: readonly string[] = []): Program[] {
  return ['asm/guest/guest.S', 'asm/host/host-work.S', ...extra].map((f) => assembleUnit(corpusUnit(f)));
}

const OPS = ['OP_COMPUTE', 'OP_FPSIMD', 'OP_HVC', 'OP_MMIO', 'OP_WAIT_IRQ'];

/** The guest's script in its memory: each run appends its work and the operation that exits. */
export class GuestScript {
  private cursor: bigint;
  private readonly op: Map<string, bigint>;
  readonly mailbox: bigint;

  constructor(
    private readonly machine: Machine,
    readonly start: bigint,
  ) {
    this.cursor = start;
    this.mailbox = start + 0x30000n;
    this.op = headerConstants(corpusTree(), CORPUS_INCLUDE_DIRS, ['guest/ops.h'], OPS);
  }

  append(step: Extract<Step, { kind: 'run' }>): void {
    if (step.work.compute) this.write('OP_COMPUTE', step.work.compute);
    if (step.work.fpsimd) this.write('OP_FPSIMD', step.work.fpsimd);
    this.write(step.exit === 'hvc' ? 'OP_HVC' : step.exit === 'mmio' ? 'OP_MMIO' : 'OP_WAIT_IRQ', 0);
  }

  /** The host injected an interrupt: the guest's wait loop sees it. */
  signal(): void {
    this.machine.memory.writeU32(this.mailbox, 1);
  }

  private write(op: string, arg: number): void {
    this.machine.memory.writeU32(this.cursor, Number(this.op.get(op)));
    this.machine.memory.writeU32(this.cursor + 4n, arg);
    this.cursor += 8n;
  }
}

/** Guest registers the script interpreter expects (see asm/guest/guest.S). */
export function guestScriptRegisters(script: GuestScript): Array<[number, bigint]> {
  return [[20, script.start], [21, GUEST_MMIO], [22, 0n], [23, script.mailbox]];
}

/** Maps the guest's RAM (IPA = flat address) for the script, the mailbox and its stack. */
export function mapGuestRam(world: KvmWorld): { script: GuestScript; stackTop: bigint } {
  world.addObject({ name: 'guest_ram', address: GUEST_RAM, size: GUEST_RAM_SIZE }, GUEST);
  return { script: new GuestScript(world.machine, GUEST_RAM), stackTop: GUEST_RAM + BigInt(GUEST_RAM_SIZE) };
}

/** Allocates page-aligned kernel objects in the linear map, each also mapped at its hyp alias. */
export class KernelAllocator {
  constructor(
    private readonly world: KvmWorld,
    private next: bigint,
    private readonly hypVa: (kva: bigint) => bigint,
  ) {}

  alloc(name: string, bytes: number, record?: string): bigint {
    const address = this.next;
    this.next += BigInt(Math.ceil(Math.max(bytes, 1) / 0x1000) * 0x1000);
    this.world.addObject({ name, address, size: bytes, ...(record ? { record } : {}) }, HOST, this.hypVa(address));
    return address;
  }
}

/**
 * Runs one host call that enters the guest. For an IRQ exit, the interrupt is raised once the
 * guest has executed `irqAfter` instructions (it spins in its wait loop until then).
 */
export function driveRun(m: Machine, step: Extract<Step, { kind: 'run' }>, ctl: RunControl): RunResult {
  if (step.exit !== 'irq') return m.run({ maxSteps: ctl.maxSteps, onStep: ctl.onStep });
  m.watchWorld = GUEST;
  const entered = m.run({ maxSteps: ctl.maxSteps, onStep: ctl.onStep });
  m.watchWorld = undefined;
  if (entered.reason !== 'breakpoint') return entered;
  const spun = m.run({ maxSteps: step.irqAfter, onStep: ctl.onStep });
  if (spun.reason !== 'steps') return { ...spun, steps: entered.steps + spun.steps };
  m.raise('irq');
  const rest = m.run({ maxSteps: ctl.maxSteps, onStep: ctl.onStep });
  return { ...rest, steps: entered.steps + spun.steps + rest.steps };
}

/** The host calls a function the same way in every session (traced or not). */
export function hostCall(world: KvmWorld, fn: string, args: bigint[], ctl: RunControl): RunResult {
  return world.callHost(fn, args, ctl.maxSteps, ctl.onStep ? (m) => m.run({ maxSteps: ctl.maxSteps, onStep: ctl.onStep }) : undefined);
}

/** Sets every general and FP/SIMD register to the owner's pattern. */
export function fillRegisters(m: Machine, owner: number): void {
  for (let i = 0; i < 31; i++) m.setX(i, pattern(owner, i));
  for (let i = 0; i < 32; i++) m.setV(i, (pattern(owner, 32 + i, 1) << 64n) | pattern(owner, 32 + i));
}

/** Writes the guest's initial FP/SIMD registers into a saved context (vregs array address). */
export function fillSavedVregs(m: Machine, vregs: bigint): void {
  for (let i = 0; i < 32; i++) {
    m.memory.writeU64(vregs + BigInt(16 * i), pattern(OWNER_GUEST, 32 + i));
    m.memory.writeU64(vregs + BigInt(16 * i) + 8n, pattern(OWNER_GUEST, 32 + i, 1));
  }
}
