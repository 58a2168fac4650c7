// The machine state as JSON (the `hypsim exec --state` input and `--json` output):
//   {"x": [31 × "0x…16 hex"], "sp": "0x…", "pc": "0x…", "nzcv": "0x…", "fpsr": "0x…", "fpcr": "0x…",
//    "v": [32 × "0x…32 hex"], "el": 1, "sysregs": {"hcr_el2": "0x…", …},
//    "memory": [{"base": "0x…", "hex": "…"}]}
// Every field is optional on input; `x`/`v` may be shorter than 31/32 entries.
import { HypsimError, shortValue } from '../util/diagnostics.js';
import type { Machine } from './machine.js';
import { READ, WRITE } from './memory.js';

export interface MemoryBlock {
  readonly base: bigint;
  readonly bytes: Uint8Array;
}

export interface MachineStateInput {
  readonly x?: readonly bigint[];
  readonly sp?: bigint;
  readonly pc?: bigint;
  readonly nzcv?: bigint;
  readonly fpsr?: bigint;
  readonly fpcr?: bigint;
  readonly v?: readonly bigint[];
  readonly el?: number;
  readonly sysregs?: ReadonlyMap<string, bigint>;
  readonly memory?: readonly MemoryBlock[];
}

export interface StateJson {
  x: string[];
  sp: string;
  pc: string;
  nzcv: string;
  fpsr: string;
  fpcr: string;
  v: string[];
  el: number;
  sysregs: Record<string, string>;
  memory: Array<{ base: string; hex: string }>;
}

const STATE_KEYS = new Set(['x', 'sp', 'pc', 'nzcv', 'fpsr', 'fpcr', 'v', 'el', 'sysregs', 'memory']);
/** Keys `hypsim exec --json` adds around the state; accepted (and ignored) so its output can be fed back. */
const REPORT_KEYS = new Set(['format', 'version', 'reason', 'steps', 'message', 'trace']);
/** Registers with a field of their own, or that are views of the run (counters), never listed under sysregs. */
const NOT_IN_SYSREGS = new Set(['nzcv', 'fpsr', 'fpcr', 'currentel']);

export const hexDigits = (v: bigint, digits: number): string => `0x${v.toString(16).padStart(digits, '0')}`;

function fail(file: string, message: string): never {
  throw new HypsimError(`${file}: ${message}`);
}

function parseNumber(file: string, where: string, value: unknown, bits: number): bigint {
  let v: bigint | undefined;
  if (typeof value === 'string' && /^(0x[0-9a-f]+|[0-9]+)$/i.test(value.trim())) v = BigInt(value.trim());
  else if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) v = BigInt(value);
  if (v === undefined) fail(file, `${where}: expected a non-negative integer or a "0x…" hex string, got ${shortValue(value)}`);
  if (v >= 1n << BigInt(bits)) fail(file, `${where}: ${shortValue(value)} does not fit in ${bits} bits`);
  return v;
}

function parseList(file: string, key: string, value: unknown, max: number, bits: number): bigint[] {
  if (!Array.isArray(value)) fail(file, `${key}: expected an array`);
  if (value.length > max) fail(file, `${key}: at most ${max} entries, got ${value.length}`);
  return value.map((item, i) => parseNumber(file, `${key}[${i}]`, item, bits));
}

/** The position JSON.parse reports, as line:col of the text. */
function syntaxErrorAt(text: string, message: string): string {
  const m = /position (\d+)/.exec(message);
  if (!m) return '';
  const before = text.slice(0, Number(m[1]));
  const line = before.split('\n').length;
  return `:${line}:${Number(m[1]) - before.lastIndexOf('\n')}`;
}

