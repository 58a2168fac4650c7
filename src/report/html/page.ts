// The document around a report: one self-contained HTML file — styles, data and the client
// script inline, a Content-Security-Policy that forbids loading anything, no timestamps.
import CLIENT_SCRIPT from 'virtual:hypsim-html-client';
import type { PageData } from './data.js';
import { esc, nav } from './markup.js';
import { STYLES } from './styles.js';

const CSP = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

export interface PageSpec {
  readonly title: string;
  /** The page header's markup (title, facts, verdict). */
  readonly header: string;
  readonly sections: ReadonlyArray<{ readonly id: string; readonly title: string; readonly html: string }>;
  readonly data?: PageData;
}

/** JSON inside a script element: `<` escaped so no `</script>` can end it early. */
function jsonScript(data: unknown): string {
  return `<script type="application/json" id="hypsim-data">${JSON.stringify(data).replace(/</g, '\\u003c')}</script>`;
}

export function htmlPage(spec: PageSpec): string {
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${CSP}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="generator" content="hypsim">',
    `<title>${esc(spec.title)}</title>`,
    `<style>${STYLES}</style>`,
    '</head>',
    '<body>',
    '<a class="skip" href="#main">Skip to the report</a>',
    `<header class="page">${spec.header}</header>`,
    nav(spec.sections.map((s) => [s.id, s.title] as const)),
    '<main id="main">',
    ...spec.sections.map((s) => s.html),
    '</main>',
    spec.data ? jsonScript(spec.data) : '',
    `<script>${CLIENT_SCRIPT}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
