// Aligned text tables (the default output format of every report).
export type Align = 'left' | 'right';

export interface Column {
  readonly header: string;
  readonly align?: Align;
}

export function renderTable(columns: readonly Column[], rows: ReadonlyArray<readonly string[]>): string {
  const widths = columns.map((c, i) => Math.max(c.header.length, ...rows.map((r) => (r[i] ?? '').length)));
  const cell = (text: string, i: number) => (columns[i].align === 'right' ? text.padStart(widths[i]) : text.padEnd(widths[i]));
  const line = (cells: readonly string[]) => cells.map((t, i) => cell(t, i)).join('  ').trimEnd();
  return [line(columns.map((c) => c.header)), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

export function signed(n: number): string {
  return n > 0 ? `+${n}` : String(n);
}

export function percent(delta: number, base: number): string {
  if (base === 0) return delta === 0 ? '0%' : 'n/a';
  const p = (100 * delta) / base;
  return `${p > 0 ? '+' : ''}${p.toFixed(1)}%`;
}

/** One CSV record (RFC 4180 quoting). */
export function csvLine(cells: readonly (string | number)[]): string {
  return cells.map((c) => (typeof c === 'number' ? String(c) : /[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',');
}

/** A GitHub-flavoured Markdown table. */
export function markdownTable(columns: readonly Column[], rows: ReadonlyArray<readonly string[]>): string {
  const esc = (t: string) => t.replace(/\|/g, '\\|');
  const rule = columns.map((c) => (c.align === 'right' ? '---:' : '---'));
  return [`| ${columns.map((c) => esc(c.header)).join(' | ')} |`, `| ${rule.join(' | ')} |`, ...rows.map((r) => `| ${r.map(esc).join(' | ')} |`)].join('\n');
}

/** A number for reports: integers as they are, averages with one decimal. */
export function num(n: number): string {
  if (Number.isNaN(n)) return 'n/a';
  return Number.isInteger(n) ? String(n) : n.toFixed(1);
}
