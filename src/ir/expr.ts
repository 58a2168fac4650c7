// Assembler expressions as data. Constants are 64-bit (`long`), symbols are resolved late.
import Long from 'long';

export type UnaryOp = '-' | '~' | '!' | '+';
export type BinaryOp =
  | '*' | '/' | '%' | '<<' | '>>'
  | '|' | '&' | '^' | '!'
  | '+' | '-' | '==' | '!=' | '<>' | '<' | '>' | '<=' | '>='
  | '&&' | '||';

export type Expr =
  | { readonly k: 'num'; readonly v: Long }
  /** A symbol; numeric local labels are already resolved to their unique instance name. */
  | { readonly k: 'sym'; readonly name: string }
  /** The location counter `.` */
  | { readonly k: 'dot' }
  | { readonly k: 'unary'; readonly op: UnaryOp; readonly a: Expr }
  | { readonly k: 'binary'; readonly op: BinaryOp; readonly a: Expr; readonly b: Expr };

/**
 * The value of an expression once symbols are known: a constant, or a symbol plus an addend
 * (`symbol` undefined means absolute). `pcrel` marks `sym - .` style values.
 */
export type Value =
  | { readonly kind: 'const'; readonly v: Long }
  | { readonly kind: 'symbolic'; readonly symbol: string; readonly addend: Long; readonly pcrel: boolean };

export const num = (v: Long | number): Expr => ({ k: 'num', v: Long.isLong(v) ? v : Long.fromNumber(v) });

/** The identifier if the expression is exactly one symbol (register names, sysregs, conditions…). */
export function loneSymbol(e: Expr): string | undefined {
  return e.k === 'sym' ? e.name : undefined;
}
