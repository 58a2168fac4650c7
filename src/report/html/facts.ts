// What a page's header states: the tree, the patch and how it applied, the scenario, the
// variants, the modelled host C code and the session's notes — with no machine paths.
import type { RunRecord } from '../../kvm/runner.js';
import { formatHunkReport, type PatchResult } from '../../tree/patch.js';
import { esc } from './markup.js';

/** Absolute paths in free text (notes naming a file given on the command line) become base names. */
export function withoutMachinePaths(text: string): string {
  return text.replace(/(^|[\s(='"])\/(?:[^\s/'")]+\/)+([^\s/'")]+)/g, '$1$2');
}

export function scenarioName(rec: RunRecord): string {
  const n = rec.scenario.name;
  return withoutMachinePaths(n.includes('/') ? n.slice(n.lastIndexOf('/') + 1) : n);
}

export function patchFacts(patch: PatchResult | undefined, name: string | undefined): string {
  if (!patch) return 'none';
  const hunks = patch.hunks.map((h) => `<li><code>${esc(formatHunkReport(h))}</code></li>`).join('');
  return `<code>${esc(withoutMachinePaths(name ?? ''))}</code>${patch.subject ? ` — ${esc(patch.subject)}` : ''}<details><summary>${patch.hunks.length} hunk${patch.hunks.length === 1 ? '' : 's'}</summary><ul>${hunks}</ul></details>`;
}

function modelled(rec: RunRecord): string[] {
  const seen = new Set<string>();
  for (const s of rec.steps) for (const m of s.modelled) seen.add(m.text);
  return [...seen];
}

/** The modelled host C code of each side, and the session notes. */
export function modelFacts(recs: readonly RunRecord[], sides: readonly string[]): string {
  const lists = recs.map((r, i) => `<h3>Modelled host C code${recs.length > 1 ? ` (${esc(sides[i])})` : ''}</h3><ul>${modelled(r).map((t) => `<li><code>${esc(t)}</code></li>`).join('')}</ul>`);
  const notes = recs[0].session.notes.map((n) => `<li>${esc(withoutMachinePaths(n))}</li>`).join('');
  return `<details class="model"><summary>What ran, and what hypsim modelled</summary>${lists.join('')}<h3>Notes</h3><ul>${notes}</ul></details>`;
}
