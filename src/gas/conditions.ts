// The `.if` … `.elseif` … `.else` … `.endif` stack. Inactive groups are skipped silently,
// except for the conditional directives themselves (to keep nesting right).
import type { Origin } from '../util/diagnostics.js';

interface Frame {
  /** The enclosing group was active when this one opened. */
  readonly outerActive: boolean;
  /** The branch being read now is active. */
  active: boolean;
  /** Some branch of this group has already been taken. */
  taken: boolean;
  sawElse: boolean;
  readonly origin: Origin;
  /** Macro nesting depth at `.if`: leaving that expansion closes the group (gas cond_exit_macro). */
  readonly macroDepth: number;
}

export class Conditions {
  private readonly frames: Frame[] = [];

  /** Statements are being assembled (not skipped). */
  get active(): boolean {
    const top = this.frames[this.frames.length - 1];
    return top === undefined || (top.outerActive && top.active);
  }

  open(condition: () => boolean, origin: Origin, macroDepth: number): void {
    const outerActive = this.active;
    const active = outerActive ? condition() : false;
    this.frames.push({ outerActive, active, taken: active, sawElse: false, origin, macroDepth });
  }

  /** Returns an error message, or undefined. */
  elseIf(condition: () => boolean): string | undefined {
    const top = this.frames[this.frames.length - 1];
    if (!top) return "'.elseif' without matching '.if'";
    if (top.sawElse) return "'.elseif' after '.else'";
    if (top.taken || !top.outerActive) top.active = false;
    else {
      top.active = condition();
      top.taken = top.active;
    }
    return undefined;
  }

  else(): string | undefined {
    const top = this.frames[this.frames.length - 1];
    if (!top) return "'.else' without matching '.if'";
    if (top.sawElse) return "duplicate '.else'";
    top.sawElse = true;
    top.active = !top.taken;
    top.taken = true;
    return undefined;
  }

  endif(): string | undefined {
    if (!this.frames.pop()) return "'.endif' without '.if'";
    return undefined;
  }

  /** A macro expansion at `depth` ended: groups opened inside it are closed. */
  exitMacro(depth: number): void {
    while (this.frames.length > 0 && this.frames[this.frames.length - 1].macroDepth >= depth) this.frames.pop();
  }

  /** The innermost unterminated group, if any. */
  unterminated(): Origin | undefined {
    return this.frames[this.frames.length - 1]?.origin;
  }
}
