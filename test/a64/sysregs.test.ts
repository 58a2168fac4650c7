// The system-register and SYS-operation tables: completeness for the real hyp files, lookups,
// the generic spelling, EL/access/reset facts, and agreement with GNU as.
import { describe, expect, it } from 'vitest';
import {
  SYSOPS, SYSREGS, formatGenericSysreg, parseGenericSysreg, parseSysreg, sysopByName, sysregAt, sysregByName, sysregsAt,
} from '../../src/a64/index.js';
import { hasFeature, parseArchitecture, parseCpu, type FeatureSet } from '../../src/a64/features.js';
import { missingOracle } from '../helpers/oracles.js';
import { GAS_TOOLS, gasWords, hex } from './helpers.js';
import { LINUX_61_SYSREGS, LINUX_V40_SYSREGS, REQUIRED_SYSREGS } from './required-sysregs.js';

describe('system register table', () => {
  it('holds every register the v4.0 and 6.1 hyp files touch, and the common EL0–EL2 ones', () => {
    expect(LINUX_V40_SYSREGS.length).toBeGreaterThan(130);
    expect(LINUX_61_SYSREGS.length).toBeGreaterThan(50);
    expect(REQUIRED_SYSREGS.filter((n) => !sysregByName(n))).toEqual([]);
  });

  it('looks names up case-insensitively and encodings up by direction', () => {
    expect(sysregByName('ID_AA64MMFR0_EL1')).toMatchObject({ op0: 3, op1: 0, crn: 0, crm: 7, op2: 0 });
    expect(sysregByName('CurrentEL')?.name).toBe('currentel');
    expect(sysregByName('SPsel')?.name).toBe('spsel');
    expect(sysregAt({ op0: 3, op1: 4, crn: 12, crm: 9, op2: 5 }, 'read')?.name).toBe('icc_sre_el2');
    expect(sysregAt({ op0: 2, op1: 3, crn: 0, crm: 5, op2: 0 }, 'read')?.name).toBe('dbgdtrrx_el0');
    expect(sysregAt({ op0: 2, op1: 3, crn: 0, crm: 5, op2: 0 }, 'write')?.name).toBe('dbgdtrtx_el0');
    expect(sysregsAt({ op0: 3, op1: 7, crn: 15, crm: 15, op2: 7 })).toEqual([]);
  });

  it('parses and formats the generic spelling', () => {
    expect(parseGenericSysreg('S3_4_C12_C9_5')).toEqual({ op0: 3, op1: 4, crn: 12, crm: 9, op2: 5 });
    expect(parseGenericSysreg('s3_0_c16_c0_0')).toBeUndefined();
    expect(parseSysreg('s2_3_c0_c5_0')).toEqual({ op0: 2, op1: 3, crn: 0, crm: 5, op2: 0 });
    expect(formatGenericSysreg({ op0: 3, op1: 0, crn: 1, crm: 2, op2: 0 })).toBe('s3_0_c1_c2_0');
    for (const r of SYSREGS) expect(parseGenericSysreg(formatGenericSysreg(r))).toEqual({ op0: r.op0, op1: r.op1, crn: r.crn, crm: r.crm, op2: r.op2 });
  });

  it('knows minimum EL, access and reset values', () => {
    const el = (n: string) => sysregByName(n)?.minEl;
    expect([el('fpcr'), el('nzcv'), el('tpidr_el0'), el('cntv_ctl_el0')]).toEqual([0, 0, 0, 0]);
    expect([el('sctlr_el1'), el('sp_el0'), el('currentel'), el('spsel'), el('dbgbcr3_el1'), el('teecr32_el1')]).toEqual([1, 1, 1, 1, 1, 1]);
    expect([el('hcr_el2'), el('sp_el1'), el('spsr_abt'), el('dacr32_el2'), el('cpacr_el12'), el('ich_lr15_el2')]).toEqual([2, 2, 2, 2, 2, 2]);
    expect([el('scr_el3'), el('sp_el2')]).toEqual([3, 3]);
    expect(sysregByName('midr_el1')?.access).toBe('ro');
    expect(sysregByName('icc_sgi1r_el1')?.access).toBe('wo');
    expect(sysregByName('hcr_el2')?.access).toBe('rw');
    expect(sysregByName('midr_el1')?.reset).toBe(0x411fd070n);
    expect(sysregByName('id_aa64mmfr0_el1')?.reset).toBe(0x1124n);
    expect(sysregByName('hcr_el2')?.reset).toBeUndefined();
  });

  it('names the TLB, cache and address-translation operations kernels use', () => {
    const ops = [
      'tlbi vmalle1is', 'tlbi vmalls12e1is', 'tlbi alle1is', 'tlbi alle2', 'tlbi ipas2e1is', 'tlbi vae2is', 'tlbi vmalle1',
      'tlbi vmalls12e1', 'tlbi alle2is', 'tlbi vae1is', 'tlbi aside1is', 'tlbi vale1is', 'tlbi ipas2le1is',
      'ic ialluis', 'ic iallu', 'ic ivau', 'dc civac', 'dc cvac', 'dc cvau', 'dc zva', 'dc ivac', 'dc cvap', 'dc isw', 'dc cisw',
      'at s1e1r', 'at s1e1w', 'at s1e0r', 'at s1e0w', 'at s12e1r', 'at s12e1w', 'at s1e2r', 'at s1e2w',
    ];
    expect(ops.filter((o) => !sysopByName(o.split(' ')[0], o.split(' ')[1]))).toEqual([]);
    expect(sysopByName('tlbi', 'VMALLE1IS')).toMatchObject({ op1: 0, crn: 8, crm: 3, op2: 0, takesRegister: false });
    expect(sysopByName('dc', 'zva')?.takesRegister).toBe(true);
  });
});

