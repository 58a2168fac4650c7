// Branches, exception generation and system instructions.
import { sext } from '../bits.js';
import type { Alias, FormDef } from '../form.js';
import {
  cond, hex, imm, keyword, target, wreg, xreg, rsf,
  type BarrierOperand, type CRegOperand, type Operand, type SysregOperand,
} from '../operands.js';
import { sysopAt } from '../sysops.js';
import { sysregAt } from '../sysregs.js';
import { BARRIER_OPTIONS, CONDITION_NAMES, HINTS, pstateField } from '../tables.js';

const alias = (mnemonic: string, ...operands: Operand[]): Alias => ({ mnemonic, operands });
const creg = (n: number): CRegOperand => ({ kind: 'creg', n });
const barrier = (option: number): BarrierOperand => {
  const name = BARRIER_OPTIONS.get(option);
  return name ? { kind: 'barrier', option, name } : { kind: 'barrier', option };
};

function sysreg(op0: number, op1: number, crn: number, crm: number, op2: number, dir: 'read' | 'write'): SysregOperand {
  const e = { op0, op1, crn, crm, op2 };
  const r = sysregAt(e, dir);
  return r ? { kind: 'sysreg', ...e, name: r.name } : { kind: 'sysreg', ...e };
}

function exception(id: string, mnemonic: string, opc: number, ll: number): FormDef {
  return {
    id,
    mnemonic,
    cls: 'exception',
    pattern: `11010100 ${opc.toString(2).padStart(3, '0')} imm16:16 000 ${ll.toString(2).padStart(2, '0')}`,
    operands: (f) => [hex(f.imm16)],
    alias: id.startsWith('DCPS') ? (f) => (f.imm16 === 0 ? alias(mnemonic) : undefined) : undefined,
  };
}

function barrierForm(id: string, mnemonic: string, op2: number, pattern?: string): FormDef {
  return {
    id,
    mnemonic,
    cls: 'barrier',
    pattern: pattern ?? `11010101000000110011 crm:4 ${op2.toString(2).padStart(3, '0')} 11111`,
    operands: (f) => (id === 'DSB' || id === 'DMB' ? [barrier(f.crm)] : id === 'SB' ? [] : [hex(f.crm)]),
    alias: (f) => {
      if (id === 'DSB' && f.crm === 0) return alias('ssbb');
      if (id === 'DSB' && f.crm === 4) return alias('pssbb');
      if ((id === 'ISB' || id === 'CLREX') && f.crm === 15) return alias(mnemonic);
      return undefined;
    },
  };
}

function branchReg(id: string, mnemonic: string, opc: number, withRn: boolean): FormDef {
  return {
    id,
    mnemonic,
    cls: id === 'ERET' || id === 'DRPS' ? 'exception' : 'branch',
    pattern: `1101011 ${opc.toString(2).padStart(4, '0')} 11111 000000 ${withRn ? 'rn:5' : '11111'} 00000`,
    operands: (f) => (withRn ? [xreg(f.rn)] : []),
    alias: id === 'RET' ? (f) => (f.rn === 30 ? alias('ret') : undefined) : undefined,
  };
}

