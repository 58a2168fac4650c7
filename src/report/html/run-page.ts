// The page of one run (`hypsim run --html`, `hypsim count --html`): per round trip and per step,
// where the instructions go, every other count, the source view with per-line counts, and the
// `count --format mail` summary.
import type { RunRecord } from '../../kvm/runner.js';
import type { PatchResult } from '../../tree/patch.js';
import { computeCounts, type CountSection } from '../counts.js';
import { countMail } from '../mail.js';
import { executed, runRecords } from '../records.js';
import { num } from '../table.js';
import { jumpTargets } from './code-table.js';
import { countPageSections, fromCounts, stepTable, summaryTable } from './count-sections.js';
import { modelFacts, patchFacts, scenarioName } from './facts.js';
import { definitionList, esc, section } from './markup.js';
import { htmlPage } from './page.js';
import { mailSection, sourceSection } from './shared-sections.js';
import { sourceFiles, type SourceReader } from './source-data.js';

export interface HtmlRunInput {
  readonly rec: RunRecord;
  readonly command: 'run' | 'count';
  readonly tree: string;
  readonly read: SourceReader;
  readonly patch?: PatchResult;
  readonly patchName?: string;
  /** Sections a caller adds (estimated cycles). */
  readonly extraSections?: readonly CountSection[];
}

export function runHtml(input: HtmlRunInput): string {
  const { rec } = input;
  const c = computeCounts(rec);
  const side = [rec.session.label];
  const sections = [...c.sections, ...(input.extraSections ?? [])].filter((s) => s.id !== 'line').map(fromCounts);
  const sec = (id: string) => sections.find((s) => s.id === id)!;
  const recs = runRecords(rec);
  const data = { sides: side, code: [], sources: sourceFiles([{ recs, read: input.read }]), jumps: jumpTargets([executed(recs).map((r) => r.info)]) };
  const t = c.totals;
  const header = [
    `<h1>hypsim ${input.command}: ${esc(scenarioName(rec))}</h1>`,
    definitionList([
      ['Tree', esc(input.tree)],
      ['Patch', patchFacts(input.patch, input.patchName)],
      ['Scenario', `<strong>${esc(scenarioName(rec))}</strong> — ${esc(rec.scenario.description)}`],
      ['Variant', esc(rec.session.label)],
    ]),
    `<p class="headline" id="round-trip">Per guest entry + exit: <strong>${esc(num(t.perRun.switchInstructions))}</strong> host + hypervisor instructions, ${esc(num(t.perRun.bytes))} bytes moved (${esc(num(t.perRun.fpsimdBytes))} FP/SIMD); ${t.instructions} instructions in all.</p>`,
  ].join('\n');
  const page = [
    { id: 'summary', title: 'Round trip', html: section('summary', 'Per round trip', [summaryTable([t], side), modelFacts([rec], side)].join('\n')) },
    { id: 'steps', title: 'Steps', html: section('steps', 'Per scenario step', stepTable(sec('step'), rec, side)) },
    ...countPageSections(sections, side),
    { id: 'source', title: 'Source', html: sourceSection(1) },
    { id: 'mail', title: 'Mail summary', html: mailSection(countMail(c)) },
  ];
  return htmlPage({ title: `hypsim ${input.command} — ${scenarioName(rec)}: ${rec.session.label}`, header, sections: page, data });
}
