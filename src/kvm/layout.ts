// Struct layouts with AAPCS64 sizes and alignments. Layouts are written as a small C subset
// (struct/union definitions with fixed-width scalar types, pointers, arrays, anonymous
// members, aligned attributes), so the same text can be compiled by gcc as the oracle.
import { HypsimError } from '../util/diagnostics.js';

export type Scalar = 'u8' | 'u16' | 'u32' | 'u64' | 'u128' | 'ptr';

export type Type =
  | { readonly kind: 'scalar'; readonly scalar: Scalar }
  | { readonly kind: 'record'; readonly name: string }
  | { readonly kind: 'array'; readonly element: Type; readonly length: number };

export interface FieldDecl {
  /** Empty for an anonymous struct/union member. */
  readonly name: string;
  readonly type: Type;
  readonly align?: number;
}

export interface RecordDecl {
  readonly name: string;
  readonly union: boolean;
  readonly fields: readonly FieldDecl[];
  readonly align?: number;
}

export interface FieldLayout {
  readonly name: string;
  readonly offset: number;
  readonly size: number;
  readonly type: Type;
}

export interface RecordLayout {
  readonly name: string;
  readonly union: boolean;
  readonly size: number;
  readonly align: number;
  readonly fields: readonly FieldLayout[];
}

const SCALARS: Record<string, Scalar> = {
  u8: 'u8', s8: 'u8', __u8: 'u8', __s8: 'u8', char: 'u8', bool: 'u8',
  u16: 'u16', s16: 'u16', __u16: 'u16', __s16: 'u16', short: 'u16',
  u32: 'u32', s32: 'u32', __u32: 'u32', __s32: 'u32', int: 'u32', unsigned: 'u32',
  u64: 'u64', s64: 'u64', __u64: 'u64', __s64: 'u64', long: 'u64', phys_addr_t: 'u64',
  __uint128_t: 'u128', __int128: 'u128',
};

const SCALAR_SIZE: Record<Scalar, number> = { u8: 1, u16: 2, u32: 4, u64: 8, u128: 16, ptr: 8 };

class DeclParser {
  private pos = 0;
  private readonly toks: string[];

