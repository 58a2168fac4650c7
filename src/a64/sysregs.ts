// System registers keyed by encoding (op0, op1, CRn, CRm, op2), with the names gas knows, the
// minimum exception level, read/write access and, for identification registers, a reset value.
// Names, encodings and access come from experiments with binutils (sysregs-data.ts, generated);
// minimum EL follows the architectural naming (…_ELn) with the exceptions listed below.
import { DEFAULT_FEATURES, hasFeature, type Feature, type FeatureSet } from './features.js';
import { SYSREG_ROWS } from './sysregs-data.js';

export type SysregAccess = 'rw' | 'ro' | 'wo';
export type ExceptionLevel = 0 | 1 | 2 | 3;

export interface SysregEncoding {
  readonly op0: number;
  readonly op1: number;
  readonly crn: number;
  readonly crm: number;
  readonly op2: number;
}

export interface Sysreg extends SysregEncoding {
  /** Lower-case name as gas and objdump spell it. */
  readonly name: string;
  readonly access: SysregAccess;
  /** Lowest EL that may access it (before any trap configuration). */
  readonly minEl: ExceptionLevel;
  /**
   * The feature gas needs for the name (else only the generic `s3_…` spelling assembles); outside
   * the ID register space, a CPU without it does not have the register.
   */
  readonly feature?: Feature;
  /** Value out of reset for the modelled CPU; undefined means architecturally UNKNOWN or state-derived. */
  readonly reset?: bigint;
}

/** Registers whose minimum EL is not what the `_ELn` suffix (or no suffix → EL0) says. */
const MIN_EL_EXCEPTIONS: Readonly<Record<string, ExceptionLevel>> = {
  sp_el0: 1, sp_el1: 2, sp_el2: 3, spsel: 1, currentel: 1, pan: 1, uao: 1, allint: 1, pm: 1,
  spsr_abt: 2, spsr_und: 2, spsr_irq: 2, spsr_fiq: 2, elr_hyp: 2, spsr_hyp: 2,
  dlr_el0: 0, dspsr_el0: 0,
};

function minElOf(name: string): ExceptionLevel {
  const exc = MIN_EL_EXCEPTIONS[name];
  if (exc !== undefined) return exc;
  const m = /_el(\d+)$/.exec(name);
  if (!m) return 0;
  // *_EL12 / *_EL02 are the E2H aliases, usable from EL2.
  if (m[1] === '12' || m[1] === '02') return 2;
  return Number(m[1][0]) as ExceptionLevel;
}

/**
 * Identification values of the modelled CPU: a Cortex-A57 r1p0 (values from its TRM) with the GICv3
 * CPU interface system registers enabled (ID_AA64PFR0_EL1.GIC = 1, ID_PFR1_EL1.GIC = 1), so both the
 * vgic-v2 and vgic-v3 paths of the KVM code are reachable. No SVE, PAuth, MTE, RAS, PAN or VHE:
 * this is an ARMv8.0 CPU, which keeps the kernels' alternatives at their unpatched defaults.
 */
const RESET_VALUES: Readonly<Record<string, bigint>> = {
  midr_el1: 0x411fd070n,
  revidr_el1: 0n,
  mpidr_el1: 0x80000000n,
  aidr_el1: 0n,
  ctr_el0: 0x8444c004n,
  dczid_el0: 0x4n,
  clidr_el1: 0x0a200023n,
  id_aa64pfr0_el1: 0x01002222n,
  id_aa64pfr1_el1: 0n,
  id_aa64dfr0_el1: 0x10305106n,
  id_aa64dfr1_el1: 0n,
  id_aa64afr0_el1: 0n,
  id_aa64afr1_el1: 0n,
  id_aa64isar0_el1: 0x00011120n,
  id_aa64isar1_el1: 0n,
  id_aa64isar2_el1: 0n,
  id_aa64mmfr0_el1: 0x00001124n,
  id_aa64mmfr1_el1: 0n,
  id_aa64mmfr2_el1: 0n,
  id_aa64zfr0_el1: 0n,
  id_aa64smfr0_el1: 0n,
  id_pfr0_el1: 0x00000131n,
  id_pfr1_el1: 0x10011011n,
  id_pfr2_el1: 0n,
  id_dfr0_el1: 0x03010066n,
  id_afr0_el1: 0n,
  id_mmfr0_el1: 0x10101105n,
  id_mmfr1_el1: 0x40000000n,
  id_mmfr2_el1: 0x01260000n,
  id_mmfr3_el1: 0x02102211n,
  id_mmfr4_el1: 0n,
  id_isar0_el1: 0x02101110n,
  id_isar1_el1: 0x13112111n,
  id_isar2_el1: 0x21232042n,
  id_isar3_el1: 0x01112131n,
  id_isar4_el1: 0x00011142n,
  id_isar5_el1: 0x00011121n,
  id_isar6_el1: 0n,
  mvfr0_el1: 0x10110222n,
  mvfr1_el1: 0x12111111n,
  mvfr2_el1: 0x00000043n,
  pmcr_el0: 0x41013000n,
};

