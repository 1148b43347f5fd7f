// Accessibility: display toggles, keyboard operation, kiosk guards, document language.
import { h, msg } from "./dom";
import { directionOf } from "./i18n";

const FOCUSABLE =
  'button:not([disabled]), a[href], input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

/** Focusable elements under `scope`, in DOM (= tab) order, skipping hidden and inert parts. */
export function focusables(scope: ParentNode): HTMLElement[] {
  return Array.from(scope.querySelectorAll<HTMLElement>(FOCUSABLE)).filter(
    (el) => !el.closest("[hidden], [inert]"),
  );
}

function isTextEntry(target: EventTarget | null): boolean {
  const el = target instanceof Element ? target : target instanceof Node ? target.parentElement : null;
  return !!el?.closest('input, textarea, [contenteditable="true"]');
}

export function applyDocumentLanguage(lang: string): void {
  document.documentElement.lang = lang;
  document.documentElement.dir = directionOf(lang);
}

function toggle(id: string, testid: string, htmlClass: string): HTMLButtonElement {
  const el = h(
    "button",
    { type: "button", class: "btn toggle", testid, "aria-pressed": "false" },
    h("span", { class: "mark", "aria-hidden": "true" }),
    msg(id, "span"),
  );
  el.addEventListener("click", () => {
    // State lives in memory (the class on <html>) only: the reload after a session resets it.
    const on = !document.documentElement.classList.contains(htmlClass);
    document.documentElement.classList.toggle(htmlClass, on);
    el.setAttribute("aria-pressed", String(on));
  });
  return el;
}

/** Large-text and high-contrast switches, shown on every screen. */
export function createDisplayToolbar(): HTMLElement {
  const bar = msg("a11y-toolbar", "div", { role: "group", class: "toolbar" });
  bar.append(
    toggle("toggle-large-text", "toggle-large-text", "large-text"),
    toggle("toggle-contrast", "toggle-contrast", "high-contrast"),
  );
  return bar;
}

/** Kiosk lockdown in the page: no context menu, no selection outside inputs, no zoom gestures. */
export function installGuards(): void {
  const prevent = (e: Event) => e.preventDefault();
  document.addEventListener("contextmenu", prevent);
  document.addEventListener("dragstart", prevent);
  document.addEventListener("gesturestart", prevent); // WebKit pinch
  document.addEventListener("selectstart", (e) => {
    if (!isTextEntry(e.target)) e.preventDefault();
  });
  document.addEventListener(
    "touchmove",
    (e) => {
      if (e.touches.length > 1) e.preventDefault();
    },
    { passive: false },
  );
  document.addEventListener(
    "wheel",
    (e) => {
      if (e.ctrlKey) e.preventDefault();
    },
    { passive: false },
  );
  document.addEventListener("keydown", (e) => {
    if ((e.ctrlKey || e.metaKey) && ["+", "-", "=", "0"].includes(e.key)) e.preventDefault();
  });
}

/**
 * The index in `items` (in document order) one `step` away from `active`, wrapping around. When
 * `active` is not in the list (e.g. a heading focused on screen change), the first item after
 * it (or before it, stepping back) is next.
 */
function neighbour(items: HTMLElement[], active: Element | null, step: number): number {
  const n = items.length;
  const at = active instanceof HTMLElement ? items.indexOf(active) : -1;
  if (at >= 0) return (at + step + n) % n;
  if (!active || active === document.body) return step > 0 ? 0 : n - 1;
  const after = items.findIndex((el) => !!(active.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING));
  if (step > 0) return after >= 0 ? after : 0;
  return ((after >= 0 ? after : n) - 1 + n) % n;
}

/**
 * Arrow keys move the focus like Tab / Shift+Tab (for tactile keypads), within `scope()`
 * (the open dialog, or the whole page). Left and right follow the reading direction.
 */
export function installArrowNavigation(scope: () => ParentNode): void {
  document.addEventListener("keydown", (e) => {
    if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey || isTextEntry(e.target)) return;
    const rtl = document.documentElement.dir === "rtl";
    const steps: Record<string, number> = {
      ArrowDown: 1,
      ArrowUp: -1,
      ArrowRight: rtl ? -1 : 1,
      ArrowLeft: rtl ? 1 : -1,
    };
    const step = steps[e.key];
    if (step === undefined) return;
    const items = focusables(scope());
    if (items.length === 0) return;
    items[neighbour(items, document.activeElement, step)]?.focus();
    e.preventDefault();
  });
}

/** Keeps Tab / Shift+Tab inside `container` (for modal dialogs). Returns true if it handled the key. */
export function trapTab(container: ParentNode, e: KeyboardEvent): boolean {
  if (e.key !== "Tab") return false;
  const items = focusables(container);
  const first = items[0];
  const last = items[items.length - 1];
  if (!first || !last) return false;
  const active = document.activeElement;
  const inside = active instanceof Node && container.contains(active);
  if (e.shiftKey && (active === first || !inside)) {
    last.focus();
    e.preventDefault();
    return true;
  }
  if (!e.shiftKey && (active === last || !inside)) {
    first.focus();
    e.preventDefault();
    return true;
  }
  return false;
}
