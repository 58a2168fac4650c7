// Branches, exception generation and system instructions: hints, barriers, PSTATE and system
// register access, cache/TLB maintenance and address translation.
import { sext } from '../bits.js';
import {
  CURRENT_EL, DAIF, EVENT, FLAG_C, FLAG_N, FLAG_V, FLAG_Z, FPCR, FPCR_MASK, FPSR, FPSR_MASK, MONITOR_SIZE, PC, PENDING, SPSEL, X,
  xr, xw, type Cpu, type ExecEvent, type SysOpKind,
} from '../cpu.js';
import { StopRun } from '../exceptions.js';
import { CPU_FEATURES, describeFeature, hasFeature } from '../features.js';
import { sysopAt } from '../sysops.js';
import { inIdSpace, sysregAt } from '../sysregs.js';
import { pstateField } from '../tables.js';
import {
  addressText, conditionHolds, describeSite, hostStop, instructionText, pcRelative, setFlags, undefinedInstruction,
  type Op, type Semantic, type SemanticTable, type Site,
} from './common.js';

function jump(r: Uint32Array, lo: number, hi: number): void {
  r[PC] = lo;
  r[PC + 1] = hi;
}

const b: Semantic = (f, site) => {
  const [lo, hi] = pcRelative(site, sext(f.imm26, 26) * 4);
  return (m) => jump(m.r, lo, hi);
};

const bl: Semantic = (f, site) => {
  const [lo, hi] = pcRelative(site, sext(f.imm26, 26) * 4);
  const [rlo, rhi] = pcRelative(site, 4);
  return (m) => {
    const r = m.r;
    r[X + 60] = rlo;
    r[X + 61] = rhi;
    jump(r, lo, hi);
  };
};

const bCond: Semantic = (f, site) => {
  const [lo, hi] = pcRelative(site, sext(f.imm19, 19) * 4);
  const cond = f.cond;
  return (m) => {
    if (conditionHolds(cond, m.r)) jump(m.r, lo, hi);
  };
};

function compareBranch(nonZero: boolean): Semantic {
  return (f, site) => {
    const [lo, hi] = pcRelative(site, sext(f.imm19, 19) * 4);
    const t = xr(f.rt);
    const wide = f.sf === 1;
    return (m) => {
      const r = m.r;
      const zero = wide ? (r[t] | r[t + 1]) === 0 : r[t] === 0;
      if (zero !== nonZero) jump(r, lo, hi);
    };
  };
}

function testBranch(nonZero: boolean): Semantic {
  return (f, site) => {
    const [lo, hi] = pcRelative(site, sext(f.imm14, 14) * 4);
    const bit = (f.b5 << 5) | f.b40;
    const word = xr(f.rt) + (bit >> 5);
    const mask = 1 << (bit & 31);
    return (m) => {
      const set = (m.r[word] & mask) !== 0;
      if (set === nonZero) jump(m.r, lo, hi);
    };
  };
}

function branchRegister(link: boolean): Semantic {
  return (f, site) => {
    const n = xr(f.rn);
    const [rlo, rhi] = pcRelative(site, 4);
    return (m) => {
      const r = m.r;
      const lo = r[n];
      const hi = r[n + 1];
      if (link) {
        r[X + 60] = rlo;
        r[X + 61] = rhi;
      }
      jump(r, lo, hi);
    };
  };
}

const eret: Semantic = () => (m) => m.eret();

function call(kind: 'svc' | 'hvc' | 'smc'): Semantic {
  return (f) => (m) => {
    throw m.callFault(kind, f.imm16);
  };
}

const brk: Semantic = (f, site) => hostStop('brk', `brk #0x${f.imm16.toString(16)} at ${addressText(site.lo, site.hi)}`);
const hlt: Semantic = (f, site) => hostStop('halted', `hlt #0x${f.imm16.toString(16)} at ${addressText(site.lo, site.hi)}`);

/** Encodings that only exist in Debug state (dcps*, drps) or are permanently undefined (udf, sysl). */
const undefinedForm: Semantic = (_f, site) => undefinedInstruction(site);

function record(m: Cpu, kind: ExecEvent['kind'], text: string, address?: bigint): void {
  m.execLog?.push(address === undefined ? { kind, text } : { kind, text, address });
}

function barrier(site: Site): Op {
  const text = instructionText(site);
  return (m) => record(m, 'barrier', text);
}

const nop: Op = () => {};

