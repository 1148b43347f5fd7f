// The on-screen digit keypad (date of birth, university sender number, travel dates) and the
// physical keys that do the same. What is typed lives in the caller's closure only.
import { h, msg } from "./dom";
import { l10n } from "./i18n";

export interface KeypadOptions {
  /** The data-testid of each digit key, e.g. `key-7` or `sender-digit-7`. */
  digitTestid(digit: string): string;
  deleteTestid: string;
  /** The confirm key, built by the caller (its label is the caller's). */
  confirmKey: HTMLButtonElement;
  onDigit(digit: string): void;
  onDelete(): void;
}

export interface Keypad {
  el: HTMLElement;
  /** 1 … 9, then 0. */
  digitKeys: HTMLButtonElement[];
  deleteKey: HTMLButtonElement;
}

/** 1 2 3 / 4 5 6 / 7 8 9 / delete 0 confirm, like a phone's keypad, in every language. */
export function createKeypad(options: KeypadOptions): Keypad {
  const digitKeys = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "0"].map((d) => {
    const key = h("button", { type: "button", class: "btn key digit", testid: options.digitTestid(d) }, d);
    key.addEventListener("click", () => options.onDigit(d));
    return key;
  });
  const deleteKey = h(
    "button",
    { type: "button", class: "btn key delete", testid: options.deleteTestid },
    h("span", { class: "key-symbol", "aria-hidden": "true" }, "⌫"),
    msg("keypad-delete", "span"),
  );
  // A message with only an attribute: it describes the key and leaves its content alone.
  l10n(deleteKey, "keypad-delete-description");
  deleteKey.addEventListener("click", () => options.onDelete());

  const el = msg("keypad", "div", { role: "group", class: "keypad", testid: "keypad" });
  el.append(...digitKeys.slice(0, 9), deleteKey, digitKeys[9]!, options.confirmKey);
  return { el, digitKeys, deleteKey };
}

export interface DigitKeyHandlers {
  digit(digit: string): void;
  erase(): void;
  confirm(): void;
  /** Escape: back (where the screen has a way back). */
  escape?(): void;
}

/**
 * Digits, Backspace/Delete, Enter (and Escape) of a physical keyboard, while `scope` is in the
 * page and not inert (the idle warning). Enter on a focused button presses that button and is
 * left alone. Returns the function that removes the listener.
 */
export function listenForDigits(scope: HTMLElement, handlers: DigitKeyHandlers): () => void {
  const onKey = (e: KeyboardEvent) => {
    if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey) return;
    if (!scope.isConnected || scope.closest("[inert]")) return;
    if (/^[0-9]$/.test(e.key)) {
      handlers.digit(e.key);
    } else if (e.key === "Backspace" || e.key === "Delete") {
      handlers.erase();
    } else if (e.key === "Enter") {
      const active = document.activeElement;
      if (active instanceof HTMLButtonElement || active instanceof HTMLAnchorElement) return;
      handlers.confirm();
    } else if (e.key === "Escape" && handlers.escape) {
      handlers.escape();
    } else {
      return;
    }
    e.preventDefault();
  };
  document.addEventListener("keydown", onKey);
  return () => document.removeEventListener("keydown", onKey);
}
