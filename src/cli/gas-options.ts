// The assembler's own options, as GNU as spells them: debug information for the assembly source.
import type { Command } from 'commander';
import type { GasOptions } from '../pipeline.js';
import { HypsimError } from '../util/diagnostics.js';

export interface GasCliOptions {
  genDebug?: boolean;
  gdwarf2?: boolean;
  gdwarf3?: boolean;
  gdwarf4?: boolean;
  gdwarf5?: boolean;
}

const VERSIONS = [2, 3, 4, 5] as const;

export function addGasOptions(cmd: Command): Command {
  cmd.option('-g, --gen-debug', "generate debug information for the assembly source, as 'as -g' does (DWARF 2)");
  for (const v of VERSIONS) cmd.option(`--gdwarf-${v}`, `generate DWARF ${v} debug information for the assembly source (gcc passes --gdwarf-5 for .S files built with -g)`);
  return cmd;
}

export function gasOptions(o: GasCliOptions): GasOptions {
  const versions = VERSIONS.filter((v) => o[`gdwarf${v}`]);
  if (versions.length > 1) throw new HypsimError(`--gdwarf-${versions[0]} and --gdwarf-${versions[1]} cannot be combined`, undefined, 'usage');
  const version = versions[0];
  if (version === undefined && !o.genDebug) return {};
  return { debug: { generate: true, ...(version !== undefined ? { version } : {}), compDir: process.cwd() } };
}
