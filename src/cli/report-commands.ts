// count / trace / sweep, and the report options of run and diff (--format, --export, --cycles,
// --trace-diff, --context): the report stage from the command line.
import { readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import type { RunRecord } from '../kvm/runner.js';
import { runScenario } from '../kvm/runner.js';
import { BUILTIN_VARIANTS, buildVariant, type BuiltVariant } from '../kvm/variants.js';
import { CyclesUnavailable, cyclesText, estimateCycles } from '../report/cycles.js';
import { drcovBytes } from '../report/export-drcov.js';
import { lcovText } from '../report/export-lcov.js';
import { perfettoJson } from '../report/export-perfetto.js';
import { tarmacText } from '../report/export-tarmac.js';
import { runRecords } from '../report/records.js';
import { REPORT_FORMATS, renderCountReport, renderRunReport, type DiffReportOptions, type ReportExtras, type ReportFormat } from '../report/scenario-report.js';
import { DEFAULT_SWEEP, runSweep, sweepCsv, sweepJson, sweepMarkdown, sweepText, type SweepGrid } from '../report/sweep.js';
import { compareTrace } from '../report/trace-check.js';
import { parseTrace, traceLines, type TraceHeader } from '../report/trace.js';
import { HypsimError } from '../util/diagnostics.js';
import { writeRunHtml, writeSweepHtml } from './html-output.js';
import { withNewline, type Io } from './io.js';
import { addWorldOptions, collect, execute, warn, type WorldOptions } from './kvm-commands.js';

export const EXPORT_KINDS = ['tarmac', 'perfetto', 'lcov', 'drcov'] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];

export interface ReportCliOptions {
  format?: string;
  export?: string[];
  cycles?: string;
  html?: string;
}

export interface DiffCliOptions {
  format?: string;
  traceDiff?: boolean;
  context?: string;
  all?: boolean;
  html?: string;
}

function usage(message: string): HypsimError {
  return new HypsimError(message, undefined, 'usage');
}

function formatOf(value: string | undefined, allowed: readonly string[] = REPORT_FORMATS): ReportFormat {
  const f = value ?? 'text';
  if (!allowed.includes(f)) throw usage(`--format must be one of ${allowed.join(', ')}, not '${f}'`);
  return f as ReportFormat;
}

function integerOption(value: string | undefined, name: string, fallback: number, min = 0): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw usage(`${name} must be an integer of at least ${min}, not '${value}'`);
  return n;
}

/** `--export tarmac FILE` (or `tarmac=FILE`), repeatable: pairs of kind and file. */
export function exportRequests(values: readonly string[] = []): Array<{ kind: ExportKind; file: string }> {
  const out: Array<{ kind: ExportKind; file: string }> = [];
  for (let i = 0; i < values.length; i++) {
    const [kind, inline] = values[i].includes('=') ? [values[i].slice(0, values[i].indexOf('=')), values[i].slice(values[i].indexOf('=') + 1)] : [values[i], undefined];
    const file = inline ?? values[++i];
    if (!(EXPORT_KINDS as readonly string[]).includes(kind)) throw usage(`--export: unknown kind '${kind}' (one of ${EXPORT_KINDS.join(', ')})`);
    if (!file) throw usage(`--export ${kind} needs a file name`);
    out.push({ kind: kind as ExportKind, file });
  }
  return out;
}

export function writeOut(file: string, data: string | Uint8Array): void {
  try {
    writeFileSync(file, data);
  } catch (e) {
    throw new HypsimError(`${file}: cannot write (${(e as Error).message})`);
  }
}

export function writeExports(io: Io, rec: RunRecord, values: readonly string[] | undefined, title: string): void {
  const recs = runRecords(rec);
  for (const { kind, file } of exportRequests(values)) {
    const data = kind === 'tarmac' ? tarmacText(recs) : kind === 'perfetto' ? perfettoJson(recs, title) : kind === 'lcov' ? lcovText(recs) : drcovBytes(recs);
    writeOut(file, data);
    io.err(`hypsim: wrote ${kind} export to ${file}\n`);
  }
}

