// How the kernel's cpufeature code decides a capability, as data: an ID register field against a
// minimum (has_cpuid_feature), combinations of those, MIDR lists (errata), the host's choices and
// the Spectre state. Each decision says why.
import type { BootCpu } from './cpu.js';
import { readCpuRegister } from './cpu.js';
import type { BootHost } from './host.js';
import { extractField, type IdFields } from './id-fields.js';
import { configEnabled, type Kconfig } from './kconfig.js';
import { describeRange, midrInRange, type MidrModels, type MidrRange } from './midr.js';
import type { SpectreState } from './spectre.js';

export interface Decision {
  readonly on: boolean;
  readonly why: string;
}

export interface MidrGroup {
  /** The Kconfig option the kernel's list entries sit under (#ifdef), if any. */
  readonly config?: string;
  readonly ranges: readonly MidrRange[];
}

export type CapRule =
  | { readonly kind: 'always' }
  | { readonly kind: 'field'; readonly reg: string; readonly field: string; readonly min: string; readonly signed?: boolean; readonly exact?: boolean }
  | { readonly kind: 'any' | 'all'; readonly rules: readonly CapRule[] }
  | { readonly kind: 'not'; readonly rule: CapRule }
  | { readonly kind: 'midr'; readonly groups: readonly MidrGroup[] }
  | { readonly kind: 'host'; readonly decide: (host: BootHost) => Decision }
  | { readonly kind: 'spectre'; readonly which: 'v2' | 'v3a' | 'bhb' }
  | { readonly kind: 'cpus'; readonly min: number }
  | { readonly kind: 'fixed'; readonly on: boolean; readonly why: string };

export interface CapRow {
  readonly cap: string;
  /** The Kconfig option the kernel's table entry sits under; unset, the cap is never detected. */
  readonly config?: string;
  readonly rule: CapRule;
}

export interface CapContext {
  readonly cpu: BootCpu;
  readonly fields: IdFields;
  readonly config: Kconfig;
  readonly models: MidrModels;
  readonly midr: number;
  readonly host: BootHost;
  readonly spectre: SpectreState;
}

const hex = (v: bigint) => (v < 0n ? `-${(-v).toString(16)}` : v.toString(16));

function fieldDecision(ctx: CapContext, r: Extract<CapRule, { kind: 'field' }>): Decision {
  const spec = ctx.fields.field(r.reg, r.field);
  const value = extractField(readCpuRegister(ctx.cpu, ctx.fields, r.reg), spec, r.signed ?? false);
  const raw = /^\d+$/.test(r.min) ? BigInt(r.min) : ctx.fields.value(r.reg, r.field, r.min);
  const min = r.signed ? BigInt.asIntN(spec.width, raw) : raw;
  const on = r.exact ? value === min : value >= min;
  return { on, why: `${r.reg}.${r.field} = 0x${hex(value)}, ${r.exact ? 'needs' : 'needs ≥'} ${r.min} (0x${hex(min)})${r.signed ? ', signed' : ''}` };
}

function midrDecision(ctx: CapContext, groups: readonly MidrGroup[]): Decision {
  for (const g of groups) {
    if (g.config && !configEnabled(ctx.config, g.config)) continue;
    const hit = g.ranges.find((r) => midrInRange(ctx.midr, ctx.models, r));
    if (hit) return { on: true, why: `MIDR_EL1 0x${ctx.midr.toString(16)} is in the list: ${describeRange(hit)}${g.config ? ` (${g.config})` : ''}` };
  }
  const off = groups.filter((g) => g.config && !configEnabled(ctx.config, g.config)).map((g) => g.config);
  return { on: false, why: `MIDR_EL1 0x${ctx.midr.toString(16)} is not in the list${off.length ? ` (not built: ${off.join(', ')})` : ''}` };
}

export function evaluateRule(rule: CapRule, ctx: CapContext): Decision {
  switch (rule.kind) {
    case 'always':
      return { on: true, why: 'always (has_always)' };
    case 'fixed':
      return { on: rule.on, why: rule.why };
    case 'field':
      return fieldDecision(ctx, rule);
    case 'any':
    case 'all': {
      const parts = rule.rules.map((r) => evaluateRule(r, ctx));
      const on = rule.kind === 'any' ? parts.some((p) => p.on) : parts.every((p) => p.on);
      return { on, why: parts.map((p) => p.why).join(rule.kind === 'any' ? ' or ' : ' and ') };
    }
    case 'not': {
      const d = evaluateRule(rule.rule, ctx);
      return { on: !d.on, why: `not (${d.why})` };
    }
    case 'midr':
      return midrDecision(ctx, rule.groups);
    case 'host':
      return rule.decide(ctx.host);
    case 'spectre':
      return ctx.spectre.caps[rule.which];
    case 'cpus':
      return { on: ctx.cpu.cpus >= rule.min, why: `${ctx.cpu.cpus} CPU(s), needs ${rule.min}` };
  }
}

export function decideRow(row: CapRow, ctx: CapContext): Decision {
  if (row.config && !configEnabled(ctx.config, row.config)) return { on: false, why: `${row.config} is not set` };
  return evaluateRule(row.rule, ctx);
}

/** Every MIDR model a rule names (so the tree can be asked for their values). */
export function modelsOf(rule: CapRule): string[] {
  switch (rule.kind) {
    case 'any':
    case 'all':
      return rule.rules.flatMap(modelsOf);
    case 'not':
      return modelsOf(rule.rule);
    case 'midr':
      return rule.groups.flatMap((g) => g.ranges.map((r) => r.model));
    default:
      return [];
  }
}
