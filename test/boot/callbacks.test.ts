// Each callback's other branches (the ones hypsim's CPU does not take), against GNU as.
import { describe, expect, it } from 'vitest';
import { runCallback, type CallbackContext } from '../../src/boot/callbacks.js';
import type { SpectreState } from '../../src/boot/spectre.js';
import { gnuAssemble } from '../gas/helpers/gnu.js';
import { missingOracle } from '../helpers/oracles.js';

function gas(text: string): number[] {
  const b = gnuAssemble(`.text\n${text}\n`).sections.find((s) => s.name === '.text')!.bytes;
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  return Array.from({ length: b.length / 4 }, (_, i) => v.getUint32(4 * i, true));
}

const spectre = (mitigations: SpectreState['bhb']['mitigations']): SpectreState => ({
  caps: { v2: { on: true, why: '' }, v3a: { on: false, why: '' }, bhb: { on: true, why: '' } },
  v2: 'mitigated',
  bhb: { state: 'mitigated', mitigations, loopK: 32, why: '' },
  hypVectorSlot: 'HYP_VECTOR_INDIRECT',
});

const ctx = (over: Partial<CallbackContext> = {}): CallbackContext => ({
  hasCap: () => false,
  hyp: { tagLsb: 40, tagVal: 0n },
  memory: { pageOffset: 0xffff000000000000n, physOffset: 0n, kimageVoffset: 0n },
  spectre: spectre([]),
  mitigateBranchHistory: true,
  vectorPreamble: 8n,
  smcccArchWorkaround3: 0x80003fffn,
  ctrEl0: 0n,
  hypSymbol: () => 0n,
  ...over,
});

describe.skipIf(missingOracle({ tools: ['aarch64-linux-gnu-as'] }) !== undefined)('callbacks on the paths hypsim\'s CPU does not take', () => {
  const kernHypVa = gas('and x7, x7, #1\nror x7, x7, #1\nadd x7, x7, #0\nadd x7, x7, #0, lsl #12\nror x7, x7, #63');
  const site = (words: number[]) => ({ address: 0x1000n, words });

  it('kvm_update_va_mask: a zero tag keeps only the mask, VHE needs nothing', () => {
    expect(runCallback('kvm_update_va_mask', ctx(), site(kernHypVa), 's')).toEqual(gas('and x7, x7, #0xffffffffff\nnop\nnop\nnop\nnop'));
    expect(runCallback('kvm_update_va_mask', ctx({ hasCap: (c) => c === 'ARM64_HAS_VIRT_HOST_EXTN', hyp: { tagLsb: 30, tagVal: 3n } }), site(kernHypVa), 's')).toEqual(gas('nop\nnop\nnop\nnop\nnop'));
  });

  it('the Spectre-BHB callbacks with each mitigation', () => {
    const mov = gas('mov w3, #0');
    expect(runCallback('spectre_bhb_patch_wa3', ctx({ spectre: spectre(['fw']) }), site(mov), 's')).toEqual(gas('orr w3, wzr, #0x80003fff'));
    expect(runCallback('spectre_bhb_patch_wa3', ctx({ spectre: spectre(['fw']), mitigateBranchHistory: false }), site(mov), 's')).toEqual(mov);
    expect(runCallback('spectre_bhb_patch_loop_iter', ctx(), site(gas('movz x9, #0')), 's')).toEqual(gas('movz x9, #32'));
    const b = gas('b .+8');
    expect(runCallback('spectre_bhb_patch_loop_mitigation_enable', ctx({ spectre: spectre(['loop']) }), site(b), 's')).toEqual(gas('nop'));
    const clear = gas('hint #22\nisb');
    expect(runCallback('spectre_bhb_patch_clearbhb', ctx({ spectre: spectre(['insn']) }), site(clear), 's')).toEqual(clear);
  });

  it('kvm_patch_vector_branch leaves the site alone without Spectre-v3a', () => {
    const words = gas('b .+0x10\nnop\nnop\nnop');
    expect(runCallback('kvm_patch_vector_branch', ctx(), site(words), 's')).toEqual(words);
  });

  it("turns the kernel's BUG_ON into an error naming the callback and the site", () => {
    expect(() => runCallback('kvm_update_va_mask', ctx(), site(gas('nop')), '__kvm_nvhe_f+0x4')).toThrow('boot: kvm_update_va_mask at __kvm_nvhe_f+0x4: BUG_ON(nr_inst != 5): the site has 1 instruction(s)');
    expect(() => runCallback('kvm_made_up', ctx(), site([]), 'here')).toThrow("boot: alternative callback 'kvm_made_up' at here is not one hypsim knows");
  });
});
