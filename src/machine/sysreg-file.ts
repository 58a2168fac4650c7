// Storage and access rules for system registers: one slot per register in the state buffer,
// keyed by encoding. Registers that are views of PSTATE or of other state (NZCV, DAIF,
// CurrentEL, SPSel, SP_EL0/1, FPCR/FPSR, ISR_EL1, the counters) are handled by the machine.

export interface SysregInfo {
  readonly name: string;
  readonly op0: number;
  readonly op1: number;
  readonly crn: number;
  readonly crm: number;
  readonly op2: number;
  readonly minEl: number;
  readonly access: 'rw' | 'ro' | 'wo';
  readonly reset: bigint;
}

export function sysregKey(op0: number, op1: number, crn: number, crm: number, op2: number): number {
  return (op0 << 14) | (op1 << 11) | (crn << 7) | (crm << 3) | op2;
}

export class SysregFile {
  readonly slotByKey = new Map<number, number>();
  readonly slotByName = new Map<string, number>();

  constructor(readonly regs: readonly SysregInfo[]) {
    regs.forEach((r, slot) => {
      const key = sysregKey(r.op0, r.op1, r.crn, r.crm, r.op2);
      if (!this.slotByKey.has(key)) this.slotByKey.set(key, slot);
      this.slotByName.set(r.name.toLowerCase(), slot);
    });
  }

  get size(): number {
    return this.regs.length;
  }

  slotOf(name: string): number | undefined {
    return this.slotByName.get(name.toLowerCase());
  }

  info(slot: number): SysregInfo {
    return this.regs[slot];
  }
}