  constructor(
    text: string,
    private readonly constants: ReadonlyMap<string, number>,
    private readonly source: string,
  ) {
    this.toks = text.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, ' ').match(/[A-Za-z_]\w*|\d+|\S/g) ?? [];
  }

  parseAll(): RecordDecl[] {
    const out: RecordDecl[] = [];
    while (this.pos < this.toks.length) {
      out.push(...this.record());
      this.expect(';');
    }
    return out;
  }

  private fail(message: string): never {
    throw new HypsimError(`${this.source}: layout: ${message} (near '${this.toks.slice(this.pos, this.pos + 6).join(' ')}')`);
  }

  private peek(): string | undefined {
    return this.toks[this.pos];
  }

  private next(): string {
    const t = this.toks[this.pos++];
    if (t === undefined) this.fail('unexpected end of declarations');
    return t;
  }

  private expect(tok: string): void {
    if (this.next() !== tok) {
      this.pos--;
      this.fail(`expected '${tok}'`);
    }
  }

  /** `struct name { … } [attrs]` — returns the record and any anonymous records nested in it. */
  private record(anonymousName?: string): RecordDecl[] {
    const keyword = this.next();
    if (keyword !== 'struct' && keyword !== 'union') this.fail(`expected struct or union, got '${keyword}'`);
    const name = this.peek() === '{' ? anonymousName ?? this.fail('anonymous record at top level') : this.next();
    this.expect('{');
    const nested: RecordDecl[] = [];
    const fields: FieldDecl[] = [];
    while (this.peek() !== '}') fields.push(...this.field(name, nested, fields.length));
    this.expect('}');
    const align = this.attributes();
    return [...nested, { name, union: keyword === 'union', fields, ...(align ? { align } : {}) }];
  }

  private field(owner: string, nested: RecordDecl[], index: number): FieldDecl[] {
    let base: Type;
    const t = this.peek();
    if ((t === 'struct' || t === 'union') && this.toks[this.pos + 1] === '{') {
      const inner = this.record(`${owner}::${index}`);
      nested.push(...inner);
      base = { kind: 'record', name: inner[inner.length - 1].name };
      if (this.peek() === ';') {
        this.next();
        return [{ name: '', type: base }];
      }
    } else base = this.typeName();
    const out: FieldDecl[] = [];
    for (;;) {
      let type = base;
      while (this.peek() === '*') {
        this.next();
        type = { kind: 'scalar', scalar: 'ptr' };
      }
      const name = this.next();
      const lengths: number[] = [];
      while (this.peek() === '[') {
        this.next();
        lengths.push(this.arrayLength());
      }
      for (const n of lengths.reverse()) type = { kind: 'array', element: type, length: n };
      const align = this.attributes();
      out.push({ name, type, ...(align ? { align } : {}) });
      if (this.peek() !== ',') break;
      this.next();
    }
    this.expect(';');
    return out;
  }

  private typeName(): Type {
    let t = this.next();
    while (t === 'unsigned' || t === 'signed' || t === 'const' || t === 'volatile') {
      const nextTok = this.peek();
      if (nextTok && (SCALARS[nextTok] || nextTok === 'void')) t = this.next();
      else return { kind: 'scalar', scalar: 'u32' };
    }
    if (t === 'long' && this.peek() === 'long') this.next();
    if (t === 'struct' || t === 'union') return { kind: 'record', name: this.next() };
    if (t === 'void') {
      if (this.peek() !== '*') this.fail('void is only allowed as a pointer target');
      return { kind: 'scalar', scalar: 'ptr' };
    }
    const scalar = SCALARS[t];
    if (!scalar) this.fail(`unknown type '${t}'`);
    return { kind: 'scalar', scalar };
  }

  /** `[N]`, `[NAME]`, `[NAME * 2]`, `[A + B]`: constants come from the tree's headers. */
  private arrayLength(): number {
    const parts: string[] = [];
    while (this.peek() !== ']') parts.push(this.next());
    this.next();
    const expr = parts
      .map((p) => {
        if (/^\d+$/.test(p) || /^[-+*/()]$/.test(p)) return p;
        const v = this.constants.get(p);
        if (v === undefined) this.fail(`array length uses '${p}', which no header defines`);
        return String(v);
      })
      .join(' ');
    if (!/^[\d\s+\-*/()]+$/.test(expr)) this.fail(`bad array length '${parts.join(' ')}'`);
    return Function(`"use strict"; return (${expr});`)() as number;
  }

  /** `__attribute__((aligned(N)))` / `__aligned(N)`; returns N. */
  private attributes(): number | undefined {
    let align: number | undefined;
    while (this.peek() === '__attribute__' || this.peek() === '__aligned') {
      const start = this.pos;
      const words: string[] = [];
      this.next();
      let depth = 0;
      do {
        const t = this.next();
        if (t === '(') depth++;
        else if (t === ')') depth--;
        words.push(t);
      } while (depth > 0);
      const i = words.findIndex((w) => /^\d+$/.test(w));
      if (i < 0) {
        this.pos = start;
        this.fail('aligned attribute needs an explicit alignment');
      }
      align = Number(words[i]);
    }
    return align;
  }
}

export function parseLayouts(text: string, constants: ReadonlyMap<string, number>, source = 'layouts'): RecordDecl[] {
  return new DeclParser(text, constants, source).parseAll();
}

export class LayoutSet {
  private readonly decls = new Map<string, RecordDecl>();
  private readonly layouts = new Map<string, RecordLayout>();

  constructor(decls: readonly RecordDecl[]) {
    for (const d of decls) this.decls.set(d.name, d);
  }

  get names(): string[] {
    return [...this.decls.keys()].filter((n) => !n.includes('::'));
  }

  record(name: string): RecordLayout {
    const cached = this.layouts.get(name);
    if (cached) return cached;
    const decl = this.decls.get(name);
    if (!decl) throw new HypsimError(`layout: no struct or union named '${name}'`);
    const layout = this.layOut(decl);
    this.layouts.set(name, layout);
    return layout;
  }

