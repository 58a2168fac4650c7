// The `hypsim` command: a thin layer over the stages' APIs.
import { Command, CommanderError } from 'commander';
import { HypsimError, formatError } from '../util/diagnostics.js';
import { registerExecCommand } from './exec-command.js';
import { registerFrontendCommands } from './frontend-commands.js';
import { registerKvmCommands, resetStdinPatch } from './kvm-commands.js';
import { registerPrepareCommand } from './prepare-command.js';
import { registerReportCommands } from './report-commands.js';
import { gnuOptionSpelling } from './source-options.js';
import { setInvocation } from './invocation.js';
import { processIo, withNewline, type Io } from './io.js';
import { VERSION } from './version.js';

export const EXIT = { ok: 0, input: 1, usage: 2, internal: 70 } as const;

function buildProgram(io: Io, setExitCode: (code: number) => void): Command {
  const program = new Command('hypsim')
    .description('Run real AArch64 hypervisor assembly from source and explain what a patch changes.')
    .version(VERSION, '-V, --version')
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput(output(io));
  registerFrontendCommands(program, io);
  registerPrepareCommand(program, io);
  registerExecCommand(program, io, setExitCode);
  registerKvmCommands(program, io, setExitCode);
  registerReportCommands(program, io, setExitCode);
  for (const cmd of program.commands) cmd.exitOverride().configureOutput(output(io));
  return program;
}

/** Commander's messages (`error: unknown option …`) in hypsim's style: `hypsim: error: …`. */
function output(io: Io) {
  return { writeOut: (s: string) => io.out(s), writeErr: (s: string) => io.err(s), outputError: (s: string, write: (s: string) => void) => write(`hypsim: ${s}`) };
}

/** `hypsim help NAME` for a NAME that is no command: a usage error, like an unknown command. */
function checkHelpTopic(program: Command, argv: readonly string[]): void {
  if (argv[0] !== 'help' || argv.length < 2) return;
  const name = argv[1];
  if (!program.commands.some((c) => c.name() === name || c.aliases().includes(name))) {
    throw new HypsimError(`help: unknown command '${name}' (commands: ${program.commands.map((c) => c.name()).join(', ')})`, undefined, 'usage');
  }
}

/** Default when no command is given: the main job — the corpus before and after its FP/SIMD patch. */
const DEFAULT_ARGS = ['diff'];

export async function main(argv: readonly string[], io: Io = processIo): Promise<number> {
  let exitCode: number = EXIT.ok;
  resetStdinPatch();
  const program = buildProgram(io, (code) => (exitCode = code));
  try {
    checkHelpTopic(program, argv);
    const args = argv.length === 0 ? DEFAULT_ARGS : gnuOptionSpelling(argv);
    setInvocation(args);
    await program.parseAsync(args, { from: 'user' });
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
  if (err instanceof RangeError && /Invalid (typed )?array length|Array buffer allocation failed|Invalid string length/.test(message)) {
    io.err(`hypsim: error: out of memory (${message}); run a smaller input, or give Node more heap: NODE_OPTIONS=--max-old-space-size=MB\n`);
    return EXIT.input;
  }
  io.err(`hypsim: error: internal error: ${message}\n`);
  return EXIT.internal;
}
