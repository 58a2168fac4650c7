// One error type for every stage: a message, where it happened, and how we got there.

export interface SourcePos {
  readonly file: string;
  readonly line: number;
  readonly col: number;
}

/** A macro invocation site: `macro` was invoked at file:line. */
export interface ExpansionFrame {
  readonly macro: string;
  readonly file: string;
  readonly line: number;
}

/** Where an item came from: its physical position plus the macro expansion stack, innermost first. */
export interface Origin extends SourcePos {
  readonly expansion: readonly ExpansionFrame[];
}

/** input: bad source or data (exit 1); usage: bad command line (exit 2); limit: a resource limit ended the run (exit 1). */
export type ErrorKind = 'input' | 'usage' | 'limit';

export class HypsimError extends Error {
  constructor(
    message: string,
    readonly origin?: Origin,
    readonly kind: ErrorKind = 'input',
    readonly notes: readonly string[] = [],
  ) {
    super(message);
    this.name = 'HypsimError';
  }
}

export function originAt(file: string, line: number, col = 1, expansion: readonly ExpansionFrame[] = []): Origin {
  return { file, line, col, expansion };
}

export function formatOrigin(o: Origin | SourcePos): string {
  return `${o.file}:${o.line}:${o.col}`;
}

export function formatExpansion(expansion: readonly ExpansionFrame[]): string[] {
  return expansion.map((f) => `  in expansion of macro '${f.macro}' at ${f.file}:${f.line}`);
}

export function formatError(err: HypsimError, severity = 'error'): string {
  const head = err.origin ? `${formatOrigin(err.origin)}: ${severity}: ${err.message}` : `hypsim: ${severity}: ${err.message}`;
  const lines = [head, ...(err.origin ? formatExpansion(err.origin.expansion) : []), ...err.notes.map((n) => `  note: ${n}`)];
  return lines.join('\n');
}

/** A warning collected during a stage; printed like an error but does not stop the run. */
export interface Diagnostic {
  readonly severity: 'warning' | 'note';
  readonly message: string;
  readonly origin?: Origin;
}

export function formatDiagnostic(d: Diagnostic): string {
  const head = d.origin ? `${formatOrigin(d.origin)}: ${d.severity}: ${d.message}` : `hypsim: ${d.severity}: ${d.message}`;
  return [head, ...(d.origin ? formatExpansion(d.origin.expansion) : [])].join('\n');
}

/** A value for a message: primitives as JSON (cut short), containers by kind (never walked: they may nest without end). */
export function shortValue(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object' && value !== null) return 'an object';
  const text = typeof value === 'bigint' ? String(value) : JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
