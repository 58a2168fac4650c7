// `.section`/`.pushsection` operands as GNU as 2.40 reads them for ELF: the name (quoted or
// bare), then "flags" (a e w x M S G T o R d ?, or a number), the type (@progbits, %nobits,
// "note", @init_array, @0x…), and the flag arguments in gas's order: entry size (M), mbind
// info (d), linked-to section (o), group name [,comdat] (G), and `unique,N`. New sections take
// the type and flags BFD gives their name (.text*, .data*, .bss*, .note*, .init_array…).
import type { SectionType } from '../ir/program.js';
import type { Assembler } from './assembler.js';
import type { SectionState } from './sections.js';
import { decodeEscapes } from './parser.js';

export const SHF = {
  WRITE: 0x1, ALLOC: 0x2, EXECINSTR: 0x4, MERGE: 0x10, STRINGS: 0x20, LINK_ORDER: 0x80, GROUP: 0x200, TLS: 0x400,
  GNU_RETAIN: 0x200000, GNU_MBIND: 0x1000000, EXCLUDE: 0x80000000,
} as const;

/** Flag letters in the order hypsim writes them. */
const LETTERS: ReadonlyArray<readonly [string, number]> = [
  ['a', SHF.ALLOC], ['w', SHF.WRITE], ['x', SHF.EXECINSTR], ['M', SHF.MERGE], ['S', SHF.STRINGS], ['G', SHF.GROUP],
  ['T', SHF.TLS], ['o', SHF.LINK_ORDER], ['R', SHF.GNU_RETAIN], ['e', SHF.EXCLUDE], ['d', SHF.GNU_MBIND],
];

export function flagsToLetters(attr: number): { letters: string; other: number } {
  let letters = '';
  let other = attr >>> 0;
  for (const [l, bit] of LETTERS) {
    if (other & bit) {
      letters += l;
      other = (other & ~bit) >>> 0;
    }
  }
  return { letters, other };
}

export function lettersToFlags(letters: string): number {
  let attr = 0;
  for (const c of letters) attr |= LETTERS.find(([l]) => l === c)?.[1] ?? 0;
  return attr >>> 0;
}

const TYPES: Readonly<Record<string, SectionType>> = {
  progbits: 'progbits', nobits: 'nobits', note: 'note', init_array: 'init_array', fini_array: 'fini_array', preinit_array: 'preinit_array',
};

// ---- BFD's special sections: the type and flags a section gets from its name ------------------

/** `exact`: the name itself; `dotted`: it or it followed by '.…'; `prefix`: anything starting so. */
type Match = 'exact' | 'dotted' | 'prefix';
const SPECIAL: ReadonlyArray<readonly [string, Match, SectionType, number]> = [
  ['.bss', 'dotted', 'nobits', SHF.ALLOC | SHF.WRITE],
  ['.comment', 'exact', 'progbits', 0],
  ['.data', 'dotted', 'progbits', SHF.ALLOC | SHF.WRITE],
  ['.data1', 'exact', 'progbits', SHF.ALLOC | SHF.WRITE],
  ['.debug', 'exact', 'progbits', 0],
  ['.fini', 'exact', 'progbits', SHF.ALLOC | SHF.EXECINSTR],
  ['.fini_array', 'dotted', 'fini_array', SHF.ALLOC | SHF.WRITE],
  ['.gnu.linkonce.b', 'dotted', 'nobits', SHF.ALLOC | SHF.WRITE],
  ['.gnu.linkonce.n', 'dotted', 'nobits', SHF.ALLOC | SHF.WRITE],
  ['.gnu.linkonce.p', 'dotted', 'progbits', SHF.ALLOC | SHF.WRITE],
  ['.gnu.lto_', 'prefix', 'progbits', SHF.EXCLUDE],
  ['.got', 'exact', 'progbits', SHF.ALLOC | SHF.WRITE],
  ['.init', 'exact', 'progbits', SHF.ALLOC | SHF.EXECINSTR],
  ['.init_array', 'dotted', 'init_array', SHF.ALLOC | SHF.WRITE],
  ['.interp', 'exact', 'progbits', 0],
  ['.line', 'exact', 'progbits', 0],
  ['.noinit', 'dotted', 'nobits', SHF.ALLOC | SHF.WRITE],
  ['.note.GNU-stack', 'exact', 'progbits', 0],
  ['.note', 'prefix', 'note', 0],
  ['.persistent.bss', 'exact', 'nobits', SHF.ALLOC | SHF.WRITE],
  ['.persistent', 'dotted', 'progbits', SHF.ALLOC | SHF.WRITE],
  ['.preinit_array', 'dotted', 'preinit_array', SHF.ALLOC | SHF.WRITE],
  ['.plt', 'exact', 'progbits', SHF.ALLOC | SHF.EXECINSTR],
  ['.rodata', 'dotted', 'progbits', SHF.ALLOC],
  ['.rodata1', 'exact', 'progbits', SHF.ALLOC],
  ['.text', 'dotted', 'progbits', SHF.ALLOC | SHF.EXECINSTR],
  ['.tbss', 'dotted', 'nobits', SHF.ALLOC | SHF.WRITE | SHF.TLS],
  ['.tdata', 'dotted', 'progbits', SHF.ALLOC | SHF.WRITE | SHF.TLS],
];

