// kbuild's compile steps through hypsim's own front end: an assembly file through hypsim's cpp
// with its command line's include path, macros and forced includes; a C file's gcc -S output
// straight into hypsim's assembler.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { preprocess, type PreprocessOptions } from '../cpp/index.js';
import { assemble, sourceLines, type DebugOptions } from '../gas/index.js';
import type { GasOptions } from '../pipeline.js';
import type { Program } from '../ir/program.js';
import { HostTree } from '../tree/source-tree.js';
import { HypsimError } from '../util/diagnostics.js';
import type { KernelBuild } from './index.js';
import { parseGccArgs, type GccArgs } from './gcc-args.js';
import type { CompileStep } from './graph.js';
import { compilerMacros } from './predefined.js';

export interface HypUnitSource {
  readonly step: CompileStep;
  readonly args: GccArgs;
}

export function unitSource(step: CompileStep): HypUnitSource {
  return { step, args: parseGccArgs(step.argv) };
}

/** What gcc's driver passes to `as` for this command line, as hypsim's assembler options. */
function assemblerOptions(args: GccArgs): { march?: string } {
  return args.as.march !== undefined ? { march: args.as.march } : {};
}

/** Preprocessor options equal to what gcc's cpp does with this command line. */
export async function cppOptionsFor(build: KernelBuild, unit: HypUnitSource): Promise<PreprocessOptions> {
  const { cpp } = unit.args;
  if (!cpp.nostdinc) throw new HypsimError(`${unit.step.source}: kbuild's command line lacks -nostdinc; hypsim searches only the directories it is given`);
  const predefinedMacros = await compilerMacros(unit.step.argv[0], unit.args.macroFlags, 'assembler-with-cpp', join(build.entry.dir, 'macros'), build.jail);
  return {
    includeDirs: cpp.includeDirs,
    forcedIncludes: cpp.forcedIncludes,
    defines: cpp.defines,
    undefs: cpp.undefs,
    predefinedMacros,
    macroPrefixMap: cpp.macroPrefixMap,
    pathSpelling: 'gcc',
  };
}

/**
 * What gcc tells gas for this step: `--gdwarf-N` when it compiles assembly with `-g`; gas runs
 * in the build directory (DW_AT_comp_dir, directory 0). GAS, when given, is the user's choice.
 */
export function debugFor(build: KernelBuild, unit: HypUnitSource, language: 'asm' | 'c', gas?: GasOptions): DebugOptions {
  if (gas?.debug) return { ...gas.debug, compDir: build.buildDir };
  const version = unit.args.as.dwarfVersion;
  return language === 'asm' && version !== undefined ? { generate: true, version, compDir: build.buildDir } : { compDir: build.buildDir };
}

/** `name` becomes Program.file (hypsim names units tree-relative). */
export function assembleKbuildAsm(build: KernelBuild, unit: HypUnitSource, options: PreprocessOptions, name = unit.args.source, gas?: GasOptions): Program {
  const pp = preprocess(new HostTree(build.buildDir, 'kbuild'), unit.args.source, options);
  return assemble(pp.lines, { file: name, ...assemblerOptions(unit.args), debug: debugFor(build, unit, 'asm', gas) });
}

export function assembleGccOutput(build: KernelBuild, unit: HypUnitSource, assemblyPath: string, name = unit.args.source, gas?: GasOptions): Program {
  const text = readFileSync(assemblyPath, 'latin1');
  return assemble(sourceLines(text, assemblyPath), { file: name, ...assemblerOptions(unit.args), debug: debugFor(build, unit, 'c', gas) });
}
