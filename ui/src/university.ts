// The university: since 2022 it gets the member's insurance status electronically (M10 report).
// The member types the university's sender number (Absendernummer: H and 7 digits) on the
// keypad; Rust queues the report and makes a receipt, which the preview shows.
import { button, h, msg } from "./dom";
import { fieldError, heading, section, type Flow, type SubScreen } from "./flow";
import { l10n } from "./i18n";
import { createKeypad, listenForDigits } from "./keypad";

/** The 7 digits after the fixed "H". */
export const SENDER_DIGITS = 7;

export function universityScreen(flow: Flow): SubScreen {
  let digits = "";
  let busy = false;

  const title = heading("uni-title");
  const intro = msg("uni-intro", "p", { class: "lead" });
  const hint = msg("uni-sender-hint", "p", { id: "uni-sender-hint" });
  const label = msg("uni-sender-label", "p", { class: "field-label", id: "uni-sender-label" });
  // For the eyes; speech gets the status below (like the date of birth).
  const display = h("p", { class: "entry-display sender-display", "aria-hidden": "true", testid: "sender-display" });
  const status = h("p", {
    class: "visually-hidden",
    role: "status",
    "aria-live": "polite",
    "aria-atomic": "true",
    testid: "sender-status",
  });
  const error = fieldError("uni-sender-error");

  const confirmKey = button("uni-send", "sender-confirm", () => void confirm(), "primary key confirm");
  const keypad = createKeypad({
    digitTestid: (d) => `sender-digit-${d}`,
    deleteTestid: "sender-delete",
    confirmKey,
    onDigit: (d) => type(d),
    onDelete: () => erase(),
  });
  const clear = button("keypad-clear", "sender-clear", () => clearAll());

  function render(): void {
    const slots = [h("span", { class: "slot fixed" }, "H")];
    for (let i = 0; i < SENDER_DIGITS; i++) {
      const digit = digits[i];
      slots.push(
        digit === undefined
          ? h("span", { class: `slot placeholder${i === digits.length ? " next" : ""}` }, "_")
          : h("span", { class: "slot digit" }, digit),
      );
    }
    display.replaceChildren(...slots);
    l10n(status, "uni-entry-status", { count: digits.length, entered: `H${digits}` });
    confirmKey.disabled = digits.length !== SENDER_DIGITS;
    clear.disabled = digits.length === 0;
  }

  function type(digit: string): void {
    if (busy || digits.length >= SENDER_DIGITS) return;
    digits += digit;
    error.clear();
    render();
  }

  function erase(): void {
    if (busy || digits.length === 0) return;
    digits = digits.slice(0, -1);
    error.clear();
    render();
  }

  function clearAll(): void {
    if (busy) return;
    digits = "";
    error.clear();
    render();
    keypad.digitKeys[0]?.focus();
  }

  async function confirm(): Promise<void> {
    if (busy || digits.length !== SENDER_DIGITS) return;
    busy = true;
    error.clear();
    const outcome = await flow.prepare({ type: "universityReport", senderNumber: `H${digits}` }, ["invalidSenderNumber"]);
    busy = false;
    // The digits stay: the member corrects them.
    if (!outcome.ok && outcome.code === "invalidSenderNumber" && flow.alive()) error.show(outcome.code);
  }

  const entry = h(
    "div",
    { class: "entry-field", role: "group", "aria-labelledby": label.id, "aria-describedby": `${hint.id} ${error.el.id}` },
    label,
    display,
    status,
    error.el,
  );
  const el = section(
    "university",
    title,
    intro,
    h(
      "div",
      { class: "keypad-layout" },
      h("div", { class: "keypad-entry" }, hint, entry),
      keypad.el,
      h("div", { class: "actions" }, clear, button("docs-back", "back", () => flow.menu())),
    ),
  );
  render();
  const stopKeys = listenForDigits(el, { digit: type, erase, confirm: () => void confirm() });

  return {
    name: "university",
    el,
    heading: title,
    escape: () => flow.menu(),
    dispose() {
      stopKeys();
      digits = "";
    },
  };
}
