// The nVHE hypervisor as kbuild makes it, from hypsim's own assembly of each object: every
// compile step through hypsim's front end, then the link steps kbuild recorded (ld -r with
// hyp.lds, objcopy --prefix-symbols) redone by hypsim's relocatable linker.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Program } from '../ir/program.js';
import { linkRelocatable } from '../link/relocatable.js';
import { parseLinkerScript } from '../link/script.js';
import { HypsimError } from '../util/diagnostics.js';
import { assembleGccOutput, assembleKbuildAsm, cppOptionsFor, unitSource } from './frontend.js';
import { compileHypC, type KernelBuild } from './index.js';
import { treePath } from './units.js';

/** Every compile step of the hypervisor assembled by hypsim, by kbuild target. */
export async function assembleHypObjects(build: KernelBuild): Promise<Map<string, Program>> {
  const assembly = await compileHypC(build);
  const out = new Map<string, Program>();
  for (const step of build.graph.compiles) {
    const unit = unitSource(step);
    const name = treePath(build, step.source);
    const program = step.language === 'c'
      ? assembleGccOutput(build, unit, (assembly.get(step.target) as { path: string }).path, name)
      : assembleKbuildAsm(build, unit, await cppOptionsFor(build, unit), name);
    out.set(step.target, program);
  }
  return out;
}

/** The link steps of kbuild's graph, from the root (kvm_nvhe.o) down to the objects in `load`. */
export function linkHyp(build: KernelBuild, load: (target: string) => Program): Program {
  const g = build.graph;
  if (g.roots.length !== 1) throw new HypsimError(`${build.buildDir}: expected one nVHE object, kbuild built ${g.roots.join(', ')}`);
  const make = (target: string): Program => {
    const step = g.steps.get(target);
    if (step === undefined || step.kind === 'compile' || step.kind === 'other') return load(target);
    if (step.kind === 'objcopy') return linkRelocatable([make(step.input)], { symbolPrefix: step.symbolPrefix, file: target });
    const script = step.script ? parseLinkerScript(readFileSync(join(build.buildDir, step.script), 'utf8'), step.script) : undefined;
    return linkRelocatable(step.inputs.map(make), { script, file: target, inputNames: step.inputs });
  };
  return make(g.roots[0]);
}

/** hypsim's kvm_nvhe.o: the hypervisor assembled and linked by hypsim as kbuild builds it. */
export async function hypsimHypProgram(build: KernelBuild): Promise<Program> {
  const objects = await assembleHypObjects(build);
  return linkHyp(build, (target) => {
    const p = objects.get(target);
    if (p === undefined) throw new HypsimError(`${target}: kbuild links it into the hypervisor but hypsim has no compile step for it`);
    return p;
  });
}
