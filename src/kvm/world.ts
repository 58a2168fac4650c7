// The KVM world around the machine: a linked image loaded into memory, the C-side objects
// (vcpu, vm, host context, stacks) as named memory, every address resolvable to a field path,
// and calls of host functions at EL1 the way host C code would make them.
import type { Image } from '../link/link.js';
import { Machine, RETURN_SENTINEL, type RunResult } from '../machine/machine.js';
import { EXEC, HOST, HYP, READ, WRITE, type Region } from '../machine/memory.js';
import { HypsimError } from '../util/diagnostics.js';
import type { LayoutSet } from './layout.js';

/** A C object in memory: a struct instance (record) or a plain buffer (stack, page). */
export interface MemoryObject {
  readonly name: string;
  /** Its kernel (linear-map) address. */
  readonly address: bigint;
  readonly size: number;
  /** Struct type, when the object is an instance of one. */
  readonly record?: string;
  /** Array index names for field paths (e.g. sys_regs slots). */
  readonly group?: string;
}

export interface ObjectMapping {
  readonly object: MemoryObject;
  /** Extra addresses the same memory appears at (the hyp alias). */
  readonly aliases: ReadonlyArray<{ readonly name: string; readonly address: bigint; readonly worlds: number }>;
  readonly worlds: number;
}

/** Names of array elements in field paths: sys_regs[3] → sys_regs[TTBR0_EL1]. */
export type IndexNamer = (record: string, field: string, index: number) => string | undefined;

export class KvmWorld {
  readonly objects: ObjectMapping[] = [];

  constructor(
    readonly machine: Machine,
    readonly image: Image,
    readonly layouts: LayoutSet,
    readonly indexNamer: IndexNamer = () => undefined,
  ) {}

  /** Loads every linked region; `extraMappings` gives the other addresses a region appears at. */
  loadImage(worldsOf: (region: string) => number, extraMappings: (region: string, address: bigint) => ReadonlyArray<{ readonly address: bigint; readonly worlds: number; readonly name: string }>): void {
    for (const region of this.image.regions) {
      const perms = (region.perms.includes('r') ? READ : 0) | (region.perms.includes('w') ? WRITE : 0) | (region.perms.includes('x') ? EXEC : 0);
      const size = Math.max(pageUp(region.bytes.length), 0x1000);
      this.machine.memory.map(region.name, region.address, size, { perms, worlds: worldsOf(region.name) });
      this.machine.memory.writeBytes(region.address, region.bytes);
      for (const extra of extraMappings(region.name, region.address)) {
        this.machine.memory.alias(extra.name, region.name, extra.address, { perms, worlds: extra.worlds });
      }
    }
  }

  /** A page of `brk` words standing for code outside the image (e.g. the host's panic()). */
  mapStopPage(name: string, address: bigint, brkImmediate: number): void {
    this.machine.memory.map(name, address, 0x1000, { perms: READ | EXEC, worlds: HOST | HYP });
    const page = new Uint8Array(0x1000);
    const view = new DataView(page.buffer);
    for (let i = 0; i < 0x1000; i += 4) view.setUint32(i, (0xd4200000 | (brkImmediate << 5)) >>> 0, true);
    this.machine.memory.writeBytes(address, page);
  }

  /** Allocates a C object at `address`; `hypAlias` maps it for EL2 as well. */
  addObject(object: MemoryObject, worlds: number, hypAlias?: bigint): void {
    const size = pageUp(object.size);
    this.machine.memory.map(object.name, object.address, size, { perms: READ | WRITE, worlds });
    const aliases = hypAlias === undefined ? [] : [{ name: `${object.name}@hyp`, address: hypAlias, worlds: HYP }];
    for (const a of aliases) this.machine.memory.alias(a.name, object.name, a.address, { perms: READ | WRITE, worlds: a.worlds });
    this.objects.push({ object, aliases, worlds });
  }

  object(name: string): MemoryObject {
    const o = this.objects.find((m) => m.object.name === name);
    if (!o) throw new HypsimError(`world: no object named '${name}'`);
    return o.object;
  }

  /** Kernel address of `object.path` (e.g. `vcpu`, `ctxt.gp.regs[20]`). */
  addressOf(objectName: string, path = ''): bigint {
    const o = this.object(objectName);
    if (path === '') return o.address;
    if (!o.record) throw new HypsimError(`world: ${objectName} is not a struct`);
    return o.address + BigInt(this.layouts.resolve(o.record, path).offset);
  }