/** wfi: waits for an interrupt. With none pending the CPU would sleep forever: the run stops there. */
const wfi = (site: Site): Op => {
  const where = addressText(site.lo, site.hi);
  return (m) => {
    const trap = m.waitFault(false);
    if (trap) throw trap;
    if (m.r[PENDING] === 0) throw new StopRun('halted', `wfi at ${where}: waiting for an interrupt and none is pending`);
  };
};

/** wfe: consumes the event register if set; otherwise waits like wfi (one CPU: no other PE sends events). */
const wfe = (site: Site): Op => {
  const where = addressText(site.lo, site.hi);
  return (m) => {
    const trap = m.waitFault(true);
    if (trap) throw trap;
    const r = m.r;
    if (r[EVENT] !== 0) {
      r[EVENT] = 0;
      return;
    }
    if (r[PENDING] === 0) throw new StopRun('halted', `wfe at ${where}: waiting for an event and none is pending`);
  };
};

const sendEvent: Op = (m) => {
  m.r[EVENT] = 1;
};

/** Hints: everything this ARMv8.0 CPU lacks (PAuth, BTI, RAS, SPE…) executes as a NOP, as the architecture says. */
const hint: Semantic = (f, site) => {
  switch (f.imm7) {
    case 2: return wfe(site);
    case 3: return wfi(site);
    case 4:
    case 5: return sendEvent;
    case 16:
    case 20:
    case 22: return barrier(site);
    default: return nop;
  }
};

const clrex: Semantic = () => (m) => {
  m.r[MONITOR_SIZE] = 0;
};

const barrierForm: Semantic = (_f, site) => barrier(site);

const isFpControl = (op0: number, op1: number, crn: number, crm: number, op2: number): boolean =>
  op0 === 3 && op1 === 3 && crn === 4 && crm === 4 && op2 <= 1;
const isNzcv = (op0: number, op1: number, crn: number, crm: number, op2: number): boolean =>
  op0 === 3 && op1 === 3 && crn === 4 && crm === 2 && op2 === 0;

/**
 * mrs/msr. NZCV, FPCR and FPSR are PSTATE and FP state words read and written directly (usable
 * at every EL; FPCR/FPSR accesses are FP accesses for the CPACR_EL1/CPTR_EL2 traps); every other
 * register goes through the CPU's access checks and system-register file.
 */
function systemRegister(read: boolean): Semantic {
  return (f, site) => {
    const op0 = 2 + f.o0;
    const enc = [op0, f.op1, f.crn, f.crm, f.op2] as const;
    const rt = f.rt;
    const d = xw(rt);
    const s = xr(rt);
    if (isFpControl(...enc)) {
      const word = f.op2 === 0 ? FPCR : FPSR;
      const mask = f.op2 === 0 ? FPCR_MASK : FPSR_MASK;
      if (read) {
        return (m) => {
          if (m.fpTrapEl !== 0) throw m.fpAccessFault();
          m.r[d] = m.r[word];
          m.r[d + 1] = 0;
        };
      }
      return (m) => {
        if (m.fpTrapEl !== 0) throw m.fpAccessFault();
        m.r[word] = m.r[s] & mask;
      };
    }
    if (isNzcv(...enc)) {
      if (read) {
        return (m) => {
          const r = m.r;
          r[d] = ((r[FLAG_N] << 31) | (r[FLAG_Z] << 30) | (r[FLAG_C] << 29) | (r[FLAG_V] << 28)) >>> 0;
          r[d + 1] = 0;
        };
      }
      return (m) => setFlags(m.r, m.r[s] >>> 28);
    }
    const e = { op0, op1: f.op1, crn: f.crn, crm: f.crm, op2: f.op2 };
    const known = sysregAt(e, read ? 'read' : 'write');
    if (known && !inIdSpace(e) && !hasFeature(CPU_FEATURES, known.feature)) {
      return undefinedInstruction(site, `${known.name}: ${describeFeature(known.feature ?? '')} is not implemented`);
    }
    const slot = site.cpu.sysregSlot(...enc);
    if (slot === undefined && read && inIdSpace(e)) return readAsZero(site, d);
    if (slot === undefined) return undefinedInstruction(site, 'no such system register');
    if (read) {
      return (m) => {
        const fault = m.sysregAccessFault(slot, true, rt);
        if (fault) throw fault;
        m.readSysregInto(slot, d);
      };
    }
    return (m) => {
      const fault = m.sysregAccessFault(slot, false, rt);
      if (fault) throw fault;
      m.writeSysreg(slot, m.r[s], m.r[s + 1]);
    };
  };
}

