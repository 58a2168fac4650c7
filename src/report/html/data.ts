// The JSON a page embeds for its client script (shared by the page builder and the client):
// the executed instructions once each, the trace alignment per step as runs of them, and the
// source files with per-line execution counts and macro expansions. Tuples keep it small.

/** An executed instruction: side it was first seen on (0 = A/run, 1 = B), function, offset, text, file, line, macro stack. */
export type CodeEntry = readonly [side: number, fn: string, offset: number, text: string, file: string, line: number, macros: string];

/** Alignment ops: 0 unchanged, 1 removed (only in A), 2 added (only in B). */
export type Op = 0 | 1 | 2;

export interface TraceStep {
  readonly step: number;
  readonly label: string;
  readonly aCount: number;
  readonly bCount: number;
  /** The entries as runs `[op, first code, count]`: a run's code indices are consecutive. */
  readonly runs: ReadonlyArray<readonly [Op, number, number]>;
  /** Changed stretches (one op, one function): `[op, from, to, summary]`, entry indices. */
  readonly stretches: ReadonlyArray<readonly [Op, number, number, string]>;
  /** The earlier step (index) whose changes this one repeats. */
  readonly sameAs?: number;
}

export interface TraceData {
  /** Unchanged instructions shown around each change (`--context`). */
  readonly context: number;
  readonly steps: readonly TraceStep[];
}

/** One instruction of a macro expansion: text, statement origin, executions per side (-1: not on that side). */
export type ExpansionInsn = readonly [text: string, origin: string, hits: readonly number[]];

export interface SourceFile {
  readonly path: string;
  /** False when hypsim could not read the file (rows then carry no text). */
  readonly available: boolean;
  /** Whether the sides' versions differ (rows then mark lines only one side has). */
  readonly changed: boolean;
  /** `[A line, B line, text]`, 0 where that side lacks the line; one side: `[line, line, text]`. */
  readonly rows: ReadonlyArray<readonly [number, number, string]>;
  /** Execution counts per side as `[line, count]` pairs (lines that have code). */
  readonly counts: ReadonlyArray<ReadonlyArray<readonly [number, number]>>;
  /** Macro expansions invoked from a row, by row index. */
  readonly expansions: Readonly<Record<string, readonly ExpansionInsn[]>>;
}

/** Where a function's or macro's lines are: side whose line numbers these are, file, line. */
export interface Jump {
  readonly side: number;
  readonly file: string;
  readonly line: number;
}

export interface PageData {
  /** `['A', 'B']` for a diff, one name for a run. */
  readonly sides: readonly string[];
  readonly code: readonly CodeEntry[];
  readonly trace?: TraceData;
  readonly sources: readonly SourceFile[];
  /** `fn:NAME` and `macro:NAME` → lines. */
  readonly jumps: Readonly<Record<string, Jump>>;
}
