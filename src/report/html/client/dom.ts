// A small element builder: h('td', { class: 'num' }, '12').
type Child = Node | string | number | null | undefined | false;
type Props = Record<string, string | number | boolean | undefined | ((e: Event) => void)>;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props: Props = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (v === undefined || v === false) continue;
    if (typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = String(v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  append(el, children);
  return el;
}

export function append(el: Element, children: readonly Child[]): void {
  for (const c of children) if (c !== null && c !== undefined && c !== false) el.append(typeof c === 'number' ? String(c) : c);
}

/** Text only screen readers announce (a sign's meaning, a column's purpose). */
export const srOnly = (text: string) => h('span', { class: 'sr-only' }, text);

export const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
