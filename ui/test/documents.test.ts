// @vitest-environment jsdom
// The certificates screens with the Tauri API mocked: menu and its notices, the university
// sender number, the travel country and dates, preview, and the print's progress.
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import type { DocumentsView, PrintView } from "../src/bindings";
import { createBackend, PAGE_PNG, type Backend } from "./fake-backend";

const mocks = vi.hoisted(() => ({ backend: null as Backend | null }));
vi.mock("@tauri-apps/api/core", () => ({
  invoke: (command: string, args?: Record<string, unknown>) => mocks.backend!.invoke(command, args),
}));
vi.mock("@tauri-apps/api/event", () => ({
  listen: (event: string, handler: Parameters<Backend["listen"]>[1]) => mocks.backend!.listen(event, handler),
}));

let backend: Backend;
let added: Parameters<Document["addEventListener"]>[] = [];

const find = (testid: string) => document.querySelector<HTMLElement>(`[data-testid="${testid}"]`);
function get(testid: string): HTMLElement {
  const el = find(testid);
  if (!el) throw new Error(`no element with data-testid="${testid}"`);
  return el;
}
const text = (testid: string) => get(testid).textContent?.trim();
const screen = () => document.body.dataset.screen;
const visible = (testid: string) => {
  const el = find(testid);
  return !!el && !el.closest("[hidden]");
};

async function settle(): Promise<void> {
  for (let i = 0; i < 30; i++) await Promise.resolve();
}

async function click(...testids: string[]): Promise<void> {
  for (const testid of testids) {
    get(testid).click();
    await settle();
  }
}

function key(k: string): KeyboardEvent {
  const target = document.activeElement ?? document.body;
  const event = new KeyboardEvent("keydown", { key: k, bubbles: true, cancelable: true });
  target.dispatchEvent(event);
  return event;
}

/** Boots the app with an identified member, on the certificates menu. */
async function menu(documents: Partial<DocumentsView> = {}): Promise<void> {
  backend.state.documents = { ...backend.state.documents, ...documents };
  backend.state.view = { ...backend.state.view, phase: "identified", method: "letter", trustLevel: "substantial" };
  const { start } = await import("../src/app");
  await start();
  await settle();
}

beforeEach(() => {
  vi.useFakeTimers();
  vi.resetModules();
  const original = document.addEventListener.bind(document);
  vi.spyOn(document, "addEventListener").mockImplementation((...args: Parameters<Document["addEventListener"]>) => {
    added.push(args);
    original(...args);
  });
  document.documentElement.className = "";
  document.head.replaceChildren(document.createElement("title"));
  document.body.replaceChildren();
  for (const k of Object.keys(document.body.dataset)) delete document.body.dataset[k];
  sessionStorage.clear();
  localStorage.clear();
  window.history.replaceState(null, "", "/");
  backend = createBackend();
  mocks.backend = backend;
});

afterEach(async () => {
  // No screen may ask for a message the catalogue does not have.
  const { missingIds } = await import("../src/i18n");
  expect([...missingIds]).toEqual([]);
  vi.clearAllTimers();
  vi.useRealTimers();
  for (const [type, listener, options] of added) document.removeEventListener(type, listener, options);
  added = [];
});