export const BRANCH_SYS_FORMS: readonly FormDef[] = [
  {
    id: 'B_cond',
    mnemonic: 'b.cond',
    cls: 'branch',
    pattern: '0101010 0 imm19:19 0 cond:4',
    operands: (f) => [cond(f.cond), target(sext(f.imm19, 19) * 4)],
    alias: (f, ops) => alias(`b.${CONDITION_NAMES[f.cond]}`, ops[1]),
  },
  exception('SVC', 'svc', 0, 1),
  exception('HVC', 'hvc', 0, 2),
  exception('SMC', 'smc', 0, 3),
  exception('BRK', 'brk', 1, 0),
  exception('HLT', 'hlt', 2, 0),
  exception('DCPS1', 'dcps1', 5, 1),
  exception('DCPS2', 'dcps2', 5, 2),
  exception('DCPS3', 'dcps3', 5, 3),
  {
    id: 'UDF',
    mnemonic: 'udf',
    cls: 'exception',
    pattern: '0000000000000000 imm16:16',
    operands: (f) => [imm(f.imm16)],
  },
  {
    id: 'HINT',
    mnemonic: 'hint',
    cls: 'hint',
    pattern: '11010101000000110010 imm7:7 11111',
    operands: (f) => [hex(f.imm7)],
    alias: (f) => {
      const h = HINTS.get(f.imm7);
      if (!h || h.unprinted) return undefined;
      return h.operand ? alias(h.name, keyword(h.operand)) : alias(h.name);
    },
  },
  barrierForm('CLREX', 'clrex', 2),
  barrierForm('DSB', 'dsb', 4),
  barrierForm('DMB', 'dmb', 5),
  barrierForm('ISB', 'isb', 6),
  { ...barrierForm('SB', 'sb', 7, '11010101000000110011 0000 111 11111'), feature: 'sb' },
  {
    id: 'MSR_imm',
    mnemonic: 'msr',
    cls: 'sysreg',
    pattern: '1101010100000 op1:3 0100 crm:4 op2:3 11111',
    valid: (f) => {
      const p = pstateField(f.op1, f.op2);
      return p !== undefined && f.crm <= p.max;
    },
    operands: (f) => [{ kind: 'pstate', name: pstateField(f.op1, f.op2)?.name ?? '?', op1: f.op1, op2: f.op2 }, hex(f.crm)],
    feature: (f) => pstateField(f.op1, f.op2)?.feature,
  },
  {
    id: 'SYS',
    mnemonic: 'sys',
    cls: 'tlb-cache',
    pattern: '1101010100 0 01 op1:3 crn:4 crm:4 op2:3 rt:5',
    operands: (f) => [imm(f.op1), creg(f.crn), creg(f.crm), imm(f.op2), xreg(f.rt)],
    alias: (f) => {
      const op = sysopAt(f.op1, f.crn, f.crm, f.op2);
      const generic = f.rt === 31 ? alias('sys', imm(f.op1), creg(f.crn), creg(f.crm), imm(f.op2)) : undefined;
      if (!op) return generic;
      const sysop: Operand = { kind: 'sysop', insn: op.insn, name: op.name, op1: f.op1, crn: f.crn, crm: f.crm, op2: f.op2 };
      const named = op.takesRegister ? alias(op.insn, sysop, xreg(f.rt)) : f.rt === 31 ? alias(op.insn, sysop) : undefined;
      if (!named || !op.feature) return named ?? generic;
      return { ...named, feature: op.feature, ...(generic ? { fallback: generic } : {}) };
    },
  },
  {
    id: 'SYSL',
    mnemonic: 'sysl',
    cls: 'sysreg',
    pattern: '1101010100 1 01 op1:3 crn:4 crm:4 op2:3 rt:5',
    operands: (f) => [xreg(f.rt), imm(f.op1), creg(f.crn), creg(f.crm), imm(f.op2)],
  },
  {
    id: 'MSR_reg',
    mnemonic: 'msr',
    cls: 'sysreg',
    pattern: '1101010100 0 1 o0:1 op1:3 crn:4 crm:4 op2:3 rt:5',
    operands: (f) => [sysreg(2 + f.o0, f.op1, f.crn, f.crm, f.op2, 'write'), xreg(f.rt)],
  },
  {
    id: 'MRS',
    mnemonic: 'mrs',
    cls: 'sysreg',
    pattern: '1101010100 1 1 o0:1 op1:3 crn:4 crm:4 op2:3 rt:5',
    operands: (f) => [xreg(f.rt), sysreg(2 + f.o0, f.op1, f.crn, f.crm, f.op2, 'read')],
  },
  branchReg('BR', 'br', 0, true),
  branchReg('BLR', 'blr', 1, true),
  branchReg('RET', 'ret', 2, true),
  branchReg('ERET', 'eret', 4, false),
  branchReg('DRPS', 'drps', 5, false),
  {
    id: 'B',
    mnemonic: 'b',
    cls: 'branch',
    pattern: '0 00101 imm26:26',
    operands: (f) => [target(sext(f.imm26, 26) * 4)],
  },
  {
    id: 'BL',
    mnemonic: 'bl',
    cls: 'branch',
    pattern: '1 00101 imm26:26',
    operands: (f) => [target(sext(f.imm26, 26) * 4)],
  },
  {
    id: 'CBZ',
    mnemonic: 'cbz',
    cls: 'branch',
    pattern: 'sf:1 011010 0 imm19:19 rt:5',
    operands: (f) => [rsf(f.rt, f.sf), target(sext(f.imm19, 19) * 4)],
  },
  {
    id: 'CBNZ',
    mnemonic: 'cbnz',
    cls: 'branch',
    pattern: 'sf:1 011010 1 imm19:19 rt:5',
    operands: (f) => [rsf(f.rt, f.sf), target(sext(f.imm19, 19) * 4)],
  },
  {
    id: 'TBZ',
    mnemonic: 'tbz',
    cls: 'branch',
    pattern: 'b5:1 011011 0 b40:5 imm14:14 rt:5',
    operands: (f) => [f.b5 ? xreg(f.rt) : wreg(f.rt), imm((f.b5 << 5) | f.b40), target(sext(f.imm14, 14) * 4)],
  },
  {
    id: 'TBNZ',
    mnemonic: 'tbnz',
    cls: 'branch',
    pattern: 'b5:1 011011 1 b40:5 imm14:14 rt:5',
    operands: (f) => [f.b5 ? xreg(f.rt) : wreg(f.rt), imm((f.b5 << 5) | f.b40), target(sext(f.imm14, 14) * 4)],
  },
];
