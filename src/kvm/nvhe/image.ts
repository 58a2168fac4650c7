// The kernel image hypsim builds around a tree's hypervisor: the kvm_nvhe Program placed the way
// the kernel's vmlinux.lds.S places the HYPERVISOR_* sections (text with the idmap and the
// exception table, rodata with ro_after_init, per-CPU template, relocations, bss), beside
// hypsim's host stub and the kernel symbols the hypervisor names (image-vars.h's KVM_NVHE_ALIAS):
// alternative callbacks and kernel functions as stop slots, kernel variables as zeroed storage
// sized by the tree's compiler.
import Long from 'long';
import type { Program, Section, SymbolInfo } from '../../ir/program.js';
import { link, placeSections, type Image, type RegionRule } from '../../link/link.js';
import { HypsimError } from '../../util/diagnostics.js';
import { PAGE, type AddressMap } from './plan.js';

export const HYP_PREFIX = '__kvm_nvhe_';

interface RegionSpec {
  readonly name: string;
  readonly sections: readonly string[];
  readonly perms: string;
}

/** In image order; each region starts on a page. */
const IMAGE_REGIONS: readonly RegionSpec[] = [
  { name: 'kernel-text', sections: ['.text', '.kernel.stubs'], perms: 'rx' },
  { name: 'hyp-text', sections: ['.hyp.idmap.text', '.hyp.text', '__kvm_ex_table'], perms: 'rx' },
  { name: 'hyp-rodata', sections: ['.hyp.data..ro_after_init', '.hyp.rodata'], perms: 'rw' },
  { name: 'kernel-rodata', sections: ['.rodata', '.rodata.str', '.rodata.str1.1', '.rodata.str1.8', '.kernel.vars', '.altinstructions', '__jump_table', '__bug_table', '.note.gnu.property'], perms: 'rw' },
  { name: 'hyp-percpu', sections: ['.hyp.data..percpu'], perms: 'rw' },
  { name: 'hyp-reloc', sections: ['.hyp.reloc'], perms: 'r' },
  { name: 'kernel-data', sections: ['.data'], perms: 'rw' },
  { name: 'hyp-bss', sections: ['.hyp.bss', '.bss'], perms: 'rw' },
];

/** Kernel functions the hypervisor names outside the alternative callbacks. */
const KERNEL_CODE = new Set(['nvhe_hyp_panic_handler', '__hyp_stub_vectors']);

const pageUp = (v: bigint) => ((v + PAGE - 1n) / PAGE) * PAGE;
const BRK_STOP = 0xd4200000 | (0x800 << 5);

export interface KernelSymbols {
  /** Kernel functions (callbacks, panic handler, stub vectors), each a brk slot: name → slot. */
  readonly code: readonly string[];
  /** Kernel variables with their sizes. */
  readonly data: ReadonlyMap<string, number>;
}

function symbol(name: string, section: string, offset: number, size: number, type: SymbolInfo['type']): SymbolInfo {
  return { name, section, value: Long.fromNumber(offset, true), size: Long.fromNumber(size, true), type, binding: 'global', defined: true, visibility: 'default', temporary: false };
}

function section(name: string, flags: string, bytes: Uint8Array, align: number): Section {
  return { name, flags, type: 'progbits', align, bytes, items: [], relocs: [] };
}

/** The kernel's side of the names the hypervisor links against: hypsim stand-ins, both spellings. */
export function kernelProgram(k: KernelSymbols): Program {
  const stubs = new Uint8Array(Math.max(k.code.length, 1) * 4);
  const view = new DataView(stubs.buffer);
  const symbols: SymbolInfo[] = [];
  k.code.forEach((name, i) => {
    view.setUint32(i * 4, BRK_STOP >>> 0, true);
    symbols.push(symbol(name, '.kernel.stubs', i * 4, 4, 'func'), symbol(HYP_PREFIX + name, '.kernel.stubs', i * 4, 4, 'func'));
  });
  let at = 0;
  for (const [name, size] of k.data) {
    at = Math.ceil(at / 64) * 64;
    symbols.push(symbol(name, '.kernel.vars', at, size, 'object'), symbol(HYP_PREFIX + name, '.kernel.vars', at, size, 'object'));
    at += size;
  }
  return {
    file: '<kernel>',
    sections: [section('.kernel.stubs', 'ax', stubs, 4), section('.kernel.vars', 'aw', new Uint8Array(Math.max(at, 8)), 64)],
    symbols,
    diagnostics: [],
  };
}