/** The estimated-cycles table, or a note on stderr when llvm-mca cannot give it. */
function cyclesExtras(io: Io, rec: RunRecord, model: string | undefined): ReportExtras {
  if (!model) return {};
  try {
    const est = estimateCycles(runRecords(rec), model);
    return { textSections: cyclesText(est), extraSections: [est.section] };
  } catch (e) {
    if (e instanceof CyclesUnavailable) {
      io.err(`hypsim: ${e.message}\n`);
      return {};
    }
    throw e;
  }
}

const HTML_HELP = 'also write the report as one self-contained HTML page (works offline)';

export function addRunReportOptions(cmd: Command): Command {
  return cmd
    .option('--format <format>', `output format: ${REPORT_FORMATS.join(', ')} (mail: a short summary for a patch email)`, 'text')
    .option('--export <kind-and-file...>', `also write the run as ${EXPORT_KINDS.join(', ')} to a file: --export tarmac FILE (repeatable)`)
    .option('--cycles <model>', 'add estimated cycles per function from llvm-mca for this CPU model (e.g. cortex-a53)')
    .option('--html <file>', HTML_HELP);
}

export function addDiffReportOptions(cmd: Command): Command {
  return cmd
    .option('--format <format>', `output format: ${REPORT_FORMATS.join(', ')} (mail: a short summary for a patch email)`, 'text')
    .option('--trace-diff', 'add the two instruction streams aligned by function and instruction, as removed/added blocks')
    .option('--context <n>', 'instructions of context around each block of --trace-diff', '2')
    .option('--all', 'show every row of the side-by-side count tables, not only those that changed')
    .option('--html <file>', HTML_HELP);
}

export function diffReportOptions(o: DiffCliOptions): DiffReportOptions {
  return { format: formatOf(o.format), traceDiff: Boolean(o.traceDiff), context: integerOption(o.context, '--context', 2), all: Boolean(o.all) };
}

/** `hypsim run`'s output: the report in its format, plus exports and estimated cycles. */
export function emitRunReport(io: Io, v: BuiltVariant, rec: RunRecord, o: ReportCliOptions & { kernel?: string; patch?: string }): void {
  const format = formatOf(o.format);
  writeExports(io, rec, o.export, `hypsim: ${rec.scenario.name} on ${v.label}`);
  const extras = cyclesExtras(io, rec, o.cycles);
  if (o.html) writeRunHtml(io, o.html, 'run', v, rec, o, extras.extraSections);
  io.out(withNewline(renderRunReport(rec, format, extras)));
}

type VariantCliOptions = WorldOptions & ReportCliOptions;

function addVariantOptions(cmd: Command): Command {
  return cmd
    .option('--patch <file>', 'apply this patch (unified diff, git format-patch, or quoted mail) first')
    .option('--variant <name>', `a built-in corpus variant (${Object.keys(BUILTIN_VARIANTS).join(', ')}); default original`, collect);
}

function oneVariant(io: Io, o: WorldOptions): BuiltVariant {
  if ((o.variant?.length ?? 0) > 1) throw usage('give one --variant');
  if (o.patch && o.variant?.length) throw usage('give either --patch or --variant, not both');
  const v = buildVariant({ kernel: o.kernel, patchFile: o.patch, name: o.variant?.[0], asmOffsets: o.asmOffsets });
  warn(io, v);
  return v;
}

/** Names in a trace header: tree-relative or base names only, never a machine path. */
export function traceHeaderFor(v: BuiltVariant, o: WorldOptions, rec: RunRecord): TraceHeader {
  const userPatch = o.patch !== undefined;
  return {
    format: 'hypsim-trace',
    version: 1,
    tree: o.kernel ? `kernel tree ${basename(o.kernel)}` : 'hypsim corpus',
    patch: v.patchName === undefined ? null : userPatch ? basename(v.patchName) : v.patchName,
    scenario: rec.scenario.name.includes('/') ? basename(rec.scenario.name) : rec.scenario.name,
    variant: o.variant?.[0] ?? (userPatch ? `+${basename(o.patch!)}` : 'original'),
  };
}

