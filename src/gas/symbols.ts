// The symbol table: labels, `.set`/`.equ` definitions (each redefinition a new version, as in gas,
// where earlier references keep the value they saw), attributes, numeric local labels and
// `.req` register aliases.
import type { Expr } from '../ir/expr.js';
import type { SymbolBinding, SymbolType } from '../ir/program.js';
import type { Origin } from '../util/diagnostics.js';
import type { Frag } from './sections.js';

export type SymDef =
  | { readonly kind: 'label'; readonly frag: Frag; readonly offset: number }
  /** `locationLike`: the value is a place in a section (`.set alias, label`), so references keep the name. */
  | { readonly kind: 'expr'; readonly expr: Expr; readonly locationLike: boolean };

export interface SymVersion {
  readonly def: SymDef;
  /** The name references to this version use: the symbol's own for the first, a hidden one after. */
  readonly refName: string;
  readonly origin: Origin;
}

export type Visibility = 'default' | 'hidden' | 'protected' | 'internal';

export class SymbolEntry {
  readonly versions: SymVersion[] = [];
  binding: SymbolBinding = 'local';
  type: SymbolType = 'notype';
  visibility: Visibility = 'default';
  size?: { readonly expr: Expr; readonly origin: Origin };
  /** `.equiv`: may not be redefined. `.eqv`: evaluated at each use. */
  equiv = false;
  eqv?: Expr;
  /** Mentioned by a directive or left in a relocation: belongs in the object's symbol table. */
  mentioned = false;
  /** Named by a relocation. */
  referenced = false;
  firstOrigin?: Origin;
  /** Named by `.local` (gas then gives a later `.comm` space in .bss). */
  localDirective = false;
  /** `.comm`: a common symbol of this size and alignment (bytes). */
  common?: { readonly size: number; readonly align: number };

  constructor(
    readonly name: string,
    readonly temporary: boolean,
  ) {}

  get current(): SymVersion | undefined {
    return this.versions[this.versions.length - 1];
  }

  get defined(): boolean {
    return this.versions.length > 0;
  }
}

const HIDDEN_MARK = '\u0001';

export class SymbolTable {
  private readonly entries = new Map<string, SymbolEntry>();
  /** First mention of each name, defining or referring (gas creates a symbol at either). */
  private readonly firstSeen = new Map<string, number>();
  private readonly hidden = new Map<string, { entry: SymbolEntry | undefined; def?: SymDef }>();
  private hiddenCount = 0;

  get(name: string): SymbolEntry | undefined {
    return this.entries.get(name);
  }

  entry(name: string): SymbolEntry {
    let e = this.entries.get(name);
    if (!e) {
      e = new SymbolEntry(name, isTemporaryName(name));
      this.entries.set(name, e);
      this.seen(name);
    }
    return e;
  }

  seen(name: string): void {
    if (!this.firstSeen.has(name)) this.firstSeen.set(name, this.firstSeen.size);
  }

  /** Symbols in the order gas created them (its symbol list). */
  inCreationOrder(): SymbolEntry[] {
    const rank = (e: SymbolEntry) => this.firstSeen.get(e.name) ?? Number.MAX_SAFE_INTEGER;
    return [...this.entries.values()].sort((a, b) => rank(a) - rank(b));
  }

  all(): IterableIterator<SymbolEntry> {
    return this.entries.values();
  }

  /** A nameless place or a later version of a symbol: referenced by a name no source can spell. */
  hiddenName(def: SymDef | undefined, entry?: SymbolEntry, tag = 'loc'): string {
    const name = `${HIDDEN_MARK}${entry ? entry.name : tag}#${++this.hiddenCount}`;
    this.hidden.set(name, { entry, def });
    return name;
  }

  /** Places a hidden name reserved earlier (a literal pool entry, placed when the pool is written). */
  placeHidden(name: string, def: SymDef): void {
    const h = this.hidden.get(name);
    if (h) h.def = def;
  }

  lookupHidden(name: string): { entry: SymbolEntry | undefined; def?: SymDef } | undefined {
    return name.charCodeAt(0) === 1 ? this.hidden.get(name) : undefined;
  }
}

export function isHiddenName(name: string): boolean {
  return name.charCodeAt(0) === 1;
}

export function isTemporaryName(name: string): boolean {
  return name.startsWith('.L');
}

/** Numeric local labels `N:` referenced as `Nb`/`Nf`; every definition is a new symbol. */
export class LocalLabels {
  private readonly counts = new Map<string, number>();

  static nameOf(label: string, instance: number): string {
    return `.L${label}^B${instance}`;
  }

  /** The label and instance behind a generated name (`.L1^B3` → label 1, instance 3). */
  static describe(name: string): { label: string; instance: number } | undefined {
    const m = /^\.L(\d+)\^B(\d+)$/.exec(name);
    return m ? { label: m[1], instance: Number(m[2]) } : undefined;
  }

  define(label: string): string {
    const n = (this.counts.get(label) ?? 0) + 1;
    this.counts.set(label, n);
    return LocalLabels.nameOf(normalizeLabel(label), n);
  }

  ref(label: string, direction: 'b' | 'f'): string {
    const key = normalizeLabel(label);
    const n = this.counts.get(key) ?? 0;
    return LocalLabels.nameOf(key, direction === 'b' ? n : n + 1);
  }
}

function normalizeLabel(label: string): string {
  return String(Number(label));
}

const REGISTER = /^(?:[xw](?:[0-9]|[12][0-9]|30)|sp|wsp|xzr|wzr|[bhsdqv](?:[0-9]|[12][0-9]|3[01])|z(?:[0-9]|[12][0-9]|3[01])|p(?:[0-9]|1[0-5])|ffr)$/i;

export class RegisterAliases {
  /** Replaced (never mutated) on change, so instructions can keep the aliases they saw. */
  private aliases: ReadonlyMap<string, string> = new Map();

  /** Returns an error message, or undefined on success; `warn` for a redefinition gas ignores. */
  define(alias: string, target: string, warn: (message: string) => void): string | undefined {
    const reg = this.resolve(target);
    if (!REGISTER.test(reg)) return `unknown register '${target}' in .req`;
    if (REGISTER.test(alias)) return `cannot alias register name '${alias}'`;
    const old = this.aliases.get(alias);
    if (old !== undefined) {
      if (old !== reg.toLowerCase()) warn(`ignoring redefinition of register alias '${alias}'`);
      return undefined;
    }
    const next = new Map(this.aliases);
    for (const name of aliasSpellings(alias)) next.set(name, reg.toLowerCase());
    this.aliases = next;
    return undefined;
  }

  undefine(alias: string): boolean {
    const next = new Map(this.aliases);
    let found = false;
    for (const name of aliasSpellings(alias)) found = next.delete(name) || found;
    this.aliases = next;
    return found;
  }

  resolve(name: string): string {
    return this.aliases.get(name) ?? name;
  }

  snapshot(): ReadonlyMap<string, string> {
    return this.aliases;
  }
}

/** gas also accepts an all-upper or all-lower spelling of an alias defined in one case. */
function aliasSpellings(alias: string): string[] {
  const names = new Set([alias]);
  if (alias === alias.toLowerCase()) names.add(alias.toUpperCase());
  if (alias === alias.toUpperCase()) names.add(alias.toLowerCase());
  return [...names];
}
