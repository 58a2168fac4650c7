// Encoders for branches, exception generation, hints, barriers and system instructions.
import { AsmError } from '../errors.js';
import { SYSOPS, sysopByName } from '../sysops.js';
import { parseSysreg, sysregByName } from '../sysregs.js';
import { BARRIER_BY_NAME, HINT_BY_NAME, PSTATE_FIELDS } from '../tables.js';
import type { Handler } from './dp.js';
import { Ops, encode } from './ops.js';
import type { Assembled } from './types.js';

function branchTarget(o: Ops, i: number) {
  const { expr, modifier } = o.expr(i, 'a label');
  if (modifier) o.fail(i, 'a label (no relocation operator)');
  return o.env.evaluate(expr);
}

const branchHandler = (link: boolean): Handler => (o: Ops) => {
  o.expect(1);
  return encode(link ? 'BL' : 'B', { imm26: 0 }, { type: link ? 'CALL26' : 'JUMP26', value: branchTarget(o, 0) });
};

export function conditionalBranch(o: Ops, code: number): Assembled {
  o.expect(1);
  return encode('B_cond', { imm19: 0, cond: code }, { type: 'CONDBR19', value: branchTarget(o, 0) });
}

const compareBranchHandler = (id: string): Handler => (o: Ops) => {
  o.expect(2);
  const rt = o.gpr(0);
  return encode(id, { sf: rt.width === 64 ? 1 : 0, imm19: 0, rt: rt.n }, { type: 'CONDBR19', value: branchTarget(o, 1) });
};

const testBranchHandler = (id: string): Handler => (o: Ops) => {
  o.expect(3);
  const rt = o.gpr(0);
  const bit = o.immIn(1, 0, rt.width - 1, `bit number of '${o.mnemonic}' with a ${rt.width}-bit register`);
  return encode(id, { b5: bit >> 5, b40: bit & 31, imm14: 0, rt: rt.n }, { type: 'TSTBR14', value: branchTarget(o, 2) });
};

const branchRegHandler = (id: string, optional: boolean): Handler => (o: Ops) => {
  if (optional) o.expect(0, 1);
  else o.expect(1);
  const rn = o.length ? o.gpr(0, { width: 64 }).n : 30;
  return encode(id, { rn });
};

const noOperands = (id: string, fields: Record<string, number> = {}): Handler => (o: Ops) => {
  o.expect(0);
  return encode(id, fields);
};

const exceptionHandler = (id: string, optional = false): Handler => (o: Ops) => {
  if (optional) o.expect(0, 1);
  else o.expect(1);
  const imm16 = o.length ? o.immIn(0, 0, 0xffff, `immediate of '${o.mnemonic}'`) : 0;
  return encode(id, { imm16 });
};

const hintHandler: Handler = (o: Ops) => {
  o.expect(1);
  return encode('HINT', { imm7: o.immIn(0, 0, 127, `immediate of 'hint'`) });
};

/** A hint written by name (`nop`, `bti c`, `psb csync`). */
const namedHint = (name: string, operands: readonly string[]): Handler => (o: Ops) => {
  o.expect(...(operands.length ? (operands.includes('') ? [0, 1] : [1]) : [0]));
  let key = name;
  if (o.length) {
    const kw = o.name(0)?.toLowerCase();
    if (!kw || !operands.includes(kw)) o.fail(0, operands.filter(Boolean).join(' or '));
    key = `${name} ${kw}`;
  }
  const imm7 = HINT_BY_NAME.get(key);
  if (imm7 === undefined) throw new AsmError(`unknown hint '${key}'`);
  return encode('HINT', { imm7 });
};

const barrierHandler = (id: string): Handler => (o: Ops) => {
  o.expect(1);
  const name = o.name(0)?.toLowerCase();
  const named = name === undefined ? undefined : BARRIER_BY_NAME.get(name);
  if (named !== undefined) return encode(id, { crm: named });
  if (name !== undefined) o.fail(0, `a barrier option (sy, ish, ishst, …) or #imm, not '${name}'`);
  return encode(id, { crm: o.immIn(0, 0, 15, `option of '${o.mnemonic}'`) });
};

/** isb [sy | #imm], clrex [#imm]: 15 when omitted. */
const optionalCrmHandler = (id: string, allowSy: boolean): Handler => (o: Ops) => {
  o.expect(0, 1);
  if (!o.length) return encode(id, { crm: 15 });
  if (allowSy && o.name(0)?.toLowerCase() === 'sy') return encode(id, { crm: 15 });
  return encode(id, { crm: o.immIn(0, 0, 15, `option of '${o.mnemonic}'`) });
};

function sysregOperand(o: Ops, i: number) {
  const name = o.name(i);
  const enc = name === undefined ? undefined : parseSysreg(name);
  if (!enc || enc.op0 < 2) {
    o.fail(i, `a system register name or s<op0>_<op1>_c<n>_c<m>_<op2> with op0 2 or 3${name ? `, not '${name}'` : ''}`);
  }
  const named = sysregByName(name as string);
  if (named) o.requireNamed('system register', named.name, named.feature);
  return enc;
}

const mrsHandler: Handler = (o: Ops) => {
  o.expect(2);
  const rt = o.gpr(0, { width: 64 });
  const e = sysregOperand(o, 1);
  return encode('MRS', { o0: e.op0 - 2, op1: e.op1, crn: e.crn, crm: e.crm, op2: e.op2, rt: rt.n });
};