describe("certificates menu", () => {
  test("after identification: heading, trust level and the four tiles, loaded from documentsView", async () => {
    await menu();
    expect(screen()).toBe("documents");
    expect(find("screen-identified")).not.toBeNull();
    expect(backend.calls("documents_view")).toHaveLength(1);
    expect(document.activeElement?.tagName).toBe("H1");
    expect(text("trust-level")).toBe("Vertrauensniveau: substanziell");
    expect(text("doc-membership")).toContain("Mitgliedsbescheinigung");
    expect(text("doc-university")).toContain("Bescheinigung für die Hochschule");
    expect(text("doc-travel")).toContain("Auslandskrankenschein");
    expect(visible("doc-membership")).toBe(true);
    for (const testid of ["data-problem", "data-as-of", "printer-problem"]) expect(find(testid)).toBeNull();
    // In the order of the menu; a student gets the university report first.
    const order = () => [...get("services").querySelectorAll("button")].map((b) => b.dataset.testid);
    expect(order()).toEqual(["doc-membership", "doc-university", "doc-travel", "smartident"]);
  });

  test("a student sees the university report first", async () => {
    await menu({ isStudent: true });
    const order = [...get("services").querySelectorAll("button")].map((b) => b.dataset.testid);
    expect(order).toEqual(["doc-university", "doc-membership", "doc-travel", "smartident"]);
  });

  test("data too old: a notice instead of the tiles, with the hours and where else to go", async () => {
    await menu({ dataProblem: "tooOld", maxAgeHours: 72 });
    const notice = get("data-problem");
    expect(notice.dataset.problem).toBe("tooOld");
    expect(notice.textContent).toContain("seit mehr als 72 Stunden nicht mit unserer Zentrale verbunden");
    expect(notice.textContent).toContain("Personal am Schalter");
    expect(notice.textContent).toContain("Online-Geschäftsstelle");
    expect(visible("doc-membership")).toBe(false);
    expect(visible("doc-travel")).toBe(false);
  });

  test("member data missing: the notice says so and sends the member to the staff", async () => {
    await menu({ dataProblem: "missing" });
    expect(get("data-problem").dataset.problem).toBe("missing");
    expect(text("data-problem")).toContain("Ihre Daten liegen an diesem Terminal nicht vor.");
    expect(text("data-problem")).toContain("Personal am Schalter");
    expect(visible("doc-university")).toBe(false);
  });

  test("a clock the kiosk cannot trust: no certificates, and the member is sent to the staff", async () => {
    await menu({ dataProblem: "clockUntrusted" });
    expect(get("data-problem").dataset.problem).toBe("clockUntrusted");
    expect(text("data-problem")).toContain("kann seiner Uhrzeit gerade nicht vertrauen");
    expect(text("data-problem")).toContain("Personal am Schalter");
    expect(visible("doc-membership")).toBe(false);
  });

  test("offline within the limit: a calm note with the data's date and time, in each language", async () => {
    await menu({ dataAsOf: "2026-11-29T08:15:00Z" });
    expect(get("data-as-of").textContent).toBe(
      "Datenstand: 29.11.2026, 09:15. Das Terminal ist gerade nicht mit unserer Zentrale verbunden. Ihre Bescheinigung nennt diesen Datenstand.",
    );
    expect(visible("doc-membership")).toBe(true);
    backend.change({ language: "en" });
    expect(text("data-as-of")).toContain("Data as of 29/11/2026, 09:15.");
  });

  test("a printer problem is told in plain words; the tiles stay", async () => {
    await menu({ printerProblem: "mediaEmpty" });
    expect(get("printer-problem").dataset.problem).toBe("mediaEmpty");
    expect(text("printer-problem")).toBe(
      "Der Drucker hat kein Papier mehr. Sie können Ihre Bescheinigung trotzdem schon erstellen und ansehen.",
    );
    expect(visible("doc-membership")).toBe(true);
  });

  test("a failing documentsView shows the error and a way to try again", async () => {
    backend.failures.set("documents_view", { code: "storeUnavailable", message: "x" });
    await menu();
    expect(text("error-message")).toContain("nicht bereit");
    expect(visible("documents-retry")).toBe(true);
    backend.failures.delete("documents_view");
    await click("documents-retry");
    expect(visible("doc-membership")).toBe(true);
    expect(text("error-message")).toBe("");
  });
});

