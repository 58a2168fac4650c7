// #pragma and _Pragma. In assembler-with-cpp mode GCC prints no pragma into its output; it only acts
// on the ones the preprocessor itself implements. Everything else is ignored.
import { cppError, type CppPos } from './errors.js';
import type { Preprocessor } from './preprocessor.js';
import { isPunct, type Token } from './token.js';

/** The string of `( "…" )`, unquoted. */
function parenthesizedString(tokens: readonly Token[], at: CppPos, pragma: string): string {
  const [open, str, close] = tokens;
  if (open === undefined || !isPunct(open, '(') || str?.kind !== 'string' || close === undefined || !isPunct(close, ')')) {
    throw cppError(`invalid #pragma ${pragma} directive`, at);
  }
  return str.text.slice(1, -1);
}

function pushMacro(pp: Preprocessor, name: string): void {
  const stack = pp.pushedMacros.get(name) ?? [];
  stack.push(pp.macros.get(name));
  pp.pushedMacros.set(name, stack);
}

function popMacro(pp: Preprocessor, name: string): void {
  const stack = pp.pushedMacros.get(name);
  if (stack === undefined || stack.length === 0) return;
  const saved = stack.pop();
  if (saved === undefined) pp.macros.delete(name);
  else pp.macros.set(name, saved);
}

function gccPragma(pp: Preprocessor, tokens: readonly Token[], at: CppPos): void {
  const [kind, message] = tokens;
  const text = message?.kind === 'string' ? message.text.slice(1, -1) : '';
  if (kind?.text === 'warning') pp.warn(text, at);
  else if (kind?.text === 'error') throw cppError(text, at);
}

export function runPragma(pp: Preprocessor, tokens: readonly Token[], at: CppPos): void {
  const [first, ...rest] = tokens;
  switch (first?.text) {
    case 'once': {
      const frame = pp.top;
      if (frame === undefined || frame.path === pp.mainFile) pp.warn('#pragma once in main file', at);
      if (frame !== undefined) pp.onceFiles.add(frame.path);
      break;
    }
    case 'push_macro':
      pushMacro(pp, parenthesizedString(rest, at, first.text));
      break;
    case 'pop_macro':
      popMacro(pp, parenthesizedString(rest, at, first.text));
      break;
    case 'GCC':
      gccPragma(pp, rest, at);
      break;
    default:
      break;
  }
}