interface TraceCliOptions extends VariantCliOptions {
  out?: string;
  check?: string;
  context?: string;
}

function traceAction(io: Io, setExitCode: (code: number) => void, o: TraceCliOptions): void {
  if (o.out && o.check) throw usage('give either --out or --check, not both');
  const v = oneVariant(io, o);
  const rec = execute(v, o);
  const header = traceHeaderFor(v, o, rec);
  const lines = traceLines(runRecords(rec), header);
  writeExports(io, rec, o.export, `hypsim: ${rec.scenario.name} on ${v.label}`);
  if (o.check) {
    let text: string;
    try {
      text = readFileSync(o.check, 'utf8');
    } catch {
      throw usage(`${o.check}: cannot read the trace to check against`);
    }
    const result = compareTrace(parseTrace(text, o.check), header, lines.slice(1), o.check, integerOption(o.context, '--context', 3));
    if (result.match) io.out(`matches golden (${result.lines} steps): ${result.instructions} instructions in ${result.steps} scenario steps\n`);
    else {
      io.out(withNewline(result.report));
      setExitCode(1);
    }
    return;
  }
  const text = `${lines.join('\n')}\n`;
  if (o.out) {
    writeOut(o.out, text);
    io.err(`hypsim: wrote ${lines.length} lines (${text.length} bytes) to ${o.out}\n`);
  } else io.out(text);
}

function numberList(value: string, name: string, check: (n: number) => boolean): number[] {
  const list = value.split(',').map((s) => s.trim()).filter(Boolean).map(Number);
  if (list.length === 0 || list.some((n) => !check(n))) throw usage(`${name}: '${value}' is not a valid comma-separated list`);
  return list;
}

interface SweepCliOptions {
  kernel?: string;
  asmOffsets?: string;
  maxSteps?: string;
  patch?: string;
  runs: string;
  fpUse: string;
  variants?: string;
  seed: string;
  format?: string;
  html?: string;
}

function progress(io: Io): { update: (done: number, total: number) => void; stop: () => void } {
  if (!io.interactive) return { update: () => {}, stop: () => {} };
  const bar = new cliProgress.SingleBar({ format: 'sweep [{bar}] {value}/{total} runs', stream: process.stderr, clearOnComplete: true, hideCursor: true }, cliProgress.Presets.shades_classic);
  let started = false;
  return {
    update: (done, total) => {
      if (!started) {
        bar.start(total, 0);
        started = true;
      }
      bar.update(done);
    },
    stop: () => started && bar.stop(),
  };
}

function sweepAction(io: Io, o: SweepCliOptions): void {
  const format = formatOf(o.format, ['text', 'json', 'csv', 'md']);
  if (o.variants && (o.patch || o.kernel)) throw usage('--variants names corpus variants; give it without --patch and --kernel');
  const tree = o.kernel ? 'tree' : 'original';
  const variants = o.patch ? [tree, `+${basename(o.patch)}`] : o.kernel ? [tree] : (o.variants ?? Object.keys(BUILTIN_VARIANTS).join(',')).split(',').map((s) => s.trim()).filter(Boolean);
  for (const name of variants) if (!o.patch && !o.kernel && !BUILTIN_VARIANTS[name]) throw usage(`--variants: unknown variant '${name}' (built-in: ${Object.keys(BUILTIN_VARIANTS).join(', ')})`);
  const grid: SweepGrid = {
    runs: numberList(o.runs, '--runs', (n) => Number.isInteger(n) && n >= 1 && n <= 10_000),
    fpUse: numberList(o.fpUse, '--fp-use', (n) => n >= 0 && n <= 1),
    variants,
    seed: numberList(o.seed, '--seed', Number.isInteger)[0],
    compute: DEFAULT_SWEEP.compute,
    fpsimd: DEFAULT_SWEEP.fpsimd,
  };
  const steps = integerOption(o.maxSteps, '--max-steps', 5_000_000, 1);
  const build = (name: string) =>
    o.kernel || o.patch ? buildVariant({ kernel: o.kernel, asmOffsets: o.asmOffsets, ...(name.startsWith('+') ? { patchFile: o.patch } : {}) }) : buildVariant({ name });
  const bar = progress(io);
  let cells;
  try {
    cells = runSweep(grid, (name, scenario) => runScenario(build(name).session, scenario, { trace: true, maxStepsPerCall: steps }), bar.update);
  } finally {
    bar.stop();
  }
  if (o.html) writeSweepHtml(io, o.html, cells, grid, o.kernel);
  const text = format === 'json' ? sweepJson(cells, grid) : format === 'csv' ? sweepCsv(cells) : format === 'md' ? sweepMarkdown(cells, grid) : sweepText(cells, grid);
  io.out(withNewline(text));
}

