// Choices the host kernel makes at boot that the CPU's registers do not decide: how KVM runs
// (the kernel command line's kvm-arm.mode) and which devices the host describes to its drivers.
export interface BootHost {
  /** kvm-arm.mode: hypsim runs the nVHE hypervisor (no hVHE, no protected mode). */
  readonly kvmMode: 'nvhe';
  /**
   * An arm_pmu driver registers with KVM (kvm_host_pmu_init enables kvm_arm_pmu_available). Off:
   * hypsim's machine describes no PMU device to the host and models no PMU registers.
   */
  readonly pmu: boolean;
}

export const DEFAULT_HOST: BootHost = { kvmMode: 'nvhe', pmu: false };
