// The sandbox kbuild runs in: a patch's Makefile hunk that writes outside the build directory or
// opens a connection fails there and leaves nothing behind. The probe is generated at test time.
import { createServer, type Server } from 'node:net';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createPatch } from 'diff';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { realpathSync } from 'node:fs';
import { cacheEntry } from '../../src/kbuild/cache.js';
import { prepareKernelBuild } from '../../src/kbuild/index.js';
import { runJailed } from '../../src/kbuild/sandbox.js';
import { patchForKbuild } from '../../src/kbuild/patch.js';
import { HypsimError } from '../../src/util/diagnostics.js';
import { kernelTreeDir, missingKernel } from '../helpers/kernel-builds.js';
import { missingOracle, repoRoot } from '../helpers/oracles.js';

let server: Server;
let port = 0;
let scratch: string;

beforeAll(async () => {
  // Not under /tmp: inside the sandbox /tmp is a private tmpfs, so writes there vanish anyway.
  mkdirSync(join(repoRoot, '.cache'), { recursive: true });
  scratch = mkdtempSync(join(repoRoot, '.cache', 'sandbox-test-'));
  server = createServer((s) => s.end());
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as { port: number }).port;
});
afterAll(() => {
  server.close();
  rmSync(scratch, { recursive: true, force: true });
});

/** A shell line that tries each escape and prints `NAME:wrote|denied` for each. */
function probeScript(targets: Record<string, string>): string {
  const writes = Object.entries(targets).map(([name, path]) => `(echo escaped > ${path}) 2>/dev/null && echo ${name}:wrote || echo ${name}:denied`);
  const net = `bash -c 'exec 3<>/dev/tcp/127.0.0.1/${port}' 2>/dev/null && echo net:connected || echo net:denied`;
  return [...writes, net].join('; ');
}

const skip = missingOracle({ tools: ['bwrap', 'bash'] }) !== undefined;

describe.skipIf(skip)('the kbuild sandbox', () => {
  it('denies writes outside the writable directory and connections, which succeed unsandboxed', async () => {
    const writable = join(scratch, 'build');
    const readOnly = join(scratch, 'tree');
    mkdirSync(writable, { recursive: true });
    mkdirSync(readOnly, { recursive: true });
    const targets = { tree: join(readOnly, 'escape'), home: join(scratch, 'home-escape'), build: join(writable, 'inside') };
    const script = probeScript(targets);
    const jailed = await runJailed({ readOnly: [readOnly], writable: [writable], cwd: writable, sandbox: true }, ['sh', '-c', script]);
    expect(jailed.stdout.trim().split('\n')).toEqual(['tree:denied', 'home:denied', 'build:wrote', 'net:denied']);
    expect(existsSync(targets.tree) || existsSync(targets.home)).toBe(false);
    const open = await runJailed({ readOnly: [], writable: [], cwd: scratch, sandbox: false }, ['sh', '-c', script]);
    expect(open.stdout.trim().split('\n')).toEqual(['tree:wrote', 'home:wrote', 'build:wrote', 'net:connected']);
  });
});

describe.skipIf(skip || missingKernel('6.1') !== undefined)('a patch that changes the build', () => {
  it("runs its Makefile hunk sandboxed: escapes fail, the build stops, nothing is left outside", async () => {
    const tree = kernelTreeDir('6.1');
    const cacheRoot = join(scratch, 'cache');
    const outside = { tree: join(tree, 'hypsim-escape'), home: join(process.env.HOME ?? '/root', 'hypsim-escape'), cache: join(cacheRoot, 'hypsim-escape') };
    const original = readFileSync(join(tree, 'Makefile'), 'latin1');
    const srctree = '$(dir $(realpath $(firstword $(MAKEFILE_LIST))))hypsim-escape';
    const hunk = `\nHYPSIM_PROBE := $(shell ${probeScript({ ...outside, srctree }).replace(/\$(?!\()/g, '$$$$')})\n$(error hypsim-probe: $(HYPSIM_PROBE))\n`;
    const text = createPatch('Makefile', original, original + hunk, '', '').replace('--- Makefile', '--- a/Makefile').replace('+++ Makefile', '+++ b/Makefile');
    const patch = patchForKbuild(tree, text, 'probe.patch');
    expect(patch.buildHunks.map((h) => h.file)).toEqual(['Makefile']);
    const err = await prepareKernelBuild({ tree, buildDir: cacheRoot, patch: patch.result.changes }).then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(HypsimError);
    const log = (err as HypsimError).notes.join('\n');
    expect(log).toMatch(/hypsim-probe: tree:denied home:denied cache:denied srctree:denied net:denied/);
    const overlay = cacheEntry(cacheRoot, { tree: realpathSync(tree), patch: patch.result.changes }).overlayDir;
    expect(existsSync(join(overlay, 'Makefile'))).toBe(true);
    for (const p of [...Object.values(outside), join(overlay, 'hypsim-escape')]) expect(existsSync(p)).toBe(false);
  });
});
