// The staff screens' on-screen keyboard: letters, digits, '-' and a space, typed into the text
// field that last had the focus. Physical keys type into the focused field as usual.
import { h, msg } from "./dom";
import { l10n } from "./i18n";
import { errorCodeOf, errorMessageId } from "./ipc";

const ROWS = ["1234567890", "QWERTZUIOPÜ", "ASDFGHJKLÖÄ", "YXCVBNM-ß"];

export interface StaffKeyboard {
  el: HTMLElement;
  /** Makes `input` the field the keys type into (also when it gets the focus). */
  attach(input: HTMLInputElement): void;
}

export function createStaffKeyboard(onChange: () => void): StaffKeyboard {
  let target: HTMLInputElement | null = null;
  const type = (text: string) => {
    if (!target) return;
    const max = target.maxLength > 0 ? target.maxLength : Infinity;
    if (target.value.length + text.length > max) return;
    target.value += text;
    onChange();
  };
  const key = (label: string, testid: string, action: () => void, cls = "") => {
    const el = h("button", { type: "button", class: `btn key staff-key ${cls}`, testid }, label);
    // Keeps the focus in the field, so the keys and the physical keyboard type into the same.
    el.addEventListener("pointerdown", (e) => e.preventDefault());
    el.addEventListener("click", action);
    return el;
  };
  const rows = ROWS.map((row) =>
    h("div", { class: "staff-key-row" }, ...[...row].map((c) => key(c, `staff-key-${c}`, () => type(c)))),
  );
  const space = key("␣", "staff-key-space", () => type(" "), "wide");
  l10n(space, "staff-key-space");
  const erase = key("⌫", "staff-key-delete", () => {
    if (!target) return;
    target.value = target.value.slice(0, -1);
    onChange();
  });
  l10n(erase, "keypad-delete-description");
  rows[rows.length - 1]!.append(space, erase);
  const el = msg("staff-keyboard", "div", { role: "group", class: "staff-keyboard", testid: "staff-keyboard" });
  el.append(...rows);
  return {
    el,
    attach(input) {
      target = input;
      input.addEventListener("focus", () => (target = input));
      input.addEventListener("input", onChange);
    },
  };
}

/** A labelled text field for the staff screens (no OS keyboard: the kiosk has its own). */
export function staffField(labelId: string, testid: string, maxLength: number, kind: "text" | "password" = "text"): {
  el: HTMLElement;
  input: HTMLInputElement;
} {
  const input = h("input", {
    type: kind,
    class: "staff-input",
    id: testid,
    testid,
    inputmode: "none",
    autocomplete: "off",
    spellcheck: "false",
    maxlength: String(maxLength),
  });
  const label = msg(labelId, "label", { for: testid });
  return { el: h("div", { class: "staff-field" }, label, input), input };
}

/** Shows why a staff command failed, with its count (tries left, minutes) where it has one. */
export function showProblem(el: HTMLElement, error: unknown): void {
  const code = errorCodeOf(error);
  const count = typeof error === "object" && error !== null && "count" in error ? Number((error as { count: unknown }).count) : 0;
  l10n(el, errorMessageId[code], { count });
  el.dataset.code = code;
}

export function clearProblem(el: HTMLElement): void {
  delete el.dataset.l10nId;
  delete el.dataset.code;
  el.textContent = "";
}

