// .cfi_* directives against GNU as: .eh_frame and .debug_frame bytes, relocations, CIE sharing,
// advance encodings chosen by the final address deltas, padding, and the errors gas reports.
import { describe, expect, it } from 'vitest';
import { advanceBytes, sleb128, uleb128 } from '../../src/gas/frames.js';
import { expectGnuRejects, expectSameAsGnu, hypsim, hypsimError, noGas, sectionHex } from './helpers/snippet.js';

const same = (src: string) => {
  if (!noGas()) expectSameAsGnu(src);
};

const fn = (name: string, body: string[]) => [`${name}:`, '.cfi_startproc', ...body, '.cfi_endproc'];

describe('.cfi_* directives', () => {
  it('write .eh_frame by default: CIE "zR", pc-relative FDE pointers, the last FDE padded to 8', () => {
    const src = fn('f', ['nop', '.cfi_def_cfa_offset 16', 'nop', '.cfi_offset 30, -8', 'ret']).join('\n');
    const p = hypsim(src);
    const eh = p.sections.find((s) => s.name === '.eh_frame');
    expect(eh?.flags).toBe('a');
    expect(eh?.align).toBe(8);
    expect(sectionHex(p, '.eh_frame').slice(0, 40)).toBe('1000000000000000017a520004781e011b0c1f00');
    expect(eh?.relocs.map((r) => `${r.offset} ${r.type} ${r.symbol} ${r.addend.toString()}`)).toEqual(['28 PREL32 .text 0']);
    same(src);
  });

  it('write .debug_frame when asked, with ABS32 to the CIE and ABS64 to the code', () => {
    const src = ['.cfi_sections .debug_frame', ...fn('f', ['stp x29, x30, [sp, -16]!', '.cfi_def_cfa_offset 16', '.cfi_offset 29, -16', '.cfi_offset 30, -8', 'ldp x29, x30, [sp], 16', '.cfi_restore 30', '.cfi_restore 29', '.cfi_def_cfa_offset 0', 'ret']), ...fn('g', ['ret'])].join('\n');
    const p = hypsim(src);
    expect(p.sections.some((s) => s.name === '.eh_frame')).toBe(false);
    const df = p.sections.find((s) => s.name === '.debug_frame');
    expect(df?.flags).toBe('');
    expect(df?.relocs.map((r) => `${r.offset} ${r.type} ${r.symbol} ${r.addend.toString()}`)).toEqual([
      '20 ABS32 .debug_frame 0', '24 ABS64 .text 0', '60 ABS32 .debug_frame 0', '64 ABS64 .text 12',
    ]);
    same(src);
  });

  it('writes both sections for ".cfi_sections .eh_frame, .debug_frame"', () => {
    same(['.cfi_sections .eh_frame, .debug_frame', ...fn('f', ['nop', '.cfi_def_cfa_offset 32', 'ret'])].join('\n'));
    same(['.cfi_sections ".debug_frame",.eh_frame', ...fn('f', ['nop', '.cfi_def_cfa_offset 32', 'ret'])].join('\n'));
    expect(hypsimError('.cfi_sections .debug_frame .eh_frame')).toMatch(/junk at end of line/);
    if (!noGas()) expectGnuRejects('.cfi_sections .debug_frame .eh_frame');
  });

  it('gives each FDE every section named up to its .cfi_startproc', () => {
    same([...fn('a', ['nop']), '.cfi_sections .debug_frame', ...fn('b', ['nop', '.cfi_def_cfa_offset 16', 'nop'])].join('\n'));
    same(['.cfi_sections', ...fn('a', ['nop'])].join('\n'));
  });

  it('chooses advance_loc, advance_loc1, advance_loc2 and advance_loc4 by the final delta', () => {
    for (const n of [1, 63, 64, 255, 256, 65535, 65536]) {
      same(['.cfi_sections .debug_frame, .eh_frame', ...fn('f', ['nop', `.skip ${4 * n - 4}`, '.cfi_def_cfa_offset 16', 'ret'])].join('\n'));
    }
    expect(advanceBytes(0n)).toEqual([]);
    expect(advanceBytes(4n * 64n)).toEqual([0x02, 64]);
    expect(advanceBytes(4n * 0x10000n)).toEqual([0x04, 0, 0, 1, 0]);
  });

  it('sizes advances over code whose size is only known after layout (alignment, .org, subsections)', () => {
    same(fn('f', ['nop', '.p2align 5', '.cfi_def_cfa_offset 16', 'nop', '.balign 256', '.cfi_def_cfa_offset 32', 'b 1f', '.skip 1000', '1: .cfi_def_cfa_offset 0', 'ret']).join('\n'));
    same(['.cfi_sections .debug_frame', ...fn('f', ['cbz x0, 2f', '.subsection 1', '2: ret', '.subsection 0', 'nop', '.cfi_def_cfa_offset 16', 'ret'])].join('\n'));
    same(['.cfi_sections .debug_frame', ...fn('f', ['nop', '.space 3', '.cfi_def_cfa_offset 16', '.align 2', 'ret', '.cfi_restore 30'])].join('\n'));
  });

  it('shares CIEs between FDEs that start alike, and makes new ones when they do not', () => {
    same([
      '.cfi_sections .debug_frame, .eh_frame',
      ...fn('a', ['nop']),
      ...fn('b', ['.cfi_def_cfa_offset 16', 'nop']),
      ...fn('c', ['nop', '.cfi_def_cfa_offset 16']),
      ...fn('d', ['.cfi_def_cfa_offset 16', '.cfi_offset 30, -8', 'nop', '.cfi_remember_state', 'nop', '.cfi_restore_state']),
      ...fn('e', ['.cfi_def_cfa_offset 16', 'nop']),
      ...fn('f', ['.cfi_return_column 29', 'nop']),
      ...fn('g', ['.cfi_signal_frame', 'nop']),
      ...fn('h', ['.cfi_b_key_frame', '.cfi_negate_ra_state', 'nop']),
      ...fn('i', ['.cfi_b_key_frame', 'nop']),
      ['j:', '.cfi_startproc simple', '.cfi_def_cfa x29, 16', 'nop', '.cfi_endproc'].join('\n'),
    ].join('\n'));
  });

  it('encodes every instruction form, with registers by name or number', () => {
    same(['.cfi_sections .debug_frame, .eh_frame', 'fp2 .req x28', ...fn('f', [
      'nop', '.cfi_def_cfa sp, 32', '.cfi_def_cfa x29, -16', '.cfi_def_cfa_register fp', '.cfi_def_cfa_offset -32', '.cfi_adjust_cfa_offset 48',
      '.cfi_offset x19, -24', '.cfi_offset d8, -32', '.cfi_offset 70, 16', '.cfi_offset lr, 8', '.cfi_rel_offset x20, 8', '.cfi_val_offset x21, -8', '.cfi_val_offset 5, 16',
      'nop', '.cfi_register x30, x9', '.cfi_restore x19, x20, 70', '.cfi_restore 65', '.cfi_undefined ip0, ip1', '.cfi_same_value W3', '.cfi_same_value fp2', '.cfi_same_value %x4',
      '.cfi_remember_state', '.cfi_def_cfa_offset 1000', '.cfi_restore_state', '.cfi_window_save', '.cfi_negate_ra_state',
      '.cfi_escape 0x16, 0x1e, 2, 0x70, 0x7f', '.cfi_escape (1f - 0f)', '0: nop', '1: nop', '.cfi_register 100, 200', 'ret',
    ])].join('\n'));
  });

  it('writes personality and LSDA pointers (.eh_frame augmentation "zPLR")', () => {
    same([
      ...fn('f', ['.cfi_personality 0x9b, DW.ref.__gxx_personality_v0', '.cfi_lsda 0x1b, .LLSDA1', 'nop', '.cfi_def_cfa_offset 16', 'ret']),
      ...fn('g', ['.cfi_personality 0x9b, DW.ref.__gxx_personality_v0', '.cfi_lsda 0x1b, .LLSDA2', 'ret']),
      ...fn('h', ['.cfi_personality 0, pers', '.cfi_lsda 0, 0x1234', 'ret']),
      ...fn('k', ['.cfi_personality 0x03, 12', '.cfi_lsda 0xff', 'ret']),
      '.section .gcc_except_table, "a"', '.LLSDA1: .byte 0xff', '.LLSDA2: .byte 0xff',
    ].join('\n'));
  });

  it('keeps each subsection\'s frame apart, and code in other sections', () => {
    same(['.cfi_sections .debug_frame', 'f: .cfi_startproc', 'nop', '.pushsection .text.unlikely, "ax"', 'g: .cfi_startproc', 'nop', '.cfi_def_cfa_offset 16', 'ret', '.cfi_endproc', '.popsection', '.cfi_def_cfa_offset 32', 'ret', '.cfi_endproc'].join('\n'));
  });

  it('encodes LEB128 like gas', () => {
    expect(uleb128(0n)).toEqual([0]);
    expect(uleb128(624485n)).toEqual([0xe5, 0x8e, 0x26]);
    expect(sleb128(-8n)).toEqual([0x78]);
    expect(sleb128(-123456n)).toEqual([0xc0, 0xbb, 0x78]);
    expect(sleb128(63n)).toEqual([0x3f]);
    expect(sleb128(64n)).toEqual([0xc0, 0x00]);
  });

  it('reports what gas reports', () => {
    const cases: Array<[string, RegExp]> = [
      ['.cfi_def_cfa_offset 16', /CFI instruction used without previous \.cfi_startproc/],
      ['.cfi_endproc', /\.cfi_endproc without corresponding \.cfi_startproc/],
      ['.cfi_startproc\n.cfi_startproc', /previous CFI entry not closed/],
      ['.cfi_startproc\nnop', /open CFI at the end of file; missing \.cfi_endproc directive/],
      ['.cfi_startproc\n.cfi_offset v0, -16\n.cfi_endproc', /bad register expression/],
      ['.cfi_startproc\n.cfi_offset xzr, -16\n.cfi_endproc', /bad register expression/],
      ['.cfi_startproc\n.cfi_offset x0, -12\n.cfi_endproc', /register save offset not a multiple of 8/],
      ['.cfi_startproc\n.cfi_restore_state\n.cfi_endproc', /CFI state restore without previous remember/],
      ['.cfi_sections .debug_frame\n.cfi_startproc\n.cfi_endproc\n.cfi_sections .eh_frame', /inconsistent uses of \.cfi_sections/],
      ['.cfi_startproc\n.cfi_personality 0x01, p\n.cfi_endproc', /invalid or unsupported encoding in \.cfi_personality/],
      ['.cfi_startproc\n.cfi_personality 0x1b, 12\n.cfi_endproc', /wrong second argument to \.cfi_personality/],
      ['.cfi_startproc\n.cfi_return_column 300\n.cfi_endproc', /return column number 300 overflows in CIE version 1/],
      ['.cfi_sections .sframe', /SFrame/],
    ];
    for (const [src, message] of cases) {
      expect(hypsimError(src)).toMatch(message);
      if (!noGas() && !/sframe/.test(src)) expectGnuRejects(src);
    }
  });
});
