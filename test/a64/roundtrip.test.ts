// Random words of every form (seeded): the table is unambiguous, every word decodes back to its
// form, its disassembly reassembles with GNU as to the same word, and hypsim's own encoder (fed
// the disassembly through the gas operand parser) produces that word too.
import { describe, expect, it } from 'vitest';
import { packForm } from '../../src/a64/form.js';
import { ALL_FEATURES, DEFAULT_FEATURES, parseArchitecture, parseCpu, type FeatureSet } from '../../src/a64/features.js';
import { decode, disassemble, FORMS, matchingForms } from '../../src/a64/index.js';
import { missingOracle } from '../helpers/oracles.js';
import { GAS_TOOLS, gasWords, hex, hypsimWord, objdumpTexts } from './helpers.js';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return s / 2 ** 32;
  };
}

interface Sample {
  readonly word: number;
  readonly form: string;
}

/** Up to `perForm` random valid words of each form. */
function samples(perForm: number, seed: number): Sample[] {
  const rand = rng(seed);
  const out: Sample[] = [];
  for (const form of FORMS) {
    let got = 0;
    for (let tries = 0; tries < perForm * 50 && got < perForm; tries++) {
      const values: Record<string, number> = {};
      for (const [name, spec] of Object.entries(form.fields)) values[name] = Math.floor(rand() * 2 ** spec.width);
      const word = packForm(form, values);
      if (decode(word)?.form !== form) continue;
      out.push({ word, form: form.id });
      got++;
    }
  }
  return out;
}

describe('a64 form table', () => {
  it('has no two forms accepting the same word', () => {
    const rand = rng(1);
    const overlaps = new Set<string>();
    for (const s of samples(60, 2)) {
      const m = matchingForms(s.word);
      if (m.length !== 1) overlaps.add(m.map((f) => f.id).join(' & '));
    }
    for (let i = 0; i < 300_000; i++) {
      const m = matchingForms(Math.floor(rand() * 2 ** 32));
      if (m.length > 1) overlaps.add(m.map((f) => f.id).join(' & '));
    }
    expect([...overlaps]).toEqual([]);
  });

  it('can produce a word for every form', () => {
    const have = new Set(samples(1, 3).map((s) => s.form));
    expect(FORMS.filter((f) => !have.has(f.id)).map((f) => f.id)).toEqual([]);
  });

  it('returns undefined for unallocated words', () => {
    for (const w of [0x00010000, 0xffffffff, 0x0e000000, 0xd503301f /* dsb with op2=0 */, 0xd50040ff /* msr unknown pstate */]) {
      expect(decode(w), hex(w)).toBeUndefined();
      expect(disassemble(w)).toBe(`.inst 0x${hex(w)}`);
    }
  });
});

/** A sample's architectural text split for hypsimWord. */
const split = (t: string): [string, string] => {
  const m = /^(\S+)\s*(.*)$/.exec(t) as RegExpExecArray;
  return [m[1], m[2]];
};

