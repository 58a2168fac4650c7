// Architecture features as GNU as 2.40 (aarch64-linux-gnu) knows them: the feature bits, what each
// `-march=`/`.arch` architecture, each `-mcpu=`/`.cpu` CPU and each `+ext` extension turns on,
// and the features of hypsim's own CPU. Forms (src/a64/forms), system registers and system
// operations name the one feature they need; the assembler rejects them when the selected
// architecture lacks it, the machine raises UNDEFINED when its CPU does.

/**
 * A feature bit, spelled as gas's AARCH64_FEATURE_* name in lower case (`lse`, `v8.2`, `f16`); as a
 * requirement, several joined by `+` are all needed (`v8a+v8.1`), `!` marks an absence (`!v8r`).
 */
export type Feature = string;
export type FeatureSet = ReadonlySet<Feature>;

const V8 = ['v8', 'v8a', 'fp', 'ras', 'simd'];
const V8_1 = ['v8.1', 'crc', 'lse', 'pan', 'lor', 'rdma'];
const V8_2 = ['v8.2'];
const V8_3 = ['v8.3', 'pac', 'rcpc', 'compnum'];
const V8_4 = ['v8.4', 'dotprod', 'flagm', 'f16fml'];
const V8_5 = ['v8.5', 'flagmanip', 'frintts', 'sb', 'predres', 'cvadp', 'bti', 'scxtnum', 'id_pfr2', 'ssbs'];
const V8_6 = ['v8.6', 'bf16', 'i8mm'];
const V8_7 = ['v8.7', 'ls64'];
const V8_8 = ['v8.8', 'mops', 'hbc'];
const V9 = ['v9', 'f16', 'sve', 'sve2'];

const upTo = (...levels: string[][]): string[] => levels.flat();
const A = {
  v8: upTo(V8),
  v8_1: upTo(V8, V8_1),
  v8_2: upTo(V8, V8_1, V8_2),
  v8_3: upTo(V8, V8_1, V8_2, V8_3),
  v8_4: upTo(V8, V8_1, V8_2, V8_3, V8_4),
  v8_5: upTo(V8, V8_1, V8_2, V8_3, V8_4, V8_5),
  v9: upTo(V8, V8_1, V8_2, V8_3, V8_4, V8_5, V9),
};

/** Every feature bit gas 2.40 has (`-march=all`, AARCH64_ANY: the R profile's `v8r` too). */
export const ALL_FEATURES: FeatureSet = new Set([
  ...A.v9, ...V8_6, ...V8_7, ...V8_8, 'v8r', 'sm4', 'sha2', 'sha3', 'aes', 'profile', 'rng', 'memtag', 'tme',
  'f32mm', 'f64mm', 'sme', 'sme_f64f64', 'sme_i16i64', 'sve2_sm4', 'sve2_aes', 'sve2_sha3', 'sve2_bitperm', 'cssc', 'sme2',
]);

/** `-march=` / `.arch` names (`.arch` does not take `all`). */
export const ARCHITECTURES: ReadonlyMap<string, FeatureSet> = new Map<string, FeatureSet>([
  ['all', ALL_FEATURES],
  ['armv8-a', new Set(A.v8)],
  ['armv8.1-a', new Set(A.v8_1)],
  ['armv8.2-a', new Set(A.v8_2)],
  ['armv8.3-a', new Set(A.v8_3)],
  ['armv8.4-a', new Set(A.v8_4)],
  ['armv8.5-a', new Set(A.v8_5)],
  ['armv8.6-a', new Set([...A.v8_5, ...V8_6])],
  ['armv8.7-a', new Set([...A.v8_5, ...V8_6, ...V8_7])],
  ['armv8.8-a', new Set([...A.v8_5, ...V8_6, ...V8_7, ...V8_8])],
  ['armv8-r', new Set([...A.v8_4, 'v8r'].filter((f) => f !== 'v8a' && f !== 'lor'))],
  ['armv9-a', new Set(A.v9)],
  ['armv9.1-a', new Set([...A.v9, ...V8_6])],
  ['armv9.2-a', new Set([...A.v9, ...V8_6, ...V8_7])],
  ['armv9.3-a', new Set([...A.v9, ...V8_6, ...V8_7, ...V8_8])],
]);

