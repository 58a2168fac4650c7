// Boot-time patching of the 6.1 and 6.12 nVHE hypervisors for hypsim's CPU: entry counts, every
// callback's output against the kernel's formula assembled by GNU as, kern_hyp_va executed on the
// machine, the ALWAYS_SYSTEM checks no longer reaching BUG(), static keys and hyp relocations.
import { describe, expect, it } from 'vitest';
import { decode, disassemble } from '../../src/a64/index.js';
import { bootPatch, DEFAULT_HOST, formatBootReport, type BootReport } from '../../src/boot/index.js';
import { createMachine, EXEC, READ } from '../../src/machine/index.js';
import Long from 'long';
import type { Program, SymbolInfo } from '../../src/ir/program.js';
import { link, type Image } from '../../src/link/link.js';
import { hypPercpu, kernelImageLayout } from '../../src/boot/index.js';
import { hypsimHypProgram } from '../../src/kbuild/hyp.js';
import { capCounts, callbackCounts } from '../../src/boot/report.js';
import { gnuAssemble } from '../gas/helpers/gnu.js';
import { missingOracle } from '../helpers/oracles.js';
import { KERNEL_VERSIONS, missingKernel, type KernelVersion } from '../helpers/kernel-builds.js';
import { hypWorld, linkHypImage, type HypWorld } from '../helpers/hyp-image.js';

/** Figures of Debian's trees with defconfig (6.12: /work/shared/reference/linux-6.12-nvhe.md). */
const EXPECTED: Record<KernelVersion, { alternatives: number; alwaysSystem: number; jumps: number; hypRelocs: number }> = {
  '6.1': { alternatives: 436, alwaysSystem: 189, jumps: 14, hypRelocs: 151 },
  '6.12': { alternatives: 681, alwaysSystem: 258, jumps: 14, hypRelocs: 161 },
};

const u64 = (v: bigint) => BigInt.asUintN(64, v);

/** The kernel's formula, written out again: kern_hyp_va(lm_alias(kimg VA)). */
function expectedHypVa(w: HypWorld, kimg: bigint): bigint {
  const lm = u64((kimg - w.memory.kimageVoffset - w.memory.physOffset) | w.memory.pageOffset);
  return (lm & ((1n << BigInt(w.hyp.tagLsb)) - 1n)) | (w.hyp.tagVal << BigInt(w.hyp.tagLsb));
}

function wordsOf(text: string): number[] {
  const o = gnuAssemble(`.text\n${text}\n`);
  const b = o.sections.find((s) => s.name === '.text')!.bytes;
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  return Array.from({ length: b.length / 4 }, (_, i) => view.getUint32(i * 4, true));
}

const movq = (r: string, v: bigint, n = 4) =>
  [`movz ${r}, #0x${(v & 0xffffn).toString(16)}`, ...[16, 32, 48].slice(0, n - 1).map((s) => `movk ${r}, #0x${((v >> BigInt(s)) & 0xffffn).toString(16)}, lsl #${s}`)];

/** What each callback must leave, by the kernel's C, as assembly text (undefined: unchanged). */
function intended(w: HypWorld, report: BootReport, callback: string, address: bigint, before: readonly number[]): string[] | undefined {
  const rd = (i: number) => before[i] & 31;
  const x = (i: number) => `x${rd(i)}`;
  const { tagLsb, tagVal } = w.hyp;
  switch (callback) {
    case 'alt_cb_patch_nops':
      return before.map(() => 'nop');
    case 'kvm_update_va_mask':
      return [
        `and ${x(0)}, ${x(0)}, #0x${((1n << BigInt(tagLsb)) - 1n).toString(16)}`,
        `ror ${x(1)}, ${x(1)}, #${tagLsb}`,
        `add ${x(2)}, ${x(2)}, #0x${(tagVal & 0xfffn).toString(16)}`,
        `add ${x(3)}, ${x(3)}, #0x${((tagVal >> 12n) & 0xfffn).toString(16)}, lsl #12`,
        `ror ${x(4)}, ${x(4)}, #${64 - tagLsb}`,
      ];
    case 'kvm_patch_vector_branch': {
      const vector = expectedHypVa(w, w.image.address(`${w.tree.symbolPrefix}__kvm_hyp_vector`));
      return [...movq('x0', (vector | (address & 0x780n)) + 8n, 3), 'br x0'];
    }
    case 'kvm_get_kimage_voffset':
      return movq(x(0), w.memory.kimageVoffset);
    case 'kvm_compute_final_ctr_el0':
      return movq(x(0), report.ctrEl0);
    case 'spectre_bhb_patch_loop_iter':
      // Cortex-A57 is in the kernel's k = 8 list
      return [`movz ${x(0)}, #8`];
    case 'spectre_bhb_patch_clearbhb':
      return ['nop', 'nop'];
    case 'spectre_bhb_patch_loop_mitigation_enable':
    case 'spectre_bhb_patch_wa3':
      // Spectre-v2 is not mitigated without firmware, so no BHB mitigation is enabled
      return undefined;
    default:
      throw new Error(`no expectation for ${callback}`);
  }
}

