// Compiling C to assembly with aarch64-linux-gnu-gcc, assembling it as gcc would (the driver
// passes its -march/-mabi/-EL to GNU as), and reducing gcc's -g output to what hypsim's
// assembler takes today.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const GCC = 'aarch64-linux-gnu-gcc';

function inTemp<T>(f: (dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'hypsim-gcc-'));
  try {
    return f(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `gcc -S` of a C file: the assembly text. */
export function compileToAssembly(cFile: string, flags: readonly string[], cwd?: string): string {
  return execFileSync(GCC, [...flags, '-S', '-o', '-', cFile], { cwd, stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 28 }).toString('latin1');
}

/** The object GNU as makes of `text` when the gcc driver assembles it with `flags`. */
export function assembleWithGcc(text: string, flags: readonly string[]): Uint8Array {
  return inTemp((dir) => {
    writeFileSync(join(dir, 'in.s'), text, 'latin1');
    try {
      execFileSync(GCC, [...flags, '-c', '-x', 'assembler', '-o', join(dir, 'out.o'), join(dir, 'in.s')], { stdio: ['ignore', 'ignore', 'pipe'] });
    } catch (e) {
      throw new Error(`GNU as (through gcc) failed:\n${(e as { stderr?: Buffer }).stderr?.toString() ?? ''}`);
    }
    return readFileSync(join(dir, 'out.o'));
  });
}

const SECTION_CHANGE = /^\s*\.(section|text|data|bss|pushsection|popsection|previous|subsection)\b/;

/**
 * gcc's -g output without what only feeds the DWARF debug sections gcc writes itself: `.loc`,
 * numbered `.file`, and the `.debug_*` sections (up to the next section change; an `.ident`
 * there stays, it writes elsewhere). The code, the
 * data and the `.cfi_*` directives (so GNU as's .debug_frame or .eh_frame) are unchanged.
 */
export function withoutDebugInfo(text: string): string {
  const out: string[] = [];
  let skipping = false;
  for (const line of text.split('\n')) {
    if (/^\s*\.section\s+\.debug_/.test(line)) {
      skipping = true;
      continue;
    }
    if (skipping && !SECTION_CHANGE.test(line) && !/^\s*\.ident\b/.test(line)) continue;
    skipping = false;
    if (/^\s*\.loc\b/.test(line) || /^\s*\.file\s+[0-9]/.test(line)) continue;
    out.push(line);
  }
  return out.join('\n');
}
