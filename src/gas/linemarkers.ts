// Assembly text as gas reads a file it does not preprocess (`.s`): one line per line, where a
// cpp line marker `# N "file" [flags]` says which file and line the following lines come from.
import type { PpLine } from './pp-line.js';

const MARKER = /^#\s*(\d+)(?:\s+"((?:[^"\\]|\\.)*)")?/;

export function sourceLines(text: string, file: string): PpLine[] {
  const out: PpLine[] = [];
  let name = file;
  let line = 1;
  for (const t of text.split('\n')) {
    const m = MARKER.exec(t);
    if (m) {
      line = Number(m[1]);
      if (m[2] !== undefined) name = m[2].replace(/\\(.)/g, '$1');
      continue;
    }
    out.push({ text: t, file: name, line: line++ });
  }
  return out;
}
