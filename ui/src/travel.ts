// Travel abroad: the country (the three with a treaty form first, every other one in a list),
// then either an explanation (EHIC, counter, no agreement: nothing to print) or the travel
// dates on the keypad, from which Rust makes the form (Auslandskrankenschein).
import type { ErrorCode, TravelAdvice, TravelCountry } from "./bindings";
import { formatEntry, spokenEntry } from "./birthdate";
import { button, h, msg } from "./dom";
import { countryLabel, countryName, fieldError, heading, section, type FieldError, type Flow, type SubScreen } from "./flow";
import { currentLanguage, l10n, t } from "./i18n";
import { createKeypad, listenForDigits } from "./keypad";

/** What the kiosk says for a country it prints nothing for (the compiler insists on each). */
export const travelAdviceMessageId: Record<Exclude<TravelAdvice, "form">, string> = {
  ehic: "travel-advice-ehic",
  askStaff: "travel-advice-ask-staff",
  noAgreement: "travel-advice-no-agreement",
};

function countryButton(flow: Flow, country: TravelCountry, big: boolean): HTMLButtonElement {
  const b = h("button", {
    type: "button",
    class: big ? "btn tile country-tile" : "btn country",
    testid: `country-${country.code}`,
    "data-advice": country.advice,
  });
  b.append(countryLabel(country.code, "span", { class: big ? "tile-title" : "country-name" }));
  if (big && country.form) b.append(msg("travel-form-hint", "span", { class: "tile-hint" }, { form: country.form }));
  b.addEventListener("click", () => flow.travelCountry(country));
  return b;
}

/** The countries sorted by their names in the current language. */
export function sortedByName(countries: readonly TravelCountry[]): TravelCountry[] {
  const collator = new Intl.Collator(currentLanguage());
  return [...countries].sort((a, b) => collator.compare(countryName(a.code), countryName(b.code)));
}

// ---- the country: the treaty form countries, and "another country"

export function travelScreen(flow: Flow): SubScreen {
  const title = heading("travel-title");
  const countries = flow.documents()?.travelCountries ?? [];
  const group = msg("travel-countries", "div", { role: "group", class: "tiles country-tiles" });
  group.append(...countries.filter((c) => c.advice === "form").map((c) => countryButton(flow, c, true)));
  const other = h(
    "button",
    { type: "button", class: "btn tile", testid: "country-other", "aria-describedby": "travel-other-hint" },
    msg("travel-other", "span", { class: "tile-title" }),
    msg("travel-other-hint", "span", { class: "tile-hint", id: "travel-other-hint" }),
  );
  other.addEventListener("click", () => flow.travelOther());
  group.append(other);

  const el = section(
    "travel",
    title,
    msg("travel-question", "p", { class: "lead" }),
    msg("travel-intro", "p"),
    group,
    h("div", { class: "actions" }, button("docs-back", "back", () => flow.menu())),
  );
  return { name: "travel", el, heading: title, escape: () => flow.menu() };
}

export function travelOtherScreen(flow: Flow): SubScreen {
  const title = heading("travel-other-title");
  const countries = (flow.documents()?.travelCountries ?? []).filter((c) => c.advice !== "form");
  const buttons = new Map(countries.map((c) => [c.code, countryButton(flow, c, false)] as const));
  // The one part of the flow that scrolls: inside its own region.
  const list = msg("travel-country-list", "div", { role: "group", class: "country-list", testid: "country-list" });
  const sort = () => list.replaceChildren(...sortedByName(countries).map((c) => buttons.get(c.code)!));
  sort();
  const el = section(
    "travel",
    title,
    msg("travel-other-intro", "p"),
    list,
    h("div", { class: "actions" }, button("docs-back", "back", () => flow.travel())),
  );
  return { name: "travel", el, heading: title, escape: () => flow.travel(), update: sort };
}

// ---- a country without a form here

