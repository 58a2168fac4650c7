import { describe, expect, it } from 'vitest';
import { assemble, emitListing, symbolTable } from '../../src/gas/index.js';
import { expectSameAsGnu, hypsim, noGas } from './helpers/snippet.js';

const SOURCE = [
  '.macro save reg',
  '  str \\reg, [sp, #-16]!',
  '.endm',
  '.globl entry',
  '.type entry, %function',
  'entry:',
  '  save x0',
  '  bl panic',
  '  adrp x1, table',
  '  add x1, x1, #:lo12:table',
  '  ldr x2, =panic',
  '  b 1f',
  '1: ret',
  '.size entry, . - entry',
  '.pushsection .rodata.str, "aMS", @progbits, 1',
  'msg: .string "oops"',
  '.popsection',
  '.pushsection __ex_table, "a"',
  '.align 3',
  '.long 1b - ., msg - .',
  '.popsection',
  '.data',
  'table: .quad entry, msg + 1, 0x1234',
  '.set ABS_CONST, 42',
  '.globl ABS_CONST',
].join('\n');

describe('hypsim expand listing', () => {
  it('resolves every instruction and relocation to reassemblable text', () => {
    const listing = emitListing(hypsim(SOURCE));
    for (const want of [
      'bl panic', 'adrp x1, .data', 'add x1, x1, #:lo12:.data', 'b .+0x4', '.quad panic', '.quad entry',
      '.section .rodata.str, "aMS", @progbits, 1', '.globl entry', '.type entry, %function', '.size entry, 28', '.set ABS_CONST, 0x2a',
    ]) {
      expect(listing).toContain(want);
    }
    if (!noGas()) expectSameAsGnu(SOURCE);
  });

  it('reproduces section-symbol relocations, symbols inside data, and local symbols kept in mergeable sections', () => {
    if (noGas()) return;
    expectSameAsGnu('nop\nb .text+8\nadrp x0, .data+16\nadd x0, x0, #:lo12:.data+16\n.quad .text + 4\n.word .data - .\n.section __ex, "a"\n.word .text + 4 - .\n.data\n.quad 0, 0, 0\n');
    expectSameAsGnu('.data\nstart: .ascii "abcdef"\n.set mid, . - 3\n.globl mid\n.quad 0x1122334455667788\n.set mid2, . - 4\n.globl mid2\n.section .r, "aMS", @progbits, 1\nm: .string "hello"\n.L2: .string "x"\n.data\n.quad m + 2, .L2, .L2 + 1\n.word .r - ., .L2 - ., m - .\n');
  });

  it('adds file:line and the macro stack with --map', () => {
    const listing = emitListing(assemble(SOURCE.split('\n').map((text, i) => ({ text, file: 'src/x.S', line: i + 1 })), { file: 'src/x.S' }), { map: true });
    const line = listing.split('\n').find((l) => l.includes('str x0'));
    expect(line).toMatch(/\/\/ src\/x\.S:2 <- save@src\/x\.S:7$/);
    expect(listing.startsWith('// hypsim expand: src/x.S\n')).toBe(true);
  });

  it('is deterministic', () => {
    expect(emitListing(hypsim(SOURCE), { map: true })).toBe(emitListing(hypsim(SOURCE), { map: true }));
  });

  it('prints a symbol table', () => {
    const table = symbolTable(hypsim(SOURCE));
    const lines = table.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^Name\s+Section\s+Address\s+Size\s+Type\s+Binding\s+Visibility$/);
    expect(lines.find((l) => l.startsWith('entry '))).toMatch(/^entry\s+\.text\s+0x0000000000000000\s+28\s+func\s+global\s+default$/);
    expect(lines.find((l) => l.startsWith('panic '))).toMatch(/^panic\s+UND\s+notype\s+global\s+default$/);
    expect(lines.find((l) => l.startsWith('ABS_CONST '))).toMatch(/^ABS_CONST\s+ABS\s+0x000000000000002a\s+notype\s+global/);
    expect(table).not.toContain('.L');
  });
});
