// Shared pieces of the instruction semantics: the per-form function type, the instruction site
// (address, word, decoded form) a function specialises for, conditions, and the ways an
// instruction ends a run or raises UNDEFINED.
import { FLAG_C, FLAG_N, FLAG_V, FLAG_Z, type Cpu } from '../cpu.js';
import type { Decoded } from '../decode.js';
import { disassemble } from '../disasm.js';
import { StopRun } from '../exceptions.js';
import type { Fields } from '../form.js';

/** One compiled instruction; PC already points at the next instruction when it runs. */
export type Op = (cpu: Cpu) => void;

/** Where an instruction lives: what a semantic function may specialise on. */
export interface Site {
  readonly word: number;
  readonly lo: number;
  readonly hi: number;
  readonly decoded: Decoded;
  /** The CPU it will run on (for facts fixed per CPU, like system-register slots). */
  readonly cpu: Cpu;
}

/** A form's semantics: decoded fields and site in, a specialised closure out. */
export type Semantic = (f: Fields, site: Site) => Op;

export type SemanticTable = Readonly<Record<string, Semantic>>;

export function addressText(lo: number, hi: number): string {
  return hi === 0 ? `0x${(lo >>> 0).toString(16)}` : `0x${(hi >>> 0).toString(16)}${(lo >>> 0).toString(16).padStart(8, '0')}`;
}

/** `ldr x0, [x1]` with branch targets as absolute addresses. */
export function instructionText(site: Pick<Site, 'word' | 'lo' | 'hi'>): string {
  const target = (delta: number): string => {
    const address = (BigInt(site.hi >>> 0) << 32n) + BigInt(site.lo >>> 0) + BigInt(delta);
    return `0x${BigInt.asUintN(64, address).toString(16)}`;
  };
  return disassemble(site.word, { reassemblable: false, target });
}

export function describeSite(site: Pick<Site, 'word' | 'lo' | 'hi'>): string {
  return `${instructionText(site)} at ${addressText(site.lo, site.hi)}`;
}

/** An instruction hypsim does not model: the run stops, naming it. */
export function unsupported(site: Site, why?: string): Op {
  const message = `unsupported: ${describeSite(site)}${why ? ` (${why})` : ''}`;
  return () => {
    throw new StopRun('unsupported', message);
  };
}

/** An encoding this CPU does not implement: the undefined-instruction exception (EC 0). */
export function undefinedInstruction(site: Pick<Site, 'word' | 'lo' | 'hi'>, why?: string): Op {
  const what = `${describeSite(site)}${why ? ` (${why})` : ''}`;
  return (m) => {
    throw m.undefinedFault(what);
  };
}

export function hostStop(reason: 'brk' | 'halted', message: string): Op {
  return () => {
    throw new StopRun(reason, message);
  };
}

/** ConditionHolds: the 16 condition codes over the flag words. */
export function conditionHolds(cond: number, r: Uint32Array): boolean {
  let result: boolean;
  switch (cond >>> 1) {
    case 0: result = r[FLAG_Z] === 1; break;
    case 1: result = r[FLAG_C] === 1; break;
    case 2: result = r[FLAG_N] === 1; break;
    case 3: result = r[FLAG_V] === 1; break;
    case 4: result = r[FLAG_C] === 1 && r[FLAG_Z] === 0; break;
    case 5: result = r[FLAG_N] === r[FLAG_V]; break;
    case 6: result = r[FLAG_N] === r[FLAG_V] && r[FLAG_Z] === 0; break;
    default: return true;
  }
  return (cond & 1) === 1 ? !result : result;
}

/** Sets NZCV from a 4-bit immediate (ccmp's fallback, msr nzcv). */
export function setFlags(r: Uint32Array, nzcv: number): void {
  r[FLAG_N] = (nzcv >>> 3) & 1;
  r[FLAG_Z] = (nzcv >>> 2) & 1;
  r[FLAG_C] = (nzcv >>> 1) & 1;
  r[FLAG_V] = nzcv & 1;
}

/** High word of (hi:lo) + offset, given sum = lo + offset with lo unsigned and |offset| < 2^32. */
export function carryHi(hi: number, sum: number): number {
  return sum > 0xffffffff ? (hi + 1) >>> 0 : sum < 0 ? (hi - 1) >>> 0 : hi;
}

/** A 64-bit constant as [lo, hi] words. */
export function words(v: bigint): [number, number] {
  const u = BigInt.asUintN(64, v);
  return [Number(u & 0xffffffffn), Number(u >> 32n)];
}

/** The instruction's own address plus a byte offset, as [lo, hi]. */
export function pcRelative(site: Pick<Site, 'lo' | 'hi'>, delta: number | bigint): [number, number] {
  return words((BigInt(site.hi >>> 0) << 32n) + BigInt(site.lo >>> 0) + BigInt(delta));
}