/** An unallocated ID-space register (ID_AA64MMFR3_EL1 on this CPU): reads as zero above EL0. */
function readAsZero(site: Site, d: number): Op {
  const what = describeSite(site);
  return (m) => {
    if (m.r[CURRENT_EL] === 0) throw m.undefinedFault(what);
    m.r[d] = 0;
    m.r[d + 1] = 0;
  };
}

/** msr <pstatefield>, #imm (PAN, UAO, DIT, SSBS and TCO need features this CPU lacks: UNDEFINED before this). */
const msrImmediate: Semantic = (f, site) => {
  const field = pstateField(f.op1, f.op2)?.name;
  const crm = f.crm;
  const what = describeSite(site);
  const privileged = (m: Cpu): void => {
    if (m.r[CURRENT_EL] === 0) throw m.undefinedFault(what);
  };
  switch (field) {
    case 'daifset':
    case 'daifclr': {
      const slot = site.cpu.sysregSlot(3, 3, 4, 2, 1);
      const set = field === 'daifset';
      return (m) => {
        const fault = slot === undefined ? undefined : m.sysregAccessFault(slot, false, 31);
        if (fault) throw fault;
        const r = m.r;
        r[DAIF] = set ? r[DAIF] | (crm << 6) : r[DAIF] & ~(crm << 6);
      };
    }
    case 'spsel':
      return (m) => {
        privileged(m);
        m.r[SPSEL] = crm & 1;
        m.refresh();
      };
    default:
      return undefinedInstruction(site, `PSTATE.${field ?? '?'} is not implemented`);
  }
};

const SYSOP_KINDS: Readonly<Record<string, SysOpKind>> = { at: 'at', dc: 'dc', ic: 'ic', tlbi: 'tlbi' };

/** `at`, `dc`, `ic`, `tlbi` as ARMv8.0 defines them; any other SYS encoding is UNDEFINED here. */
const sys: Semantic = (f, site) => {
  const op = sysopAt(f.op1, f.crn, f.crm, f.op2);
  const kind = op ? SYSOP_KINDS[op.insn] : undefined;
  if (!op || !kind || !hasFeature(CPU_FEATURES, op.feature) || f.op1 === 6) return undefinedInstruction(site, 'not an ARMv8.0 system instruction');
  const text = instructionText(site);
  const { op1, crn, crm, op2, rt } = f;
  const t = xr(rt);
  const check = (m: Cpu) => {
    const fault = m.sysOpFault(kind, op1, crn, crm, op2, rt);
    if (fault) throw fault;
  };
  const addressOf = (m: Cpu): bigint => (BigInt(m.r[t + 1]) << 32n) | BigInt(m.r[t]);
  if (kind === 'at') {
    return (m) => {
      check(m);
      m.addressTranslate(op.name, m.r[t], m.r[t + 1]);
      record(m, 'at', text, addressOf(m));
    };
  }
  if (kind === 'dc' && op.name === 'zva') {
    return (m) => {
      check(m);
      const block = m.zvaBlockBytes;
      const lo = m.r[t] & ~(block - 1);
      const hi = m.r[t + 1];
      m.probe(lo, hi, block, true);
      for (let i = 0; i < block; i += 4) m.store32((lo + i) >>> 0, hi, 0);
      record(m, 'dc', text, addressOf(m));
    };
  }
  if (kind === 'dc' && !op.name.endsWith('sw')) {
    return (m) => {
      check(m);
      m.probe(m.r[t], m.r[t + 1], 1, false);
      record(m, 'dc', text, addressOf(m));
    };
  }
  return (m) => {
    check(m);
    record(m, kind, text, op.takesRegister ? addressOf(m) : undefined);
  };
};

export const BRANCH_SYS_SEMANTICS: SemanticTable = {
  B_cond: bCond,
  SVC: call('svc'),
  HVC: call('hvc'),
  SMC: call('smc'),
  BRK: brk,
  HLT: hlt,
  DCPS1: undefinedForm,
  DCPS2: undefinedForm,
  DCPS3: undefinedForm,
  UDF: undefinedForm,
  HINT: hint,
  CLREX: clrex,
  DSB: barrierForm,
  DMB: barrierForm,
  ISB: barrierForm,
  SB: barrierForm,
  MSR_imm: msrImmediate,
  SYS: sys,
  SYSL: undefinedForm,
  MSR_reg: systemRegister(false),
  MRS: systemRegister(true),
  BR: branchRegister(false),
  BLR: branchRegister(true),
  RET: branchRegister(false),
  ERET: eret,
  DRPS: undefinedForm,
  B: b,
  BL: bl,
  CBZ: compareBranch(false),
  CBNZ: compareBranch(true),
  TBZ: testBranch(false),
  TBNZ: testBranch(true),
};
