// Preprocessed text with `# N "file"` linemarkers, like `gcc -E` (what a `hypsim preprocess`
// command prints, and what GNU as accepts).
import { quoteString } from './builtins.js';
import type { PreprocessResult } from './types.js';

/** Up to this many blank lines are printed instead of a new linemarker (GCC uses 8). */
const MAX_BLANK_RUN = 8;

export function formatLikeGcc(result: PreprocessResult): string {
  const out: string[] = [];
  let file: string | undefined;
  let line = 0;
  for (const l of result.lines) {
    if (l.file !== file || l.line < line || l.line >= line + MAX_BLANK_RUN) {
      out.push(`# ${l.line} ${quoteString(l.file)}\n`);
      file = l.file;
      line = l.line;
    }
    for (; line < l.line; line++) out.push('\n');
    out.push(l.text, '\n');
    line++;
  }
  return out.join('');
}
