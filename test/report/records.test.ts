// Instruction records: whole registers (both words of x, all four of v, the flags as nzcv) even
// when an instruction changed only some of their words; memory with field paths.
import { describe, expect, test } from 'vitest';
import { executed, runRecords } from '../../src/report/records.js';
import { corpusRun } from './helpers.js';

describe('instruction records', () => {
  const recs = () => runRecords(corpusRun('exits', 'original'));

  test('kern_hyp_va changes only the high word of x0, and the record shows the whole 64-bit register', () => {
    const r = executed(recs()).find((x) => x.info.function === '__hyp_vcpu_run' && x.info.offset === 0)!;
    expect(r.info.macros).toEqual(['kern_hyp_va']);
    const x0 = r.regs.find((w) => w.name === 'x0')!;
    expect(x0.bits).toBe(64);
    expect(x0.old & 0xffffffffn).toBe(x0.value & 0xffffffffn);
    expect(x0.old >> 32n).not.toBe(x0.value >> 32n);
    expect(x0.old).toBe(0xffffffc000000000n | (x0.value & 0x7fffffffffn));
  });

  test('q-register loads write 128-bit v registers; stores name their context fields', () => {
    const load = executed(recs()).find((x) => x.info.cls === 'fp-load')!;
    expect(load.regs.filter((w) => /^v\d+$/.test(w.name)).every((w) => w.bits === 128)).toBe(true);
    const store = executed(recs()).find((x) => x.info.function === '__save_fpsimd' && x.info.cls === 'fp-store')!;
    expect(store.mem.map((a) => a.field)).toEqual(['host_data.host_ctxt.fp.vregs[0]', 'host_data.host_ctxt.fp.vregs[1]']);
    expect(store.mem.every((a) => a.size === 16 && a.write && a.region === 'host_data')).toBe(true);
  });

  test('flags are one nzcv register; step boundaries and interrupts are kept', () => {
    const cmp = executed(recs()).find((x) => x.regs.some((w) => w.name === 'nzcv'))!;
    expect(cmp.regs.find((w) => w.name === 'nzcv')!.bits).toBe(4);
    expect(recs().insns.filter((r) => r.word < 0).every((r) => r.exceptions.length > 0)).toBe(true);
    expect(new Set(recs().insns.map((r) => r.step)).size).toBe(recs().steps.filter((s) => s.instructions > 0).length);
  });
});