const msrHandler: Handler = (o: Ops) => {
  o.expect(2);
  if (!o.reg(1)) {
    const name = o.name(0)?.toLowerCase();
    const field = PSTATE_FIELDS.find((f) => f.name === name);
    if (!field) o.fail(0, 'a PSTATE field (daifset, daifclr, spsel, pan, uao, dit, ssbs, tco) for an immediate');
    const crm = o.immIn(1, 0, field.max, `PSTATE field ${field.name}`);
    o.requireNamed('PSTATE field', field.name, field.feature);
    return encode('MSR_imm', { op1: field.op1, crm, op2: field.op2 });
  }
  // gas tries the PSTATE form first: `msr pan, x0` without PAN fails on the field name.
  const field = PSTATE_FIELDS.find((f) => f.name === o.name(0)?.toLowerCase());
  if (field) o.requireNamed('PSTATE field', field.name, field.feature);
  const e = sysregOperand(o, 0);
  const rt = o.gpr(1, { width: 64 });
  return encode('MSR_reg', { o0: e.op0 - 2, op1: e.op1, crn: e.crn, crm: e.crm, op2: e.op2, rt: rt.n });
};

function cRegister(o: Ops, i: number): number {
  const m = /^c([0-9]{1,2})$/i.exec(o.name(i) ?? '');
  if (!m || Number(m[1]) > 15) o.fail(i, 'a C-register name C0…C15');
  return Number(m[1]);
}

const sysHandler: Handler = (o: Ops) => {
  o.expect(4, 5);
  const op1 = o.immIn(0, 0, 7, `op1 of 'sys'`);
  const crn = cRegister(o, 1);
  const crm = cRegister(o, 2);
  const op2 = o.immIn(3, 0, 7, `op2 of 'sys'`);
  const rt = o.length > 4 ? o.gpr(4, { width: 64 }).n : 31;
  return encode('SYS', { op1, crn, crm, op2, rt });
};

const syslHandler: Handler = (o: Ops) => {
  o.expect(5);
  const rt = o.gpr(0, { width: 64 }).n;
  const op1 = o.immIn(1, 0, 7, `op1 of 'sysl'`);
  const crn = cRegister(o, 2);
  const crm = cRegister(o, 3);
  const op2 = o.immIn(4, 0, 7, `op2 of 'sysl'`);
  return encode('SYSL', { op1, crn, crm, op2, rt });
};

const sysopHandler = (insn: string): Handler => (o: Ops) => {
  o.expect(1, 2);
  const name = o.name(0) ?? '';
  const op = sysopByName(insn, name);
  if (!op) o.fail(0, `a ${insn} operation (${SYSOPS.filter((s) => s.insn === insn).slice(0, 4).map((s) => s.name).join(', ')}, …)`);
  if (op.takesRegister && o.length !== 2) throw new AsmError(`'${insn} ${op.name}' needs a register operand`);
  if (!op.takesRegister && o.length !== 1) throw new AsmError(`'${insn} ${op.name}' takes no register operand`);
  o.requireNamed('system register', op.name, op.feature);
  const rt = op.takesRegister ? o.gpr(1, { width: 64 }).n : 31;
  return encode('SYS', { op1: op.op1, crn: op.crn, crm: op.crm, op2: op.op2, rt });
};

export const BRANCH_SYS_HANDLERS: Readonly<Record<string, Handler>> = {
  b: branchHandler(false),
  bl: branchHandler(true),
  cbz: compareBranchHandler('CBZ'),
  cbnz: compareBranchHandler('CBNZ'),
  tbz: testBranchHandler('TBZ'),
  tbnz: testBranchHandler('TBNZ'),
  br: branchRegHandler('BR', false),
  blr: branchRegHandler('BLR', false),
  ret: branchRegHandler('RET', true),
  eret: noOperands('ERET'),
  drps: noOperands('DRPS'),
  svc: exceptionHandler('SVC'),
  hvc: exceptionHandler('HVC'),
  smc: exceptionHandler('SMC'),
  brk: exceptionHandler('BRK'),
  hlt: exceptionHandler('HLT'),
  udf: exceptionHandler('UDF'),
  dcps1: exceptionHandler('DCPS1', true),
  dcps2: exceptionHandler('DCPS2', true),
  dcps3: exceptionHandler('DCPS3', true),
  hint: hintHandler,
  bti: namedHint('bti', ['', 'c', 'j', 'jc']),
  psb: namedHint('psb', ['csync']),
  tsb: namedHint('tsb', ['csync']),
  dsb: barrierHandler('DSB'),
  dmb: barrierHandler('DMB'),
  isb: optionalCrmHandler('ISB', true),
  clrex: optionalCrmHandler('CLREX', false),
  ssbb: noOperands('DSB', { crm: 0 }),
  pssbb: noOperands('DSB', { crm: 4 }),
  sb: noOperands('SB'),
  mrs: mrsHandler,
  msr: msrHandler,
  sys: sysHandler,
  sysl: syslHandler,
  ...Object.fromEntries([...new Set(SYSOPS.map((s) => s.insn))].map((insn) => [insn, sysopHandler(insn)])),
  ...Object.fromEntries(
    [...HINT_BY_NAME.keys()].filter((k) => !k.includes(' ') && k !== 'bti').map((k) => [k, namedHint(k, [])]),
  ),
};