  sizeOf(type: Type): number {
    if (type.kind === 'scalar') return SCALAR_SIZE[type.scalar];
    if (type.kind === 'array') return this.sizeOf(type.element) * type.length;
    return this.record(type.name).size;
  }

  alignOf(type: Type): number {
    if (type.kind === 'scalar') return SCALAR_SIZE[type.scalar];
    if (type.kind === 'array') return this.alignOf(type.element);
    return this.record(type.name).align;
  }

  private layOut(decl: RecordDecl): RecordLayout {
    let offset = 0;
    let size = 0;
    let align = decl.align ?? 1;
    const fields: FieldLayout[] = [];
    for (const f of decl.fields) {
      const fieldAlign = Math.max(this.alignOf(f.type), f.align ?? 1);
      const fieldSize = this.sizeOf(f.type);
      const at = decl.union ? 0 : roundUp(offset, fieldAlign);
      fields.push({ name: f.name, offset: at, size: fieldSize, type: f.type });
      offset = at + fieldSize;
      size = Math.max(size, offset);
      align = Math.max(align, fieldAlign);
    }
    return { name: decl.name, union: decl.union, size: roundUp(size, align), align, fields };
  }

  /** Offset and type of a member path such as `ctxt.fp_regs.vregs[5]` (anonymous members are searched). */
  resolve(recordName: string, path: string): { offset: number; type: Type } {
    let type: Type = { kind: 'record', name: recordName };
    let offset = 0;
    for (const part of path.split(/\.|(?=\[)/).filter(Boolean)) {
      const index = /^\[(\d+)\]$/.exec(part);
      if (index) {
        if (type.kind !== 'array') throw new HypsimError(`layout: ${recordName}.${path}: indexing a non-array`);
        offset += Number(index[1]) * this.sizeOf(type.element);
        type = type.element;
        continue;
      }
      if (type.kind !== 'record') throw new HypsimError(`layout: ${recordName}.${path}: '${part}' is not inside a struct`);
      const found = this.findMember(type.name, part);
      if (!found) throw new HypsimError(`layout: ${type.name} has no member '${part}'`);
      offset += found.offset;
      type = found.type;
    }
    return { offset, type };
  }

  private findMember(recordName: string, name: string): { offset: number; type: Type } | undefined {
    for (const f of this.record(recordName).fields) {
      if (f.name === name) return { offset: f.offset, type: f.type };
      if (f.name === '' && f.type.kind === 'record') {
        const inner = this.findMember(f.type.name, name);
        if (inner) return { offset: f.offset + inner.offset, type: inner.type };
      }
    }
    return undefined;
  }

  /**
   * The member path at a byte offset inside a record: `ctxt.fp_regs.vregs[5]`, with `+N` when
   * the offset falls inside a scalar and `<pad>` inside padding.
   */
  pathAt(recordName: string, offset: number, names?: (record: string, array: string, index: number) => string | undefined): string {
    return this.pathIn({ kind: 'record', name: recordName }, offset, names, recordName, '');
  }

  private pathIn(type: Type, offset: number, names: Parameters<LayoutSet['pathAt']>[2], owner: string, field: string): string {
    if (type.kind === 'scalar') return offset === 0 ? '' : `+${offset}`;
    if (type.kind === 'array') {
      const elemSize = this.sizeOf(type.element);
      const i = Math.floor(offset / elemSize);
      const label = names?.(owner, field, i) ?? String(i);
      return `[${label}]${this.pathIn(type.element, offset - i * elemSize, names, owner, field)}`;
    }
    const layout = this.record(type.name);
    const hit = layout.fields.find((f) => offset >= f.offset && offset < f.offset + f.size);
    if (!hit) return '<pad>';
    const inner = this.pathIn(hit.type, offset - hit.offset, names, type.name, hit.name);
    if (hit.name === '') return inner;
    return inner.startsWith('[') || inner.startsWith('+') || inner === '' ? `.${hit.name}${inner}` : `.${hit.name}${inner}`;
  }
}

function roundUp(n: number, align: number): number {
  return Math.ceil(n / align) * align;
}
