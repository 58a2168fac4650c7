// Registers as a trace shows them: the state buffer's 32-bit words grouped back into the
// architectural registers (x5 from its two words, v3 from four, nzcv from four flag words), and
// the value of every word of such a register when an instruction changed only some of them.
import type { Machine, StepEvent } from '../machine/machine.js';
import * as S from '../machine/state.js';

export type RegisterKind = 'value' | 'flags';

export interface RegisterGroup {
  readonly name: string;
  /** State-buffer word indices, least significant first. */
  readonly words: readonly number[];
  readonly kind: RegisterKind;
}

const range = (from: number, count: number) => Array.from({ length: count }, (_, i) => from + i);

/** The register each state word belongs to (undefined for words no instruction reports). */
export function registerGroups(m: Machine): Array<RegisterGroup | undefined> {
  const byWord: Array<RegisterGroup | undefined> = [];
  const add = (g: RegisterGroup) => g.words.forEach((w) => (byWord[w] = g));
  for (let n = 0; n < 31; n++) add({ name: `x${n}`, words: range(S.X + 2 * n, 2), kind: 'value' });
  for (let el = 0; el < 3; el++) add({ name: `sp_el${el}`, words: range(S.SP_BY_EL[el], 2), kind: 'value' });
  add({ name: 'nzcv', words: [S.FLAG_V, S.FLAG_C, S.FLAG_Z, S.FLAG_N], kind: 'flags' });
  const singles: Array<[number, string]> = [
    [S.DAIF, 'daif'], [S.CURRENT_EL, 'currentel'], [S.SPSEL, 'spsel'], [S.FPSR, 'fpsr'], [S.FPCR, 'fpcr'], [S.PAN, 'pan'], [S.PENDING, 'pending'], [S.EVENT, 'event'],
  ];
  for (const [w, name] of singles) add({ name, words: [w], kind: 'value' });
  for (let n = 0; n < 32; n++) add({ name: `v${n}`, words: range(S.V + 4 * n, 4), kind: 'value' });
  m.sysregs.regs.forEach((reg, slot) => add({ name: reg.name.toLowerCase(), words: range(S.SYSREGS + 2 * slot, 2), kind: 'value' }));
  return byWord;
}

/** A register's value from its words (flags: the NZCV bits 3..0 = N, Z, C, V). */
export function groupValue(group: RegisterGroup, word: (index: number) => number): bigint {
  if (group.kind === 'flags') return BigInt((word(S.FLAG_N) << 3) | (word(S.FLAG_Z) << 2) | (word(S.FLAG_C) << 1) | word(S.FLAG_V));
  let v = 0n;
  for (let i = group.words.length - 1; i >= 0; i--) v = (v << 32n) | BigInt(word(group.words[i]) >>> 0);
  return v;
}

/** `nZCv` for the flags value of groupValue. */
export function flagsText(v: bigint): string {
  return ['n', 'z', 'c', 'v'].map((f, i) => ((Number(v) >> (3 - i)) & 1 ? f.toUpperCase() : f)).join('');
}

interface PartnerQuery {
  readonly event: number;
  readonly word: number;
  value?: number;
  /** The latest value seen in an earlier run, if any. */
  before?: number;
}

/**
 * Values of the words an instruction did not change but whose register it did (x3.lo when only
 * x3.hi changed). The events record only changes, and the host C code hypsim models changes
 * registers between machine runs, so a word's value is taken from its nearest observation
 * inside the same run (a run starts where the event's step counter restarts), before or after;
 * failing that, from any observation; failing that, from the machine's final state.
 */
export function partnerWords(events: readonly StepEvent[], groups: ReadonlyArray<RegisterGroup | undefined>, finalState: Uint32Array): Map<number, Map<number, number>> {
  const segment = new Int32Array(events.length);
  let seg = 0;
  events.forEach((e, k) => {
    if (e.step === 1 && k > 0) seg++;
    segment[k] = seg;
  });
  const queries: PartnerQuery[] = [];
  const byEvent: PartnerQuery[][] = events.map(() => []);
  events.forEach((e, k) => {
    if (e.changed.length === 0) return;
    const changed = new Set(e.changed.map(([w]) => w));
    const seen = new Set<RegisterGroup>();
    for (const [w] of e.changed) {
      const g = groups[w];
      if (!g || seen.has(g)) continue;
      seen.add(g);
      for (const p of g.words) {
        if (changed.has(p)) continue;
        const q: PartnerQuery = { event: k, word: p };
        queries.push(q);
        byEvent[k].push(q);
      }
    }
  });
  if (queries.length === 0) return new Map();
  const words = finalState.length;
  // Forward: the latest value seen at or before the event.
  const last = new Uint32Array(words);
  const lastSeg = new Int32Array(words).fill(-1);
  const unresolvedForward: PartnerQuery[] = [];
  events.forEach((e, k) => {
    for (const q of byEvent[k]) {
      if (lastSeg[q.word] === segment[k]) q.value = last[q.word];
      else {
        if (lastSeg[q.word] >= 0) q.before = last[q.word];
        unresolvedForward.push(q);
      }
    }
    for (const [w, , v] of e.changed) {
      last[w] = v;
      lastSeg[w] = segment[k];
    }
  });
  // Backward: the old value of the next change after the event.
  const pending = new Set(unresolvedForward);
  if (pending.size) {
    const next = new Uint32Array(words);
    const nextSeg = new Int32Array(words).fill(-1);
    const nextAny = new Int32Array(words).fill(0);
    const nextValue = new Map<PartnerQuery, number>();
    for (let k = events.length - 1; k >= 0; k--) {
      for (const q of byEvent[k]) {
        if (!pending.has(q)) continue;
        if (nextSeg[q.word] === segment[k]) {
          q.value = next[q.word];
          pending.delete(q);
        } else if (nextAny[q.word]) nextValue.set(q, next[q.word]);
      }
      for (const [w, old] of events[k].changed) {
        next[w] = old;
        nextSeg[w] = segment[k];
        nextAny[w] = 1;
      }
    }
    // Across runs: assume nothing outside the machine changed the word.
    for (const q of pending) q.value = q.before ?? nextValue.get(q) ?? finalState[q.word];
  }
  const out = new Map<number, Map<number, number>>();
  for (const q of queries) {
    const m = out.get(q.event) ?? new Map<number, number>();
    m.set(q.word, q.value ?? 0);
    out.set(q.event, m);
  }
  return out;
}
