// The boot tables on their own: generated-header reading, MIDR ranges, the capability rules on
// other CPUs, the Spectre decisions, the static-key rows, the VA layout formulas, and that every
// name a table uses exists in the trees.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sysregByName, type SysregEncoding } from '../../src/a64/index.js';
import { capContext, decideCap, decideCaps, DECIDABLE_CAPS } from '../../src/boot/capabilities.js';
import { CPU_FEATURES } from '../../src/boot/cpu-features.js';
import { cpucapsFromHeader } from '../../src/boot/cpucaps.js';
import { hypsimCpu, type BootCpu } from '../../src/boot/cpu.js';
import { ERRATA } from '../../src/boot/errata.js';
import { DEFAULT_HOST } from '../../src/boot/host.js';
import { defineValue, parseDefines } from '../../src/boot/kernel-defines.js';
import { kernelMemory } from '../../src/boot/kernel-memory.js';
import { allVersions, kryo, midrInRange, midrRange, rev } from '../../src/boot/midr.js';
import { sanitisedCtrEl0 } from '../../src/boot/sanitised.js';
import { STATIC_KEYS } from '../../src/boot/static-key-table.js';
import { structMembers, type BootTree } from '../../src/boot/tree.js';
import { earlyKernHypVa, kvmComputeLayout, lmAlias, type KernelMemory } from '../../src/boot/va-layout.js';
import { evaluateRule, type CapRule } from '../../src/boot/cap-rules.js';
import { KERNEL_VERSIONS, missingKernel } from '../helpers/kernel-builds.js';
import { hypWorld } from '../helpers/hyp-image.js';

describe('generated headers', () => {
  it('reads the values gen-sysreg and gen-cpucaps write', () => {
    const d = parseDefines('#define A UL(0b0010)\n#define B GENMASK(23, 20)\n# define C\t 12\n#define D (ULL(0x10))\n#define E foo(1)\n');
    expect([...d.keys()]).toEqual(['A', 'B', 'C', 'D', 'E']);
    expect(['A', 'B', 'C', 'D', 'E'].map((k) => defineValue(d.get(k)!))).toEqual([2n, 0xf00000n, 12n, 0x10n, undefined]);
  });

  it('takes cap numbers from a cpucaps header and refuses one without ARM64_NCAPS', () => {
    const caps = cpucapsFromHeader('h', '#define ARM64_ALWAYS_BOOT\t0\n#define ARM64_ALWAYS_SYSTEM 1\n#define ARM64_NCAPS 2\n');
    expect(caps.byName.get('ARM64_ALWAYS_SYSTEM')).toBe(1);
    expect(caps.byNumber.get(0)).toBe('ARM64_ALWAYS_BOOT');
    expect(caps.count).toBe(2);
    expect(() => cpucapsFromHeader('h', '#define ARM64_X 1\n')).toThrow(/no ARM64_NCAPS/);
  });

  it('reads struct members from a header, comments and arrays aside', () => {
    expect(structMembers('struct alt_instr {\n\ts32 orig_offset;\t/* x; */\n\tu16 cpucap; // y\n\tu8 a[2];\n};', 'alt_instr')).toEqual(['orig_offset', 'cpucap', 'a']);
  });
});

describe('MIDR ranges (is_midr_in_range)', () => {
  const models = new Map([['MIDR_CORTEX_A57', 0x410fd070], ['MIDR_QCOM_KRYO', 0x510f2000]]);
  it('compares model, then variant and revision', () => {
    const r = midrRange('MIDR_CORTEX_A57', 0, 0, 1, 2);
    expect(midrInRange(0x411fd070, models, r)).toBe(true); // r1p0
    expect(midrInRange(0x411fd072, models, r)).toBe(true); // r1p2
    expect(midrInRange(0x411fd073, models, r)).toBe(false); // r1p3
    expect(midrInRange(0x412fd070, models, r)).toBe(false); // r2p0
    expect(midrInRange(0x411fd080, models, allVersions('MIDR_CORTEX_A57'))).toBe(false); // A72
    expect(midrInRange(0x41ffd07f, models, allVersions('MIDR_CORTEX_A57'))).toBe(true);
    expect(midrInRange(0x410fd070, models, rev('MIDR_CORTEX_A57', 0, 1))).toBe(false);
  });
  it("matches Kryo by the part number's top nibble, and never a model the tree lacks", () => {
    expect(midrInRange(0x510f2110, models, kryo('MIDR_QCOM_KRYO'))).toBe(true);
    expect(midrInRange(0x510f3000, models, kryo('MIDR_QCOM_KRYO'))).toBe(false);
    expect(midrInRange(0x410fd070, models, allVersions('MIDR_NOT_IN_TREE'))).toBe(false);
  });
});

