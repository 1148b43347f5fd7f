// Tiny element builders. No HTML strings anywhere (CSP, and no injection by construction).
import type { Language } from "./bindings";
import { l10n, type Args } from "./i18n";

export type Attrs = Record<string, string | boolean | undefined>;
type Child = Node | string;

/** Creates an element; `testid` becomes `data-testid`, `class` the class name, `true` an empty attribute. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    if (name === "class") el.className = String(value);
    else if (name === "testid") el.dataset.testid = String(value);
    else el.setAttribute(name, value === true ? "" : value);
  }
  el.append(...children);
  return el;
}

/**
 * Creates an element whose text (and attributes) come from catalogue message `id`;
 * `lang` pins it to one language (e.g. a language's own name).
 */
export function msg<K extends keyof HTMLElementTagNameMap>(
  id: string,
  tag: K,
  attrs: Attrs = {},
  args?: Args,
  lang?: Language,
): HTMLElementTagNameMap[K] {
  return l10n(h(tag, attrs), id, args, lang);
}

/** A large button: `class` picks the look ("primary", "secondary", …). */
export function button(id: string, testid: string, onActivate: () => void, cls = "secondary"): HTMLButtonElement {
  const el = msg(id, "button", { type: "button", class: `btn ${cls}`, testid });
  el.addEventListener("click", onActivate);
  return el;
}
