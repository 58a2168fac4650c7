// Sortable tables: a button in each header cell sorts the body by that column (numbers by their
// data-v value), descending first for numbers, ascending first for text; aria-sort says how.
function key(row: HTMLTableRowElement, col: number): number | string {
  const c = row.cells[col];
  if (!c) return '';
  const v = c.dataset.v;
  return v !== undefined ? Number(v) : (c.textContent ?? '').trim().toLowerCase();
}

function sortBy(table: HTMLTableElement, th: HTMLTableCellElement, col: number): void {
  const body = table.tBodies[0];
  const rows = [...body.rows];
  const numeric = rows.some((r) => r.cells[col]?.dataset.v !== undefined);
  const current = th.getAttribute('aria-sort');
  const dir = current === 'descending' ? 1 : current === 'ascending' ? -1 : numeric ? -1 : 1;
  const keyed = rows.map((r, i) => ({ r, i, k: key(r, col) }));
  keyed.sort((x, y) => (x.k < y.k ? -dir : x.k > y.k ? dir : x.i - y.i));
  for (const other of table.tHead?.querySelectorAll('th[aria-sort]') ?? []) other.removeAttribute('aria-sort');
  th.setAttribute('aria-sort', dir === 1 ? 'ascending' : 'descending');
  body.append(...keyed.map((x) => x.r));
}

export function initSorting(root: ParentNode): void {
  root.addEventListener('click', (e) => {
    const button = (e.target as Element).closest?.('button.sort');
    if (!(button instanceof HTMLButtonElement)) return;
    const th = button.closest('th');
    const table = button.closest('table');
    if (th && table) sortBy(table, th, Number(button.dataset.col));
  });
}
