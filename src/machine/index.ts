// The machine as the rest of hypsim uses it: a CPU with the ISA's semantics and system-register
// table, memory, exceptions and the run loop.
import { SYSREGS } from '../a64/index.js';
import { compile, dataAbortSyndrome, endsBlock } from '../a64/semantics/index.js';
import { Machine, type Compiler } from './machine.js';
import type { Memory } from './memory.js';
import type { SysregInfo } from './sysreg-file.js';

export { Machine, RETURN_SENTINEL, type Compiler, type ExceptionEvent, type ExecEvent, type MemAccess, type Op, type RunOptions, type RunResult, type StepEvent } from './machine.js';
export { Memory, HOST, GUEST, HYP, ALL_WORLDS, READ, WRITE, EXEC, type Region, type World } from './memory.js';
export { ArchFault, StopRun, type StopReason } from './exceptions.js';

/** The system registers of the modelled CPU: every register of the ISA table; UNKNOWN resets read 0. */
export const MACHINE_SYSREGS: readonly SysregInfo[] = SYSREGS.map((r) => ({
  name: r.name,
  op0: r.op0,
  op1: r.op1,
  crn: r.crn,
  crm: r.crm,
  op2: r.op2,
  minEl: r.minEl,
  access: r.access,
  reset: r.reset ?? 0n,
}));

export interface CreateMachineOptions {
  readonly memory?: Memory;
  /** Another compiler (e.g. a traced or checked variant); default: the ISA's semantics. */
  readonly compile?: Compiler;
}

export function createMachine(options: CreateMachineOptions = {}): Machine {
  return new Machine({
    sysregs: MACHINE_SYSREGS,
    compile: options.compile ?? compile,
    abortSyndrome: dataAbortSyndrome,
    ...(options.compile ? {} : { endsBlock }),
    ...(options.memory ? { memory: options.memory } : {}),
  });
}
