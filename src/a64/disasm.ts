// Disassembler: canonical GNU-as text for one word that reassembles (aarch64-linux-gnu-as, with
// the features given, default no -march) to the identical word. Prefers objdump's aliases where
// they come back the same; with every feature, prints what objdump prints.
import { hex32, hexText } from './bits.js';
import { decode, type Decoded } from './decode.js';
import { ALL_FEATURES, DEFAULT_FEATURES, hasFeature, type FeatureSet } from './features.js';
import { featureOf, type Alias } from './form.js';
import type { MemOperand, Operand } from './operands.js';
import { formatGenericSysreg, sysregByName } from './sysregs.js';
import { CONDITION_NAMES } from './tables.js';

export interface DisasmOptions {
  /** How to print a PC-relative target, given its byte offset from the instruction (default `.+0x10`). */
  target?(delta: number): string;
  /**
   * Text to print in place of the field a relocation patches (`panic`, `:lo12:kvm_hyp_ctxt`,
   * `:abs_g3:x`), for words whose relocated field is still zero. Aliases are not used then.
   */
  relocText?: string;
  /**
   * true (default): only syntax gas accepts with `features`; instructions that need a feature it
   * lacks (SVE, `sb`, `ldadd`, `msr pan, #1`) print as `.inst 0x… // text`, names it lacks
   * (system registers, `tlbi` operations) in their generic spelling. false: always the
   * architectural text, with every name objdump knows.
   */
  reassemblable?: boolean;
  /** The architecture features the text is for (default: gas's default, armv8-a). */
  features?: FeatureSet;
}

export function defaultTarget(delta: number): string {
  return delta < 0 ? `.-0x${(-delta).toString(16)}` : `.+0x${delta.toString(16)}`;
}

interface Ctx {
  readonly opts: DisasmOptions;
  readonly features: FeatureSet;
  /** objdump's spelling where it differs from the shortest (FP immediates as `%.18e`). */
  readonly objdump: boolean;
  readonly sysregDir: 'read' | 'write';
  relocUsed: boolean;
}

function fmtFloat(v: number, objdump: boolean): string {
  if (objdump && v !== 0) return v.toExponential(18).replace(/e([+-])(\d)$/, 'e$10$2');
  return Number.isInteger(v) ? v.toFixed(1) : String(v);
}

/** An unnamed option or prefetch operation: objdump's two hex digits. */
const optionHex = (v: number): string => `#0x${v.toString(16).padStart(2, '0')}`;

function reloc(ctx: Ctx): string | undefined {
  if (ctx.opts.relocText === undefined || ctx.relocUsed) return undefined;
  ctx.relocUsed = true;
  return ctx.opts.relocText;
}

function fmtMem(m: MemOperand, ctx: Ctx): string {
  const base = `[${fmtOperand(m.base, ctx)}`;
  if (m.mode === 'post') return `${base}], ${m.index ? fmtOperand(m.index, ctx) : `#${m.offset}`}`;
  if (m.mode === 'pre') return `${base}, #${m.offset}]!`;
  if (m.index) {
    const idx = fmtOperand(m.index, ctx);
    if (m.extend === 'lsl') return `${base}, ${idx}${m.amount !== undefined ? `, lsl #${m.amount}` : ''}]`;
    return `${base}, ${idx}, ${m.extend}${m.amount !== undefined ? ` #${m.amount}` : ''}]`;
  }
  const r = m.reloc ? reloc(ctx) : undefined;
  if (r !== undefined) return `${base}, #${r}]`;
  if (m.mulVl) return m.offset === 0n ? `${base}]` : `${base}, #${m.offset}, mul vl]`;
  return m.offset === 0n ? `${base}]` : `${base}, #${m.offset}]`;
}

