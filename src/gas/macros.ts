// gas macros on statement text: definitions, argument splitting (gas's rules, on scrubbed text)
// and body substitution (`\param`, `\()`, `\@`, unknown `\name` kept, altmacro bare names).
import type { Origin } from '../util/diagnostics.js';
import { isSymbolChar } from './scrub.js';

export interface MacroParam {
  readonly name: string;
  readonly defaultValue: string;
  readonly required: boolean;
  readonly vararg: boolean;
}

export interface BodyStatement {
  readonly text: string;
  readonly origin: Origin;
}

export interface MacroDef {
  readonly name: string;
  readonly params: readonly MacroParam[];
  readonly body: readonly BodyStatement[];
  readonly origin: Origin;
}

export class MacroError extends Error {}

const isNameStart = (c: string | undefined): boolean => c !== undefined && isSymbolChar(c) && !(c >= '0' && c <= '9');
const isWhite = (c: string | undefined): boolean => c === ' ' || c === '\t';

function skipWhite(s: string, i: number): number {
  while (isWhite(s[i])) i++;
  return i;
}

function skipComma(s: string, i: number): number {
  i = skipWhite(s, i);
  if (s[i] === ',') i = skipWhite(s, i + 1);
  return i;
}

/** A name as gas's get_token reads it: empty when `s[i]` cannot start a name. */
export function readName(s: string, i: number): string {
  if (!isNameStart(s[i])) return '';
  let j = i + 1;
  while (j < s.length && isSymbolChar(s[j])) j++;
  return s.slice(i, j);
}

/** `.macro` operands: `name[,] p1[=default][:req|:vararg][,] p2 …` */
export function parseMacroHeader(text: string, evalPercent: PercentEvaluator, altmacro: boolean): { name: string; params: MacroParam[] } {
  let i = skipWhite(text, 0);
  const name = readName(text, i);
  if (name === '') throw new MacroError(`expected a macro name after .macro`);
  i = skipComma(text, i + name.length);
  const params: MacroParam[] = [];
  while (i < text.length) {
    const pname = readName(text, i);
    if (pname === '') throw new MacroError(`bad formal parameter '${text.slice(i)}' in definition of macro '${name}'`);
    if (params.some((p) => p.name === pname)) throw new MacroError(`a parameter named '${pname}' already exists for macro '${name}'`);
    i = skipWhite(text, i + pname.length);
    let required = false;
    let vararg = false;
    if (text[i] === ':') {
      const qual = readName(text, i + 1);
      if (qual.toLowerCase() === 'req') required = true;
      else if (qual.toLowerCase() === 'vararg') vararg = true;
      else throw new MacroError(`'${qual}' is not a valid parameter qualifier for '${pname}' in macro '${name}'`);
      i = skipWhite(text, i + 1 + qual.length);
    }
    let defaultValue = '';
    if (text[i] === '=') {
      const arg = scanArgument(text, i + 1, altmacro, evalPercent);
      defaultValue = arg.value;
      i = arg.end;
    }
    if (params.length > 0 && params[params.length - 1].vararg) throw new MacroError(`only the last parameter of macro '${name}' can be :vararg`);
    params.push({ name: pname, defaultValue, required, vararg });
    i = skipComma(text, i);
  }
  return { name, params };
}

/** Evaluates an altmacro `%expr` argument to decimal text. */
export type PercentEvaluator = (exprText: string) => string;

function isArgSeparator(c: string, altmacro: boolean): boolean {
  return c === ' ' || c === '\t' || c === ',' || c === '"' || c === ';' || c === ')' || c === '(' || (altmacro && (c === '<' || c === '>'));
}

/** A quoted argument: `"…"` (or `'…'`/`<…>` in altmacro mode), as gas's getstring reads it. */
function readQuoted(s: string, i: number, altmacro: boolean): { value: string; end: number } {
  let out = '';
  if (s[i] === '<') {
    let nest = 0;
    i++;
    while (i < s.length && (s[i] !== '>' || nest > 0)) {
      if (s[i] === '!' && altmacro) {
        out += s[i + 1] ?? '';
        i += 2;
        continue;
      }
      if (s[i] === '>') nest--;
      if (s[i] === '<') nest++;
      out += s[i++];
    }
    return { value: out, end: i + 1 };
  }
  const quote = s[i++];
  let escaped = false;
  while (i < s.length) {
    escaped = s[i - 1] === '\\' ? !escaped : false;
    if (altmacro && s[i] === '!') {
      out += s[i + 1] ?? '';
      i += 2;
    } else if (escaped && s[i] === quote) {
      out += quote;
      i++;
    } else {
      if (s[i] === quote) {
        i++;
        if (s[i] !== quote) break;
      }
      out += s[i++];
    }
  }
  return { value: out, end: i };
}

