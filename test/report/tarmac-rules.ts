// A reader with the rules of the Tarmac parser of Arm's tarmac-trace-utilities (lib/parser.cpp,
// lib/registers.cpp), written from its behaviour, not copied: the tokens it lexes, the timestamp
// and unit, the event types it knows (IT/IS instruction lines, R register lines, M memory lines,
// E exception lines) and how it reads each, and the register names it recognises with the
// width it expects for each. What that parser rejects (a parse error, or an unknown event type,
// which it warns about) throws here.

export interface TarmacInstruction { time: number; pc: bigint; iset: 'A64'; width: number; encoding: number; mode: string; disasm: string }
export interface TarmacRegister { time: number; reg: string; bytes: number; value: bigint }
export interface TarmacMemory { time: number; read: boolean; size: number; address: bigint; value: bigint }
export type TarmacEvent =
  | ({ kind: 'insn' } & TarmacInstruction)
  | ({ kind: 'reg' } & TarmacRegister)
  | ({ kind: 'mem' } & TarmacMemory)
  | { kind: 'exception'; time: number; text: string }
  | { kind: 'unknown-register'; time: number; name: string };

interface Token { text: string; punct: boolean; start: number }

const TIMESTAMP_UNITS = new Set(['clk', 'ns', 'cs', 'cyc', 'tic', 'ps', 'us']);
const isHex = (t: Token | undefined) => !!t && !t.punct && /^[0-9a-fA-F]+$/.test(t.text);
const isRegValue = (t: Token | undefined) => !!t && !t.punct && /^[0-9a-fA-F_xX-]+$/.test(t.text);

