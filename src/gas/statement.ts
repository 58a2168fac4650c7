// The shape of a (scrubbed) statement: leading labels, then a word (directive, mnemonic, macro
// or symbol) and the rest.

export const LABEL = /^([A-Za-z_.$][A-Za-z0-9_.$]*|[0-9]+):/;
export const WORD = /^[A-Za-z_.$][A-Za-z0-9_.$]*/;

/** The labels a statement starts with, and what follows them. */
export function splitLabels(text: string): { labels: string[]; rest: string } {
  const labels: string[] = [];
  for (let m = LABEL.exec(text); m; m = LABEL.exec(text)) {
    labels.push(m[1]);
    text = text.slice(m[0].length).trimStart();
  }
  return { labels, rest: text };
}

/** The labels of a statement as written (gas keeps those of an `.endm`/`.endr` line in the body). */
export function leadingLabels(text: string): string {
  return splitLabels(text).labels.map((l) => `${l}:`).join('');
}

/** The directive name (lower case, without the dot) a statement starts with, after its labels. */
export function directiveWord(text: string): string | undefined {
  const m = /^\.([A-Za-z_$][A-Za-z0-9_.$]*)/.exec(splitLabels(text).rest);
  return m ? m[1].toLowerCase() : undefined;
}