describe.skipIf(missingOracle({ tools: GAS_TOOLS }))('system register table against GNU as', () => {
  /** Words for lines under -march=all, else armv9.3-a+sme+memtag (the A-profile-only names). */
  const widest = (lines: string[]) => {
    const all = gasWords(lines, ['-march=all']);
    const a = gasWords(lines, ['-march=armv9.3-a+sme+memtag']);
    return { words: lines.map((_, i) => all.words[i] ?? a.words[i]), errors: a.errors };
  };

  it('gives the encodings gas gives every name', () => {
    const named = SYSREGS;
    const lines = named.map((r) => (r.access === 'wo' ? `msr ${r.name}, x0` : `mrs x0, ${r.name}`));
    const got = widest(lines);
    const bad = named.flatMap((r, i) => {
      const base = r.access === 'wo' ? 0xd5100000 : 0xd5300000;
      const want = (base | ((r.op0 & 1) << 19) | (r.op1 << 16) | (r.crn << 12) | (r.crm << 8) | (r.op2 << 5)) >>> 0;
      return got.words[i] === want ? [] : [`${lines[i]}: gas ${hex(got.words[i])}, table ${hex(want)} ${got.errors.get(i) ?? ''}`];
    });
    expect(named.length).toBeGreaterThan(1000);
    expect(bad).toEqual([]);
  });

  it('gives the encodings gas gives every SYS operation', () => {
    const ops = SYSOPS;
    const lines = ops.map((s) => `${s.insn} ${s.name}${s.takesRegister ? ', x3' : ''}`);
    const got = widest(lines);
    const bad = ops.flatMap((s, i) => {
      const want = (0xd5080000 | (s.op1 << 16) | (s.crn << 12) | (s.crm << 8) | (s.op2 << 5) | (s.takesRegister ? 3 : 31)) >>> 0;
      return got.words[i] === want ? [] : [`${lines[i]}: gas ${hex(got.words[i])}, table ${hex(want)}`];
    });
    expect(bad).toEqual([]);
  });

  // Each name's feature column says where gas takes it: check it under architectures, CPUs and
  // extension changes (scripts/gen-a64-tables.mjs derives it from all of them).
  const CONFIGS: ReadonlyArray<readonly [string, FeatureSet]> = [
    ['', parseArchitecture('armv8-a')],
    ['-march=all', parseArchitecture('all')],
    ...['armv8.1-a', 'armv8.2-a', 'armv8.4-a', 'armv8.5-a+nossbs', 'armv8-r', 'armv9.3-a', 'armv8-a+noras', 'armv8-a+sve+memtag+profile'].map(
      (a): readonly [string, FeatureSet] => [`-march=${a}`, parseArchitecture(a)],
    ),
    ...['neoverse-v1', 'cortex-a76', 'cortex-a57+lse'].map((c): readonly [string, FeatureSet] => [`-mcpu=${c}`, parseCpu(c)]),
  ];

  it('accepts a register or operation name exactly where gas does', () => {
    const lines = [
      ...SYSREGS.map((r) => (r.access === 'wo' ? `msr ${r.name}, x0` : `mrs x0, ${r.name}`)),
      ...SYSOPS.map((s) => `${s.insn} ${s.name}${s.takesRegister ? ', x3' : ''}`),
    ];
    const needs = [...SYSREGS.map((r) => r.feature), ...SYSOPS.map((s) => s.feature)];
    const bad: string[] = [];
    for (const [flag, set] of CONFIGS) {
      const got = gasWords(lines, flag ? [flag] : []);
      lines.forEach((l, i) => {
        const gas = got.words[i] !== undefined;
        if (gas !== hasFeature(set, needs[i])) bad.push(`${flag || 'default'}: '${l}' gas ${gas ? 'accepts' : 'rejects'}, table says ${needs[i] ?? 'no feature'}`);
      });
    }
    expect(bad).toEqual([]);
  });
});