function insnAt(image: Image, address: bigint): number {
  const r = image.regions.find((x) => address >= x.address && address < x.address + BigInt(x.bytes.length))!;
  return new DataView(r.bytes.buffer, r.bytes.byteOffset).getUint32(Number(address - r.address), true);
}

function branchTarget(word: number, pc: bigint): bigint | undefined {
  const d = decode(word);
  if (!d || !['B', 'BL', 'B_cond', 'CBZ', 'CBNZ', 'TBZ', 'TBNZ'].includes(d.id)) return undefined;
  const m = /@(-?\d+)$/.exec(disassemble(word, { target: (delta) => `@${delta}` }));
  return m ? u64(pc + BigInt(m[1])) : undefined;
}

/** The program with one relocation of a section renamed to a new undefined symbol. */
function renamedReloc(program: Program, section: string, offset: number, symbol: string): Program {
  const sections = program.sections.map((sec) => (sec.name !== section ? sec : { ...sec, relocs: sec.relocs.map((r) => (r.offset === offset ? { ...r, symbol } : r)) }));
  const sym: SymbolInfo = { name: symbol, value: Long.ZERO, type: 'notype', binding: 'global', defined: false, visibility: 'default', temporary: false };
  return { ...program, sections, symbols: [...program.symbols, sym] };
}