export const SYSREGS: readonly Sysreg[] = SYSREG_ROWS.map(([name, op0, op1, crn, crm, op2, access, feature]) => {
  const reset = RESET_VALUES[name];
  const reg: Sysreg = { name, op0, op1, crn, crm, op2, access, minEl: minElOf(name), ...(feature ? { feature } : {}) };
  return reset === undefined ? reg : { ...reg, reset };
});

/**
 * The ID register space (op0 3, op1 0, CRn 0, CRm 1–7): encodings a CPU does not implement read
 * as zero there, so its registers exist on every CPU whatever feature they describe.
 */
export const inIdSpace = (e: SysregEncoding): boolean => e.op0 === 3 && e.op1 === 0 && e.crn === 0 && e.crm >= 1 && e.crm <= 7;

/** A 16-bit key: op0(2) op1(3) CRn(4) CRm(4) op2(3). */
export const sysregKey = (e: SysregEncoding): number =>
  ((e.op0 & 3) << 14) | (e.op1 << 11) | (e.crn << 7) | (e.crm << 3) | e.op2;

const byKey = new Map<number, Sysreg[]>();
const byName = new Map<string, Sysreg>();
for (const r of SYSREGS) {
  const k = sysregKey(r);
  byKey.set(k, [...(byKey.get(k) ?? []), r]);
  byName.set(r.name, r);
}

/** Every register name at an encoding (usually one; DBGDTRRX_EL0/DBGDTRTX_EL0 share one). */
export function sysregsAt(e: SysregEncoding): readonly Sysreg[] {
  return byKey.get(sysregKey(e)) ?? [];
}

/** The register an access in direction `dir` reaches at this encoding. */
export function sysregAt(e: SysregEncoding, dir: 'read' | 'write'): Sysreg | undefined {
  const all = sysregsAt(e);
  return all.find((r) => r.access === 'rw' || r.access === (dir === 'read' ? 'ro' : 'wo')) ?? all[0];
}

export function sysregByName(name: string): Sysreg | undefined {
  return byName.get(name.toLowerCase());
}

const GENERIC = /^s([0-3])_([0-7])_c(\d{1,2})_c(\d{1,2})_([0-7])$/i;

/** Parses the generic `s3_4_c12_c9_5` spelling (any case). */
export function parseGenericSysreg(text: string): SysregEncoding | undefined {
  const m = GENERIC.exec(text);
  if (!m) return undefined;
  const [op0, op1, crn, crm, op2] = m.slice(1).map(Number);
  if (crn > 15 || crm > 15) return undefined;
  return { op0, op1, crn, crm, op2 };
}

export function formatGenericSysreg(e: SysregEncoding): string {
  return `s${e.op0}_${e.op1}_c${e.crn}_c${e.crm}_${e.op2}`;
}

/** A register name or the generic spelling → encoding. Generic names must have op0 2 or 3 for mrs/msr. */
export function parseSysreg(text: string): SysregEncoding | undefined {
  return sysregByName(text) ?? parseGenericSysreg(text);
}

/**
 * How to write this encoding in `mrs`/`msr` so that gas accepts it with these features (default:
 * gas's default architecture): the register's name when gas knows it and allows the access, else
 * the generic form.
 */
export function sysregText(e: SysregEncoding, dir: 'read' | 'write', features: FeatureSet = DEFAULT_FEATURES): string {
  const r = sysregAt(e, dir);
  const allowed = r && (r.access === 'rw' || r.access === (dir === 'read' ? 'ro' : 'wo'));
  if (r && allowed && hasFeature(features, r.feature)) return r.name;
  return formatGenericSysreg(e);
}
