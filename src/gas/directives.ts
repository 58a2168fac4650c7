// Directives as a table of handlers. Each gets the assembler and the (scrubbed) operand text.
import Long from 'long';
import { FeatureError, applyExtensions, parseArchitecture, parseCpu } from '../a64/features.js';
import type { Expr } from '../ir/expr.js';
import type { SymbolType } from '../ir/program.js';
import type { Assembler } from './assembler.js';
import { FlonumError, parseFlonum, type FloatKind } from './flonum.js';
import { CFI_DIRECTIVES } from './cfi.js';
import { comm, ident, lcomm } from './common.js';
import { emitInst, flushPool } from './instructions.js';
import { LEB128_DIRECTIVES } from './leb128.js';
import { MacroError, parseMacroHeader, readName, splitIrpValues, substitute } from './macros.js';
import { prettyOperands } from './operands.js';
import { ParseError, decodeEscapes, parseExpressionList, tokenize } from './parser.js';
import { RepeatSource } from './reader.js';
import { enterSection, parseSection } from './section-attrs.js';
import { relocDirective } from './reloc-directive.js';

type Handler = (asm: Assembler, args: string) => void;

const REPEAT_STARTS = new Set(['rept', 'rep', 'irp', 'irpc', 'irep', 'irepc']);
const MACRO_STARTS = new Set(['macro']);

// ---- small parsing helpers --------------------------------------------------------------------

/** Splits at commas outside strings and parentheses. */
export function splitArgs(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === ',' && depth === 0) {
      parts.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  parts.push(text.slice(start).trim());
  return parts.length === 1 && parts[0] === '' ? [] : parts;
}

function symbolName(asm: Assembler, text: string, what: string): string {
  const t = text.trim();
  const quoted = /^"([^"]*)"$/.exec(t);
  if (quoted) return quoted[1];
  const name = readName(t, 0);
  if (name === '' || name.length !== t.length) asm.fail(`expected a symbol name in ${what}, got '${t}'`);
  return name;
}

function expressions(asm: Assembler, text: string): Expr[] {
  try {
    return parseExpressionList(text, asm.parseContext);
  } catch (e) {
    if (e instanceof ParseError) asm.fail(e.message);
    throw e;
  }
}

function optionalNumber(asm: Assembler, text: string | undefined, what: string): number | undefined {
  if (text === undefined || text === '') return undefined;
  return asm.values.absolute(asm.parseExpr(text), what).toNumber();
}

function strings(asm: Assembler, text: string, what: string): number[][] {
  let tokens;
  try {
    tokens = tokenize(text);
  } catch (e) {
    if (e instanceof ParseError) asm.fail(`${what} expects string literals: ${e.message}`);
    throw e;
  }
  const out: number[][] = [];
  for (const t of tokens) {
    if (t.tokenType.name === 'Comma') continue;
    if (t.tokenType.name !== 'StringLit') asm.fail(`${what} expects string literals, got '${t.image}'`);
    out.push(decodeEscapes(t.image.slice(1, -1)));
  }
  return out;
}

function messageText(asm: Assembler, text: string): string | undefined {
  const t = text.trim();
  if (t === '') return undefined;
  return strings(asm, t, 'the message')
    .map((b) => String.fromCharCode(...b))
    .join('');
}

// ---- sections ---------------------------------------------------------------------------------

function changeSection(asm: Assembler, args: string, push: boolean): void {
  const { spec, subsection } = parseSection(asm, args, push);
  const sec = enterSection(asm, spec);
  if (push) asm.sectionStack.push({ cur: asm.cur, prev: asm.prev });
  asm.switchTo(asm.subsection(sec, subsection ?? 0));
}

function simpleSection(name: string): Handler {
  return (asm, args) => asm.switchTo(asm.subsection(asm.section(name), optionalNumber(asm, args, 'subsection') ?? 0));
}

// ---- alignment --------------------------------------------------------------------------------

function align(directive: string, byPower: boolean, fillSize: number): Handler {
  return (asm, args) => {
    const [countText, fillText, maxText] = splitArgs(args);
    const count = optionalNumber(asm, countText, 'alignment') ?? (byPower ? 0 : 1);
    let pow: number;
    if (byPower) pow = count;
    else {
      if (count !== 0 && (count & (count - 1)) !== 0) asm.fail(`alignment ${count} is not a power of 2`);
      pow = count === 0 ? 0 : Math.log2(count);
    }
    if (pow > 30) asm.fail(`alignment too large: 2^${pow}`);
    const fillValue = optionalNumber(asm, fillText, 'fill value');
    const max = optionalNumber(asm, maxText, 'maximum padding');
    const fill = fillValue === undefined ? undefined : { value: Long.fromNumber(fillValue), size: fillSize };
    asm.setTail({ kind: 'align', pow, ...(fill ? { fill } : {}), ...(max !== undefined ? { max } : {}), origin: asm.stmt.origin, directive });
    asm.recordAlignment(pow);
  };
}

