// What a scenario runner needs from a tree's hyp code, whatever the tree: the corpus, Linux
// v4.0 or Linux 6.1 each provide a Session that builds the world and performs the steps.
import type { StepEvent } from '../machine/machine.js';
import type { Step } from './scenario.js';
import type { KvmWorld } from './world.js';

/** A piece of host C code hypsim models instead of running (listed in every report). */
export interface ModelledCall {
  readonly text: string;
}

export interface RunControl {
  /** Installed for traced runs (counts, traces); absent for the fast loop. */
  readonly onStep?: (e: StepEvent) => void;
  readonly maxSteps: number;
}

export interface RunOutcome {
  readonly exitCode: bigint;
  /** `hvc`, `mmio (data abort at 0x…)`, `irq` … as the host saw it. */
  readonly exit: string;
  readonly modelled: readonly ModelledCall[];
}

export interface Session {
  /** `hypsim corpus`, `Linux v4.0 (+ rfc.patch)`. */
  readonly label: string;
  readonly world: KvmWorld;
  /** How EL2 was set up and other facts the report should state. */
  readonly notes: readonly string[];
  vcpuLoad(ctl: RunControl): readonly ModelledCall[];
  vcpuPut(ctl: RunControl): readonly ModelledCall[];
  run(step: Extract<Step, { kind: 'run' }>, ctl: RunControl): RunOutcome;
  hostUsesFpsimd(seed: bigint, ctl: RunControl): readonly ModelledCall[];
  /** The vcpu's saved guest context: object name and struct path (e.g. `vcpu`, `ctxt`). */
  readonly savedContext: { readonly object: string; readonly path: string };
  /**
   * Where the guest's FP/SIMD registers are kept while the guest cannot touch the unit (a
   * lazy switch traps the guest's first use and loads them from there).
   */
  readonly savedFpsimd: { readonly object: string; readonly vregs: string; readonly fpsr: string; readonly fpcr: string };
}
