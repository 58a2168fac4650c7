// run / diff / scenarios: the KVM world from the command line.
import type { Command } from 'commander';
import { runScenario, type RunRecord } from '../kvm/runner.js';
import { builtinScenario, builtinScenarioNames, loadScenario } from '../kvm/scenario.js';
import { BUILTIN_VARIANTS, buildVariant, type BuiltVariant } from '../kvm/variants.js';
import { compareRuns } from '../kvm/verdict.js';
import { renderDiffReport } from '../report/scenario-report.js';
import { HypsimError, formatDiagnostic } from '../util/diagnostics.js';
import { writeDiffHtml } from './html-output.js';
import { withNewline, type Io } from './io.js';
import { addDiffReportOptions, addRunReportOptions, diffReportOptions, emitRunReport, type DiffCliOptions, type ReportCliOptions } from './report-commands.js';

export const EXIT_NOT_EQUIVALENT = 3;

export interface WorldOptions {
  kernel?: string;
  patch?: string;
  scenario?: string;
  asmOffsets?: string;
  variant?: string[];
  maxSteps?: string;
}

export const collect = (value: string, previous: string[] = []) => [...previous, value];

export function addWorldOptions(cmd: Command): Command {
  return cmd
    .option('--kernel <dir>', 'run the hyp code of this Linux tree (4.0 or 6.1) instead of the built-in corpus')
    .option('--scenario <name|file>', `a built-in scenario (${builtinScenarioNames().join(', ')}) or a YAML/JSON file`)
    .option('--asm-offsets <file>', "use this asm-offsets.h (or Kbuild asm-offsets.s) instead of hypsim's layouts")
    .option('--max-steps <n>', 'instruction budget for each host call', '5000000');
}

function maxSteps(o: WorldOptions): number {
  const n = Number(o.maxSteps ?? 5_000_000);
  if (!Number.isInteger(n) || n <= 0) throw new HypsimError(`--max-steps must be a positive integer, not '${o.maxSteps}'`, undefined, 'usage');
  return n;
}

export function warn(io: Io, v: BuiltVariant): void {
  for (const w of v.patch?.warnings ?? []) io.err(withNewline(formatDiagnostic(w)));
}

export function execute(v: BuiltVariant, o: WorldOptions): RunRecord {
  return runScenario(v.session, loadScenario(o.scenario), { trace: true, maxStepsPerCall: maxSteps(o) });
}

export function registerKvmCommands(program: Command, io: Io, setExitCode: (code: number) => void): void {
  addRunReportOptions(addWorldOptions(
    program
      .command('run')
      .description('run a scenario on one variant and print instructions and bytes per step and per function')
      .option('--patch <file>', 'apply this patch (unified diff, git format-patch, or quoted mail) first')
      .option('--variant <name>', `a built-in corpus variant (${Object.keys(BUILTIN_VARIANTS).join(', ')})`, collect),
  )).action((o: WorldOptions & ReportCliOptions) => {
    if ((o.variant?.length ?? 0) > 1) throw new HypsimError('run takes one --variant', undefined, 'usage');
    const v = buildVariant({ kernel: o.kernel, patchFile: o.patch, name: o.variant?.[0], asmOffsets: o.asmOffsets });
    warn(io, v);
    emitRunReport(io, v, execute(v, o), o);
  });

  addDiffReportOptions(addWorldOptions(
    program
      .command('diff')
      .description('run a scenario before and after a patch (or on two variants), compare counts and check equivalence; exit 3 when not equivalent')
      .option('--patch <file>', 'the patch whose effect to show (B = tree + patch)')
      .option('--variant <name>', 'a built-in corpus variant; give two to compare them', collect),
  )).action((o: WorldOptions & DiffCliOptions) => {
    const names = o.variant ?? [];
    if (o.patch && names.length) throw new HypsimError('give either --patch or --variant, not both', undefined, 'usage');
    if (names.length === 1 || names.length > 2) throw new HypsimError('--variant must be given twice (A and B)', undefined, 'usage');
    if (o.kernel && !o.patch) throw new HypsimError('diff --kernel needs --patch', undefined, 'usage');
    const [specA, specB] = o.patch
      ? [{ kernel: o.kernel, asmOffsets: o.asmOffsets }, { kernel: o.kernel, asmOffsets: o.asmOffsets, patchFile: o.patch }]
      : [{ name: names[0] ?? 'original' }, { name: names[1] ?? 'move-to-load-put' }];
    const va = buildVariant(specA);
    const vb = buildVariant(specB);
    warn(io, vb);
    const a = execute(va, o);
    const b = execute(vb, o);
    const verdict = compareRuns(a, b);
    const options = diffReportOptions(o);
    if (o.html) writeDiffHtml(io, { file: o.html, kernel: o.kernel, patchFile: o.patch, context: options.context ?? 2 }, va, vb, a, b, verdict);
    io.out(withNewline(renderDiffReport({ a, b, verdict, patch: vb.patch, patchName: vb.patchName }, options)));
    if (!verdict.equivalent) setExitCode(EXIT_NOT_EQUIVALENT);
  });

  program
    .command('scenarios')
    .description('list the built-in scenarios, one per line, the name first')
    .action(() => {
      const lines = builtinScenarioNames().map((n) => `${n}\t${builtinScenario(n).description}`);
      io.out(withNewline(lines.join('\n')));
    });
}
