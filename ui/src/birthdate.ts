// The date of birth, asked after a valid activation letter: an on-screen keypad (and the digit
// keys, Backspace and Enter of a physical keyboard). The entry lives in this closure only: never
// in storage, and gone with the screen. Rust checks the date; the UI only collects 8 digits.
import { commands, type LetterRefusedView } from "./bindings";
import { approvalPanel, type ApprovalPanel } from "./approval";
import { button, h, msg } from "./dom";
import { l10n, t } from "./i18n";
import type { Call } from "./ipc";
import { createKeypad, listenForDigits } from "./keypad";
import { refusalMessageId } from "./smartident";
import { clearMessage, isBirthDateRetry, showRefusal } from "./letter";

/** TTMMJJJJ: day, month, year. */
export const BIRTH_DATE_DIGITS = 8;

/** One character of the display: a typed digit, a placeholder letter still to fill, or a separator. */
export interface Slot {
  char: string;
  kind: "digit" | "placeholder" | "separator";
  /** The position the next digit goes to. */
  next: boolean;
}

/**
 * The entry laid over the placeholder (e.g. "TT.MM.JJJJ"): its letters are filled with the digits
 * in order, anything else stays as a separator. "0703" gives "07.03.JJJJ".
 */
export function formatEntry(digits: string, placeholder: string): Slot[] {
  let i = 0;
  return [...placeholder].map((char): Slot => {
    if (!/\p{L}/u.test(char)) return { char, kind: "separator", next: false };
    const at = i++;
    const digit = digits[at];
    return digit === undefined
      ? { char, kind: "placeholder", next: at === digits.length }
      : { char: digit, kind: "digit", next: false };
  });
}

/** What was typed so far with its separators, for screen readers: "0703" gives "07.03.". */
export function spokenEntry(digits: string, placeholder: string): string {
  const slots = formatEntry(digits, placeholder);
  const lastDigit = slots.map((s) => s.kind).lastIndexOf("digit");
  let end = lastDigit + 1;
  // A separator right after the last digit belongs to it ("07." is a complete day).
  while (end < slots.length && slots[end]?.kind === "separator") end++;
  return slots
    .slice(0, lastDigit < 0 ? 0 : end)
    .map((s) => s.char)
    .join("");
}

export interface BirthDateScreenParts {
  el: HTMLElement;
  heading: HTMLElement;
  /** Re-renders what depends on the language (the placeholder letters). */
  update(): void;
  /** A refusal of the entered date (wrong or not a date): clears the entry and says why. */
  showRefusal(refused: LetterRefusedView): void;
  /** Removes the keyboard listener and forgets the entry. */
  dispose(): void;
}

export interface BirthDateActions {
  /** Sends the 8 digits; resolves when Rust has answered (either way). */
  submit(digits: string): Promise<void>;
  cancel(): void;
  /** Runs the SmartIdent approval's commands (instead of the date, on a registered phone). */
  call: Call;
}