// ---- data -------------------------------------------------------------------------------------

function data(size: number, directive: string): Handler {
  return (asm, args) => {
    for (const e of expressions(asm, args)) asm.emitData(size, e, directive);
  };
}

function ascii(terminate: boolean, directive: string): Handler {
  return (asm, args) => {
    for (const s of strings(asm, args, directive)) asm.emitBytes(terminate ? [...s, 0] : s, directive);
  };
}

function space(directive: string): Handler {
  return (asm, args) => {
    const [countText, fillText] = splitArgs(args);
    if (!countText) asm.fail(`${directive} needs a size`);
    const fill = optionalNumber(asm, fillText, 'fill value') ?? 0;
    const count = asm.parseExpr(countText);
    const frag = asm.openFrag();
    const now = asm.values.tryEvalNow(count, frag, frag.size);
    if (now && now.terms.length === 0) {
      if (now.c.isNegative()) asm.fail(`${directive} size is negative`);
      asm.emitFill(now.c.toNumber(), fill, directive);
    } else asm.setTail({ kind: 'space', count: asm.values.snapshot(count), fill, origin: asm.stmt.origin, directive });
  };
}

const fill: Handler = (asm, args) => {
  const [repeatText, sizeText, valueText] = splitArgs(args);
  const repeat = optionalNumber(asm, repeatText, '.fill repeat count') ?? 0;
  const size = Math.min(optionalNumber(asm, sizeText, '.fill size') ?? 1, 8);
  const value = valueText ? asm.values.absolute(asm.parseExpr(valueText), '.fill value') : Long.ZERO;
  if (repeat < 0) asm.fail('.fill repeat count is negative');
  if (repeat === 0 || size <= 0) return;
  const word = size > 4 ? value.and(0xffffffff) : value;
  const bytes: number[] = [];
  for (let i = 0; i < repeat; i++) for (let b = 0; b < size; b++) bytes.push(b < 8 ? word.shiftRightUnsigned(8 * b).and(0xff).toNumber() : 0);
  asm.emitBytes(bytes, '.fill');
};

const inst: Handler = (asm, args) => {
  for (const e of splitArgs(args)) emitInst(asm, asm.parseExpr(e), prettyOperands(e));
};

// ---- symbols ----------------------------------------------------------------------------------

function assignment(kind: 'set' | 'equiv' | 'eqv'): Handler {
  return (asm, args) => {
    const comma = args.indexOf(',');
    if (comma < 0) asm.fail(`expected ',' after the symbol name in '${args}'`);
    asm.defs.assign(symbolName(asm, args.slice(0, comma), `.${kind}`), args.slice(comma + 1), kind);
  };
}

function attribute(apply: (e: ReturnType<Assembler['defs']['mention']>) => void, what: string): Handler {
  return (asm, args) => {
    for (const name of splitArgs(args)) apply(asm.defs.mention(symbolName(asm, name, what)));
  };
}

const SYMBOL_TYPES: Record<string, SymbolType> = {
  function: 'func', stt_func: 'func', object: 'object', stt_object: 'object', notype: 'notype', stt_notype: 'notype',
  tls_object: 'tls', stt_tls: 'tls',
};

