// Instruction semantics, dispatched by form id from one table per ARM ARM class. `compile` turns
// the word at an address into a closure specialised for its fields and address; words that decode
// to no form raise the undefined-instruction exception when executed.
import type { Cpu } from '../cpu.js';
import { decode } from '../decode.js';
import type { DataAbortInfo } from '../exceptions.js';
import { CPU_FEATURES, describeFeature, hasFeature } from '../features.js';
import { featureOf, type Fields } from '../form.js';
import type { Form } from '../form.js';
import { FORMS } from '../forms/index.js';
import { sysopAt } from '../sysops.js';
import { BRANCH_SYS_SEMANTICS } from './branch-sys.js';
import { undefinedInstruction, unsupported, type Op, type Semantic, type SemanticTable } from './common.js';
import { DP_IMM_SEMANTICS } from './dp-imm.js';
import { DP_REG_SEMANTICS } from './dp-reg.js';
import { ldstSemantics } from './ldst.js';
import { SIMD_FP_SEMANTICS } from './simd-fp.js';

export type { Op, Semantic, Site } from './common.js';
export { describeSite, instructionText } from './common.js';

/** Whether this CPU implements the instruction (the form's feature column, src/a64/features.ts). */
export const implemented = (form: Form, fields: Fields): boolean => hasFeature(CPU_FEATURES, featureOf(form, fields));

/** Post-8.0 instructions (SVE, LSE, `sb`…) are unallocated encodings on this CPU: UNDEFINED. */
const lacking: Semantic = (fields, site) =>
  undefinedInstruction(site, `${describeFeature(featureOf(site.decoded.form, fields) ?? '')} is not implemented`);
const LACKING_SEMANTICS: SemanticTable = Object.fromEntries(
  FORMS.filter((f) => typeof f.feature === 'string' && !hasFeature(CPU_FEATURES, f.feature)).map((f): [string, Semantic] => [f.id, lacking]),
);

export const SEMANTICS: SemanticTable = {
  ...DP_IMM_SEMANTICS,
  ...DP_REG_SEMANTICS,
  ...ldstSemantics(FORMS.filter((f) => !LACKING_SEMANTICS[f.id])),
  ...BRANCH_SYS_SEMANTICS,
  ...SIMD_FP_SEMANTICS,
  ...LACKING_SEMANTICS,
};

/** Form ids without semantics: executing one stops the run with 'unsupported'. */
export const UNSUPPORTED_FORMS: readonly string[] = FORMS.filter((f) => !SEMANTICS[f.id]).map((f) => f.id);

/** A Compiler for the machine: word at (lo, hi) → Op. */
export function compile(word: number, lo: number, hi: number, cpu: Cpu): Op {
  const decoded = decode(word);
  const site = { word: word >>> 0, lo, hi, cpu };
  if (!decoded) return undefinedInstruction(site, 'unallocated encoding');
  const full = { ...site, decoded };
  if (!implemented(decoded.form, decoded.fields)) return lacking(decoded.fields, full);
  const semantic = SEMANTICS[decoded.id];
  if (!semantic) return unsupported(full);
  return semantic(decoded.fields, full);
}

/**
 * The syndrome a data abort of this instruction reports at stage 2 (ESR_EL2.ISV and friends):
 * valid for single general-register loads and stores without write-back, except exclusives.
 */
export function dataAbortSyndrome(word: number): DataAbortInfo | undefined {
  const d = decode(word);
  if (!d) return undefined;
  if (d.id === 'SYS') {
    const op = sysopAt(d.fields.op1, d.fields.crn, d.fields.crm, d.fields.op2);
    if (op?.insn === 'dc' && op.name !== 'zva') return { write: true, size: 1, cacheMaintenance: true };
    return undefined;
  }
  const mem = d.form.mem;
  if (!mem) return undefined;
  const fp = d.form.cls === 'fp-load' || d.form.cls === 'fp-store';
  const writeBack = /_(pre|post)$/.test(d.id);
  if (fp || mem.pair || mem.exclusive || writeBack || mem.bytes === 0) return { write: !mem.load, size: Math.max(mem.bytes, 1) };
  const wide = mem.load ? (mem.bytes === 8 || /_x_|^LDRSW/.test(d.id)) : mem.bytes === 8;
  return {
    write: !mem.load,
    size: mem.bytes,
    srt: d.fields.rt,
    signExtend: Boolean(mem.signed),
    sixtyFourBit: wide,
    acquireRelease: Boolean(mem.acquireRelease),
  };
}

/** msr targets that change nothing the run loop depends on (control flow, EL, traps, interrupts). */
const PLAIN_STATE = (f: Fields): boolean =>
  f.o0 === 1 && f.op1 === 3 && f.crn === 4 && ((f.crm === 4 && f.op2 <= 1) || (f.crm === 2 && f.op2 === 0));

/**
 * Whether the machine's fast path must return to its loop after this instruction: it may branch,
 * raise or return from an exception, change PSTATE, the EL or the trap and routing controls
 * (any msr but to NZCV, FPCR, FPSR), or it cannot be executed at all.
 */
export function endsBlock(word: number): boolean {
  const d = decode(word);
  if (!d || !SEMANTICS[d.id] || !implemented(d.form, d.fields)) return true;
  if (d.id === 'MSR_reg') return !PLAIN_STATE(d.fields);
  return d.cls === 'branch' || d.cls === 'exception' || d.id === 'MSR_imm';
}