interface Extension {
  readonly name: string;
  readonly bits: readonly Feature[];
  /** Features it needs: adding it adds them, removing one of them removes it. */
  readonly requires: readonly Feature[];
}

const ext = (name: string, bits: Feature | Feature[], requires: Feature[] = []): Extension => ({
  name, bits: typeof bits === 'string' ? [bits] : bits, requires,
});

/** `+ext` names in gas's table order (a name matches its first entry by prefix, as in gas). */
export const EXTENSIONS: readonly Extension[] = [
  ext('crc', 'crc'),
  ext('crypto', ['aes', 'sha2'], ['simd']),
  ext('fp', 'fp'),
  ext('lse', 'lse'),
  ext('simd', 'simd', ['fp']),
  ext('pan', 'pan'),
  ext('lor', 'lor'),
  ext('ras', 'ras'),
  ext('rdma', 'rdma', ['simd']),
  ext('fp16', 'f16', ['fp']),
  ext('fp16fml', 'f16fml', ['fp', 'f16']),
  ext('profile', 'profile'),
  ext('sve', 'sve', ['f16', 'simd', 'compnum']),
  ext('tme', 'tme'),
  ext('compnum', 'compnum', ['f16', 'simd']),
  ext('rcpc', 'rcpc'),
  ext('dotprod', 'dotprod'),
  ext('sha2', 'sha2'),
  ext('sb', 'sb'),
  ext('predres', 'predres'),
  ext('aes', 'aes'),
  ext('sm4', 'sm4'),
  ext('sha3', 'sha3', ['sha2']),
  ext('rng', 'rng'),
  ext('ssbs', 'ssbs'),
  ext('memtag', 'memtag'),
  ext('sve2', 'sve2', ['sve']),
  ext('sve2-sm4', 'sve2_sm4', ['sve2', 'sm4']),
  ext('sve2-aes', 'sve2_aes', ['sve2', 'aes']),
  ext('sve2-sha3', 'sve2_sha3', ['sve2', 'sha3']),
  ext('sve2-bitperm', 'sve2_bitperm', ['sve2']),
  ext('sme', 'sme', ['sve2', 'bf16']),
  ext('sme-f64', 'sme_f64f64', ['sme', 'sve2', 'bf16']),
  ext('sme-i64', 'sme_i16i64', ['sme', 'sve2', 'bf16']),
  ext('bf16', 'bf16'),
  ext('i8mm', 'i8mm'),
  ext('f32mm', 'f32mm', ['sve']),
  ext('f64mm', 'f64mm', ['sve']),
  ext('ls64', 'ls64'),
  ext('flagm', 'flagm'),
  ext('pauth', 'pac'),
  ext('mops', 'mops'),
  ext('hbc', 'hbc'),
  ext('cssc', 'cssc'),
];

const cpu = (arch: string, ...extra: Feature[]): FeatureSet => new Set([...(ARCHITECTURES.get(arch) as FeatureSet), ...extra]);
const V82_CORE = ['rcpc', 'f16', 'dotprod'];
const V9_CORE = ['bf16', 'i8mm', 'memtag', 'sve2_bitperm'];

