// The boot-patching report as text: the caps and why, the Spectre state, alternatives per cap,
// every callback site, the static keys and their sites, the hyp relocations.
import { disassemble } from '../a64/index.js';
import type { AltResult } from './alternatives.js';
import type { BootReport } from './index.js';

export interface CapCount {
  readonly cap: string;
  readonly on: boolean;
  readonly entries: number;
  readonly applied: number;
  readonly callbacks: number;
}

export interface CallbackCount {
  readonly callback: string;
  readonly sites: readonly AltResult[];
  readonly applied: number;
  /** Sites whose words the callback changed. */
  readonly changed: number;
}

const changed = (r: AltResult) => r.before.some((w, i) => w !== r.after[i]);

export function capCounts(report: BootReport): CapCount[] {
  return report.caps.map((c) => {
    const mine = report.alternatives.filter((a) => a.cap.number === c.number);
    return { cap: c.name, on: c.on, entries: mine.length, applied: mine.filter((a) => a.applied).length, callbacks: mine.filter((a) => a.entry.callback !== undefined).length };
  });
}

export function callbackCounts(report: BootReport): CallbackCount[] {
  const names = [...new Set(report.alternatives.flatMap((a) => (a.entry.callback === undefined ? [] : [a.entry.callback])))].sort();
  return names.map((callback) => {
    const sites = report.alternatives.filter((a) => a.entry.callback === callback);
    return { callback, sites, applied: sites.filter((s) => s.applied).length, changed: sites.filter(changed).length };
  });
}

const hex = (v: bigint) => `0x${v.toString(16).padStart(16, '0')}`;
const words = (ws: readonly number[]) => ws.map((w) => disassemble(w)).join('; ');
const pad = (s: string, n: number) => s.padEnd(n);

export function formatBootReport(report: BootReport): string {
  const out: string[] = [];
  const alts = report.alternatives;
  out.push(`Boot-time patching for ${report.cpu}, kvm-arm.mode=${report.host.kvmMode}`);
  out.push(`  kernel memory: PAGE_OFFSET ${hex(report.memory.pageOffset)}, PHYS_OFFSET ${hex(report.memory.physOffset)}, kimage_voffset ${hex(report.memory.kimageVoffset)}`);
  out.push(`  hyp VA: tag_lsb ${report.hyp.tagLsb}, tag_val 0x${report.hyp.tagVal.toString(16)}; sanitised CTR_EL0 0x${report.ctrEl0.toString(16)}`);
  out.push('');
  out.push(`Capabilities named by the hypervisor (${report.caps.length}; numbers from ${report.capsHeader}):`);
  const counts = new Map(capCounts(report).map((c) => [c.cap, c]));
  const width = Math.max(...report.caps.map((c) => c.name.length));
  for (const c of report.caps) {
    const n = counts.get(c.name)!;
    out.push(`  ${pad(c.name, width)} ${String(c.number).padStart(3)} ${c.on ? 'on ' : 'off'}  ${String(n.applied).padStart(3)}/${String(n.entries).padEnd(3)} applied  ${c.why}`);
  }
  const s = report.spectre;
  out.push('');
  out.push(`Spectre: v2 ${s.v2}; BHB ${s.bhb.state} (${s.bhb.why}; loop k = ${s.bhb.loopK}${s.bhb.mitigations.length ? `; ${s.bhb.mitigations.join(', ')}` : ''}); hyp vector slot ${s.hypVectorSlot}`);
  out.push('');
  const applied = alts.filter((a) => a.applied);
  out.push(`Alternatives: ${alts.length} entries, ${applied.length} applied (${applied.filter((a) => a.entry.callback === undefined).length} replacements, ${applied.filter((a) => a.entry.callback !== undefined).length} callbacks)`);
  for (const cb of callbackCounts(report)) {
    out.push(`  callback ${cb.callback}: ${cb.sites.length} site(s), ${cb.applied} run, ${cb.changed} changed`);
    for (const site of cb.sites) {
      out.push(`    ${pad(site.site, 40)} ${site.applied ? (changed(site) ? words(site.after) : 'unchanged') : `not run (${site.cap.name} off)`}`);
    }
  }
  out.push('');
  out.push(`Static keys (${report.jumps.length} sites):`);
  for (const k of report.keys) {
    const sites = report.jumps.filter((j) => j.entry.keyName === k.key);
    out.push(`  ${k.key} ${k.on ? 'on' : 'off'}: ${k.why}`);
    for (const j of sites) out.push(`    ${pad(j.site, 40)} ${j.type === 'jmp' ? `b ${j.entry.target.toString(16)}` : 'nop'}${j.entry.branch ? ' (branch entry)' : ''}`);
  }
  out.push('');
  out.push(`Hyp relocations: ${report.hypRelocs.length} words converted from kernel VAs to hyp VAs`);
  for (const r of report.hypRelocs) out.push(`  ${pad(r.site, 40)} ${r.target} ${hex(r.before)} -> ${hex(r.after)}`);
  return out.join('\n');
}
