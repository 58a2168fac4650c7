// Limits end a run with a clear message, quickly: the fuzz findings in scenario and state
// parsing, scenarios at the documented limits, and a patch that makes the guest loop forever.
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPatch } from 'diff';
import { describe, expect, test } from 'vitest';
import { runScenario } from '../../src/kvm/runner.js';
import { SCENARIO_LIMITS, parseScenario } from '../../src/kvm/scenario.js';
import { buildVariant } from '../../src/kvm/variants.js';
import { parseStateJson } from '../../src/machine/state-json.js';
import { HypsimError } from '../../src/util/diagnostics.js';
import { repoRoot } from '../helpers/oracles.js';
import { cli } from '../report/helpers.js';

function hypsimError(f: () => unknown): HypsimError {
  try {
    f();
  } catch (e) {
    expect(e, String(e)).toBeInstanceOf(HypsimError);
    return e as HypsimError;
  }
  throw new Error('expected an error');
}

const tmp = mkdtempSync(join(tmpdir(), 'hypsim-limits-'));

describe('scenario parsing: the fuzz findings', () => {
  test.each(['1n', '0x', 'abc', '.inf', '-1', '1e400', '0x10000000000000000', '[1]'])('host_fpsimd: %s is a located error, not a BigInt exception', (seed) => {
    const e = hypsimError(() => parseScenario(`steps:\n  - vcpu_load\n  - host_fpsimd: ${seed}\n  - vcpu_put\n`, 's.yaml'));
    expect(e.origin).toMatchObject({ file: 's.yaml', line: 3 });
  });

  test('the product of nested repeats is checked before anything is expanded', () => {
    const e = hypsimError(() => parseScenario('steps:\n  - repeat:\n      times: 100000\n      steps:\n        - repeat: { times: 1000000, steps: [vcpu_load, vcpu_put] }\n', 'r.yaml'));
    expect(e.message).toContain(`more than ${SCENARIO_LIMITS.steps} steps`);
    expect(e.origin?.line).toBe(5);
  });

  test('counts above the documented limit and documents nested without end are located errors', () => {
    expect(hypsimError(() => parseScenario('steps: [vcpu_load, {run: {work: {compute: 1000001}}}, vcpu_put]', 'c.yaml')).origin?.file).toBe('c.yaml');
    expect(hypsimError(() => parseScenario(`steps: ${'['.repeat(20_000)}${']'.repeat(20_000)}`, 'd.yaml')).message).toMatch(/nested|deep/);
    expect(hypsimError(() => parseScenario(`steps:\n${'  '.repeat(0)}- repeat: {times: 1, steps: [${'{repeat: {times: 1, steps: ['.repeat(6)}vcpu_load${']}}'.repeat(6)}]}\n`, 'n.yaml')).message).toMatch(/nests more than 4 deep/);
  });
});

describe('state JSON', () => {
  test('deeply nested values are a clean error', () => {
    for (const text of [`{"x": ${'['.repeat(100_000)}${']'.repeat(100_000)}}`, `{"sp": ${'{"a":'.repeat(50_000)}1${'}'.repeat(50_000)}}`, `{"x": [${'['.repeat(10)}1${']'.repeat(10)}]}`]) {
      expect(hypsimError(() => parseStateJson(text, 's.json')).message).toMatch(/^s\.json/);
    }
  });
});

describe('run budgets', () => {
  test.each([
    ['compute: 1000000', 'steps: [vcpu_load, {run: {work: {compute: 1000000}}}, vcpu_put]'],
    ['exit-heavy with four such runs', `steps: [vcpu_load, {repeat: {times: 4, steps: [{run: {work: {compute: 1000000}}}, {run: {work: {compute: 2}, exit: mmio}}]}}, vcpu_put]`],
  ])('a scenario at the documented limits (%s) ends at once with the budget named', async (_name, text) => {
    const file = join(tmp, 'big.yaml');
    writeFileSync(file, text);
    const r = await cli(['count', '--scenario', file]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/needs an estimated \d+ instructions, more than the budget of 2000000/);
    expect(r.err).toContain('--max-instructions');
  });

  test('a patch that makes the guest loop ends with the step allowance named', () => {
    const guest = readFileSync(join(repoRoot, 'asm/guest/guest.S'), 'utf8');
    const looping = guest.replace('guest_next:\n', 'guest_next:\n\tb\tguest_next\n');
    expect(looping).not.toBe(guest);
    const patch = createPatch('asm/guest/guest.S', guest, looping).replace(/^--- asm/m, '--- a/asm').replace(/^\+\+\+ asm/m, '+++ b/asm');
    const file = join(tmp, 'loop.patch');
    writeFileSync(file, patch);
    const v = buildVariant({ patchFile: file });
    const e = hypsimError(() => runScenario(v.session, parseScenario('steps: [vcpu_load, {run: {work: {compute: 4}}}, vcpu_put]', 'l.yaml'), { trace: true }));
    expect(e.kind).toBe('limit');
    expect(e.message).toMatch(/^step 2 \(run \(compute 4\) → hvc\) ran out of instructions: .*step limit of 20064 reached/);
    expect(e.notes[0]).toContain("the step's allowance of 20064");
  });
});
