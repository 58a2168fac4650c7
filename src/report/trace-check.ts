// `hypsim trace --check`: a fresh trace against a stored (golden) one. Lines are compared as
// text; at the first difference the report says where (instruction number, scenario step,
// function and source line), what differs, and shows a few instructions of context: those
// before it (the same in both) and those after it in each trace.
import {
  isCodeLine, isInsnLine, isStepBegin, isStepEnd, type CodeLine, type InsnLine, type ParsedTrace, type TraceHeader, type TraceLine,
} from './trace.js';

export interface CheckMatch {
  readonly match: true;
  readonly lines: number;
  readonly instructions: number;
  readonly steps: number;
}

export interface CheckDivergence {
  readonly match: false;
  /** Index of the first differing line after the header (-1: the headers differ). */
  readonly line: number;
  readonly report: string;
}

export type CheckResult = CheckMatch | CheckDivergence;

interface Side {
  readonly text: readonly string[];
  readonly lines: readonly TraceLine[];
}

function parseSide(text: readonly string[]): Side {
  return { text, lines: text.map((l) => JSON.parse(l) as TraceLine) };
}

function headerDifferences(a: TraceHeader, b: TraceHeader): string[] {
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])] as Array<keyof TraceHeader>;
  return keys.filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k])).map((k) => `${k}: golden ${JSON.stringify(a[k])}, now ${JSON.stringify(b[k])}`);
}

/** Code lines seen up to `end` (exclusive), by pc. */
function codeTable(lines: readonly TraceLine[], end: number): Map<string, CodeLine> {
  const code = new Map<string, CodeLine>();
  for (let i = 0; i < Math.min(end, lines.length); i++) {
    const l = lines[i];
    if (isCodeLine(l)) code.set(l.code, l);
  }
  return code;
}

function stepAt(lines: readonly TraceLine[], index: number): string {
  for (let i = Math.min(index, lines.length - 1); i >= 0; i--) {
    const l = lines[i];
    if (isStepBegin(l)) return `scenario step ${l.step} (${l.label})`;
  }
  return 'before the first scenario step';
}

function firstInsnFrom(lines: readonly TraceLine[], index: number): InsnLine | undefined {
  for (let i = index; i < lines.length; i++) {
    const l = lines[i];
    if (isInsnLine(l)) return l;
  }
  return undefined;
}

/** One instruction line for people: `  1234  EL2  fn+0x4  file:line  text   x3 1→2  W16 field=…`. */
export function describeInsn(l: InsnLine, code: ReadonlyMap<string, CodeLine>): string {
  const c = code.get(l.pc);
  const where = l.irq ? `interrupt taken at 0x${l.pc}` : `${c?.f ?? `0x${l.pc}`}  ${c?.src ?? '?'}  ${c?.t ?? '?'}`;
  const effects = [
    ...(l.r ?? []).map(([n, o, v]) => `${n} ${o}→${v}`),
    ...(l.m ?? []).map(([rw, , size, value, field]) => `${rw === 'w' ? 'W' : 'R'}${size} ${field}=${value}`),
    ...(l.x ?? []).map((x) => `${x.t === 'take' ? `exception ${x.k ?? ''} EL${x.from}→EL${x.to}` : `eret EL${x.from}→EL${x.to}`}`),
    ...(l.e ?? []).map(([, text]) => text),
  ];
  return `${String(l.n).padStart(7)}  EL${l.el}  ${where}${effects.length ? `   ${effects.join('  ')}` : ''}`;
}

function describeLine(l: TraceLine | undefined, code: ReadonlyMap<string, CodeLine>): string {
  if (l === undefined) return '        (end of trace)';
  if (isInsnLine(l)) return describeInsn(l, code);
  if (isStepBegin(l)) return `        -- scenario step ${l.step}: ${l.label}`;
  if (isStepEnd(l)) return `        -- end of step ${l.end}: ${l.insns} instructions${l.exit ? `, exit ${l.exit}` : ''}`;
  if (isCodeLine(l)) return `        code ${l.f} = ${l.t} (${l.w})`;
  return `        -- done: ${JSON.stringify(l.done)}`;
}

function whatDiffers(g: TraceLine | undefined, n: TraceLine | undefined): string {
  if (g === undefined) return 'the golden trace ends here; the new one goes on';
  if (n === undefined) return 'the new trace ends here; the golden one goes on';
  if (isCodeLine(g) && isCodeLine(n) && g.code === n.code) {
    return `the instruction at ${g.f} changed: golden \`${g.t}\` (${g.w}, ${g.src}), now \`${n.t}\` (${n.w}, ${n.src})`;
  }
  if (isInsnLine(g) && isInsnLine(n)) {
    if (g.pc !== n.pc) return `control flow differs: golden executes 0x${g.pc}, now 0x${n.pc}`;
    const parts: string[] = [];
    const show = (v: unknown) => JSON.stringify(v ?? []);
    if (show(g.r) !== show(n.r)) parts.push(`registers written: golden ${show(g.r)}, now ${show(n.r)}`);
    if (show(g.m) !== show(n.m)) parts.push(`memory: golden ${show(g.m)}, now ${show(n.m)}`);
    if (show(g.x) !== show(n.x)) parts.push(`exceptions: golden ${show(g.x)}, now ${show(n.x)}`);
    if (show(g.e) !== show(n.e)) parts.push(`barriers/maintenance: golden ${show(g.e)}, now ${show(n.e)}`);
    if (g.el !== n.el) parts.push(`EL: golden ${g.el}, now ${n.el}`);
    return parts.join('; ') || 'the lines differ';
  }
  if (isStepEnd(g) && isStepEnd(n)) return `step ${g.end} ends differently: golden ${g.insns} instructions${g.exit ? ` (exit ${g.exit})` : ''}, now ${n.insns}${n.exit ? ` (exit ${n.exit})` : ''}`;
  if (isStepEnd(g)) return `golden ends step ${g.end} here (${g.insns} instructions); the new trace goes on`;
  if (isStepEnd(n)) return `the new trace ends step ${n.end} here (${n.insns} instructions); the golden one goes on`;
  return `golden ${JSON.stringify(g)}, now ${JSON.stringify(n)}`;
}

