// System registers the real hyp files touch (shared/reference: v4.0 §5.1, 6.1 §9) and the common
// EL0–EL2 architectural registers; every one must be in src/a64/sysregs.ts.
const range = (pattern: string, n: number) => Array.from({ length: n }, (_, i) => pattern.replace('#', String(i)));

export const LINUX_V40_SYSREGS: readonly string[] = [
  'actlr_el1', 'afsr0_el1', 'afsr1_el1', 'amair_el1', 'cnthctl_el2', 'cntkctl_el1', 'cntv_ctl_el0', 'cntv_cval_el0',
  'cntvoff_el2', 'contextidr_el1', 'cpacr_el1', 'cptr_el2', 'csselr_el1', 'dacr32_el2',
  ...range('dbgbcr#_el1', 16), ...range('dbgbvr#_el1', 16), ...range('dbgwcr#_el1', 16), ...range('dbgwvr#_el1', 16),
  'dbgvcr32_el2', 'elr_el1', 'elr_el2', 'esr_el1', 'esr_el2', 'far_el1', 'far_el2', 'fpcr', 'fpexc32_el2', 'fpsr',
  'hcr_el2', 'hpfar_el2', 'hstr_el2', 'id_aa64dfr0_el1', 'id_aa64mmfr0_el1', 'id_pfr0_el1', 'ifsr32_el2', 'mair_el1',
  'mair_el2', 'mdccint_el1', 'mdcr_el2', 'mdscr_el1', 'par_el1', 'sctlr_el1', 'sctlr_el2', 'sp_el0', 'sp_el1',
  'spsr_abt', 'spsr_el1', 'spsr_el2', 'spsr_fiq', 'spsr_irq', 'spsr_und', 'tcr_el1', 'tcr_el2', 'teecr32_el1',
  'teehbr32_el1', 'tpidr_el0', 'tpidr_el1', 'tpidr_el2', 'tpidrro_el0', 'ttbr0_el1', 'ttbr0_el2', 'ttbr1_el1',
  'vbar_el1', 'vbar_el2', 'vmpidr_el2', 'vtcr_el2', 'vttbr_el2',
  'ich_hcr_el2', 'ich_vtr_el2', 'ich_misr_el2', 'ich_eisr_el2', 'ich_elrsr_el2', 'ich_vmcr_el2',
  ...range('ich_lr#_el2', 16), ...range('ich_ap0r#_el2', 4), ...range('ich_ap1r#_el2', 4), 'icc_sre_el2', 'icc_sre_el1',
];

export const LINUX_61_SYSREGS: readonly string[] = [
  'apiakeylo_el1', 'apiakeyhi_el1', 'apibkeylo_el1', 'apibkeyhi_el1', 'apdakeylo_el1', 'apdakeyhi_el1',
  'apdbkeylo_el1', 'apdbkeyhi_el1', 'apgakeylo_el1', 'apgakeyhi_el1', 'disr_el1', 'gcr_el1', 'rgsr_el1', 'isr_el1',
  'hafgrtr_el2', 'hdfgrtr_el2', 'hdfgwtr_el2', 'hfgitr_el2', 'hfgrtr_el2', 'hfgwtr_el2', 'lorc_el1', 'pmscr_el2',
  'vpidr_el2', 'vmpidr_el2', 'currentel', 'id_aa64mmfr1_el1', 'id_aa64pfr0_el1', 'id_aa64pfr1_el1', 'midr_el1',
  'mpidr_el1', 'pmbidr_el1', 'pmcr_el0', 'trbidr_el1', 'zcr_el1', 'zcr_el2', 'cpacr_el12', 'hcrx_el2', 'smcr_el2',
  'smprimap_el2', 'sctlr_el12', 'tcr_el12', 'ttbr0_el12', 'ttbr1_el12', 'esr_el12', 'far_el12', 'afsr0_el12',
  'afsr1_el12', 'mair_el12', 'amair_el12', 'vbar_el12', 'contextidr_el12', 'cntkctl_el12', 'elr_el12', 'spsr_el12',
  'zcr_el12', 'mdscr_el1', 'oslar_el1',
];

export const COMMON_SYSREGS: readonly string[] = [
  'cntfrq_el0', 'cntpct_el0', 'cntvct_el0', 'cntp_ctl_el0', 'cntp_cval_el0', 'cntp_tval_el0', 'cntv_tval_el0',
  'cnthp_ctl_el2', 'cnthp_cval_el2', 'cnthp_tval_el2', 'revidr_el1', 'ctr_el0', 'dczid_el0', 'clidr_el1',
  'ccsidr_el1', 'daif', 'nzcv', 'spsel', 'id_aa64dfr1_el1', 'id_aa64isar0_el1', 'id_aa64isar1_el1',
  'id_aa64mmfr2_el1', 'id_aa64afr0_el1', 'id_aa64afr1_el1', 'id_aa64zfr0_el1', 'amair_el2', 'afsr0_el2',
  'afsr1_el2', 'actlr_el2', 'sp_el2', 'pmccntr_el0', 'pmuserenr_el0', 'pmselr_el0', 'pmcntenset_el0',
  'pmovsclr_el0', 'pmintenset_el1', 'oslsr_el1', 'osdlr_el1', 'dbgprcr_el1', 'mdccsr_el0', 'dbgdtr_el0',
  'dbgdtrrx_el0', 'dbgdtrtx_el0', 'dbgclaimset_el1', 'rvbar_el1', 'rmr_el1', 'dspsr_el0', 'dlr_el0',
  'vsesr_el2', 'vdisr_el2', 'erridr_el1', 'errselr_el1', 'aidr_el1', 'id_isar0_el1', 'id_mmfr0_el1', 'mvfr0_el1',
  'pan', 'uao', 'dit', 'ssbs', 'tco', 'icc_pmr_el1', 'icc_iar1_el1', 'icc_eoir1_el1', 'icc_sgi1r_el1', 'icc_igrpen1_el1',
];

export const REQUIRED_SYSREGS: readonly string[] = [...new Set([...LINUX_V40_SYSREGS, ...LINUX_61_SYSREGS, ...COMMON_SYSREGS])];
