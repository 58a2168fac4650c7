// Test helpers for the machine: assemble a few lines with hypsim's encoder (labels allowed), load
// them at CODE with a data page at DATA, run from the first line until `ret` to the sentinel.
import { createMachine, type Machine, type RunResult } from '../../src/machine/index.js';
import { EXEC, READ, WRITE } from '../../src/machine/memory.js';
import { hypsimWord, readStatements } from '../a64/helpers.js';

export const CODE = 0x400000n;
export const DATA = 0x500000n;
export const DATA_SIZE = 0x2000;

/** The words of an assembly snippet (one instruction per line, labels and `//` comments allowed). */
export function assembleLines(source: string): number[] {
  const { statements, labels } = readStatements(source);
  return statements.map((s) => hypsimWord(s.mnemonic, s.operands, s.offset, labels).resolved);
}

export interface Setup {
  readonly el?: number;
  readonly x?: Readonly<Record<number, bigint>>;
  readonly sp?: bigint;
  readonly nzcv?: number;
  readonly fpEnabled?: boolean;
}

/** A machine with `source` at CODE, a zeroed DATA page, x30 = the return sentinel, at EL1 by default. */
export function machineWith(source: string, setup: Setup = {}): Machine {
  const m = createMachine();
  const code = assembleLines(source);
  const bytes = new Uint8Array(Math.max(code.length * 4, 4));
  const view = new DataView(bytes.buffer);
  code.forEach((w, i) => view.setUint32(i * 4, w, true));
  m.memory.map('code', CODE, 0x1000, { perms: READ | EXEC });
  m.memory.writeBytes(CODE, bytes);
  m.memory.map('data', DATA, DATA_SIZE, { perms: READ | WRITE });
  m.setEl(setup.el ?? 1, 1);
  if (setup.fpEnabled ?? true) m.setSysreg('cpacr_el1', 3n << 20n);
  m.setX(30, 0xfffffffffffff000n);
  for (const [n, v] of Object.entries(setup.x ?? {})) m.setX(Number(n), v);
  if (setup.sp !== undefined) m.sp = setup.sp;
  if (setup.nzcv !== undefined) m.setSysreg('nzcv', BigInt(setup.nzcv) << 28n);
  m.pc = CODE;
  return m;
}

export function run(source: string, setup: Setup = {}, maxSteps = 10_000): { m: Machine; result: RunResult } {
  const m = machineWith(source, setup);
  const result = m.run({ maxSteps });
  return { m, result };
}

export const nzcvOf = (m: Machine): number => Number(m.sysreg('nzcv') >> 28n);
export const u64 = (v: bigint): bigint => BigInt.asUintN(64, v);
