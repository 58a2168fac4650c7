// ID register fields as the tree names them: shift, width and the named values of each field
// (`ID_AA64ISAR0_EL1_ATOMIC_SHIFT 20`, `…_ATOMIC_IMP UL(0b0010)`), read from the sysreg-defs.h
// kbuild generates from arch/arm64/tools/sysreg.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SysregEncoding } from '../a64/index.js';
import { HypsimError } from '../util/diagnostics.js';
import { GENERATED_ASM } from './cpucaps.js';
import { defineValue, parseDefines } from './kernel-defines.js';

export const SYSREG_DEFS = `${GENERATED_ASM}/sysreg-defs.h`;

export interface FieldSpec {
  readonly reg: string;
  readonly field: string;
  readonly shift: number;
  readonly width: number;
}

export class IdFields {
  constructor(private readonly defines: ReadonlyMap<string, string>, readonly header = SYSREG_DEFS) {}

  /** The register's encoding (`SYS_<reg>_Op0`…), when the tree's sysreg file describes it. */
  encoding(reg: string): SysregEncoding | undefined {
    const parts = ['Op0', 'Op1', 'CRn', 'CRm', 'Op2'].map((p) => {
      const raw = this.defines.get(`SYS_${reg}_${p}`);
      return raw === undefined ? undefined : defineValue(raw);
    });
    if (parts.some((p) => p === undefined)) return undefined;
    const [op0, op1, crn, crm, op2] = parts.map(Number);
    return { op0, op1, crn, crm, op2 };
  }

  has(reg: string, field: string): boolean {
    return this.defines.has(`${reg}_${field}_SHIFT`);
  }

  private number(name: string): bigint {
    const raw = this.defines.get(name);
    const v = raw === undefined ? undefined : defineValue(raw);
    if (v === undefined) throw new HypsimError(`${this.header} has no value for ${name}`);
    return v;
  }

  field(reg: string, field: string): FieldSpec {
    return { reg, field, shift: Number(this.number(`${reg}_${field}_SHIFT`)), width: Number(this.number(`${reg}_${field}_WIDTH`)) };
  }

  /** A named value of a field (`IMP`, `MTE2`, `52_BIT`…). */
  value(reg: string, field: string, name: string): bigint {
    return this.number(`${reg}_${field}_${name}`);
  }
}

export function readIdFields(buildDir: string): IdFields {
  const path = join(buildDir, SYSREG_DEFS);
  if (!existsSync(path)) throw new HypsimError(`${buildDir}: no ${SYSREG_DEFS} (kbuild's prepare makes it)`);
  return new IdFields(parseDefines(readFileSync(path, 'utf8')));
}

/** The field's value in a register, sign-extended for the fields the kernel reads as signed. */
export function extractField(value: bigint, spec: FieldSpec, signed: boolean): bigint {
  const raw = (value >> BigInt(spec.shift)) & ((1n << BigInt(spec.width)) - 1n);
  return signed ? BigInt.asIntN(spec.width, raw) : raw;
}
