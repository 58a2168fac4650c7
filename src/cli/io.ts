import { readFileSync } from 'node:fs';
// Where commands write. Tests pass a collector; the binary writes to the process streams.
export interface Io {
  out(text: string): void;
  err(text: string): void;
  /** True when stdout is a terminal (progress bars, colours). */
  readonly interactive: boolean;
  /** All of standard input (`--patch -`); absent when the caller has none. */
  readStdin?(): string;
}

export const processIo: Io = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  interactive: Boolean(process.stdout.isTTY),
  readStdin: () => readFileSync(0, 'utf8'),
};

export function withNewline(text: string): string {
  return text.endsWith('\n') || text === '' ? text : `${text}\n`;
}
