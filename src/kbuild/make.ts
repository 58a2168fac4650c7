// kbuild's own steps, run out of tree in the sandbox: configure, prepare, build the nVHE directory.
import { createWriteStream, mkdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { HypsimError } from '../util/diagnostics.js';
import { runJailed, type Jail } from './sandbox.js';

export interface KbuildProgress {
  /** A long step starts (`defconfig`, `prepare`, `build arch/arm64/kvm/hyp/nvhe`). */
  step(name: string): void;
  /** A line kbuild printed (`  CC      arch/…/switch.nvhe.o`). */
  line(text: string): void;
  done(): void;
}

export const SILENT_PROGRESS: KbuildProgress = { step() {}, line() {}, done() {} };

export interface MakeContext {
  readonly srcDir: string;
  readonly buildDir: string;
  readonly logDir: string;
  readonly jail: Jail;
  readonly progress: KbuildProgress;
  readonly jobs?: number;
}

const TAIL_LINES = 15;

export function makeArgv(ctx: MakeContext, targets: readonly string[]): string[] {
  const jobs = ctx.jobs ?? availableParallelism();
  return ['make', '-C', ctx.srcDir, `O=${ctx.buildDir}`, 'ARCH=arm64', 'CROSS_COMPILE=aarch64-linux-gnu-', `-j${jobs}`, ...targets];
}

/** Runs one kbuild step; a failure is an input error with the end of kbuild's log and its path. */
export async function runMake(ctx: MakeContext, name: string, targets: readonly string[]): Promise<void> {
  mkdirSync(ctx.logDir, { recursive: true });
  const logPath = join(ctx.logDir, `${name.replace(/[^\w.-]+/g, '_')}.log`);
  const log = createWriteStream(logPath);
  const argv = makeArgv(ctx, targets);
  log.write(`$ ${argv.join(' ')}\n`);
  ctx.progress.step(name);
  const result = await runJailed(ctx.jail, argv, {
    onLine: (line) => {
      log.write(`${line}\n`);
      ctx.progress.line(line);
    },
  });
  await new Promise<void>((r) => log.end(r));
  ctx.progress.done();
  if (result.status !== 0) {
    const lines = readFileSync(logPath, 'utf8').trimEnd().split('\n');
    throw new HypsimError(`kbuild ${name} failed (exit ${result.status})`, undefined, 'input', [
      ...lines.slice(-TAIL_LINES).map((l) => `| ${l}`),
      `the whole log is ${logPath}`,
    ]);
  }
}

/** The CONFIG_ options of a .config that decide whether there is an nVHE hypervisor to build. */
export function checkConfigBuildsHyp(buildDir: string): void {
  const config = readFileSync(join(buildDir, '.config'), 'utf8');
  if (!/^CONFIG_KVM=y$/m.test(config)) {
    throw new HypsimError(`${join(buildDir, '.config')}: CONFIG_KVM is not set to y, so kbuild builds no nVHE hypervisor`, undefined, 'input', [
      'use a config with CONFIG_KVM=y (arm64 defconfig has it)',
    ]);
  }
}
