// Flat, sparse, little-endian memory made of named regions. A backing store can be mapped at
// several addresses (how the kernel linear map and the HYP map of the same memory are modelled),
// and each mapping says who may use it: the host (EL0/1 with stage 2 off), the guest (EL0/1
// with HCR_EL2.VM set: a missing guest mapping is a stage-2 fault) and the hypervisor (EL2).
import { HypsimError } from '../util/diagnostics.js';

export const READ = 1;
export const WRITE = 2;
export const EXEC = 4;

export const HOST = 1;
export const GUEST = 2;
export const HYP = 4;
export const ALL_WORLDS = HOST | GUEST | HYP;

export type World = typeof HOST | typeof GUEST | typeof HYP;

export class Store {
  readonly bytes: Uint8Array;
  readonly view: DataView;
  /** The same bytes as 32-bit words (host order is little-endian), for aligned accesses. */
  readonly words: Uint32Array;
  /** Executable mappings of this store, whose decoded instructions must go when the bytes change. */
  readonly codeCaches: Region[] = [];
  /** True once an instruction of this store has been compiled: only then do writes invalidate. */
  hasCode = false;

  constructor(
    readonly name: string,
    readonly size: number,
  ) {
    this.bytes = new Uint8Array(size);
    this.view = new DataView(this.bytes.buffer);
    this.words = new Uint32Array(this.bytes.buffer, 0, size >>> 2);
  }

  /** Drops what was compiled from bytes [offset, offset + size) of the store, in every executable mapping. */
  invalidate(offset: number, size: number): void {
    for (const region of this.codeCaches) {
      const from = offset - region.storeOffset;
      if (from + size <= 0 || from >= region.size) continue;
      const end = Math.min((from + size + 3) >>> 2, region.code.length);
      for (let w = Math.max(from, 0) >>> 2; w < end; w++) region.code[w] = undefined;
      region.blocks.fill(undefined);
    }
  }
}

if (new Uint8Array(new Uint32Array([1]).buffer)[0] !== 1) throw new Error('hypsim needs a little-endian host');

export interface Region {
  readonly name: string;
  readonly lo: number;
  readonly hi: number;
  readonly size: number;
  readonly store: Store;
  /** Offset of this mapping's first byte inside the store. */
  readonly storeOffset: number;
  readonly perms: number;
  readonly worlds: number;
  /** Decoded instructions by word index, filled lazily by the machine. */
  readonly code: Array<unknown>;
  /** Straight-line runs of decoded instructions by starting word index (the machine's fast path). */
  readonly blocks: Array<unknown>;
}

export interface MapOptions {
  readonly perms?: number;
  readonly worlds?: number;
  readonly storeOffset?: number;
  readonly size?: number;
}

export class Memory {
  readonly regions: Region[] = [];
  private readonly stores = new Map<string, Store>();

  /** A new backing store mapped once at `address`. */
  map(name: string, address: bigint, size: number, opts: MapOptions = {}): Region {
    if (this.stores.has(name)) throw new HypsimError(`memory: a region named '${name}' already exists`);
    const store = new Store(name, size);
    this.stores.set(name, store);
    return this.mapStore(name, store, address, { ...opts, size });
  }

  /** Another view of an existing store (e.g. the hyp alias of a kernel-VA region). */
  alias(name: string, storeName: string, address: bigint, opts: MapOptions = {}): Region {
    const store = this.stores.get(storeName);
    if (!store) throw new HypsimError(`memory: no region '${storeName}' to alias`);
    return this.mapStore(name, store, address, opts);
  }

  store(name: string): Store {
    const s = this.stores.get(name);
    if (!s) throw new HypsimError(`memory: no region named '${name}'`);
    return s;
  }

  private mapStore(name: string, store: Store, address: bigint, opts: MapOptions): Region {
    const storeOffset = opts.storeOffset ?? 0;
    const size = opts.size ?? store.size - storeOffset;
    const lo = Number(address & 0xffffffffn);
    const hi = Number((address >> 32n) & 0xffffffffn);
    if (size <= 0 || storeOffset + size > store.size) throw new HypsimError(`memory: mapping '${name}' exceeds its store`);
    if (lo + size > 0x1_0000_0000) throw new HypsimError(`memory: region '${name}' crosses a 4 GiB boundary`);
    const clash = this.regions.find((r) => r.hi === hi && lo < r.lo + r.size && r.lo < lo + size);
    if (clash) throw new HypsimError(`memory: region '${name}' at 0x${address.toString(16)} overlaps '${clash.name}'`);
    const perms = opts.perms ?? READ | WRITE;
    const words = perms & EXEC ? size >>> 2 : 0;
    const code = new Array<unknown>(words).fill(undefined);
    const blocks = new Array<unknown>(words).fill(undefined);
    const region: Region = {
      name,
      lo,
      hi,
      size,
      store,
      storeOffset,
      perms,
      worlds: opts.worlds ?? ALL_WORLDS,
      code,
      blocks,
    };
    this.regions.push(region);
    if (perms & EXEC) store.codeCaches.push(region);
    return region;
  }

  /** The region containing [addr, addr+size), whatever its permissions; undefined when unmapped. */
  find(lo: number, hi: number, size = 1): Region | undefined {
    for (const r of this.regions) {
      if (r.hi === hi) {
        const off = (lo - r.lo) >>> 0;
        if (off + size <= r.size) return r;
      }
    }
    return undefined;
  }

  regionAt(address: bigint): Region | undefined {
    return this.find(Number(address & 0xffffffffn), Number((address >> 32n) & 0xffffffffn));
  }

  /** Host-side access for loaders and scenarios (no permission checks). */
  writeBytes(address: bigint, data: Uint8Array): void {
    const r = this.mustFind(address, data.length);
    const off = r.storeOffset + ((Number(address & 0xffffffffn) - r.lo) >>> 0);
    r.store.bytes.set(data, off);
    r.store.invalidate(off, data.length);
  }

  readBytes(address: bigint, size: number): Uint8Array {
    const r = this.mustFind(address, size);
    const off = r.storeOffset + ((Number(address & 0xffffffffn) - r.lo) >>> 0);
    return r.store.bytes.slice(off, off + size);
  }

  readU64(address: bigint): bigint {
    return new DataView(this.readBytes(address, 8).buffer).getBigUint64(0, true);
  }

  writeU64(address: bigint, value: bigint): void {
    const b = new Uint8Array(8);
    new DataView(b.buffer).setBigUint64(0, BigInt.asUintN(64, value), true);
    this.writeBytes(address, b);
  }

  readU32(address: bigint): number {
    return new DataView(this.readBytes(address, 4).buffer).getUint32(0, true);
  }

  writeU32(address: bigint, value: number): void {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setUint32(0, value >>> 0, true);
    this.writeBytes(address, b);
  }

  private mustFind(address: bigint, size: number): Region {
    const r = this.regionAt(address);
    if (!r || !this.find(Number(address & 0xffffffffn), Number((address >> 32n) & 0xffffffffn), size)) {
      throw new HypsimError(`memory: 0x${address.toString(16)} (+${size}) is not mapped`);
    }
    return r;
  }
}
