// "Aktivierungsbrief per Post anfordern": a member without a letter types their KVNR (a letter,
// then 9 digits) and date of birth. The central system queues a letter to the address on
// record if they match, and answers the same either way: so does this screen, which shows
// nothing about the member. What was typed lives in this closure only.
import { commands, type ErrorCode } from "./bindings";
import { formatEntry } from "./birthdate";
import { button, h, msg } from "./dom";
import { fieldError } from "./flow";
import { l10n, t } from "./i18n";
import type { Call } from "./ipc";
import { createKeypad, listenForDigits } from "./keypad";

const KVNR_DIGITS = 9;
const DATE_DIGITS = 8;
const LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const OWN: readonly ErrorCode[] = ["invalidKvnr", "invalidBirthDate", "smartIdentOffline", "tooManyRequests", "smartIdentUnavailable"];

export interface LetterByPost {
  el: HTMLElement;
  heading: HTMLElement;
  dispose(): void;
}

export function letterByPost(call: Call, back: () => void, finish: () => void): LetterByPost {
  let step: "kvnr" | "date" | "sent" = "kvnr";
  let letter = "";
  let digits = "";
  let date = "";
  let busy = false;

  const title = msg("post-title", "h1", { id: "post-title", tabindex: "-1" });
  const intro = msg("post-intro", "p", { class: "lead" });
  const label = h("p", { class: "field-label", id: "post-label" });
  const display = h("p", { class: "entry-display post-display", "aria-hidden": "true", testid: "post-display" });
  const spoken = h("p", { class: "visually-hidden", role: "status", "aria-live": "polite", "aria-atomic": "true" });
  const error = fieldError("post-error");
  const letters = msg("post-letters", "div", { role: "group", class: "letter-keys", testid: "post-letters" });
  letters.append(
    ...[...LETTERS].map((c) => {
      const b = h("button", { type: "button", class: "btn letter-key", testid: `post-letter-${c}` }, c);
      b.addEventListener("click", () => chooseLetter(c));
      return b;
    }),
  );
  const confirmKey = button("post-next", "post-confirm", () => void confirm(), "primary key confirm");
  const keypad = createKeypad({
    digitTestid: (d) => `post-digit-${d}`,
    deleteTestid: "post-delete",
    confirmKey,
    onDigit: (d) => type(d),
    onDelete: () => erase(),
  });
  const done = msg("post-sent", "p", { class: "docs-notice", role: "status", testid: "post-sent" });
  // The other way without a letter, which a kiosk cannot offer: the video ident in the app.
  const video = msg("post-video-ident", "p", { class: "post-video-ident", testid: "post-video-ident" });
  const backButton = button("docs-back", "post-back", () => (step === "date" ? toKvnr() : back()));
  const finishButton = button("post-finish", "post-finish", finish, "primary");

  function render(): void {
    const sent = step === "sent";
    done.hidden = !sent;
    finishButton.hidden = !sent;
    for (const part of [label, display, error.el, backButton]) part.hidden = sent;
    // The KVNR's letter from the letter keys, in the keypad's place; then the keypad.
    letters.hidden = step !== "kvnr" || letter !== "";
    keypad.el.hidden = sent || !letters.hidden;
    if (step === "kvnr") {
      l10n(label, "post-kvnr-label");
      const slots = [letter || "_", ...Array.from({ length: KVNR_DIGITS }, (_, i) => digits[i] ?? "_")];
      display.replaceChildren(...slots.map((c) => h("span", { class: `slot ${c === "_" ? "placeholder" : "digit"}` }, c)));
      l10n(spoken, "post-kvnr-status", { count: (letter ? 1 : 0) + digits.length });
      confirmKey.disabled = !letter || digits.length !== KVNR_DIGITS;
      keypad.digitKeys.forEach((k) => (k.disabled = !letter));
    } else if (step === "date") {
      l10n(label, "post-date-label");
      display.replaceChildren(
        ...formatEntry(date, t("birthdate-placeholder")).map((s) => h("span", { class: `slot ${s.kind}` }, s.char)),
      );
      l10n(spoken, "post-date-status", { count: date.length });
      confirmKey.disabled = date.length !== DATE_DIGITS;
      keypad.digitKeys.forEach((k) => (k.disabled = false));
    }
  }

  function chooseLetter(c: string): void {
    letter = c;
    error.clear();
    render();
    keypad.digitKeys[0]?.focus();
  }

  function type(d: string): void {
    if (busy) return;
    if (step === "kvnr" && letter && digits.length < KVNR_DIGITS) digits += d;
    else if (step === "date" && date.length < DATE_DIGITS) date += d;
    error.clear();
    render();
  }

  function erase(): void {
    if (busy) return;
    if (step === "kvnr") {
      if (digits) digits = digits.slice(0, -1);
      else letter = "";
    } else if (step === "date") date = date.slice(0, -1);
    render();
  }

  function toKvnr(): void {
    step = "kvnr";
    date = "";
    render();
  }

  async function confirm(): Promise<void> {
    if (busy) return;
    if (step === "kvnr") {
      if (!letter || digits.length !== KVNR_DIGITS) return;
      step = "date";
      render();
      keypad.digitKeys[0]?.focus();
      return;
    }
    if (step !== "date" || date.length !== DATE_DIGITS) return;
    busy = true;
    const outcome = await call("letter-by-post", () => commands.requestLetterByPost(letter + digits, date), OWN);
    busy = false;
    if (outcome.ok) {
      step = "sent";
      letter = digits = date = "";
      render();
      finishButton.focus();
    } else if (outcome.code === "invalidKvnr") {
      toKvnr();
      error.show(outcome.code);
    } else if (outcome.code) {
      date = "";
      render();
      error.show(outcome.code);
    }
  }

  const el = h(
    "section",
    { class: "screen letter-by-post", testid: "screen-letter-by-post", "aria-labelledby": title.id },
    title,
    intro,
    h(
      "div",
      { class: "keypad-layout" },
      h("div", { class: "keypad-entry" }, h("div", { class: "entry-field", role: "group", "aria-labelledby": label.id }, label, display, spoken, error.el), done, video),
      letters,
      keypad.el,
      h("div", { class: "actions" }, backButton, finishButton),
    ),
  );
  render();
  const stopKeys = listenForDigits(el, { digit: type, erase, confirm: () => void confirm() });
  return {
    el,
    heading: title,
    dispose() {
      stopKeys();
      letter = digits = date = "";
    },
  };
}