const type: Handler = (asm, args) => {
  const m = /^\s*("?[A-Za-z_.$][A-Za-z0-9_.$]*"?)\s*,?\s*[@%"]?([A-Za-z_]+)"?\s*$/.exec(args);
  if (!m) return asm.fail(`bad .type operands '${args}'`);
  const t = SYMBOL_TYPES[m[2].toLowerCase()];
  if (!t) asm.fail(`unsupported symbol type '${m[2]}'`);
  asm.defs.mention(symbolName(asm, m[1], '.type')).type = t;
};

const size: Handler = (asm, args) => {
  const comma = args.indexOf(',');
  if (comma < 0) asm.fail(`expected ',' after the symbol name in .size`);
  const e = asm.defs.mention(symbolName(asm, args.slice(0, comma), '.size'));
  e.size = { expr: asm.values.snapshot(asm.parseExpr(args.slice(comma + 1)), true), origin: asm.stmt.origin };
};

// ---- macros, repetitions ------------------------------------------------------------------------

const macro: Handler = (asm, args) => {
  let header;
  try {
    header = parseMacroHeader(args, asm.percent, asm.altmacro);
  } catch (e) {
    if (e instanceof MacroError) asm.fail(e.message);
    throw e;
  }
  const origin = asm.stmt.origin;
  const body = asm.collectBody(MACRO_STARTS, 'endm', `the definition of macro '${header.name}'`);
  const key = header.name.toLowerCase();
  if (asm.macros.has(key)) asm.fail(`macro '${header.name}' is already defined`, origin);
  asm.macros.set(key, { name: header.name, params: header.params, body, origin });
};

const rept: Handler = (asm, args) => {
  const count = asm.values.absolute(asm.parseExpr(args), '.rept count');
  if (count.isNegative()) asm.fail('.rept count is negative');
  if (count.gt(asm.limits.reptCount)) asm.fail(`.rept count ${count.toString()} exceeds the limit of ${asm.limits.reptCount}`, undefined, 'limit');
  const body = asm.collectBody(REPEAT_STARTS, 'endr', '.rept');
  if (!count.isZero()) asm.reader.push(new RepeatSource(body, count.toNumber(), (_, s) => s.text));
};

function irp(perChar: boolean): Handler {
  return (asm, args) => {
    const param = readName(args, 0);
    if (param === '') asm.fail(`${perChar ? '.irpc' : '.irp'} needs a parameter name`);
    const rest = args.slice(param.length).replace(/^\s*,?\s*/, '');
    let values: string[];
    if (perChar) values = rest === '' ? [''] : [...rest.replace(/^"(.*)"$/, '$1')];
    else {
      values = rest === '' ? [''] : splitIrpValues(rest, asm.altmacro, asm.percent);
      if (values.length === 0) values = [''];
    }
    if (values.length > asm.limits.reptCount) asm.fail(`.irp with more than ${asm.limits.reptCount} values`, undefined, 'limit');
    const body = asm.collectBody(REPEAT_STARTS, 'endr', perChar ? '.irpc' : '.irp');
    const alt = asm.altmacro;
    const counter = asm.macroCounter;
    asm.reader.push(new RepeatSource(body, values.length, (i, s) => substitute(s.text, new Map([[param, values[i]]]), alt, counter)));
  };
}

function stray(what: string): Handler {
  return (asm) => asm.fail(`'${what}' without a matching start`);
}

// ---- conditionals -----------------------------------------------------------------------------

function condition(test: (asm: Assembler, args: string) => boolean): Handler {
  return (asm, args) => asm.conditions.open(() => test(asm, args), asm.stmt.origin, asm.reader.depth);
}

function compareValue(pred: (v: Long) => boolean, what: string): Handler {
  return condition((asm, args) => {
    if (args.trim() === '') asm.fail(`${what} needs an expression`);
    return pred(asm.values.absolute(asm.parseExpr(args), `${what} expression`));
  });
}

function isDefined(asm: Assembler, args: string): boolean {
  const e = asm.symbols.get(symbolName(asm, args, '.ifdef'));
  return e !== undefined && e.defined;
}

function stringPair(args: string): [string, string] {
  const comma = args.indexOf(',');
  if (comma < 0) return [args.trim(), ''];
  return [args.slice(0, comma).trim(), args.slice(comma + 1).trim()];
}

function quotedPair(asm: Assembler, args: string): [string, string] {
  const s = strings(asm, args, '.ifeqs').map((b) => String.fromCharCode(...b));
  if (s.length !== 2) asm.fail('.ifeqs needs two strings');
  return [s[0], s[1]];
}

const CONDITIONALS: Record<string, Handler> = {
  '.if': compareValue((v) => !v.isZero(), '.if'),
  '.ifne': compareValue((v) => !v.isZero(), '.ifne'),
  '.ifeq': compareValue((v) => v.isZero(), '.ifeq'),
  '.ifgt': compareValue((v) => v.gt(0), '.ifgt'),
  '.ifge': compareValue((v) => v.gte(0), '.ifge'),
  '.iflt': compareValue((v) => v.lt(0), '.iflt'),
  '.ifle': compareValue((v) => v.lte(0), '.ifle'),
  '.ifdef': condition((asm, args) => isDefined(asm, args)),
  '.ifndef': condition((asm, args) => !isDefined(asm, args)),
  '.ifnotdef': condition((asm, args) => !isDefined(asm, args)),
  '.ifb': condition((_, args) => args.trim() === ''),
  '.ifnb': condition((_, args) => args.trim() !== ''),
  '.ifc': condition((_, args) => {
    const [a, b] = stringPair(args);
    return a === b;
  }),
  '.ifnc': condition((_, args) => {
    const [a, b] = stringPair(args);
    return a !== b;
  }),
  '.ifeqs': condition((asm, args) => {
    const [a, b] = quotedPair(asm, args);
    return a === b;
  }),
  '.ifnes': condition((asm, args) => {
    const [a, b] = quotedPair(asm, args);
    return a !== b;
  }),
  '.elseif': (asm, args) => {
    const err = asm.conditions.elseIf(() => !asm.values.absolute(asm.parseExpr(args), '.elseif expression').isZero());
    if (err) asm.fail(err);
  },
  '.else': (asm) => {
    const err = asm.conditions.else();
    if (err) asm.fail(err);
  },
  '.endif': (asm) => {
    const err = asm.conditions.endif();
    if (err) asm.fail(err);
  },
};

export const CONDITIONAL_DIRECTIVES: ReadonlySet<string> = new Set(Object.keys(CONDITIONALS));

const ignored: Handler = () => undefined;

/** `.float`/`.single`/`.double`: IEEE constants, little-endian, as gas rounds them. */
const flonums = (kind: FloatKind, directive: string): Handler => (asm, args) => {
  const size = kind === 'single' ? 4 : 8;
  for (const item of splitArgs(args)) {
    let parsed;
    try {
      parsed = parseFlonum(item, kind);
    } catch (e) {
      if (e instanceof FlonumError) asm.fail(e.message === 'bad floating-point constant' ? `bad floating-point constant '${item}' in ${directive}` : e.message);
      throw e;
    }
    const rest = parsed.rest.trim();
    if (rest) asm.fail(`junk at end of line, first unrecognized character is \`${rest[0]}'`);
    asm.emitBytes(Array.from({ length: size }, (_, i) => Number((parsed.value >> BigInt(8 * i)) & 0xffn)), directive);
  }
};

/** `.arch NAME[+ext…]`, `.cpu NAME[+ext…]`, `.arch_extension [no]EXT`: the features from here on. */
const selectFeatures = (kind: 'arch' | 'cpu' | 'extension'): Handler => (asm, args) => {
  const text = args.trim();
  const name = /^\S*/.exec(text)?.[0] ?? '';
  try {
    if (kind === 'arch') asm.features = parseArchitecture(name, true);
    else if (kind === 'cpu') asm.features = parseCpu(name, true);
    else asm.features = applyExtensions(asm.features, name, true);
  } catch (e) {
    if (e instanceof FeatureError) asm.fail(e.message);
    throw e;
  }
  const rest = text.slice(name.length).trim();
  if (rest) asm.fail(`junk at end of line, first unrecognized character is \`${rest[0]}'`);
};

const TABLE: Record<string, Handler> = {
  ...CONDITIONALS,
  // sections
  '.text': simpleSection('.text'),
  '.data': simpleSection('.data'),
  '.bss': simpleSection('.bss'),
  '.section': (asm, args) => changeSection(asm, args, false),
  '.pushsection': (asm, args) => changeSection(asm, args, true),
  '.popsection': (asm) => {
    const top = asm.sectionStack.pop();
    if (!top) return asm.warn("'.popsection' without a matching '.pushsection'; ignored");
    asm.cur = top.cur;
    asm.prev = top.prev;
  },
  '.previous': (asm) => {
    const prev = asm.prev;
    if (!prev) return asm.warn("'.previous' without a previous section; ignored");
    asm.switchTo(prev);
  },
  '.subsection': (asm, args) => asm.switchTo(asm.subsection(asm.cur.section, optionalNumber(asm, args, 'subsection') ?? 0)),
  // alignment and position
  '.align': align('.align', true, 1),
  '.p2align': align('.p2align', true, 1),
  '.p2alignw': align('.p2alignw', true, 2),
  '.p2alignl': align('.p2alignl', true, 4),
  '.balign': align('.balign', false, 1),
  '.balignw': align('.balignw', false, 2),
  '.balignl': align('.balignl', false, 4),
  '.org': (asm, args) => {
    const [target, fillText] = splitArgs(args);
    if (!target) asm.fail('.org needs an expression');
    asm.setTail({ kind: 'org', target: asm.values.snapshot(asm.parseExpr(target)), fill: optionalNumber(asm, fillText, '.org fill') ?? 0, origin: asm.stmt.origin });
  },
  // data
  '.byte': data(1, '.byte'),
  '.hword': data(2, '.hword'),
  '.short': data(2, '.short'),
  '.2byte': data(2, '.2byte'),
  '.word': data(4, '.word'),
  '.long': data(4, '.long'),
  '.int': data(4, '.int'),
  '.4byte': data(4, '.4byte'),
  '.quad': data(8, '.quad'),
  '.float': flonums('single', '.float'),
  '.single': flonums('single', '.single'),
  '.double': flonums('double', '.double'),
  '.8byte': data(8, '.8byte'),
  '.xword': data(8, '.xword'),
  '.dword': data(8, '.dword'),
  '.inst': inst,
  '.ascii': ascii(false, '.ascii'),
  '.asciz': ascii(true, '.asciz'),
  '.string': ascii(true, '.string'),
  '.skip': space('.skip'),
  '.space': space('.space'),
  '.zero': (asm, args) => space('.zero')(asm, splitArgs(args)[0] ?? ''),
  '.fill': fill,
  ...LEB128_DIRECTIVES,
  // debug line information
  '.file': (asm, args) => asm.lines.fileDirective(args),
  '.loc': (asm, args) => asm.lines.locDirective(args),
  '.loc_mark_labels': (asm, args) => asm.lines.locMarkLabels(args),
  '.ltorg': (asm) => flushPool(asm, asm.cur),
  '.pool': (asm) => flushPool(asm, asm.cur),
  // symbols
  '.set': assignment('set'),
  '.equ': assignment('set'),
  '.equiv': assignment('equiv'),
  '.eqv': assignment('eqv'),
  '.globl': attribute((e) => (e.binding = 'global'), '.globl'),
  '.global': attribute((e) => (e.binding = 'global'), '.global'),
  '.weak': attribute((e) => (e.binding = 'weak'), '.weak'),
  '.local': attribute((e) => {
    e.binding = 'local';
    e.localDirective = true;
  }, '.local'),
  '.comm': comm,
  '.lcomm': lcomm,
  '.hidden': attribute((e) => (e.visibility = 'hidden'), '.hidden'),
  '.protected': attribute((e) => (e.visibility = 'protected'), '.protected'),
  '.internal': attribute((e) => (e.visibility = 'internal'), '.internal'),
  '.type': type,
  '.size': size,
  '.unreq': (asm, args) => {
    if (!asm.aliases.undefine(args.trim())) asm.fail(`unknown register alias '${args.trim()}'`);
  },
  // macros and repetition
  '.macro': macro,
  '.endm': stray('.endm'),
  '.exitm': (asm) => {
    if (!asm.reader.exitMacro()) asm.fail("'.exitm' outside a macro");
  },
  '.purgem': (asm, args) => {
    const name = args.trim();
    if (!asm.macros.delete(name.toLowerCase())) asm.warn(`macro '${name}' was not defined`);
  },
  '.altmacro': (asm) => (asm.altmacro = true),
  '.noaltmacro': (asm) => (asm.altmacro = false),
  '.rept': rept,
  '.rep': rept,
  '.irp': irp(false),
  '.irep': irp(false),
  '.irpc': irp(true),
  '.irepc': irp(true),
  '.endr': stray('.endr'),
  // messages
  '.error': (asm, args) => asm.fail(messageText(asm, args) ?? '.error directive invoked in source file'),
  '.err': (asm) => asm.fail('.err encountered'),
  '.warning': (asm, args) => asm.warn(messageText(asm, args) ?? '.warning directive invoked in source file'),
  '.print': (asm, args) => asm.warn(messageText(asm, args) ?? '', 'note'),
  '.end': (asm) => (asm.reader.ended = true),
  '.include': (asm) => asm.fail("'.include' is not supported: the C preprocessor handles includes"),
  // architecture selection (what instructions and names assemble from here on)
  '.arch': selectFeatures('arch'),
  '.arch_extension': selectFeatures('extension'),
  '.cpu': selectFeatures('cpu'),
  // accepted without effect on the code
  '.ident': ident,
  '.reloc': relocDirective,
  '.variant_pcs': ignored,
  '.gnu_attribute': ignored,
  '.linefile': ignored,
};

export const DIRECTIVES: ReadonlyMap<string, Handler> = new Map([...Object.entries(TABLE), ...Object.entries(CFI_DIRECTIVES)]);
