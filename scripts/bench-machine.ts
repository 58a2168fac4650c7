// Machine speed, trace off: (a) FP/SIMD save + restore of 32 Q registers with FPSR/FPCR, as the
// world switch does it (stp/ldp q pairs, like fpsimd_save/fpsimd_restore in asm/include/hyp/macros.h),
// and (b) an integer loop; the same loops under qemu-aarch64 (user mode, static binary) when installed.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assembleText } from '../src/gas/index.js';
import { prepareExec } from '../src/machine/exec.js';
import { RETURN_SENTINEL } from '../src/machine/machine.js';

const pairs = (op: string, from: number, to: number) =>
  Array.from({ length: (to - from) / 2 }, (_, i) => `\t${op}\tq${from + 2 * i}, q${from + 2 * i + 1}, [x0, #16 * ${from + 2 * i}]`);

export const FPSIMD_LOOP = [
  '\t.text',
  '\t.global\tbench_fpsimd',
  'bench_fpsimd:',
  '\tmov\tx19, x0',
  '\tmov\tx20, x30',
  '\tadr\tx21, fpsimd_area',
  '1:\tmov\tx0, x21',
  '\tbl\tfpsimd_save',
  '\tmov\tx0, x21',
  '\tbl\tfpsimd_restore',
  '\tsubs\tx19, x19, #1',
  '\tb.ne\t1b',
  '\tmov\tx30, x20',
  '\tret',
  'fpsimd_save:',
  ...pairs('stp', 0, 30),
  '\tstp\tq30, q31, [x0, #16 * 30]!',
  '\tmrs\tx1, fpsr',
  '\tstr\tw1, [x0, #32]',
  '\tmrs\tx1, fpcr',
  '\tstr\tw1, [x0, #36]',
  '\tret',
  'fpsimd_restore:',
  ...pairs('ldp', 0, 30),
  '\tldp\tq30, q31, [x0, #16 * 30]!',
  '\tldr\tw1, [x0, #32]',
  '\tmsr\tfpsr, x1',
  '\tldr\tw1, [x0, #36]',
  '\tmrs\tx2, fpcr',
  '\tcmp\tx1, x2',
  '\tb.eq\t2f',
  '\tmsr\tfpcr, x1',
  '2:\tret',
  '\t.data',
  '\t.balign\t16',
  'fpsimd_area:',
  '\t.skip\t528',
  '',
].join('\n');

export const INTEGER_LOOP = [
  '\t.text',
  '\t.global\tbench_integer',
  'bench_integer:',
  '\tmov\tx1, #1',
  '\tmov\tx2, #0x1234',
  '\tsub\tsp, sp, #32',
  '1:\tmadd\tx2, x2, x1, x1',
  '\teor\tx2, x2, x2, lsr #13',
  '\tadd\tx1, x1, x2, lsl #3',
  '\tand\tx3, x2, #0xff00',
  '\torr\tx4, x3, x1',
  '\tldr\tx5, [sp, #8]',
  '\tstr\tx4, [sp, #16]',
  '\tcmp\tx4, x5',
  '\tcsel\tx6, x4, x5, hi',
  '\tsubs\tx0, x0, #1',
  '\tb.ne\t1b',
  '\tadd\tsp, sp, #32',
  '\tret',
  '',
].join('\n');

export interface LoopRate {
  readonly name: string;
  readonly perIteration: number;
  readonly hypsim: number;
  readonly qemu?: number;
}

/**
 * Instructions per second of `entry` in `source` (x0 = iterations): one machine, a warm-up run,
 * then the best of three measured runs (steady state; the first runs include compiling).
 */
function hypsimRate(source: string, entry: string, iterations: number): { rate: number; perIteration: number } {
  const program = assembleText(source, { file: `${entry}.S` });
  const { machine } = prepareExec(program, { entry, el: 1 });
  const start = machine.pc;
  let best = 0;
  let steps = 0;
  for (let run = 0; run < 5; run++) {
    machine.pc = start;
    machine.setX(30, RETURN_SENTINEL);
    machine.setX(0, BigInt(run < 2 ? iterations / 10 : iterations));
    const t = performance.now();
    const result = machine.run({ maxSteps: 1e10 });
    const ms = performance.now() - t;
    if (result.reason !== 'returned') throw new Error(`bench ${entry}: ${result.message}`);
    if (run >= 2) {
      steps = result.steps;
      best = Math.max(best, result.steps / ms / 1000);
    }
  }
  return { rate: best, perIteration: steps / iterations };
}

function hasTool(name: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${name}`]).status === 0;
}

/** qemu-aarch64 on a static binary that calls `entry` with x0 = N: rate from the difference of two N. */
function qemuRate(source: string, entry: string, perIteration: number): number | undefined {
  if (!['qemu-aarch64', 'aarch64-linux-gnu-as', 'aarch64-linux-gnu-ld'].every(hasTool)) return undefined;
  const dir = mkdtempSync(join(tmpdir(), 'hypsim-bench-qemu-'));
  try {
    const start = ['\t.text', '\t.global _start', '_start:', '\tldr\tx0, =ITERATIONS', '\tbl\t' + entry, '\tmov\tx0, #0', '\tmov\tx8, #93', '\tsvc\t#0', '\t.ltorg', ''].join('\n');
    writeFileSync(join(dir, 'loop.s'), source);
    const time = (iterations: number): number => {
      writeFileSync(join(dir, 'start.s'), start.replace('ITERATIONS', String(iterations)));
      execFileSync('aarch64-linux-gnu-as', ['-o', join(dir, 'start.o'), join(dir, 'start.s')]);
      execFileSync('aarch64-linux-gnu-as', ['-o', join(dir, 'loop.o'), join(dir, 'loop.s')]);
      execFileSync('aarch64-linux-gnu-ld', ['-static', '-o', join(dir, 'bench'), join(dir, 'start.o'), join(dir, 'loop.o')]);
      let best = Infinity;
      for (let i = 0; i < 3; i++) {
        const t = performance.now();
        execFileSync('qemu-aarch64', ['-cpu', 'cortex-a57', join(dir, 'bench')]);
        best = Math.min(best, performance.now() - t);
      }
      return best;
    };
    const small = 1000;
    const large = 2_000_000;
    const ms = time(large) - time(small);
    return ((large - small) * perIteration) / ms / 1000;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function benchMachine(): LoopRate[] {
  const loops = [
    { name: '(a) FP/SIMD save+restore (32 Q regs, FPSR/FPCR)', source: FPSIMD_LOOP, entry: 'bench_fpsimd', iterations: 400_000 },
    { name: '(b) integer loop', source: INTEGER_LOOP, entry: 'bench_integer', iterations: 2_000_000 },
  ];
  return loops.map((l) => {
    const { rate, perIteration } = hypsimRate(l.source, l.entry, l.iterations);
    const qemu = qemuRate(l.source, l.entry, perIteration);
    return { name: l.name, perIteration, hypsim: rate, ...(qemu !== undefined ? { qemu } : {}) };
  });
}
