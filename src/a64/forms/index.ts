// The complete form table, compiled, with lookup by id.
import { compileForm, type Form, type FormDef, type FormGroup } from '../form.js';
import { BRANCH_SYS_FORMS } from './branch-sys.js';
import { DP_IMM_FORMS } from './dp-imm.js';
import { DP_REG_FORMS } from './dp-reg.js';
import { LDST_FORMS } from './ldst.js';
import { SIMD_FP_FORMS } from './simd-fp.js';
import { SVE_FORMS } from './sve.js';

const GROUPS: ReadonlyArray<readonly [FormGroup, readonly FormDef[]]> = [
  ['dp-imm', DP_IMM_FORMS],
  ['dp-reg', DP_REG_FORMS],
  ['ldst', LDST_FORMS],
  ['branch-sys', BRANCH_SYS_FORMS],
  ['simd-fp', SIMD_FP_FORMS],
  ['sve', SVE_FORMS],
];

export const FORMS: readonly Form[] = GROUPS.flatMap(([group, defs]) => defs.map((d) => compileForm(d, group)));

const byId = new Map<string, Form>();
for (const f of FORMS) {
  if (byId.has(f.id)) throw new Error(`duplicate form id ${f.id}`);
  byId.set(f.id, f);
}

export function formById(id: string): Form {
  const f = byId.get(id);
  if (!f) throw new Error(`no form ${id}`);
  return f;
}

export function findForm(id: string): Form | undefined {
  return byId.get(id);
}