/** Region rules at kernel-image addresses, each region on its own pages, in image order. */
function imageRegions(programs: readonly Program[], base: bigint): RegionRule[] {
  const rules: RegionRule[] = [];
  let cursor = base;
  for (const spec of IMAGE_REGIONS) {
    const rule: RegionRule = { ...spec, address: pageUp(cursor) };
    const placed = placeSections(programs, [rule], false);
    const end = placed.reduce((e, p) => (p.address + BigInt(p.section.bytes.length) > e ? p.address + BigInt(p.section.bytes.length) : e), rule.address);
    if (placed.length === 0) continue;
    rules.push(rule);
    cursor = end;
  }
  return rules;
}

/** The boundary symbols vmlinux.lds.S defines around the hypervisor's sections. */
function boundarySymbols(programs: readonly Program[], rules: readonly RegionRule[]): Map<string, bigint> {
  const placed = placeSections(programs, rules);
  const at = (name: string) => placed.find((p) => p.section.name === name);
  const start = (name: string) => at(name)?.address;
  const end = (name: string) => {
    const p = at(name);
    return p ? p.address + BigInt(p.section.bytes.length) : undefined;
  };
  const region = (name: string) => rules.find((r) => r.name === name)?.address;
  const regionEnd = (name: string) => {
    const mine = placed.filter((p) => p.region.name === name);
    return mine.length === 0 ? undefined : pageUp(mine.reduce((e, p) => (p.address + BigInt(p.section.bytes.length) > e ? p.address + BigInt(p.section.bytes.length) : e), 0n));
  };
  const out = new Map<string, bigint | undefined>([
    ['__hyp_idmap_text_start', start('.hyp.idmap.text')],
    ['__hyp_idmap_text_end', end('.hyp.idmap.text')],
    ['__hyp_text_start', end('.hyp.idmap.text')],
    ['__hyp_text_end', regionEnd('hyp-text')],
    ['__start___kvm_ex_table', start('__kvm_ex_table') ?? end('.hyp.text')],
    ['__stop___kvm_ex_table', end('__kvm_ex_table') ?? end('.hyp.text')],
    ['__hyp_rodata_start', region('hyp-rodata')],
    ['__hyp_rodata_end', regionEnd('hyp-rodata')],
    ['__start_rodata', region('hyp-rodata')],
    ['__end_rodata', regionEnd('kernel-rodata')],
    ['__hyp_reloc_begin', start('.hyp.reloc')],
    ['__hyp_reloc_end', end('.hyp.reloc')],
    ['__hyp_bss_start', region('hyp-bss')],
    ['__hyp_bss_end', regionEnd('hyp-bss')],
    ['__bss_stop', regionEnd('hyp-bss')],
  ]);
  const result = new Map<string, bigint>();
  for (const [name, v] of out) {
    if (v === undefined) continue;
    result.set(name, v);
    result.set(HYP_PREFIX + name, v);
  }
  return result;
}

export const BOUNDARY_NAMES = new Set([
  '__hyp_idmap_text_start', '__hyp_idmap_text_end', '__hyp_text_start', '__hyp_text_end', '__start___kvm_ex_table', '__stop___kvm_ex_table',
  '__hyp_rodata_start', '__hyp_rodata_end', '__start_rodata', '__end_rodata', '__hyp_reloc_begin', '__hyp_reloc_end', '__hyp_bss_start', '__hyp_bss_end', '__bss_stop',
]);

/** The hypervisor's undefined names, without the prefix, sorted into what hypsim must supply. */
export function kernelNamesOf(hyp: Program): { code: string[]; data: string[]; boundaries: string[] } {
  const names = hyp.symbols.filter((s) => !s.defined).map((s) => (s.name.startsWith(HYP_PREFIX) ? s.name.slice(HYP_PREFIX.length) : s.name));
  const callbacks = new Set(
    hyp.sections.filter((s) => s.name === '.altinstructions').flatMap((s) => s.relocs.map((r) => r.symbol)).filter((n) => n.startsWith(HYP_PREFIX)).map((n) => n.slice(HYP_PREFIX.length)),
  );
  const code = names.filter((n) => callbacks.has(n) || KERNEL_CODE.has(n));
  const boundaries = names.filter((n) => BOUNDARY_NAMES.has(n));
  const data = names.filter((n) => !code.includes(n) && !boundaries.includes(n));
  return { code: code.sort(), data: data.sort(), boundaries };
}

export function linkNvheImage(programs: readonly Program[], kernel: KernelSymbols, map: AddressMap): Image {
  const all = [...programs, kernelProgram(kernel)];
  const rules = imageRegions(all, map.layout.kimageVaddr);
  const externs = boundarySymbols(all, rules);
  try {
    return link(all, { regions: rules, externs });
  } catch (e) {
    if (e instanceof HypsimError) throw new HypsimError(`linking the hypervisor into hypsim's kernel image: ${e.message}`, e.origin, e.kind, e.notes);
    throw e;
  }
}
