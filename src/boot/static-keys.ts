// `__jump_table` of a linked image, read with the tree's struct jump_entry layout (relative
// entries: code, target and key as offsets from the fields), each key named by its relocation,
// and every site set as the kernel's jump-label code leaves it once the host has set its keys:
// `b target` when the key's state and the entry's branch bit differ, else `nop`.
import { HypsimError } from '../util/diagnostics.js';
import { stripPrefix } from './alternatives.js';
import type { Decision } from './cap-rules.js';
import { ImageMemory, relocsByOffset } from './image-memory.js';
import { genBranchImm, genNop } from './insn.js';
import { STATIC_KEYS, type KeyContext, type StaticKeyRow } from './static-key-table.js';
import type { BootTree } from './tree.js';

const JUMP_TABLE = '__jump_table';

export interface JumpEntry {
  readonly address: bigint;
  readonly code: bigint;
  readonly target: bigint;
  readonly key: bigint;
  /** The key as the kernel names it: `vgic_v3_cpuif_trap`, `kvm_vgic_global_state.gicv3_cpuif`. */
  readonly keyName: string;
  /** The relocation's spelling: `kvm_vgic_global_state+40`. */
  readonly keyRef: string;
  readonly branch: boolean;
}

export interface KeyDecision extends Decision {
  readonly key: string;
}

export interface JumpResult {
  readonly entry: JumpEntry;
  readonly enabled: boolean;
  readonly site: string;
  readonly before: number;
  readonly after: number;
  /** JUMP_LABEL_JMP or JUMP_LABEL_NOP */
  readonly type: 'jmp' | 'nop';
}

function keyNameOf(tree: BootTree, symbol: string, offset: bigint): string | undefined {
  if (offset === 0n) return symbol;
  const row = STATIC_KEYS.find((k) => k.symbol === symbol && k.member && tree.keyMembers.get(`${symbol}.${k.member.field}`) === Number(offset));
  return row?.member && `${symbol}.${row.member.field}`;
}

export function readJumpTable(mem: ImageMemory, tree: BootTree): JumpEntry[] {
  const l = tree.jumpEntry;
  const out: JumpEntry[] = [];
  for (const placed of mem.sections(JUMP_TABLE)) {
    const relocs = relocsByOffset(placed);
    for (let off = 0; off + l.size <= placed.section.bytes.length; off += l.size) {
      const at = placed.address + BigInt(off);
      const rel = (f: { offset: number; size: number }) => at + BigInt(f.offset) + mem.field(at + BigInt(f.offset), f.size, true);
      const keyField = mem.field(at + BigInt(l.key.offset), l.key.size, true);
      const key = BigInt.asUintN(64, at + BigInt(l.key.offset) + (keyField & ~3n));
      const reloc = relocs.get(off + l.key.offset);
      const named = reloc ? { symbol: stripPrefix(reloc.symbol, tree.symbolPrefix), offset: reloc.addend & ~3n } : undefined;
      const sym = named ?? (() => {
        const s = mem.image.symbolize(key);
        return s && { symbol: stripPrefix(s.name, tree.symbolPrefix), offset: BigInt(s.offset) };
      })();
      const keyRef = sym ? `${sym.symbol}${sym.offset ? `+${sym.offset}` : ''}` : `0x${key.toString(16)}`;
      out.push({
        address: at,
        code: BigInt.asUintN(64, rel(l.code)),
        target: BigInt.asUintN(64, rel(l.target)),
        key,
        keyName: (sym && keyNameOf(tree, sym.symbol, sym.offset)) ?? keyRef,
        keyRef,
        branch: (keyField & 1n) !== 0n,
      });
    }
  }
  return out;
}

const rowOf = (name: string): StaticKeyRow | undefined => STATIC_KEYS.find((k) => (k.member ? `${k.symbol}.${k.member.field}` : k.symbol) === name);

/** The host's setting of every key the entries name; an unknown key is an error naming it and its sites. */
export function decideKeys(entries: readonly JumpEntry[], ctx: KeyContext, mem: ImageMemory): Map<string, KeyDecision> {
  const out = new Map<string, KeyDecision>();
  for (const e of entries) {
    if (out.has(e.keyName)) continue;
    const row = rowOf(e.keyName);
    if (row === undefined) {
      const sites = entries.filter((x) => x.keyName === e.keyName).map((x) => mem.name(x.code));
      throw new HypsimError(`boot: hypsim does not know how the host sets static key ${e.keyRef}`, undefined, 'input', [`used at ${sites.join(', ')}`, 'add a row to src/boot/static-key-table.ts']);
    }
    out.set(e.keyName, { key: e.keyName, ...row.decide(ctx) });
  }
  return out;
}

export function applyStaticKeys(mem: ImageMemory, entries: readonly JumpEntry[], keys: ReadonlyMap<string, KeyDecision>): JumpResult[] {
  return entries.map((e) => {
    const enabled = keys.get(e.keyName)!.on;
    const type = enabled !== e.branch ? 'jmp' : 'nop';
    const before = mem.u32(e.code);
    const after = type === 'jmp' ? genBranchImm(e.code, e.target) : genNop();
    mem.setU32(e.code, after);
    return { entry: e, enabled, site: mem.name(e.code), before, after, type };
  });
}