/** The parser lexes a line token by token as it goes (never the disassembly past its first token). */
function lex(line: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  const next = (): Token | undefined => {
    while (i < line.length && /\s/.test(line[i])) i++;
    if (i >= line.length) return undefined;
    if (':()[],<>'.includes(line[i])) return { text: line[i], punct: true, start: i++ };
    const m = /^[A-Za-z0-9_.#-]+/.exec(line.slice(i));
    if (!m) throw new Error(`Unrecognised token at column ${i}: ${line}`);
    const t = { text: m[0], punct: false, start: i };
    i += m[0].length;
    return t;
  };
  return new Proxy(out, {
    get(target, key, receiver) {
      if (typeof key === 'string' && /^\d+$/.test(key)) {
        while (target.length <= Number(key)) {
          const t = next();
          if (!t) break;
          target.push(t);
        }
      }
      return Reflect.get(target, key, receiver);
    },
  });
}

/** Register classes as registers.cpp lists them: name, size in bytes, how many. */
const CLASSES: Array<[string, number, number]> = [
  ['r', 4, 16], ['w', 4, 31], ['x', 8, 31], ['wsp', 4, 1], ['xsp', 8, 1], ['v', 16, 32], ['q', 16, 32], ['d', 8, 32], ['s', 4, 32],
  ['z', 256, 32], ['p', 16, 32], ['psr', 4, 1], ['fpscr', 4, 1], ['fpcr', 4, 1], ['fpsr', 4, 1], ['vpr', 4, 1], ['pc', 0, 1],
];

/** lookup_reg_name: the register class and index a name denotes, or undefined (an unrecognised name, skipped). */
export function lookupRegister(name: string): { cls: string; index: number; size: number } | undefined {
  const cut = name.search(/[0-9_]/);
  const prefix = (cut < 0 ? name : name.slice(0, cut)).toLowerCase();
  const suffix = cut < 0 ? '' : name.slice(cut);
  for (const [cls, size, n] of CLASSES) {
    if (prefix !== cls) continue;
    if (suffix === '') { if (n === 1) return { cls, index: 0, size }; continue; }
    if (n === 1) continue;
    const index = parseInt(suffix, 10);
    if (Number.isNaN(index) || index >= n) continue;
    return { cls, index, size };
  }
  if (prefix === 'msp') return { cls: 'r', index: 13, size: 4 };
  if (prefix === 'e') return { cls: 'x', index: parseInt(suffix, 10), size: 8 };
  if (prefix === 'lr') return { cls: 'r', index: 14, size: 4 };
  if (prefix === 'cpsr') return { cls: 'psr', index: 0, size: 4 };
  return undefined;
}

export function parseTarmac(text: string): TarmacEvent[] {
  const events: TarmacEvent[] = [];
  let time = 0;
  text.split('\n').forEach((line, n) => {
    if (line.trim() === '') return;
    const fail = (msg: string): never => { throw new Error(`tarmac line ${n + 1}: ${msg}: ${line}`); };
    const toks = lex(line);
    let k = 0;
    if (toks[k] && /^\d+$/.test(toks[k].text)) {
      time = Number(toks[k++].text);
      if (toks[k] && TIMESTAMP_UNITS.has(toks[k].text)) k++;
    }
    const ev = toks[k++];
    if (!ev) return;
    if (ev.text === 'IT' || ev.text === 'IS') {
      let bracketed: Token | undefined;
      if (toks[k]?.text === '(') {
        bracketed = toks[k + 1];
        if (!bracketed || !/^[0-9a-fA-F]+$/.test(bracketed.text)) fail('expected a hex or decimal number');
        if (toks[k + 2]?.text !== ')') fail("expected ')' after bracketed value");
        k += 3;
      }
      if (!isHex(toks[k])) fail('expected a hex value');
      const address = toks[k++];
      let insnTok: Token;
      let pc: bigint;
      if (toks[k]?.text === 'O') {
        // The bracketed value was the address; what followed it the encoding.
        if (!bracketed) fail('expected instruction-set state');
        pc = BigInt(`0x${bracketed!.text}`);
        insnTok = address;
      } else {
        if (!isHex(toks[k])) fail('expected a hex instruction bit pattern');
        pc = BigInt(`0x${address.text}`);
        insnTok = toks[k++];
      }
      if (toks[k]?.text !== 'O') fail('expected instruction-set state (O for AArch64)');
      k++;
      let mode = '';
      if (toks[k]?.text !== ':') {
        if (!toks[k] || toks[k].punct) fail('expected CPU mode');
        mode = toks[k++].text;
        if (toks[k]?.text !== ':') fail("expected ':' before instruction");
      }
      k++;
      const disasm = toks[k] ? line.slice(toks[k].start).trimEnd() : '';
      events.push({ kind: 'insn', time, pc, iset: 'A64', width: insnTok.text.length * 4, encoding: parseInt(insnTok.text, 16), mode, disasm });
      return;
    }
    if (ev.text === 'R') {
      const nameTok = toks[k++];
      if (!nameTok || nameTok.punct) fail('expected register name');
      const name = nameTok.text;
      if (['DC', 'IC', 'TLBI', 'AT'].includes(name)) return;
      if (toks[k]?.text === '(') k += 3;
      const reg = lookupRegister(name);
      const isSp = /^sp(_|$)/i.test(name);
      const isCpsr = reg?.cls === 'psr' && name.toLowerCase() === 'cpsr';
      const special = isSp || isCpsr || reg?.cls === 'fpcr';
      let contents = '';
      if (reg && !special) {
        while (contents.length < 2 * reg.size) {
          if (!toks[k]) {
            if (/^0*$/.test(contents)) { contents = contents.padEnd(2 * reg.size, '0'); break; }
            fail('expected register contents');
          }
          if (!isRegValue(toks[k])) fail('expected register contents');
          contents += toks[k++].text.replace(/[_xX]/g, '');
          if (toks[k]?.text === ':') k++;
        }
      } else if (special) {
        if (!isRegValue(toks[k])) fail('expected register contents');
        contents = toks[k++].text.replace(/[_xX]/g, '');
        if (toks[k]?.text === ':') contents += toks[k + 1].text.replace(/[_xX]/g, '');
        else if (isRegValue(toks[k]) && !(isCpsr && !isHex(toks[k]))) contents += toks[k].text.replace(/[_xX]/g, '');
        if (isCpsr) contents = contents.padStart(8, '0').slice(-8);
      }
      if (contents.length % 2) fail('expected register contents to be an integer number of bytes');
      if (isSp) {
        if (contents.length !== 16) fail(`an AArch64 SP needs 16 hex digits, got ${contents.length}`);
        events.push({ kind: 'reg', time, reg: 'xsp', bytes: 8, value: BigInt(`0x${contents}`) });
        return;
      }
      if (!reg) { events.push({ kind: 'unknown-register', time, name }); return; }
      // What the parser reads is the register's width; more digits on the line are left unread.
      const bytes = reg.cls === 'fpcr' ? 4 : contents.length / 2;
      if (bytes !== reg.size) fail(`${name} holds ${reg.size} bytes, the line gives ${contents.length / 2}`);
      if (toks[k] && reg && !special) fail(`data left after ${reg.size} bytes of ${name}`);
      events.push({ kind: 'reg', time, reg: `${reg.cls}${reg.index}`, bytes, value: BigInt(`0x${contents.slice(-2 * bytes)}`) });
      return;
    }
    if (ev.text.startsWith('M')) {
      const m = /^M([RW])(\d+)/.exec(ev.text);
      if (!m) fail('memory event without R/W and size');
      const read = m![1] === 'R';
      const size = Number(m![2]);
      if (toks[k]?.text === 'X') k++;
      if (!isHex(toks[k])) fail('expected memory address');
      const address = BigInt(`0x${toks[k++].text}`);
      if (toks[k]?.text === ':') k += 2;
      const first = toks[k++];
      if (!first || first.punct) fail('expected memory contents in hex');
      const word = (t: Token) => BigInt(`0x${t.text.replace(/_/g, '')}`);
      if (size <= 8) {
        if (first.text.replace(/_/g, '').length !== 2 * size) fail(`${size} bytes need ${2 * size} hex digits`);
        events.push({ kind: 'mem', time, read, size, address, value: word(first) });
      } else if (size === 16) {
        const second = toks[k++];
        if (!isHex(second)) fail('expected second word of memory contents');
        events.push({ kind: 'mem', time, read, size: 8, address, value: word(second!) });
        events.push({ kind: 'mem', time, read, size: 8, address: address + 8n, value: word(first) });
      } else fail(`unexpected memory access size: ${size} bytes`);
      return;
    }
    if (ev.text === 'E' || ev.text === 'EXC') {
      events.push({ kind: 'exception', time, text: line.slice(ev.start) });
      return;
    }
    if (ev.text === 'Tarmac') return;
    fail(`unknown Tarmac event type '${ev.text}'`);
  });
  return events;
}
