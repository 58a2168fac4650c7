// The source view: one file at a time, each line with how often it ran on each side as a heat
// column (the number is printed; the shade only repeats it), lines a patch removed or added
// marked, macro invocations unfolding into their expansion with per-instruction counts, and
// jumps from functions, macros and trace rows to their lines.
import type { Jump, PageData, SourceFile } from '../data.js';
import { h, plural, srOnly } from './dom.js';

const SIDE_WORD = ['A', 'B'];

function totals(f: SourceFile): number[] {
  return f.counts.map((c) => c.reduce((a, [, n]) => a + n, 0));
}

/** The file to open first: where the sides differ most, else the one that ran most. */
function firstFile(files: readonly SourceFile[]): number {
  let best = 0;
  let bestScore = -1;
  files.forEach((f, i) => {
    const t = totals(f);
    const diff = t.length > 1 ? Math.abs(t[0] - t[1]) : 0;
    const score = diff * 1e9 + t.reduce((a, b) => a + b, 0);
    if (score > bestScore) [best, bestScore] = [i, score];
  });
  return best;
}

export class SourceView {
  private readonly select: HTMLSelectElement;
  private readonly body: HTMLTableSectionElement;
  private readonly caption: HTMLTableCaptionElement;
  private readonly sides: number;
  private current = -1;

  constructor(
    private readonly root: HTMLElement,
    private readonly data: PageData,
  ) {
    this.sides = data.sides.length;
    const files = data.sources;
    this.select = h(
      'select',
      { id: 'source-file', onchange: () => this.open(Number(this.select.value)) },
      ...files.map((f, i) => h('option', { value: i }, `${f.path} — ${totals(f).map((t, s) => (this.sides > 1 ? `${SIDE_WORD[s]} ${t}` : String(t))).join(', ')} runs${f.changed ? ' (changed)' : ''}`)),
    );
    this.caption = h('caption');
    this.body = h('tbody');
    const heads = this.sides > 1 ? ['A runs', 'B runs', 'A line', 'B line', 'source'] : ['runs', 'line', 'source'];
    const table = h('table', { class: 'source', id: 'source-table' }, this.caption, h('thead', {}, h('tr', {}, ...heads.map((t) => h('th', { scope: 'col', class: t === 'source' ? undefined : 'num' }, t)))), this.body);
    root.replaceChildren(h('div', { class: 'controls' }, h('label', { for: 'source-file' }, 'File '), this.select), h('div', { class: 'table-wrap' }, table));
    if (files.length) this.open(firstFile(files));
    else root.append(h('p', {}, 'No source lines ran.'));
  }

  open(index: number): void {
    if (index === this.current) return;
    this.current = index;
    this.select.value = String(index);
    const f = this.data.sources[index];
    const counts = f.counts.map((c) => new Map(c));
    const max = Math.max(1, ...f.counts.flatMap((c) => c.map(([, n]) => n)));
    const t = totals(f);
    this.caption.textContent = `${f.path}: ${t.map((x, s) => (this.sides > 1 ? `${SIDE_WORD[s]} ${x}` : String(x))).join(', ')} line runs${f.available ? '' : ' (hypsim could not read this file: line numbers only)'}`;
    const rows: HTMLTableRowElement[] = [];
    f.rows.forEach((row, r) => rows.push(this.row(f, r, row, counts, max)));
    this.body.replaceChildren(...rows);
  }

  private countCell(count: number | undefined, max: number): HTMLTableCellElement {
    if (count === undefined) return h('td', { class: 'num count' });
    const cell = h('td', { class: 'num count heat' }, count);
    cell.style.setProperty('--h', String(count ? (0.15 + (0.7 * Math.log1p(count)) / Math.log1p(max)).toFixed(3) : 0));
    return cell;
  }

  private row(f: SourceFile, r: number, row: readonly [number, number, string], counts: ReadonlyArray<ReadonlyMap<number, number>>, max: number): HTMLTableRowElement {
    const [la, lb, text] = row;
    const lines = this.sides > 1 ? [la, lb] : [la];
    const only = this.sides > 1 && (la === 0 || lb === 0) && f.changed ? (la === 0 ? 'add' : 'del') : '';
    const cells = lines.map((l, s) => this.countCell(l ? counts[s].get(l) : undefined, max));
    const lineCells = lines.map((l) => h('td', { class: 'ln' }, l || (only === 'add' ? '+' : only === 'del' ? '−' : '')));
    const src = h('td', { class: 'src' }, only ? srOnly(only === 'add' ? 'added line: ' : 'removed line: ') : null, text);
    const tr = h('tr', { class: only || undefined, 'data-row': r }, ...cells, ...lineCells, src);
    const exp = f.expansions[r];
    if (exp) {
      const fold = h('button', { type: 'button', class: 'fold', 'aria-expanded': 'false' }, `▸ ${plural(exp.length, 'instruction')}`);
      fold.addEventListener('click', () => this.toggleExpansion(tr, fold, exp));
      src.append(fold);
    }
    return tr;
  }

  private toggleExpansion(tr: HTMLTableRowElement, fold: HTMLButtonElement, exp: NonNullable<SourceFile['expansions'][string]>): void {
    const open = fold.getAttribute('aria-expanded') === 'true';
    fold.setAttribute('aria-expanded', String(!open));
    fold.textContent = `${open ? '▸' : '▾'} ${plural(exp.length, 'instruction')}`;
    if (open) {
      while (tr.nextElementSibling?.classList.contains('exp')) tr.nextElementSibling.remove();
      return;
    }
    const rows = exp.map(([text, origin, hits]) =>
      h('tr', { class: 'exp' }, ...hits.map((n) => h('td', { class: 'num count' }, n < 0 ? '' : n)), ...hits.map(() => h('td', { class: 'ln' })), h('td', { class: 'src' }, `${text}`, h('span', { class: 'note' }, `   ${origin}`))),
    );
    tr.after(...rows);
  }

  /** Opens a file at a line (side: whose line numbers), highlights it and moves focus there. */
  show(side: number, file: string, line: number): boolean {
    const index = this.data.sources.findIndex((f) => f.path === file);
    if (index < 0) return false;
    this.open(index);
    const f = this.data.sources[index];
    const col = this.sides > 1 ? side : 0;
    const r = f.rows.findIndex((row) => row[col] === line);
    if (r < 0) return false;
    for (const old of this.body.querySelectorAll('tr.target')) old.classList.remove('target');
    const tr = this.body.querySelector<HTMLTableRowElement>(`tr[data-row="${r}"]`);
    if (!tr) return false;
    tr.classList.add('target');
    tr.tabIndex = -1;
    this.root.scrollIntoView({ block: 'start' });
    tr.scrollIntoView({ block: 'center' });
    tr.focus({ preventScroll: true });
    return true;
  }

  jump(target: Jump): boolean {
    return this.show(target.side, target.file, target.line);
  }
}
