// One file of a kbuild-built tree as hypsim's front end sees it: the compile step kbuild ran for
// it, preprocessed and assembled by hypsim (assembly), or gcc's -S output assembled by hypsim (C).
import { existsSync, realpathSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import type { PreprocessOptions, PreprocessResult } from '../cpp/index.js';
import { preprocess } from '../cpp/index.js';
import type { Program } from '../ir/program.js';
import type { GasOptions } from '../pipeline.js';
import { HostTree } from '../tree/source-tree.js';
import { HypsimError } from '../util/diagnostics.js';
import { compileToAssembly } from './compile.js';
import { assembleGccOutput, assembleKbuildAsm, cppOptionsFor, unitSource, type HypUnitSource } from './frontend.js';
import type { CompileStep } from './graph.js';
import type { KernelBuild } from './index.js';

export interface KbuildSourceUnit {
  readonly step: CompileStep;
  preprocess(): PreprocessResult;
  /** GAS overrides the debug options gcc would give gas for this step. */
  assemble(gas?: GasOptions): Program;
}

function realSource(build: KernelBuild, step: CompileStep): string {
  const p = resolve(build.buildDir, step.source);
  return existsSync(p) ? realpathSync(p) : p;
}

/** Tree-relative path of a step's source (or of a file kbuild generated, relative to the build). */
export function treePath(build: KernelBuild, path: string): string {
  const full = resolve(build.buildDir, path);
  for (const root of [build.srcDir, build.tree]) {
    const rel = relative(root, full);
    if (!rel.startsWith('..')) return rel;
  }
  return relative(build.buildDir, full);
}

export function findCompileStep(build: KernelBuild, file: string): CompileStep {
  const wanted = resolve(build.tree, file);
  const inTree = (s: CompileStep) => {
    const real = realSource(build, s);
    return real === wanted || treePath(build, real) === relative(build.tree, wanted);
  };
  const step = build.graph.compiles.find(inTree);
  if (step === undefined) {
    const known = build.graph.compiles.map((s) => treePath(build, s.source));
    throw new HypsimError(`${file}: not one of the files kbuild builds into the nVHE hypervisor for this config`, undefined, 'input', [
      `kbuild's nVHE objects come from: ${known.join(', ')}`,
    ]);
  }
  return step;
}

export async function kernelSourceUnit(build: KernelBuild, file: string): Promise<KbuildSourceUnit> {
  const step = findCompileStep(build, file);
  const unit: HypUnitSource = unitSource(step);
  const name = treePath(build, step.source);
  if (step.language === 'asm') {
    const options: PreprocessOptions = await cppOptionsFor(build, unit);
    return {
      step,
      preprocess: () => preprocess(new HostTree(build.buildDir, 'kbuild'), unit.args.source, options),
      assemble: (gas) => assembleKbuildAsm(build, unit, options, name, gas),
    };
  }
  const out = await compileToAssembly(step, build.buildDir, build.assemblyCache, build.jail);
  return {
    step,
    preprocess: () => {
      throw new HypsimError(`${file}: a C file; kbuild compiles it with gcc, and hypsim assembles gcc's output (use expand or symbols)`, undefined, 'usage');
    },
    assemble: (gas) => assembleGccOutput(build, unit, out.path, name, gas),
  };
}