for (const v of KERNEL_VERSIONS) {
  describe.skipIf(missingKernel(v) !== undefined)(`Linux ${v}: boot-time patching for hypsim's CPU`, () => {
    it('finds every entry of the patching tables', async () => {
      const w = await hypWorld(v);
      const e = EXPECTED[v];
      const always = w.report.alternatives.filter((a) => a.cap.name === 'ARM64_ALWAYS_SYSTEM');
      expect(w.report.alternatives.length).toBe(e.alternatives);
      expect(w.report.alternatives.length * w.tree.altInstr.size).toBe(w.program.sections.find((s) => s.name === '.altinstructions')!.bytes.length);
      expect(always.length).toBe(e.alwaysSystem);
      expect(always.every((a) => a.applied && a.entry.callback !== undefined)).toBe(true);
      expect(w.report.jumps.length).toBe(e.jumps);
      expect(w.report.hypRelocs.length).toBe(e.hypRelocs);
      expect(formatBootReport(w.report)).toContain(`Alternatives: ${e.alternatives} entries`);
    });

    it('decides the caps an ARMv8.0 Cortex-A57 has, and only those', async () => {
      const w = await hypWorld(v);
      const on = w.report.caps.filter((c) => c.on).map((c) => c.name).sort();
      const a57 = ['ARM64_ALWAYS_SYSTEM', 'ARM64_SPECTRE_V3A', 'ARM64_WORKAROUND_DEVICE_LOAD_ACQUIRE', 'ARM64_WORKAROUND_SPECULATIVE_AT'];
      // 6.12's defconfig no longer builds the A57 erratum 834220 workaround; 6.12 names HAS_FPSIMD
      expect(on).toEqual((v === '6.1' ? [...a57, 'ARM64_WORKAROUND_834220'] : [...a57, 'ARM64_HAS_FPSIMD']).sort());
      for (const c of w.report.caps) expect(c.number).toBe(w.tree.caps.byName.get(c.name));
      const counts = capCounts(w.report);
      for (const c of counts) expect(c.applied).toBe(c.on ? c.entries : 0);
      expect(w.report.spectre.hypVectorSlot).toBe('HYP_VECTOR_INDIRECT');
      expect(w.report.spectre.v2).toBe('vulnerable');
    });

    it("leaves each callback site as the kernel's C computes it (checked with GNU as)", async () => {
      if (missingOracle({ tools: ['aarch64-linux-gnu-as'] })) return;
      const w = await hypWorld(v);
      const sites = w.report.alternatives.filter((a) => a.entry.callback !== undefined && a.applied);
      const expected: string[] = [];
      const actual: number[] = [];
      for (const s of sites) {
        const text = intended(w, w.report, s.entry.callback!, s.entry.orig, s.before);
        expected.push(...(text ?? s.before.map((x) => `.inst 0x${x.toString(16)}`)));
        actual.push(...s.after);
        for (let i = 0; i < s.after.length; i++) expect(insnAt(w.image, s.entry.orig + BigInt(4 * i))).toBe(s.after[i]);
      }
      expect(actual).toEqual(wordsOf(expected.join('\n')));
      const names = callbackCounts(w.report).map((c) => c.callback);
      expect(names).toEqual([
        'alt_cb_patch_nops', 'kvm_compute_final_ctr_el0', 'kvm_get_kimage_voffset', 'kvm_patch_vector_branch', 'kvm_update_va_mask',
        'spectre_bhb_patch_clearbhb', 'spectre_bhb_patch_loop_iter', 'spectre_bhb_patch_loop_mitigation_enable', 'spectre_bhb_patch_wa3',
      ]);
    });

    it('copies replacements with branches leaving them re-aimed, as get_alt_insn does', async () => {
      const w = await hypWorld(v);
      const replaced = w.report.alternatives.filter((a) => a.applied && a.entry.callback === undefined);
      expect(replaced.length).toBeGreaterThan(0);
      let reaimed = 0;
      for (const a of replaced) {
        for (let i = 0; i < a.after.length; i++) {
          const from = a.entry.repl + BigInt(4 * i);
          const to = a.entry.orig + BigInt(4 * i);
          const repl = insnAt(w.pristine, from);
          const target = branchTarget(repl, from);
          if (target === undefined || (target >= a.entry.repl && target <= a.entry.repl + BigInt(a.entry.altLen))) {
            expect(a.after[i]).toBe(repl);
          } else {
            expect(branchTarget(a.after[i], to)).toBe(target);
            reaimed++;
          }
        }
      }
      expect(reaimed).toBeGreaterThan(0);
    });

    it('turns every ARM64_ALWAYS_SYSTEM check that reached BUG() into straight-line code', async () => {
      const w = await hypWorld(v);
      const bug = w.tree.constants.BUG_BRK_IMM;
      const isBug = (word: number) => disassemble(word) === `brk #0x${bug.toString(16)}`;
      const always = w.report.alternatives.filter((a) => a.cap.name === 'ARM64_ALWAYS_SYSTEM');
      const toBug = (image: Image) => always.filter((a) => a.entry.callback === 'alt_cb_patch_nops' && a.before.some((_, i) => {
        const pc = a.entry.orig + BigInt(4 * i);
        const t = branchTarget(insnAt(image, pc), pc);
        return t !== undefined && isBug(insnAt(image, t));
      }));
      expect(toBug(w.pristine).length).toBeGreaterThan(0);
      for (const a of always) {
        for (let i = 0; i < a.after.length; i++) {
          const pc = a.entry.orig + BigInt(4 * i);
          const t = branchTarget(insnAt(w.image, pc), pc);
          if (t !== undefined) expect(isBug(insnAt(w.image, t)), `${a.site} branches to BUG()`).toBe(false);
        }
      }
      expect(toBug(w.image)).toEqual([]);
    });

    it('runs kern_hyp_va as patched on the machine: kernel VAs become the layout\'s hyp VAs', async () => {
      const w = await hypWorld(v);
      const text = w.image.regions.find((r) => r.name === '.hyp.text')!;
      const hypText = expectedHypVa(w, text.address);
      const m = createMachine();
      m.memory.map('hyp-text', hypText, text.bytes.length, { perms: READ | EXEC });
      m.memory.writeBytes(hypText, text.bytes);
      const sites = w.report.alternatives.filter((a) => a.entry.callback === 'kvm_update_va_mask');
      expect(sites.length).toBeGreaterThan(0);
      const kimgs = [text.address, w.image.address(`${w.tree.symbolPrefix}__kvm_hyp_vector`), w.image.regions.find((r) => r.name === '.hyp.bss')!.address + 0x10n];
      for (const s of sites) {
        const rd = s.before[0] & 31;
        for (const kimg of kimgs) {
          const lm = u64((kimg - w.memory.kimageVoffset - w.memory.physOffset) | w.memory.pageOffset);
          m.setEl(2);
          m.pc = expectedHypVa(w, s.entry.orig);
          m.setX(rd, lm);
          const r = m.run({ maxSteps: 5 });
          expect(r.reason, r.message).toBe('steps');
          expect(m.x(rd), `${s.site} on 0x${lm.toString(16)}`).toBe(expectedHypVa(w, kimg));
        }
      }
    });

    it('sets the static keys as the host does: the GICv3 CPU-interface key on, the rest off', async () => {
      const w = await hypWorld(v);
      const keys = Object.fromEntries(w.report.keys.map((k) => [k.key, k.on]));
      expect(keys).toEqual({
        'kvm_vgic_global_state.gicv3_cpuif': true,
        vgic_v3_cpuif_trap: false,
        vgic_v2_cpuif_trap: false,
        kvm_arm_pmu_available: false,
        kvm_protected_mode_initialized: false,
      });
      for (const j of w.report.jumps) {
        expect(insnAt(w.image, j.entry.code)).toBe(j.after);
        if (j.enabled) {
          expect(j.before).toBe(wordsOf('nop')[0]);
          expect(branchTarget(j.after, j.entry.code)).toBe(j.entry.target);
        } else {
          // a key the host leaves off keeps the instruction the compiler wrote
          expect(j.after).toBe(j.before);
        }
      }
      expect(w.report.jumps.filter((j) => j.enabled).length).toBe(2);
    });

    it('flips the sites of a key the host turns on', async () => {
      const w = await hypWorld(v);
      const image = linkHypImage(w.program, w.placement);
      const report = bootPatch(image, { tree: w.tree, memory: w.memory, hyp: w.hyp, host: { ...DEFAULT_HOST, pmu: true } });
      const pmu = report.jumps.filter((j) => j.entry.keyName === 'kvm_arm_pmu_available');
      expect(pmu.length).toBeGreaterThan(0);
      for (const j of pmu) {
        const off = w.report.jumps.find((x) => x.entry.code === j.entry.code)!;
        expect(j.after).not.toBe(off.after);
        expect(j.type).toBe(j.entry.branch ? 'nop' : 'jmp');
      }
    });

    it('refuses a callback or a static key it does not know, naming it and the site', async () => {
      const w = await hypWorld(v);
      const prefix = w.tree.symbolPrefix;
      const cb = w.report.alternatives.find((a) => a.entry.callback === 'kvm_update_va_mask')!;
      const altOff = Number(cb.entry.address - w.image.regions.find((r) => r.name === '.altinstructions')!.address) + w.tree.altInstr.altOffset.offset;
      const p1 = renamedReloc(w.program, '.altinstructions', altOff, `${prefix}kvm_made_up_callback`);
      const run = (p: Program) => bootPatch(link([p], kernelImageLayout(p, w.tree.constants.KIMAGE_VADDR, prefix)), { tree: w.tree, memory: w.memory, hyp: w.hyp });
      expect(() => run(p1)).toThrow(`boot: alternative callback 'kvm_made_up_callback' at ${cb.site} is not one hypsim knows`);
      const j = w.report.jumps[0];
      const keyOff = Number(j.entry.address - w.image.regions.find((r) => r.name === '__jump_table')!.address) + w.tree.jumpEntry.key.offset;
      const p2 = renamedReloc(w.program, '__jump_table', keyOff, `${prefix}made_up_key`);
      expect(() => run(p2)).toThrow(/does not know how the host sets static key made_up_key/);
    });

    it('lays out the per-CPU data as the host does: TPIDR_EL2 reaches the copy from the template', async () => {
      const w = await hypWorld(v);
      const image = linkHypImage(w.program, w.placement);
      bootPatch(image, { tree: w.tree, memory: w.memory, hyp: w.hyp });
      const base = u64((0x50000000n - w.memory.physOffset) | w.memory.pageOffset);
      const pc = hypPercpu(image, w.tree.symbolPrefix, w.memory, w.tree.constants.PAGE_SIZE, [base]);
      const section = image.regions.find((r) => r.name === '.hyp.data..percpu')!;
      expect(Buffer.from(pc.template).equals(Buffer.from(section.bytes.subarray(0, pc.template.length)))).toBe(true);
      expect(pc.allocation).toBe(v === '6.12' ? 0x4000n : 0x2000n);
      const sym = image.address(`${w.tree.symbolPrefix}kvm_host_data`);
      // adr_l at EL2 gives the template's hyp VA; adding TPIDR_EL2 must give the copy's hyp VA
      const copy = base + (sym - pc.start);
      const hypCopy = (copy & ((1n << BigInt(w.hyp.tagLsb)) - 1n)) | (w.hyp.tagVal << BigInt(w.hyp.tagLsb));
      expect(u64(expectedHypVa(w, sym) + pc.copies[0].tpidrEl2)).toBe(hypCopy);
      // 6.12 keeps kvm_arm_hyp_percpu_base in the hypervisor, 6.1 in the kernel
      expect(pc.baseArray.inImage).toBe(v === '6.12');
      if (pc.baseArray.inImage) expect(insnAt(image, pc.baseArray.address)).toBe(Number(base & 0xffffffffn));
    });

    it("patches hypsim's own assembly of the hypervisor to the same bytes", async () => {
      const w = await hypWorld(v);
      const own = await hypsimHypProgram(w.build);
      const image = link([own], kernelImageLayout(own, w.tree.constants.KIMAGE_VADDR, w.tree.symbolPrefix));
      const report = bootPatch(image, { tree: w.tree, memory: w.memory, hyp: w.hyp });
      expect(report.alternatives.filter((a) => a.applied).length).toBe(w.report.alternatives.filter((a) => a.applied).length);
      expect(image.regions.map((r) => [r.name, r.address])).toEqual(w.image.regions.map((r) => [r.name, r.address]));
      for (const r of image.regions) expect(Buffer.from(r.bytes).equals(Buffer.from(w.image.regions.find((x) => x.name === r.name)!.bytes)), r.name).toBe(true);
    }, 600_000);

    it('converts every .hyp.reloc word to the hyp VA of the hypervisor address it held', async () => {
      const w = await hypWorld(v);
      const hypRegions = w.image.regions.filter((r) => r.name.startsWith('.hyp.') || r.name === '__kvm_ex_table');
      const inHyp = (a: bigint) => hypRegions.some((r) => a >= r.address && a < r.address + BigInt(r.bytes.length));
      const view = (a: bigint) => {
        const r = w.image.regions.find((x) => a >= x.address && a < x.address + BigInt(x.bytes.length))!;
        return new DataView(r.bytes.buffer, r.bytes.byteOffset).getBigUint64(Number(a - r.address), true);
      };
      for (const r of w.report.hypRelocs) {
        expect(inHyp(r.place)).toBe(true);
        expect(inHyp(r.before), `${r.site} holds ${r.target}`).toBe(true);
        expect(view(r.place)).toBe(r.after);
        expect(r.after).toBe(expectedHypVa(w, r.before));
      }
    });
  });
}
