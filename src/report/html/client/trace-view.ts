// The trace alignment per scenario step: a header per step (counts, what changed, or which
// earlier step it repeats), and on request the aligned instructions — removed and added
// stretches marked, unchanged runs beyond the context collapsed to a line that unfolds —
// rendered one page at a time.
import type { CodeEntry, PageData, TraceStep } from '../data.js';
import { h, plural, srOnly } from './dom.js';
import { Pager } from './pager.js';

export type ShowLine = (side: number, file: string, line: number) => void;

const OP_SIGN = ['', '−', '+'];
const OP_WORD = ['', 'removed', 'added'];
const OP_CLASS = ['', 'del', 'add'];
const OPEN_STRETCH_MAX = 16;
const CONTEXTS = [0, 1, 2, 3, 5, 10, 20];

type Item = { readonly k: 'gap'; readonly from: number; readonly to: number } | { readonly k: 'e'; readonly i: number } | { readonly k: 's'; readonly n: number };

/** One step's entries, expanded from runs, with each entry's position in A and in B. */
class StepModel {
  readonly ops: Uint8Array;
  readonly codes: Int32Array;
  readonly aPos: Int32Array;
  readonly bPos: Int32Array;
  readonly openGaps = new Set<number>();
  readonly stretchOpen: boolean[];

  constructor(readonly step: TraceStep) {
    const n = step.runs.reduce((a, r) => a + r[2], 0);
    this.ops = new Uint8Array(n);
    this.codes = new Int32Array(n);
    this.aPos = new Int32Array(n);
    this.bPos = new Int32Array(n);
    let i = 0;
    let a = 0;
    let b = 0;
    for (const [op, first, count] of step.runs) {
      for (let k = 0; k < count; k++, i++) {
        this.ops[i] = op;
        this.codes[i] = first + k;
        this.aPos[i] = op === 2 ? 0 : ++a;
        this.bPos[i] = op === 1 ? 0 : ++b;
      }
    }
    this.stretchOpen = step.stretches.map(([, from, to]) => to - from <= OPEN_STRETCH_MAX);
  }

  /** What to show: context around each block of stretches, gaps for the rest (like the text report). */
  items(context: number): Item[] {
    const out: Item[] = [];
    const S = this.step.stretches;
    const n = this.ops.length;
    const gap = (from: number, to: number) => {
      if (to <= from) return;
      if (this.openGaps.has(from)) for (let k = from; k < to; k++) out.push({ k: 'e', i: k });
      else out.push({ k: 'gap', from, to });
    };
    let printedTo = 0;
    let c = 0;
    while (c < S.length) {
      let d = c;
      while (d + 1 < S.length && S[d + 1][1] === S[d][2]) d++;
      const [i, j] = [S[c][1], S[d][2]];
      const from = Math.max(printedTo, i - context);
      gap(printedTo, from);
      for (let k = from; k < i; k++) out.push({ k: 'e', i: k });
      for (let s = c; s <= d; s++) {
        out.push({ k: 's', n: s });
        if (this.stretchOpen[s]) for (let k = S[s][1]; k < S[s][2]; k++) out.push({ k: 'e', i: k });
      }
      const to = Math.min(n, j + context);
      let k = j;
      while (k < to && this.ops[k] === 0) out.push({ k: 'e', i: k++ });
      printedTo = k;
      c = d + 1;
    }
    gap(printedTo, n);
    return out;
  }
}

function sourceCell(e: CodeEntry, show: ShowLine): HTMLTableCellElement {
  const where = `${e[4]}:${e[5]}`;
  const link = h('a', { href: '#source', class: 'jump', onclick: (ev: Event) => { ev.preventDefault(); show(e[0], e[4], e[5]); } }, where);
  return h('td', {}, link, e[6] ? ` ${e[6]}` : '');
}

class StepView {
  readonly li: HTMLLIElement;
  private model?: StepModel;
  private items: Item[] = [];
  private pager?: Pager;
  private readonly box: HTMLDivElement;
  private readonly toggle: HTMLButtonElement;

  constructor(
    private readonly step: TraceStep,
    private readonly code: readonly CodeEntry[],
    private readonly context: () => number,
    private readonly show: ShowLine,
  ) {
    const id = `trace-step-${step.step + 1}`;
    this.box = h('div', { class: 'alignment', id: `${id}-body`, hidden: true });
    this.toggle = h('button', { type: 'button', class: 'act', 'aria-expanded': 'false', 'aria-controls': `${id}-body`, onclick: () => this.setOpen(this.box.hidden) }, 'Show the alignment');
    const sum = (op: number) => step.stretches.filter((x) => x[0] === op).reduce((a, [, f, t]) => a + t - f, 0);
    const n = step.stretches.length;
    const status =
      step.stretches.length === 0
        ? h('span', { class: 'status-text' }, 'identical')
        : step.sameAs !== undefined
          ? h('span', { class: 'status-text' }, 'the same changes as ', h('a', { href: `#trace-step-${step.sameAs + 1}` }, `step ${step.sameAs + 1}`))
          : h('span', { class: 'status-text' }, `${n} changed stretch${n === 1 ? '' : 'es'}: −${sum(1)} +${sum(2)} instructions`);
    const head = h('div', { class: 'step-head' }, h('strong', {}, `Step ${step.step + 1}`), h('span', {}, step.label), h('span', { class: 'what' }, `A ${step.aCount}, B ${step.bCount} instructions`), status, this.toggle);
    const summaries = step.sameAs === undefined && step.stretches.length ? h('ul', { class: 'changes' }, ...step.stretches.slice(0, 6).map((s) => h('li', {}, h('code', {}, s[3]))), step.stretches.length > 6 ? h('li', {}, `… ${step.stretches.length - 6} more`) : null) : null;
    this.li = h('li', { id }, head, summaries, this.box);
  }