describe("membership certificate and preview", () => {
  test("the tile prepares it; the preview shows the page images with print and back", async () => {
    await menu();
    await click("doc-membership");
    expect(backend.calls("prepare_document")).toEqual([["prepare_document", { request: { type: "membership" } }]]);
    expect(screen()).toBe("preview");
    expect(document.activeElement?.textContent).toBe("Vorschau: Mitgliedsbescheinigung");
    const images = document.querySelectorAll<HTMLImageElement>('[data-testid="preview-image"]');
    expect(images).toHaveLength(1);
    expect(images[0]!.getAttribute("src")).toBe(`data:image/png;base64,${PAGE_PNG}`);
    expect(images[0]!.alt).toBe("Vorschau, Seite 1 von 1");
    expect(text("print")).toBe("Drucken");
    expect(text("back")).toBe("Zurück");
  });

  test("back discards the document and returns to the menu (fresh documentsView)", async () => {
    await menu();
    await click("doc-membership", "back");
    expect(backend.calls("discard_document")).toEqual([["discard_document", { documentId: "doc-1" }]]);
    expect(backend.state.prepared.size).toBe(0);
    expect(screen()).toBe("documents");
    expect(backend.calls("documents_view")).toHaveLength(2);
  });

  test("Escape on the preview is the same as back", async () => {
    await menu();
    await click("doc-membership");
    key("Escape");
    await settle();
    expect(screen()).toBe("documents");
    expect(backend.calls("discard_document")).toHaveLength(1);
  });

  test("enlarge switches the pages to page width in their own scrolling region", async () => {
    await menu();
    await click("doc-membership", "preview-zoom");
    expect(get("preview-zoom").getAttribute("aria-pressed")).toBe("true");
    expect(get("preview-pages").hasAttribute("data-zoomed")).toBe(true);
    expect(get("preview-pages").getAttribute("tabindex")).toBe("0");
  });
});

describe("university report", () => {
  const digits = (...keys: string[]) => click(...keys.map((k) => `sender-digit-${k}`));
  const display = () => get("sender-display").textContent;
  const confirmKey = () => get("sender-confirm") as HTMLButtonElement;

  test("explains the electronic report and asks for H + 7 digits; confirm at 7 sends H + digits", async () => {
    await menu();
    await click("doc-university");
    expect(screen()).toBe("university");
    expect(text("screen-university")).toContain("elektronisch");
    expect(text("screen-university")).toContain("H0000719");
    expect(display()).toBe("H_______");
    await digits("0", "0", "0", "0", "7", "1");
    expect(display()).toBe("H000071_");
    expect(confirmKey().disabled).toBe(true);
    expect(text("sender-status")).toBe("6 von 7 Ziffern eingegeben: H000071");
    await digits("9", "5"); // an eighth digit does not fit
    expect(display()).toBe("H0000719");
    expect(confirmKey().disabled).toBe(false);
    await click("sender-confirm");
    expect(backend.calls("prepare_document")).toEqual([
      ["prepare_document", { request: { type: "universityReport", senderNumber: "H0000719" } }],
    ]);
    // The receipt: handed over, with the request id, and the certificate for the member's records.
    expect(screen()).toBe("preview");
    expect(text("uni-filed-on-print")).toContain("Mit „Drucken“ geben Sie die Meldung an die Hochschule auf");
    expect(get("report-request-id").dataset.id).toBe("M10-1");
    expect(text("report-request-id")).toBe("Vorgangsnummer: M10-1");
    expect(visible("doc-student-certificate")).toBe(true);
  });

  test("an invalid sender number shows its message by the field and keeps the digits", async () => {
    await menu();
    await click("doc-university");
    // H0000000 is the fake backend's sender number that does not exist.
    await digits("0", "0", "0", "0", "0", "0", "0");
    await click("sender-confirm");
    expect(screen()).toBe("university");
    const error = get("field-error");
    expect(error.getAttribute("role")).toBe("alert");
    expect(error.dataset.code).toBe("invalidSenderNumber");
    expect(error.textContent).toBe(
      "Das ist keine gültige Absendernummer. Bitte prüfen Sie die Nummer.",
    );
    expect(display()).toBe("H0000000");
    expect(text("error-message")).toBe("");
    // Corrected: the message goes with the first change.
    await click("sender-delete");
    expect(find("field-error")).toBeNull();
    await digits("1");
    await click("sender-confirm");
    expect(screen()).toBe("preview");
  });

  test("physical keys: digits, Backspace, Enter; Escape goes back to the menu", async () => {
    await menu();
    await click("doc-university");
    for (const k of "12345678") key(k);
    expect(display()).toBe("H1234567");
    key("Backspace");
    key("9");
    key("Enter");
    await settle();
    expect(backend.calls("prepare_document")).toEqual([
      ["prepare_document", { request: { type: "universityReport", senderNumber: "H1234569" } }],
    ]);
    await click("back");
    await click("doc-university");
    expect(display()).toBe("H_______"); // nothing kept from before
    key("Escape");
    await settle();
    expect(screen()).toBe("documents");
  });

  test("clear empties the entry", async () => {
    await menu();
    await click("doc-university");
    await digits("1", "2", "3");
    await click("sender-clear");
    expect(display()).toBe("H_______");
  });

  test("the certificate for the member's records from the receipt's preview", async () => {
    await menu();
    await click("doc-university");
    await digits("0", "0", "0", "0", "7", "1", "9");
    await click("sender-confirm", "doc-student-certificate");
    expect(backend.calls("prepare_document").at(-1)).toEqual(["prepare_document", { request: { type: "studentCertificate" } }]);
    expect(screen()).toBe("preview");
    expect(document.activeElement?.textContent).toBe("Vorschau: Bescheinigung für Ihre Unterlagen");
    // The receipt left unprinted is dropped.
    expect(backend.calls("discard_document")).toEqual([["discard_document", { documentId: "doc-1" }]]);
  });
});