export function buildBirthDate(actions: BirthDateActions): BirthDateScreenParts {
  let digits = "";
  let busy = false;

  const title = msg("birthdate-title", "h1", { id: "birthdate-title", tabindex: "-1" });
  const hint = msg("birthdate-hint", "p", { class: "birthdate-hint", id: "birthdate-hint" });
  // The display is for the eyes; screen readers get the status below it (a digit-by-digit
  // reading of "07.03.JJJJ" would be noise).
  const display = h("p", { class: "birthdate-display", "aria-hidden": "true", testid: "birthdate-display" });
  const status = h("p", {
    class: "visually-hidden",
    role: "status",
    "aria-live": "polite",
    "aria-atomic": "true",
    testid: "birthdate-status",
  });
  const error = h("div", { class: "birthdate-error", role: "alert", testid: "birthdate-error" });

  const confirmKey = button("keypad-confirm", "key-confirm", () => confirm(), "primary key confirm");
  const keypad = createKeypad({
    digitTestid: (d) => `key-${d}`,
    deleteTestid: "key-delete",
    confirmKey,
    onDigit: (d) => type(d),
    onDelete: () => erase(),
  });
  const digitKeys = keypad.digitKeys;

  let shown = "";
  const render = () => {
    const placeholder = t("birthdate-placeholder");
    // Views come every second during the idle countdown: the live status changes only when the
    // entry (or the language) does, so that it is not read out again.
    if (shown === `${placeholder}|${digits}`) return;
    shown = `${placeholder}|${digits}`;
    display.replaceChildren(
      ...formatEntry(digits, placeholder).map((slot) =>
        h("span", { class: `slot ${slot.kind}${slot.next ? " next" : ""}` }, slot.char),
      ),
    );
    l10n(status, "birthdate-entry-status", { count: digits.length, entered: spokenEntry(digits, placeholder) });
    confirmKey.disabled = digits.length !== BIRTH_DATE_DIGITS;
  };

  function type(digit: string): void {
    if (busy || digits.length >= BIRTH_DATE_DIGITS) return;
    digits += digit;
    render();
  }

  function erase(): void {
    if (busy || digits.length === 0) return;
    digits = digits.slice(0, -1);
    render();
  }

  function confirm(): void {
    if (busy || digits.length !== BIRTH_DATE_DIGITS) return;
    busy = true;
    clearMessage(error);
    // A refusal (its event) clears the entry; an accepted date replaces the screen.
    void actions.submit(digits).finally(() => {
      busy = false;
    });
  }

  // Instead of the date: the member approves on their registered phone (level high).
  let phone: ApprovalPanel | null = null;
  const phoneBox = h("div", { class: "phone-approval", testid: "phone-approval" });
  phoneBox.hidden = true;
  const entryBox = h("div", { class: "birthdate-entry" }, hint, error, display, status);
  const usePhone = button("birthdate-use-phone", "approve-on-phone", () => startPhone());
  const backToDate = button("birthdate-use-date", "approve-use-date", () => stopPhone(null));
  backToDate.hidden = true;

  function startPhone(): void {
    phone?.dispose();
    clearMessage(error);
    phone = approvalPanel(
      actions.call,
      commands.smartidentAskLoginApproval,
      (ended) => {
        // Approved: the session is identified and the app replaces this screen.
        if (ended.state !== "identified") stopPhone(`si-approval-${ended.state}`);
      },
      (code) => stopPhone(code ? refusalMessageId(code) : null),
    );
    phoneBox.replaceChildren(msg("birthdate-phone-intro", "p", { class: "lead" }), phone.el);
    phoneBox.hidden = false;
    entryBox.hidden = true;
    keypad.el.hidden = true;
    usePhone.hidden = true;
    backToDate.hidden = false;
    l10n(title, "birthdate-phone-title");
    void phone.start();
    backToDate.focus();
  }

  /** Back to the date of birth, saying why (null: the member chose it). */
  function stopPhone(messageId: string | null): void {
    if (phone) void actions.call("leave", commands.smartidentLeave);
    phone?.dispose();
    phone = null;
    phoneBox.hidden = true;
    entryBox.hidden = false;
    keypad.el.hidden = false;
    usePhone.hidden = false;
    backToDate.hidden = true;
    l10n(title, "birthdate-title");
    if (messageId) {
      l10n(error, messageId);
      error.dataset.message = messageId;
    }
    digitKeys[0]?.focus();
  }

  const el = h(
    "section",
    { class: "screen birthdate", testid: "screen-birthdate", "aria-labelledby": title.id, "aria-describedby": hint.id },
    title,
    // The message above the entry, the entry right before the keypad: in large text, where the
    // keypad goes below, the entry stays in sight while typing.
    h(
      "div",
      { class: "birthdate-layout" },
      entryBox,
      phoneBox,
      keypad.el,
      h("div", { class: "actions" }, usePhone, backToDate, button("cancel", "cancel", actions.cancel)),
    ),
  );
  render();
  const stopKeys = listenForDigits(el, { digit: type, erase, confirm });

  return {
    el,
    heading: title,
    update: render,
    showRefusal(refused) {
      if (!isBirthDateRetry(refused.reason)) return;
      const active = document.activeElement;
      digits = "";
      render();
      showRefusal(error, refused);
      // The confirm key, pressed a moment ago, is disabled now: the focus goes to the first key.
      if (active === confirmKey || active === null || active === document.body) digitKeys[0]?.focus();
    },
    dispose() {
      stopKeys();
      phone?.dispose();
      digits = "";
    },
  };
}
