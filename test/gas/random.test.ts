// Seeded random programs mixing data, alignment, labels, subsections, sections, .org and
// literal pools, each compared with GNU as (Program and listing).
import { describe, it } from "vitest";
import { randomProgram } from './helpers/random-program.js';
import { expectSameAsGnu, noGas } from './helpers/snippet.js';

describe('random programs against GNU as', () => {
  for (let seed = 1; seed <= 40; seed++) {
    it.skipIf(noGas() !== undefined)(`seed ${seed}`, () => {
      expectSameAsGnu(randomProgram(seed));
    });
  }
});
