// Counts of a run and their formats: the sections agree with each other and with the run, and
// every format is machine-readable (JSON parses, CSV has its columns, Markdown is a table).
import { describe, expect, test } from 'vitest';
import { COUNTS_CSV_HEADER, countsCsv, countsJson, countsMarkdown, countsText } from '../../src/report/count-format.js';
import { computeCounts, fieldGroup, section, sysregAccess } from '../../src/report/counts.js';
import { countMail } from '../../src/report/mail.js';
import { executed, runRecords } from '../../src/report/records.js';
import { cli, corpusRun } from './helpers.js';

const sum = (ns: readonly number[]) => ns.reduce((a, b) => a + b, 0);

describe('counts', () => {
  const run = () => corpusRun('exits', 'original');

  test('every instruction section adds up to the instructions executed', () => {
    const c = computeCounts(run());
    expect(c.totals.instructions).toBe(run().totalInstructions);
    for (const id of ['el', 'function', 'macro-outer', 'macro-inner', 'class', 'line'] as const) expect([id, sum(section(c, id).rows.map((r) => r.values[0]))]).toEqual([id, c.totals.instructions]);
    expect(sum(section(c, 'step').rows.map((r) => r.values[0]))).toBe(c.totals.instructions);
    const bytes = c.totals.bytesRead + c.totals.bytesWritten;
    for (const id of ['region', 'field-group'] as const) expect(sum(section(c, id).rows.map((r) => r.values[0] + r.values[1]))).toBe(bytes);
  });

  test('the FP/SIMD work of the original corpus: 12 calls each of __save_fpsimd and __restore_fpsimd, 32 q registers each way per switch', () => {
    const c = computeCounts(run());
    const fn = new Map(section(c, 'function').rows.map((r) => [r.key, r.values]));
    expect(fn.get('__save_fpsimd')?.[1]).toBe(12);
    expect(fn.get('__restore_fpsimd')?.[1]).toBe(12);
    const fp = section(c, 'field-group').rows.find((r) => r.key === 'FP/SIMD registers')!;
    expect(fp.values[0]).toBe(12 * (32 * 16 + 8));
    expect(fp.values[1]).toBe(12 * (32 * 16 + 8));
    expect(c.totals.perRun.fpsimdBytes).toBe(2 * 2 * (32 * 16 + 8));
    const classes = new Map(section(c, 'class').rows.map((r) => [r.key, r.values[0]]));
    expect(classes.get('FP/SIMD load/store')).toBe(12 * 16 * 2);
    expect(section(c, 'macro-outer').rows.map((r) => r.key)).toEqual(expect.arrayContaining(['fpsimd_save', 'fpsimd_restore', '(no macro)']));
  });

  test('system-register reads and writes by name', () => {
    const c = computeCounts(run());
    const regs = new Map(section(c, 'sysreg').rows.map((r) => [r.key, r.values]));
    expect(regs.get('hcr_el2')?.[1]).toBeGreaterThan(0);
    expect(regs.get('esr_el2')?.[0]).toBeGreaterThan(0);
    const info = executed(runRecords(run())).find((r) => r.info.cls === 'sysreg')!.info;
    expect(sysregAccess(info)).toBeDefined();
  });

  test('field groups follow the documented rule', () => {
    expect(fieldGroup('vcpu.ctxt.fp.vregs[5]', 'vcpu')).toBe('FP/SIMD registers');
    expect(fieldGroup('host_data.host_ctxt.fp.fpcr', 'host_data')).toBe('FP/SIMD registers');
    expect(fieldGroup('vcpu.ctxt.sys_regs[SCTLR_EL1]', 'vcpu')).toBe('system registers');
    expect(fieldGroup('vcpu.ctxt.elr_el1', 'vcpu')).toBe('system registers');
    expect(fieldGroup('vcpu.fault.esr_el2', 'vcpu')).toBe('system registers');
    expect(fieldGroup('vcpu.ctxt.gp.regs[3]', 'vcpu')).toBe('general registers');
    expect(fieldGroup('vcpu.ctxt.gp.pc', 'vcpu')).toBe('general registers');
    expect(fieldGroup('hyp_stack+0x3ff0', 'hyp_stack')).toBe('stack');
    expect(fieldGroup('host_vcpu_run+0x10', 'kernel-text')).toBe('code (literal pools)');
    expect(fieldGroup('vm.vttbr', 'vm')).toBe('system registers');
    expect(fieldGroup('guest_ram+0x30000', 'guest_ram')).toBe('other data');
  });

  test('formats: JSON parses, CSV has its four columns, Markdown tables, mail stays under 72 columns', () => {
    const c = computeCounts(run());
    const json = JSON.parse(countsJson(c));
    expect(json.format).toBe('hypsim-counts');
    expect(json.sections.find((s: { id: string }) => s.id === 'function').columns).toEqual(['function', 'instructions', 'calls']);
    const csv = countsCsv(c).split('\n');
    expect(csv[0]).toBe(COUNTS_CSV_HEADER.join(','));
    for (const line of csv.slice(1)) expect(line.match(/("([^"]|"")*"|[^,]*)(,|$)/g)!.filter((x) => x !== '').length).toBe(4);
    expect(csv).toContain('function,__save_fpsimd,instructions,264');
    const md = countsMarkdown(c).split('\n');
    expect(md).toContain('| function | instructions | calls |');
    expect(md).toContain('| --- | ---: | ---: |');
    expect(countsText(c)).toMatch(/Instructions per function:\nfunction\s+instructions\s+calls\n-+ +-+ +-+\n__/);
    const mail = countMail(c).split('\n');
    for (const line of mail) expect(line.replace(/\t/g, '        ').length).toBeLessThanOrEqual(72);
  });

  test('hypsim count works with no options and takes --format', async () => {
    const plain = await cli(['count']);
    expect(plain.code).toBe(0);
    expect(plain.out).toContain("scenario 'exits'");
    expect(plain.out).toContain('Instructions per source line:');
    const json = await cli(['count', '--format', 'json', '--variant', 'lazy', '--scenario', 'round-trip']);
    expect(JSON.parse(json.out).variant).toBe('corpus (lazy)');
    const bad = await cli(['count', '--format', 'xml']);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('--format must be one of');
  });
});
