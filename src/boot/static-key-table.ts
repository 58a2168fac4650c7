// The static keys the nVHE hypervisors branch on, and how the host sets each for this machine
// (where the kernel enables it: vgic-init.c, vgic-v3.c, vgic-v2.c, pmu-emul.c, pkvm.c). A key
// that is a struct member is named `symbol.field`; its offset comes from the tree.
import type { CapRule, Decision } from './cap-rules.js';
import type { BootHost } from './host.js';
import { allVersions } from './midr.js';

export interface KeyContext {
  readonly host: BootHost;
  readonly cap: (name: string) => Decision;
  readonly rule: (rule: CapRule) => Decision;
}

export interface StaticKeyRow {
  /** The key's symbol as the kernel names it (without the hypervisor's symbol prefix). */
  readonly symbol: string;
  readonly member?: { readonly type: string; readonly field: string };
  readonly decide: (ctx: KeyContext) => Decision;
}

const GICV3: CapRule = { kind: 'field', reg: 'ID_AA64PFR0_EL1', field: 'GIC', min: 'IMP' };

const BROKEN_SEIS: CapRule = {
  kind: 'midr',
  groups: [{
    ranges: [
      'MIDR_APPLE_M1_ICESTORM', 'MIDR_APPLE_M1_FIRESTORM', 'MIDR_APPLE_M1_ICESTORM_PRO', 'MIDR_APPLE_M1_FIRESTORM_PRO', 'MIDR_APPLE_M1_ICESTORM_MAX',
      'MIDR_APPLE_M1_FIRESTORM_MAX', 'MIDR_APPLE_M2_BLIZZARD', 'MIDR_APPLE_M2_AVALANCHE', 'MIDR_APPLE_M2_BLIZZARD_PRO', 'MIDR_APPLE_M2_AVALANCHE_PRO',
      'MIDR_APPLE_M2_BLIZZARD_MAX', 'MIDR_APPLE_M2_AVALANCHE_MAX',
    ].map(allVersions),
  }],
};

export const KEY_MIDR_RULES: readonly CapRule[] = [BROKEN_SEIS];

function gicv3(ctx: KeyContext): Decision {
  const d = ctx.rule(GICV3);
  return { on: d.on, why: d.on ? `the host's GIC is a GICv3 with the system-register CPU interface (${d.why})` : `no GICv3 CPU interface (${d.why})` };
}

export const STATIC_KEYS: readonly StaticKeyRow[] = [
  {
    symbol: 'kvm_vgic_global_state',
    member: { type: 'struct vgic_global', field: 'gicv3_cpuif' },
    decide: (ctx) => {
      const g = gicv3(ctx);
      return { on: g.on, why: g.on ? `vgic_v3_probe succeeds: ${g.why}` : g.why };
    },
  },
  {
    symbol: 'vgic_v3_cpuif_trap',
    decide: (ctx) => {
      const g = gicv3(ctx);
      if (!g.on) return { on: false, why: g.why };
      const cavium = ctx.cap('ARM64_WORKAROUND_CAVIUM_30115');
      const seis = ctx.rule(BROKEN_SEIS);
      const on = cavium.on || seis.on;
      return { on, why: `vgic_v3_probe traps the CPU interface only for Cavium erratum 30115 (${cavium.why}) or broken SEIS (${seis.why}); no kvm-arm.vgic_v3_*_trap on the command line` };
    },
  },
  {
    symbol: 'vgic_v2_cpuif_trap',
    decide: (ctx) => {
      const g = gicv3(ctx);
      return { on: false, why: g.on ? 'vgic_v2_probe does not run: the GIC is a GICv3' : 'no GICv2 CPU interface region is described to the host' };
    },
  },
  {
    symbol: 'kvm_arm_pmu_available',
    decide: ({ host }) => ({ on: host.pmu, why: host.pmu ? 'an arm_pmu registers with KVM (kvm_host_pmu_init)' : 'no PMU is described to the host, so kvm_host_pmu_init never runs' }),
  },
  {
    symbol: 'kvm_protected_mode_initialized',
    decide: ({ host }) => ({ on: false, why: `kvm-arm.mode=${host.kvmMode}: pKVM is never initialised (finalize_pkvm)` }),
  },
];
