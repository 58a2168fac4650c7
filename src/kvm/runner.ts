// Runs a scenario on a session and records what happened: per step the instructions retired,
// the modelled C calls, the exit; the guest's CPU state at each exit; the host's state and the
// vcpu's saved context after the last vcpu_put; optionally every executed instruction.
import { getHeapStatistics } from 'node:v8';
import type { Machine, StepEvent } from '../machine/machine.js';
import { HypsimError } from '../util/diagnostics.js';
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
  /** Instruction budget of the whole scenario: its estimate is checked before the run, the count during it. */
  readonly maxInstructions?: number;
}

export const DEFAULT_MAX_STEPS_PER_CALL = 5_000_000;
export const DEFAULT_MAX_INSTRUCTIONS = 2_000_000;

/**
 * What a step may execute: a fixed allowance for the host, hypervisor and modelled C around it,
 * plus a per-unit allowance for the guest work it asks for. A loop a patch introduces ends here.
 */
export const STEP_ALLOWANCE = { base: 20_000, perWorkUnit: 16 } as const;

export function stepAllowance(step: Step): number {
  const work = step.kind === 'run' ? step.work.compute + step.work.fpsimd + (step.exit === 'irq' ? step.irqAfter : 0) : 0;
  return STEP_ALLOWANCE.base + STEP_ALLOWANCE.perWorkUnit * work;
}

/** What a scenario is expected to execute: about 1000 instructions per step, 4 per compute and 8 per FP/SIMD iteration, the IRQ wait. */
export function estimateInstructions(steps: readonly Step[]): number {
  let n = 0;
  for (const s of steps) n += 1000 + (s.kind === 'run' ? 4 * s.work.compute + 8 * s.work.fpsimd + (s.exit === 'irq' ? s.irqAfter : 0) : 0);
  return n;
}

/** Traced runs keep every event in memory: stop cleanly before the heap is exhausted. */
const HEAP_CHECK_EVERY = 1 << 16;
const HEAP_FRACTION = 0.85;

function checkHeap(events: number): void {
  const h = getHeapStatistics();
  if (h.used_heap_size < HEAP_FRACTION * h.heap_size_limit) return;
  const mb = (n: number) => Math.round(n / 2 ** 20);
  throw new HypsimError(
    `out of memory: the traced run holds ${events} instructions in ${mb(h.used_heap_size)} MB of the ${mb(h.heap_size_limit)} MB heap`,
    undefined,
    'limit',
    ['run a smaller scenario, or give Node more heap: NODE_OPTIONS=--max-old-space-size=MB'],
  );
}

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

/** A step that ran out of instructions says which step and which budget. */
function withStepContext<T>(f: () => T, index: number, step: Step, limit: number, perCall: number): T {
  try {
    return f();
  } catch (e) {
    if (!(e instanceof HypsimError) || e.kind !== 'limit' || !/step limit/.test(e.message)) throw e;
    const which = limit === perCall ? `--max-steps ${perCall}` : limit === stepAllowance(step) ? `the step's allowance of ${limit} (${STEP_ALLOWANCE.base} + ${STEP_ALLOWANCE.perWorkUnit} per unit of guest work)` : `what was left of the scenario's budget (${limit})`;
    throw new HypsimError(`step ${index + 1} (${describeStep(step)}) ran out of instructions: ${e.message}`, e.origin, 'limit', [`the limit was ${which}`, ...e.notes]);
  }
}

export function runScenario(session: Session, scenario: Scenario, options: RunOptions = {}): RunRecord {
  const m = session.world.machine;
  const events: StepEvent[] = [];
  const budget = options.maxInstructions ?? DEFAULT_MAX_INSTRUCTIONS;
  const estimate = estimateInstructions(scenario.steps);
  if (estimate > budget) {
    throw new HypsimError(`scenario '${scenario.name}' needs an estimated ${estimate} instructions, more than the budget of ${budget}`, undefined, 'limit', [
      'raise it with --max-instructions N (traced runs take about 1 s per 25,000 instructions today)',
    ]);
  }
  const perCall = options.maxStepsPerCall ?? DEFAULT_MAX_STEPS_PER_CALL;
  const onStep = options.trace
    ? (e: StepEvent) => {
        if ((events.push(e) & (HEAP_CHECK_EVERY - 1)) === 0) checkHeap(events.length);
      }
    : undefined;
  let ctl: RunControl = { maxSteps: perCall, ...(onStep ? { onStep } : {}) };
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
      const left = budget - (before - total0);
      if (left <= 0) throw new HypsimError(`scenario '${scenario.name}' executed its budget of ${budget} instructions before step ${index + 1}`, undefined, 'limit', ['raise it with --max-instructions N']);
      ctl = { ...ctl, maxSteps: Math.min(perCall, stepAllowance(step), left) };
      let modelled: readonly ModelledCall[] = [];
      let exit: string | undefined;
      let exitCode: bigint | undefined;
      switch (step.kind) {
        case 'vcpu_load':
          modelled = withStepContext(() => session.vcpuLoad(ctl), index, step, ctl.maxSteps, perCall);
          break;
        case 'vcpu_put':
          modelled = withStepContext(() => session.vcpuPut(ctl), index, step, ctl.maxSteps, perCall);
          hostAfterPut = m.r.slice();
          break;
        case 'host_fpsimd':
          modelled = withStepContext(() => session.hostUsesFpsimd(step.seed, ctl), index, step, ctl.maxSteps, perCall);
          break;
        case 'run': {
          const outcome = withStepContext(() => session.run(step, ctl), index, step, ctl.maxSteps, perCall);
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
