// The pieces of src/kbuild that need no kernel tree.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { thinArchiveMembers } from '../../src/kbuild/archive.js';
import { readCmdRecord, shellWords } from '../../src/kbuild/commands.js';
import { assemblyCommand } from '../../src/kbuild/compile.js';
import { parseGccArgs } from '../../src/kbuild/gcc-args.js';
import { isBuildFile } from '../../src/kbuild/patch.js';
import { parseDefineList } from '../../src/kbuild/predefined.js';
import { checkKbuildTools } from '../../src/kbuild/tools.js';
import { HypsimError } from '../../src/util/diagnostics.js';
import { missingOracle } from '../helpers/oracles.js';

const KBUILD_LINE = `aarch64-linux-gnu-gcc -Wp,-MMD,d/.x.o.d -nostdinc -I/src/arch/arm64/include -I./include -include /src/include/linux/kconfig.h -D__KERNEL__ -fmacro-prefix-map=/src/= -fmacro-prefix-map=/other/=o/ -DKBUILD_MODFILE='"d/x"' -O2 -g -mbranch-protection=pac-ret -Wa,-march=armv8.5-a -DFOO=1 -UBAR -c -o d/x.o /src/d/x.c`;

describe('kbuild command lines', () => {
  it('reads shell words as the shell would, stopping at the first operator', () => {
    expect(shellWords(`gcc -DX='"a b"' -c x.c; rm -f y`)).toEqual(['gcc', '-DX="a b"', '-c', 'x.c']);
    expect(shellWords('printf "%s " a | xargs ar')).toEqual(['printf', '%s ', 'a']);
  });

  it("turns a compile into gcc -S without dependency output", () => {
    const argv = shellWords(KBUILD_LINE);
    const s = assemblyCommand(argv, 'out.s');
    expect(s).toContain('-S');
    expect(s).not.toContain('-c');
    expect(s.some((a) => a.startsWith('-Wp,-MMD'))).toBe(false);
    expect(s[s.indexOf('-o') + 1]).toBe('out.s');
  });

  it("splits a gcc command line into the preprocessor's and the assembler's options", () => {
    const a = parseGccArgs(shellWords(KBUILD_LINE));
    expect(a.cpp.includeDirs).toEqual(['/src/arch/arm64/include', './include']);
    expect(a.cpp.forcedIncludes).toEqual(['/src/include/linux/kconfig.h']);
    expect(a.cpp.defines).toEqual([['__KERNEL__', '1'], ['KBUILD_MODFILE', '"d/x"'], ['FOO', '1']]);
    expect(a.cpp.undefs).toEqual(['BAR']);
    expect(a.cpp.macroPrefixMap).toEqual([['/other/', 'o/'], ['/src/', '']]);
    expect(a.cpp.nostdinc).toBe(true);
    expect(a.as).toEqual({ march: 'armv8.5-a', dwarfVersion: 5, extra: [] });
    expect(a.macroFlags).toEqual(['-O2', '-g', '-mbranch-protection=pac-ret']);
    expect(a.source).toBe('/src/d/x.c');
    expect(a.output).toBe('d/x.o');
  });

  it('reads a .cmd file: command, source and dependencies', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hypsim-cmd-'));
    writeFileSync(join(dir, '.x.o.cmd'), `savedcmd_x.o := gcc -c -o x.o x.c\n\nsource_x.o := x.c\n\ndeps_x.o := \\\n  a.h \\\n    $(wildcard include/config/A) \\\n  b.h \\\n\nx.o: $(deps_x.o)\n`);
    expect(readCmdRecord(dir, 'x.o')).toEqual({ target: 'x.o', command: 'gcc -c -o x.o x.c', argv: ['gcc', '-c', '-o', 'x.o', 'x.c'], source: 'x.c', deps: ['a.h', 'b.h'] });
    expect(readCmdRecord(dir, 'y.o')).toBeUndefined();
  });

  it('parses the predefined-macro list gcc -dM prints', () => {
    expect(parseDefineList('#define __GNUC__ 12\n#define __INT64_C(c) c ## L\n#define __EMPTY\n')).toEqual([['__GNUC__', '12'], ['__INT64_C(c)', 'c ## L'], ['__EMPTY', '']]);
  });

  it('names the hunks that change the build', () => {
    for (const p of ['Makefile', 'arch/arm64/kvm/Makefile', 'arch/arm64/Kconfig', 'scripts/Makefile.build', 'tools/x.c', 'arch/arm64/Kbuild', 'scripts/mod/x.mk']) expect(isBuildFile(p), p).toBe(true);
    for (const p of ['arch/arm64/kvm/hyp/nvhe/switch.c', 'include/linux/kconfig.h', 'arch/arm64/kvm/hyp/entry.S']) expect(isBuildFile(p), p).toBe(false);
  });

  it('names every missing tool with its Debian package', () => {
    let err: unknown;
    try {
      checkKbuildTools(true, '/nonexistent');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(HypsimError);
    const text = [(err as HypsimError).message, ...(err as HypsimError).notes].join('\n');
    for (const pkg of ['gcc-aarch64-linux-gnu', 'binutils-aarch64-linux-gnu', 'bubblewrap', 'flex', 'bison', 'make']) expect(text).toContain(pkg);
    expect(text).toMatch(/apt-get install .*bubblewrap/);
  });
});

describe.skipIf(missingOracle({ tools: ['aarch64-linux-gnu-ar'] }) !== undefined)('thin archives', () => {
  it('lists the members ar stored, long names included', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hypsim-ar-'));
    const names = ['a.o', 'a-very-long-object-file-name-beyond-sixteen.o', 'b.o'];
    for (const n of names) writeFileSync(join(dir, n), '');
    execFileSync('aarch64-linux-gnu-ar', ['cDPrST', 'built-in.a', ...names], { cwd: dir });
    expect(thinArchiveMembers(join(dir, 'built-in.a'))).toEqual(names);
  });
});
