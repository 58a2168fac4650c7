// The fuzz categories: how each makes an input from (seed, case) and how it runs one. A run
// either returns (ok), throws a HypsimError (a located, clean error), or throws anything else
// (an unexpected exception); the harness adds hangs (over the time limit).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createMachine, RETURN_SENTINEL } from '../../src/machine/index.js';
import { prepareExec } from '../../src/machine/exec.js';
import { parseStateJson } from '../../src/machine/state-json.js';
import { assembleUnit } from '../../src/pipeline.js';
import { corpusUnit } from '../../src/kvm/corpus.js';
import { runScenario } from '../../src/kvm/runner.js';
import { BUILTIN_SCENARIO_TEXTS, parseScenario } from '../../src/kvm/scenario.js';
import { buildVariant } from '../../src/kvm/variants.js';
import { corpusTree, packageRoot } from '../../src/tree/corpus.js';
import { applyPatch } from '../../src/tree/patch.js';
import { OverlayTree } from '../../src/tree/source-tree.js';
import { HypsimError } from '../../src/util/diagnostics.js';
import { NASTY_NUMBERS, Rng, mutateText } from './random.js';

export const CATEGORIES = ['asm', 'machine', 'scenario', 'state', 'patch'] as const;
/** `selftest` checks the harness itself: its input says how to end (ok, located, unexpected, hang). */
export type Category = (typeof CATEGORIES)[number] | 'selftest';

export interface FuzzInput {
  /** What the case runs on (a file name, a seed description). */
  readonly label: string;
  readonly text: string;
}

/** How much a fuzzed run may execute: well under the time limit, so only a real hang is one. */
export const FUZZ_RUN_LIMITS = { scenarioInstructions: 200_000, execSteps: 20_000 } as const;

const read = (path: string) => readFileSync(join(packageRoot(), path), 'utf8');

const ASM_SOURCES = ['asm/hyp/switch.S', 'asm/host/host.S', 'asm/host/host-work.S', 'asm/guest/guest.S', 'fixtures/gas/macro-language.S', 'fixtures/gas/layout.S', 'fixtures/gas/world-switch.S', 'fixtures/machine/sum.S'];

/** Assembly-shaped mutations: deep expressions, huge fills and repeats, macros that grow. */
const ASM_MUTATIONS: ReadonlyArray<(rng: Rng, lines: string[]) => void> = [
  (r, l) => l.splice(r.int(l.length), 0, `\t.quad ${'('.repeat(1 + r.int(3000))}1${')'.repeat(1 + r.int(3000))}`),
  (r, l) => l.splice(r.int(l.length), 0, `\t.${r.pick(['fill', 'skip', 'space', 'zero'])} ${r.pick(NASTY_NUMBERS)}, ${r.pick(['1', '8', '-1', '100000'])}`),
  (r, l) => l.splice(r.int(l.length), 0, `\t.rept ${r.pick(NASTY_NUMBERS)}`, '\tnop', '\t.endr'),
  (r, l) => l.splice(r.int(l.length), 0, `\t.set fz${r.int(9)}, fz${r.int(9)} + ${r.pick(NASTY_NUMBERS)}`),
  (r, l) => l.splice(r.int(l.length), 0, '\t.macro fzm a', '\t.ifnb \\a', '\tfzm \\a\\a', '\t.endif', '\t.endm', `\tfzm ${r.pick(['x', ''])}`),
  (r, l) => l.splice(r.int(l.length), 0, `\tmov x0, #${'1+'.repeat(r.int(5000))}1`),
];

function asmInput(rng: Rng): FuzzInput {
  const file = rng.pick(ASM_SOURCES);
  return { label: file, text: JSON.stringify({ file, source: mutateText(rng, read(file), ASM_MUTATIONS) }) };
}

function runAsm(text: string): void {
  const { file, source } = JSON.parse(text) as { file: string; source: string };
  const tree = new OverlayTree(corpusTree(), new Map([[file, source]]));
  assembleUnit(corpusUnit(file, tree));
}

/** Words from a few instruction classes' opcode spaces plus plain random words, run from a fresh machine. */
function machineInput(rng: Rng): FuzzInput {
  const n = 1 + rng.int(16);
  const words = Array.from({ length: n }, () => {
    const w = rng.u32();
    return rng.chance(0.5) ? w : (w & 0x03ffffff) | (rng.pick([0x8b, 0xd5, 0xf9, 0x3d, 0x4e, 0x1e, 0x54, 0xb4, 0xd4, 0x9a, 0xaa]) << 24);
  });
  return { label: `${n} words`, text: JSON.stringify({ words: words.map((w) => w >>> 0), el: rng.int(3), regs: Array.from({ length: 8 }, () => `${rng.u32()}`) }) };
}