  read64(objectName: string, path: string): bigint {
    return this.machine.memory.readU64(this.addressOf(objectName, path));
  }

  write64(objectName: string, path: string, value: bigint): void {
    this.machine.memory.writeU64(this.addressOf(objectName, path), value);
  }

  read32(objectName: string, path: string): number {
    return this.machine.memory.readU32(this.addressOf(objectName, path));
  }

  write32(objectName: string, path: string, value: number): void {
    this.machine.memory.writeU32(this.addressOf(objectName, path), value);
  }

  /** `vcpu.ctxt.fp.vregs[5]`, `host_data.host_ctxt.sys_regs[SCTLR_EL1]`, or `symbol+0x10`. */
  describe(address: bigint): string {
    for (const { object, aliases } of this.objects) {
      for (const base of [object.address, ...aliases.map((a) => a.address)]) {
        if (address >= base && address < base + BigInt(object.size)) {
          const offset = Number(address - base);
          if (!object.record) return `${object.name}+0x${offset.toString(16)}`;
          return `${object.name}${this.layouts.pathAt(object.record, offset, this.indexNamer)}`;
        }
      }
    }
    const sym = this.image.symbolize(address);
    return sym ? (sym.offset ? `${sym.name}+0x${sym.offset.toString(16)}` : sym.name) : `0x${address.toString(16)}`;
  }

  /** Code runs at aliases (the hyp VA, an idmap); the image knows it by its link address. */
  linkAddress(pc: bigint): bigint {
    const memory = this.machine.memory;
    const region = memory.regionAt(pc);
    const at = region?.name.indexOf('@') ?? -1;
    if (!region || at < 0) return pc;
    const primary = memory.regions.find((r) => r.name === region.name.slice(0, at));
    if (!primary) return pc;
    const base = (r: Region) => (BigInt(r.hi) << 32n) | BigInt(r.lo);
    return pc - base(region) + base(primary);
  }

  /** The other addresses a linked region's memory appears at (`hyp-text@hyp`: the hyp VA). */
  aliasesOf(regionName: string): Array<{ readonly name: string; readonly address: bigint }> {
    return this.machine.memory.regions
      .filter((r) => r.name.startsWith(`${regionName}@`))
      .map((r) => ({ name: r.name, address: (BigInt(r.hi) << 32n) | BigInt(r.lo) }));
  }

  /** `symbol+0x10 (file.S:123)`: where an executing address comes from. */
  where(pc: bigint): string {
    const located = this.image.insnAt(this.linkAddress(pc));
    const origin = located ? ` (${located.item.origin.file}:${located.item.origin.line})` : '';
    return `${this.describe(this.linkAddress(pc))}${origin}`;
  }

  /** The memory object an address belongs to (for per-region byte counts). */
  objectAt(address: bigint): string | undefined {
    for (const { object, aliases } of this.objects) {
      for (const base of [object.address, ...aliases.map((a) => a.address)]) {
        if (address >= base && address < base + BigInt(object.size)) return object.name;
      }
    }
    const region: Region | undefined = this.machine.memory.regionAt(address);
    return region?.name.replace(/@hyp$/, '');
  }

  /**
   * Calls a host function at EL1 (EL1h, IRQs masked like host code around a hypercall) with
   * up to eight arguments; runs until it returns to the sentinel.
   */
  callHost(fn: string | bigint, args: readonly bigint[], maxSteps: number, onRun?: (m: Machine) => RunResult): RunResult {
    const m = this.machine;
    const address = typeof fn === 'string' ? this.image.address(fn) : fn;
    args.forEach((a, i) => m.setX(i, a));
    m.setX(30, RETURN_SENTINEL);
    m.setEl(1, 1);
    m.setSysreg('daif', 0x3c0n);
    m.pc = address;
    const result = onRun ? onRun(m) : m.run({ maxSteps });
    if (result.reason !== 'returned') {
      const where = this.where(m.pc);
      throw new HypsimError(`host call ${typeof fn === 'string' ? fn : `0x${fn.toString(16)}`} did not return: ${result.message} (pc ${where}, EL${m.el}, after ${result.steps} steps)`, undefined, result.reason === 'steps' ? 'limit' : 'input');
    }
    return result;
  }
}

export function pageUp(n: number): number {
  return Math.ceil(n / 0x1000) * 0x1000;
}
