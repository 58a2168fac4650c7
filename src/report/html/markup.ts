// HTML building blocks the pages share: escaping, real tables (sortable by a button in each
// header, numbers carried in data-v for the sort), definition lists, sections.
const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function esc(text: string | number): string {
  return String(text).replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

export interface Cell {
  readonly text: string;
  /** Sort key for numeric columns. */
  readonly value?: number;
  /** Markup instead of text (already escaped). */
  readonly html?: string;
  readonly cls?: string;
}

export interface Column {
  readonly header: string;
  readonly numeric?: boolean;
  /** A column with nothing to sort by (bars). */
  readonly unsorted?: boolean;
}

export interface Row {
  readonly cells: readonly Cell[];
  readonly cls?: string;
  /** `fn:NAME` / `macro:NAME`: a click on the row shows its lines in the source view. */
  readonly jump?: string;
}

export interface TableSpec {
  readonly id?: string;
  readonly caption: string;
  readonly columns: readonly Column[];
  readonly rows: readonly Row[];
  readonly foot?: readonly Row[];
  readonly sortable?: boolean;
  readonly cls?: string;
}

export const cell = (text: string | number, value?: number, cls?: string): Cell => ({ text: String(text), ...(value === undefined ? {} : { value }), ...(cls ? { cls } : {}) });

/** A link that shows the lines of `jump` in the source view. */
export function jumpLink(text: string, jump: string): Cell {
  return { text, html: `<a href="#source" class="jump" data-jump="${esc(jump)}">${esc(text)}</a>` };
}

function td(c: Cell, col: Column | undefined, header: boolean): string {
  const cls = [col?.numeric ? 'num' : '', c.cls ?? ''].filter(Boolean).join(' ');
  const attrs = `${cls ? ` class="${cls}"` : ''}${c.value !== undefined ? ` data-v="${c.value}"` : ''}`;
  const tag = header ? 'th scope="row"' : 'td';
  return `<${tag}${attrs}>${c.html ?? esc(c.text)}</${header ? 'th' : 'td'}>`;
}

function tr(r: Row, columns: readonly Column[]): string {
  const attrs = `${r.cls ? ` class="${r.cls}"` : ''}${r.jump ? ` data-jump="${esc(r.jump)}"` : ''}`;
  return `<tr${attrs}>${r.cells.map((c, i) => td(c, columns[i], i === 0)).join('')}</tr>`;
}

function headerRow(spec: TableSpec): string {
  const th = (c: Column, i: number) => {
    const label = spec.sortable && !c.unsorted ? `<button type="button" class="sort" data-col="${i}">${esc(c.header)}</button>` : esc(c.header);
    return `<th scope="col"${c.numeric ? ' class="num"' : ''}>${label}</th>`;
  };
  return `<tr>${spec.columns.map(th).join('')}</tr>`;
}

export function table(spec: TableSpec): string {
  const cls = [spec.sortable ? 'sortable' : '', spec.cls ?? ''].filter(Boolean).join(' ');
  return [
    `<div class="table-wrap"><table${spec.id ? ` id="${esc(spec.id)}"` : ''}${cls ? ` class="${cls}"` : ''}>`,
    `<caption>${esc(spec.caption)}</caption>`,
    `<thead>${headerRow(spec)}</thead>`,
    `<tbody>${spec.rows.map((r) => tr(r, spec.columns)).join('\n')}</tbody>`,
    spec.foot?.length ? `<tfoot>${spec.foot.map((r) => tr(r, spec.columns)).join('\n')}</tfoot>` : '',
    '</table></div>',
  ].join('\n');
}

/** A page section with a heading that the navigation links to. */
export function section(id: string, title: string, body: string, intro?: string): string {
  return `<section id="${esc(id)}" aria-labelledby="${esc(id)}-h">\n<h2 id="${esc(id)}-h">${esc(title)}</h2>\n${intro ? `<p class="intro">${intro}</p>\n` : ''}${body}\n</section>`;
}

export function definitionList(items: ReadonlyArray<readonly [string, string]>): string {
  return `<dl class="facts">${items.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${v}</dd>`).join('')}</dl>`;
}

export function nav(items: ReadonlyArray<readonly [string, string]>): string {
  return `<nav aria-label="Sections"><ul>${items.map(([id, title]) => `<li><a href="#${esc(id)}">${esc(title)}</a></li>`).join('')}</ul></nav>`;
}