export function parseStateJson(text: string, file: string): MachineStateInput {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    const message = (e as Error).message;
    throw new HypsimError(`${file}${syntaxErrorAt(text, message)}: not valid JSON: ${message}`);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) fail(file, 'expected a JSON object');
  const o = data as Record<string, unknown>;
  for (const key of Object.keys(o)) {
    if (!STATE_KEYS.has(key) && !REPORT_KEYS.has(key)) fail(file, `unknown field '${key}' (expected ${[...STATE_KEYS].join(', ')})`);
  }
  const scalar = (key: string, bits = 64) => (o[key] === undefined ? undefined : parseNumber(file, key, o[key], bits));
  let el: number | undefined;
  if (o.el !== undefined) {
    if (o.el !== 0 && o.el !== 1 && o.el !== 2) fail(file, `el: expected 0, 1 or 2, got ${shortValue(o.el)}`);
    el = o.el;
  }
  let sysregs: Map<string, bigint> | undefined;
  if (o.sysregs !== undefined) {
    if (typeof o.sysregs !== 'object' || o.sysregs === null || Array.isArray(o.sysregs)) fail(file, 'sysregs: expected an object of name → value');
    sysregs = new Map(Object.entries(o.sysregs as Record<string, unknown>).map(([name, v]) => [name.toLowerCase(), parseNumber(file, `sysregs.${name}`, v, 64)]));
  }
  let memory: MemoryBlock[] | undefined;
  if (o.memory !== undefined) {
    if (!Array.isArray(o.memory)) fail(file, 'memory: expected an array of {"base", "hex"}');
    memory = o.memory.map((entry: unknown, i: number) => {
      if (typeof entry !== 'object' || entry === null) fail(file, `memory[${i}]: expected {"base": "0x…", "hex": "…"}`);
      const e = entry as Record<string, unknown>;
      const base = parseNumber(file, `memory[${i}].base`, e.base, 64);
      const hex = typeof e.hex === 'string' ? e.hex.replace(/\s+/g, '') : undefined;
      if (hex === undefined || !/^([0-9a-f]{2})*$/i.test(hex)) fail(file, `memory[${i}].hex: expected an even number of hex digits`);
      if (hex.length === 0) fail(file, `memory[${i}].hex: empty`);
      return { base, bytes: Uint8Array.from(hex.match(/../g) ?? [], (b) => parseInt(b, 16)) };
    });
  }
  return {
    ...(o.x !== undefined ? { x: parseList(file, 'x', o.x, 31, 64) } : {}),
    ...(o.v !== undefined ? { v: parseList(file, 'v', o.v, 32, 128) } : {}),
    ...(scalar('sp') !== undefined ? { sp: scalar('sp') } : {}),
    ...(scalar('pc') !== undefined ? { pc: scalar('pc') } : {}),
    ...(scalar('nzcv') !== undefined ? { nzcv: scalar('nzcv', 32) } : {}),
    ...(scalar('fpsr') !== undefined ? { fpsr: scalar('fpsr', 32) } : {}),
    ...(scalar('fpcr') !== undefined ? { fpcr: scalar('fpcr', 32) } : {}),
    ...(el !== undefined ? { el } : {}),
    ...(sysregs ? { sysregs } : {}),
    ...(memory ? { memory } : {}),
  };
}

/** Applies a state: EL first (it selects SP), then system registers, registers, PC, memory. */
export function applyState(m: Machine, s: MachineStateInput, file: string): void {
  if (s.el !== undefined) m.setEl(s.el, s.el === 0 ? 0 : 1);
  for (const [name, value] of s.sysregs ?? []) {
    const slot = m.sysregs.slotOf(name);
    if (slot === undefined) fail(file, `sysregs.${name}: no such system register`);
    if (m.sysregs.info(slot).access === 'ro' && !m.isSpecialSysreg(slot)) fail(file, `sysregs.${name}: read-only register`);
    m.setSysreg(name, value);
  }
  s.x?.forEach((v, i) => m.setX(i, v));
  s.v?.forEach((v, i) => m.setV(i, v));
  if (s.sp !== undefined) m.sp = s.sp;
  if (s.pc !== undefined) m.pc = s.pc;
  if (s.nzcv !== undefined) m.setSysreg('nzcv', s.nzcv);
  if (s.fpsr !== undefined) m.setSysreg('fpsr', s.fpsr);
  if (s.fpcr !== undefined) m.setSysreg('fpcr', s.fpcr);
  (s.memory ?? []).forEach((block, i) => loadBlock(m, block, `${file}: memory[${i}]`));
}

/** Fills memory that exists, or maps a new read/write data region for a block that touches none. */
function loadBlock(m: Machine, block: MemoryBlock, where: string): void {
  const end = block.base + BigInt(block.bytes.length);
  const first = m.memory.regionAt(block.base);
  const last = m.memory.regionAt(end - 1n);
  if (first && last && first === last) {
    m.memory.writeBytes(block.base, block.bytes);
    return;
  }
  const overlapping = m.memory.regions.some((r) => {
    const lo = (BigInt(r.hi) << 32n) | BigInt(r.lo);
    return lo < end && block.base < lo + BigInt(r.size);
  });
  if (overlapping) throw new HypsimError(`${where}: 0x${block.base.toString(16)}+${block.bytes.length} partly overlaps mapped memory`);
  m.memory.map(`state@${block.base.toString(16)}`, block.base, block.bytes.length, { perms: READ | WRITE });
  m.memory.writeBytes(block.base, block.bytes);
}

export interface DataRegion {
  readonly base: bigint;
  readonly size: number;
}

/** The state as JSON: registers, the system registers that differ from reset, and the given regions. */
export function captureState(m: Machine, regions: readonly DataRegion[]): StateJson {
  const sysregs: Record<string, string> = {};
  for (const info of m.sysregs.regs) {
    if (info.access !== 'rw' || NOT_IN_SYSREGS.has(info.name)) continue;
    const value = m.sysreg(info.name);
    if (value !== info.reset) sysregs[info.name] = hexDigits(value, 16);
  }
  return {
    x: Array.from({ length: 31 }, (_, i) => hexDigits(m.x(i), 16)),
    sp: hexDigits(m.sp, 16),
    pc: hexDigits(m.pc, 16),
    nzcv: hexDigits(m.sysreg('nzcv'), 8),
    fpsr: hexDigits(m.sysreg('fpsr'), 8),
    fpcr: hexDigits(m.sysreg('fpcr'), 8),
    v: Array.from({ length: 32 }, (_, i) => hexDigits(m.v(i), 32)),
    el: m.el,
    sysregs,
    memory: regions.map((r) => ({ base: hexDigits(r.base, 16), hex: Buffer.from(m.memory.readBytes(r.base, r.size)).toString('hex') })),
  };
}
