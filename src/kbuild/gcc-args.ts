// What a gcc command line means for hypsim's own preprocessor and assembler: the include path,
// macros and forced includes gcc's cpp would use, and the options gcc's driver passes to `as`.
import { HypsimError } from '../util/diagnostics.js';

export interface CppArgs {
  readonly includeDirs: readonly string[];
  readonly defines: ReadonlyArray<readonly [string, string]>;
  readonly undefs: readonly string[];
  readonly forcedIncludes: readonly string[];
  readonly macroPrefixMap: ReadonlyArray<readonly [string, string]>;
  readonly nostdinc: boolean;
}

export interface AsArgs {
  /** `-march=` given to as (from `-Wa,-march=…` or gcc's own `-march=`). */
  readonly march?: string;
  /** `--gdwarf-N` that gcc passes for `-g` (gcc 12 defaults to DWARF 5). */
  readonly dwarfVersion?: number;
  /** Every other `-Wa,` option, as given. */
  readonly extra: readonly string[];
}

export interface GccArgs {
  readonly cpp: CppArgs;
  readonly as: AsArgs;
  /** The flags that choose gcc's predefined macros (target, optimisation, language), for `gcc -dM -E`. */
  readonly macroFlags: readonly string[];
  readonly source: string;
  readonly output?: string;
}

const DEFAULT_DWARF = 5;

/** Flags with a separate argument that are not about macros or the target. */
const TAKES_ARG = new Set(['-o', '-MF', '-MT', '-MQ', '-x', '-isystem', '-idirafter', '-iquote', '-imacros', '-include', '-I', '-D', '-U', '-Xassembler', '-Xpreprocessor']);

function splitDefine(text: string): [string, string] {
  const eq = text.indexOf('=');
  return eq < 0 ? [text, '1'] : [text.slice(0, eq), text.slice(eq + 1)];
}

/** Whether a flag can change gcc's predefined macros (and so belongs in the `-dM` probe). */
function affectsPredefined(flag: string): boolean {
  return /^-(m|f|O|std=|ansi|g|W[^al,p]|undef|fno-)/.test(flag) && !/^-(fmacro-prefix-map|fdebug-prefix-map|ffile-prefix-map)=/.test(flag) && !flag.startsWith('-Wp,');
}

export function parseGccArgs(argv: readonly string[]): GccArgs {
  const includeDirs: string[] = [];
  const defines: Array<[string, string]> = [];
  const undefs: string[] = [];
  const forced: string[] = [];
  const prefixMap: Array<[string, string]> = [];
  const extra: string[] = [];
  const macroFlags: string[] = [];
  let march: string | undefined;
  let debug = false;
  let dwarfVersion: number | undefined;
  let nostdinc = false;
  let output: string | undefined;
  const positional: string[] = [];
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i];
    const value = (flag: string) => (a === flag ? argv[++i] : a.slice(flag.length));
    if (a === '-I' || (a.startsWith('-I') && a.length > 2)) includeDirs.push(value('-I'));
    else if (a === '-D' || (a.startsWith('-D') && a.length > 2)) defines.push(splitDefine(value('-D')));
    else if (a === '-U' || (a.startsWith('-U') && a.length > 2)) undefs.push(value('-U'));
    else if (a === '-include') forced.push(argv[++i]);
    else if (a === '-o') output = argv[++i];
    else if (a === '-nostdinc') nostdinc = true;
    else if (a.startsWith('-fmacro-prefix-map=') || a.startsWith('-ffile-prefix-map=')) {
      // gcc tries the last map given first.
      const spec = a.slice(a.indexOf('=') + 1);
      const eq = spec.indexOf('=');
      prefixMap.unshift(eq < 0 ? [spec, ''] : [spec.slice(0, eq), spec.slice(eq + 1)]);
    } else if (a.startsWith('-Wa,')) {
      for (const opt of a.slice(4).split(',')) {
        if (opt.startsWith('-march=')) march = opt.slice(7);
        else extra.push(opt);
      }
    } else if (a.startsWith('-march=')) {
      march ??= a.slice(7);
      macroFlags.push(a);
    } else if (a === '-g' || /^-g[0-3]$/.test(a) || a === '-ggdb') {
      debug = a !== '-g0';
      macroFlags.push(a);
    } else if (/^-gdwarf(-\d)?$/.test(a)) {
      debug = true;
      dwarfVersion = a === '-gdwarf' ? DEFAULT_DWARF : Number(a.slice(8));
      macroFlags.push(a);
    } else if (TAKES_ARG.has(a)) {
      if (a === '-isystem' || a === '-idirafter' || a === '-iquote' || a === '-imacros') {
        throw new HypsimError(`gcc option ${a} is not supported by hypsim's preprocessor (command: ${argv.join(' ')})`);
      }
      i++;
    } else if (a.startsWith('-')) {
      if (affectsPredefined(a)) macroFlags.push(a);
    } else positional.push(a);
  }
  const source = positional[positional.length - 1];
  if (source === undefined) throw new HypsimError(`no source file in the command: ${argv.join(' ')}`);
  return {
    cpp: { includeDirs, defines, undefs, forcedIncludes: forced, macroPrefixMap: prefixMap, nostdinc },
    as: { march, dwarfVersion: debug ? (dwarfVersion ?? DEFAULT_DWARF) : undefined, extra },
    macroFlags,
    source,
    output,
  };
}