/** hypsim's CPU with some registers replaced (by kernel name). */
function cpuWith(tree: BootTree, regs: Record<string, bigint>): BootCpu {
  const base = hypsimCpu();
  const key = (e: SysregEncoding) => `${e.op0}.${e.op1}.${e.crn}.${e.crm}.${e.op2}`;
  const over = new Map(Object.entries(regs).map(([name, v]) => {
    const r = sysregByName(name.toLowerCase());
    return [key(tree.fields.encoding(name) ?? r!), v];
  }));
  return { ...base, name: 'test CPU', read: (e) => over.get(key(e)) ?? base.read(e) };
}

for (const v of KERNEL_VERSIONS) {
  describe.skipIf(missingKernel(v) !== undefined)(`Linux ${v}: the tables against the tree`, () => {
    it('names only caps, fields, values, options and models the tree has', async () => {
      const { tree, build } = await hypWorld(v);
      const cputype = readFileSync(join(build.srcDir, 'arch/arm64/include/asm/cputype.h'), 'utf8');
      const fieldsOf = (r: CapRule): { reg: string; field: string; min: string }[] =>
        r.kind === 'field' ? [r] : r.kind === 'any' || r.kind === 'all' ? r.rules.flatMap(fieldsOf) : r.kind === 'not' ? fieldsOf(r.rule) : [];
      const rows = [...CPU_FEATURES, ...ERRATA].filter((row) => tree.caps.byName.has(row.cap));
      expect(rows.length).toBeGreaterThan(30);
      for (const row of rows) {
        if (row.config) expect(row.config).toMatch(/^CONFIG_\w+$/);
        for (const f of fieldsOf(row.rule)) {
          if (!tree.fields.has(f.reg, f.field) && f.reg.startsWith('ID_AA64')) continue; // a field the tree's kernel predates: its cap is not there either
          expect(() => tree.fields.field(f.reg, f.field), `${row.cap}: ${f.reg}.${f.field}`).not.toThrow();
          if (!/^\d+$/.test(f.min)) expect(() => tree.fields.value(f.reg, f.field, f.min), `${row.cap}: ${f.reg}.${f.field} ${f.min}`).not.toThrow();
        }
      }
      // every model of the A57's own rows is in the tree
      expect(cputype).toMatch(/#define MIDR_CORTEX_A57\b/);
      expect(tree.models.get('MIDR_CORTEX_A57')).toBe(0x410fd070);
      for (const k of STATIC_KEYS) if (k.member) expect(tree.keyMembers.has(`${k.symbol}.${k.member.field}`)).toBe(true);
    });

    it('decides caps for other CPUs as cpufeature.c would', async () => {
      const { tree } = await hypWorld(v);
      const decide = (cpu: BootCpu, cap: string) => decideCap(cap, capContext(tree, cpu, DEFAULT_HOST), tree);
      const lse = cpuWith(tree, { ID_AA64ISAR0_EL1: 0x00211120n });
      expect(decide(lse, 'ARM64_HAS_LSE_ATOMICS').on).toBe(true);
      expect(decide(hypsimCpu(), 'ARM64_HAS_LSE_ATOMICS').on).toBe(false);
      // FP is a signed field: 0xf is "not implemented"
      const noFp = cpuWith(tree, { ID_AA64PFR0_EL1: 0x010f2222n });
      const fpCap = tree.caps.byName.has('ARM64_HAS_FPSIMD') ? 'ARM64_HAS_FPSIMD' : 'ARM64_HAS_NO_FPSIMD';
      expect(decide(noFp, fpCap).on).toBe(fpCap === 'ARM64_HAS_NO_FPSIMD');
      expect(decide(hypsimCpu(), fpCap).on).toBe(fpCap === 'ARM64_HAS_FPSIMD');
      // an A57 r1p3 is past erratum 832075; an A72 is not affected by it, but is by 1319367
      expect(decide(cpuWith(tree, { MIDR_EL1: 0x411fd073n }), 'ARM64_WORKAROUND_DEVICE_LOAD_ACQUIRE').on).toBe(false);
      const a72 = cpuWith(tree, { MIDR_EL1: 0x410fd080n });
      expect(decide(a72, 'ARM64_WORKAROUND_DEVICE_LOAD_ACQUIRE').on).toBe(false);
      expect(decide(a72, 'ARM64_WORKAROUND_SPECULATIVE_AT').on).toBe(true);
      expect(decide(cpuWith(tree, { MIDR_EL1: 0x410fd034n }), 'ARM64_WORKAROUND_SPECULATIVE_AT').on).toBe(false); // A53
      // a CPU with PAuth
      expect(decide(cpuWith(tree, { ID_AA64ISAR1_EL1: 0x10n }), 'ARM64_HAS_ADDRESS_AUTH').on).toBe(true);
    });

    it('makes the Spectre decisions of proton-pack.c', async () => {
      const { tree } = await hypWorld(v);
      const state = (cpu: BootCpu) => capContext(tree, cpu, DEFAULT_HOST).spectre;
      const a57 = state(hypsimCpu());
      expect([a57.caps.v2.on, a57.caps.v3a.on, a57.caps.bhb.on, a57.v2, a57.bhb.loopK, a57.bhb.mitigations]).toEqual([true, true, true, 'vulnerable', 8, []]);
      // an A76 is not Spectre-v3a, and has k = 24; with CSV2 set it is Spectre-v2 safe
      const a76 = state(cpuWith(tree, { MIDR_EL1: 0x414fd0b0n, ID_AA64PFR0_EL1: 0x1100000001002222n }));
      expect([a76.caps.v2.on, a76.caps.v3a.on, a76.v2, a76.bhb.loopK, a76.hypVectorSlot]).toEqual([false, false, 'unaffected', 24, 'HYP_VECTOR_INDIRECT']);
      expect(a76.bhb.mitigations).toEqual(['loop']);
      // an A53 is on every safe list
      const a53 = state(cpuWith(tree, { MIDR_EL1: 0x410fd034n }));
      expect([a53.caps.v2.on, a53.caps.bhb.on, a53.hypVectorSlot]).toEqual([false, false, 'HYP_VECTOR_DIRECT']);
    });

    it('sets the static keys from the CPU and the host', async () => {
      const { tree } = await hypWorld(v);
      const gicRow = STATIC_KEYS.find((k) => k.member?.field === 'gicv3_cpuif')!;
      const ctxOf = (cpu: BootCpu, host = DEFAULT_HOST) => {
        const c = capContext(tree, cpu, host);
        return { host, cap: (n: string) => decideCap(n, c, tree), rule: (r: CapRule) => evaluateRule(r, c) };
      };
      expect(gicRow.decide(ctxOf(hypsimCpu())).on).toBe(true);
      expect(gicRow.decide(ctxOf(cpuWith(tree, { ID_AA64PFR0_EL1: 0x00002222n }))).on).toBe(false);
      const pmu = STATIC_KEYS.find((k) => k.symbol === 'kvm_arm_pmu_available')!;
      expect(pmu.decide(ctxOf(hypsimCpu(), { ...DEFAULT_HOST, pmu: true })).on).toBe(true);
      const trap = STATIC_KEYS.find((k) => k.symbol === 'vgic_v3_cpuif_trap')!;
      expect(trap.decide(ctxOf(cpuWith(tree, { MIDR_EL1: 0x430f0a10n }))).on).toBe(tree.caps.byName.has('ARM64_WORKAROUND_CAVIUM_30115')); // ThunderX pass 1.0
    });

    it('refuses a cap the tables do not decide, naming it', async () => {
      const { tree } = await hypWorld(v);
      const ctx = capContext(tree, hypsimCpu(), DEFAULT_HOST);
      const unknown = [...tree.caps.byName].find(([name]) => !DECIDABLE_CAPS.includes(name))!;
      expect(() => decideCaps([1, unknown[1]], ctx, tree)).toThrow(new RegExp(`does not know how the kernel decides: ${unknown[0]}$`));
      expect(() => decideCaps([tree.caps.count + 5], ctx, tree)).toThrow(/is not in/);
    });

    it("computes the kernel's memory map and hyp VA layout", async () => {
      const { tree, memory, hyp } = await hypWorld(v);
      const m = kernelMemory(tree, hypsimCpu(), { dramStart: 0x40000000n, kernelPa: 0x40200000n, kimageVaddr: tree.constants.KIMAGE_VADDR });
      expect(m.vabitsActual).toBe(48);
      // the linear map starts at _PAGE_OFFSET(48) whatever VA_BITS is (52-bit configs move memstart_addr)
      expect(lmAlias(m, tree.constants.KIMAGE_VADDR)).toBe(0xffff000000200000n);
      expect(memory).toEqual(m);
      expect(hyp.tagLsb).toBe(30);
      expect(hyp.tagVal >> 17n).toBe(1n); // hyp_va_msb = bit 47, above the random bits 46..30
      expect(sanitisedCtrEl0(hypsimCpu(), tree.fields)).toBe(0x8444c004n);
    });
  });
}

describe('the hyp VA layout (kvm_compute_layout, __early_kern_hyp_va)', () => {
  const mem: KernelMemory = { pageOffset: 0xffff000000000000n, physOffset: 0x40000000n, kimageVoffset: 0xffff7fffc7e00000n };
  it('puts the tag above the linear offset of all DRAM', () => {
    const l = kvmComputeLayout(mem, { vabitsActual: 48, idmapPa: 0x40210000n, dramStart: 0x40000000n, dramEnd: 0x80000000n });
    expect(l).toEqual({ tagLsb: 30, tagVal: 1n << 17n });
    expect(earlyKernHypVa(l, 0xffff000012345678n)).toBe(0x800012345678n);
    // with the idmap in the upper half of the VA range the hyp VAs go to the lower half
    expect(kvmComputeLayout(mem, { vabitsActual: 48, idmapPa: 1n << 47n, dramStart: 0x40000000n, dramEnd: 0x80000000n }).tagVal).toBe(0n);
    // random bits only between tag_lsb and vabits-2
    const r = kvmComputeLayout(mem, { vabitsActual: 48, idmapPa: 0x40210000n, dramStart: 0x40000000n, dramEnd: 0x80000000n, random: -1n });
    expect(r.tagVal).toBe((1n << 18n) - 1n);
  });
});