interface Special {
  readonly type: SectionType;
  readonly attr: number;
  /** A 'dotted' entry matched by its prefix and a '.' (`.rodata.str1.1`): M and S may be added. */
  readonly dottedSuffix: boolean;
}

export function specialSection(name: string): Special | undefined {
  for (const [prefix, match, type, attr] of SPECIAL) {
    if (!name.startsWith(prefix)) continue;
    const rest = name.slice(prefix.length);
    if (rest === '' || match === 'prefix' || (match === 'dotted' && rest[0] === '.')) return { type, attr, dottedSuffix: rest !== '' && match === 'dotted' };
  }
  return undefined;
}

/** The default attributes of a section named `name` created without flags. */
export function defaultAttributes(name: string): { flags: string; type: SectionType } {
  const s = specialSection(name);
  return { flags: flagsToLetters(s?.attr ?? 0).letters, type: s?.type ?? 'progbits' };
}

// ---- parsing -------------------------------------------------------------------------------------

export interface SectionSpec {
  readonly name: string;
  /** The flags given (undefined: no flags string). */
  readonly attr?: number;
  readonly type?: SectionType;
  readonly entsize?: number;
  readonly info?: number;
  readonly linkedTo?: string;
  readonly group?: { readonly signature: string; readonly comdat: boolean };
  readonly unique?: number;
  /** `?`: the group of the current section. */
  readonly cloneGroup?: boolean;
}

class Cursor {
  i = 0;
  constructor(
    readonly asm: Assembler,
    readonly text: string,
  ) {}

  ws(): void {
    while (this.i < this.text.length && /\s/.test(this.text[this.i])) this.i++;
  }

  peek(): string {
    this.ws();
    return this.text[this.i] ?? '';
  }

  eat(c: string): boolean {
    if (this.peek() !== c) return false;
    this.i++;
    return true;
  }

  done(): boolean {
    return this.peek() === '';
  }

