// The `hypsim` command: a thin layer over the stages' APIs.
import { Command, CommanderError } from 'commander';
import { HypsimError, formatError } from '../util/diagnostics.js';
import { registerExecCommand } from './exec-command.js';
import { registerFrontendCommands } from './frontend-commands.js';
import { registerKvmCommands, resetStdinPatch } from './kvm-commands.js';
import { registerReportCommands } from './report-commands.js';
import { processIo, withNewline, type Io } from './io.js';
import { VERSION } from './version.js';

export const EXIT = { ok: 0, input: 1, usage: 2, internal: 70 } as const;

function buildProgram(io: Io, setExitCode: (code: number) => void): Command {
  const program = new Command('hypsim')
    .description('Run real AArch64 hypervisor assembly from source and explain what a patch changes.')
    .version(VERSION, '-V, --version')
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) });
  registerFrontendCommands(program, io);
  registerExecCommand(program, io, setExitCode);
  registerKvmCommands(program, io, setExitCode);
  registerReportCommands(program, io, setExitCode);
  for (const cmd of program.commands) cmd.exitOverride().configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) });
  return program;
}

/** Default when no command is given: the main job — the corpus before and after its FP/SIMD patch. */
const DEFAULT_ARGS = ['diff'];

export async function main(argv: readonly string[], io: Io = processIo): Promise<number> {
  let exitCode: number = EXIT.ok;
  resetStdinPatch();
  const program = buildProgram(io, (code) => (exitCode = code));
  try {
    await program.parseAsync(argv.length === 0 ? DEFAULT_ARGS : [...argv], { from: 'user' });
    return exitCode;
  } catch (err) {
    return reportFailure(err, io);
  }
}

function reportFailure(err: unknown, io: Io): number {
  if (err instanceof CommanderError) {
    return err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help' ? EXIT.ok : EXIT.usage;
  }
  if (err instanceof HypsimError) {
    io.err(withNewline(formatError(err)));
    return err.kind === 'usage' ? EXIT.usage : EXIT.input;
  }
  const message = err instanceof Error ? err.message : String(err);
  io.err(`hypsim: internal error: ${message}\n`);
  return EXIT.internal;
}
