// Scenarios: what the host does with one vcpu — vcpu_load, runs with a guest workload and an
// exit kind, host activity between runs, vcpu_put. Written as YAML or JSON; built-in ones by name.
import { readFileSync } from 'node:fs';
import { LineCounter, isMap, isScalar, isSeq, parseDocument, type Document as YamlDocument, type YAMLMap, type YAMLSeq } from 'yaml';
import { z } from 'zod';
import { HypsimError, originAt, shortValue } from '../util/diagnostics.js';

export type ExitKind = 'hvc' | 'mmio' | 'irq';

/** Guest work before the exit: integer loop iterations and FP/SIMD loop iterations. */
export interface GuestWork {
  readonly compute: number;
  readonly fpsimd: number;
}

export type Step =
  | { readonly kind: 'vcpu_load' }
  | { readonly kind: 'vcpu_put' }
  | { readonly kind: 'run'; readonly work: GuestWork; readonly exit: ExitKind; readonly irqAfter: number }
  | { readonly kind: 'host_fpsimd'; readonly seed: bigint };

export interface Scenario {
  readonly name: string;
  readonly description: string;
  readonly steps: readonly Step[];
  /** Where the scenario came from: `built-in` or a file path as given. */
  readonly source: string;
}

const DEFAULT_IRQ_AFTER = 16;

/** Documented limits, checked before anything is expanded or run. */
export const SCENARIO_LIMITS = {
  /** compute, fpsimd, irq_after and repeat times. */
  count: 1_000_000,
  /** Steps after expanding every repeat (the product of nested times, checked first). */
  steps: 100_000,
  /** How deep repeats may nest. */
  repeatDepth: 4,
  /** How deep a document may nest at all (maps and lists). */
  documentDepth: 32,
} as const;

const Count = z.number().int().min(0).max(SCENARIO_LIMITS.count);
const Seed = z.union([
  z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  z.string().regex(/^\s*(0x[0-9a-fA-F]{1,16}|[0-9]{1,19})\s*$/, 'a seed is an integer or a "0x…" hex string of at most 64 bits'),
]);
const Work = z.strictObject({ compute: Count.optional(), fpsimd: Count.optional() });
const Run = z
  .strictObject({ work: Work.nullish(), exit: z.enum(['hvc', 'mmio', 'irq'], { error: (i) => `run.exit must be hvc, mmio or irq, not ${shortValue(i.input)}` }).optional(), irq_after: Count.optional() })
  .superRefine((r, ctx) => {
    if (r.irq_after !== undefined && (r.exit ?? 'hvc') !== 'irq') ctx.addIssue({ code: 'custom', path: ['irq_after'], message: `irq_after applies to exit: irq, not to exit: ${r.exit ?? 'hvc'}` });
  });
type RawStep = 'vcpu_load' | 'vcpu_put' | { run?: z.infer<typeof Run> | null; host_fpsimd?: z.infer<typeof Seed> | null; repeat?: { times: number; steps: RawStep[] } };
const Step: z.ZodType<RawStep> = z.lazy(() =>
  z.union([
    z.enum(['vcpu_load', 'vcpu_put']),
    z
      .strictObject({ run: Run.nullish(), host_fpsimd: Seed.nullish(), repeat: z.strictObject({ times: Count, steps: z.array(Step).min(1) }).optional() })
      .refine((o) => Object.keys(o).length === 1, 'a step is one of run, host_fpsimd, repeat (one key), vcpu_load or vcpu_put'),
  ]),
);
const Document = z.strictObject({ name: z.string().optional(), description: z.string().optional(), steps: z.array(Step) });

type Path = ReadonlyArray<PropertyKey>;

/** Where a path of the document is: the key of an unknown key, else the value. */
function positionOf(doc: YamlDocument.Parsed, lines: LineCounter, path: Path, key?: string): [number, number] {
  let node: unknown = doc.contents;
  for (const seg of path) {
    if (isMap(node) || isSeq(node)) node = (node as YAMLMap | YAMLSeq).get(seg as never, true);
    else break;
  }
  let offset = 0;
  if (key !== undefined && isMap(node)) {
    const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === key);
    offset = (pair?.key as { range?: [number, number, number] } | undefined)?.range?.[0] ?? node.range?.[0] ?? 0;
  } else offset = (node as { range?: [number, number, number] } | undefined)?.range?.[0] ?? 0;
  const { line, col } = lines.linePos(offset);
  return [line, col];
}