/** `-mcpu=` / `.cpu` names (`.cpu` does not take `all`). */
export const CPUS: ReadonlyMap<string, FeatureSet> = new Map<string, FeatureSet>([
  ['all', ALL_FEATURES],
  ...['cortex-a34', 'cortex-a35', 'cortex-a53', 'cortex-a57', 'cortex-a72', 'cortex-a73', 'xgene2'].map(
    (n): [string, FeatureSet] => [n, cpu('armv8-a', 'crc')],
  ),
  ['cortex-a55', cpu('armv8.2-a', ...V82_CORE)],
  ['cortex-a75', cpu('armv8.2-a', ...V82_CORE)],
  ['cortex-a76', cpu('armv8.2-a', ...V82_CORE)],
  ...['cortex-a76ae', 'cortex-a77', 'cortex-a65', 'cortex-a65ae', 'neoverse-e1'].map(
    (n): [string, FeatureSet] => [n, cpu('armv8.2-a', ...V82_CORE, 'ssbs')],
  ),
  ...['cortex-a78', 'cortex-a78ae', 'cortex-x1'].map((n): [string, FeatureSet] => [n, cpu('armv8.2-a', ...V82_CORE, 'ssbs', 'profile')]),
  ['cortex-a78c', cpu('armv8.2-a', ...V82_CORE, 'flagm', 'pac', 'profile', 'ssbs')],
  ...['cortex-a510', 'cortex-a710', 'cortex-x2'].map((n): [string, FeatureSet] => [n, cpu('armv9-a', ...V9_CORE)]),
  ['ares', cpu('armv8.2-a', ...V82_CORE, 'profile')],
  ['exynos-m1', cpu('armv8-a', 'crc', 'aes', 'sha2')],
  ['falkor', cpu('armv8-a', 'crc', 'aes', 'sha2', 'rdma')],
  ['neoverse-n1', cpu('armv8.2-a', ...V82_CORE, 'profile')],
  ['neoverse-n2', cpu('armv8.5-a', 'bf16', 'i8mm', 'f16', 'sve', 'sve2', 'sve2_bitperm', 'memtag', 'rng')],
  ['neoverse-v1', cpu('armv8.4-a', 'profile', 'cvadp', 'sve', 'ssbs', 'rng', 'f16', 'bf16', 'i8mm')],
  ['qdf24xx', cpu('armv8-a', 'crc', 'aes', 'sha2', 'rdma')],
  ['saphira', cpu('armv8.4-a', 'aes', 'sha2', 'profile')],
  ['thunderx', cpu('armv8-a', 'crc', 'aes', 'sha2')],
  ['vulcan', cpu('armv8.1-a', 'aes', 'sha2')],
  ['xgene-1', cpu('armv8-a')],
  ['xgene1', cpu('armv8-a')],
  ['cortex-r82', cpu('armv8-r')],
  ['generic', cpu('armv8-a')],
]);

/** gas's default for aarch64-linux-gnu (no -march, -mcpu, .arch or .cpu). */
export const DEFAULT_ARCHITECTURE = 'armv8-a';
export const DEFAULT_FEATURES: FeatureSet = ARCHITECTURES.get(DEFAULT_ARCHITECTURE) as FeatureSet;

/**
 * hypsim's CPU: an ARMv8.0 Cortex-A57 class core (FP, AdvSIMD, CRC32 and the crypto extension, as
 * its ID registers say). RAS, which gas counts as part of ARMv8.0, is not implemented.
 */
export const CPU_FEATURES: FeatureSet = new Set(['v8', 'v8a', 'fp', 'simd', 'crc', 'aes', 'sha2']);

/**
 * Whether a set meets a requirement: '' (none), a feature, `!feature` (its absence: gas refuses
 * the EL3 registers when the R profile's `v8r` is selected, as by `-march=all`), or several joined
 * by `+` (all needed).
 */
export function hasFeature(set: FeatureSet, requirement: string | undefined): boolean {
  if (!requirement) return true;
  return requirement.split('+').every((f) => (f[0] === '!' ? !set.has(f.slice(1)) : set.has(f)));
}

/** A requirement as the ARM ARM names it: `LSE`, `SVE`, `ARMv8.2`, `ARMv8.1 and V8A`. */
export function describeFeature(requirement: string): string {
  return requirement
    .split('+')
    .map((f) => (f[0] === '!' ? `no ${describeFeature(f.slice(1))}` : /^v\d/.test(f) ? `ARM${f}` : f.toUpperCase()))
    .join(' and ');
}

