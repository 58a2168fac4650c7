// What kbuild built for the nVHE hypervisor, read back from its own records: the objects of
// `arch/arm64/kvm/hyp/nvhe/built-in.a`, followed through each `.cmd` down to the compiler runs.
import { existsSync } from 'node:fs';
import { join, posix } from 'node:path';
import { HypsimError } from '../util/diagnostics.js';
import { thinArchiveMembers } from './archive.js';
import { readCmdRecord, type CmdRecord } from './commands.js';

export const NVHE_DIR = 'arch/arm64/kvm/hyp/nvhe';

export interface CompileStep {
  readonly kind: 'compile';
  readonly target: string;
  readonly argv: readonly string[];
  readonly source: string;
  readonly language: 'c' | 'asm';
  readonly deps: readonly string[];
}

export interface LinkStep {
  readonly kind: 'link';
  readonly target: string;
  readonly argv: readonly string[];
  readonly inputs: readonly string[];
  /** The linker script (`-T`), build-relative, when there is one. */
  readonly script?: string;
}

export interface ObjcopyStep {
  readonly kind: 'objcopy';
  readonly target: string;
  readonly argv: readonly string[];
  readonly input: string;
  /** `--prefix-symbols=P` */
  readonly symbolPrefix?: string;
}

/** A step hypsim does not redo (a generator such as gen-hyprel, a preprocessed linker script). */
export interface OtherStep {
  readonly kind: 'other';
  readonly target: string;
  readonly argv: readonly string[];
}

export type BuildStep = CompileStep | LinkStep | ObjcopyStep | OtherStep;

export interface HypBuildGraph {
  /** The objects the nVHE directory contributes (its built-in.a), build-relative. */
  readonly roots: readonly string[];
  readonly steps: ReadonlyMap<string, BuildStep>;
  /** Every compiler run under the roots, in link order. */
  readonly compiles: readonly CompileStep[];
}

const isCompiler = (tool: string) => /(^|\/)[\w.-]*-?(gcc|cc|clang)(-\d+)?$/.test(tool);
const isLinker = (tool: string) => /(^|\/)[\w.-]*-?ld(\.bfd|\.gold|\.lld)?$/.test(tool);
const isObjcopy = (tool: string) => /(^|\/)[\w.-]*-?objcopy$/.test(tool);

function outputOf(argv: readonly string[]): string | undefined {
  const i = argv.indexOf('-o');
  return i >= 0 ? argv[i + 1] : undefined;
}

function classify(rec: CmdRecord): BuildStep {
  const [tool, ...args] = rec.argv;
  const target = rec.target;
  if (tool !== undefined && isCompiler(tool) && args.includes('-c')) {
    const source = rec.source ?? args[args.length - 1];
    const language = /\.c$/.test(source) ? 'c' : /\.S$|\.s$/.test(source) ? 'asm' : undefined;
    if (language === undefined) throw new HypsimError(`${target}: kbuild compiled ${source}, which is neither C nor assembly`);
    return { kind: 'compile', target, argv: rec.argv, source, language, deps: rec.deps };
  }
  if (tool !== undefined && isLinker(tool)) {
    const out = outputOf(rec.argv);
    const t = args.indexOf('-T');
    const script = t >= 0 ? args[t + 1] : undefined;
    const inputs = args.filter((a, i) => /\.o$/.test(a) && a !== out && args[i - 1] !== '-o');
    return { kind: 'link', target, argv: rec.argv, inputs, script };
  }
  if (tool !== undefined && isObjcopy(tool)) {
    const positional = args.filter((a) => !a.startsWith('-'));
    const prefix = args.find((a) => a.startsWith('--prefix-symbols='))?.slice('--prefix-symbols='.length);
    return { kind: 'objcopy', target, argv: rec.argv, input: positional[0], symbolPrefix: prefix };
  }
  return { kind: 'other', target, argv: rec.argv };
}

function inputsOf(step: BuildStep): readonly string[] {
  if (step.kind === 'link') return step.script ? [...step.inputs, step.script] : step.inputs;
  if (step.kind === 'objcopy') return [step.input];
  return [];
}

/** Reads the build graph of the nVHE hypervisor from a kbuild output directory. */
export function readHypBuildGraph(buildDir: string): HypBuildGraph {
  const archive = join(buildDir, NVHE_DIR, 'built-in.a');
  if (!existsSync(archive)) throw new HypsimError(`${archive}: kbuild has not built the nVHE hypervisor here`);
  const roots = thinArchiveMembers(archive).map((m) => posix.join(NVHE_DIR, m));
  const steps = new Map<string, BuildStep>();
  const compiles: CompileStep[] = [];
  const visit = (target: string) => {
    if (steps.has(target)) return;
    const rec = readCmdRecord(buildDir, target);
    if (rec === undefined) throw new HypsimError(`${target}: kbuild left no record of how it was made (${NVHE_DIR}/.${posix.basename(target)}.cmd)`);
    const step = classify(rec);
    steps.set(target, step);
    if (step.kind === 'compile') compiles.push(step);
    for (const input of inputsOf(step)) visit(input);
  };
  for (const root of roots) visit(root);
  return { roots, steps, compiles };
}