interface Located {
  readonly path: Path;
  readonly message: string;
  readonly key?: string;
}

/** Zod's issues, with a union's alternatives narrowed to the one the value's type chose. */
function flatten(issues: readonly z.core.$ZodIssue[], value: unknown, base: Path = []): Located[] {
  const out: Located[] = [];
  for (const issue of issues) {
    const path = [...base, ...issue.path];
    if (issue.code === 'invalid_union' && typeof path.at(-1) !== 'number') {
      out.push({ path, message: `${path.map(String).join('.')}: expected an integer of at most 53 bits or a "0x…" hex string of at most 64 bits` });
    } else if (issue.code === 'invalid_union' && issue.errors.length === 2) {
      const v = path.reduce<unknown>((x, k) => (x as Record<PropertyKey, unknown> | undefined)?.[k], value);
      const branch = typeof v === 'string' ? 0 : 1;
      if (typeof v !== 'string' && (typeof v !== 'object' || v === null || Array.isArray(v))) out.push({ path, message: `each step is 'vcpu_load', 'vcpu_put', or a one-key map (run, host_fpsimd, repeat); got ${shortValue(v)}` });
      else if (branch === 0) out.push({ path, message: `unknown step '${String(v)}': each step is 'vcpu_load', 'vcpu_put', or a one-key map (run, host_fpsimd, repeat)` });
      else out.push(...flatten(issue.errors[1], value, path));
    } else if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) out.push({ path, key, message: `unknown key '${key}'${hint(path, key)}` });
    } else if (issue.code === 'custom' && typeof path.at(-1) === 'string') out.push({ path: path.slice(0, -1), key: String(path.at(-1)), message: issue.message });
    else if (issue.code === 'custom' || issue.path.at(-1) === 'exit') out.push({ path, message: issue.message });
    else out.push({ path, message: `${path.length ? `${path.map(String).join('.')}: ` : ''}${issue.message}` });
  }
  return out;
}

const KEYS_BY_PLACE: Record<string, readonly string[]> = {
  document: ['name', 'description', 'steps'], step: ['run', 'host_fpsimd', 'repeat'], run: ['work', 'exit', 'irq_after'], work: ['compute', 'fpsimd'], repeat: ['times', 'steps'],
};

/** `(did you mean 'fpsimd'?)` from the keys allowed at that place. */
function hint(path: Path, key: string): string {
  const last = path.length === 0 ? 'document' : typeof path.at(-1) === 'number' ? 'step' : String(path.at(-1));
  const allowed = KEYS_BY_PLACE[last] ?? [];
  const close = allowed.find((k) => distance(k, key) <= 2);
  return close ? ` (did you mean '${close}'?)` : allowed.length ? ` (expected ${allowed.join(', ')})` : '';
}

function distance(a: string, b: string): number {
  const d = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = d[0];
    d[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const t = d[j];
      d[j] = Math.min(d[j] + 1, d[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = t;
    }
  }
  return d[b.length];
}

/** Depth of nesting, iteratively (a document nested thousands deep must not overflow the stack). */
function tooDeep(value: unknown, limit: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length) {
    const [v, depth] = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    if (depth >= limit) return true;
    for (const child of Object.values(v)) stack.push([child, depth + 1]);
  }
  return false;
}

function toStep(raw: Exclude<RawStep, { repeat?: unknown } & object> | RawStep): Step | undefined {
  if (raw === 'vcpu_load' || raw === 'vcpu_put') return { kind: raw };
  if ('run' in raw) {
    const r = raw.run ?? {};
    return { kind: 'run', work: { compute: r.work?.compute ?? 0, fpsimd: r.work?.fpsimd ?? 0 }, exit: r.exit ?? 'hvc', irqAfter: r.irq_after ?? DEFAULT_IRQ_AFTER };
  }
  if ('host_fpsimd' in raw) return { kind: 'host_fpsimd', seed: raw.host_fpsimd === null || raw.host_fpsimd === undefined ? 0x600dn : BigInt(String(raw.host_fpsimd).trim()) };
  return undefined;
}

