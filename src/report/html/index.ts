// The HTML report: one self-contained page per command (diff, run/count, sweep).
export { diffHtml, type HtmlDiffInput } from './diff-page.js';
export { runHtml, type HtmlRunInput } from './run-page.js';
export { sweepHtml, crossings, type HtmlSweepInput, type Crossing } from './sweep-page.js';
export type { SourceReader } from './source-data.js';
