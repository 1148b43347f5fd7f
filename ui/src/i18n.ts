// Fluent catalogue and DOM localisation.
//
// Elements that show catalogue text carry `data-l10n-id` (and optionally `data-l10n-args`, JSON,
// and `data-l10n-lang` to pin a language, e.g. for language names). `translateTree` fills them
// in: the message value becomes the text content, message attributes (`.aria-label = …`) become
// element attributes. A language switch is `setLanguage` + `translateTree(document)`.
import { FluentBundle, FluentResource } from "@fluent/bundle";
import deSource from "../../i18n/de.ftl?raw";
import enSource from "../../i18n/en.ftl?raw";
import type { Language } from "./bindings";

export type Args = Record<string, string | number>;

/** One catalogue per language of the IPC contract: the compiler insists on every Language. */
export const catalogues: Record<Language, string> = { de: deSource, en: enSource };

/** The reference language: fallback for a message missing in another language. */
export const REFERENCE_LANGUAGE: Language = "de";

/** Attributes a message may set on an element. */
const ALLOWED_ATTRIBUTES = new Set(["alt", "aria-label", "aria-description", "title", "placeholder"]);

const RTL_LANGUAGES = new Set(["ar", "fa", "he", "ur"]);

const bundles = new Map<Language, FluentBundle>();
let current: Language = REFERENCE_LANGUAGE;

/** Message ids that were asked for but are not in the catalogue (tests assert this stays empty). */
export const missingIds = new Set<string>();

function bundleFor(lang: Language): FluentBundle {
  let bundle = bundles.get(lang);
  if (!bundle) {
    // No Unicode isolation marks around placeables: they would end up in texts that tests
    // compare. Right-to-left languages should wrap ids in <bdi> when they come.
    bundle = new FluentBundle(lang, { useIsolating: false });
    bundle.addResource(new FluentResource(catalogues[lang]));
    bundles.set(lang, bundle);
  }
  return bundle;
}

export function hasCatalogue(lang: string): lang is Language {
  return Object.prototype.hasOwnProperty.call(catalogues, lang);
}

export function currentLanguage(): Language {
  return current;
}

/** Switches the language of `t` and `translateTree`; returns whether it changed. */
export function setLanguage(lang: Language): boolean {
  const changed = lang !== current;
  current = lang;
  return changed;
}

export function directionOf(lang: string): "ltr" | "rtl" {
  return RTL_LANGUAGES.has(lang.split("-")[0] ?? lang) ? "rtl" : "ltr";
}

function findMessage(id: string, lang: Language) {
  const own = bundleFor(lang);
  const message = own.getMessage(id);
  if (message) return { bundle: own, message };
  missingIds.add(id);
  const fallback = bundleFor(REFERENCE_LANGUAGE);
  const reference = fallback.getMessage(id);
  return reference ? { bundle: fallback, message: reference } : null;
}

/** Whether message `id` exists in `lang` (ids chosen at run time, e.g. a country's name). */
export function hasMessage(id: string, lang: Language = current): boolean {
  return bundleFor(lang).hasMessage(id);
}

/** The formatted value of a message (the id itself if it does not exist anywhere). */
export function t(id: string, args?: Args, lang: Language = current): string {
  const found = findMessage(id, lang);
  if (!found?.message.value) {
    missingIds.add(id);
    return id;
  }
  return found.bundle.formatPattern(found.message.value, args ?? null);
}

/** Marks an element as localised by message `id` and fills it in now. */
export function l10n<E extends HTMLElement>(el: E, id: string, args?: Args, lang?: Language): E {
  el.dataset.l10nId = id;
  if (args) el.dataset.l10nArgs = JSON.stringify(args);
  else delete el.dataset.l10nArgs;
  if (lang) {
    el.dataset.l10nLang = lang;
    el.lang = lang;
  }
  translateElement(el);
  return el;
}

export function translateElement(el: HTMLElement): void {
  const id = el.dataset.l10nId;
  if (!id) return;
  const pinned = el.dataset.l10nLang;
  const lang = pinned && hasCatalogue(pinned) ? pinned : current;
  const args = el.dataset.l10nArgs ? (JSON.parse(el.dataset.l10nArgs) as Args) : null;
  const found = findMessage(id, lang);
  if (!found) {
    missingIds.add(id);
    el.textContent = id;
    return;
  }
  const { bundle, message } = found;
  if (message.value) el.textContent = bundle.formatPattern(message.value, args);
  for (const [name, pattern] of Object.entries(message.attributes)) {
    if (ALLOWED_ATTRIBUTES.has(name)) el.setAttribute(name, bundle.formatPattern(pattern, args));
  }
}

/** Re-translates every marked element under `root` (and `root` itself). */
export function translateTree(root: ParentNode): void {
  if (root instanceof HTMLElement) translateElement(root);
  root.querySelectorAll<HTMLElement>("[data-l10n-id]").forEach(translateElement);
}
