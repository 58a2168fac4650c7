// Runs a scenario on a session and records what happened: per step the instructions retired,
// the modelled C calls, the exit; the guest's CPU state at each exit; the host's state and the
// vcpu's saved context after the last vcpu_put; optionally every executed instruction.
import type { Machine, StepEvent } from '../machine/machine.js';
import * as S from '../machine/state.js';
import type { ArchFault } from '../machine/exceptions.js';
import { describeStep, type Scenario, type Step } from './scenario.js';
import type { ModelledCall, RunControl, Session } from './session.js';

export interface GuestException {
  /** The CPU state when the guest took the exception (before EL2 touched anything). */
  readonly words: Uint32Array;
  readonly pc: bigint;
  readonly kind: ArchFault['kind'];
  readonly syndrome: number;
}

export interface StepRecord {
  readonly index: number;
  readonly step: Step;
  readonly label: string;
  readonly instructions: number;
  readonly modelled: readonly ModelledCall[];
  readonly exit?: string;
  readonly exitCode?: bigint;
  /** Every exception the guest took during this run; the last one is the exit. */
  readonly guestExceptions: readonly GuestException[];
  /** Range of this step in `events` (when traced). */
  readonly events: readonly [number, number];
}

export interface RunRecord {
  readonly session: Session;
  readonly scenario: Scenario;
  readonly steps: readonly StepRecord[];
  readonly totalInstructions: number;
  /** CPU state right after the last vcpu_put. */
  readonly hostAfterPut: Uint32Array;
  /** Bytes of the vcpu's saved context after the last vcpu_put. */
  readonly savedContext: Uint8Array;
  readonly events: readonly StepEvent[];
}

export interface RunOptions {
  /** Keep every executed instruction (needed for counts by function/macro, traces, bytes moved). */
  readonly trace?: boolean;
  /** Instruction budget for each host call (a runaway guest or hyp loop ends the run with an error). */
  readonly maxStepsPerCall?: number;
}

export const DEFAULT_MAX_STEPS_PER_CALL = 5_000_000;

/**
 * The guest's state as the guest would observe it: its registers, except that while FP/SIMD
 * is trapped for the guest its FP/SIMD state is the copy the hypervisor keeps in memory.
 */
function guestView(session: Session, m: Machine): Uint32Array {
  const words = m.r.slice();
  if (m.fpTrapEl === 0) return words;
  const { object, vregs, fpsr, fpcr } = session.savedFpsimd;
  const world = session.world;
  const base = world.addressOf(object, vregs);
  const bytes = m.memory.readBytes(base, 32 * 16);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < 128; i++) words[S.V + i] = view.getUint32(4 * i, true);
  words[S.FPSR] = m.memory.readU32(world.addressOf(object, fpsr));
  words[S.FPCR] = m.memory.readU32(world.addressOf(object, fpcr));
  return words;
}

export function runScenario(session: Session, scenario: Scenario, options: RunOptions = {}): RunRecord {
  const m = session.world.machine;
  const events: StepEvent[] = [];
  const ctl: RunControl = { maxSteps: options.maxStepsPerCall ?? DEFAULT_MAX_STEPS_PER_CALL, ...(options.trace ? { onStep: (e) => events.push(e) } : {}) };
  let guestExceptions: GuestException[] = [];
  m.onGuestException = (machine, f) => {
    guestExceptions.push({
      words: guestView(session, machine),
      pc: f.kind === 'sync' && !f.returnToNext ? (BigInt(machine.insnHi) << 32n) | BigInt(machine.insnLo) : machine.pc,
      kind: f.kind,
      syndrome: f.syndrome,
    });
  };
  const steps: StepRecord[] = [];
  let hostAfterPut = m.r.slice();
  const total0 = m.retired;
  try {
    scenario.steps.forEach((step, index) => {
      guestExceptions = [];
      const before = m.retired;
      const firstEvent = events.length;
      let modelled: readonly ModelledCall[] = [];
      let exit: string | undefined;
      let exitCode: bigint | undefined;
      switch (step.kind) {
        case 'vcpu_load':
          modelled = session.vcpuLoad(ctl);
          break;
        case 'vcpu_put':
          modelled = session.vcpuPut(ctl);
          hostAfterPut = m.r.slice();
          break;
        case 'host_fpsimd':
          modelled = session.hostUsesFpsimd(step.seed, ctl);
          break;
        case 'run': {
          const outcome = session.run(step, ctl);
          ({ modelled, exit, exitCode } = outcome);
          break;
        }
      }
      steps.push({
        index,
        step,
        label: describeStep(step),
        instructions: m.retired - before,
        modelled,
        ...(exit !== undefined ? { exit, exitCode } : {}),
        guestExceptions,
        events: [firstEvent, events.length],
      });
    });
  } finally {
    m.onGuestException = undefined;
  }
  const { object, path } = session.savedContext;
  const ctxAddress = session.world.addressOf(object, path);
  const record = session.world.object(object).record!;
  const ctxRecord = session.world.layouts.resolve(record, path).type;
  const ctxSize = ctxRecord.kind === 'record' ? session.world.layouts.record(ctxRecord.name).size : 8;
  return {
    session,
    scenario,
    steps,
    totalInstructions: m.retired - total0,
    hostAfterPut,
    savedContext: m.memory.readBytes(ctxAddress, ctxSize),
    events,
  };
}
