// Traces: versioned, deterministic JSON Lines. Line 1 is the header; then, in execution order,
// scenario-step boundaries, one `code` line the first time an address executes (its symbol,
// source origin, macro stack, text, class and encoding) and one line per executed instruction
// (EL, PC, registers written old → new, memory accesses with field paths, exceptions, barriers
// and maintenance). Keys are short so that a full round trip stays small; README documents them.
import type { ExceptionEvent, ExecEvent } from '../machine/machine.js';
import { HypsimError } from '../util/diagnostics.js';
import { flagsText } from './registers.js';
import type { InsnRecord, RegisterWrite, RunRecords } from './records.js';

export const TRACE_FORMAT = 'hypsim-trace';
export const TRACE_VERSION = 1;

export interface TraceHeader {
  readonly format: typeof TRACE_FORMAT;
  readonly version: number;
  /** The tree's name (`hypsim corpus`, a kernel tree's label): never a machine path. */
  readonly tree: string;
  /** The patch applied, tree-relative or the file's base name; null for the tree as it is. */
  readonly patch: string | null;
  readonly scenario: string;
  readonly variant: string;
}

export interface StepBeginLine {
  readonly step: number;
  readonly label: string;
}

export interface StepEndLine {
  readonly end: number;
  readonly insns: number;
  readonly exit?: string;
}

export interface CodeLine {
  readonly code: string;
  /** Encoding, 8 hex digits. */
  readonly w: string;
  /** symbol+offset. */
  readonly f: string;
  /** file:line. */
  readonly src: string;
  /** Macro stack, innermost first: `macro@file:line` of each invocation. */
  readonly mac?: readonly string[];
  readonly t: string;
  readonly c: string;
}

/** [name, old, new]: hex for values, `nZCv` for the flags. */
export type RegisterEntry = readonly [string, string, string];
/** ['r'|'w', address, size, value, field path]. */
export type MemoryEntry = readonly ['r' | 'w', string, number, string, string];

export interface ExceptionEntry {
  readonly t: 'take' | 'return';
  readonly k?: string;
  readonly from: number;
  readonly to: number;
  readonly esr?: string;
  readonly vec?: string;
  readonly ret: string;
}

/** [kind, text] or [kind, text, address]. */
export type ExecEntry = readonly [string, string] | readonly [string, string, string];

export interface InsnLine {
  readonly n: number;
  readonly el: number;
  readonly pc: string;
  /** Present (1) for an interrupt taken between instructions. */
  readonly irq?: 1;
  readonly r?: readonly RegisterEntry[];
  readonly m?: readonly MemoryEntry[];
  readonly x?: readonly ExceptionEntry[];
  readonly e?: readonly ExecEntry[];
}

export interface DoneLine {
  readonly done: { readonly steps: number; readonly instructions: number };
}

export type TraceLine = StepBeginLine | StepEndLine | CodeLine | InsnLine | DoneLine;

const hex = (v: bigint | number): string => (typeof v === 'bigint' ? v : BigInt(v >>> 0)).toString(16);

function registerEntry(r: RegisterWrite): RegisterEntry {
  return r.kind === 'flags' ? [r.name, flagsText(r.old), flagsText(r.value)] : [r.name, hex(r.old), hex(r.value)];
}

function exceptionEntry(x: ExceptionEvent): ExceptionEntry {
  return {
    t: x.type,
    ...(x.kind !== undefined ? { k: x.kind } : {}),
    from: x.fromEl,
    to: x.toEl,
    ...(x.esr !== undefined ? { esr: hex(x.esr) } : {}),
    ...(x.vector !== undefined ? { vec: hex(x.vector) } : {}),
    ret: hex(x.returnAddress),
  };
}

function execEntry(e: ExecEvent): ExecEntry {
  return e.address === undefined ? [e.kind, e.text] : [e.kind, e.text, hex(e.address)];
}

