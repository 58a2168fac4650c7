// Every kbuild and compiler run happens here: under bubblewrap with no network, the source read-only,
// only the build directory writable and no view of the user's home; or, when the user asked for
// --no-sandbox, directly with the same clean environment.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, lstatSync, readlinkSync } from 'node:fs';
import { HypsimError } from '../util/diagnostics.js';

export interface Jail {
  /** Directories the command may read (the source tree, a patched overlay). */
  readonly readOnly: readonly string[];
  /** Directories the command may write (the build directory). */
  readonly writable: readonly string[];
  readonly cwd: string;
  /** False when the user passed --no-sandbox. */
  readonly sandbox: boolean;
}

/**
 * The sandbox's only scratch space, a fresh tmpfs. Not /tmp: a tree or cache that lives under /tmp
 * must stay visible (read-only or bound) and nothing else there may be written.
 */
const SCRATCH = '/hypsim-tmp';

/** A fixed environment: kbuild output does not depend on who runs hypsim, where or when. */
export const CLEAN_ENV: Readonly<Record<string, string>> = {
  PATH: '/usr/local/bin:/usr/bin:/bin',
  LC_ALL: 'C',
  HOME: SCRATCH,
  TMPDIR: SCRATCH,
  KBUILD_BUILD_USER: 'hypsim',
  KBUILD_BUILD_HOST: 'hypsim',
  KBUILD_BUILD_TIMESTAMP: 'Thu Jan  1 00:00:00 UTC 1970',
};

/** The system directories a toolchain needs, read-only; symlinked top-level dirs stay symlinks. */
function systemMounts(): string[] {
  const args = ['--ro-bind', '/usr', '/usr'];
  for (const dir of ['/bin', '/sbin', '/lib', '/lib64', '/lib32', '/libx32']) {
    if (!existsSync(dir)) continue;
    if (lstatSync(dir).isSymbolicLink()) args.push('--symlink', readlinkSync(dir), dir);
    else args.push('--ro-bind', dir, dir);
  }
  for (const etc of ['/etc/alternatives', '/etc/ld.so.cache', '/etc/ld.so.conf', '/etc/ld.so.conf.d']) {
    if (existsSync(etc)) args.push('--ro-bind', etc, etc);
  }
  return args;
}

export function bwrapArgs(jail: Jail, argv: readonly string[]): string[] {
  const args = ['--unshare-all', '--die-with-parent', '--new-session', '--clearenv', ...systemMounts(), '--proc', '/proc', '--dev', '/dev', '--tmpfs', SCRATCH];
  for (const dir of jail.readOnly) args.push('--ro-bind', dir, dir);
  for (const dir of jail.writable) args.push('--bind', dir, dir);
  for (const [k, v] of Object.entries(CLEAN_ENV)) args.push('--setenv', k, v);
  // Nothing but the writable directories and the scratch tmpfs can be written, not even bwrap's root.
  args.push('--remount-ro', '/', '--chdir', jail.cwd, '--', ...argv);
  return args;
}

function commandFor(jail: Jail, argv: readonly string[]): [string, string[]] {
  return jail.sandbox ? ['bwrap', bwrapArgs(jail, argv)] : [argv[0], argv.slice(1)];
}

let sandboxChecked = false;

/** Fails early, with what to do, when bubblewrap cannot make a sandbox on this machine. */
export function checkSandbox(): void {
  if (sandboxChecked) return;
  const probe = spawnSync('bwrap', bwrapArgs({ readOnly: [], writable: [], cwd: '/', sandbox: true }, ['/bin/true']), { encoding: 'utf8' });
  if (probe.status !== 0) {
    const why = (probe.stderr || probe.error?.message || `exit ${probe.status}`).trim();
    throw new HypsimError(`cannot create a sandbox for kbuild (bwrap: ${why})`, undefined, 'input', [
      'kbuild executes what the tree says; hypsim runs it sandboxed without network access',
      'if you trust this tree and patch, rerun with --no-sandbox',
    ]);
  }
  sandboxChecked = true;
}

export interface RunResult {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunOptions {
  /** Called with each complete line of output (stdout and stderr), for progress. */
  readonly onLine?: (line: string) => void;
}

/** Runs a command in the jail and collects its output. */
export function runJailed(jail: Jail, argv: readonly string[], opts: RunOptions = {}): Promise<RunResult> {
  const [cmd, args] = commandFor(jail, argv);
  return new Promise((resolvePromise, reject) => {
    const child = spawn(cmd, args, { cwd: jail.cwd, env: { ...CLEAN_ENV }, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let pending = '';
    const feed = (chunk: Buffer) => {
      if (!opts.onLine) return;
      pending += chunk.toString('utf8');
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const l of lines) opts.onLine(l);
    };
    child.stdout.on('data', (c: Buffer) => (out.push(c), feed(c)));
    child.stderr.on('data', (c: Buffer) => (err.push(c), feed(c)));
    child.on('error', (e) => reject(new HypsimError(`cannot run ${cmd}: ${e.message}`)));
    child.on('close', (code, signal) => {
      resolvePromise({ status: code ?? (signal ? 128 : 1), stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') });
    });
  });
}
