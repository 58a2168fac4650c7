// Names for state words, so traces can say `x1=0x10 nzcv=nZCv` instead of word indices.
import type { Machine } from './machine.js';
import * as S from './state.js';

const hex = (v: bigint): string => `0x${v.toString(16)}`;

export function flagsText(nzcv: number): string {
  return ['n', 'z', 'c', 'v'].map((f, i) => ((nzcv >>> (31 - i)) & 1 ? f.toUpperCase() : f)).join('');
}

/** The register a state word belongs to, as [name, first word, word count]; undefined for internal words. */
export function registerOfWord(m: Machine, index: number): [string, number, number] | undefined {
  if (index < S.XZR) return [`x${index >> 1}`, index & ~1, 2];
  if (index >= S.SP_EL0 && index < S.PC) return [`sp_el${(index - S.SP_EL0) >> 1}`, index & ~1, 2];
  if (index >= S.FLAG_N && index <= S.FLAG_V) return ['nzcv', S.FLAG_N, 4];
  if (index >= S.V && index < S.SINK) return [`v${(index - S.V) >> 2}`, index - ((index - S.V) & 3), 4];
  if (index >= S.SYSREGS) {
    const slot = (index - S.SYSREGS) >> 1;
    return [m.sysregs.info(slot).name, S.SYSREGS + 2 * slot, 2];
  }
  const single: Record<number, string> = {
    [S.DAIF]: 'daif', [S.CURRENT_EL]: 'el', [S.SPSEL]: 'spsel', [S.FPSR]: 'fpsr', [S.FPCR]: 'fpcr', [S.PAN]: 'pan', [S.PENDING]: 'pending', [S.EVENT]: 'event',
  };
  const name = single[index];
  return name ? [name, index, 1] : undefined;
}

/** `x1=0x10 nzcv=nZCv v3=0x…`: the registers whose words changed, with their values now. */
export function registersWritten(m: Machine, changed: ReadonlyArray<readonly [number, number, number]>): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  const r = m.r;
  for (const [index] of changed) {
    const reg = registerOfWord(m, index);
    if (!reg || seen.has(reg[0])) continue;
    seen.add(reg[0]);
    const [name, first, count] = reg;
    if (name === 'nzcv') {
      out.push(`nzcv=${flagsText(S.nzcvOf(r))}`);
      continue;
    }
    let value = 0n;
    for (let i = count - 1; i >= 0; i--) value = (value << 32n) | BigInt(r[first + i]);
    out.push(`${name}=${name === 'daif' || name === 'el' || name === 'spsel' || name === 'pan' || name === 'event' ? value.toString(16) : hex(value)}`);
  }
  return out;
}
