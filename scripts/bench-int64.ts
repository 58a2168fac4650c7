// Why the interpreter keeps 64-bit registers as pairs of 32-bit words: the same small
// interpreter loop (add, eor with shift, subs with flags, b.ne) in three representations.
import Long from 'long';

const STEPS = 6_000_000;

type Loop = () => number;

function hiLoLoop(): Loop {
  const r = new Uint32Array(64);
  let z = 0;
  let pc = 0;
  const ops = [
    () => { const lo = r[2] + r[4]; r[0] = lo; r[1] = r[3] + r[5] + (lo > 0xffffffff ? 1 : 0); pc++; },
    () => { r[2] = r[0] ^ ((r[4] >>> 3) | (r[5] << 29)); r[3] = r[1] ^ (r[5] >>> 3); pc++; },
    () => { const lo = r[6] - 1; const borrow = lo < 0 ? 1 : 0; r[6] = lo; r[7] = r[7] - borrow; z = r[6] === 0 && r[7] === 0 ? 1 : 0; pc++; },
    () => { pc = z ? 4 : 0; },
  ];
  return () => {
    r[2] = 0x12345678; r[4] = 5; r[6] = STEPS / 4; r[7] = 0; pc = 0;
    let steps = 0;
    while (pc < 4) { ops[pc](); steps++; }
    return steps;
  };
}

function bigIntLoop(): Loop {
  const r = new BigUint64Array(8);
  let z = 0;
  let pc = 0;
  const ops = [
    () => { r[0] = r[1] + r[2]; pc++; },
    () => { r[1] = r[0] ^ (r[2] >> 3n); pc++; },
    () => { r[3] = r[3] - 1n; z = r[3] === 0n ? 1 : 0; pc++; },
    () => { pc = z ? 4 : 0; },
  ];
  return () => {
    r[1] = 0x12345678n; r[2] = 5n; r[3] = BigInt(STEPS / 4); pc = 0;
    let steps = 0;
    while (pc < 4) { ops[pc](); steps++; }
    return steps;
  };
}

function longLoop(): Loop {
  const r: Long[] = Array.from({ length: 4 }, () => Long.UZERO);
  let z = 0;
  let pc = 0;
  const ops = [
    () => { r[0] = r[1].add(r[2]); pc++; },
    () => { r[1] = r[0].xor(r[2].shru(3)); pc++; },
    () => { r[3] = r[3].sub(Long.UONE); z = r[3].isZero() ? 1 : 0; pc++; },
    () => { pc = z ? 4 : 0; },
  ];
  return () => {
    r[1] = Long.fromNumber(0x12345678, true); r[2] = Long.fromNumber(5, true); r[3] = Long.fromNumber(STEPS / 4, true); pc = 0;
    let steps = 0;
    while (pc < 4) { ops[pc](); steps++; }
    return steps;
  };
}

function rate(loop: Loop): number {
  loop();
  const start = performance.now();
  const steps = loop();
  return steps / (performance.now() - start) / 1000;
}

export function benchInt64(): Array<{ what: string; value: string; reference?: string; ratio?: string }> {
  const hiLo = rate(hiLoLoop());
  return [
    { what: '64-bit registers as hi/lo u32 words', value: `${hiLo.toFixed(0)} M insn/s`, reference: 'chosen for the interpreter' },
    ...([['BigUint64Array + BigInt', bigIntLoop()], ['long objects', longLoop()]] as const).map(([name, loop]) => {
      const v = rate(loop);
      return { what: `64-bit registers as ${name}`, value: `${v.toFixed(0)} M insn/s`, reference: `hi/lo: ${hiLo.toFixed(0)} M insn/s`, ratio: `${(v / hiLo).toFixed(2)}×` };
    }),
  ];
}