  /** A C string literal at the cursor. */
  string(): string {
    this.ws();
    const m = /^"((?:[^"\\]|\\.)*)"/.exec(this.text.slice(this.i));
    if (!m) return this.asm.fail(`bad string in .section operands: '${this.text.slice(this.i)}'`);
    this.i += m[0].length;
    return String.fromCharCode(...decodeEscapes(m[1]));
  }

  /** A section or group name: quoted, or up to a comma, semicolon or blank. */
  name(): string {
    if (this.peek() === '"') return this.string();
    const m = /^[^\s,;]+/.exec(this.text.slice(this.i));
    if (!m) return this.asm.fail(`missing name in .section operands: '${this.text.trim()}'`);
    this.i += m[0].length;
    return m[0];
  }

  word(): string {
    this.ws();
    const m = /^[A-Za-z0-9_.$]*/.exec(this.text.slice(this.i)) as RegExpExecArray;
    this.i += m[0].length;
    return m[0];
  }

  /** An absolute expression up to the next top-level comma. */
  number(what: string): number {
    this.ws();
    let depth = 0;
    let j = this.i;
    for (; j < this.text.length; j++) {
      const c = this.text[j];
      if (c === '(') depth++;
      else if (c === ')') depth--;
      else if (c === ',' && depth === 0) break;
    }
    const expr = this.text.slice(this.i, j);
    this.i = j;
    if (expr.trim() === '') return this.asm.fail(`${what}: missing expression`);
    return this.asm.values.absolute(this.asm.parseExpr(expr), what).toNumber();
  }

  rest(): string {
    return this.text.slice(this.i).trim();
  }
}

function parseLetters(asm: Assembler, letters: string): { attr: number; clone: boolean } {
  let attr = 0;
  let clone = false;
  for (let i = 0; i < letters.length; i++) {
    const c = letters[i];
    if (c === '?') clone = true;
    else if (/[0-9]/.test(c)) {
      const m = /^(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)/.exec(letters.slice(i)) as RegExpExecArray;
      attr |= Number(m[1].startsWith('0') && !/^0[xX]/.test(m[1]) ? parseInt(m[1], 8) : Number(m[1]));
      i += m[1].length - 1;
    } else {
      const bit = LETTERS.find(([l]) => l === c)?.[1];
      if (bit === undefined) asm.fail(`unrecognized .section attribute '${c}': want a,e,o,w,x,M,S,G,T or number`);
      attr |= bit;
    }
  }
  return { attr: attr >>> 0, clone };
}

function parseType(asm: Assembler, word: string): SectionType {
  const t = TYPES[word];
  if (t) return t;
  if (/^(0[xX][0-9a-fA-F]+|[0-9]+)$/.test(word)) return Number(word);
  return asm.fail(`unrecognized section type '${word}'`);
}

const SOLARIS_WORDS: Readonly<Record<string, number>> = { write: SHF.WRITE, alloc: SHF.ALLOC, execinstr: SHF.EXECINSTR, exclude: SHF.EXCLUDE, tls: SHF.TLS };

/** Parses `.section` (or, with `push`, `.pushsection`) operands. */
export function parseSection(asm: Assembler, args: string, push: boolean): { spec: SectionSpec; subsection?: number } {
  const c = new Cursor(asm, args);
  if (c.done()) asm.fail(`${push ? '.pushsection' : '.section'} needs a section name`);
  const name = c.name();
  let subsection: number | undefined;
  const spec: { -readonly [K in keyof SectionSpec]: SectionSpec[K] } = { name };
  if (c.eat(',')) {
    if (push && /[0-9]/.test(c.peek())) {
      subsection = c.number('subsection');
      if (!c.eat(',')) return finish(c, spec, subsection);
    }
    if (c.peek() === '"') parseFlagged(c, spec);
    else parseSolaris(c, spec);
  }
  return finish(c, spec, subsection);
}

function finish(c: Cursor, spec: SectionSpec, subsection: number | undefined): { spec: SectionSpec; subsection?: number } {
  if (!c.done()) c.asm.fail(`junk at end of line in .section operands: '${c.rest()}'`);
  return { spec, ...(subsection !== undefined ? { subsection } : {}) };
}