function fmtOperand(op: Operand, ctx: Ctx): string {
  switch (op.kind) {
    case 'gpr':
      if (op.n === 31) return op.sp ? (op.width === 64 ? 'sp' : 'wsp') : op.width === 64 ? 'xzr' : 'wzr';
      return `${op.width === 64 ? 'x' : 'w'}${op.n}`;
    case 'fpreg':
      return `${op.size}${op.n}`;
    case 'vreg':
      return `v${op.n}.${op.arrangement}`;
    case 'velem':
      return `v${op.n}.${op.elem}[${op.index}]`;
    case 'vlist': {
      const last = op.first + op.count - 1;
      if (op.count >= 3 && last < 32) return `{v${op.first}.${op.arrangement}-v${last}.${op.arrangement}}`;
      const regs = Array.from({ length: op.count }, (_, i) => `v${(op.first + i) % 32}.${op.arrangement}`);
      return `{${regs.join(', ')}}`;
    }
    case 'zreg':
      return `z${op.n}${op.elem ? '.' + op.elem : ''}`;
    case 'preg':
      return `p${op.n}${op.elem ? '.' + op.elem : ''}${op.qualifier ? '/' + op.qualifier : ''}`;
    case 'imm': {
      const r = op.reloc ? reloc(ctx) : undefined;
      if (r !== undefined) return `#${r}`;
      const v = op.hex ? hexText(op.value) : op.value.toString();
      if (op.lsl) return `#${v}, lsl #${op.lsl}`;
      if (op.msl) return `#${v}, msl #${op.msl}`;
      return `#${v}`;
    }
    case 'fpimm':
      return `#${fmtFloat(op.value, ctx.objdump)}`;
    case 'mem':
      return fmtMem(op, ctx);
    case 'target':
      return reloc(ctx) ?? (ctx.opts.target ?? defaultTarget)(op.delta);
    case 'cond':
      return CONDITION_NAMES[op.code];
    case 'sysreg': {
      const r = op.name ? sysregByName(op.name) : undefined;
      const allowed = r && (r.access === 'rw' || r.access === (ctx.sysregDir === 'read' ? 'ro' : 'wo'));
      return r && allowed && hasFeature(ctx.features, r.feature) ? r.name : formatGenericSysreg(op);
    }
    case 'pstate':
      return op.name;
    case 'barrier':
      return op.name ?? optionHex(op.option);
    case 'sysop':
      return op.name;
    case 'creg':
      return `C${op.n}`;
    case 'shift':
      return `${op.op} #${op.amount}`;
    case 'extend':
      return op.amount ? `${op.op} #${op.amount}` : op.op;
    case 'prfop':
      return op.name ?? optionHex(op.value);
    case 'keyword':
      return op.text;
  }
}

function render(mnemonic: string, ops: readonly Operand[], ctx: Ctx): string {
  const shown = ops.filter((o, i) => !(o.kind === 'shift' && o.op === 'lsl' && o.amount === 0 && i === ops.length - 1));
  return shown.length ? `${mnemonic} ${shown.map((o) => fmtOperand(o, ctx)).join(', ')}` : mnemonic;
}

const featuresFor = (opts: DisasmOptions): FeatureSet => opts.features ?? (opts.reassemblable === false ? ALL_FEATURES : DEFAULT_FEATURES);

/**
 * Mnemonic and operands to print for a decoded word: its preferred alias (unless a relocation is
 * shown), or the alias's fallback or the base form where the alias needs a feature not selected.
 */
export function preferredSyntax(d: Decoded, opts: DisasmOptions = {}): Alias {
  const ops = d.form.operands(d.fields);
  if (opts.relocText === undefined || d.form.id === 'B_cond') {
    const features = featuresFor(opts);
    for (let a = d.form.alias?.(d.fields, ops); a; a = a.fallback) if (hasFeature(features, a.feature)) return a;
  }
  return { mnemonic: d.form.mnemonic, operands: ops };
}

export function disassemble(word: number, opts: DisasmOptions = {}): string {
  const d = decode(word);
  if (!d) return `.inst ${hex32(word)}`;
  const strict = opts.reassemblable ?? true;
  const features = featuresFor(opts);
  const { mnemonic, operands } = preferredSyntax(d, opts);
  const ctx: Ctx = { opts, features, objdump: !strict, sysregDir: d.form.id === 'MRS' ? 'read' : 'write', relocUsed: false };
  const text = render(mnemonic, operands, ctx);
  const lacking = !hasFeature(features, featureOf(d.form, d.fields));
  const unreproducible = d.form.nonCanonical?.(d.fields) ?? false;
  return (lacking || unreproducible) && strict ? `.inst ${hex32(word)} // ${text}` : text;
}
