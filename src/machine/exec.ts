// Running one assembled file on its own (`hypsim exec`): link it alone at fixed addresses, map it,
// give it a stack, set the entry state and run until it returns, hits brk, or the budget ends.
import type { Program } from '../ir/program.js';
import { link, type Image } from '../link/link.js';
import { HypsimError } from '../util/diagnostics.js';
import { createMachine } from './index.js';
import { RETURN_SENTINEL, type Machine } from './machine.js';
import { EXEC, READ, WRITE } from './memory.js';
import { applyState, type DataRegion, type MachineStateInput } from './state-json.js';

/** Executable sections go here, in program order. */
export const EXEC_TEXT_BASE = 0x400000n;
/** Every other allocated section goes to a data region on the next 64 KiB boundary after the code. */
const DATA_ALIGN = 0x10000n;
/** A 64 KiB stack below this address; SP starts at the top. */
export const EXEC_STACK_TOP = 0x80000000n;
export const EXEC_STACK_SIZE = 0x10000;

const pageUp = (n: number): number => Math.max(0x1000, Math.ceil(n / 0x1000) * 0x1000);

export interface ExecOptions {
  readonly entry: string;
  /** Exception level to start at (default 1); SP is SP_ELx (SP_EL0 at EL0). */
  readonly el?: number;
  readonly state?: MachineStateInput;
  readonly stateFile?: string;
}

export interface PreparedExec {
  readonly machine: Machine;
  readonly image: Image;
  /** The program's data region and regions created by the state: what the JSON state lists. */
  readonly dataRegions: readonly DataRegion[];
}

/** Links one program alone: code at EXEC_TEXT_BASE, data after it. Undefined symbols are errors. */
export function linkAlone(program: Program): Image {
  const allocated = program.sections.filter((s) => s.bytes.length > 0 && (s.flags.includes('a') || s.flags.includes('x')));
  const code = allocated.filter((s) => s.flags.includes('x')).map((s) => s.name);
  const data = allocated.filter((s) => !s.flags.includes('x')).map((s) => s.name);
  const codeBytes = program.sections.filter((s) => code.includes(s.name)).reduce((n, s) => n + s.bytes.length + s.align, 0);
  const dataBase = ((EXEC_TEXT_BASE + BigInt(codeBytes) + DATA_ALIGN - 1n) / DATA_ALIGN) * DATA_ALIGN;
  return link([program], {
    regions: [
      { name: 'text', address: EXEC_TEXT_BASE, sections: code, perms: 'rx' },
      { name: 'data', address: dataBase, sections: data, perms: 'rw' },
    ],
  });
}

export function prepareExec(program: Program, options: ExecOptions): PreparedExec {
  const image = linkAlone(program);
  const local = image.allSymbols.find((sym) => sym.name === options.entry && !sym.global && !sym.temporary);
  if (!image.has(options.entry) && local) {
    throw new HypsimError(`entry symbol '${options.entry}' is local to ${program.file}; add '.globl ${options.entry}' to run it`, undefined, 'input');
  }
  if (!image.has(options.entry)) {
    const known = [...image.symbols.keys()].slice(0, 8).join(', ');
    throw new HypsimError(`entry symbol '${options.entry}' is not defined in ${program.file}${known ? ` (global symbols: ${known})` : ''}`, undefined, 'input');
  }
  const m = createMachine();
  const dataRegions: DataRegion[] = [];
  for (const region of image.regions) {
    if (region.bytes.length === 0) continue;
    const perms = (region.perms.includes('r') ? READ : 0) | (region.perms.includes('w') ? WRITE : 0) | (region.perms.includes('x') ? EXEC : 0);
    m.memory.map(region.name, region.address, pageUp(region.bytes.length), { perms });
    m.memory.writeBytes(region.address, region.bytes);
    if (!region.perms.includes('x')) dataRegions.push({ base: region.address, size: region.bytes.length });
  }
  m.memory.map('stack', EXEC_STACK_TOP - BigInt(EXEC_STACK_SIZE), EXEC_STACK_SIZE, { perms: READ | WRITE });
  const el = options.state?.el ?? options.el ?? 1;
  m.setEl(el, el === 0 ? 0 : 1);
  m.sp = EXEC_STACK_TOP;
  // FP/SIMD usable at EL0 and EL1 (CPACR_EL1.FPEN = 0b11); a state may say otherwise.
  m.setSysreg('cpacr_el1', 3n << 20n);
  const before = new Set(m.memory.regions);
  if (options.state) applyState(m, { ...options.state, el }, options.stateFile ?? 'state');
  for (const r of m.memory.regions) if (!before.has(r)) dataRegions.push({ base: (BigInt(r.hi) << 32n) | BigInt(r.lo), size: r.size });
  m.setX(30, RETURN_SENTINEL);
  m.pc = image.address(options.entry);
  return { machine: m, image, dataRegions };
}