function parseFlagged(c: Cursor, spec: { -readonly [K in keyof SectionSpec]: SectionSpec[K] }): void {
  const asm = c.asm;
  const { attr: parsed, clone } = parseLetters(asm, c.string());
  let attr = parsed;
  const save = c.i;
  if (c.eat(',')) {
    const p = c.peek();
    if (p === '"') spec.type = parseType(asm, c.string());
    else if (p === '@' || p === '%') {
      c.i++;
      spec.type = parseType(asm, c.word());
    } else c.i = save;
  }
  if (attr & SHF.MERGE) {
    if (c.eat(',')) {
      spec.entsize = c.number('section entity size');
      if (spec.entsize < 0) {
        asm.warn('invalid merge entity size');
        attr &= ~SHF.MERGE;
        spec.entsize = undefined;
      }
    } else {
      asm.warn('entity size for SHF_MERGE not specified');
      attr &= ~SHF.MERGE;
    }
  }
  if (attr & SHF.GNU_MBIND && c.peek() === ',' && /^,\s*[0-9(]/.test(c.text.slice(c.i))) {
    c.eat(',');
    spec.info = c.number('mbind info');
  }
  if (attr & SHF.LINK_ORDER && c.eat(',')) spec.linkedTo = c.name();
  if (attr & SHF.GROUP) {
    if (c.eat(',')) {
      const signature = c.name();
      const save2 = c.i;
      let comdat = false;
      if (c.eat(',')) {
        if (c.word() === 'comdat') comdat = true;
        else c.i = save2;
      }
      spec.group = { signature, comdat: comdat || spec.name.startsWith('.gnu.linkonce') };
    } else {
      asm.warn('group name for SHF_GROUP not specified');
      attr = (attr & ~SHF.GROUP) >>> 0;
    }
  }
  if (clone && attr & SHF.GROUP) asm.warn('? section flag ignored with G present');
  else if (clone) spec.cloneGroup = true;
  const save3 = c.i;
  if (c.eat(',')) {
    if (c.word() === 'unique' && c.eat(',')) spec.unique = c.number('unique section id');
    else c.i = save3;
  }
  spec.attr = attr >>> 0;
}

function parseSolaris(c: Cursor, spec: { -readonly [K in keyof SectionSpec]: SectionSpec[K] }): void {
  let attr = 0;
  do {
    if (!c.eat('#')) c.asm.fail("character following name is not '#'");
    const w = c.word();
    const bit = SOLARIS_WORDS[w];
    if (bit !== undefined) attr |= bit;
    else if (TYPES[w]) spec.type = TYPES[w];
    else c.asm.warn('unrecognized section attribute');
  } while (c.eat(','));
  spec.attr = attr >>> 0;
}

// ---- entering a section --------------------------------------------------------------------------

/** BFD section flags that gas compares when a section is named again with flags. */
function bfdFlags(attr: number, type: SectionType): number {
  const alloc = (attr & SHF.ALLOC) !== 0;
  return (attr & SHF.WRITE ? 0 : 1) | (alloc ? 2 : 0) | (alloc && type !== 'nobits' ? 4 : 0) | (attr & SHF.EXECINSTR ? 8 : 0)
    | (attr & SHF.MERGE ? 16 : 0) | (attr & SHF.STRINGS ? 32 : 0) | (attr & SHF.EXCLUDE ? 64 : 0) | (attr & SHF.TLS ? 128 : 0);
}

function sameIdentity(sec: SectionState, spec: SectionSpec, group: SectionSpec['group']): boolean {
  return sec.unique === spec.unique && sec.group?.signature === group?.signature
    && (!((spec.attr ?? 0) & SHF.GNU_RETAIN) || sec.flags.includes('R'))
    && (spec.linkedTo === undefined || sec.linkedTo === undefined || sec.linkedTo === spec.linkedTo);
}

/**
 * A section named again with a type or flags: for sections BFD knows by name a change is
 * ignored with a warning, for others it is an error; the same flags replace the ELF ones.
 */
function respecified(asm: Assembler, old: SectionState, spec: SectionSpec, group: SectionSpec['group']): void {
  const special = specialSection(spec.name);
  const complain = (what: string) => (special ? asm.warn(`ignoring changed section ${what} for ${spec.name}`) : asm.fail(`changed section ${what} for ${spec.name}`));
  if (spec.type !== undefined && spec.type !== old.type) complain('type');
  const attr = spec.attr ?? 0;
  if (attr === 0) return;
  const oldAttr = lettersToFlags(old.flags) | old.otherFlags;
  const type = spec.type ?? special?.type;
  if (bfdFlags(attr, type ?? 'progbits') !== bfdFlags(oldAttr, old.type) || (group?.comdat ?? false) !== (old.group?.comdat ?? false)) complain('attributes');
  else {
    const { letters, other } = flagsToLetters((attr | (old.group ? SHF.GROUP : 0)) >>> 0);
    old.flags = letters;
    old.otherFlags = other;
  }
  if (attr & SHF.MERGE && spec.entsize !== old.entsize) asm.fail(`changed section entity size for ${spec.name}`);
}

/**
 * At the end, gas aligns the end of every subsection of a mergeable section to the largest
 * power of two dividing its entry size (zeros), so entries never straddle subsections.
 */
export function alignMergeableSubsections(asm: Assembler): void {
  const saved = asm.cur;
  for (const sec of asm.sections) {
    if (!sec.flags.includes('M') || !sec.entsize) continue;
    let pow = 0;
    while (((sec.entsize >> pow) & 1) === 0) pow++;
    if (pow === 0) continue;
    for (const sub of sec.ordered()) {
      asm.cur = sub;
      asm.setTail({ kind: 'align', pow, origin: asm.stmt.origin, directive: '.section' });
    }
  }
  asm.cur = saved;
}

/** The section `spec` names, created with gas's rules for types and flags if it is new. */
export function enterSection(asm: Assembler, spec: SectionSpec): SectionState {
  const group = spec.group ?? (spec.cloneGroup ? asm.cur.section.group : undefined);
  const old = asm.sectionNamed(spec.name);
  if (old) {
    if (!sameIdentity(old, spec, group)) {
      asm.fail(`a second section named '${spec.name}' (another group, unique id, link or R flag): hypsim keeps one section per name`);
    }
    respecified(asm, old, spec, group);
    return old;
  }
  let attr = spec.attr ?? 0;
  let type = spec.type;
  const special = specialSection(spec.name);
  if (special) {
    if (type === undefined) type = special.type;
    else if (type !== special.type) {
      if (special.type === 'init_array' || special.type === 'fini_array' || special.type === 'preinit_array') {
        asm.warn(`ignoring incorrect section type for ${spec.name}`);
        type = special.type;
      } else if (special.type !== 'note') asm.warn(`setting incorrect section type for ${spec.name}`);
    }
    let override = false;
    const extra = (attr & ~special.attr) >>> 0;
    if (extra !== 0) {
      const noteOk = special.type === 'note' && (attr === SHF.ALLOC || attr === SHF.EXECINSTR);
      const mergeOk = special.dottedSuffix && (extra & ~SHF.MERGE & ~SHF.STRINGS) === 0;
      if (noteOk || mergeOk) {
        // allowed, attributes added below
      } else if (attr === SHF.ALLOC && ['.interp', '.strtab', '.symtab'].includes(spec.name)) override = true;
      else if (attr === SHF.EXECINSTR && spec.name === '.note.GNU-stack') override = true;
      else {
        if (!group) asm.warn(`setting incorrect section attributes for ${spec.name}`);
        override = true;
      }
    }
    if (!override) attr |= special.attr;
  }
  if (group) attr |= SHF.GROUP;
  const { letters, other } = flagsToLetters(attr >>> 0);
  const sec = asm.newSection(spec.name, letters, type ?? 'progbits', attr & SHF.MERGE ? spec.entsize : undefined);
  sec.otherFlags = other;
  if (group) sec.group = group;
  if (spec.linkedTo !== undefined || attr & SHF.LINK_ORDER) sec.linkedTo = spec.linkedTo ?? '';
  if (spec.info !== undefined) sec.info = spec.info;
  if (spec.unique !== undefined) sec.unique = spec.unique;
  return sec;
}