export function travelAdviceScreen(flow: Flow, country: TravelCountry): SubScreen {
  const title = countryLabel(country.code, "h1", { id: "travel-advice-title", tabindex: "-1" });
  const advice = country.advice === "form" ? "noAgreement" : country.advice;
  const text = msg(travelAdviceMessageId[advice], "p", {
    class: "docs-notice travel-advice",
    testid: "travel-advice",
    "data-advice": country.advice,
  });
  const el = section(
    "travel-advice",
    title,
    text,
    h(
      "div",
      { class: "actions" },
      button("travel-choose-other", "back", () => flow.travel()),
      button("docs-to-menu", "to-menu", () => flow.menu()),
    ),
  );
  return { name: "travel-advice", el, heading: title, escape: () => flow.travel() };
}

// ---- the travel dates (TTMMJJJJ each)

const DATE_DIGITS = 8;

type FieldName = "from" | "until";

interface DateField {
  name: FieldName;
  digits: string;
  button: HTMLButtonElement;
  display: HTMLElement;
  spoken: HTMLElement;
  error: FieldError;
}

/** Whether TTMMJJJJ names a day of the calendar (only to put the error next to the right field). */
export function isCalendarDate(digits: string): boolean {
  if (!/^[0-9]{8}$/.test(digits)) return false;
  const day = Number(digits.slice(0, 2));
  const month = Number(digits.slice(2, 4));
  const year = Number(digits.slice(4));
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** TTMMJJJJ → YYYY-MM-DD. */
export function isoDate(digits: string): string {
  return `${digits.slice(4)}-${digits.slice(2, 4)}-${digits.slice(0, 2)}`;
}

/** Which field an error of prepareDocument belongs to (null: not a date error). */
function fieldOf(code: ErrorCode, from: string, until: string): FieldName | null {
  switch (code) {
    case "invalidDate":
      return !isCalendarDate(from) || isCalendarDate(until) ? "from" : "until";
    case "travelStartsInPast":
    case "travelStartsTooLate":
      return "from";
    case "travelEndsBeforeStart":
    case "travelTooLong":
      return "until";
    default:
      return null;
  }
}

const DATE_ERRORS: readonly ErrorCode[] = [
  "invalidDate",
  "travelStartsInPast",
  "travelStartsTooLate",
  "travelEndsBeforeStart",
  "travelTooLong",
];

export function travelDatesScreen(flow: Flow, country: TravelCountry): SubScreen {
  let busy = false;
  const title = heading("travel-dates-title");
  const countryLine = h(
    "p",
    { class: "lead travel-country" },
    msg("travel-country", "span"),
    " ",
    countryLabel(country.code, "strong", { testid: "travel-country" }),
  );
  if (country.form) countryLine.append(" · ", msg("travel-form-hint", "span", {}, { form: country.form }));
  const hint = msg("travel-dates-hint", "p", { id: "travel-dates-hint" });

  const makeField = (name: FieldName, labelId: string): DateField => {
    const error = fieldError(`travel-${name}-error`);
    const display = h("span", { class: "entry-display date-display", "aria-hidden": "true" });
    const spoken = h("span", { class: "visually-hidden" });
    const b = h(
      "button",
      {
        type: "button",
        class: "btn date-field",
        testid: `date-${name}`,
        "aria-pressed": "false",
        "aria-describedby": error.el.id,
      },
      msg(labelId, "span", { class: "field-label" }),
      display,
      spoken,
    );
    const field: DateField = { name, digits: "", button: b, display, spoken, error };
    b.addEventListener("click", () => {
      active = field;
      render();
    });
    return field;
  };
  const from = makeField("from", "travel-from");
  const until = makeField("until", "travel-until");
  let active = from;

  const status = h("p", {
    class: "visually-hidden",
    role: "status",
    "aria-live": "polite",
    "aria-atomic": "true",
    testid: "date-status",
  });
  const confirmKey = button("travel-create", "date-confirm", () => void confirm(), "primary key confirm");
  const keypad = createKeypad({
    digitTestid: (d) => `date-digit-${d}`,
    deleteTestid: "date-delete",
    confirmKey,
    onDigit: (d) => type(d),
    onDelete: () => erase(),
  });
  const clear = button("keypad-clear", "date-clear", () => clearActive());

  let shown = "";
  function render(): void {
    const placeholder = t("travel-date-placeholder");
    for (const field of [from, until]) {
      field.button.setAttribute("aria-pressed", String(field === active));
      field.button.toggleAttribute("aria-invalid", field.error.code() !== null);
      field.display.replaceChildren(
        ...formatEntry(field.digits, placeholder).map((slot) =>
          h("span", { class: `slot ${slot.kind}${slot.next && field === active ? " next" : ""}` }, slot.char),
        ),
      );
      field.spoken.textContent = spokenEntry(field.digits, placeholder);
    }
    // Read out only when the entry (or the field, or the language) changed.
    const key = `${currentLanguage()}|${active.name}|${active.digits}`;
    if (key !== shown) {
      shown = key;
      l10n(status, active === from ? "travel-date-status-from" : "travel-date-status-until", {
        count: active.digits.length,
        entered: spokenEntry(active.digits, placeholder),
      });
    }
    confirmKey.disabled = from.digits.length !== DATE_DIGITS || until.digits.length !== DATE_DIGITS;
    clear.disabled = active.digits.length === 0;
  }

  function type(digit: string): void {
    if (busy) return;
    // The start is complete: the next digits go to the end.
    if (active.digits.length >= DATE_DIGITS && active === from && until.digits.length < DATE_DIGITS) active = until;
    if (active.digits.length >= DATE_DIGITS) return;
    active.digits += digit;
    active.error.clear();
    if (active === from && from.digits.length === DATE_DIGITS && until.digits.length === 0) active = until;
    render();
  }

  function erase(): void {
    if (busy) return;
    // Erasing past the start of the end date goes on in the start date.
    if (active.digits.length === 0 && active === until) active = from;
    if (active.digits.length === 0) return;
    active.digits = active.digits.slice(0, -1);
    active.error.clear();
    render();
  }

  function clearActive(): void {
    if (busy) return;
    active.digits = "";
    active.error.clear();
    render();
    keypad.digitKeys[0]?.focus();
  }

  async function confirm(): Promise<void> {
    if (busy || confirmKey.disabled) return;
    busy = true;
    from.error.clear();
    until.error.clear();
    const outcome = await flow.prepare(
      { type: "travel", country: country.code, from: isoDate(from.digits), until: isoDate(until.digits) },
      DATE_ERRORS,
    );
    busy = false;
    if (outcome.ok || outcome.code === null || !flow.alive()) return;
    // Nothing typed is lost: the message goes next to its field, which is then the one edited.
    const which = fieldOf(outcome.code, from.digits, until.digits);
    if (which) {
      const field = which === "from" ? from : until;
      field.error.show(outcome.code);
      active = field;
    }
    render();
  }

  const fieldBox = (field: DateField) => h("div", { class: "date-field-box" }, field.button, field.error.el);
  const el = section(
    "travel-dates",
    title,
    countryLine,
    h(
      "div",
      { class: "keypad-layout" },
      h("div", { class: "keypad-entry" }, hint, fieldBox(from), fieldBox(until), status),
      keypad.el,
      h("div", { class: "actions" }, clear, button("docs-back", "back", () => flow.travel())),
    ),
  );
  render();
  const stopKeys = listenForDigits(el, { digit: type, erase, confirm: () => void confirm() });

  return {
    name: "travel-dates",
    el,
    heading: title,
    escape: () => flow.travel(),
    update: render,
    dispose() {
      stopKeys();
      from.digits = "";
      until.digits = "";
    },
  };
}
