import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { cli } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'hypsim-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ASM = join(dir, 'f.S');
writeFileSync(ASM, '#define VALUE 7\n\t.text\n\t.globl f\n\t.type f, %function\nf:\n\tmov x0, #VALUE\n\tret\n\t.size f, .-f\n');
const COMPILED = join(dir, 'c.s');
writeFileSync(COMPILED, '\t.file\t"c.c"\n\t.text\n\t.file 1 "c.c"\n#APP\n// 3 "c.c" 1\n#NO_APP\n\t.globl g\n\t.type g, %function\ng:\n\t.loc 1 3 1\n\tret\n\t.size g, .-g\n');

describe('the assembler options of expand, symbols and exec', () => {
  test('--gdwarf-5 adds the debug sections to the listing; -g too', async () => {
    const r = await cli(['expand', '--gdwarf-5', ASM]);
    expect(r.code).toBe(0);
    for (const s of ['.debug_line', '.debug_line_str', '.debug_info', '.debug_abbrev', '.debug_aranges', '.debug_str']) expect(r.out).toContain(`.section ${s},`);
    expect((await cli(['expand', '-g', ASM])).out).toContain('.section .debug_info,');
    expect((await cli(['expand', ASM])).out).not.toContain('.debug_line');
  });

  test('two DWARF versions are a usage error', async () => {
    const r = await cli(['symbols', '--gdwarf-4', '--gdwarf-5', ASM]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('--gdwarf-4 and --gdwarf-5 cannot be combined');
  });

  test('a .s file is assembled as it is, .file and .loc included', async () => {
    const r = await cli(['symbols', COMPILED]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^c\.c\s+ABS\s+0x0+\s+file\s+local/m);
    expect(r.out).toMatch(/^g\s+\.text\s+0x0+\s+4\s+func\s+global/m);
    expect((await cli(['expand', COMPILED])).out).toContain('.section .debug_line,');
  });

  test('exec runs code assembled with -g', async () => {
    const r = await cli(['exec', '-g', '--entry', 'f', ASM]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/x0\s+0x0+7\b/);
  });
});
