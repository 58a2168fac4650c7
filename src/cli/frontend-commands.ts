// preprocess / expand / symbols: the front end, reachable from the command line.
import type { Command } from 'commander';
import { formatLikeGcc } from '../cpp/index.js';
import { emitListing, symbolTable } from '../gas/index.js';
import { formatDiagnostic } from '../util/diagnostics.js';
import { withNewline, type Io } from './io.js';
import { addGasOptions, gasOptions, type GasCliOptions } from './gas-options.js';
import { addSourceOptions, resolveSource, type SourceOptions } from './source-options.js';

export function registerFrontendCommands(program: Command, io: Io): void {
  addSourceOptions(
    program
      .command('preprocess')
      .description('run the C preprocessor (like gcc -E -x assembler-with-cpp) and print the result with line markers')
      .argument('<file>', 'the .S file'),
  ).action(async (file: string, opts: SourceOptions) => {
    const result = (await resolveSource(io, file, opts)).preprocess();
    for (const w of result.warnings) io.err(withNewline(formatDiagnostic(w)));
    io.out(withNewline(formatLikeGcc(result)));
  });

  addGasOptions(addSourceOptions(
    program
      .command('expand')
      .description('preprocess and assemble FILE, then print it as a GNU as listing that assembles to the same bytes')
      .argument('<file>', 'the .S file (or a .s file, assembled without preprocessing)')
      .option('--map', 'annotate every line with its source file:line and macro expansion stack'),
  )).action(async (file: string, opts: SourceOptions & GasCliOptions & { map?: boolean }) => {
    const program = (await resolveSource(io, file, opts)).assemble(gasOptions(opts));
    for (const d of program.diagnostics) io.err(withNewline(formatDiagnostic(d)));
    io.out(withNewline(emitListing(program, { map: Boolean(opts.map) })));
  });

  addGasOptions(addSourceOptions(
    program
      .command('symbols')
      .description('print the symbol table (name, section, address, size, type, binding) of each FILE')
      .argument('<files...>', 'one or more .S files (or .s files, assembled without preprocessing)'),
  )).action(async (files: string[], opts: SourceOptions & GasCliOptions) => {
    const tables: string[] = [];
    for (const file of files) {
      const prog = (await resolveSource(io, file, opts)).assemble(gasOptions(opts));
      tables.push(files.length > 1 ? `${prog.file}:\n${symbolTable(prog)}` : symbolTable(prog));
    }
    io.out(withNewline(tables.join('\n')));
  });
}
