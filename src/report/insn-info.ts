// What the report stage knows about one executed instruction: where it came from in the source
// (function, file:line, macro expansion stack), its class, and the memory it moved.
import { decode, disassemble } from '../a64/index.js';
import type { InsnClass } from '../a64/form.js';
import type { KvmWorld } from '../kvm/world.js';

export interface InsnInfo {
  readonly function: string;
  readonly offset: number;
  /** `function+0x10` (or just `function` at offset 0). */
  readonly symbol: string;
  readonly file: string;
  readonly line: number;
  /** Macro names, innermost first. */
  readonly macros: readonly string[];
  /** Where each macro was invoked (`file:line`), innermost first. */
  readonly macroSites: readonly string[];
  /** The source text after macro expansion (what the assembler saw). */
  readonly text: string;
  /** The disassembly of the executed word. */
  readonly disasm: string;
  readonly word: number;
  readonly cls: InsnClass | 'unknown';
  readonly program: string;
  /** The address the linked image knows the instruction by (hyp code runs at an alias). */
  readonly linkAddress: bigint;
}

export function symbolText(name: string, offset: number): string {
  return offset ? `${name}+0x${offset.toString(16)}` : name;
}

/** `fpsimd_save <- save_fpsimd @ asm/hyp/switch.S:21`: the macro stack, outermost site last. */
export function macroStackText(info: Pick<InsnInfo, 'macros' | 'macroSites'>): string {
  if (info.macros.length === 0) return '';
  return `${info.macros.join(' <- ')} @ ${info.macroSites[info.macroSites.length - 1]}`;
}

/** Resolves and caches per address: the same instruction runs many times. */
export class InsnIndex {
  private readonly cache = new Map<bigint, InsnInfo>();

  constructor(readonly world: KvmWorld) {}

  at(pc: bigint, word: number): InsnInfo {
    const hit = this.cache.get(pc);
    if (hit && hit.word === word) return hit;
    const info = this.resolve(pc, word);
    this.cache.set(pc, info);
    return info;
  }

  private resolve(pc: bigint, word: number): InsnInfo {
    const image = this.world.image;
    const linkAddress = image.insnAt(pc) ? pc : this.linkAddress(pc);
    const link = image.insnAt(linkAddress);
    const sym = image.symbolize(linkAddress);
    const d = decode(word);
    const name = sym?.name ?? `0x${pc.toString(16)}`;
    const offset = sym?.offset ?? 0;
    return {
      function: name,
      offset,
      symbol: symbolText(name, offset),
      file: link?.item.origin.file ?? '?',
      line: link?.item.origin.line ?? 0,
      macros: link?.item.origin.expansion.map((f) => f.macro) ?? [],
      macroSites: link?.item.origin.expansion.map((f) => `${f.file}:${f.line}`) ?? [],
      text: link?.item.text ?? `.inst 0x${(word >>> 0).toString(16).padStart(8, '0')}`,
      disasm: disassemble(word, { reassemblable: false }),
      word: word >>> 0,
      cls: d?.cls ?? 'unknown',
      program: link?.program.file ?? '?',
      linkAddress,
    };
  }

  /** Hyp code runs at aliases (hyp VA, idmap); the image knows it by its link address. */
  linkAddress(pc: bigint): bigint {
    return this.world.linkAddress(pc);
  }
}
