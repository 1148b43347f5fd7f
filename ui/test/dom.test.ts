// @vitest-environment jsdom
// The UI in a DOM with the Tauri API mocked: screens, languages, idle warning, session end.
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { createBackend, type Backend } from "./fake-backend";

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

async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await Promise.resolve();
}

async function boot(url = "/"): Promise<void> {
  window.history.replaceState(null, "", url);
  const { start } = await import("../src/app");
  await start();
  await settle();
}

function key(k: string, init: KeyboardEventInit = {}): KeyboardEvent {
  const target = document.activeElement ?? document.body;
  const event = new KeyboardEvent("keydown", { key: k, bubbles: true, cancelable: true, ...init });
  target.dispatchEvent(event);
  return event;
}

async function click(testid: string): Promise<void> {
  get(testid).click();
  await settle();
}

beforeEach(() => {
  vi.useFakeTimers();
  vi.resetModules();
  // Listeners the app puts on the document are removed after each test (a fresh app per test).
  const original = document.addEventListener.bind(document);
  vi.spyOn(document, "addEventListener").mockImplementation((...args: Parameters<Document["addEventListener"]>) => {
    added.push(args);
    original(...args);
  });
  document.documentElement.className = "";
  document.documentElement.removeAttribute("lang");
  document.head.replaceChildren(document.createElement("title"));
  document.body.replaceChildren();
  for (const k of Object.keys(document.body.dataset)) delete document.body.dataset[k];
  sessionStorage.clear();
  localStorage.clear();
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

describe("attract screen", () => {
  test("renders in German by default and says it is ready", async () => {
    await boot();
    expect(document.body.dataset.ready).toBe("true");
    expect(document.body.dataset.screen).toBe("attract");
    expect(document.documentElement.lang).toBe("de");
    expect(document.documentElement.dir).toBe("ltr");
    expect(find("attract")).not.toBeNull();
    expect(text("welcome-title")).toBe("Willkommen");
    expect(text("start-letter")).toContain("Mit Aktivierungsbrief anmelden");
    expect(text("start-staff")).toContain("Mitarbeiter-Unterstützung");
    expect(get("lang-de").getAttribute("aria-pressed")).toBe("true");
    expect(get("lang-en").getAttribute("aria-pressed")).toBe("false");
    expect(get("lang-en").lang).toBe("en");
    expect(text("lang-en")).toBe("English");
    expect(text("kiosk-id")).toBe("Geschäftsstelle GS-0815 · Terminal K-03");
    expect(get("end-session").hidden).toBe(true);
    expect(document.title).toBe("Service-Terminal Ihrer Krankenkasse");
    expect(document.activeElement).toBe(get("welcome-title"));
  });

  test("switching to English re-renders every text at once", async () => {
    await boot();
    await click("lang-en");
    expect(backend.calls("set_language")).toEqual([["set_language", { language: "en" }]]);
    expect(document.documentElement.lang).toBe("en");
    expect(text("welcome-title")).toBe("Welcome");
    expect(text("start-letter")).toContain("Sign in with activation letter");
    expect(text("toggle-large-text")).toBe("Large text");
    expect(text("kiosk-id")).toBe("Branch GS-0815 · Terminal K-03");
    expect(document.querySelector(".languages")?.getAttribute("aria-label")).toBe("Choose language");
    expect(document.title).toBe("Your health insurer's service terminal");
    expect(get("lang-en").getAttribute("aria-pressed")).toBe("true");
    expect(get("lang-de").getAttribute("aria-pressed")).toBe("false");
    // Language names stay in their own language.
    expect(text("lang-de")).toBe("Deutsch");
    // No German is left in the page, except what is pinned to German on purpose
    // (the language's own name and the greeting in the other language).
    const pinned = [...document.querySelectorAll<HTMLElement>('[data-l10n-lang="de"]')];
    expect(pinned.map((el) => el.textContent)).toEqual(["Willkommen", "Deutsch"]);
    pinned.forEach((el) => el.remove());
    expect(document.body.textContent).not.toMatch(/Willkommen|Sitzung|Anmelden|Große Schrift|Deutsch/);
  });

  test("follows the language of a session-changed event", async () => {
    await boot();
    backend.change({ language: "en" });
    expect(text("welcome-title")).toBe("Welcome");
    backend.change({ language: "de" });
    expect(text("welcome-title")).toBe("Willkommen");
    expect(document.documentElement.lang).toBe("de");
  });

  test("arrow keys move the focus like Tab", async () => {
    await boot();
    get("lang-de").focus();
    key("ArrowDown");
    expect(document.activeElement).toBe(get("lang-en"));
    key("ArrowUp");
    expect(document.activeElement).toBe(get("lang-de"));
    // From the heading focused on a screen change, the next control in reading order.
    await click("start-letter");
    expect(document.activeElement?.id).toBe("letter-title");
    key("ArrowDown");
    expect(document.activeElement).toBe(get("letter-by-post"));
    document.getElementById("letter-title")?.focus();
    key("ArrowUp");
    expect(document.activeElement).toBe(get("end-session"));
  });

  test("display toggles switch classes on <html> and report their state", async () => {
    await boot();
    await click("toggle-large-text");
    expect(document.documentElement.classList.contains("large-text")).toBe(true);
    expect(get("toggle-large-text").getAttribute("aria-pressed")).toBe("true");
    await click("toggle-contrast");
    expect(document.documentElement.classList.contains("high-contrast")).toBe(true);
    await click("toggle-large-text");
    expect(document.documentElement.classList.contains("large-text")).toBe(false);
    expect(get("toggle-large-text").getAttribute("aria-pressed")).toBe("false");
  });

  test("blocks the context menu", async () => {
    await boot();
    const event = new MouseEvent("contextmenu", { bubbles: true, cancelable: true });
    get("welcome-title").dispatchEvent(event);
    expect(event.defaultPrevented).toBe(true);
  });
});

describe("identification screens", () => {
  test("the letter tile starts identification by letter; cancel ends the session", async () => {
    await boot();
    await click("start-letter");
    expect(backend.calls("start_identification")).toEqual([["start_identification", { method: "letter" }]]);
    expect(document.body.dataset.screen).toBe("letter");
    expect(find("screen-letter")).not.toBeNull();
    expect(get("camera-preview").getAttribute("aria-label")).toBe("Kameravorschau");
    expect(get("camera-preview").querySelector("video")).toBeNull();
    expect(get("end-session").hidden).toBe(false);
    expect(document.activeElement?.id).toBe("letter-title");
    await click("cancel");
    expect(backend.calls("end_session")).toHaveLength(1);
  });

  test("a double tap starts identification only once", async () => {
    await boot();
    get("start-letter").click();
    get("start-letter").click();
    await settle();
    expect(backend.calls("start_identification")).toHaveLength(1);
  });

  test("the staff tile calls staff, and a staff-checked session is at level high", async () => {
    await boot();
    await click("start-staff");
    expect(backend.calls("start_identification")).toEqual([]);
    expect(backend.calls("call_staff")).toEqual([["call_staff", { reason: "other" }]]);
    expect(text("help-called")).toContain("gerufen");
    expect(text("help-status")).toContain("Etwas anderes");
    backend.change({ phase: "identified", method: "staffAssist", trustLevel: "high" });
    expect(document.body.dataset.screen).toBe("documents");
    expect(text("trust-level")).toBe("Vertrauensniveau: hoch");
    await click("end-session");
    expect(backend.calls("end_session")).toHaveLength(1);
  });

  test("errors are shown translated per code, never the raw message", async () => {
    await boot();
    backend.failures.set("start_identification", { code: "storeUnavailable", message: "SQLCipher: file is not a database" });
    await click("start-letter");
    expect(text("error-message")).toBe(
      "Das Terminal ist gerade nicht bereit. Bitte wenden Sie sich an das Personal.",
    );
    expect(document.body.textContent).not.toContain("SQLCipher");
    expect(document.body.dataset.screen).toBe("attract");

    backend.failures.set("start_identification", { code: "notIdentifying", message: "not identifying" });
    await click("start-letter");
    expect(text("error-message")).toBe("Die Anmeldung ist bereits abgeschlossen.");

    backend.failures.set("start_identification", new Error("boom"));
    await click("start-letter");
    expect(text("error-message")).toContain("Etwas ist schiefgegangen");

    await click("lang-en");
    expect(text("error-message")).toBe(""); // cleared by the successful command

    backend.failures.delete("start_identification");
    await click("start-letter");
    expect(document.body.dataset.screen).toBe("letter");
  });

  test("reports activity during a session, at most once per 2 s", async () => {
    await boot();
    const tap = () => document.body.dispatchEvent(new MouseEvent("pointerdown", { bubbles: true }));
    tap();
    expect(backend.calls("report_activity")).toHaveLength(0); // no session yet
    await click("start-letter");
    for (let i = 0; i < 5; i++) tap();
    expect(backend.calls("report_activity")).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(2000);
    expect(backend.calls("report_activity")).toHaveLength(2); // the trailing report
    await vi.advanceTimersByTimeAsync(5000);
    expect(backend.calls("report_activity")).toHaveLength(2);
  });
});

describe("activation letter: scan guidance and refusals", () => {
  const guidance = () => get("scan-guidance");
  const refused = () => get("letter-refused");

  async function letterScreen(): Promise<void> {
    await boot();
    await click("start-letter");
    expect(document.body.dataset.screen).toBe("letter");
  }

  test.each([
    ["noCode", "Halten Sie den QR-Code Ihres Briefs vor die Kamera."],
    ["holdSteady", "Code erkannt – bitte etwas näher und ruhig halten."],
    ["tooDark", "Zu dunkel – bitte den Brief ins Licht halten."],
    ["tooBright", "Zu hell – bitte Spiegelungen vermeiden."],
    ["lowContrast", "Bitte den Brief etwas weiter weg halten."],
    ["read", "Code erkannt – einen Moment bitte …"],
  ])("guidance %s has its own live instruction below the preview", async (value, expected) => {
    await letterScreen();
    backend.emit("scan-guidance", { guidance: value });
    expect(guidance().dataset.guidance).toBe(value);
    expect(guidance().textContent).toBe(expected);
    expect(guidance().getAttribute("aria-live")).toBe("polite");
    // Below the labelled preview area, which keeps its instruction.
    expect(get("camera-preview").compareDocumentPosition(guidance()) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    expect(get("camera-preview").textContent).toBe("Halten Sie den QR-Code so, dass er hier vollständig zu sehen ist.");
  });

  test("before the camera says anything, the instruction is to hold the code up; English follows the session", async () => {
    await letterScreen();
    expect(guidance().dataset.guidance).toBeUndefined();
    expect(guidance().textContent).toBe("Halten Sie den QR-Code Ihres Briefs vor die Kamera.");
    backend.emit("scan-guidance", { guidance: "tooBright" });
    backend.change({ language: "en" });
    expect(guidance().textContent).toBe("Too bright – please avoid reflections.");
    backend.emit("scan-guidance", { guidance: "holdSteady" });
    expect(guidance().textContent).toBe("Code found – please hold it a little closer and still.");
  });

  test("guidance that arrives before the letter screen is shown on it", async () => {
    await boot();
    backend.emit("scan-guidance", { guidance: "tooDark" });
    await click("start-letter");
    expect(guidance().dataset.guidance).toBe("tooDark");
  });

  test.each([
    ["expired", "Dieser Aktivierungsbrief ist abgelaufen. Bitte fordern Sie beim Personal einen neuen an."],
    ["alreadyUsed", "Dieser Brief wurde bereits verwendet."],
    ["revoked", "zurückgezogen"],
    ["locked", "Dieser Aktivierungsbrief ist gesperrt. Bitte wenden Sie sich an das Personal, es kann ihn freischalten."],
    ["invalid", "Der Code konnte nicht geprüft werden"],
    ["notALetter", "Das ist kein Aktivierungsbrief"],
    ["notYetValid", "noch nicht gültig"],
    ["memberNotAvailable", "Ihre Daten sind an diesem Terminal nicht verfügbar. Bitte wenden Sie sich an das Personal."],
    ["clockUntrusted", "kann seiner Uhrzeit gerade nicht vertrauen und deshalb Ihr Schreiben nicht prüfen"],
  ])("a refused letter (%s) shows its own message as an alert", async (reason, expected) => {
    await letterScreen();
    expect(refused().getAttribute("role")).toBe("alert");
    expect(refused().textContent).toBe(""); // in the page, empty, before it has something to say
    backend.emit("scan-guidance", { guidance: "read" });
    backend.emit("letter-refused", { reason, attemptsLeft: null });
    expect(refused().dataset.reason).toBe(reason);
    expect(refused().textContent).toContain(expected);
    // Nothing but the reason's own message; the general error stays out of it.
    expect(text("error-message")).toBe("");
    expect(document.body.dataset.screen).toBe("letter");
  });

  test("a refusal stays while scanning goes on, until the next code is read or another refusal", async () => {
    await letterScreen();
    backend.emit("scan-guidance", { guidance: "read" });
    backend.emit("letter-refused", { reason: "expired", attemptsLeft: null });
    backend.emit("scan-guidance", { guidance: "noCode" });
    backend.emit("scan-guidance", { guidance: "holdSteady" });
    expect(refused().dataset.reason).toBe("expired");
    expect(guidance().dataset.guidance).toBe("holdSteady");

    backend.emit("letter-refused", { reason: "alreadyUsed", attemptsLeft: null });
    expect(refused().dataset.reason).toBe("alreadyUsed");
    expect(refused().textContent).toContain("bereits verwendet");
    expect(refused().textContent).not.toContain("abgelaufen");

    backend.emit("scan-guidance", { guidance: "read" });
    expect(refused().dataset.reason).toBeUndefined();
    expect(refused().textContent).toBe("");
    expect(guidance().dataset.guidance).toBe("read");
  });

  test("the refusal is translated when the language changes", async () => {
    await letterScreen();
    backend.emit("letter-refused", { reason: "expired", attemptsLeft: null });
    backend.change({ language: "en" });
    expect(refused().textContent).toBe("This activation letter has expired. Please ask the staff for a new one.");
  });
});

describe("activation letter: live camera preview", () => {
  const image = () => get("camera-preview-image") as HTMLImageElement;
  const previewCalls = () => backend.calls("camera_preview").length;
  const frame = (jpegBase64: string) => ({ jpegBase64, width: 480, height: 360 });
  const hint = "Halten Sie den QR-Code so, dass er hier vollständig zu sehen ist.";

  async function letterScreen(): Promise<void> {
    await boot();
    await click("start-letter");
    expect(document.body.dataset.screen).toBe("letter");
  }

  test("frames appear as the image's source, refreshed about every 200 ms, with the instruction kept", async () => {
    backend.state.cameraPreview = frame("AAAA");
    await letterScreen();
    const img = image();
    expect(get("camera-preview").contains(img)).toBe(true);
    expect(img.hidden).toBe(false);
    expect(img.getAttribute("src")).toBe("data:image/jpeg;base64,AAAA");
    expect(img.alt).toBe("Kamerabild: Halten Sie den QR-Code Ihres Briefs hinein");
    expect(get("camera-preview").dataset.live).toBe("true");
    // The instruction stays visible beside the image.
    const p = get("camera-preview").querySelector("p")!;
    expect(p.hidden).toBe(false);
    expect(p.textContent).toBe(hint);
    // No announcement per frame: the image is in no live region.
    expect(img.closest("[aria-live]")).toBeNull();

    backend.state.cameraPreview = frame("BBBB");
    await vi.advanceTimersByTimeAsync(150);
    expect(img.getAttribute("src")).toBe("data:image/jpeg;base64,AAAA");
    await vi.advanceTimersByTimeAsync(60);
    expect(img.getAttribute("src")).toBe("data:image/jpeg;base64,BBBB");
    expect(image()).toBe(img);

    backend.change({ language: "en" });
    expect(img.alt).toBe("Camera image: hold the QR code of your letter in view");
  });

  test("while there is no frame (null) the area shows the instruction alone", async () => {
    await letterScreen();
    expect(previewCalls()).toBe(1);
    expect(image().hidden).toBe(true);
    expect(image().hasAttribute("src")).toBe(false);
    expect(get("camera-preview").dataset.live).toBeUndefined();
    expect(get("camera-preview").textContent).toBe(hint);

    backend.state.cameraPreview = frame("AAAA");
    await vi.advanceTimersByTimeAsync(200);
    expect(image().hidden).toBe(false);
    // The scan stops: the last frame goes.
    backend.state.cameraPreview = null;
    await vi.advanceTimersByTimeAsync(200);
    expect(image().hidden).toBe(true);
    expect(image().hasAttribute("src")).toBe(false);
    expect(get("camera-preview").dataset.live).toBeUndefined();
  });

  test("a failing request shows no error and polling goes on", async () => {
    backend.failures.set("camera_preview", { code: "internal", message: "camera gone" });
    await letterScreen();
    await vi.advanceTimersByTimeAsync(400);
    expect(previewCalls()).toBe(3);
    expect(image().hidden).toBe(true);
    expect(text("error-message")).toBe("");
    backend.failures.delete("camera_preview");
    backend.state.cameraPreview = frame("AAAA");
    await vi.advanceTimersByTimeAsync(200);
    expect(image().getAttribute("src")).toBe("data:image/jpeg;base64,AAAA");
  });

  test("polls only while the letter screen is shown", async () => {
    backend.state.cameraPreview = frame("AAAA");
    await boot();
    await vi.advanceTimersByTimeAsync(1000);
    expect(previewCalls()).toBe(0);

    await click("start-letter");
    await vi.advanceTimersByTimeAsync(1000);
    const onLetter = previewCalls();
    expect(onLetter).toBeGreaterThanOrEqual(5);
    expect(onLetter).toBeLessThanOrEqual(6);

    // A letter is read: the date of birth is asked, the preview goes and polling stops.
    backend.change({ awaitingBirthDate: true });
    expect(document.body.dataset.screen).toBe("birthdate");
    expect(find("camera-preview-image")).toBeNull();
    await vi.advanceTimersByTimeAsync(2000);
    expect(previewCalls()).toBe(onLetter);

    // Back on the letter screen (letter locked), it polls again.
    backend.change({ awaitingBirthDate: false });
    expect(document.body.dataset.screen).toBe("letter");
    await vi.advanceTimersByTimeAsync(0);
    expect(previewCalls()).toBe(onLetter + 1);
    expect(image().getAttribute("src")).toBe("data:image/jpeg;base64,AAAA");

    // The session ends: nothing is polled any more.
    vi.stubGlobal("location", { replace: vi.fn() });
    backend.emit("session-ended", { reason: "member" });
    await vi.advanceTimersByTimeAsync(2000);
    expect(previewCalls()).toBe(onLetter + 1);
  });

  test("never overlaps requests: the next one waits for the answer, then ~200 ms", async () => {
    let release = () => {};
    let gate = new Promise<void>((resolve) => (release = resolve));
    let inFlight = 0;
    let maxInFlight = 0;
    const answer = backend.invoke.getMockImplementation()!;
    backend.invoke.mockImplementation(async (command, args) => {
      if (command !== "camera_preview") return answer(command, args);
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      try {
        await gate;
        return answer(command, args);
      } finally {
        inFlight -= 1;
      }
    });
    backend.state.cameraPreview = frame("AAAA");
    await letterScreen();
    // The first answer is slow: no second request meanwhile.
    await vi.advanceTimersByTimeAsync(1000);
    expect(previewCalls()).toBe(1);
    expect(image().hidden).toBe(true);

    release();
    await settle();
    expect(image().getAttribute("src")).toBe("data:image/jpeg;base64,AAAA");
    gate = new Promise<void>((resolve) => (release = resolve));
    await vi.advanceTimersByTimeAsync(199);
    expect(previewCalls()).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(previewCalls()).toBe(2);
    expect(maxInFlight).toBe(1);

    // Leaving while a request runs: its answer is dropped and no next request follows.
    backend.state.cameraPreview = frame("BBBB");
    backend.change({ awaitingBirthDate: true });
    release();
    await settle();
    await vi.advanceTimersByTimeAsync(1000);
    expect(previewCalls()).toBe(2);
    expect(document.querySelector("img")).toBeNull();
  });
});

describe("date of birth", () => {
  const display = () => text("birthdate-display");
  const confirmKey = () => get("key-confirm") as HTMLButtonElement;

  async function birthDateScreen(): Promise<void> {
    await boot();
    await click("start-letter");
    // The scan read a valid letter: Rust asks for the date of birth.
    backend.change({ awaitingBirthDate: true });
    backend.emit("scan-guidance", { guidance: "read" });
    expect(document.body.dataset.screen).toBe("birthdate");
  }

  async function tap(...keys: string[]): Promise<void> {
    for (const k of keys) get(`key-${k}`).click();
    await settle();
  }

  test("is asked once a letter is read, with a keypad of large keys and a cancel button", async () => {
    await birthDateScreen();
    expect(find("screen-birthdate")).not.toBeNull();
    expect(find("screen-letter")).toBeNull();
    expect(document.activeElement?.textContent).toBe("Bitte geben Sie Ihr Geburtsdatum ein");
    expect(display()).toBe("TT.MM.JJJJ");
    expect(get("birthdate-display").getAttribute("aria-hidden")).toBe("true");
    expect(get("birthdate-status").getAttribute("aria-live")).toBe("polite");
    expect(text("birthdate-status")).toBe("Noch keine Ziffer eingegeben.");
    for (let d = 0; d <= 9; d++) expect(text(`key-${d}`)).toBe(String(d));
    expect(get("keypad").getAttribute("role")).toBe("group");
    expect(get("keypad").getAttribute("aria-label")).toBe("Ziffernblock");
    expect(text("key-delete")).toContain("Löschen");
    expect(get("key-delete").getAttribute("aria-description")).toBe("Löscht die zuletzt eingegebene Ziffer.");
    expect(text("key-confirm")).toBe("Bestätigen");
    expect(confirmKey().disabled).toBe(true);
    expect(get("birthdate-error").getAttribute("role")).toBe("alert");
    expect(text("birthdate-error")).toBe("");
    await click("cancel");
    expect(backend.calls("end_session")).toHaveLength(1);
  });

  test("the keypad fills the display and sends exactly the 8 digits typed", async () => {
    await birthDateScreen();
    await tap("0", "7");
    expect(display()).toBe("07.MM.JJJJ");
    expect(text("birthdate-status")).toBe("2 von 8 Ziffern eingegeben: 07.");
    await tap("0", "3", "1", "9", "5");
    expect(display()).toBe("07.03.195J");
    expect(confirmKey().disabled).toBe(true);
    await tap("9", "delete");
    expect(display()).toBe("07.03.195J");
    await tap("8");
    expect(display()).toBe("07.03.1958");
    expect(confirmKey().disabled).toBe(false);
    await tap("4"); // a ninth digit does not fit
    expect(display()).toBe("07.03.1958");
    expect(backend.calls("submit_birth_date")).toHaveLength(0);
    await tap("confirm");
    expect(backend.calls("submit_birth_date")).toEqual([["submit_birth_date", { digits: "07031958" }]]);
    // Rust accepts it: the member is identified.
    expect(document.body.dataset.screen).toBe("documents");
    expect(text("trust-level")).toBe("Vertrauensniveau: substanziell");
  });

  test("placeholders follow the language", async () => {
    await birthDateScreen();
    await tap("1", "2");
    backend.change({ language: "en" });
    expect(display()).toBe("12.MM.YYYY");
    expect(text("birthdate-status")).toBe("2 of 8 digits entered: 12.");
    expect(text("key-confirm")).toBe("Confirm");
  });

  test("a wrong date clears the entry and says how many attempts are left", async () => {
    await birthDateScreen();
    await tap("0", "1", "0", "1", "1", "9", "9", "0");
    // Pressed by touch, the confirm key has the focus (a click in jsdom does not move it).
    confirmKey().focus();
    await tap("confirm");
    expect(backend.calls("submit_birth_date")).toEqual([["submit_birth_date", { digits: "01011990" }]]);
    const error = get("birthdate-error");
    expect(error.getAttribute("role")).toBe("alert");
    expect(error.dataset.reason).toBe("wrongBirthDate");
    expect(error.textContent).toBe("Das Geburtsdatum stimmt nicht. Sie haben noch 2 Versuche.");
    expect(display()).toBe("TT.MM.JJJJ");
    expect(confirmKey().disabled).toBe(true);
    expect(document.activeElement).toBe(get("key-1")); // not lost with the disabled confirm key
    // The screen's message, not the general one.
    expect(text("error-message")).toBe("");
    expect(document.body.dataset.screen).toBe("birthdate");

    await tap("0", "2", "0", "2", "1", "9", "9", "0", "confirm");
    expect(get("birthdate-error").textContent).toBe("Das Geburtsdatum stimmt nicht. Sie haben noch 1 Versuch.");
    backend.change({ language: "en" });
    expect(get("birthdate-error").textContent).toBe("The date of birth does not match. You have 1 attempt left.");
  });

  test("an impossible date says so and uses no attempt", async () => {
    await birthDateScreen();
    await tap("3", "1", "1", "3", "1", "9", "5", "8", "confirm");
    expect(get("birthdate-error").dataset.reason).toBe("invalidBirthDate");
    expect(text("birthdate-error")).toBe("Das ist kein gültiges Datum. Bitte prüfen Sie Tag, Monat und Jahr.");
    expect(backend.state.attemptsLeft).toBe(3);
    expect(display()).toBe("TT.MM.JJJJ");
    // The next try starts without the old message.
    await tap("0", "7", "0", "3", "1", "9", "5", "8", "confirm");
    expect(document.body.dataset.screen).toBe("documents");
  });

  test("the third wrong date locks the letter: back to the letter screen with the locked message", async () => {
    await birthDateScreen();
    for (let i = 0; i < 3; i++) await tap("0", "1", "0", "1", "1", "9", "9", "0", "confirm");
    expect(document.body.dataset.screen).toBe("letter");
    const refused = get("letter-refused");
    expect(refused.getAttribute("role")).toBe("alert");
    expect(refused.dataset.reason).toBe("lockedNow");
    expect(refused.textContent).toBe(
      "Der Brief ist nach drei falschen Eingaben gesperrt. Bitte wenden Sie sich an das Personal.",
    );
    expect(text("error-message")).toBe("");
    expect(document.activeElement?.id).toBe("letter-title");
    // The camera's last word before the keypad ("read") is not shown again.
    expect(get("scan-guidance").dataset.guidance).toBeUndefined();
    // A new letter read clears it.
    backend.emit("scan-guidance", { guidance: "read" });
    expect(get("letter-refused").dataset.reason).toBeUndefined();
  });

  test("the locked message also shows when the session change comes before the refusal", async () => {
    await birthDateScreen();
    backend.change({ awaitingBirthDate: false });
    backend.emit("letter-refused", { reason: "lockedNow", attemptsLeft: 0 });
    expect(document.body.dataset.screen).toBe("letter");
    expect(get("letter-refused").dataset.reason).toBe("lockedNow");
  });

  test("a physical keyboard works: digits, Backspace, Enter", async () => {
    await birthDateScreen();
    for (const k of "070319") key(k);
    expect(display()).toBe("07.03.19JJ");
    key("Backspace");
    key("Backspace");
    for (const k of "1958") key(k);
    expect(display()).toBe("07.03.1958");
    key("a"); // not a digit: nothing
    expect(display()).toBe("07.03.1958");
    const enter = key("Enter");
    await settle();
    expect(enter.defaultPrevented).toBe(true);
    expect(backend.calls("submit_birth_date")).toEqual([["submit_birth_date", { digits: "07031958" }]]);
    expect(document.body.dataset.screen).toBe("documents");
  });

  test("Enter before 8 digits sends nothing; Enter on a focused key presses only that key", async () => {
    await birthDateScreen();
    for (const k of "0703") key(k);
    key("Enter");
    await settle();
    expect(backend.calls("submit_birth_date")).toHaveLength(0);
    get("key-5").focus();
    const enter = key("Enter");
    expect(enter.defaultPrevented).toBe(false); // the browser presses the focused button
    expect(display()).toBe("07.03.JJJJ");
  });

  test("another failure shows the general error and keeps the entry", async () => {
    await birthDateScreen();
    backend.failures.set("submit_birth_date", { code: "storeUnavailable", message: "x" });
    await tap("0", "7", "0", "3", "1", "9", "5", "8", "confirm");
    expect(text("error-message")).toBe("Das Terminal ist gerade nicht bereit. Bitte wenden Sie sich an das Personal.");
    expect(display()).toBe("07.03.1958");
    expect(confirmKey().disabled).toBe(false);
    backend.failures.delete("submit_birth_date");
    await tap("confirm");
    expect(document.body.dataset.screen).toBe("documents");
  });

  test("a double tap on confirm sends once", async () => {
    await birthDateScreen();
    await tap("0", "7", "0", "3", "1", "9", "5", "8");
    confirmKey().click();
    confirmKey().click();
    await settle();
    expect(backend.calls("submit_birth_date")).toHaveLength(1);
  });

  test("typing does nothing while the idle warning is open", async () => {
    await birthDateScreen();
    await tap("0", "7");
    backend.change({ warning: { secondsLeft: 12, canExtend: true } });
    key("3");
    key("Backspace");
    expect(display()).toBe("07.MM.JJJJ");
    backend.change({ warning: null });
    key("0");
    expect(display()).toBe("07.0M.JJJJ");
  });

  test("the countdown's views do not re-announce the entry", async () => {
    await birthDateScreen();
    await tap("0", "7");
    const status = get("birthdate-status");
    const before = status.firstChild;
    backend.change({ warning: { secondsLeft: 12, canExtend: true } });
    backend.change({ warning: { secondsLeft: 11, canExtend: true } });
    expect(status.firstChild).toBe(before);
  });

  test("the entry stays in memory only and leaves with the screen", async () => {
    const setItem = vi.spyOn(Storage.prototype, "setItem");
    await birthDateScreen();
    await tap("0", "7", "0", "3", "1", "9", "5", "8");
    expect(sessionStorage.length).toBe(0);
    expect(localStorage.length).toBe(0);
    expect(document.cookie).toBe("");
    expect(setItem).not.toHaveBeenCalled();
    await click("cancel");
    backend.change({ phase: "identifying", awaitingBirthDate: false });
    // Its keyboard listener is gone with it.
    key("1");
    expect(find("birthdate-display")).toBeNull();
    backend.change({ awaitingBirthDate: true });
    expect(display()).toBe("TT.MM.JJJJ");
  });
});

describe("idle warning", () => {
  test("shows a modal countdown, traps focus, and Escape extends", async () => {
    await boot();
    await click("start-letter");
    backend.change({ warning: { secondsLeft: 12, canExtend: true } });

    const dialog = get("idle-warning");
    expect(dialog.getAttribute("role")).toBe("alertdialog");
    expect(dialog.getAttribute("aria-modal")).toBe("true");
    expect(text("countdown")).toBe("Ihre Sitzung endet in 12 Sekunden");
    expect(dialog.querySelector("h2")?.textContent).toBe("Sind Sie noch da?");
    expect(dialog.textContent).toContain("Möchten Sie weitermachen?");
    expect(dialog.textContent).not.toContain("maximale Sitzungsdauer");
    expect(dialog.querySelector("[aria-live]")).not.toBeNull();
    expect(get("extend-session").hidden).toBe(false);
    expect(document.activeElement).toBe(get("extend-session"));
    expect(document.querySelector(".app")?.hasAttribute("inert")).toBe(true);

    backend.change({ warning: { secondsLeft: 1, canExtend: true } });
    expect(get("idle-warning")).toBe(dialog); // updated in place, focus kept
    expect(text("countdown")).toBe("Ihre Sitzung endet in 1 Sekunde");
    expect(document.activeElement).toBe(get("extend-session"));

    get("end-now").focus();
    key("Tab");
    expect(document.activeElement).toBe(get("extend-session"));
    key("Tab", { shiftKey: true });
    expect(document.activeElement).toBe(get("end-now"));

    key("Escape");
    await settle();
    expect(backend.calls("extend_session")).toHaveLength(1);
    expect(find("idle-warning")).toBeNull();
    expect(document.querySelector(".app")?.hasAttribute("inert")).toBe(false);
  });

  test("at the maximum session length: says so, offers only 'End now', Escape does not extend", async () => {
    await boot();
    await click("start-letter");
    backend.change({ warning: { secondsLeft: 12, canExtend: false } });

    const dialog = get("idle-warning");
    expect(dialog.getAttribute("role")).toBe("alertdialog");
    expect(text("countdown")).toBe("Ihre Sitzung endet in 12 Sekunden");
    expect(dialog.textContent).toContain("Die maximale Sitzungsdauer ist erreicht.");
    expect(dialog.textContent).not.toContain("Sind Sie noch da?");
    expect(dialog.textContent).not.toContain("Möchten Sie weitermachen?");
    // No way to extend: the button is neither shown nor reachable, the focus is on one that is.
    const extend = find("extend-session");
    expect(extend === null || extend.hidden).toBe(true);
    expect(document.activeElement).toBe(get("end-now"));
    expect(get("end-now").hidden).toBe(false);
    key("Tab");
    expect(document.activeElement).toBe(get("end-now"));
    key("Tab", { shiftKey: true });
    expect(document.activeElement).toBe(get("end-now"));

    backend.change({ warning: { secondsLeft: 11, canExtend: false } });
    expect(get("idle-warning")).toBe(dialog);
    expect(text("countdown")).toBe("Ihre Sitzung endet in 11 Sekunden");
    expect(document.activeElement).toBe(get("end-now"));

    const escape = key("Escape");
    await settle();
    expect(escape.defaultPrevented).toBe(true);
    expect(backend.calls("extend_session")).toHaveLength(0);
    expect(backend.calls("end_session")).toHaveLength(0);
    expect(get("idle-warning")).toBe(dialog); // still open: only Rust or "End now" ends it

    await click("end-now");
    expect(backend.calls("end_session")).toHaveLength(1);
    expect(backend.calls("extend_session")).toHaveLength(0);
  });

  test("at the maximum session length in English", async () => {
    await boot();
    await click("start-staff");
    backend.change({ warning: { secondsLeft: 7, canExtend: false }, language: "en" });
    expect(text("countdown")).toBe("Your session ends in 7 seconds");
    expect(get("idle-warning").textContent).toContain("The maximum session length has been reached.");
    expect(get("idle-warning").textContent).not.toMatch(/Are you still there|continue\?/);
    expect(text("end-now")).toBe("End now");
    expect(document.activeElement).toBe(get("end-now"));
  });

  test("a warning that can no longer be extended changes in place and moves the focus", async () => {
    await boot();
    await click("start-letter");
    backend.change({ warning: { secondsLeft: 20, canExtend: true } });
    const dialog = get("idle-warning");
    expect(document.activeElement).toBe(get("extend-session"));

    backend.change({ warning: { secondsLeft: 19, canExtend: false } });
    expect(get("idle-warning")).toBe(dialog);
    expect(dialog.textContent).toContain("Die maximale Sitzungsdauer ist erreicht.");
    expect(get("extend-session").hidden).toBe(true);
    expect(document.activeElement).toBe(get("end-now"));
    key("Escape");
    await settle();
    expect(backend.calls("extend_session")).toHaveLength(0);

    backend.change({ warning: { secondsLeft: 18, canExtend: true } });
    expect(dialog.textContent).toContain("Sind Sie noch da?");
    expect(get("extend-session").hidden).toBe(false);
    key("Escape");
    await settle();
    expect(backend.calls("extend_session")).toHaveLength(1);
    expect(find("idle-warning")).toBeNull();
  });

  test("the countdown follows the language", async () => {
    await boot();
    await click("start-staff");
    backend.change({ warning: { secondsLeft: 7, canExtend: true }, language: "en" });
    expect(text("countdown")).toBe("Your session ends in 7 seconds");
    expect(text("extend-session")).toBe("Continue session");
  });

  test("'End now' ends the session", async () => {
    await boot();
    await click("start-letter");
    backend.change({ warning: { secondsLeft: 10, canExtend: true } });
    await click("end-now");
    expect(backend.calls("end_session")).toHaveLength(1);
  });

  test("sounds when it appears and every 5 s while it shows", async () => {
    const started: number[] = [];
    class FakeAudioContext {
      state = "running";
      currentTime = 0;
      destination = {};
      resume = () => Promise.resolve();
      createOscillator = () => ({
        type: "sine",
        frequency: { setValueAtTime: vi.fn() },
        connect: vi.fn(),
        start: (at: number) => started.push(at),
        stop: vi.fn(),
      });
      createGain = () => ({
        gain: { setValueAtTime: vi.fn(), exponentialRampToValueAtTime: vi.fn() },
        connect: vi.fn(),
      });
    }
    vi.stubGlobal("AudioContext", FakeAudioContext);
    await boot();
    await click("start-letter");
    backend.change({ warning: { secondsLeft: 20, canExtend: true } });
    const perBeep = started.length;
    expect(perBeep).toBeGreaterThan(0);
    await vi.advanceTimersByTimeAsync(5000);
    expect(started.length).toBe(2 * perBeep);
    await vi.advanceTimersByTimeAsync(5000);
    expect(started.length).toBe(3 * perBeep);
    backend.change({ warning: null });
    await vi.advanceTimersByTimeAsync(15000);
    expect(started.length).toBe(3 * perBeep);
  });

  test("works without audio", async () => {
    vi.stubGlobal(
      "AudioContext",
      class {
        constructor() {
          throw new Error("no audio device");
        }
      },
    );
    await boot();
    await click("start-letter");
    backend.change({ warning: { secondsLeft: 9, canExtend: true } });
    await vi.advanceTimersByTimeAsync(5000);
    expect(text("countdown")).toBe("Ihre Sitzung endet in 9 Sekunden");
  });
});

describe("connection indicator (footer, for staff)", () => {
  const indicator = () => get("sync-status");

  test("shows the status from Rust beside the kiosk id, as a status region", async () => {
    await boot();
    expect(backend.calls("sync_status")).toHaveLength(1);
    expect(indicator().getAttribute("role")).toBe("status");
    expect(indicator().closest("footer")).toBe(get("kiosk-id").closest("footer"));
    expect(indicator().dataset.state).toBe("online");
    expect(indicator().textContent).toBe("Verbunden");
    // Not by colour alone: the text says it, and the mark is decoration for screen readers.
    expect(indicator().querySelector(".sync-mark")?.getAttribute("aria-hidden")).toBe("true");
  });

  test("follows sync-changed: offline, back online, in the page's language", async () => {
    await boot();
    backend.changeSync({ online: false, outboxDepth: 4, oldestPending: "2026-11-29T08:00:00.000Z" });
    expect(indicator().dataset.state).toBe("offline");
    expect(indicator().textContent).toBe("Offline – Daten werden gesendet, sobald die Verbindung besteht");
    await click("lang-en");
    expect(indicator().textContent).toBe("Offline – data will be sent as soon as the connection is back");
    backend.changeSync({ online: true, outboxDepth: 0, oldestPending: null });
    expect(indicator().textContent).toBe("Connected");
    // Counts and times stay out of the page.
    backend.changeSync({ online: false, outboxDepth: 17 });
    expect(document.body.textContent).not.toMatch(/17|2026/);
  });

  test("not enrolled, and revoked, say that the kiosk is not connected", async () => {
    backend.state.sync = { ...backend.state.sync, online: false, enrolled: false };
    await boot();
    expect(indicator().dataset.state).toBe("notEnrolled");
    expect(indicator().textContent).toBe("Nicht mit der Zentrale verbunden (nicht eingerichtet)");
    backend.changeSync({ enrolled: true, revoked: true });
    expect(indicator().textContent).toBe("Nicht mit der Zentrale verbunden (Zugang gesperrt)");
  });

  test("a failing sync_status shows members no error; the next event fills the indicator in", async () => {
    backend.failures.set("sync_status", { code: "storeUnavailable", message: "x" });
    await boot();
    expect(text("error-message")).toBe("");
    expect(indicator().dataset.state).toBeUndefined();
    expect(indicator().textContent).toBe("");
    backend.changeSync({ online: false });
    expect(indicator().textContent).toBe("Offline – Daten werden gesendet, sobald die Verbindung besteht");
  });

  test("an event that overtakes the first answer is not overwritten by it", async () => {
    let release = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    const answer = backend.invoke.getMockImplementation()!;
    const stale = { ...backend.state.sync };
    backend.invoke.mockImplementation(async (command, args) => {
      if (command === "sync_status") {
        await gate;
        return stale;
      }
      return answer(command, args);
    });
    await boot();
    backend.changeSync({ online: false });
    release();
    await settle();
    expect(indicator().dataset.state).toBe("offline");
  });
});

describe("end of a session", () => {
  test("session-ended blanks the page at once (Rust then navigates to the clean page)", async () => {
    await boot();
    await click("start-letter");
    backend.change({ warning: { secondsLeft: 3, canExtend: true } });
    const replace = vi.fn();
    vi.stubGlobal("location", { replace });
    backend.emit("session-ended", { reason: "idleTimeout" });
    expect(replace).not.toHaveBeenCalled();
    expect(find("screen-letter")).toBeNull();
    expect(find("idle-warning")).toBeNull();
    // Nothing is rendered any more after the end.
    backend.change({ phase: "identified", trustLevel: "high", warning: null });
    expect(find("screen-identified")).toBeNull();
  });

  test("after the reload: notice with the reason for ~10 s, storage cleared, URL cleaned", async () => {
    sessionStorage.setItem("left", "over");
    localStorage.setItem("left", "over");
    await boot("/?ended=idleTimeout");
    expect(sessionStorage.length).toBe(0);
    expect(localStorage.length).toBe(0);
    const notice = get("ended-notice");
    expect(notice.getAttribute("role")).toBe("status");
    expect(notice.textContent).toContain("Ihre Sitzung wurde beendet. Alle Daten wurden gelöscht.");
    expect(notice.textContent).toContain("wegen Inaktivität");
    expect(document.body.dataset.screen).toBe("attract");

    await vi.advanceTimersByTimeAsync(9000);
    expect(find("ended-notice")).not.toBeNull();
    await vi.advanceTimersByTimeAsync(1500);
    expect(find("ended-notice")).toBeNull();
    expect(window.location.search).toBe("");
  });

  test("the notice's live region is in the page before its text, so that the text is announced", async () => {
    let release = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    const answer = backend.invoke.getMockImplementation()!;
    backend.invoke.mockImplementation(async (command, args) => {
      if (command === "session_view") await gate;
      return answer(command, args);
    });
    window.history.replaceState(null, "", "/?ended=maxLength");
    const { start } = await import("../src/app");
    const started = start();
    await settle();
    const notice = get("ended-notice");
    expect(notice.getAttribute("role")).toBe("status");
    expect(notice.getAttribute("aria-live")).toBe("polite");
    expect(notice.textContent).toBe("");
    release();
    await started;
    await settle();
    expect(get("ended-notice")).toBe(notice);
    expect(notice.textContent).toContain("Ihre Sitzung wurde beendet. Alle Daten wurden gelöscht.");
    expect(notice.textContent).toContain("Die maximale Dauer einer Sitzung wurde erreicht.");
    // Shown after the screen's heading has the focus: the heading is read first, then the notice.
    expect(document.activeElement).toBe(get("welcome-title"));
  });

  test("no notice when the page comes back to a running session", async () => {
    backend.state.view = { ...backend.state.view, phase: "identifying", method: "letter" };
    await boot("/?ended=member");
    expect(document.body.dataset.screen).toBe("letter");
    expect(find("ended-notice")).toBeNull();
    expect(window.location.search).toBe("");
  });

  test("an unknown reason still gives the notice, without a reason", async () => {
    await boot("/?ended=bogus");
    expect(get("ended-notice").querySelectorAll("p")).toHaveLength(1);
  });

  test("the notice goes away when the next member starts", async () => {
    await boot("/?ended=member");
    expect(text("ended-notice")).toContain("Sie haben die Sitzung beendet.");
    await click("start-letter");
    expect(find("ended-notice")).toBeNull();
    expect(window.location.search).toBe("");
  });

  test("the UI stores nothing in web storage or cookies", async () => {
    await boot();
    await click("lang-en");
    await click("start-letter");
    backend.change({ phase: "identified", trustLevel: "substantial" });
    await click("toggle-contrast");
    expect(sessionStorage.length).toBe(0);
    expect(localStorage.length).toBe(0);
    expect(document.cookie).toBe("");
  });

  test("a failing kiosk_info still gives a usable attract screen", async () => {
    backend.failures.set("kiosk_info", { code: "storeUnavailable", message: "x" });
    await boot();
    expect(document.body.dataset.ready).toBe("true");
    expect(document.body.dataset.screen).toBe("attract");
    expect(text("error-message")).toContain("nicht bereit");
    expect(find("start-letter")).not.toBeNull();
  });
});

describe("activation letter by post", () => {
  async function typeKeys(prefix: string, digits: string): Promise<void> {
    for (const d of digits) await click(`${prefix}-${d}`);
  }

  test("KVNR (a letter, then 9 digits) and date of birth are sent, and the answer says nothing about the member", async () => {
    await boot();
    await click("start-letter");
    await click("letter-by-post");
    expect(document.body.dataset.screen).toBe("letter-by-post");
    // Digits wait for the letter; the next step waits for all ten characters.
    expect((get("post-digit-1") as HTMLButtonElement).disabled).toBe(true);
    await click("post-letter-A");
    await typeKeys("post-digit", "12345678");
    expect((get("post-confirm") as HTMLButtonElement).disabled).toBe(true);
    await typeKeys("post-digit", "0");
    expect(text("post-display")).toBe("A123456780");
    await click("post-confirm");
    await typeKeys("post-digit", "12081964");
    await click("post-confirm");
    expect(backend.state.letterRequests).toEqual([{ kvnr: "A123456780", birthDate: "12081964" }]);
    expect(find("post-sent")?.hidden).toBe(false);
    expect(text("post-sent")).toMatch(/Wenn die Angaben/);
    expect(find("post-display")?.hidden).toBe(true);
  });

  test("a KVNR refused by its form goes back to the number with a message; back returns to the camera", async () => {
    await boot();
    await click("start-letter");
    await click("letter-by-post");
    await click("post-letter-A");
    await typeKeys("post-digit", "000000000");
    await click("post-confirm");
    await typeKeys("post-digit", "12081964");
    await click("post-confirm");
    expect(backend.state.letterRequests).toEqual([]);
    expect(get("field-error").dataset.code).toBe("invalidKvnr");
    expect(text("post-display")).toBe("A000000000");
    await click("post-back");
    expect(document.body.dataset.screen).toBe("letter");
    expect(find("letter-by-post")).not.toBeNull();
  });
});

describe("staff assist", () => {
  const longPress = async (el: HTMLElement) => {
    el.dispatchEvent(new Event("pointerdown"));
    vi.advanceTimersByTime(2100);
    el.dispatchEvent(new Event("pointerup"));
    await settle();
  };
  const type = (testid: string, value: string) => {
    (get(testid) as HTMLInputElement).value = value;
  };

  test("a long press on the kiosk id opens the sign-in; a wrong PIN says the tries left", async () => {
    await boot();
    await longPress(get("kiosk-id"));
    expect(get("staff-layer").hidden).toBe(false);
    expect(document.querySelector(".app")?.hasAttribute("inert")).toBe(true);
    // The keyboard types the staff number; the keypad the PIN.
    for (const key of ["S", "-", "1", "0", "0", "1"]) await click(`staff-key-${key}`);
    expect((get("staff-id") as HTMLInputElement).value).toBe("S-1001");
    for (const d of "111111") await click(`staff-pin-${d}`);
    await click("staff-sign-in-submit");
    expect(text("staff-problem")).toBe("Falsche PIN. Noch 4 Versuche, dann wird das Konto an diesem Terminal gesperrt.");
    expect((get("staff-pin") as HTMLInputElement).value).toBe("");
    type("staff-pin", "482913");
    await click("staff-sign-in-submit");
    await settle();
    expect(get("staff-panel").dataset.loaded).toBe("true");
    expect(text("staff-who")).toBe("Angemeldet: S-1001");
    expect(text("staff-printer")).toContain("");
    expect(get("staff-doubt-7")).toBeTruthy();
    expect(text("staff-config")).toBe("/etc/kiosk/kiosk.toml");
    await click("staff-sign-out");
    expect(get("staff-layer").hidden).toBe(true);
    expect(document.querySelector(".app")?.hasAttribute("inert")).toBe(false);
  });

  test("a member's call shows in the footer with its reason, and nothing of the member", async () => {
    await boot();
    await click("start-letter");
    await click("help-call");
    await click("help-reason-letterLocked");
    expect(backend.calls("call_staff")).toEqual([["call_staff", { reason: "letterLocked" }]]);
    expect(text("help-status")).toBe("Mitglied wartet: Mein Brief ist gesperrt");
  });
});
