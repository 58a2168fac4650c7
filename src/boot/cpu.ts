// The CPU the kernel boots on, as its boot code sees it: system registers read by encoding, the
// firmware behind SMCCC and how many CPUs there are. The default is hypsim's machine: the reset
// values of src/a64/sysregs.ts (a Cortex-A57 r1p0 class ARMv8.0 core), unimplemented ID-space
// encodings reading zero as on the machine, one CPU, and no EL3 firmware.
import { sysregByName, sysregsAt, type SysregEncoding } from '../a64/index.js';
import { inIdSpace } from '../a64/sysregs.js';
import { HypsimError } from '../util/diagnostics.js';
import { extractField, type IdFields } from './id-fields.js';

/**
 * The SMCCC conduit the host discovers (PSCI's): `none` when nothing answers SMC or HVC — the
 * kernel then gets SMCCC_RET_NOT_SUPPORTED from every ARCH_FEATURES query.
 */
export type SmcccConduit = 'none';

export interface BootCpu {
  readonly name: string;
  /** The value a read of the register returns at EL1/EL2, or undefined when the CPU has none. */
  readonly read: (e: SysregEncoding) => bigint | undefined;
  readonly conduit: SmcccConduit;
  readonly cpus: number;
}

export function hypsimCpu(): BootCpu {
  return {
    name: "hypsim's CPU (Cortex-A57 class, ARMv8.0)",
    read: (e) => {
      const reg = sysregsAt(e).find((r) => r.reset !== undefined);
      if (reg) return reg.reset;
      return inIdSpace(e) ? 0n : undefined;
    },
    conduit: 'none',
    cpus: 1,
  };
}

/** The encoding of a register by its kernel name: from the tree's sysreg-defs, else hypsim's table. */
function encodingOf(name: string, fields: IdFields): SysregEncoding | undefined {
  const enc = fields.encoding(name);
  if (enc) return enc;
  const r = sysregByName(name.toLowerCase());
  return r && { op0: r.op0, op1: r.op1, crn: r.crn, crm: r.crm, op2: r.op2 };
}

export function readCpuRegister(cpu: BootCpu, fields: IdFields, name: string): bigint {
  const enc = encodingOf(name, fields);
  if (enc === undefined) throw new HypsimError(`boot: no encoding known for system register ${name}`);
  const v = cpu.read(enc);
  if (v === undefined) throw new HypsimError(`boot: ${cpu.name} gives no value for ${name}`);
  return v;
}

/** An ID register field of the CPU, unsigned, at the tree's position. */
export function readCpuField(cpu: BootCpu, fields: IdFields, reg: string, field: string): bigint {
  return extractField(readCpuRegister(cpu, fields, reg), fields.field(reg, field), false);
}
