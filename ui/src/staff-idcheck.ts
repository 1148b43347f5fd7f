// The assisted ID check: staff look the member up (KVNR, or name and date of birth; online or
// from the kiosk's data, which the answer says), choose them, enter what the ID document shows
// (kind, expiry, the last 4 characters of its number; the country of an EU national ID), and
// confirm: the member's session opens at level high. Rust checks everything; nothing typed
// outlives the screen.
import {
  commands,
  type IdDocumentKindInput,
  type MemberFoundView,
  type MemberQueryInput,
} from "./bindings";
import { button, h, msg } from "./dom";
import { l10n } from "./i18n";
import { clearProblem, createStaffKeyboard, showProblem, staffField } from "./staff-keyboard";

const KINDS: IdDocumentKindInput[] = ["personalausweis", "reisepass", "aufenthaltstitel", "euNationalId"];

export const documentKindMessageId: Record<IdDocumentKindInput, string> = {
  personalausweis: "id-kind-personalausweis",
  reisepass: "id-kind-reisepass",
  aufenthaltstitel: "id-kind-aufenthaltstitel",
  euNationalId: "id-kind-eu-national-id",
};

export interface IdCheckHooks {
  back(): void;
  /** The member's session is open; `stays`: the staff member stays with them. */
  identified(stays: boolean): void;
}

