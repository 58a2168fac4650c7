// Translation phase 2: joins lines ending in a backslash (GCC also accepts spaces between the
// backslash and the newline, with a warning) and records where every physical line starts in the
// joined text, so tokens can be mapped back to their physical line and column.

export interface SplicedText {
  /** The text with splices removed; every logical line ends in '\n'. */
  readonly text: string;
  /** lineStarts[i] is the offset in `text` where physical line i+1 begins. */
  readonly lineStarts: readonly number[];
  /** Positions of backslashes separated from their newline by spaces. */
  readonly spacedSplices: ReadonlyArray<{ readonly line: number; readonly col: number }>;
}

const isHorizontalSpace = (c: number) => c === 0x20 || c === 0x09 || c === 0x0c || c === 0x0b;

/** Most files have no continuation lines and no CRs: only the line starts need finding. */
function withoutSplices(source: string): SplicedText {
  const text = source.endsWith('\n') || source === '' ? source : source + '\n';
  const lineStarts: number[] = [];
  for (let i = 0; i < text.length; i = text.indexOf('\n', i) + 1) lineStarts.push(i);
  return { text, lineStarts, spacedSplices: [] };
}

export function spliceLines(source: string): SplicedText {
  if (!/\\[ \t\f\v]*\r?\n|\\[ \t\f\v]*$|\r/.test(source)) return withoutSplices(source);
  const parts: string[] = [];
  const lineStarts: number[] = [];
  const spacedSplices: Array<{ line: number; col: number }> = [];
  let length = 0;
  let start = 0;
  const n = source.length;
  while (start < n) {
    let next = source.indexOf('\n', start);
    if (next < 0) next = n;
    let end = next;
    if (end > start && source.charCodeAt(end - 1) === 0x0d) end--;
    lineStarts.push(length);
    let k = end;
    while (k > start && isHorizontalSpace(source.charCodeAt(k - 1))) k--;
    const spliced = k > start && source.charCodeAt(k - 1) === 0x5c;
    const content = spliced ? source.slice(start, k - 1) : source.slice(start, end);
    if (spliced && k !== end) spacedSplices.push({ line: lineStarts.length, col: k - start });
    parts.push(content);
    length += content.length;
    if (!spliced || next >= n) {
      parts.push('\n');
      length += 1;
    }
    start = next + 1;
  }
  return { text: parts.join(''), lineStarts, spacedSplices };
}
