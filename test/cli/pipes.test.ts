// A closed stdout pipe ends every command quietly: no EPIPE stack trace on stderr.
import { execFileSync } from 'node:child_process';
import { describe, expect, test } from 'vitest';
import { hypsimBundle } from '../helpers/bundle.js';
import { repoRoot } from '../helpers/oracles.js';

const COMMANDS = [
  'trace --scenario exit-heavy',
  'exec fixtures/machine/sum.S --entry spin --trace --max-steps 200000',
  'expand --corpus asm/hyp/switch.S --map',
  'count --scenario exit-heavy',
  'preprocess --corpus asm/hyp/switch.S',
  'symbols --corpus asm/hyp/switch.S',
  'scenarios',
  '--help',
];

describe('closed pipes', () => {
  test.each(COMMANDS)('hypsim %s | head -1: one line, nothing on stderr', async (args) => {
    const bin = await hypsimBundle();
    const out = execFileSync('sh', ['-c', `node "${bin}" ${args} 2>"$ERR" | head -1; cat "$ERR"`], { cwd: repoRoot, encoding: 'utf8', env: { ...process.env, ERR: `${bin}.${COMMANDS.indexOf(args)}.err` } });
    expect(out.split('\n').filter(Boolean)).toHaveLength(1);
    expect(out).not.toMatch(/EPIPE|Unhandled|\n\s+at /);
  });
});
