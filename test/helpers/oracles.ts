// Oracle availability for differential tests. Locally a missing tool or tree skips the test with a
// clear message; with HYPSIM_REQUIRE_ORACLES=1 (set by .ci/run) it fails instead.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const requireOracles = process.env.HYPSIM_REQUIRE_ORACLES === '1';

const toolCache = new Map<string, boolean>();

export function hasTool(name: string): boolean {
  let ok = toolCache.get(name);
  if (ok === undefined) {
    try {
      execFileSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' });
      ok = true;
    } catch {
      ok = false;
    }
    toolCache.set(name, ok);
  }
  return ok;
}

/** Default location where scripts/prepare-linux-6.1.sh extracts Debian's linux-source-6.1. */
export function linux61Dir(): string {
  return process.env.HYPSIM_LINUX_61 ?? join(repoRoot, '.cache', 'linux-6.1');
}

export function linux61Available(): boolean {
  return existsSync(join(linux61Dir(), 'arch/arm64/kvm/hyp/entry.S'));
}

/** A Linux v4.0 tree given by the developer (never fetched by CI). */
export function linuxV4Dir(): string | undefined {
  const dir = process.env.HYPSIM_LINUX_V4;
  return dir && existsSync(join(dir, 'arch/arm64/kvm/hyp.S')) ? dir : undefined;
}

/**
 * Returns a reason to skip, or undefined when everything is there. Throws when oracles are
 * required (CI) and something is missing, so the run fails instead of silently skipping.
 */
export function missingOracle(needs: { tools?: string[]; linux61?: boolean }): string | undefined {
  const missing: string[] = [];
  for (const t of needs.tools ?? []) if (!hasTool(t)) missing.push(`tool ${t}`);
  if (needs.linux61 && !linux61Available()) missing.push(`Linux 6.1 sources at ${linux61Dir()} (run scripts/prepare-linux-6.1.sh)`);
  if (missing.length === 0) return undefined;
  const reason = `missing ${missing.join(', ')}`;
  if (requireOracles) throw new Error(`HYPSIM_REQUIRE_ORACLES=1 but ${reason}`);
  console.warn(`skipping oracle test: ${reason}`);
  return reason;
}

/** The RFC patch email (shared with the team, never committed): HYPSIM_RFC_SEED or ../shared/seeds. */
export function rfcSeedPath(): string | undefined {
  const path = process.env.HYPSIM_RFC_SEED ?? join(repoRoot, '..', 'shared', 'seeds', 'rfc-fpsimd-world-switch.txt');
  return existsSync(path) ? path : undefined;
}

/** The real hyp assembly files the oracle tests cover. */
export const LINUX_61_FILES = [
  'arch/arm64/kvm/hyp/entry.S',
  'arch/arm64/kvm/hyp/fpsimd.S',
  'arch/arm64/kvm/hyp/hyp-entry.S',
  'arch/arm64/kvm/hyp/nvhe/host.S',
  'arch/arm64/kvm/hyp/nvhe/hyp-init.S',
  'arch/arm64/kvm/hyp/nvhe/cache.S',
  'arch/arm64/kernel/entry-fpsimd.S',
  'arch/arm64/kernel/hyp-stub.S',
];

export const LINUX_V40_FILES = ['arch/arm64/kvm/hyp.S', 'arch/arm64/kvm/vgic-v2-switch.S', 'arch/arm64/kvm/vgic-v3-switch.S', 'arch/arm64/kvm/hyp-init.S'];
