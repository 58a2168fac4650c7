// The diff page: what a patch changes, A (before) beside B (after) — header with the verdict,
// per round trip and per step, where the instructions go, the source view, the trace alignment,
// the state diff and the mail summary.
import { diffCounts, movedWork, type MovedFunction } from '../count-diff.js';
import { computeCounts, type Counts } from '../counts.js';
import { diffMail } from '../mail.js';
import { executed, runRecords } from '../records.js';
import type { DiffReportInput } from '../scenario-report.js';
import { fieldPath, statePoints, verdictLines } from '../state-diff.js';
import { num, percent, signed } from '../table.js';
import { alignRuns } from '../trace-align.js';
import type { Verdict } from '../../kvm/verdict.js';
import { CodeTable, jumpTargets } from './code-table.js';
import { countPageSections, fromDiff, stepTable, summaryTable } from './count-sections.js';
import { modelFacts, patchFacts, scenarioName } from './facts.js';
import { cell, definitionList, esc, jumpLink, section, table } from './markup.js';
import { htmlPage } from './page.js';
import { mailSection, sourceSection, traceSection } from './shared-sections.js';
import { sourceFiles, type SourceReader } from './source-data.js';
import { traceData } from './trace-data.js';

export interface HtmlDiffInput extends DiffReportInput {
  /** How to name the tree (`hypsim corpus`, `Linux tree linux-4.0`): never a machine path. */
  readonly tree: string;
  /** Source files of A and B, for the source view. */
  readonly read: readonly [SourceReader, SourceReader];
  /** Unchanged instructions shown around each change in the trace alignment. */
  readonly context?: number;
}

const SIDES = ['A', 'B'] as const;

function verdictBanner(v: Verdict): string {
  if (v.equivalent) return `<p class="verdict ok" role="status"><span class="sym" aria-hidden="true">✓</span> Equivalent: same guest state at all ${v.checkedExits} exits, same host state and saved vcpu context after vcpu_put</p>`;
  const points = statePoints(v).length;
  return `<p class="verdict bad" role="status"><span class="sym" aria-hidden="true">✗</span> Not equivalent: ${v.differences.length} difference${v.differences.length === 1 ? '' : 's'} at ${points} point${points === 1 ? '' : 's'} (<a href="#state">state diff</a>)</p>`;
}

function header(input: HtmlDiffInput): string {
  const { a, b, verdict } = input;
  return [
    `<h1>hypsim diff: ${esc(scenarioName(a))}</h1>`,
    definitionList([
      ['Tree', esc(input.tree)],
      ['Patch', patchFacts(input.patch, input.patchName)],
      ['Scenario', `<strong>${esc(scenarioName(a))}</strong> — ${esc(a.scenario.description)}`],
      ['A (before)', esc(a.session.label)],
      ['B (after)', esc(b.session.label)],
    ]),
    verdictBanner(verdict),
  ].join('\n');
}

const delta = (x: number, y: number) => `${signed(Number(num(y - x)))} (${percent(y - x, x)})`;

function headline(ca: Counts, cb: Counts): string {
  const [a, b] = [ca.totals.perRun, cb.totals.perRun];
  return (
    `<p class="headline" id="round-trip-delta">Per guest entry + exit: <strong>${esc(delta(a.switchInstructions, b.switchInstructions))}</strong> host + hypervisor instructions ` +
    `(A ${esc(num(a.switchInstructions))} → B ${esc(num(b.switchInstructions))}), ${esc(delta(a.bytes, b.bytes))} bytes moved, FP/SIMD bytes ${esc(num(a.fpsimdBytes))} → ${esc(num(b.fpsimdBytes))}.</p>`
  );
}

function movedTable(moved: readonly MovedFunction[]): string {
  if (moved.length === 0) return '<p>No function runs on one side only.</p>';
  return table({
    id: 'moved-table',
    caption: 'Work that moved: functions only one side runs',
    columns: [{ header: 'function' }, { header: 'runs in' }, { header: 'insns', numeric: true }, { header: 'calls', numeric: true }, { header: 'during' }],
    rows: moved.map((m) => ({
      cls: 'moved',
      jump: `fn:${m.name}`,
      cells: [jumpLink(m.name, `fn:${m.name}`), cell(m.side === 'a' ? 'A only' : 'B only'), cell(m.instructions, m.instructions), cell(m.calls, m.calls), cell(m.stepKinds.join(', '))],
    })),
    sortable: true,
  });
}

function movedTag(moved: readonly MovedFunction[]): (key: string) => string {
  const side = new Map(moved.map((m) => [m.name, m.side]));
  return (key) => (side.get(key) === 'a' ? '<span class="tag a">only in A</span>' : side.get(key) === 'b' ? '<span class="tag b">only in B</span>' : '');
}

function stateSection(v: Verdict): string {
  if (v.equivalent) return `<p>${esc(verdictLines(v)[0])}</p>`;
  const tables = statePoints(v).map((p, i) =>
    table({
      id: `state-${i + 1}`,
      caption: `State diff ${p.where} (${p.differences.length})`,
      columns: [{ header: 'field path' }, { header: 'A' }, { header: 'B' }],
      rows: p.differences.map((d) => ({ cells: [{ text: fieldPath(d), html: `<code>${esc(fieldPath(d))}</code>` }, { text: d.a, html: `<code>${esc(d.a)}</code>` }, { text: d.b, html: `<code>${esc(d.b)}</code>` }] })),
    }),
  );
  return [`<p>${esc(verdictLines(v)[0])}</p>`, ...tables].join('\n');
}

export function diffHtml(input: HtmlDiffInput): string {
  const { a, b, verdict } = input;
  const ca = computeCounts(a);
  const cb = computeCounts(b);
  const d = diffCounts(ca, cb);
  const moved = movedWork(a, ca, b, cb);
  const sections = d.sections.map(fromDiff);
  const sec = (id: string) => sections.find((s) => s.id === id)!;
  const code = new CodeTable();
  const trace = traceData(alignRuns(a, b), code, input.context ?? 2);
  const [ra, rb] = [runRecords(a), runRecords(b)];
  const data = {
    sides: [...SIDES],
    code: code.entries,
    trace,
    sources: sourceFiles([{ recs: ra, read: input.read[0] }, { recs: rb, read: input.read[1] }]),
    jumps: jumpTargets([executed(ra).map((r) => r.info), executed(rb).map((r) => r.info)]),
  };
  const page = [
    { id: 'summary', title: 'Round trip', html: section('summary', 'Per round trip', [headline(ca, cb), `<div class="pair">${summaryTable([ca.totals, cb.totals], SIDES)}<div>${movedTable(moved)}</div></div>`, modelFacts([a, b], SIDES)].join('\n')) },
    { id: 'steps', title: 'Steps', html: section('steps', 'Per scenario step', stepTable(sec('step'), a, SIDES), 'A is drawn solid, B hatched; the numbers are in the columns beside the bars.') },
    ...countPageSections(sections, SIDES, movedTag(moved)),
    { id: 'source', title: 'Source', html: sourceSection(2) },
    { id: 'trace', title: 'Trace alignment', html: traceSection() },
    { id: 'state', title: verdict.equivalent ? 'State' : 'State diff', html: section('state', verdict.equivalent ? 'State: equivalent' : 'State diff', stateSection(verdict)) },
    { id: 'mail', title: 'Mail summary', html: mailSection(diffMail({ a: ca, b: cb, moved, verdict })) },
  ];
  return htmlPage({ title: `hypsim diff — ${scenarioName(a)}: ${a.session.label} vs ${b.session.label}`, header: header(input), sections: page, data });
}