describe.skipIf(missingOracle({ tools: GAS_TOOLS }))('random words of every form, every feature', () => {
  const list = samples(25, 20240612);
  const texts = list.map((s) => disassemble(s.word, { features: ALL_FEATURES }));

  it('disassemble to text gas -march=all and hypsim reassemble to the same word', () => {
    const back = gasWords(texts, ['-march=all']);
    const bad = list.flatMap((s, i) => {
      if (back.words[i] !== s.word) return [`${s.form} ${hex(s.word)} '${texts[i]}' → gas ${hex(back.words[i])} ${back.errors.get(i) ?? ''}`];
      // `rdffr p0.b, p1/z`: the gas operand parser has no `/` predicate syntax.
      if (texts[i].startsWith('.inst') || /#-?\d+\.\d/.test(texts[i]) || /^RDFFRS?_pred$/.test(s.form)) return [];
      try {
        const a = hypsimWord(...split(texts[i]), i * 4, undefined, ALL_FEATURES);
        return a.resolved === s.word ? [] : [`${s.form} ${hex(s.word)} '${texts[i]}' → hypsim ${hex(a.resolved)} (${a.form})`];
      } catch (e) {
        return [`${s.form} ${hex(s.word)} '${texts[i]}': ${(e as Error).message}`];
      }
    });
    expect(bad).toEqual([]);
  });

  it('disassemble as objdump prints them (aliases, names, immediates)', () => {
    const printable = list.filter((s) => {
      const d = decode(s.word);
      // Branch targets print as addresses; ldpsw into one register twice, or writing back into a
      // destination, is CONSTRAINED UNPREDICTABLE, which objdump prints as undefined.
      const f = d?.fields;
      const unpredictable = /^LDPSW_/.test(s.form) && f && (f.rt === f.rt2 || (!s.form.endsWith('offset') && (f.rn === f.rt || f.rn === f.rt2)));
      return d && !unpredictable && !d.form.operands(d.fields).some((o) => o.kind === 'target');
    });
    const theirs = objdumpTexts(printable.map((s) => s.word));
    const bad = printable.flatMap((s, i) => {
      const ours = disassemble(s.word, { reassemblable: false });
      return ours.replace(/\s+/g, '') === theirs[i].replace(/\s+/g, '') ? [] : [`${s.form} ${hex(s.word)}: objdump '${theirs[i]}', hypsim '${ours}'`];
    });
    expect(printable.length).toBeGreaterThan(8000);
    expect(bad).toEqual([]);
  });

  // The feature column against gas: the same text is accepted by hypsim exactly where gas takes it.
  const CONFIGS: ReadonlyArray<readonly [string, FeatureSet]> = [
    ['', DEFAULT_FEATURES],
    ...['armv8-a+nofp', 'armv8-a+nosimd', 'armv8.1-a', 'armv8.2-a+nolse', 'armv8.4-a', 'armv8.5-a', 'armv9-a', 'armv8-r', 'all'].map(
      (a): readonly [string, FeatureSet] => [`-march=${a}`, parseArchitecture(a)],
    ),
    ['-mcpu=cortex-a57', parseCpu('cortex-a57')],
  ];

  it.each(CONFIGS.map(([flag, set]) => [flag || '(default)', flag, set] as const))('accepts each form and name where gas does: %s', (_label, flag, set) => {
    const plain = list
      .map((s, i) => ({ s, text: texts[i] }))
      .filter(({ s, text }) => !text.startsWith('.inst') && !/#-?\d+\.\d/.test(text) && !/^RDFFRS?_pred$/.test(s.form));
    const back = gasWords(plain.map((p) => p.text), flag ? [flag] : []);
    const bad = plain.flatMap(({ s, text }, i) => {
      let ours: string | undefined;
      try {
        hypsimWord(...split(text), i * 4, undefined, set);
      } catch (e) {
        ours = (e as Error).message;
      }
      const gas = back.errors.get(i);
      if ((gas === undefined) === (ours === undefined)) return [];
      return [`${s.form} '${text}': gas ${gas ?? 'accepts'}; hypsim ${ours ?? 'accepts'}`];
    });
    expect(bad.slice(0, 20)).toEqual([]);
  });
});

describe.skipIf(missingOracle({ tools: GAS_TOOLS }))('random words of every form', () => {
  const list = samples(25, 20240611);
  const texts = list.map((s) => disassemble(s.word));

  it('disassemble to text GNU as reassembles to the same word', () => {
    const back = gasWords(texts);
    const bad = list.flatMap((s, i) =>
      back.words[i] === s.word ? [] : [`${s.form} ${hex(s.word)} '${texts[i]}' → ${hex(back.words[i])} ${back.errors.get(i) ?? ''}`],
    );
    expect(list.length).toBeGreaterThan(9000);
    expect(bad).toEqual([]);
  });

  it('disassemble to text hypsim assembles to the same word', () => {
    const bad: string[] = [];
    list.forEach((s, i) => {
      const t = texts[i];
      // `.inst` words, and FP immediates (the gas operand parser has no floating-point literals).
      if (t.startsWith('.inst') || /#-?\d+\.\d/.test(t)) return;
      const m = /^(\S+)\s*(.*)$/.exec(t) as RegExpExecArray;
      try {
        const a = hypsimWord(m[1], m[2], i * 4);
        if (a.resolved !== s.word) bad.push(`${s.form} ${hex(s.word)} '${t}' → ${hex(a.resolved)} (${a.form})`);
      } catch (e) {
        bad.push(`${s.form} ${hex(s.word)} '${t}': ${(e as Error).message}`);
      }
    });
    expect(bad).toEqual([]);
  });
});