export function codeLine(r: InsnRecord): CodeLine | undefined {
  const i = r.info;
  if (!i) return undefined;
  return {
    code: hex(r.pc),
    w: i.word.toString(16).padStart(8, '0'),
    f: i.symbol,
    src: `${i.file}:${i.line}`,
    ...(i.macros.length ? { mac: i.macros.map((m, k) => `${m}@${i.macroSites[k]}`) } : {}),
    t: i.text,
    c: i.cls,
  };
}

export function insnLine(r: InsnRecord): InsnLine {
  return {
    n: r.seq,
    el: r.el,
    pc: hex(r.pc),
    ...(r.word < 0 ? { irq: 1 as const } : {}),
    ...(r.regs.length ? { r: r.regs.map(registerEntry) } : {}),
    ...(r.mem.length ? { m: r.mem.map((a): MemoryEntry => [a.write ? 'w' : 'r', hex(a.address), a.size, hex(a.value), a.field]) } : {}),
    ...(r.exceptions.length ? { x: r.exceptions.map(exceptionEntry) } : {}),
    ...(r.exec.length ? { e: r.exec.map(execEntry) } : {}),
  };
}

/** The trace as lines of JSON text (no trailing newlines), header first. */
export function traceLines(recs: RunRecords, header: TraceHeader): string[] {
  const out = [JSON.stringify(header)];
  const codeSeen = new Map<bigint, number>();
  let instructions = 0;
  for (const s of recs.steps) {
    out.push(JSON.stringify({ step: s.index + 1, label: s.label } satisfies StepBeginLine));
    for (let k = s.events[0]; k < s.events[1]; k++) {
      const r = recs.insns[k];
      if (r.word >= 0) {
        instructions++;
        if (codeSeen.get(r.pc) !== r.word) {
          codeSeen.set(r.pc, r.word);
          out.push(JSON.stringify(codeLine(r)));
        }
      }
      out.push(JSON.stringify(insnLine(r)));
    }
    out.push(JSON.stringify({ end: s.index + 1, insns: s.instructions, ...(s.exit !== undefined ? { exit: s.exit } : {}) } satisfies StepEndLine));
  }
  out.push(JSON.stringify({ done: { steps: recs.steps.length, instructions } } satisfies DoneLine));
  return out;
}

export function traceText(recs: RunRecords, header: TraceHeader): string {
  return `${traceLines(recs, header).join('\n')}\n`;
}

export interface ParsedTrace {
  readonly header: TraceHeader;
  /** Every line after the header, as text (for exact comparison) and parsed. */
  readonly text: readonly string[];
  readonly lines: readonly TraceLine[];
}

export function parseTrace(content: string, source: string): ParsedTrace {
  const raw = content.split('\n').filter((l) => l.trim() !== '');
  const parse = (l: string, i: number): unknown => {
    try {
      return JSON.parse(l);
    } catch {
      throw new HypsimError(`${source}:${i + 1}: not a JSON line`);
    }
  };
  const header = parse(raw[0] ?? '', 0) as Partial<TraceHeader>;
  if (header?.format !== TRACE_FORMAT) throw new HypsimError(`${source}: not a hypsim trace (the first line has no "format":"${TRACE_FORMAT}")`);
  if (header.version !== TRACE_VERSION) throw new HypsimError(`${source}: trace format version ${String(header.version)}; this hypsim reads version ${TRACE_VERSION}`);
  const text = raw.slice(1);
  return { header: header as TraceHeader, text, lines: text.map((l, i) => parse(l, i + 1) as TraceLine) };
}

export const isInsnLine = (l: TraceLine): l is InsnLine => 'n' in l;
export const isCodeLine = (l: TraceLine): l is CodeLine => 'code' in l;
export const isStepBegin = (l: TraceLine): l is StepBeginLine => 'step' in l;
export const isStepEnd = (l: TraceLine): l is StepEndLine => 'end' in l;
