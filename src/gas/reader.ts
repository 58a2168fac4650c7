// The input as gas reads it: a stack of sources (the file's lines, macro expansions, `.rept`/
// `.irp` repetitions). Bodies of `.macro`/`.rept` are collected from whatever comes next,
// which may run on past the end of the source that started them, as in gas.
import type { ExpansionFrame, Origin } from '../util/diagnostics.js';
import type { BodyStatement } from './macros.js';
import type { PpLine } from './pp-line.js';
import { scrubLine, splitStatements, type ScrubState } from './scrub.js';

export type Statement = BodyStatement;

export interface Source {
  next(): Statement | undefined;
  /** Set for macro expansions: the macro's name. */
  readonly macro?: string;
}

export class LineSource implements Source {
  private index = 0;
  private queue: Statement[] = [];
  private queuePos = 0;
  private readonly scrub: ScrubState = { inBlockComment: false };

  constructor(private readonly lines: readonly PpLine[]) {}

  next(): Statement | undefined {
    while (this.queuePos >= this.queue.length) {
      if (this.index >= this.lines.length) return undefined;
      const line = this.lines[this.index++];
      this.queue = scrubLine(line.text, this.scrub).map((s) => ({
        text: s.text,
        origin: { file: line.file, line: line.line, col: s.col, expansion: [] },
      }));
      this.queuePos = 0;
    }
    return this.queue[this.queuePos++];
  }
}

export class ListSource implements Source {
  private index = 0;
  constructor(
    private readonly statements: readonly Statement[],
    readonly macro?: string,
  ) {}
  next(): Statement | undefined {
    return this.statements[this.index++];
  }
}

/** `count` copies of a body, produced lazily; `render(iteration, statement)` gives each copy's text. */
export class RepeatSource implements Source {
  private iteration = 0;
  private index = 0;
  private pending: Statement[] = [];

  constructor(
    private readonly body: readonly Statement[],
    private readonly count: number,
    private readonly render: (iteration: number, s: Statement) => string,
  ) {}

  next(): Statement | undefined {
    for (;;) {
      const queued = this.pending.shift();
      if (queued) return queued;
      if (this.iteration >= this.count || this.body.length === 0) return undefined;
      const s = this.body[this.index];
      for (const text of splitStatements(this.render(this.iteration, s))) this.pending.push({ text, origin: s.origin });
      if (++this.index >= this.body.length) {
        this.index = 0;
        this.iteration++;
      }
    }
  }
}

/** Statements of a macro body after substitution, with the expansion frame pushed on each origin. */
export function expandBody(
  body: readonly Statement[],
  frame: ExpansionFrame,
  outer: readonly ExpansionFrame[],
  render: (text: string) => string,
): Statement[] {
  const expansion = [frame, ...outer];
  const out: Statement[] = [];
  for (const s of body) {
    const origin: Origin = { file: s.origin.file, line: s.origin.line, col: s.origin.col, expansion };
    for (const text of splitStatements(render(s.text))) out.push({ text, origin });
  }
  return out;
}

export class Reader {
  private readonly stack: Source[] = [];
  private macroDepth = 0;
  ended = false;

  constructor(
    top: Source,
    private readonly onMacroExit: (depth: number) => void,
  ) {
    this.stack.push(top);
  }

  get depth(): number {
    return this.macroDepth;
  }

  push(source: Source): void {
    this.stack.push(source);
    if (source.macro !== undefined) this.macroDepth++;
  }

  next(): Statement | undefined {
    while (!this.ended && this.stack.length > 0) {
      const s = this.stack[this.stack.length - 1].next();
      if (s) return s;
      this.pop();
    }
    return undefined;
  }

  /** `.exitm`: abandon the innermost macro expansion (and repetitions started inside it). */
  exitMacro(): boolean {
    if (this.macroDepth === 0) return false;
    while (this.stack.length > 1) {
      const top = this.pop();
      if (top.macro !== undefined) break;
    }
    return true;
  }

  private pop(): Source {
    const top = this.stack.pop() as Source;
    if (top.macro !== undefined) {
      this.onMacroExit(this.macroDepth);
      this.macroDepth--;
    }
    return top;
  }
}
