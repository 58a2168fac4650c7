// How the preprocessor reports problems: HypsimError for errors, Diagnostic for warnings.
import { HypsimError, originAt, type Diagnostic, type ErrorKind, type ExpansionFrame } from '../util/diagnostics.js';

/** A position in a source file as the preprocessor reports it. */
export interface CppPos {
  readonly file: string;
  readonly line: number;
  readonly col: number;
}

export function cppError(
  message: string,
  at: CppPos,
  expansion: readonly ExpansionFrame[] = [],
  kind: ErrorKind = 'input',
): HypsimError {
  return new HypsimError(message, originAt(at.file, at.line, at.col, expansion), kind);
}

export function cppWarning(message: string, at: CppPos, expansion: readonly ExpansionFrame[] = []): Diagnostic {
  return { severity: 'warning', message, origin: originAt(at.file, at.line, at.col, expansion) };
}