/** One macro argument starting at `i` (gas's get_any_string). */
export function scanArgument(s: string, i: number, altmacro: boolean, evalPercent: PercentEvaluator): { value: string; end: number } {
  i = skipWhite(s, i);
  if (i >= s.length) return { value: '', end: i };
  const c = s[i];
  if (c === '%' && altmacro) {
    const start = skipWhite(s, i + 1);
    const end = expressionEnd(s, start);
    return { value: evalPercent(s.slice(start, end)), end };
  }
  if (c === '"' || (altmacro && (c === '<' || c === "'"))) {
    const q = readQuoted(s, i, altmacro);
    return altmacro && c !== '<' ? { value: `"${q.value}"`, end: q.end } : q;
  }
  const brackets: string[] = [];
  let out = '';
  while (i < s.length && (brackets.length > 0 || !isWhite(s[i])) && s[i] !== ',' && !(s[i] === '<' && altmacro)) {
    const ch = s[i];
    if (ch === '"' || ch === "'") {
      const close = s.indexOf(ch, i + 1);
      if (close < 0) return { value: out + s.slice(i), end: s.length };
      out += s.slice(i, close);
      i = close;
    } else if (ch === '(' || ch === '[') brackets.push(ch);
    else if ((ch === ')' && brackets[brackets.length - 1] === '(') || (ch === ']' && brackets[brackets.length - 1] === '[')) brackets.pop();
    out += s[i++];
  }
  return { value: out, end: i };
}

const BINARY_OPERATORS = ['<<', '>>', '<=', '>=', '==', '!=', '<>', '&&', '||', '+', '-', '*', '/', '%', '|', '&', '^', '!', '<', '>'];

/** Where an expression starting at `i` ends (for altmacro `%expr`). */
export function expressionEnd(s: string, i: number): number {
  const operand = (j: number): number => {
    while ('-~!+'.includes(s[j] ?? 'x') && j < s.length) j++;
    if (s[j] === '(') {
      let depth = 0;
      for (; j < s.length; j++) {
        if (s[j] === '(') depth++;
        else if (s[j] === ')' && --depth === 0) return j + 1;
      }
      return j;
    }
    while (j < s.length && isSymbolChar(s[j])) j++;
    return j;
  };
  let end = operand(i);
  for (;;) {
    const op = BINARY_OPERATORS.find((o) => s.startsWith(o, end));
    if (!op) return end;
    const next = operand(end + op.length);
    if (next === end + op.length) return end;
    end = next;
  }
}

/** Binds the arguments of an invocation to the parameters (gas's macro_expand argument loop). */
export function bindArguments(def: MacroDef, text: string, altmacro: boolean, evalPercent: PercentEvaluator): Map<string, string> {
  const values = new Map<string, string>();
  let i = skipWhite(text, 0);
  let next = 0;
  let keywordSeen = false;
  while (i < text.length) {
    let scan = i;
    if (!altmacro) while (scan < text.length && !isArgSeparator(text[scan], false) && text[scan] !== '=') scan++;
    if (!altmacro && text[scan] === '=') {
      keywordSeen = true;
      const name = readName(text, i);
      if (name === '' || text[i + name.length] !== '=') throw new MacroError(`confusion in formal parameters of macro '${def.name}'`);
      if (!def.params.some((p) => p.name === name)) throw new MacroError(`parameter named '${name}' does not exist for macro '${def.name}'`);
      const arg = scanArgument(text, i + name.length + 1, altmacro, evalPercent);
      values.set(name, arg.value);
      i = arg.end;
    } else {
      if (keywordSeen) throw new MacroError(`can't mix positional and keyword arguments in invocation of macro '${def.name}'`);
      const param = def.params[next++];
      if (!param) throw new MacroError(`too many positional arguments for macro '${def.name}'`);
      if (param.vararg) {
        values.set(param.name, text.slice(i));
        i = text.length;
      } else {
        const arg = scanArgument(text, i, altmacro, evalPercent);
        values.set(param.name, arg.value);
        i = arg.end;
      }
    }
    i = skipComma(text, i);
  }
  for (const p of def.params) {
    const v = values.get(p.name) ?? '';
    if (v === '' && p.required) throw new MacroError(`missing value for required parameter '${p.name}' of macro '${def.name}'`);
    values.set(p.name, v === '' ? p.defaultValue : v);
  }
  return values;
}

/**
 * Substitutes parameters into one line of a body (gas's macro_expand_body): `\name`, `\()`,
 * `\@`, `&name`; in altmacro mode bare parameter names too. Unknown `\name` stays as written.
 */
export function substitute(text: string, values: ReadonlyMap<string, string>, altmacro: boolean, counter: number): string {
  if (!text.includes('\\') && !text.includes('&') && !altmacro) return text;
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '&') {
      const name = readName(text, i + 1);
      const v = name === '' ? undefined : values.get(name);
      out += v ?? '&' + name;
      i += 1 + name.length;
    } else if (c === '\\') {
      const n = text[i + 1];
      if (n === '(') {
        const close = text.indexOf(')', i + 2);
        if (close < 0) throw new MacroError(`missing ')' after '\\(' in macro body`);
        out += text.slice(i + 2, close);
        i = close + 1;
      } else if (n === '@') {
        out += String(counter);
        i += 2;
      } else if (n === '&') {
        out += '\\&';
        i += 2;
      } else {
        const name = readName(text, i + 1);
        const v = name === '' ? undefined : values.get(name);
        out += v ?? '\\' + name;
        i += 1 + name.length;
      }
    } else if (altmacro && isNameStart(c)) {
      const name = readName(text, i);
      out += values.get(name) ?? name;
      i += name.length;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

/** The values of `.irp param, v1, v2 …` (split like macro arguments). */
export function splitIrpValues(text: string, altmacro: boolean, evalPercent: PercentEvaluator): string[] {
  const values: string[] = [];
  let i = skipComma(text, 0);
  while (i < text.length) {
    const arg = scanArgument(text, i, altmacro, evalPercent);
    values.push(arg.value);
    const next = skipComma(text, arg.end);
    i = next > i ? next : i + 1;
  }
  return values;
}
