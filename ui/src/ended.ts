// After a session Rust navigates the window to "/?ended=<reason>" (src-tauri/src/session_end.rs):
// a clean page with a short notice.
import type { EndReason } from "./bindings";
import { h, msg } from "./dom";

/** The catalogue message for each end reason (the compiler insists on every EndReason). */
export const endReasonMessageId: Record<EndReason, string> = {
  member: "ended-reason-member",
  staff: "ended-reason-staff",
  idleTimeout: "ended-reason-idle-timeout",
  maxLength: "ended-reason-max-length",
};

export const ENDED_NOTICE_MS = 10_000;

/** `undefined`: not after a session; `null`: after one, for an unknown reason. */
export function readEndedParam(search: string): EndReason | null | undefined {
  const value = new URLSearchParams(search).get("ended");
  if (value === null) return undefined;
  return Object.prototype.hasOwnProperty.call(endReasonMessageId, value) ? (value as EndReason) : null;
}

/** Belt and braces: Rust has wiped webview storage already; the UI keeps nothing there anyway. */
export function clearWebStorage(): void {
  for (const storage of [() => window.sessionStorage, () => window.localStorage]) {
    try {
      storage().clear();
    } catch {
      // storage disabled: nothing to clear
    }
  }
}

/**
 * The notice's live region, still empty: it goes into the page first and gets its text from
 * `showEndedNotice` once the page is up, so that screen readers announce the text (a region
 * that arrives together with its text often goes unannounced). Empty, it takes no space.
 */
export function createEndedNotice(): HTMLElement {
  return h("div", {
    class: "notice",
    role: "status",
    "aria-live": "polite",
    "aria-atomic": "true",
    testid: "ended-notice",
  });
}

/** Puts the text (and the reason, when known) into the notice's live region. */
export function showEndedNotice(notice: HTMLElement, reason: EndReason | null): void {
  const lines: HTMLElement[] = [msg("ended-notice", "p", { class: "notice-title" })];
  if (reason) lines.push(msg(endReasonMessageId[reason], "p"));
  notice.replaceChildren(...lines);
}

/** Removes the `ended` parameter so that a later reload does not show the notice again. */
export function cleanEndedUrl(): void {
  const url = new URL(window.location.href);
  if (!url.searchParams.has("ended")) return;
  url.searchParams.delete("ended");
  window.history.replaceState(null, "", url.pathname + url.search + url.hash);
}

/** The notice after the previous session, from the page's start until it is dismissed. */
export interface EndedNoticeSlot {
  /** Once the first screen is up: the text, spoken after the heading; gone after ENDED_NOTICE_MS. */
  show(): void;
  /** Gone now (a member started, or its time is up); the URL forgets the end. */
  dismiss(): void;
}

/**
 * After a session (`ended` from `readEndedParam` is not undefined) the empty live region goes
 * into `parent` now, its text comes with `show` (see createEndedNotice).
 */
export function createEndedNoticeSlot(parent: HTMLElement, ended: EndReason | null | undefined): EndedNoticeSlot {
  let notice: HTMLElement | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  if (ended !== undefined) {
    notice = createEndedNotice();
    parent.append(notice);
  }
  const slot: EndedNoticeSlot = {
    show() {
      if (!notice) return;
      showEndedNotice(notice, ended ?? null);
      timer = setTimeout(slot.dismiss, ENDED_NOTICE_MS);
    },
    dismiss() {
      if (timer !== null) clearTimeout(timer);
      timer = null;
      notice?.remove();
      notice = null;
      cleanEndedUrl();
    },
  };
  return slot;
}