/** Steps after expanding repeats, counted without expanding; repeat nesting checked on the way. */
function expandedCount(steps: readonly RawStep[], fail: (path: Path, message: string) => never, path: Path = ['steps'], depth = 0): number {
  let n = 0;
  steps.forEach((s, i) => {
    if (typeof s === 'string' || !s.repeat) {
      n += 1;
      return;
    }
    const here = [...path, i, 'repeat'];
    if (depth >= SCENARIO_LIMITS.repeatDepth) fail(here, `repeat nests more than ${SCENARIO_LIMITS.repeatDepth} deep`);
    n += s.repeat.times * expandedCount(s.repeat.steps, fail, [...here, 'steps'], depth + 1);
    if (n > SCENARIO_LIMITS.steps) fail(here, `the scenario has more than ${SCENARIO_LIMITS.steps} steps once its repeats are expanded`);
  });
  return n;
}

function* expand(steps: readonly RawStep[]): Generator<Step> {
  for (const s of steps) {
    const step = toStep(s);
    if (step) yield step;
    else if (typeof s !== 'string' && s.repeat) for (let i = 0; i < s.repeat.times; i++) yield* expand(s.repeat.steps);
  }
}

/** Offset where flow collections (`[`, `{`) nest deeper than the limit, found before the YAML parser recurses. */
function deepFlowAt(text: string, limit: number): number | undefined {
  let depth = 0;
  let quote = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote || c === '\n') quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '#' && (i === 0 || /\s/.test(text[i - 1]))) while (i < text.length && text[i] !== '\n') i++;
    else if (c === '[' || c === '{') {
      if (++depth > limit) return i;
    } else if ((c === ']' || c === '}') && depth > 0) depth--;
  }
  return undefined;
}

export function parseScenario(text: string, source: string): Scenario {
  const deep = deepFlowAt(text, SCENARIO_LIMITS.documentDepth);
  if (deep !== undefined) {
    const before = text.slice(0, deep);
    const line = before.split('\n').length;
    throw new HypsimError(`scenario: nested more than ${SCENARIO_LIMITS.documentDepth} deep`, originAt(source, line, deep - before.lastIndexOf('\n')));
  }
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number) => lines.linePos(offset);
  const yamlError = doc.errors[0];
  if (yamlError) {
    const { line, col } = at(yamlError.pos[0]);
    const why = /call stack/i.test(yamlError.message) ? 'nested too deeply to parse' : yamlError.message.split('\n')[0];
    throw new HypsimError(`not valid YAML/JSON: ${why}`, originAt(source, line, col));
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    throw new HypsimError(`${source}: scenario: ${(e as Error).message.split('\n')[0]}`);
  }
  const fail = (path: Path, message: string, key?: string): never => {
    const [line, col] = positionOf(doc, lines, path, key);
    throw new HypsimError(`scenario: ${message}`, originAt(source, line, col));
  };
  if (tooDeep(value, SCENARIO_LIMITS.documentDepth)) fail([], `nested more than ${SCENARIO_LIMITS.documentDepth} deep`);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail([], 'expected a map with name, description and steps');
  const parsed = Document.safeParse(value);
  if (!parsed.success) {
    const issues = flatten(parsed.error.issues, value).sort((a, b) => Number(/^unknown key/.test(b.message)) - Number(/^unknown key/.test(a.message)));
    const first = issues[0];
    const [line, col] = positionOf(doc, lines, first.path, first.key);
    const more = issues.slice(1, 4).map((i) => {
      const [l, c] = positionOf(doc, lines, i.path, i.key);
      return `also ${source}:${l}:${c}: ${i.message}`;
    });
    throw new HypsimError(`scenario: ${first.message}`, originAt(source, line, col), 'input', more);
  }
  const d = parsed.data;
  expandedCount(d.steps, fail);
  const steps = [...expand(d.steps)];
  validateOrder(source, steps);
  return { name: d.name ?? source, description: d.description ?? '', steps, source };
}

function fail(source: string, message: string): never {
  throw new HypsimError(`${source}: scenario: ${message}`);
}

