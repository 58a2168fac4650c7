// `.altinstructions` of a linked image, read with the tree's struct alt_instr layout, and applied
// as arch/arm64/kernel/alternative.c's __apply_alternatives does: an entry whose cap is set gets
// its replacement copied over the original (branches leaving the replacement and ADRPs re-aimed,
// as get_alt_insn does) or its callback run.
import { HypsimError } from '../util/diagnostics.js';
import { runCallback, type CallbackContext } from './callbacks.js';
import type { CapDecision } from './capabilities.js';
import { ImageMemory, relocsByOffset } from './image-memory.js';
import { adrpGetOffset, adrpSetOffset, getBranchOffset, isAdrp, isBranchImm, setBranchOffset, usesLiteral } from './insn.js';
import type { BootTree } from './tree.js';

export interface AltEntry {
  readonly index: number;
  /** Address of the entry in `.altinstructions`. */
  readonly address: bigint;
  /** ALT_ORIG_PTR: the original instructions. */
  readonly orig: bigint;
  /** ALT_REPL_PTR: the replacement, or the callback's address. */
  readonly repl: bigint;
  readonly cap: number;
  /** The callback's name (without the hypervisor's symbol prefix), for ARM64_CB_BIT entries. */
  readonly callback?: string;
  readonly origLen: number;
  readonly altLen: number;
}

export interface AltResult {
  readonly entry: AltEntry;
  readonly cap: CapDecision;
  readonly applied: boolean;
  /** The site's symbol and offset. */
  readonly site: string;
  readonly before: readonly number[];
  readonly after: readonly number[];
}

const ALTINSTRUCTIONS = '.altinstructions';
const INSN = 4;

export const stripPrefix = (name: string, prefix: string) => (prefix && name.startsWith(prefix) ? name.slice(prefix.length) : name);

export function readAlternatives(mem: ImageMemory, tree: BootTree): AltEntry[] {
  const l = tree.altInstr;
  const out: AltEntry[] = [];
  for (const placed of mem.sections(ALTINSTRUCTIONS)) {
    const size = placed.section.bytes.length;
    if (size % l.size !== 0) throw new HypsimError(`boot: ${ALTINSTRUCTIONS} is ${size} bytes, not a multiple of struct alt_instr (${l.size})`);
    const relocs = relocsByOffset(placed);
    for (let off = 0; off < size; off += l.size) {
      const at = placed.address + BigInt(off);
      const field = (f: { offset: number; size: number }, signed = false) => mem.field(at + BigInt(f.offset), f.size, signed);
      const raw = Number(field(l.cap));
      const isCb = (raw & l.cbBit) !== 0;
      const repl = BigInt.asUintN(64, at + BigInt(l.altOffset.offset) + field(l.altOffset, true));
      const reloc = relocs.get(off + l.altOffset.offset);
      const symbol = reloc?.symbol ?? mem.image.symbolize(repl)?.name;
      out.push({
        index: out.length,
        address: at,
        orig: BigInt.asUintN(64, at + BigInt(l.origOffset.offset) + field(l.origOffset, true)),
        repl,
        cap: raw & ~l.cbBit,
        ...(isCb ? { callback: stripPrefix(symbol ?? `0x${repl.toString(16)}`, tree.symbolPrefix) } : {}),
        origLen: Number(field(l.origLen)),
        altLen: Number(field(l.altLen)),
      });
    }
  }
  return out;
}

const readWords = (mem: ImageMemory, at: bigint, n: number) => Array.from({ length: n }, (_, i) => mem.u32(at + BigInt(i * INSN)));

/** get_alt_insn(): one replacement instruction as it must read at its new place. */
function altInsn(mem: ImageMemory, e: AltEntry, i: number, where: string): number {
  const insnptr = e.orig + BigInt(i * INSN);
  const altptr = e.repl + BigInt(i * INSN);
  let insn = mem.u32(altptr);
  if (isBranchImm(insn)) {
    const target = altptr + BigInt(getBranchOffset(insn));
    if (!(target >= e.repl && target <= e.repl + BigInt(e.altLen))) {
      const offset = BigInt.asIntN(64, target - insnptr);
      insn = setBranchOffset(insn, Number(BigInt.asIntN(32, offset)));
      if (BigInt(getBranchOffset(insn)) !== offset) throw new HypsimError(`boot: replacement branch at ${where} cannot reach 0x${target.toString(16)} from its new place`);
    }
  } else if (isAdrp(insn)) {
    const page = (a: bigint) => a & ~0xfffn;
    const target = page(altptr) + BigInt(adrpGetOffset(insn));
    insn = adrpSetOffset(insn, Number(BigInt.asIntN(32, target - page(insnptr))));
  } else if (usesLiteral(insn)) {
    throw new HypsimError(`boot: replacement instruction 0x${insn.toString(16)} at ${where} uses a PC-relative literal, which the kernel refuses (BUG)`);
  }
  return insn;
}

export function applyAlternatives(mem: ImageMemory, entries: readonly AltEntry[], caps: ReadonlyMap<number, CapDecision>, ctx: CallbackContext): AltResult[] {
  const results: AltResult[] = [];
  const patched: { from: bigint; to: bigint; site: string }[] = [];
  for (const e of entries) {
    const cap = caps.get(e.cap);
    if (cap === undefined) throw new HypsimError(`boot: alternative ${e.index} names cap ${e.cap}, which was not decided`);
    const n = e.origLen / INSN;
    const site = mem.name(e.orig);
    const before = readWords(mem, e.orig, n);
    if (!cap.on) {
      results.push({ entry: e, cap, applied: false, site, before, after: before });
      continue;
    }
    if (e.callback !== undefined ? e.altLen !== 0 : e.altLen !== e.origLen) {
      throw new HypsimError(`boot: alternative at ${site}: BUG_ON(alt_len ${e.altLen} ${e.callback !== undefined ? '!= 0' : `!= orig_len ${e.origLen}`})`);
    }
    const clash = patched.find((p) => e.orig < p.to && p.from < e.orig + BigInt(e.origLen));
    if (clash) throw new HypsimError(`boot: alternatives at ${site} and ${clash.site} patch the same instructions`);
    const after = e.callback !== undefined
      ? runCallback(e.callback, ctx, { address: e.orig, words: before }, site)
      : before.map((_, i) => altInsn(mem, e, i, site));
    after.forEach((w, i) => mem.setU32(e.orig + BigInt(i * INSN), w));
    patched.push({ from: e.orig, to: e.orig + BigInt(e.origLen), site });
    results.push({ entry: e, cap, applied: true, site, before, after });
  }
  return results;
}
