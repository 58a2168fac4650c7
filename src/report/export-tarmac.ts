// `--export tarmac FILE`: a Tarmac trace in the line format of Arm's Fast Models, as the parser of
// Arm's tarmac-trace-utilities (tarmac-calltree, tarmac-profile, tarmac-browser) reads it. Every
// line starts with a timestamp, here the instruction number (`<n> clk`), then:
//   IT (<n>) <pc, 16 hex> <encoding, 8 hex> O EL<e>h_n : <disassembly>   an executed instruction
//   R X3 <16 hex> / R SP_EL2 <16 hex> / R Q0 <32 hex> / R FPSR <8 hex>   a register it wrote
//   R CPSR <8 hex>                                PSTATE as SPSR packs it (NZCV, PAN, DAIF, EL, SP)
//   R <SYSREG_ELx> <16 hex>                      a system register by name (the parser skips these)
//   MW<size> <address, 16 hex> <value, 2*size hex> / MR<size> …          a memory write / read
//   MW16 <address> <bytes 15..8, 16 hex> <bytes 7..0, 16 hex>            16 bytes: two words
//   E <vector, 16 hex> <ESR, 8 hex> CoreEvent_<KIND> EL<a>->EL<b>         an exception taken
// Accesses wider than 16 bytes are written as 16-byte pieces. An exception return is the `eret`
// instruction's own line and its register writes (Arm's parser counts every E line as an
// exception entry). An instruction's R and M lines follow its IT line (its E line follows them);
// an interrupt taken between instructions has its own timestamp: its E line, then its registers.
// ('O' is the AArch64 instruction-set letter; `_n` the non-secure state.)
import type { InsnRecord, MemoryRecord, RegisterWrite, RunRecords } from './records.js';

const hex = (v: bigint, digits: number) => v.toString(16).padStart(digits, '0');

/** The PSTATE fields a CPSR line packs, by the record's register name. */
const PSTATE_FIELDS: Record<string, (v: bigint) => bigint> = {
  nzcv: (v) => v << 28n,
  pan: (v) => (v & 1n) << 22n,
  daif: (v) => v & 0x3c0n,
  currentel: (v) => (v & 3n) << 2n,
  spsel: (v) => v & 1n,
};

/** Internal machine words that are not architectural registers. */
const NOT_REGISTERS = new Set(['pending', 'event']);

function registerLine(r: RegisterWrite): string | undefined {
  if (PSTATE_FIELDS[r.name] || NOT_REGISTERS.has(r.name)) return undefined;
  if (/^v\d+$/.test(r.name)) return `Q${r.name.slice(1)} ${hex(r.value, 32)}`;
  if (r.name === 'fpsr' || r.name === 'fpcr') return `${r.name.toUpperCase()} ${hex(r.value, 8)}`;
  return `${r.name.toUpperCase()} ${hex(r.value, 16)}`;
}

function memoryLines(ts: string, a: MemoryRecord): string[] {
  const kind = a.write ? 'MW' : 'MR';
  if (a.size <= 8) return [`${ts} ${kind}${a.size} ${hex(a.address, 16)} ${hex(a.value, 2 * a.size)}`];
  const out: string[] = [];
  for (let at = 0; at < a.size; at += 16) {
    const piece = (a.value >> BigInt(8 * at)) & ((1n << 128n) - 1n);
    const size = Math.min(16, a.size - at);
    const address = hex(a.address + BigInt(at), 16);
    out.push(size === 16 ? `${ts} ${kind}16 ${address} ${hex(piece >> 64n, 16)} ${hex(piece & 0xffffffffffffffffn, 16)}` : `${ts} ${kind}${size} ${address} ${hex(piece, 2 * size)}`);
  }
  return out;
}

/** PSTATE before the run: each field's value before its first write (0 when never written). */
function initialPstate(recs: RunRecords): Map<string, bigint> {
  const state = new Map<string, bigint>();
  for (const r of recs.insns) for (const reg of r.regs) if (PSTATE_FIELDS[reg.name] && !state.has(reg.name)) state.set(reg.name, reg.old);
  if (!state.has('currentel') && recs.insns.length) state.set('currentel', BigInt(recs.insns[0].el));
  return state;
}

function cpsrOf(state: ReadonlyMap<string, bigint>): bigint {
  let v = 0n;
  for (const [name, value] of state) v |= PSTATE_FIELDS[name](value);
  return v;
}

function recordLines(r: InsnRecord, pstate: Map<string, bigint>): string[] {
  const ts = `${r.seq} clk`;
  const exceptions = r.exceptions.flatMap((x) =>
    x.type === 'take' ? [`${ts} E ${hex(x.vector ?? 0n, 16)} ${hex(BigInt(x.esr ?? 0), 8)} CoreEvent_${(x.kind ?? 'sync').toUpperCase()} EL${x.fromEl}->EL${x.toEl}`] : [],
  );
  const regs: string[] = [];
  let cpsrChanged = false;
  for (const reg of r.regs) {
    if (PSTATE_FIELDS[reg.name]) {
      pstate.set(reg.name, reg.value);
      cpsrChanged = true;
    }
    const line = registerLine(reg);
    if (line) regs.push(`${ts} R ${line}`);
  }
  if (cpsrChanged) regs.push(`${ts} R CPSR ${hex(cpsrOf(pstate), 8)}`);
  const effects = [...regs, ...r.mem.flatMap((a) => memoryLines(ts, a))];
  // An interrupt taken between instructions: the exception line, then what it changed.
  if (!r.info) return [...exceptions, ...effects];
  return [`${ts} IT (${r.seq}) ${hex(r.pc, 16)} ${r.info.word.toString(16).padStart(8, '0')} O EL${r.el}h_n : ${r.info.disasm}`, ...effects, ...exceptions];
}

export function tarmacText(recs: RunRecords): string {
  const pstate = initialPstate(recs);
  return `${recs.insns.flatMap((r) => recordLines(r, pstate)).join('\n')}\n`;
}
