// `npm run golden:update`: rewrites fixtures/golden/ (traces and count reports of the built-in
// scenarios on the corpus variants). Legitimate only for an intended change to the corpus, the
// scenarios, the machine or a report format, reviewed in the diff — never to make a test pass.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { goldenCases, goldenContent, goldenRun } from '../src/report/golden.js';
import { packageRoot } from '../src/tree/corpus.js';

const root = packageRoot();
const runs = new Map<string, ReturnType<typeof goldenRun>>();
let changed = 0;
for (const c of goldenCases()) {
  const key = `${c.scenario}/${c.variant}`;
  let run = runs.get(key);
  if (!run) runs.set(key, (run = goldenRun(c.scenario, c.variant)));
  const text = goldenContent(c, run);
  const path = join(root, c.path);
  let before: string | undefined;
  try {
    before = readFileSync(path, 'utf8');
  } catch {
    before = undefined;
  }
  const status = before === undefined ? 'new' : before === text ? 'same' : 'changed';
  if (status !== 'same') {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
    changed++;
  }
  console.log(`${status.padEnd(7)} ${c.path} (${Math.round(text.length / 1024)} KB)`);
}
console.log(`${changed} file(s) written; review them with git diff before committing.`);