describe("travel abroad", () => {
  const listOrder = () =>
    [...get("country-list").querySelectorAll<HTMLElement>("button")].map((b) => b.dataset.testid?.slice("country-".length));

  test("the form countries first as big buttons, then another country", async () => {
    await menu();
    await click("doc-travel");
    expect(screen()).toBe("travel");
    const buttons = [...get("screen-travel").querySelectorAll<HTMLElement>(".country-tiles button")];
    expect(buttons.map((b) => b.dataset.testid)).toEqual(["country-TR", "country-TN", "country-BA", "country-other"]);
    expect(text("country-TR")).toBe("TürkeiFormular T/A 11");
    expect(text("country-BA")).toContain("Bosnien und Herzegowina");
  });

  test("another country: a list sorted by the names of the current language; codes without a name show the code", async () => {
    await menu();
    await click("doc-travel", "country-other");
    expect(screen()).toBe("travel");
    // Ägypten (Ä as A), Großbritannien is "Vereinigtes Königreich", Österreich (Ö as O).
    expect(listOrder()).toEqual(["EG", "AT", "CH", "RS", "ES", "US", "GB", "ZZ"]);
    expect(text("country-ZZ")).toBe("ZZ");
    backend.change({ language: "en" });
    expect(listOrder()).toEqual(["AT", "EG", "RS", "ES", "CH", "GB", "US", "ZZ"]);
    expect(text("country-CH")).toBe("Switzerland");
    key("Escape");
    await settle();
    expect(find("country-list")).toBeNull();
    expect(find("country-TR")).not.toBeNull();
  });

  test("an EHIC country explains the card and prints nothing", async () => {
    await menu();
    await click("doc-travel", "country-other", "country-AT");
    expect(screen()).toBe("travel-advice");
    expect(document.activeElement?.textContent).toBe("Österreich");
    expect(get("travel-advice").dataset.advice).toBe("ehic");
    expect(text("travel-advice")).toBe(
      "Ihre Gesundheitskarte gilt dort: die Europäische Krankenversicherungskarte (EHIC) ist auf der Rückseite Ihrer Karte. Ein Auslandskrankenschein ist nicht nötig.",
    );
    expect(backend.calls("prepare_document")).toHaveLength(0);
    expect(find("print")).toBeNull();
    await click("back");
    expect(screen()).toBe("travel");
  });

  test("no agreement: private travel insurance; an agreement whose form the counter issues: staff", async () => {
    await menu();
    await click("doc-travel", "country-other", "country-US");
    expect(get("travel-advice").dataset.advice).toBe("noAgreement");
    expect(text("travel-advice")).toContain("kein Abkommen über Soziale Sicherheit");
    expect(text("travel-advice")).toContain("private Auslandsreise-Krankenversicherung");
    await click("back", "country-other", "country-RS");
    expect(get("travel-advice").dataset.advice).toBe("askStaff");
    expect(text("travel-advice")).toContain("Personal am Schalter");
    await click("to-menu");
    expect(screen()).toBe("documents");
    expect(backend.calls("prepare_document")).toHaveLength(0);
  });

  const typeDates = async (from: string, until: string) => {
    for (const d of from + until) await click(`date-digit-${d}`);
  };
  const field = (name: "from" | "until") => get(`date-${name}`).querySelector(".date-display")!.textContent;

  test("a form country asks the travel dates and sends them as YYYY-MM-DD", async () => {
    await menu();
    await click("doc-travel", "country-TR");
    expect(screen()).toBe("travel-dates");
    expect(text("travel-country")).toBe("Türkei");
    expect(get("date-from").getAttribute("aria-pressed")).toBe("true");
    expect(field("from")).toBe("TT.MM.JJJJ");
    await typeDates("0112", "");
    expect(field("from")).toBe("01.12.JJJJ");
    await typeDates("2026", "");
    // The start is complete: the end is next.
    expect(get("date-until").getAttribute("aria-pressed")).toBe("true");
    expect((get("date-confirm") as HTMLButtonElement).disabled).toBe(true);
    await typeDates("2012", "2026");
    expect(field("until")).toBe("20.12.2026");
    expect((get("date-confirm") as HTMLButtonElement).disabled).toBe(false);
    await click("date-confirm");
    expect(backend.calls("prepare_document")).toEqual([
      ["prepare_document", { request: { type: "travel", country: "TR", from: "2026-12-01", until: "2026-12-20" } }],
    ]);
    expect(screen()).toBe("preview");
    expect(document.querySelectorAll('[data-testid="preview-image"]')).toHaveLength(2);
  });

  test.each([
    ["travelStartsInPast", "01112026", "20122026", "from", "Der Reisebeginn liegt in der Vergangenheit."],
    ["travelStartsTooLate", "01012028", "20012028", "from", "Der Reisebeginn liegt mehr als ein Jahr in der Zukunft."],
    ["travelEndsBeforeStart", "20122026", "01122026", "until", "Das Reiseende liegt vor dem Reisebeginn."],
    ["travelTooLong", "01122026", "01032028", "until", "Ein Auslandskrankenschein gilt höchstens ein Jahr."],
    ["invalidDate", "01122026", "31022027", "until", "Das ist kein gültiges Datum."],
    ["invalidDate", "30022027", "01032027", "from", "Das ist kein gültiges Datum."],
  ] as const)("%s (%s–%s) is shown next to %s, the dates are kept", async (code, from, until, which, message) => {
    await menu();
    await click("doc-travel", "country-TN");
    await typeDates(from, until);
    await click("date-confirm");
    expect(screen()).toBe("travel-dates");
    const error = get("field-error");
    expect(error.dataset.code).toBe(code);
    expect(error.textContent).toContain(message);
    expect(error.getAttribute("role")).toBe("alert");
    // Next to its field (described by it), which is the one typed into now.
    expect(error.parentElement).toBe(get(`date-${which}`).parentElement);
    expect(get(`date-${which}`).getAttribute("aria-describedby")).toBe(error.id);
    expect(get(`date-${which}`).getAttribute("aria-pressed")).toBe("true");
    expect(document.querySelectorAll('[data-testid="field-error"]')).toHaveLength(1);
    expect(text("error-message")).toBe("");
    const shown = (digits: string) => `${digits.slice(0, 2)}.${digits.slice(2, 4)}.${digits.slice(4)}`;
    expect(field("from")).toBe(shown(from));
    expect(field("until")).toBe(shown(until));
  });

  test("correcting a date: Backspace in the chosen field, then a new confirm", async () => {
    await menu();
    await click("doc-travel", "country-BA");
    await typeDates("01122026", "01122027"); // 366 days
    await click("date-confirm");
    expect(get("field-error").dataset.code).toBe("travelTooLong");
    // The year: 2027 becomes 2026.
    key("Backspace");
    expect(find("field-error")).toBeNull();
    key("6");
    key("Enter");
    await settle();
    expect(backend.calls("prepare_document").at(-1)).toEqual([
      "prepare_document",
      { request: { type: "travel", country: "BA", from: "2026-12-01", until: "2026-12-01" } },
    ]);
    expect(screen()).toBe("preview");
  });

  test("tapping a field chooses where the digits go; Escape goes back to the countries", async () => {
    await menu();
    await click("doc-travel", "country-TR");
    await typeDates("01122026", "2012");
    await click("date-from");
    await click("date-delete");
    expect(field("from")).toBe("01.12.202J");
    expect(field("until")).toBe("20.12.JJJJ");
    key("Escape");
    await settle();
    expect(screen()).toBe("travel");
  });
});

