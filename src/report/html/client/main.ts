// The page's script: sortable tables, the copy button, and — from the embedded data — the
// source view and the trace alignment, with jumps from functions and macros to their lines.
import type { PageData } from '../data.js';
import { initCopy } from './copy.js';
import { SourceView } from './source-view.js';
import { initSorting } from './sort.js';
import { initTraceView } from './trace-view.js';

function pageData(): PageData | undefined {
  const el = document.getElementById('hypsim-data');
  return el?.textContent ? (JSON.parse(el.textContent) as PageData) : undefined;
}

function initJumps(data: PageData, view: SourceView): void {
  document.addEventListener('click', (e) => {
    const el = (e.target as Element).closest?.('[data-jump]');
    if (!el || (e.target as Element).closest('button.sort')) return;
    const target = data.jumps[el.getAttribute('data-jump') ?? ''];
    if (!target) return;
    e.preventDefault();
    view.jump(target);
  });
}

function init(): void {
  initSorting(document);
  initCopy();
  const data = pageData();
  const root = document.getElementById('source-view');
  if (!data || !root) return;
  const view = new SourceView(root, data);
  initJumps(data, view);
  initTraceView(data, (side, file, line) => view.show(side, file, line));
}

init();
