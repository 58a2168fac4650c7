// `--export tarmac FILE`: a Tarmac-style text trace, the line format of Arm's models. Every
// line starts with a timestamp, here the instruction number (`<n> clk`), then:
//   IT (<n>) <pc, 16 hex> <encoding, 8 hex> O EL<e>h_n : <disassembly>   an executed instruction
//   R <REG> <value hex>                                                    a register it wrote
//   MW<size> <address, 16 hex> <value, 2*size hex> / MR<size> …            a memory write / read
//   E <vector, 16 hex> <ESR, 8 hex> <kind> EL<a>->EL<b>                    an exception taken
//   E <return address, 16 hex> ERET EL<a>->EL<b>                           an exception return
// An instruction's R and M lines follow its IT line (and its E line follows them); an interrupt
// taken between instructions has its own timestamp: its E line, then the registers it wrote.
// ('O' is the AArch64 instruction-set letter; `_n` the non-secure state.)
import { flagsText } from './registers.js';
import type { InsnRecord, RegisterWrite, RunRecords } from './records.js';

const hex = (v: bigint, digits: number) => v.toString(16).padStart(digits, '0');

function registerName(r: RegisterWrite): string {
  if (/^v\d+$/.test(r.name)) return `Q${r.name.slice(1)}`;
  return r.name.toUpperCase();
}

function registerValue(r: RegisterWrite): string {
  if (r.kind === 'flags') return `${hex(r.value << 28n, 8)} (${flagsText(r.value)})`;
  return hex(r.value, Math.max(8, r.bits / 4));
}

function recordLines(r: InsnRecord): string[] {
  const ts = `${r.seq} clk`;
  const exceptions = r.exceptions.map((x) =>
    x.type === 'take'
      ? `${ts} E ${hex(x.vector ?? 0n, 16)} ${hex(BigInt(x.esr ?? 0), 8)} ${x.kind ?? 'sync'} EL${x.fromEl}->EL${x.toEl}`
      : `${ts} E ${hex(x.returnAddress, 16)} ERET EL${x.fromEl}->EL${x.toEl}`,
  );
  const effects = [
    ...r.regs.map((reg) => `${ts} R ${registerName(reg)} ${registerValue(reg)}`),
    ...r.mem.map((a) => `${ts} ${a.write ? 'MW' : 'MR'}${a.size} ${hex(a.address, 16)} ${hex(a.value, 2 * a.size)}`),
  ];
  // An interrupt taken between instructions: the exception line, then what it changed.
  if (!r.info) return [...exceptions, ...effects];
  return [`${ts} IT (${r.seq}) ${hex(r.pc, 16)} ${r.info.word.toString(16).padStart(8, '0')} O EL${r.el}h_n : ${r.info.disasm}`, ...effects, ...exceptions];
}

export function tarmacText(recs: RunRecords): string {
  return `${recs.insns.flatMap(recordLines).join('\n')}\n`;
}