  setOpen(open: boolean): void {
    this.box.hidden = !open;
    this.toggle.setAttribute('aria-expanded', String(open));
    this.toggle.textContent = open ? 'Hide the alignment' : 'Show the alignment';
    if (open) this.refresh();
  }

  get open(): boolean {
    return !this.box.hidden;
  }

  refresh(): void {
    if (!this.model) this.model = new StepModel(this.step);
    const model = this.model;
    this.items = model.items(this.context());
    if (!this.pager) {
      const body = h('tbody');
      const table = h(
        'table',
        { class: 'trace' },
        h('caption', { class: 'sr-only' }, `Trace alignment of step ${this.step.step + 1}`),
        h('thead', {}, h('tr', {}, ...['', 'A #', 'B #', 'function', 'instruction', 'source'].map((t, i) => h('th', { scope: 'col', class: i === 1 || i === 2 ? 'num' : undefined }, t || srOnly('change'))))),
        body,
      );
      this.pager = new Pager(body, () => this.items.length, (i) => this.row(this.items[i]), `Step ${this.step.step + 1}`);
      this.box.append(this.pager.controls, h('div', { class: 'table-wrap' }, table));
    }
    this.pager.render();
  }

  private row(item: Item): HTMLTableRowElement {
    const m = this.model!;
    if (item.k === 'gap') {
      const n = item.to - item.from;
      const open = h('button', { type: 'button', class: 'fold', onclick: () => { m.openGaps.add(item.from); this.refresh(); } }, `show ${plural(n, 'identical instruction')}`);
      return h('tr', { class: 'gap' }, h('td', { colspan: 6 }, `… ${plural(n, 'identical instruction')} (A ${m.aPos[item.from]}–${m.aPos[item.to - 1]}) `, open));
    }
    if (item.k === 's') {
      const [op, from, to, summary] = this.step.stretches[item.n];
      const fold = h('button', { type: 'button', class: 'fold', 'aria-expanded': String(m.stretchOpen[item.n]), onclick: () => { m.stretchOpen[item.n] = !m.stretchOpen[item.n]; this.refresh(); } }, m.stretchOpen[item.n] ? 'hide' : `show ${plural(to - from, 'instruction')}`);
      return h('tr', { class: `stretch ${OP_CLASS[op]}` }, h('td', { class: 'op' }, OP_SIGN[op], srOnly(OP_WORD[op])), h('td', { colspan: 5 }, summary, ' ', fold));
    }
    const i = item.i;
    const op = m.ops[i];
    const e = this.code[m.codes[i]];
    return h(
      'tr',
      { class: OP_CLASS[op] || undefined },
      h('td', { class: 'op' }, OP_SIGN[op], op ? srOnly(OP_WORD[op]) : null),
      h('td', { class: 'num' }, m.aPos[i] || ''),
      h('td', { class: 'num' }, m.bPos[i] || ''),
      h('td', {}, e[2] ? `${e[1]}+0x${e[2].toString(16)}` : e[1]),
      h('td', { class: 'insn' }, e[3]),
      sourceCell(e, this.show),
    );
  }
}

export function initTraceView(data: PageData, show: ShowLine): void {
  const root = document.getElementById('trace-view');
  if (!root || !data.trace) return;
  const trace = data.trace;
  let context = trace.context;
  const views: StepView[] = [];
  const select = h('select', { id: 'trace-context', onchange: () => {
    context = Number(select.value);
    for (const v of views) if (v.open) v.refresh();
  } }, ...[...new Set([...CONTEXTS, trace.context])].sort((a, b) => a - b).map((c) => h('option', { value: c, selected: c === context }, String(c))));
  const expandChanged = h('button', { type: 'button', class: 'act', onclick: () => views.forEach((v, i) => trace.steps[i].stretches.length && trace.steps[i].sameAs === undefined && v.setOpen(true)) }, 'Show every step that changed');
  const list = h('ol', { class: 'step-list' });
  for (const s of trace.steps) {
    const v = new StepView(s, data.code, () => context, show);
    views.push(v);
    list.append(v.li);
  }
  root.replaceChildren(h('div', { class: 'controls' }, h('label', {}, 'Unchanged instructions around changes ', select), expandChanged), list);
}
