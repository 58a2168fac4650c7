// Real words: the Linux 6.1 (and, with HYPSIM_LINUX_V4, v4.0) hyp objects built with gcc. Every
// instruction word in their code sections decodes; its disassembly reassembles with GNU as to the
// same word; words a relocation patches print with the relocation and come back with it.
import { beforeAll, describe, expect, it } from 'vitest';
import { decode, disassemble, type InsnClass } from '../../src/a64/index.js';
import { LINUX_61_FILES, LINUX_V40_FILES, linux61Dir, linuxV4Dir, missingOracle, requireOracles } from '../helpers/oracles.js';
import { GAS_TOOLS, gasUnlinked, gasWords, hex } from './helpers.js';
import { kernelObjectWords, type ObjectWord } from './kernel-objects.js';

const RELOC_TEXT: Readonly<Record<string, string>> = {
  JUMP26: 'sym', CALL26: 'sym', CONDBR19: 'sym', TSTBR14: 'sym', LD_PREL_LO19: 'sym', ADR_PREL_LO21: 'sym',
  ADR_PREL_PG_HI21: 'sym', ADD_ABS_LO12_NC: ':lo12:sym', LDST8_ABS_LO12_NC: ':lo12:sym', LDST16_ABS_LO12_NC: ':lo12:sym',
  LDST32_ABS_LO12_NC: ':lo12:sym', LDST64_ABS_LO12_NC: ':lo12:sym', LDST128_ABS_LO12_NC: ':lo12:sym',
  MOVW_UABS_G0: ':abs_g0:sym', MOVW_UABS_G0_NC: ':abs_g0_nc:sym', MOVW_UABS_G1: ':abs_g1:sym', MOVW_UABS_G1_NC: ':abs_g1_nc:sym',
  MOVW_UABS_G2: ':abs_g2:sym', MOVW_UABS_G2_NC: ':abs_g2_nc:sym', MOVW_UABS_G3: ':abs_g3:sym',
};

function realWordTests(label: string, load: () => ObjectWord[], expectations: (words: readonly ObjectWord[]) => void): void {
  let words: ObjectWord[] = [];
  beforeAll(() => {
    words = load();
  });

  it(`${label}: every instruction word decodes`, () => {
    expect(words.length).toBeGreaterThan(1000);
    const bad = words.filter((w) => !decode(w.word)).map((w) => `${w.file} ${w.section}+0x${w.offset.toString(16)}: ${hex(w.word)} ${w.objdump}`);
    expect(bad).toEqual([]);
    expectations(words);
  });

  it(`${label}: every distinct word round-trips through the disassembler and GNU as`, () => {
    const distinct = [...new Map(words.map((w) => [w.word, w])).values()];
    const texts = distinct.map((w) => disassemble(w.word));
    const back = gasWords(texts);
    const bad = distinct.flatMap((w, i) =>
      back.words[i] === w.word ? [] : [`${hex(w.word)} (${w.objdump}) → '${texts[i]}' → ${hex(back.words[i])} ${back.errors.get(i) ?? ''}`],
    );
    expect(bad).toEqual([]);
  });

  it(`${label}: relocated words print with their relocation and reassemble to it`, () => {
    const relocated = words.filter((w) => w.reloc && RELOC_TEXT[w.reloc]);
    const texts = relocated.map((w) => disassemble(w.word, { relocText: RELOC_TEXT[w.reloc as string] }));
    const back = gasUnlinked(texts);
    const bad = relocated.flatMap((w, i) =>
      back.words[i] === w.word && back.relocs.get(i) === w.reloc
        ? []
        : [`${hex(w.word)} ${w.reloc} → '${texts[i]}' → ${hex(back.words[i])} ${back.relocs.get(i)}`],
    );
    expect(relocated.length).toBeGreaterThan(0);
    expect(bad).toEqual([]);
  });
}

function classCounts(words: readonly ObjectWord[]): Map<InsnClass | 'undecoded', number> {
  const counts = new Map<InsnClass | 'undecoded', number>();
  for (const w of words) {
    const c = decode(w.word)?.cls ?? 'undecoded';
    counts.set(c, (counts.get(c) ?? 0) + 1);
  }
  return counts;
}

describe.skipIf(missingOracle({ tools: [...GAS_TOOLS, 'aarch64-linux-gnu-gcc'], linux61: true }))('Linux 6.1 hyp objects', () => {
  realWordTests('6.1', () => kernelObjectWords(linux61Dir(), LINUX_61_FILES), (words) => {
    // shared/reference/linux-6.1-hyp.md §8.1: mrs 129, msr 103 (incl. 5 PSTATE forms), tlbi 4 + ic 2 + dc 1.
    const byId = (re: RegExp) => words.filter((w) => re.test(decode(w.word)?.id ?? '')).length;
    expect(byId(/^MRS$/)).toBe(129);
    expect(byId(/^MSR_(reg|imm)$/)).toBe(103);
    expect(classCounts(words).get('tlb-cache')).toBe(7);
  });
});

const v4 = linuxV4Dir();
if (!v4) {
  if (requireOracles && process.env.HYPSIM_LINUX_V4) throw new Error(`HYPSIM_LINUX_V4=${process.env.HYPSIM_LINUX_V4} has no arch/arm64/kvm/hyp.S`);
  console.warn('skipping Linux v4.0 word tests: set HYPSIM_LINUX_V4 to a v4.0 tree');
}

describe.skipIf(!v4 || missingOracle({ tools: [...GAS_TOOLS, 'aarch64-linux-gnu-gcc'] }))('Linux v4.0 hyp objects', () => {
  realWordTests('v4.0', () => kernelObjectWords(v4 as string, LINUX_V40_FILES), (words) => {
    // shared/reference/linux-v4.0-hyp.md §4–§5: 146+4 mrs by name in hyp.S/hyp-init.S plus the vgic-v3 .inst ones.
    const count = (id: string) => words.filter((w) => decode(w.word)?.id === id).length;
    expect(count('MRS')).toBeGreaterThan(150);
    expect(count('ERET')).toBe(5);
  });
});
