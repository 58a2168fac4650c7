// Register names as gas spells them (any case), before .req aliases are applied by the caller.
import type { Arrangement, ElemSize, FpSize } from '../operands.js';
import { ARRANGEMENTS } from '../tables.js';

export type Reg =
  /** n = 31 with sp true is SP/WSP; with sp false it is XZR/WZR. */
  | { readonly cls: 'gpr'; readonly n: number; readonly width: 32 | 64; readonly sp: boolean }
  | { readonly cls: 'fp'; readonly n: number; readonly size: FpSize }
  /** `v0` (no shape), `v0.16b` (arrangement) or `v0.s` (element, before an index). */
  | { readonly cls: 'vec'; readonly n: number; readonly arrangement?: Arrangement; readonly elem?: ElemSize }
  | { readonly cls: 'z'; readonly n: number; readonly elem?: FpSize }
  | { readonly cls: 'p'; readonly n: number; readonly elem?: ElemSize };

/** gas's built-in register aliases (besides any `.req`). */
const BUILTIN: Readonly<Record<string, string>> = { lr: 'x30', fp: 'x29', ip0: 'x16', ip1: 'x17' };

export function parseRegName(raw: string): Reg | undefined {
  const s = (BUILTIN[raw.toLowerCase()] ?? raw).toLowerCase();
  switch (s) {
    case 'sp':
      return { cls: 'gpr', n: 31, width: 64, sp: true };
    case 'wsp':
      return { cls: 'gpr', n: 31, width: 32, sp: true };
    case 'xzr':
      return { cls: 'gpr', n: 31, width: 64, sp: false };
    case 'wzr':
      return { cls: 'gpr', n: 31, width: 32, sp: false };
  }
  let m = /^([xw])([0-9]{1,2})$/.exec(s);
  if (m) {
    const n = Number(m[2]);
    return n <= 30 ? { cls: 'gpr', n, width: m[1] === 'x' ? 64 : 32, sp: false } : undefined;
  }
  m = /^([bhsdq])([0-9]{1,2})$/.exec(s);
  if (m) {
    const n = Number(m[2]);
    return n <= 31 ? { cls: 'fp', n, size: m[1] as FpSize } : undefined;
  }
  m = /^v([0-9]{1,2})(?:\.([0-9]*)([bhsd]))?$/.exec(s);
  if (m) {
    const n = Number(m[1]);
    if (n > 31) return undefined;
    if (m[3] === undefined) return { cls: 'vec', n };
    if (m[2] === '') return { cls: 'vec', n, elem: m[3] as ElemSize };
    const arr = `${m[2]}${m[3]}`;
    return ARRANGEMENTS.has(arr) ? { cls: 'vec', n, arrangement: arr as Arrangement } : undefined;
  }
  m = /^z([0-9]{1,2})(?:\.([bhsdq]))?$/.exec(s);
  if (m) {
    const n = Number(m[1]);
    if (n > 31) return undefined;
    return m[2] ? { cls: 'z', n, elem: m[2] as FpSize } : { cls: 'z', n };
  }
  m = /^p([0-9]{1,2})(?:\.([bhsd]))?$/.exec(s);
  if (m) {
    const n = Number(m[1]);
    if (n > 15) return undefined;
    return m[2] ? { cls: 'p', n, elem: m[2] as ElemSize } : { cls: 'p', n };
  }
  return undefined;
}

export function describeReg(r: Reg): string {
  switch (r.cls) {
    case 'gpr':
      if (r.n === 31) return r.sp ? (r.width === 64 ? 'sp' : 'wsp') : r.width === 64 ? 'xzr' : 'wzr';
      return `${r.width === 64 ? 'x' : 'w'}${r.n}`;
    case 'fp':
      return `${r.size}${r.n}`;
    case 'vec':
      return `v${r.n}${r.arrangement ? '.' + r.arrangement : r.elem ? '.' + r.elem : ''}`;
    case 'z':
      return `z${r.n}`;
    case 'p':
      return `p${r.n}`;
  }
}
