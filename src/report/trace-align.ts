// Trace alignment for `hypsim diff --trace-diff`: the two variants' instruction streams, scenario
// step by scenario step, aligned by function and instruction at once (Myers diff from the `diff`
// package over keys that start with the function name, so an instruction only ever matches one
// of the same function). Changes print as removed/added blocks, one line per stretch of one
// function, with their source origins.
import { diffArrays } from 'diff';
import type { RunRecord } from '../kvm/runner.js';
import { macroStackText, type InsnInfo } from './insn-info.js';
import { runRecords, type InsnRecord } from './records.js';

type Executed = InsnRecord & { readonly info: InsnInfo };

export type AlignOp = ' ' | '-' | '+';

export interface AlignedEntry {
  readonly op: AlignOp;
  /** The instruction as it ran in A (for ' ' and '-') or in B (for '+'). */
  readonly insn: Executed;
}

export interface StepAlignment {
  readonly step: number;
  readonly label: string;
  readonly aCount: number;
  readonly bCount: number;
  readonly entries: readonly AlignedEntry[];
}

function stepInsns(run: RunRecord, step: number): Executed[] {
  const recs = runRecords(run);
  const [from, to] = recs.steps[step].events;
  return recs.insns.slice(from, to).filter((r): r is Executed => r.info !== undefined);
}

/**
 * The alignment key: function, file, text and macro stack. Line numbers stay out: a patch
 * shifts every line after its hunks, and the same instruction must still match.
 */
const insnKey = (r: Executed) => `${r.info.function}|${r.info.file}|${r.info.text}|${r.info.macros.join('<')}`;

export function alignStep(a: RunRecord, b: RunRecord, step: number): StepAlignment {
  const ia = stepInsns(a, step);
  const ib = stepInsns(b, step);
  const entries: AlignedEntry[] = [];
  let pa = 0;
  let pb = 0;
  for (const c of diffArrays(ia.map(insnKey), ib.map(insnKey))) {
    for (let k = 0; k < c.count; k++) {
      if (c.removed) entries.push({ op: '-', insn: ia[pa++] });
      else if (c.added) entries.push({ op: '+', insn: ib[pb++] });
      else {
        entries.push({ op: ' ', insn: ia[pa++] });
        pb++;
      }
    }
  }
  return { step, label: runRecords(a).steps[step].label, aCount: ia.length, bCount: ib.length, entries };
}

export function alignRuns(a: RunRecord, b: RunRecord): StepAlignment[] {
  const n = Math.min(a.steps.length, b.steps.length);
  return Array.from({ length: n }, (_, i) => alignStep(a, b, i));
}

/** `asm/hyp/switch.S:20, fpsimd_save @ asm/hyp/switch.S:21, asm/hyp/switch.S:22`. */
export function originSummary(insns: readonly Executed[], limit = 3): string {
  const groups: string[] = [];
  for (const r of insns) {
    const g = r.info.macros.length ? macroStackText(r.info) : `${r.info.file}:${r.info.line}`;
    if (groups.at(-1) !== g) groups.push(g);
  }
  const merged: string[] = [];
  for (const g of groups) {
    const prev = merged.at(-1);
    const m = /^([^ ]+):(\d+)$/.exec(g);
    const p = prev ? /^([^ ]+):(\d+)(?:-(\d+))?$/.exec(prev) : null;
    if (m && p && p[1] === m[1] && Number(m[2]) === Number(p[3] ?? p[2]) + 1) merged[merged.length - 1] = `${p[1]}:${p[2]}-${m[2]}`;
    else if (!merged.includes(g)) merged.push(g);
  }
  return merged.length > limit ? `${merged.slice(0, limit).join(', ')}, …` : merged.join(', ');
}

function blockLine(op: AlignOp, insns: readonly Executed[]): string {
  const first = insns[0].info;
  if (insns.length === 1) return `${op} 1 insn  ${first.symbol}: ${first.text} (${first.file}:${first.line}${first.macros.length ? `, ${macroStackText(first)}` : ''})`;
  return `${op} ${insns.length} insns ${first.function} (${originSummary(insns)})`;
}

/** A stretch of changed instructions: consecutive entries with the same op and function. */
export interface Stretch {
  readonly op: AlignOp;
  /** Range in the step's entries. */
  readonly from: number;
  readonly to: number;
  /** `- 22 insns __save_fpsimd (asm/hyp/switch.S:20, fpsimd_save @ …)`. */
  readonly summary: string;
}

/** Every stretch of a step's changes, in order. */
export function stretches(s: StepAlignment): Stretch[] {
  const { entries } = s;
  const out: Stretch[] = [];
  let i = 0;
  while (i < entries.length) {
    if (entries[i].op === ' ') {
      i++;
      continue;
    }
    let j = i + 1;
    while (j < entries.length && entries[j].op === entries[i].op && entries[j].insn.info.function === entries[i].insn.info.function) j++;
    out.push({ op: entries[i].op, from: i, to: j, summary: blockLine(entries[i].op, entries.slice(i, j).map((e) => e.insn)) });
    i = j;
  }
  return out;
}

/** Per step, the earlier step whose changes it repeats exactly (undefined: none, or no changes). */
export function repeatedSteps(steps: readonly StepAlignment[]): Array<number | undefined> {
  const seen = new Map<string, number>();
  return steps.map((s) => {
    const changes = stretches(s);
    if (changes.length === 0) return undefined;
    const signature = changes.map((c) => c.summary).join('\n');
    const earlier = seen.get(signature);
    if (earlier === undefined) seen.set(signature, s.step);
    return earlier;
  });
}

const contextLine = (e: AlignedEntry) => `    ${e.insn.info.symbol}: ${e.insn.info.text}`;

function renderStep(s: StepAlignment, context: number): string[] {
  const { entries } = s;
  const lines: string[] = [];
  const changes = stretches(s);
  let printedTo = 0;
  let c = 0;
  while (c < changes.length) {
    const i = changes[c].from;
    let d = c;
    while (d + 1 < changes.length && changes[d + 1].from === changes[d].to) d++;
    const j = changes[d].to;
    const from = Math.max(printedTo, i - context);
    if (from > printedTo) lines.push(`    … ${from - printedTo} identical instruction${from - printedTo === 1 ? '' : 's'}`);
    for (let k = from; k < i; k++) lines.push(contextLine(entries[k]));
    lines.push(...changes.slice(c, d + 1).map((x) => `  ${x.summary}`));
    const to = Math.min(entries.length, j + context);
    let k = j;
    while (k < to && entries[k].op === ' ') lines.push(contextLine(entries[k++]));
    printedTo = k;
    c = d + 1;
  }
  if (changes.length && printedTo < entries.length) lines.push(`    … ${entries.length - printedTo} identical instruction${entries.length - printedTo === 1 ? '' : 's'}`);
  return lines;
}

/** The alignment as text: per step a header, then change blocks with `context` instructions around them. */
export function alignmentText(steps: readonly StepAlignment[], context: number): string[] {
  const out = [`Trace alignment (A → B, by function and instruction; context ${context}):`];
  const repeats = repeatedSteps(steps);
  steps.forEach((s, n) => {
    const head = `step ${s.step + 1} ${s.label}: A ${s.aCount}, B ${s.bCount} instructions`;
    const lines = renderStep(s, context);
    if (lines.length === 0) out.push(`${head} — identical`);
    else if (repeats[n] !== undefined) out.push(`${head} — the same changes as step ${repeats[n]! + 1}`);
    else out.push(head, ...lines);
  });
  return out;
}
