// Sections the client script fills in from the page data (source view, trace alignment), and
// the mail summary with its copy button.
import { esc, section } from './markup.js';

const NO_SCRIPT = '<noscript><p>This view needs JavaScript; the tables above do not.</p></noscript>';

export function sourceSection(sides: number): string {
  const intro =
    `Each source file code came from, with how often each line ran${sides > 1 ? ' in A and in B' : ''} (the heat column; a line that invokes a macro counts the runs of its expansion, ` +
    'which the ▸ button unfolds with per-instruction counts). Lines a patch removed or added are marked − and +.';
  return section('source', 'Source view', `<div id="source-view" data-sides="${sides}">${NO_SCRIPT}</div>`, esc(intro));
}

export function traceSection(): string {
  const intro =
    'The two instruction streams of each scenario step, aligned by function and instruction (Myers diff). Removed instructions (only in A) are marked −, ' +
    'added ones (only in B) +; unchanged runs are collapsed to a line you can unfold. A step whose changes repeat an earlier step says so.';
  return section('trace', 'Trace alignment', `<div id="trace-view">${NO_SCRIPT}</div>`, esc(intro));
}

export function mailSection(text: string): string {
  const body = [
    '<div class="mailbox">',
    `<pre class="mail" id="mail-text" tabindex="0" aria-label="Mail summary">${esc(text)}</pre>`,
    '<div><button type="button" class="act" id="copy-mail">Copy the summary</button> <span class="status" id="copy-status" role="status" aria-live="polite"></span></div>',
    '</div>',
  ].join('\n');
  return section('mail', 'Summary for the patch email', body, 'The <code>--format mail</code> text: plain text under 72 columns, to paste below the patch description.');
}
