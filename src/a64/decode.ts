// Decoder: word → form and field values, by matching the form table. Forms are bucketed by the
// top 11 bits (a form lands in every bucket its fixed bits allow), so a lookup scans a handful.
import { extractFields, type Fields, type Form, type InsnClass } from './form.js';
import { FORMS } from './forms/index.js';
import type { Operand } from './operands.js';

export interface Decoded {
  readonly word: number;
  readonly form: Form;
  /** Shorthands for form.id and form.cls. */
  readonly id: string;
  readonly cls: InsnClass;
  readonly fields: Fields;
}

const BUCKET_SHIFT = 21;
const BUCKETS = 1 << (32 - BUCKET_SHIFT);

const buckets: Form[][] = (() => {
  const out: Form[][] = Array.from({ length: BUCKETS }, () => []);
  for (const form of FORMS) {
    const topMask = form.mask >>> BUCKET_SHIFT;
    const topValue = form.value >>> BUCKET_SHIFT;
    for (let b = 0; b < BUCKETS; b++) if ((b & topMask) === topValue) out[b].push(form);
  }
  return out;
})();

/** Every form whose pattern and validity accept the word (more than one would be a table bug). */
export function matchingForms(word: number): Form[] {
  const w = word >>> 0;
  return buckets[w >>> BUCKET_SHIFT].filter((f) => (w & f.mask) >>> 0 === f.value && (!f.valid || f.valid(extractFields(f, w))));
}

/** The instruction a word encodes, or undefined for unallocated or unsupported encodings. */
export function decode(word: number): Decoded | undefined {
  const w = word >>> 0;
  for (const form of buckets[w >>> BUCKET_SHIFT]) {
    if ((w & form.mask) >>> 0 !== form.value) continue;
    const fields = extractFields(form, w);
    if (form.valid && !form.valid(fields)) continue;
    return { word: w, form, id: form.id, cls: form.cls, fields };
  }
  return undefined;
}

/** The typed operands of a decoded instruction, in the base form's assembly order. */
export function operandsOf(d: Decoded): Operand[] {
  return d.form.operands(d.fields);
}