function runMachine(text: string): void {
  const { words, el, regs } = JSON.parse(text) as { words: number[]; el: number; regs: string[] };
  const m = createMachine();
  m.memory.map('ram', 0x400000n, 0x10000);
  m.memory.map('stack', 0x7fff0000n, 0x10000);
  const bytes = new Uint8Array(4 * (words.length + 1));
  const view = new DataView(bytes.buffer);
  words.forEach((w, i) => view.setUint32(4 * i, w, true));
  view.setUint32(4 * words.length, 0xd65f03c0, true); // ret
  m.memory.writeBytes(0x400000n, bytes);
  m.setEl(el, el === 0 ? 0 : 1);
  regs.forEach((r, i) => m.setX(i, BigInt(r) << BigInt(i % 3 === 0 ? 32 : 0)));
  m.setX(1, 0x400800n);
  m.sp = 0x80000000n;
  m.setX(30, RETURN_SENTINEL);
  m.pc = 0x400000n;
  m.run({ maxSteps: 1000, ...(words[0] & 1 ? { onStep: () => {} } : {}) });
}

const SCENARIO_MUTATIONS: ReadonlyArray<(rng: Rng, lines: string[]) => void> = [
  (r, l) => l.splice(r.int(l.length), 0, `  - ${r.pick(['fpsmid', 'irq_afterr', 'stesp', 'run', 'repeat', 'host_fpsimd'])}: ${r.pick(NASTY_NUMBERS)}`),
  (r, l) => l.splice(r.int(l.length), 0, `  - repeat: { times: ${r.pick(NASTY_NUMBERS)}, steps: [ { repeat: { times: ${r.pick(NASTY_NUMBERS)}, steps: [ { run: { work: { compute: ${r.pick(NASTY_NUMBERS)} } } } ] } } ] }`),
  (r, l) => l.splice(r.int(l.length), 0, `  - run: { work: { compute: ${r.pick(NASTY_NUMBERS)}, fpsimd: ${r.pick(NASTY_NUMBERS)} }, exit: ${r.pick(['hvc', 'mmio', 'irq', 'nope'])}, irq_after: ${r.pick(NASTY_NUMBERS)} }`),
  (r, l) => l.splice(r.int(l.length), 0, `  - host_fpsimd: ${r.pick(NASTY_NUMBERS)}`),
  (r, l) => l.splice(r.int(l.length), 0, `steps: ${'['.repeat(r.int(3000))}${']'.repeat(r.int(3000))}`),
];

function scenarioInput(rng: Rng): FuzzInput {
  const names = Object.keys(BUILTIN_SCENARIO_TEXTS);
  const name = rng.pick(names);
  let text = BUILTIN_SCENARIO_TEXTS[name];
  if (rng.chance(0.3)) text = JSON.stringify(parseScenarioDocument(text));
  return { label: name, text: mutateText(rng, text, SCENARIO_MUTATIONS) };
}

function parseScenarioDocument(text: string): unknown {
  const s = parseScenario(text, 'seed');
  return { name: s.name, description: s.description, steps: s.steps.map((x) => (x.kind === 'run' ? { run: { work: x.work, exit: x.exit, ...(x.exit === 'irq' ? { irq_after: x.irqAfter } : {}) } } : x.kind === 'host_fpsimd' ? { host_fpsimd: `0x${x.seed.toString(16)}` } : x.kind)) };
}

let session: ReturnType<typeof buildVariant> | undefined;

function runScenarioText(text: string): void {
  const scenario = parseScenario(text, 'fuzz.yaml');
  session ??= buildVariant({ name: 'original' });
  runScenario(session.session, scenario, { maxInstructions: FUZZ_RUN_LIMITS.scenarioInstructions });
}

const STATE_SEED = JSON.stringify({
  x: ['0x3', '0x410000', 7], sp: '0x0000000080000000', nzcv: '0x60000000', fpsr: '0x0', fpcr: '0x0', v: ['0x11', '0x22'], el: 1,
  sysregs: { tpidr_el1: '0x1234', hcr_el2: '0x80000000' }, memory: [{ base: '0x900000', hex: 'deadbeef' }, { base: '0x410000', hex: '01020304' }],
}, null, 1);

