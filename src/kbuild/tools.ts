// The host tools kbuild and hypsim's compiler runs need, each with the Debian package that has it.
import { accessSync, constants, existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { HypsimError } from '../util/diagnostics.js';
import { CLEAN_ENV } from './sandbox.js';

interface Requirement {
  /** A command found on PATH, or an absolute file (a header). */
  readonly command?: string;
  readonly file?: string;
  readonly package: string;
  readonly why: string;
}

const KBUILD_TOOLS: readonly Requirement[] = [
  { command: 'make', package: 'make', why: 'runs kbuild' },
  { command: 'gcc', package: 'gcc', why: "builds kbuild's host programs" },
  { command: 'flex', package: 'flex', why: 'builds Kconfig' },
  { command: 'bison', package: 'bison', why: 'builds Kconfig' },
  { command: 'bc', package: 'bc', why: 'generates timeconst.h' },
  { command: 'aarch64-linux-gnu-gcc', package: 'gcc-aarch64-linux-gnu', why: 'compiles the tree for arm64' },
  { command: 'aarch64-linux-gnu-ld', package: 'binutils-aarch64-linux-gnu', why: 'links the hypervisor' },
  { command: 'aarch64-linux-gnu-objcopy', package: 'binutils-aarch64-linux-gnu', why: 'prefixes the hypervisor symbols' },
  { file: '/usr/include/openssl/opensslv.h', package: 'libssl-dev', why: "kbuild's host programs include it" },
  { file: '/usr/include/gelf.h', package: 'libelf-dev', why: "kbuild's host programs include it" },
];

const SANDBOX_TOOL: Requirement = { command: 'bwrap', package: 'bubblewrap', why: 'sandboxes kbuild (or pass --no-sandbox)' };

/** Searched in the PATH kbuild runs with, not the user's. */
export function findOnPath(command: string, path = CLEAN_ENV.PATH): string | undefined {
  for (const dir of path.split(delimiter)) {
    if (dir === '') continue;
    const full = join(dir, command);
    try {
      accessSync(full, constants.X_OK);
      return full;
    } catch {
      // not in this directory
    }
  }
  return undefined;
}

function present(r: Requirement, path: string): boolean {
  return r.command !== undefined ? findOnPath(r.command, path) !== undefined : existsSync(r.file as string);
}

/** Throws one error naming every missing tool and the Debian packages that provide them. */
export function checkKbuildTools(sandbox: boolean, path: string = CLEAN_ENV.PATH): void {
  const wanted = sandbox ? [...KBUILD_TOOLS, SANDBOX_TOOL] : KBUILD_TOOLS;
  const missing = wanted.filter((r) => !present(r, path));
  if (missing.length === 0) return;
  const packages = [...new Set(missing.map((r) => r.package))];
  throw new HypsimError(
    `building a kernel tree needs tools that are missing: ${missing.map((r) => r.command ?? r.file).join(', ')}`,
    undefined,
    'input',
    [...missing.map((r) => `${r.command ?? r.file} (${r.why}) is in the Debian package ${r.package}`), `install them with: apt-get install ${packages.join(' ')}`],
  );
}
