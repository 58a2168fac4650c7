// MIDR_EL1 ranges as the kernel writes its errata lists (asm/cputype.h: MIDR_RANGE,
// MIDR_ALL_VERSIONS, MIDR_REV_RANGE, MIDR_REV) and is_midr_in_range(). A model is named as the
// tree names it (`MIDR_CORTEX_A57`); its value comes from the tree's cputype.h.
const IMPLEMENTER = 0xff000000;
const ARCHITECTURE = 0x000f0000;
const PARTNUM = 0x0000fff0;
const VARIANT_SHIFT = 20;
const MODEL_MASK = IMPLEMENTER | ARCHITECTURE | PARTNUM;

export interface MidrRange {
  readonly model: string;
  /** [variant, revision] */
  readonly min: readonly [number, number];
  readonly max: readonly [number, number];
  /** Qualcomm Kryo: only the top nibble of the part number is compared (is_kryo_midr). */
  readonly kryo?: boolean;
}

export const midrRange = (model: string, vmin: number, rmin: number, vmax: number, rmax: number): MidrRange => ({ model, min: [vmin, rmin], max: [vmax, rmax] });
export const allVersions = (model: string): MidrRange => midrRange(model, 0, 0, 0xf, 0xf);
export const revRange = (model: string, v: number, rmin: number, rmax: number): MidrRange => midrRange(model, v, rmin, v, rmax);
export const rev = (model: string, v: number, r: number): MidrRange => midrRange(model, v, r, v, r);
export const kryo = (model: string): MidrRange => ({ ...allVersions(model), kryo: true });

/** MIDR model values by the tree's names (`MIDR_CORTEX_A57` → 0x410fd070). */
export type MidrModels = ReadonlyMap<string, number>;

const varRev = (v: number, r: number) => (v << VARIANT_SHIFT) | r;

export function midrInRange(midr: number, models: MidrModels, range: MidrRange): boolean {
  const model = models.get(range.model);
  if (model === undefined) return false;
  if (range.kryo) {
    const mask = (IMPLEMENTER | (0xf00 << 4) | ARCHITECTURE) >>> 0;
    return ((midr & mask) >>> 0) === ((model & mask) >>> 0);
  }
  if (((midr & MODEL_MASK) >>> 0) !== ((model & MODEL_MASK) >>> 0)) return false;
  const rv = midr & ((0xf << VARIANT_SHIFT) | 0xf);
  return rv >= varRev(...range.min) && rv <= varRev(...range.max);
}

export const midrInList = (midr: number, models: MidrModels, list: readonly MidrRange[]): boolean => list.some((r) => midrInRange(midr, models, r));

/** `r1p0` */
export const midrRevision = (midr: number): string => `r${(midr >>> VARIANT_SHIFT) & 0xf}p${midr & 0xf}`;

export const describeRange = (r: MidrRange): string =>
  r.kryo ? `${r.model} (Kryo family)` : r.min[0] === 0 && r.min[1] === 0 && r.max[0] === 0xf && r.max[1] === 0xf ? `${r.model} (all)` : `${r.model} r${r.min[0]}p${r.min[1]}–r${r.max[0]}p${r.max[1]}`;