export class FeatureError extends Error {}

function closure(start: Iterable<Feature>, step: (set: Set<Feature>, e: Extension) => boolean): Set<Feature> {
  const set = new Set(start);
  for (let changed = true; changed; ) {
    changed = false;
    for (const e of EXTENSIONS) if (step(set, e)) changed = true;
  }
  return set;
}

/** The extension's bits and, transitively, everything they require. */
const enableSet = (e: Extension): Set<Feature> =>
  closure(e.bits, (set, x) => {
    if (!x.bits.every((b) => set.has(b))) return false;
    const before = set.size;
    for (const r of x.requires) set.add(r);
    return set.size !== before;
  });

/** The extension's bits and, transitively, everything that requires one of them. */
const disableSet = (e: Extension): Set<Feature> =>
  closure(e.bits, (set, x) => {
    if (!x.requires.some((r) => set.has(r))) return false;
    const before = set.size;
    for (const b of x.bits) set.add(b);
    return set.size !== before;
  });

/**
 * Applies `+a+b+noc` (extOnly: one name, `.arch_extension`'s operand) to a feature set, with gas's
 * rules and messages: names match by prefix, additions must come before removals.
 */
export function applyExtensions(base: FeatureSet, text: string, extOnly: boolean): FeatureSet {
  const set = new Set(base);
  let adding: boolean | undefined;
  let rest: string | undefined = text;
  while (rest) {
    let item: string;
    if (extOnly) {
      item = rest;
      rest = undefined;
    } else {
      if (rest[0] !== '+') throw new FeatureError('invalid architectural extension');
      const next = rest.indexOf('+', 1);
      item = next < 0 ? rest.slice(1) : rest.slice(1, next);
      rest = next < 0 ? undefined : rest.slice(next);
    }
    let remove = false;
    if (item.length >= 2 && item.startsWith('no')) {
      remove = true;
      adding = false;
      item = item.slice(2);
    } else if (item.length > 0) {
      if (adding === false) throw new FeatureError('must specify extensions to add before specifying those to remove');
      adding = true;
    }
    if (item.length === 0) throw new FeatureError('missing architectural extension');
    const e = EXTENSIONS.find((x) => x.name.startsWith(item));
    if (!e) throw new FeatureError(`unknown architectural extension \`${item}${rest ?? ''}'`);
    if (remove) for (const f of disableSet(e)) set.delete(f);
    else for (const f of enableSet(e)) set.add(f);
  }
  return set;
}

function parseNamed(table: ReadonlyMap<string, FeatureSet>, text: string, kind: 'architecture' | 'cpu', directive: boolean): FeatureSet {
  const plus = text.indexOf('+');
  const name = plus < 0 ? text : text.slice(0, plus);
  if (name === '' && !directive) throw new FeatureError(`missing ${kind === 'cpu' ? 'cpu' : 'architecture'} name \`${text}'`);
  const base = name === 'all' && directive ? undefined : table.get(name);
  if (!base) throw new FeatureError(`unknown ${kind} \`${text}'`);
  return plus < 0 ? base : applyExtensions(base, text.slice(plus), false);
}

/** `-march=NAME[+ext…]` (directive: `.arch`'s operand, which does not take `all`). */
export function parseArchitecture(text: string, directive = false): FeatureSet {
  return parseNamed(ARCHITECTURES, text, 'architecture', directive);
}

/** `-mcpu=NAME[+ext…]` (directive: `.cpu`'s operand). */
export function parseCpu(text: string, directive = false): FeatureSet {
  return parseNamed(CPUS, text, 'cpu', directive);
}

/** The features in force with gas's command line: -mcpu wins over -march; neither is armv8-a. */
export function commandLineFeatures(opts: { march?: string; mcpu?: string }): FeatureSet {
  const march = opts.march === undefined ? undefined : parseArchitecture(opts.march);
  if (opts.mcpu !== undefined) return parseCpu(opts.mcpu);
  return march ?? DEFAULT_FEATURES;
}
