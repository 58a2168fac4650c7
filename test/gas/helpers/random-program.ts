// Seeded random assembler programs for differential tests against GNU as.

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const SECTIONS = ['.text', '.data', '.section .alt, "a"', '.section .code2, "ax"', '.pushsection .tbl, "aw"'];

export function randomProgram(seed: number): string {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
  const lines: string[] = ['.globl g0, g1, g2'];
  let labels = 0;
  let pushed = 0;
  let switched = false;
  const label = () => `L${Math.floor(r() * Math.max(labels, 1))}`;
  for (let i = 0; i < 60; i++) {
    const k = Math.floor(r() * 18);
    switch (k) {
      case 0: lines.push(`.byte ${Math.floor(r() * 256)}`); break;
      case 1: lines.push(`.hword ${Math.floor(r() * 65536)}`); break;
      case 2: lines.push(`.word ${Math.floor(r() * 2 ** 32)}, 0x${Math.floor(r() * 2 ** 31).toString(16)}`); break;
      case 3: lines.push(`.quad ${label()} - .`); break;
      case 4: lines.push(`.align ${Math.floor(r() * 5)}`); break;
      case 5: lines.push(`.balign ${2 ** Math.floor(r() * 4)}, 0x${Math.floor(r() * 256).toString(16)}`); break;
      case 6: lines.push('.balign 4', `L${labels++}: nop`); break;
      case 7: lines.push(`.subsection ${Math.floor(r() * 3)}`); break;
      case 8: {
        const s = pick(SECTIONS);
        if (s.startsWith('.pushsection')) pushed++;
        switched = true;
        lines.push(s);
        break;
      }
      case 9: if (pushed > 0) { lines.push('.popsection'); pushed--; } else if (switched) lines.push('.previous'); break;
      case 10: lines.push('.balign 4', `ldr x${Math.floor(r() * 8)}, =${pick(['0x1234', 'ext', `${label()}`, '0xdeadbeefcafe'])}`); break;
      case 11: lines.push('.balign 4', `b ${pick([label(), 'g0', 'ext', '.+8'])}`); break;
      case 12: lines.push(`.skip ${Math.floor(r() * 9)}`); break;
      case 13: lines.push(`.org . + ${Math.floor(r() * 12)}`); break;
      case 14: lines.push(`g${Math.floor(r() * 3)}$${i}: .word ${label()} - .`); break;
      case 15: lines.push(`.ascii "${['a', 'bc', 'd\\n', 'e\\0f'][Math.floor(r() * 4)]}"`); break;
      case 16: lines.push('.ltorg'); break;
      case 17: lines.push('.balign 4', `adr x1, ${label()}`); break;
    }
  }
  while (pushed-- > 0) lines.push('.popsection');
  for (let l = labels; l < 3; l++) lines.push('.balign 4', `L${l}: nop`);
  return lines.join('\n') + '\n';
}

