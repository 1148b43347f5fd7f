// What the certificates screens share: the sub-screen shape, the navigation between them, and
// small builders (headings, field errors, country names).
import type { DocumentPreview, DocumentRequest, DocumentsView, ErrorCode, TravelCountry } from "./bindings";
import { h, msg } from "./dom";
import { hasMessage, l10n, t } from "./i18n";
import { errorMessageId, type Call, type Outcome } from "./ipc";

/** `body[data-screen]` of each certificates screen. */
export type DocumentsScreenName =
  | "documents"
  | "university"
  | "travel"
  | "travel-dates"
  | "travel-advice"
  | "preview"
  | "printing"
  | "smartident"
  | "smartident-register"
  | "smartident-active"
  | "smartident-devices"
  | "smartident-approval";

/** One screen of the certificates flow, shown inside the identified session's screen. */
export interface SubScreen {
  name: DocumentsScreenName;
  el: HTMLElement;
  /** Receives the focus when the screen appears. */
  heading: HTMLElement;
  /** Called once the screen is in the page and its heading has the focus: starts its work. */
  opened?(): void;
  /** Escape: the way back, where the screen has one. */
  escape?(): void;
  /** Re-renders what the catalogue cannot (dates, sorted names) after a language change. */
  update?(): void;
  /** Listeners off, entries forgotten. */
  dispose?(): void;
}

/** What every certificates screen may do: run commands, and go elsewhere in the flow. */
export interface Flow {
  call: Call;
  /** The last answer of documentsView (null before the first). */
  documents(): DocumentsView | null;
  /** False once the session's screen is gone: late answers are dropped. */
  alive(): boolean;
  menu(): void;
  university(): void;
  travel(): void;
  travelOther(): void;
  travelCountry(country: TravelCountry): void;
  preview(preview: DocumentPreview): void;
  printing(preview: DocumentPreview): void;
  /** SmartIdent's home (smartident.ts). */
  smartident(): void;
  /** Any screen of the flow (SmartIdent's screens lead to each other). */
  show(next: SubScreen): void;
  /**
   * Asks Rust for a document and shows its preview. Codes in `own` come back to the caller (to
   * show next to a field); other errors go to the banner.
   */
  prepare(request: DocumentRequest, own?: readonly ErrorCode[]): Promise<Outcome<DocumentPreview>>;
  /** Drops a prepared document that will not be printed (quietly: it may be gone already). */
  discard(documentId: string): Promise<void>;
}

/** A screen's heading: focusable by script (announces the screen), not by Tab. */
export function heading(id: string, args?: Record<string, string | number>): HTMLHeadingElement {
  return msg(id, "h1", { id: `h-${id}`, tabindex: "-1" }, args);
}

export function section(name: DocumentsScreenName, title: HTMLElement, ...children: Node[]): HTMLElement {
  return h(
    "section",
    { class: `screen docs-screen ${name}`, testid: `screen-${name}`, "aria-labelledby": title.id },
    title,
    ...children,
  );
}

/** A country's name in the current language (`country-TR`), or its code where there is none. */
export function countryMessageId(code: string): string {
  return `country-${code}`;
}

export function countryName(code: string): string {
  const id = countryMessageId(code);
  return hasMessage(id) ? t(id) : code;
}

/** An element that shows the country's name and follows language switches. */
export function countryLabel<K extends keyof HTMLElementTagNameMap>(
  code: string,
  tag: K,
  attrs: Record<string, string> = {},
): HTMLElementTagNameMap[K] {
  const id = countryMessageId(code);
  if (hasMessage(id)) return msg(id, tag, attrs);
  return h(tag, attrs, code);
}

export interface FieldError {
  el: HTMLElement;
  /** The code whose message shows (null: none). */
  code(): ErrorCode | null;
  show(code: ErrorCode): void;
  clear(): void;
}

/**
 * A field's error message, announced when it appears. Only a shown one carries
 * `data-testid="field-error"` (and `data-code`); the empty region stays in the page so that its
 * next text is announced.
 */
export function fieldError(id: string): FieldError {
  const el = h("p", { class: "field-error", role: "alert", id });
  let shown: ErrorCode | null = null;
  return {
    el,
    code: () => shown,
    show(code) {
      shown = code;
      el.dataset.testid = "field-error";
      el.dataset.code = code;
      l10n(el, errorMessageId[code]);
    },
    clear() {
      shown = null;
      delete el.dataset.testid;
      delete el.dataset.code;
      delete el.dataset.l10nId;
      delete el.dataset.l10nArgs;
      el.textContent = "";
    },
  };
}