/** Up to `count` line indices of instruction lines before `index`. */
function insnsBefore(lines: readonly TraceLine[], index: number, count: number): number[] {
  const out: number[] = [];
  for (let i = index - 1; i >= 0 && out.length < count; i--) if (isInsnLine(lines[i]) || isStepBegin(lines[i])) out.unshift(i);
  return out;
}

function linesFrom(lines: readonly TraceLine[], index: number, count: number): number[] {
  const out: number[] = [];
  for (let i = index; i < lines.length && out.length < count; i++) if (!isCodeLine(lines[i]) || i === index) out.push(i);
  return out;
}

function summary(side: Side): CheckMatch {
  const done = side.lines.at(-1);
  const instructions = side.lines.filter((l) => isInsnLine(l) && !l.irq).length;
  const steps = done && 'done' in done ? done.done.steps : side.lines.filter(isStepBegin).length;
  return { match: true, lines: side.lines.filter(isInsnLine).length, instructions, steps };
}

export function compareTrace(golden: ParsedTrace, header: TraceHeader, fresh: readonly string[], source: string, context = 3): CheckResult {
  const headerDiff = headerDifferences(golden.header, header);
  const headerNote = headerDiff.length ? [`the headers differ:`, ...headerDiff.map((d) => `  ${d}`)] : [];
  // Another patch or variant of the same scenario is still worth comparing line by line.
  if (headerDiff.some((d) => !/^(patch|variant):/.test(d))) return { match: false, line: -1, report: [`trace differs from golden ${source}: ${headerNote[0]}`, ...headerNote.slice(1)].join('\n') };
  const g: Side = golden;
  let i = 0;
  while (i < g.text.length && i < fresh.length && g.text[i] === fresh[i]) i++;
  if (i === g.text.length && i === fresh.length) {
    if (headerNote.length) return { match: false, line: -1, report: [`the instruction streams match golden ${source}, but ${headerNote[0]}`, ...headerNote.slice(1)].join('\n') };
    return summary(g);
  }
  const n = parseSide(fresh);
  const before = insnsBefore(g.lines, i, context);
  const gAfter = linesFrom(g.lines, i, context + 1);
  const nAfter = linesFrom(n.lines, i, context + 1);
  const gCode = codeTable(g.lines, Math.max(i, ...gAfter) + 1);
  const nCode = codeTable(n.lines, Math.max(i, ...nAfter) + 1);
  const at = firstInsnFrom(g.lines, i) ?? firstInsnFrom(n.lines, i);
  const codeAt = at ? (gCode.get(at.pc) ?? nCode.get(at.pc)) : undefined;
  const where = at ? `instruction ${at.n} in ${stepAt(g.lines, i)}${codeAt ? `, ${codeAt.f} (${codeAt.src})` : ''}` : stepAt(g.lines, i);
  const report = [
    `trace differs from golden ${source}`,
    ...headerNote,
    `first divergence: ${where}`,
    `  ${whatDiffers(g.lines[i], n.lines[i])}`,
    'before (the same in both):',
    ...before.map((k) => describeLine(g.lines[k], gCode)),
    'golden:',
    ...gAfter.map((k, j) => (j === 0 ? '>' : ' ') + describeLine(g.lines[k], gCode).slice(1)),
    ...(i >= g.lines.length ? ['>       (end of trace)'] : []),
    'now:',
    ...nAfter.map((k, j) => (j === 0 ? '>' : ' ') + describeLine(n.lines[k], nCode).slice(1)),
    ...(i >= n.lines.length ? ['>       (end of trace)'] : []),
  ].join('\n');
  return { match: false, line: i, report };
}

/** Instruction number of the first divergence (for tests and scripts): the first instruction line at or after it. */
export function divergenceInstruction(golden: ParsedTrace, fresh: readonly string[]): { n: number; step: string } | undefined {
  let i = 0;
  while (i < golden.text.length && i < fresh.length && golden.text[i] === fresh[i]) i++;
  if (i === golden.text.length && i === fresh.length) return undefined;
  const at = firstInsnFrom(golden.lines, i);
  return at ? { n: at.n, step: stepAt(golden.lines, i) } : undefined;
}
