// Random token soup must never crash, hang, or throw anything but a positioned HypsimError.
import { describe, expect, test } from 'vitest';
import { HypsimError } from '../../src/util/diagnostics.js';
import { run } from './helpers.js';

const FRAGMENTS = [
  '\n', '\n', '\n', ' ', '\t', '#', '#define ', '#undef ', '#if ', '#ifdef ', '#ifndef ', '#elif ', '#else', '#endif',
  '#include "h.h"', '#include <h.h>', '#include_next <h.h>', '#line 9', '#error x', '#pragma once', '#assert p(a)',
  'f', 'g', 'x', 'h(', 'f(x)', 'g(a, ...)', '(', ')', ',', '##', ' ## ', '#x', '__VA_ARGS__', 'defined', '__LINE__',
  '__FILE__', '__COUNTER__', '_Pragma("once")', '__has_include("h.h")', '0', '1', '0x10', '1u', "'a'", "'", '"s"', '"',
  '/*', '*/', '//', '\\\n', '+', '-', '<<', '/', '%', '?', ':', '&&', '||', '!', 'mov x0, #1', "hyp's",
];

/** Deterministic pseudo-random numbers (mulberry32). */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function soup(next: () => number, length: number): string {
  let text = '';
  for (let i = 0; i < length; i++) text += FRAGMENTS[Math.floor(next() * FRAGMENTS.length)];
  return text;
}

describe('robustness', () => {
  test('random inputs end in output or a positioned HypsimError', () => {
    const next = random(20240611);
    let errors = 0;
    for (let i = 0; i < 1500; i++) {
      const files = { 'main.S': soup(next, 5 + Math.floor(next() * 60)), 'inc/h.h': soup(next, 20) };
      try {
        run(files, { includeDirs: ['inc'], limits: { includeDepth: 20 } });
      } catch (e) {
        if (!(e instanceof HypsimError)) throw new Error(`non-HypsimError ${String(e)} for input:\n${JSON.stringify(files)}`);
        const o = e.origin;
        expect(o, e.message).toBeDefined();
        expect(o!.line, JSON.stringify(files)).toBeGreaterThanOrEqual(1);
        expect(o!.col).toBeGreaterThanOrEqual(1);
        errors++;
      }
    }
    expect(errors).toBeGreaterThan(100);
  });
});
