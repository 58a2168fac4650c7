// gas's dwarf2_finish: once the code is laid out, write `.debug_line` from the rows collected
// (when the source left that section empty), and when the source has no `.debug_info` of its
// own, the compile unit around it (dwarf-asm-info.ts). Returns whether anything was added.
import type { Origin } from '../util/diagnostics.js';
import type { Assembler } from './assembler.js';
import { writeAsmInfo } from './dwarf-asm-info.js';
import type { LineEntry } from './dwarf-line.js';
import { writeDebugLine, type LineSequence } from './dwarf-line-program.js';
import { DebugWriter } from './dwarf-writer.js';
import type { SectionState } from './sections.js';
import type { SymDef } from './symbols.js';
import Long from 'long';

function hasContents(sec: SectionState | undefined): boolean {
  return sec !== undefined && [...sec.subsections.values()].some((sub) => sub.frags.some((f) => f.size > 0));
}

function sequences(asm: Assembler): LineSequence[] {
  const out: LineSequence[] = [];
  for (const [section, subs] of asm.lines.rows) {
    const rows: LineEntry[] = [...subs.entries()].sort((a, b) => a[0] - b[0]).flatMap(([, list]) => list);
    if (rows.length > 0) out.push({ section, rows });
  }
  return out;
}

const viewValue = (n: number): SymDef => ({ kind: 'expr', expr: { k: 'num', v: Long.fromNumber(n) }, locationLike: false });

/** Before the layout, view symbols read 0 (only debug data refers to them, never code). */
export function prepareViews(asm: Assembler): void {
  for (const hidden of asm.lines.viewSymbols) asm.symbols.placeHidden(hidden, viewValue(0));
}

/**
 * View numbers, with the code laid out: a row at the address of the row before it (in the
 * section's chain of rows) gets the next number, any other row, and one that resets, 0.
 */
function assignViews(asm: Assembler, seqs: readonly LineSequence[]): boolean {
  for (const s of seqs) {
    let prevAddress = -1;
    let prevView = 0;
    for (const e of s.rows) {
      const address = e.frag.address + e.offset;
      const view = e.view?.kind === 'reset' || address !== prevAddress ? 0 : prevView + 1;
      if (e.view?.kind === 'zero' && view !== 0) asm.fail('view number mismatch', e.origin);
      if (e.view?.kind === 'symbol') asm.symbols.placeHidden(e.view.hidden, viewValue(view));
      prevAddress = address;
      prevView = view;
    }
  }
  return asm.lines.viewSymbols.length > 0;
}

/** Writes what gas's dwarf2_finish would; true when sections or symbol values changed (lay out again). */
export function finishDwarf(asm: Assembler, origin: Origin): boolean {
  const lines = asm.lines;
  const seqs = sequences(asm);
  const views = assignViews(asm, seqs);
  const emitOther = !hasContents(asm.sectionNamed('.debug_info'));
  const emptyLine = !hasContents(asm.sectionNamed('.debug_line'));
  if (seqs.length > 0 && !emptyLine && lines.anyLoc) asm.fail('duplicate .debug_line sections', origin);
  if ((seqs.length === 0 && emitOther) || (!emitOther && !emptyLine)) return views;
  for (const s of seqs) for (const row of s.rows) if (typeof row.file === 'string') row.file = lines.files.allocate(row.file);
  const section = (name: string, flags: string) => asm.section(name, flags, 'progbits', flags.includes('M') ? 1 : undefined);
  const writers = new Map<SectionState, DebugWriter>();
  const writer = (sec: SectionState) => {
    let w = writers.get(sec);
    if (!w) writers.set(sec, (w = new DebugWriter(asm, sec, origin)));
    return w;
  };
  const lineSection = section('.debug_line', '');
  if (emptyLine) writeDebugLine(writer(lineSection), () => writer(section('.debug_line_str', 'MS')), lines.files, Math.max(lines.level, 3), seqs);
  if (emitOther) {
    writeAsmInfo({ asm, writer, section, version: lines.level, files: lines.files, compDir: lines.compDir, code: seqs.map((s) => s.section), lineSection });
  }
  return true;
}
