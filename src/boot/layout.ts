// Where the kernel image puts its hypervisor: the hyp sections of kvm_nvhe.o in the order and
// alignment of arch/arm64/kernel/vmlinux.lds.S, the boundary symbols it defines around them, and
// addresses for the symbols the rest of the kernel provides (the alternative callbacks and other
// functions in a kernel-text block, data such as static keys in a kernel-data block). The result
// is the input of link(); a session with its own memory map builds its own.
import type { Program } from '../ir/program.js';
import type { LinkOptions, RegionRule } from '../link/link.js';
import { stripPrefix } from './alternatives.js';
import { CALLBACKS } from './callbacks.js';

const PAGE = 0x1000n;

type Step =
  | { readonly align: bigint }
  | { readonly symbol: string }
  | { readonly section: string; readonly perms: string }
  | { readonly kernel: 'text' | 'data' };

/** vmlinux.lds.S, reduced to what surrounds the hypervisor. */
const VMLINUX: readonly Step[] = [
  { kernel: 'text' },
  // HYPERVISOR_TEXT
  { align: PAGE }, { symbol: '__hyp_idmap_text_start' }, { section: '.hyp.idmap.text', perms: 'rx' }, { symbol: '__hyp_idmap_text_end' },
  { symbol: '__hyp_text_start' }, { section: '.hyp.text', perms: 'rx' },
  { align: 8n }, { symbol: '__start___kvm_ex_table' }, { section: '__kvm_ex_table', perms: 'r' }, { symbol: '__stop___kvm_ex_table' },
  { align: PAGE }, { symbol: '__hyp_text_end' },
  // RO_DATA, with the kernel's __ro_after_init data the hypervisor reads
  { align: PAGE }, { symbol: '__start_rodata' }, { section: '__bug_table', perms: 'r' }, { align: 8n }, { section: '__jump_table', perms: 'rw' },
  { kernel: 'data' }, { align: PAGE }, { symbol: '__end_rodata' },
  // HYPERVISOR_DATA_SECTIONS
  { symbol: '__hyp_rodata_start' }, { section: '.hyp.data..ro_after_init', perms: 'rw' }, { section: '.hyp.rodata', perms: 'r' }, { align: PAGE }, { symbol: '__hyp_rodata_end' },
  // init text: .altinstructions
  { align: 4n }, { section: '.altinstructions', perms: 'r' },
  // HYPERVISOR_PERCPU_SECTION, HYPERVISOR_RELOC_SECTION
  { align: PAGE }, { section: '.hyp.data..percpu', perms: 'rw' },
  { align: 4n }, { section: '.hyp.reloc', perms: 'r' },
  // BSS_FIRST_SECTIONS
  { align: PAGE }, { symbol: '__hyp_bss_start' }, { section: '.hyp.bss', perms: 'rw' }, { align: PAGE }, { symbol: '__hyp_bss_end' }, { symbol: '__bss_stop' },
];

/** Kernel functions the hypervisor names that are not alternative callbacks. */
const KERNEL_TEXT = ['__hyp_stub_vectors', 'nvhe_hyp_panic_handler'];

export interface KernelBlock {
  readonly address: bigint;
  readonly size: bigint;
  /** Symbol (as the kernel names it) → address; one page each. */
  readonly symbols: ReadonlyMap<string, bigint>;
}

export interface HypPlacement extends LinkOptions {
  readonly regions: readonly RegionRule[];
  readonly externs: ReadonlyMap<string, bigint>;
  readonly kernelText: KernelBlock;
  readonly kernelData: KernelBlock;
}

const alignUp = (v: bigint, a: bigint) => ((v + a - 1n) / a) * a;

function sectionOf(program: Program, name: string) {
  return program.sections.find((s) => s.name === name);
}

/**
 * Places the hypervisor's sections from `base` (a kernel image VA) on. `prefix` is the hypervisor's
 * symbol prefix (`__kvm_nvhe_`): the kernel-provided symbols are defined under it, as the kernel's
 * linker script aliases them.
 */
export function kernelImageLayout(program: Program, base: bigint, prefix: string): HypPlacement {
  const undefinedNames = program.symbols.filter((s) => !s.defined).map((s) => stripPrefix(s.name, prefix));
  const boundary = new Set(VMLINUX.flatMap((s) => ('symbol' in s ? [s.symbol] : [])));
  const provided = undefinedNames.filter((n) => !boundary.has(n));
  const textNames = provided.filter((n) => n in CALLBACKS || KERNEL_TEXT.includes(n)).sort();
  const dataNames = provided.filter((n) => !textNames.includes(n)).sort();
  const regions: RegionRule[] = [];
  const externs = new Map<string, bigint>();
  const blocks: Partial<Record<'text' | 'data', KernelBlock>> = {};
  let dot = base;
  for (const step of VMLINUX) {
    if ('align' in step) dot = alignUp(dot, step.align);
    else if ('symbol' in step) {
      if (undefinedNames.includes(step.symbol)) externs.set(prefix + step.symbol, dot);
    } else if ('kernel' in step) {
      const names = step.kernel === 'text' ? textNames : dataNames;
      dot = alignUp(dot, PAGE);
      const symbols = new Map(names.map((n, i) => [n, dot + BigInt(i) * PAGE]));
      for (const [n, a] of symbols) externs.set(prefix + n, a);
      blocks[step.kernel] = { address: dot, size: BigInt(Math.max(names.length, 1)) * PAGE, symbols };
      dot += blocks[step.kernel]!.size;
    } else {
      const sec = sectionOf(program, step.section);
      if (sec === undefined || sec.bytes.length === 0) continue;
      dot = alignUp(dot, BigInt(sec.align));
      regions.push({ name: step.section, address: dot, sections: [step.section], perms: step.perms });
      dot += BigInt(sec.bytes.length);
    }
  }
  return { regions, externs, kernelText: blocks.text!, kernelData: blocks.data! };
}