export function buildIdCheck(hooks: IdCheckHooks): { el: HTMLElement; heading: HTMLElement; dispose(): void } {
  const heading = msg("staff-id-check-title", "h1", { tabindex: "-1", id: "staff-id-check-title" });
  const problem = h("p", { class: "field-error", role: "alert", testid: "staff-id-problem" });
  const body = h("div", { class: "staff-id-body" });
  const el = h(
    "section",
    { class: "staff-screen staff-id-check", testid: "staff-id-check", "aria-labelledby": heading.id },
    heading,
    problem,
    body,
  );

  function lookupStep(): void {
    document.body.dataset.staffStep = "lookup";
    let by: MemberQueryInput["by"] = "kvnr";
    const keyboard = createStaffKeyboard(() => undefined);
    const kvnr = staffField("staff-lookup-kvnr", "staff-lookup-kvnr", 10);
    const last = staffField("staff-lookup-last-name", "staff-lookup-last-name", 80);
    const first = staffField("staff-lookup-first-name", "staff-lookup-first-name", 80);
    const born = staffField("staff-lookup-birth-date", "staff-lookup-birth-date", 8);
    for (const field of [kvnr, last, first, born]) keyboard.attach(field.input);
    const byName = h("div", { class: "staff-fields" }, last.el, first.el, born.el);
    const byKvnr = h("div", { class: "staff-fields" }, kvnr.el);
    const select = (next: typeof by) => {
      by = next;
      byName.hidden = by !== "nameAndBirthDate";
      byKvnr.hidden = by !== "kvnr";
      kvnrTab.setAttribute("aria-pressed", String(by === "kvnr"));
      nameTab.setAttribute("aria-pressed", String(by !== "kvnr"));
      (by === "kvnr" ? kvnr.input : last.input).focus();
    };
    const kvnrTab = button("staff-lookup-by-kvnr", "staff-lookup-by-kvnr", () => select("kvnr"));
    const nameTab = button("staff-lookup-by-name", "staff-lookup-by-name", () => select("nameAndBirthDate"));
    const results = h("div", { class: "staff-results", testid: "staff-results" });
    const search = async () => {
      clearProblem(problem);
      const query: MemberQueryInput =
        by === "kvnr"
          ? { by: "kvnr", kvnr: kvnr.input.value.trim().toUpperCase() }
          : {
              by: "nameAndBirthDate",
              lastName: last.input.value,
              firstName: first.input.value,
              birthDate: born.input.value.trim(),
            };
      try {
        const found = await commands.staffLookup(query);
        results.replaceChildren(
          msg(found.offline ? "staff-lookup-offline" : "staff-lookup-online", "p", { class: "staff-source", testid: "staff-lookup-source" }),
          ...(found.members.length === 0
            ? [msg("staff-lookup-none", "p", { testid: "staff-lookup-none" })]
            : found.members.map((m, i) => memberButton(m, i))),
        );
      } catch (error) {
        showProblem(problem, error);
      }
    };
    body.replaceChildren(
      h("div", { class: "staff-lookup" },
        h("div", {},
          h("div", { class: "staff-tabs", role: "group" }, kvnrTab, nameTab),
          byKvnr,
          byName,
          h("div", { class: "actions" },
            button("staff-lookup-search", "staff-lookup-search", () => void search(), "primary"),
            button("docs-back", "staff-id-back", hooks.back),
          ),
          results,
        ),
        keyboard.el,
      ),
    );
    select("kvnr");
  }

  function memberButton(member: MemberFoundView, index: number): HTMLButtonElement {
    const b = h(
      "button",
      { type: "button", class: "btn secondary staff-member", testid: `staff-member-${index}` },
      h("span", { class: "staff-member-name" }, member.name),
      h("span", {}, `${member.birthDate} · ${member.kvnr}`),
    );
    if (member.lockedLetters > 0) b.append(msg("staff-member-letter-locked", "span", { class: "staff-badge" }));
    b.addEventListener("click", () => documentStep(member));
    return b;
  }

  function documentStep(member: MemberFoundView): void {
    document.body.dataset.staffStep = "document";
    clearProblem(problem);
    let kind: IdDocumentKindInput = "personalausweis";
    const keyboard = createStaffKeyboard(() => undefined);
    const expires = staffField("staff-doc-expires", "staff-doc-expires", 8);
    const numberEnd = staffField("staff-doc-number-end", "staff-doc-number-end", 4);
    keyboard.attach(expires.input);
    keyboard.attach(numberEnd.input);
    // The code as on the card (FR, IT, …): Rust knows which states' cards count.
    const country = staffField("staff-doc-country", "staff-doc-country", 2);
    keyboard.attach(country.input);
    const countryField = country.el;
    const kindButtons = KINDS.map((k) => {
      const b = button(documentKindMessageId[k], `staff-doc-kind-${k}`, () => choose(k));
      return b;
    });
    const choose = (k: IdDocumentKindInput) => {
      kind = k;
      kindButtons.forEach((b, i) => b.setAttribute("aria-pressed", String(KINDS[i] === k)));
      countryField.hidden = k !== "euNationalId";
    };
    const confirm = async (stays: boolean) => {
      clearProblem(problem);
      try {
        await commands.staffConfirmIdCheck({
          kvnr: member.kvnr,
          kind,
          expiresOn: expires.input.value.trim(),
          numberEnd: numberEnd.input.value.trim().toUpperCase(),
          country: kind === "euNationalId" ? country.input.value.trim().toUpperCase() || null : null,
          stays,
        });
        hooks.identified(stays);
      } catch (error) {
        showProblem(problem, error);
      }
    };
    const who = msg("staff-doc-member", "p", { class: "staff-who", testid: "staff-doc-member" }, { name: member.name, birthDate: member.birthDate });
    body.replaceChildren(
      h("div", { class: "staff-lookup" },
        h("div", {},
          who,
          msg("staff-doc-kind", "p"),
          h("div", { class: "staff-kinds", role: "group" }, ...kindButtons),
          h("div", { class: "staff-fields staff-fields-row" }, expires.el, numberEnd.el),
          countryField,
          msg("staff-doc-privacy", "p", { class: "hint" }),
        ),
        h("div", {},
          keyboard.el,
          h("div", { class: "actions staff-confirm" },
            button("staff-confirm-alone", "staff-confirm-alone", () => void confirm(false), "primary"),
            button("staff-confirm-stay", "staff-confirm-stay", () => void confirm(true), "primary"),
            button("docs-back", "staff-doc-back", lookupStep),
          ),
        ),
      ),
    );
    choose("personalausweis");
    expires.input.focus();
    l10n(heading, "staff-id-check-document-title");
  }

  lookupStep();
  return {
    el,
    heading,
    dispose: () => {
      delete document.body.dataset.staffStep;
    },
  };
}
