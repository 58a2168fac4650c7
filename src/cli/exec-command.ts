// `hypsim exec`: assemble one file, link it alone, run a symbol on the machine and print the
// final state (readable or JSON), how the run ended and, with --trace, every instruction.
import { readFileSync } from 'node:fs';
import { Option, type Command } from 'commander';
import { instructionText } from '../a64/semantics/index.js';
import type { Image } from '../link/link.js';
import { registersWritten, flagsText } from '../machine/describe.js';
import { prepareExec, type PreparedExec } from '../machine/exec.js';
import type { Machine, RunResult, StepEvent } from '../machine/machine.js';
import { captureState, hexDigits, parseStateJson, type MachineStateInput } from '../machine/state-json.js';
import { HypsimError, formatDiagnostic } from '../util/diagnostics.js';
import { withNewline, type Io } from './io.js';
import { addGasOptions, gasOptions, type GasCliOptions } from './gas-options.js';
import { addSourceOptions, resolveSource, type SourceOptions } from './source-options.js';

/** Exit codes of `hypsim exec` beyond 0 (returned, brk, halted), 1 (input) and 2 (usage). */
export const EXEC_EXIT = { steps: 3, unsupported: 4, fault: 5 } as const;

interface ExecCliOptions extends SourceOptions, GasCliOptions {
  entry: string;
  state?: string;
  el: string;
  maxSteps: string;
  trace?: boolean;
  json?: boolean;
}

function exitCodeOf(result: RunResult): number {
  switch (result.reason) {
    case 'returned':
    case 'brk':
    case 'halted':
      return 0;
    case 'steps':
      return EXEC_EXIT.steps;
    case 'unsupported':
      return EXEC_EXIT.unsupported;
    default:
      return EXEC_EXIT.fault;
  }
}

function where(image: Image, address: bigint): { symbol: string; source: string } {
  const sym = image.symbolize(address);
  const insn = image.insnAt(address);
  return {
    symbol: sym ? `${sym.name}+0x${sym.offset.toString(16)}` : '',
    source: insn ? `${insn.item.origin.file}:${insn.item.origin.line}` : '',
  };
}

function traceLine(m: Machine, image: Image, e: StepEvent): string {
  const lo = Number(e.pc & 0xffffffffn);
  const hi = Number(e.pc >> 32n);
  const { symbol, source } = where(image, e.pc);
  const text = e.word === -1 ? '(interrupt)' : instructionText({ word: e.word, lo, hi });
  const parts = [`0x${e.pc.toString(16).padStart(8, '0')}`, symbol.padEnd(20), source.padEnd(26), text.padEnd(32), ...registersWritten(m, e.changed)];
  for (const x of e.exceptions) {
    parts.push(x.type === 'take' ? `-> ${x.kind} to EL${x.toEl}${x.esr !== undefined ? ` (ESR 0x${x.esr.toString(16)})` : ''} at 0x${(x.vector ?? 0n).toString(16)}` : `-> eret to EL${x.toEl} at 0x${x.returnAddress.toString(16)}`);
  }
  for (const x of e.exec) parts.push(`[${x.kind}]`);
  return parts.join('  ').trimEnd();
}

function readableState(m: Machine): string {
  const lines: string[] = [];
  for (let i = 0; i < 31; i += 4) {
    lines.push(Array.from({ length: Math.min(4, 31 - i) }, (_, k) => `${`x${i + k}`.padEnd(3)} ${hexDigits(m.x(i + k), 16)}`).join('  '));
  }
  const nzcv = Number(m.sysreg('nzcv'));
  lines.push(`sp  ${hexDigits(m.sp, 16)}  pc  ${hexDigits(m.pc, 16)}  el ${m.el}  nzcv ${flagsText(nzcv)}`);
  lines.push(`fpsr ${hexDigits(m.sysreg('fpsr'), 8)}  fpcr ${hexDigits(m.sysreg('fpcr'), 8)}`);
  const vs = Array.from({ length: 32 }, (_, i) => [i, m.v(i)] as const).filter(([, v]) => v !== 0n);
  for (const [i, v] of vs) lines.push(`${`v${i}`.padEnd(3)} ${hexDigits(v, 32)}`);
  if (vs.length === 0) lines.push('v0-v31 all zero');
  return lines.join('\n');
}

function endLine(result: RunResult, prepared: PreparedExec): string {
  const m = prepared.machine;
  const { source } = where(prepared.image, m.pc);
  const at = (result.reason === 'unsupported' || result.reason === 'fault') && source ? ` (${source})` : '';
  const what = result.reason === 'returned' ? 'returned' : result.message;
  return `${what}${at} after ${result.steps} step${result.steps === 1 ? '' : 's'}`;
}

function positiveInteger(text: string, option: string): number {
  const n = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(n)) throw new HypsimError(`${option}: expected a non-negative integer, got '${text}'`, undefined, 'usage');
  return n;
}

export function registerExecCommand(program: Command, io: Io, setExitCode: (code: number) => void): void {
  addGasOptions(addSourceOptions(
    program
      .command('exec')
      .description('assemble FILE, link it alone (code at 0x400000, data after, a 64 KiB stack below 0x80000000), run SYMBOL until it returns, hits brk or the step budget ends, and print the final state')
      .argument('<file>', 'the .S file')
      .requiredOption('--entry <symbol>', 'the symbol to start at (LR is set so that returning from it ends the run)')
      .option('--state <file>', 'initial state as JSON (the format --json prints; see the README)')
      .addOption(new Option('--el <n>', 'exception level to start at').choices(['0', '1', '2']).default('1'))
      .option('--max-steps <n>', 'instruction budget', '1000000')
      .option('--trace', 'print one line per instruction: address, symbol+offset, source line, disassembly, registers written')
      .option('--json', 'print the final state and the end of the run as JSON'),
  )).action(async (file: string, opts: ExecCliOptions) => {
    const maxSteps = positiveInteger(opts.maxSteps, '--max-steps');
    let state: MachineStateInput | undefined;
    if (opts.state !== undefined) {
      let text: string;
      try {
        text = readFileSync(opts.state, 'utf8');
      } catch (e) {
        throw new HypsimError(`cannot read state file '${opts.state}': ${(e as Error).message}`);
      }
      state = parseStateJson(text, opts.state);
    }
    const assembled = (await resolveSource(io, file, opts)).assemble(gasOptions(opts));
    for (const d of assembled.diagnostics) io.err(withNewline(formatDiagnostic(d)));
    const prepared = prepareExec(assembled, { entry: opts.entry, el: Number(opts.el), ...(state ? { state, stateFile: opts.state } : {}) });
    const m = prepared.machine;
    const trace: string[] = [];
    const onStep = opts.trace
      ? (e: StepEvent) => {
          const line = traceLine(m, prepared.image, e);
          if (opts.json) trace.push(line);
          else io.out(`${line}\n`);
        }
      : undefined;
    const result = m.run({ maxSteps, ...(onStep ? { onStep } : {}) });
    if (opts.json) {
      const report = { ...captureState(m, prepared.dataRegions), reason: result.reason, steps: result.steps, message: endLine(result, prepared), ...(opts.trace ? { trace } : {}) };
      io.out(`${JSON.stringify(report, null, 2)}\n`);
    } else {
      io.out(`${readableState(m)}\n${endLine(result, prepared)}\n`);
    }
    setExitCode(exitCodeOf(result));
  });
}