/** Runs happen between vcpu_load and vcpu_put, like KVM_RUN inside a vcpu's residency. */
function validateOrder(source: string, steps: readonly Step[]): void {
  let loaded = false;
  for (const s of steps) {
    if (s.kind === 'vcpu_load') {
      if (loaded) fail(source, 'vcpu_load while the vcpu is already loaded');
      loaded = true;
    } else if (s.kind === 'vcpu_put') {
      if (!loaded) fail(source, 'vcpu_put without vcpu_load');
      loaded = false;
    } else if (s.kind === 'run' && !loaded) fail(source, 'run outside vcpu_load … vcpu_put');
  }
  if (loaded) fail(source, 'the scenario ends with the vcpu still loaded (add vcpu_put)');
}

/** The built-in scenarios as written (YAML), by name. */
export const BUILTIN_SCENARIO_TEXTS: Readonly<Record<string, string>> = {
  'round-trip': `
name: round-trip
description: One vcpu residency with one guest entry that computes, touches FP/SIMD and exits with an hvc.
steps:
  - vcpu_load
  - run: { work: { compute: 20, fpsimd: 4 }, exit: hvc }
  - vcpu_put
`,
  exits: `
name: exits
description: Every exit kind (hvc, MMIO data abort, IRQ), with and without guest FP/SIMD use, in one residency.
steps:
  - vcpu_load
  - run: { work: { compute: 10 }, exit: hvc }
  - run: { work: { compute: 10, fpsimd: 2 }, exit: hvc }
  - run: { work: { compute: 5 }, exit: mmio }
  - run: { work: { fpsimd: 2 }, exit: mmio }
  - run: { work: { compute: 5 }, exit: irq, irq_after: 12 }
  - run: { work: { fpsimd: 1 }, exit: irq, irq_after: 30 }
  - vcpu_put
`,
  'exit-heavy': `
name: exit-heavy
description: 'An I/O-bound guest, hackbench-like: 16 short runs per residency, a quarter of them using FP/SIMD.'
steps:
  - vcpu_load
  - repeat:
      times: 4
      steps:
        - run: { work: { compute: 4 }, exit: hvc }
        - run: { work: { compute: 2 }, exit: mmio }
        - run: { work: { compute: 4, fpsimd: 1 }, exit: hvc }
        - run: { work: { compute: 1 }, exit: irq, irq_after: 8 }
  - vcpu_put
`,
  'fpsimd-hazard': `
name: fpsimd-hazard
description: "The RFC's known hazard: host code uses FP/SIMD between vcpu_load and vcpu_put without saving the registers first."
steps:
  - vcpu_load
  - run: { work: { compute: 4, fpsimd: 2 }, exit: hvc }
  - host_fpsimd: 0x5eed
  - run: { work: { compute: 4, fpsimd: 2 }, exit: hvc }
  - vcpu_put
`,
};

export const DEFAULT_SCENARIO = 'exits';

export function builtinScenarioNames(): string[] {
  return Object.keys(BUILTIN_SCENARIO_TEXTS);
}

export function builtinScenario(name: string): Scenario {
  const text = BUILTIN_SCENARIO_TEXTS[name];
  if (!text) throw new HypsimError(`no built-in scenario '${name}' (built-in: ${builtinScenarioNames().join(', ')})`, undefined, 'usage');
  return { ...parseScenario(text, `built-in:${name}`), source: 'built-in' };
}

/** A built-in name (a bare word), or a file: anything with a `/` or a `.` in it (`x.scn`, `./x`, `/dev/stdin`). */
export function loadScenario(nameOrPath: string | undefined): Scenario {
  const which = nameOrPath ?? DEFAULT_SCENARIO;
  if (BUILTIN_SCENARIO_TEXTS[which]) return builtinScenario(which);
  if (!/[/.]/.test(which)) return builtinScenario(which);
  let text: string;
  try {
    text = readFileSync(which, 'utf8');
  } catch (e) {
    throw new HypsimError(`${which}: cannot read scenario file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  return parseScenario(text, which);
}

export function describeStep(s: Step): string {
  switch (s.kind) {
    case 'vcpu_load':
    case 'vcpu_put':
      return s.kind;
    case 'host_fpsimd':
      return `host uses FP/SIMD (seed 0x${s.seed.toString(16)})`;
    case 'run': {
      const work = [s.work.compute ? `compute ${s.work.compute}` : '', s.work.fpsimd ? `fpsimd ${s.work.fpsimd}` : ''].filter(Boolean).join(', ');
      return `run (${work || 'no work'}) → ${s.exit}${s.exit === 'irq' ? ` after ${s.irqAfter}` : ''}`;
    }
  }
}
