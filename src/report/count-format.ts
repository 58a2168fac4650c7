// Counts of one run as text tables, JSON, CSV or Markdown.
import type { Counts, CountSection, SectionId, Totals } from './counts.js';
import { csvLine, markdownTable, num, renderTable, type Column } from './table.js';

export const COUNTS_FORMAT = 'hypsim-counts';
export const COUNTS_VERSION = 1;

function columns(s: CountSection): Column[] {
  return [{ header: s.keyHeader }, ...s.valueHeaders.map((h): Column => ({ header: h, align: 'right' }))];
}

function rows(s: CountSection): string[][] {
  return s.rows.map((r) => [r.key, ...r.values.map(num)]);
}

export function totalsLines(t: Totals): string[] {
  return [
    `Totals: ${t.instructions} instructions (${t.switchInstructions} outside guest code)${t.interrupts ? `, ${t.interrupts} interrupts taken` : ''}; ${t.bytesRead} bytes read, ${t.bytesWritten} written; ${t.fpsimdBytes} bytes to/from FP/SIMD register fields.`,
    `Per guest entry + exit (average of ${t.runs} runs; host and hypervisor instructions, the guest's own left out): ${num(t.perRun.switchInstructions)} instructions, ${num(t.perRun.bytes)} bytes (FP/SIMD ${num(t.perRun.fpsimdBytes)}); vcpu_load + vcpu_put: ${t.residency.instructions} instructions, ${t.residency.bytes} bytes.`,
  ];
}

/** The count sections as aligned text tables. */
export function countSectionsText(c: Counts, omit: readonly SectionId[] = []): string[] {
  return c.sections.filter((s) => !omit.includes(s.id)).flatMap((s) => [`${s.title}:`, renderTable(columns(s), rows(s)), '']);
}

export function countsText(c: Counts): string {
  return [`hypsim count: ${c.label} — scenario '${c.scenario}'`, ...totalsLines(c.totals), '', ...countSectionsText(c)].join('\n').trimEnd();
}

export function countsJson(c: Counts): string {
  const doc = {
    format: COUNTS_FORMAT,
    version: COUNTS_VERSION,
    scenario: c.scenario,
    variant: c.label,
    totals: c.totals,
    sections: c.sections.map((s) => ({ id: s.id, title: s.title, columns: [s.keyHeader, ...s.valueHeaders], rows: s.rows.map((r) => [r.key, ...r.values]) })),
  };
  return JSON.stringify(doc, null, 2);
}

export const COUNTS_CSV_HEADER = ['section', 'key', 'metric', 'value'] as const;

/** Long format: one record per section, key and metric. */
export function countsCsv(c: Counts): string {
  const lines = [csvLine(COUNTS_CSV_HEADER)];
  const t = c.totals;
  const totalRows: Array<[string, number]> = [
    ['instructions', t.instructions], ['instructions outside guest code', t.switchInstructions], ['interrupts', t.interrupts], ['bytes read', t.bytesRead],
    ['bytes written', t.bytesWritten], ['FP/SIMD bytes', t.fpsimdBytes], ['guest entries', t.runs], ['instructions per guest entry', t.perRun.switchInstructions],
    ['bytes per guest entry', t.perRun.bytes], ['FP/SIMD bytes per guest entry', t.perRun.fpsimdBytes], ['vcpu_load+put instructions', t.residency.instructions], ['vcpu_load+put bytes', t.residency.bytes],
  ];
  for (const [metric, v] of totalRows) lines.push(csvLine(['totals', c.scenario, metric, Number(num(v))]));
  for (const s of c.sections) for (const r of s.rows) s.valueHeaders.forEach((h, i) => lines.push(csvLine([s.id, r.key, h, r.values[i]])));
  return lines.join('\n');
}

export function countsMarkdown(c: Counts): string {
  return [
    `## hypsim count: ${c.label} — scenario \`${c.scenario}\``,
    '',
    ...totalsLines(c.totals),
    '',
    ...c.sections.flatMap((s) => [`### ${s.title}`, '', markdownTable(columns(s), rows(s)), '']),
  ].join('\n').trimEnd();
}