describe("printing", () => {
  const state = () => get("print-state");
  const emit = (view: Partial<PrintView>) =>
    backend.emit("print-changed", { documentId: "doc-1", state: "printing", problem: null, ...view });

  async function printing(): Promise<void> {
    await menu();
    await click("doc-membership", "print");
  }

  test("print sends the document and follows its events: printing, waiting (stopped), completed", async () => {
    await printing();
    expect(screen()).toBe("printing");
    expect(backend.calls("print_document")).toEqual([["print_document", { documentId: "doc-1" }]]);
    // printView once on open.
    expect(backend.calls("print_view")).toEqual([["print_view", { documentId: "doc-1" }]]);
    expect(state().getAttribute("role")).toBe("status");
    expect(state().getAttribute("aria-live")).toBe("polite");
    expect(state().dataset.state).toBe("sending");
    expect(text("print-state")).toBe("Wird gedruckt …");
    expect(visible("back")).toBe(false);

    emit({ state: "printing" });
    expect(state().dataset.state).toBe("printing");
    expect(state().dataset.problem).toBeUndefined();

    emit({ state: "waiting", problem: "stopped" });
    expect(state().dataset.state).toBe("waiting");
    expect(state().dataset.problem).toBe("stopped");
    expect(text("print-state")).toBe(
      "Der Drucker ist angehalten. Bitte wenden Sie sich an das Personal – Ihr Dokument wird gedruckt, sobald er wieder läuft. Wenn Sie vorher gehen, wird der Druck abgebrochen.",
    );
    expect(visible("print-retry")).toBe(false);

    emit({ state: "printing" });
    emit({ state: "completed" });
    expect(state().dataset.state).toBe("completed");
    expect(text("print-state")).toBe("Bitte entnehmen Sie Ihr Dokument am Drucker.");
    expect(visible("print-retry")).toBe(false);
    expect(visible("doc-student-certificate")).toBe(false);
    expect(text("back")).toBe("Zur Übersicht");
    await click("back");
    expect(screen()).toBe("documents");
    expect(backend.calls("discard_document")).toHaveLength(0);
  });

  test("failed: the problem, and a retry that prints again", async () => {
    await printing();
    emit({ state: "failed", problem: "mediaJam" });
    expect(state().dataset.problem).toBe("mediaJam");
    expect(text("print-state")).toBe(
      "Der Drucker hat einen Papierstau. Ihr Dokument wurde nicht gedruckt. Sie können es noch einmal versuchen.",
    );
    expect(visible("print-retry")).toBe(true);
    expect(text("back")).toBe("Zurück");
    backend.state.printed.clear(); // Rust allows a new try after a failed one
    await click("print-retry");
    expect(backend.calls("print_document")).toHaveLength(2);
    expect(state().dataset.state).toBe("sending");
    expect(visible("print-retry")).toBe(false);
  });

  test("back after a failed print drops the document", async () => {
    await printing();
    emit({ state: "failed", problem: null });
    expect(text("print-state")).toBe("Ihr Dokument wurde nicht gedruckt. Sie können es noch einmal versuchen.");
    await click("back");
    expect(backend.calls("discard_document")).toEqual([["discard_document", { documentId: "doc-1" }]]);
    expect(screen()).toBe("documents");
  });

  test("in doubt: staff check, no retry", async () => {
    await printing();
    emit({ state: "inDoubt" });
    expect(text("print-state")).toBe(
      "Wir können nicht sicher sagen, ob gedruckt wurde. Bitte wenden Sie sich an das Personal.",
    );
    expect(visible("print-retry")).toBe(false);
    expect(visible("back")).toBe(true);
  });

  test("events of other documents are ignored; an event newer than printView's answer wins", async () => {
    backend.state.printAnswer = "printing";
    await printing();
    backend.emit("print-changed", { documentId: "doc-9", state: "failed", problem: "other" });
    expect(state().dataset.state).toBe("printing");
  });

  test("printView's state on open shows when no event came", async () => {
    backend.state.printViews.set("doc-1", { documentId: "doc-1", state: "waiting", problem: "mediaEmpty" });
    await printing();
    expect(state().dataset.state).toBe("waiting");
    expect(text("print-state")).toBe(
      "Der Drucker hat kein Papier mehr. Bitte wenden Sie sich an das Personal – Ihr Dokument wird gedruckt, sobald er wieder läuft. Wenn Sie vorher gehen, wird der Druck abgebrochen.",
    );
  });

  test("printer unavailable: the message, nothing printed, retry offered", async () => {
    backend.failures.set("print_document", { code: "printerUnavailable", message: "printer offline" });
    await printing();
    expect(get("print-error").textContent).toBe(
      "Der Drucker kann Ihr Dokument gerade nicht annehmen. Es wurde nichts gedruckt. Bitte versuchen Sie es gleich noch einmal oder wenden Sie sich an das Personal.",
    );
    expect(state().dataset.state).toBeUndefined();
    expect(text("error-message")).toBe("");
    expect(visible("print-retry")).toBe(true);
    backend.failures.delete("print_document");
    await click("print-retry");
    expect(get("print-error").textContent).toBe("");
    expect(state().dataset.state).toBe("sending");
  });

  test("already printed: the message, no retry", async () => {
    backend.failures.set("print_document", { code: "alreadyPrinted", message: "x" });
    await printing();
    expect(get("print-error").textContent).toBe("Dieses Dokument wurde bereits gedruckt oder wird gerade gedruckt.");
    expect(visible("print-retry")).toBe(false);
  });

  test("after the university receipt is printed, the certificate for the records is offered", async () => {
    await menu();
    await click("doc-university");
    for (const d of "0000719") await click(`sender-digit-${d}`);
    await click("sender-confirm", "print");
    emit({ state: "completed" });
    expect(visible("doc-student-certificate")).toBe(true);
    await click("doc-student-certificate");
    expect(backend.calls("prepare_document").at(-1)).toEqual(["prepare_document", { request: { type: "studentCertificate" } }]);
    expect(screen()).toBe("preview");
  });
});

describe("member data hygiene", () => {
  test("nothing of the flow goes into web storage or cookies; the session's end leaves nothing on screen", async () => {
    await menu();
    await click("doc-university");
    for (const d of "0000719") await click(`sender-digit-${d}`);
    await click("sender-confirm");
    expect(sessionStorage.length).toBe(0);
    expect(localStorage.length).toBe(0);
    expect(document.cookie).toBe("");
    const replace = vi.fn();
    vi.stubGlobal("location", { replace });
    backend.emit("session-ended", { reason: "member" });
    // Blank at once; Rust navigates to the clean page itself (src-tauri/src/session_end.rs).
    expect(replace).not.toHaveBeenCalled();
    expect(find("preview-image")).toBeNull();
    expect(find("screen-identified")).toBeNull();
  });
});