const STATE_MUTATIONS: ReadonlyArray<(rng: Rng, lines: string[]) => void> = [
  (r, l) => l.splice(1 + r.int(l.length - 1), 0, ` "${r.pick(['x', 'v', 'sp', 'el', 'memory', 'sysregs', 'pc', 'nzcv', 'format'])}": ${r.pick([...NASTY_NUMBERS, `${'['.repeat(r.int(100000))}${']'.repeat(r.int(100000))}`, `${'{"a":'.repeat(r.int(20000))}1${'}'.repeat(r.int(20000))}`, '"0x' + 'f'.repeat(r.int(100)) + '"'])},`),
  (r, l) => l.splice(1 + r.int(l.length - 1), 0, ` "memory": [{"base": "${r.pick(['0x0', '0x400000', '0xffffffffffffff00', '0x7fff0000'])}", "hex": "${'ab'.repeat(r.int(70000))}"}],`),
  (r, l) => l.splice(1 + r.int(l.length - 1), 0, ` "sysregs": {"${r.pick(['vbar_el2', 'midr_el1', 'currentel', 'nope', 'sctlr_el1', 'cptr_el2'])}": ${r.pick(NASTY_NUMBERS)}},`),
];

function stateInput(rng: Rng): FuzzInput {
  return { label: 'state', text: mutateText(rng, STATE_SEED, STATE_MUTATIONS) };
}

let sum: ReturnType<typeof assembleUnit> | undefined;

function runState(text: string): void {
  const state = parseStateJson(text, 'fuzz.json');
  sum ??= assembleUnit({ tree: corpusTree(), file: 'fixtures/machine/sum.S', options: { includeDirs: [] } });
  prepareExec(sum, { entry: 'sum_array', state, stateFile: 'fuzz.json' }).machine.run({ maxSteps: FUZZ_RUN_LIMITS.execSteps });
}

const PATCH_MUTATIONS: ReadonlyArray<(rng: Rng, lines: string[]) => void> = [
  (r, l) => {
    const i = l.findIndex((x, k) => k >= r.int(l.length) && x.startsWith('@@'));
    if (i >= 0) l[i] = `@@ -${r.pick(NASTY_NUMBERS)},${r.pick(NASTY_NUMBERS)} +${r.pick(NASTY_NUMBERS)},${r.pick(NASTY_NUMBERS)} @@`;
  },
  (r, l) => {
    const i = r.int(l.length);
    if (l[i]) l[i] = `${r.pick([' ', '-', '+', '\\', '>', ''])}${l[i].slice(1)}`;
  },
  (r, l) => {
    for (let k = 0; k < l.length; k++) l[k] = `> ${l[k]}`;
  },
  (r, l) => l.splice(r.int(l.length), 0, 'Subject: [RFC PATCH v2 3/7] a', '\tfolded', ' again'),
  (r, l) => {
    const i = r.int(l.length);
    l.splice(i, 0, ...Array.from({ length: 200 + r.int(2000) }, () => ' same'));
  },
];

function patchSources(): Array<[string, string]> {
  const list: Array<[string, string]> = ['asm/patches/move-fpsimd-to-load-put.patch', 'asm/patches/lazy-fpsimd.patch'].map((p) => [p, read(p)]);
  const rfc = process.env.HYPSIM_RFC_SEED;
  if (rfc) list.push(['rfc', readFileSync(rfc, 'utf8')]);
  return list;
}

function patchInput(rng: Rng): FuzzInput {
  const [label, text] = rng.pick(patchSources());
  return { label, text: mutateText(rng, text, PATCH_MUTATIONS) };
}

function runPatch(text: string): void {
  applyPatch(corpusTree(), text, 'fuzz.patch');
}

function selftestInput(rng: Rng): FuzzInput {
  const text = rng.pick(['ok', 'located', 'unexpected', 'hang']);
  return { label: 'selftest', text };
}

function runSelftest(text: string): void {
  if (text === 'located') throw new HypsimError('a located error');
  if (text === 'unexpected') throw new TypeError('an unexpected exception');
  if (text === 'hang') for (;;);
}

export const GENERATORS: Record<Category, (rng: Rng) => FuzzInput> = { asm: asmInput, machine: machineInput, scenario: scenarioInput, state: stateInput, patch: patchInput, selftest: selftestInput };
export const TARGETS: Record<Category, (text: string) => void> = { asm: runAsm, machine: runMachine, scenario: runScenarioText, state: runState, patch: runPatch, selftest: runSelftest };
