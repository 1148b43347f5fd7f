// The idle warning: a modal alert dialog with a visible, spoken and sounded countdown.
// Rust owns the timing; this only shows `SessionView.warning` as it comes. When the maximum
// session length ends the session (`canExtend` false), there is nothing to extend: the dialog
// says so and offers only "End now".
import type { IdleWarning } from "./bindings";
import { focusables, trapTab } from "./a11y";
import { button, h, msg } from "./dom";
import { l10n } from "./i18n";
import { beep } from "./sound";

/** How often the signal sounds (and the live region speaks) while the warning shows. */
export const SIGNAL_INTERVAL_MS = 5000;

export interface WarningActions {
  extend(): void;
  endNow(): void;
}

export interface WarningDialog {
  update(warning: IdleWarning | null): void;
  isOpen(): boolean;
  element(): HTMLElement | null;
  close(): void;
}

/**
 * @param layer where the dialog is put
 * @param background the rest of the page: made inert while the dialog is open
 */
export function createWarningDialog(
  layer: HTMLElement,
  background: HTMLElement,
  actions: WarningActions,
): WarningDialog {
  let root: HTMLElement | null = null;
  let countdown: HTMLElement | null = null;
  let live: HTMLElement | null = null;
  let title: HTMLElement | null = null;
  let text: HTMLElement | null = null;
  let extendButton: HTMLButtonElement | null = null;
  let endNowButton: HTMLButtonElement | null = null;
  let seconds = 0;
  let canExtend = true;
  let signalTimer: ReturnType<typeof setInterval> | null = null;
  let returnFocus: HTMLElement | null = null;

  const announce = () => {
    if (live) l10n(live, "idle-warning-countdown", { seconds });
  };

  const signal = () => {
    beep();
    announce();
  };

  const onKeydown = (e: KeyboardEvent) => {
    if (e.key === "Escape") {
      e.preventDefault();
      // Escape means "stay": only where staying is possible. It never ends the session.
      if (canExtend) actions.extend();
      return;
    }
    if (root) trapTab(root, e);
  };

  // Focus that escapes the dialog (a click on the backdrop, a script) is brought back.
  const onFocusIn = (e: FocusEvent) => {
    if (root && e.target instanceof Node && !root.contains(e.target)) focusables(root)[0]?.focus();
  };

  /** Title, text and buttons for whether the session can still be extended. */
  function applyCanExtend(): void {
    if (!title || !text || !extendButton) return;
    if (canExtend) {
      l10n(title, "idle-warning-title");
      l10n(text, "idle-warning-text");
    } else {
      l10n(title, "idle-warning-max-length-title");
      l10n(text, "idle-warning-max-length-text");
    }
    extendButton.hidden = !canExtend;
  }

  function open(warning: IdleWarning): void {
    seconds = warning.secondsLeft;
    canExtend = warning.canExtend;
    title = h("h2", { id: "idle-warning-title" });
    countdown = msg(
      "idle-warning-countdown",
      "p",
      { id: "idle-warning-countdown", class: "countdown", testid: "countdown" },
      { seconds },
    );
    countdown.dataset.seconds = String(seconds);
    text = h("p", { id: "idle-warning-text" });
    live = h("p", { class: "visually-hidden", "aria-live": "assertive", "aria-atomic": "true" });
    const extend = button("extend-session", "extend-session", () => actions.extend(), "primary");
    const endNow = button("end-now", "end-now", () => actions.endNow(), "secondary");
    extendButton = extend;
    endNowButton = endNow;
    applyCanExtend();
    const dialog = h(
      "div",
      {
        class: "dialog",
        role: "alertdialog",
        "aria-modal": "true",
        "aria-labelledby": "idle-warning-title",
        "aria-describedby": "idle-warning-countdown idle-warning-text",
        testid: "idle-warning",
      },
      title,
      countdown,
      text,
      live,
      h("div", { class: "actions" }, extend, endNow),
    );
    root = h("div", { class: "backdrop" }, dialog);
    document.addEventListener("keydown", onKeydown);
    document.addEventListener("focusin", onFocusIn);

    returnFocus = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    background.setAttribute("inert", "");
    background.setAttribute("aria-hidden", "true");
    layer.append(root);
    (canExtend ? extend : endNow).focus();

    beep();
    signalTimer = setInterval(signal, SIGNAL_INTERVAL_MS);
  }

  function close(): void {
    if (!root) return;
    if (signalTimer !== null) clearInterval(signalTimer);
    signalTimer = null;
    document.removeEventListener("keydown", onKeydown);
    document.removeEventListener("focusin", onFocusIn);
    root.remove();
    root = countdown = live = title = text = extendButton = endNowButton = null;
    canExtend = true;
    background.removeAttribute("inert");
    background.removeAttribute("aria-hidden");
    if (returnFocus?.isConnected) returnFocus.focus();
    returnFocus = null;
  }

  return {
    update(warning) {
      if (!warning) return close();
      if (!root) return open(warning);
      seconds = warning.secondsLeft;
      if (countdown) {
        l10n(countdown, "idle-warning-countdown", { seconds });
        countdown.dataset.seconds = String(seconds);
      }
      if (warning.canExtend !== canExtend) {
        const extendHadFocus = extendButton !== null && document.activeElement === extendButton;
        canExtend = warning.canExtend;
        applyCanExtend();
        // A hidden button cannot keep the focus.
        if (extendHadFocus && !canExtend) endNowButton?.focus();
      }
    },
    isOpen: () => root !== null,
    element: () => root,
    close,
  };
}
