// read_sanitised_ftr_reg(SYS_CTR_EL0) on one CPU: the CPU's value restricted to the fields the
// kernel's ftr_ctr[] describes (RES1 bit 31, DIC, IDC, CWG, ERG, DminLine, L1Ip, IminLine);
// bits outside them read as zero.
import { readCpuRegister, type BootCpu } from './cpu.js';
import type { IdFields } from './id-fields.js';

const CTR_FIELDS = ['DIC', 'IDC', 'CWG', 'ERG', 'DminLine', 'L1Ip', 'IminLine'];
const CTR_RES1 = 1n << 31n;

export function sanitisedCtrEl0(cpu: BootCpu, fields: IdFields): bigint {
  const mask = CTR_FIELDS.map((f) => fields.field('CTR_EL0', f)).reduce((m, s) => m | (((1n << BigInt(s.width)) - 1n) << BigInt(s.shift)), CTR_RES1);
  return readCpuRegister(cpu, fields, 'CTR_EL0') & mask;
}
