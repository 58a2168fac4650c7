// Names GCC recognises after `#`. In assembler-with-cpp mode any other `#` line is plain text.

export const DIRECTIVE_NAMES: ReadonlySet<string> = new Set([
  'define', 'undef', 'include', 'include_next', 'import',
  'if', 'ifdef', 'ifndef', 'elif', 'elifdef', 'elifndef', 'else', 'endif',
  'line', 'error', 'warning', 'pragma', 'ident', 'sccs', 'assert', 'unassert',
]);

/** Directives whose operand is lexed as a header name (`<…>` is one token, `"…"` has no escapes). */
export const INCLUDE_DIRECTIVES: ReadonlySet<string> = new Set(['include', 'include_next', 'import']);

/** Directives that open, continue or close a conditional group (processed even while skipping). */
export const CONDITIONAL_DIRECTIVES: ReadonlySet<string> = new Set([
  'if', 'ifdef', 'ifndef', 'elif', 'elifdef', 'elifndef', 'else', 'endif',
]);
