// `hypsim symbols`: the symbol table of a Program as an aligned text table.
import type { Program, SymbolInfo } from '../ir/program.js';

const HEADER = ['Name', 'Section', 'Address', 'Size', 'Type', 'Binding', 'Visibility'];

function row(s: SymbolInfo): string[] {
  const section = s.common ? 'COM' : !s.defined ? 'UND' : s.section ?? 'ABS';
  const value = s.defined || s.common ? `0x${s.value.toUnsigned().toString(16).padStart(16, '0')}` : '';
  return [s.name, section, value, s.size !== undefined ? s.size.toString() : '', s.type, s.binding, s.visibility];
}

/** Non-temporary symbols ordered by section (as laid out), address and name. */
export function symbolTable(program: Program): string {
  const sectionOrder = new Map(program.sections.map((s, i) => [s.name, i]));
  const rank = (s: SymbolInfo) => (!s.defined ? Number.MAX_SAFE_INTEGER : s.section === undefined ? -1 : sectionOrder.get(s.section) ?? 0);
  const symbols = program.symbols
    .filter((s) => !s.temporary)
    .sort((a, b) => rank(a) - rank(b) || a.value.compare(b.value) || a.name.localeCompare(b.name));
  const rows = [HEADER, ...symbols.map(row)];
  const widths = HEADER.map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  const rightAligned = new Set([3]);
  return rows
    .map((r) => r.map((cell, i) => (rightAligned.has(i) ? cell.padStart(widths[i]) : cell.padEnd(widths[i]))).join('  ').trimEnd())
    .join('\n') + '\n';
}