export function registerReportCommands(program: Command, io: Io, setExitCode: (code: number) => void): void {
  addRunReportOptions(
    addVariantOptions(addWorldOptions(program.command('count').description('run a scenario on one variant and print every count: per function, macro, source line, class, EL, step; bytes per region and field group; system-register accesses'))),
  ).action((o: VariantCliOptions) => {
    const v = oneVariant(io, o);
    const rec = execute(v, o);
    writeExports(io, rec, o.export, `hypsim: ${rec.scenario.name} on ${v.label}`);
    const extras = cyclesExtras(io, rec, o.cycles);
    if (o.html) writeRunHtml(io, o.html, 'count', v, rec, o, extras.extraSections);
    io.out(withNewline(renderCountReport(rec, formatOf(o.format), extras)));
  });

  addVariantOptions(addWorldOptions(program.command('trace').description('record every executed instruction as a JSON Lines trace (stdout, --out FILE), or re-run and compare with a stored trace (--check FILE; exit 1 on a divergence)')))
    .option('--out <file>', 'write the trace to this file')
    .option('--check <file>', "compare with this trace; prints 'matches golden (N steps)' or the first divergence with context")
    .option('--context <n>', 'instructions of context around a divergence', '3')
    .option('--export <kind-and-file...>', `also write the run as ${EXPORT_KINDS.join(', ')} to a file: --export tarmac FILE (repeatable)`)
    .action((o: TraceCliOptions) => traceAction(io, setExitCode, o));

  program
    .command('sweep')
    .description('run generated scenarios (N runs per vcpu_load/put, a fraction using FP/SIMD) on several variants and print instructions and FP/SIMD bytes per round trip')
    .option('--kernel <dir>', 'sweep this Linux tree (with --patch: the tree and the tree + patch) instead of the corpus variants')
    .option('--asm-offsets <file>', "with --kernel: use this asm-offsets.h instead of hypsim's layouts")
    .option('--max-steps <n>', 'instruction budget for each host call', '5000000')
    .option('--patch <file>', 'sweep the tree and the tree + this patch')
    .option('--runs <list>', 'guest runs per vcpu_load/vcpu_put, comma-separated', DEFAULT_SWEEP.runs.join(','))
    .option('--fp-use <list>', 'fractions of runs that use FP/SIMD, comma-separated, each in [0, 1]', DEFAULT_SWEEP.fpUse.join(','))
    .option('--variants <list>', 'built-in variants to compare, comma-separated (default: all)')
    .option('--seed <n>', 'seed of the choice of which runs use FP/SIMD', String(DEFAULT_SWEEP.seed))
    .option('--format <format>', 'output format: text, json, csv, md', 'text')
    .option('--html <file>', 'also write the sweep as one self-contained HTML page with a chart per runs value')
    .action((o: SweepCliOptions) => sweepAction(io, o));
}
