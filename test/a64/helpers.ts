// Test helpers for the a64 module: GNU as as an oracle, and a small assembler loop that runs
// hypsim's encoder over a source text the way src/gas would (labels, `.`, fixups resolved at 0).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Long from 'long';
import type { FeatureSet } from '../../src/a64/features.js';
import { applyFixup, assembleInstruction, relocValue, type AsmEnv, type Assembled } from '../../src/a64/index.js';
import { parseOperands } from '../../src/gas/parser.js';
import type { Expr, Value } from '../../src/ir/expr.js';

export const GAS_TOOLS = ['aarch64-linux-gnu-as', 'aarch64-linux-gnu-ld', 'aarch64-linux-gnu-objcopy', 'aarch64-linux-gnu-objdump'];

export interface GasResult {
  /** One word per input line; undefined where gas rejected the line. */
  readonly words: ReadonlyArray<number | undefined>;
  /** gas's error message per rejected line index. */
  readonly errors: ReadonlyMap<number, string>;
}

/**
 * Assembles one instruction per line with gas (no -march unless given), links the object at
 * address 0 so that relocations (adrp, :lo12:) are applied, and returns the words. Lines gas
 * rejects are dropped and reported, and the rest assembled again.
 */
export function gasWords(lines: readonly string[], asFlags: readonly string[] = []): GasResult {
  const dir = mkdtempSync(join(tmpdir(), 'hypsim-a64-'));
  try {
    let keep = lines.map((_, i) => i);
    const errors = new Map<number, string>();
    for (;;) {
      writeFileSync(join(dir, 'in.s'), keep.map((i) => lines[i]).join('\n') + '\n');
      const r = spawnSync('aarch64-linux-gnu-as', [...asFlags, '-o', join(dir, 'in.o'), join(dir, 'in.s')]);
      const bad = new Set<number>();
      for (const l of r.stderr.toString().split('\n')) {
        const m = /in\.s:(\d+): Error: (.*)$/.exec(l);
        if (!m) continue;
        const orig = keep[Number(m[1]) - 1];
        bad.add(orig);
        errors.set(orig, m[2]);
      }
      if (r.status === 0) break;
      if (bad.size === 0) throw new Error(`gas failed: ${r.stderr.toString()}`);
      keep = keep.filter((i) => !bad.has(i));
    }
    execFileSync('aarch64-linux-gnu-ld', ['-Ttext=0', '-e', '0', '--no-relax', '-o', join(dir, 'out'), join(dir, 'in.o')]);
    execFileSync('aarch64-linux-gnu-objcopy', ['-O', 'binary', '-j', '.text', join(dir, 'out'), join(dir, 'out.bin')]);
    const bin = readFileSync(join(dir, 'out.bin'));
    if (bin.length < keep.length * 4) throw new Error(`gas produced ${bin.length} bytes for ${keep.length} lines`);
    const words: Array<number | undefined> = lines.map(() => undefined);
    keep.forEach((orig, k) => (words[orig] = bin.readUInt32LE(k * 4)));
    return { words, errors };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Assembles a whole source with gas, links it at 0 and returns .text (throws with gas's messages on error). */
export function gasText(source: string, asFlags: readonly string[] = []): Buffer {
  const dir = mkdtempSync(join(tmpdir(), 'hypsim-a64-'));
  try {
    writeFileSync(join(dir, 'in.s'), source);
    const r = spawnSync('aarch64-linux-gnu-as', [...asFlags, '-o', join(dir, 'in.o'), join(dir, 'in.s')]);
    if (r.status !== 0) throw new Error(`gas rejected the source:\n${r.stderr.toString()}`);
    execFileSync('aarch64-linux-gnu-ld', ['-Ttext=0', '-e', '0', '--no-relax', '-o', join(dir, 'out'), join(dir, 'in.o')]);
    execFileSync('aarch64-linux-gnu-objcopy', ['-O', 'binary', '-j', '.text', join(dir, 'out'), join(dir, 'out.bin')]);
    return readFileSync(join(dir, 'out.bin'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Assembles one instruction per line without linking: the words (relocated fields zero) and relocation types by line. */
export function gasUnlinked(lines: readonly string[]): { words: number[]; relocs: Map<number, string> } {
  const dir = mkdtempSync(join(tmpdir(), 'hypsim-a64-'));
  try {
    writeFileSync(join(dir, 'in.s'), lines.join('\n') + '\n');
    const r = spawnSync('aarch64-linux-gnu-as', ['-o', join(dir, 'in.o'), join(dir, 'in.s')]);
    if (r.status !== 0) throw new Error(`gas rejected the source:\n${r.stderr.toString()}`);
    execFileSync('aarch64-linux-gnu-objcopy', ['-O', 'binary', '-j', '.text', join(dir, 'in.o'), join(dir, 'out.bin')]);
    const bin = readFileSync(join(dir, 'out.bin'));
    const words = lines.map((_, i) => bin.readUInt32LE(i * 4));
    const relocs = new Map<number, string>();
    const dump = execFileSync('aarch64-linux-gnu-objdump', ['-r', '-j', '.text', join(dir, 'in.o')]).toString();
    for (const l of dump.split('\n')) {
      const m = /^([0-9a-f]+)\s+R_AARCH64_(\w+)\s/.exec(l);
      if (m) relocs.set(parseInt(m[1], 16) / 4, m[2]);
    }
    return { words, relocs };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const TEXT = '.text';

/** Labels of a corpus: named ones, and numeric local labels (`1:`) by definition order. */
export class Labels {
  readonly named = new Map<string, number>();
  readonly numeric = new Map<string, number[]>();

  define(name: string, offset: number): void {
    if (/^\d+$/.test(name)) this.numeric.set(name, [...(this.numeric.get(name) ?? []), offset]);
    else this.named.set(name, offset);
  }

  /** A label's offset; `1b`/`1f` are resolved relative to `dot` as gas does. */
  get(name: string, dot: number): number | undefined {
    const m = /^(\d+)([bf])$/.exec(name);
    if (!m) return this.named.get(name);
    const defs = this.numeric.get(m[1]) ?? [];
    return m[2] === 'b' ? defs.filter((d) => d <= dot).pop() : defs.find((d) => d > dot);
  }
}

/** Evaluates an operand expression: numbers, `.`, labels (as `.text`+offset) and arithmetic on them. */
export function evaluate(e: Expr, dot: number, labels: Labels): Value {
  const sym = (off: number | Long): Value => ({ kind: 'symbolic', symbol: TEXT, addend: Long.fromValue(off), pcrel: false });
  switch (e.k) {
    case 'num':
      return { kind: 'const', v: e.v };
    case 'dot':
      return sym(dot);
    case 'sym': {
      const off = labels.get(e.name, dot);
      if (off === undefined) throw new Error(`undefined symbol ${e.name}`);
      return sym(off);
    }
    case 'unary': {
      const a = evaluate(e.a, dot, labels);
      if (a.kind !== 'const') throw new Error('unary operator on a label');
      const v = a.v;
      return { kind: 'const', v: e.op === '-' ? v.negate() : e.op === '~' ? v.not() : e.op === '!' ? Long.fromNumber(v.isZero() ? 1 : 0) : v };
    }
    case 'binary': {
      const a = evaluate(e.a, dot, labels);
      const b = evaluate(e.b, dot, labels);
      if (a.kind === 'symbolic' || b.kind === 'symbolic') {
        if (e.op === '+' && a.kind === 'symbolic' && b.kind === 'const') return sym(a.addend.add(b.v));
        if (e.op === '+' && b.kind === 'symbolic' && a.kind === 'const') return sym(b.addend.add(a.v));
        if (e.op === '-' && a.kind === 'symbolic' && b.kind === 'const') return sym(a.addend.subtract(b.v));
        if (e.op === '-' && a.kind === 'symbolic' && b.kind === 'symbolic') return { kind: 'const', v: a.addend.subtract(b.addend) };
        throw new Error(`operator ${e.op} on a label`);
      }
      const x = a.v;
      const y = b.v;
      const ops: Record<string, () => Long> = {
        '+': () => x.add(y), '-': () => x.subtract(y), '*': () => x.multiply(y), '/': () => x.divide(y), '%': () => x.modulo(y),
        '<<': () => x.shiftLeft(y.toInt()), '>>': () => x.shiftRightUnsigned(y.toInt()),
        '|': () => x.or(y), '&': () => x.and(y), '^': () => x.xor(y),
      };
      const f = ops[e.op];
      if (!f) throw new Error(`operator ${e.op} not supported in tests`);
      return { kind: 'const', v: f() };
    }
  }
}

export interface Statement {
  readonly line: number;
  readonly text: string;
  readonly mnemonic: string;
  readonly operands: string;
  /** Byte offset in .text. */
  readonly offset: number;
}

/** Instruction statements of a corpus (labels collected, directives and comments skipped). */
export function readStatements(source: string): { statements: Statement[]; labels: Labels } {
  const statements: Statement[] = [];
  const labels = new Labels();
  let offset = 0;
  source.split('\n').forEach((raw, idx) => {
    let text = raw.replace(/\/\/.*$/, '').trim();
    for (;;) {
      const m = /^([A-Za-z_.$][\w.$]*|\d+):\s*/.exec(text);
      if (!m) break;
      labels.define(m[1], offset);
      text = text.slice(m[0].length);
    }
    if (!text || text.startsWith('.')) return;
    const m = /^(\S+)\s*(.*)$/.exec(text) as RegExpExecArray;
    statements.push({ line: idx + 1, text, mnemonic: m[1], operands: m[2], offset });
    offset += 4;
  });
  return { statements, labels };
}

export const noLocalLabels = { localRef: (label: string, dir: 'b' | 'f') => `${label}${dir}` };

/** hypsim's encoding of one statement at `offset`, with any fixup resolved as a link at 0 would. */
export function hypsimWord(
  mnemonic: string, operands: string, offset: number, labels: Labels = new Labels(), features?: FeatureSet,
): Assembled & { resolved: number } {
  const env: AsmEnv = { evaluate: (e) => evaluate(e, offset, labels), alias: (n) => n, ...(features ? { features } : {}) };
  const a = assembleInstruction(mnemonic, parseOperands(operands, noLocalLabels), env);
  if (!a.fixup) return { ...a, resolved: a.word };
  const v = a.fixup.value;
  const target = v.kind === 'const' ? v.v : v.addend;
  const value = v.kind === 'const' && /JUMP|CALL|BR|PREL/.test(a.fixup.type) ? v.v : relocValue(a.fixup.type, target, Long.fromNumber(offset));
  return { ...a, resolved: applyFixup(a.word, a.fixup.type, value) };
}

export const hex = (w: number | undefined): string => (w === undefined ? '--------' : (w >>> 0).toString(16).padStart(8, '0'));

/** objdump's text for each word (assembled as `.inst`), whitespace collapsed, comments dropped. */
export function objdumpTexts(words: readonly number[]): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'hypsim-a64-'));
  try {
    writeFileSync(join(dir, 'w.s'), words.map((w) => `.inst 0x${(w >>> 0).toString(16)}`).join('\n') + '\n');
    execFileSync('aarch64-linux-gnu-as', ['-o', join(dir, 'w.o'), join(dir, 'w.s')]);
    const out = execFileSync('aarch64-linux-gnu-objdump', ['-d', join(dir, 'w.o')], { maxBuffer: 1 << 28 }).toString();
    return [...out.matchAll(/^\s+[0-9a-f]+:\s+[0-9a-f]{8}\s+(.*)$/gm)].map((m) => m[1].replace(/\s+\/\/.*$/, '').replace(/\s+/g, ' ').trim());
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
