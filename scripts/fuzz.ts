// `npm run fuzz -- --category asm|machine|scenario|state|patch --cases N --seed S [--timeout MS]
// [--case K [--show]]`: fuzzes one category in-process (a worker thread with a per-input time limit),
// prints a line per outcome class and the reproducer of every unexpected exception and hang.
import { CATEGORIES, type Category } from '../test/fuzz/categories.js';
import { fuzzInput, reproducer, runFuzz } from '../test/fuzz/harness.js';

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i < 0 ? undefined : process.argv[i + 1];
}

function integer(name: string, fallback: number): number {
  const text = option(name);
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isSafeInteger(n) || n < 0) {
    console.error(`fuzz: --${name} needs a non-negative integer, not '${text}'`);
    process.exit(2);
  }
  return n;
}

const category = option('category') as Category | undefined;
if (!category || !(CATEGORIES as readonly string[]).includes(category)) {
  console.error(`fuzz: --category must be one of ${CATEGORIES.join(', ')}`);
  process.exit(2);
}
const seed = integer('seed', 1);
const cases = integer('cases', 1000);
const only = option('case') === undefined ? undefined : integer('case', 0);
if (only !== undefined && process.argv.includes('--show')) {
  process.stdout.write(`${fuzzInput(category, seed, only).text}\n`);
}
const start = Date.now();
const summary = await runFuzz({
  category, seed, cases, timeoutMs: integer('timeout', 10_000), ...(only !== undefined ? { only } : {}),
  onCase: (done) => process.stderr.isTTY && process.stderr.write(`\r${done}/${only !== undefined ? 1 : cases} inputs`),
});
if (process.stderr.isTTY) process.stderr.write('\n');
for (const f of summary.failures) console.log(reproducer(summary, f).join('\n'));
const c = summary.counts;
const total = c.ok + c.located + c.unexpected + c.hang;
console.log(`${category}: ${total} inputs (seed ${seed}): ${c.ok} ok, ${c.located} located errors, ${c.unexpected} unexpected exceptions, ${c.hang} hangs; ${((Date.now() - start) / 1000).toFixed(1)} s`);
process.exitCode = c.unexpected + c.hang ? 1 : 0;
