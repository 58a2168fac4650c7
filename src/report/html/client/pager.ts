// A paged table body: only one page of rows is ever in the document, so a list of 10^5 trace
// lines stays as fast as one of a hundred. Previous/next buttons and a position read-out.
import { h } from './dom.js';

export const PAGE_SIZE = 200;

export class Pager {
  start = 0;
  readonly controls: HTMLElement;
  private readonly where: HTMLElement;
  private readonly prev: HTMLButtonElement;
  private readonly next: HTMLButtonElement;

  constructor(
    private readonly body: HTMLTableSectionElement,
    private readonly count: () => number,
    private readonly row: (i: number) => HTMLTableRowElement,
    label: string,
    private readonly size = PAGE_SIZE,
  ) {
    this.where = h('span', { 'aria-live': 'polite' });
    this.prev = h('button', { type: 'button', class: 'act', onclick: () => this.go(this.start - this.size) }, '← previous');
    this.next = h('button', { type: 'button', class: 'act', onclick: () => this.go(this.start + this.size) }, 'next →');
    this.controls = h('div', { class: 'pager', role: 'group', 'aria-label': `${label}: pages` }, this.prev, this.where, this.next);
  }

  go(start: number): void {
    this.start = Math.max(0, Math.min(start, Math.floor(Math.max(0, this.count() - 1) / this.size) * this.size));
    this.render();
  }

  /** Moves to the page holding row `i`. */
  show(i: number): void {
    this.go(Math.floor(i / this.size) * this.size);
  }

  render(): void {
    const n = this.count();
    if (this.start >= n) this.start = Math.max(0, Math.floor(Math.max(0, n - 1) / this.size) * this.size);
    const end = Math.min(n, this.start + this.size);
    const rows: HTMLTableRowElement[] = [];
    for (let i = this.start; i < end; i++) rows.push(this.row(i));
    this.body.replaceChildren(...rows);
    this.controls.hidden = n <= this.size;
    this.where.textContent = `rows ${n ? this.start + 1 : 0}–${end} of ${n}`;
    this.prev.disabled = this.start === 0;
    this.next.disabled = end >= n;
  }
}
