// SmartIdent end to end: the real app, the real central system scripts/e2e runs, and
// phone-sim as the member's Service-App, which reads the registration QR from a screenshot of
// the kiosk. A member registers a phone (QR, then the code the phone shows), signs in with a
// letter approved on that phone (level high), adds a second phone approved by the first,
// removes it, and finds SmartIdent refused while the central system is gone.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { Session } from "./webdriver.mjs";

const app = process.env.KIOSK_APP;
const config = process.env.KIOSK_E2E_CONFIG;
const artifacts = process.env.E2E_ARTIFACTS;
const phoneSim = process.env.PHONE_SIM;
const pki = process.env.E2E_CENTRAL_PKI;
const driver = process.env.WEBDRIVER_URL ?? "http://127.0.0.1:4444";
if (!app || !config || !artifacts || !phoneSim || !pki || !process.env.E2E_LETTER_D1) {
  throw new Error("run these tests through scripts/e2e, which sets up the app, the central system and phone-sim");
}
// Six digits, no date, year, repeat or run: a PIN the Service-App accepts.
const PIN = "739154";
let kiosk;
const phones = [mkdtempSync(path.join(tmpdir(), "phone1-")), mkdtempSync(path.join(tmpdir(), "phone2-"))];

function showLetter(png) {
  const frames = process.env.E2E_FRAMES;
  for (const file of readdirSync(frames)) rmSync(path.join(frames, file));
  if (png) copyFileSync(png, path.join(frames, "letter.png"));
}

const shot = (name) => kiosk.screenshot(path.join(artifacts, `${name}.png`));
const attr = (testId, name) =>
  kiosk.execute(`const el = document.querySelector('[data-testid="${testId}"]'); return el ? el.getAttribute("${name}") : null;`);
const screenOf = () => kiosk.execute("return document.body.dataset.screen;");

/** The page fits the kiosk's 1024×768 screen: nothing to scroll. */
async function assertFits(name) {
  const size = await kiosk.execute(
    "const e = document.scrollingElement; return [e.scrollWidth, e.scrollHeight, innerWidth, innerHeight];",
  );
  assert.ok(size[2] <= 1024 && size[3] <= 768, `${name}: the window is ${size[2]}×${size[3]}, not the kiosk's 1024×768`);
  assert.ok(size[0] <= size[2] && size[1] <= size[3], `${name} scrolls: content ${size[0]}×${size[1]} in ${size[2]}×${size[3]}`);
}

/** A screenshot for the artifacts, then the check that the screen fits. */
async function shotThatFits(name) {
  await shot(name);
  await assertFits(name);
}

function phone(n, ...args) {
  return execFileSync(phoneSim, ["--state", phones[n], "--ca", path.join(pki, "ca.pem"), "--pin", PIN, ...args], {
    encoding: "utf8",
  }).trim();
}

async function typeOn(prefix, digits) {
  for (const digit of digits) await kiosk.click(`${prefix}-${digit}`);
}

/** Scans `letter` and enters the date of birth: the menu at level substantial. */
async function signInWithBirthDate(letter) {
  showLetter(letter);
  await kiosk.click("start-letter");
  await kiosk.waitForScreen("birthdate", 20_000);
  await typeOn("key", process.env.E2E_DOB_D);
  await kiosk.click("key-confirm");
  await kiosk.waitForScreen("documents");
  showLetter(null);
}

/** The QR on screen is photographed by phone `n`, which binds and shows its code; typed here. */
async function registerPhoneFromScreen(n, label, shotName) {
  await kiosk.waitFor("the registration QR", async () => (await attr("registration-state", "data-state")) === "waitingForPhone", 20_000);
  const screenshot = path.join(artifacts, `${shotName}.png`);
  await shot(shotName);
  await assertFits(shotName);
  const printed = phone(n, "bind", "--image", screenshot, "--pinned", path.join(pki, "smartident.pub"), "--label", label);
  const code = /Code: (\d{6})/.exec(printed)?.[1];
  assert.ok(code, `phone-sim printed no code: ${printed}`);
  await kiosk.waitFor("the phone bound", async () => (await attr("registration-state", "data-state")) === "waitingForCode", 10_000);
  // A wrong code first: it costs a try and says so.
  const wrong = code === "000000" ? "111111" : "000000";
  await typeOn("code-digit", wrong);
  await kiosk.click("code-confirm");
  await kiosk.waitFor("the wrong code refused", async () => /2 Versuche/.test(await kiosk.text("field-error")));
  await typeOn("code-digit", code);
  await kiosk.click("code-confirm");
  await kiosk.waitFor("SmartIdent active", async () => (await screenOf()) === "smartident-active", 10_000);
}

async function deviceLabels() {
  await kiosk.waitFor("the device list", async () => (await attr("device-list", "data-count")) !== null, 15_000);
  return kiosk.execute(
    "return [...document.querySelectorAll('[data-testid=\"device\"] .device-label')].map((e) => e.textContent);",
  );
}

async function endSession() {
  if ((await kiosk.screen()) === "attract") return;
  await kiosk.click("end-session");
  await kiosk.waitForScreen("attract");
}

describe("SmartIdent", () => {
  before(async () => {
    kiosk = await Session.start(driver, app, ["--config", config]);
    await kiosk.waitFor("the first render", () => kiosk.execute("return document.body.dataset.ready === 'true';"), 20_000);
    await kiosk.waitFor("the connection indicator", async () => /Verbunden/.test(await kiosk.text("sync-status")), 20_000);
  });

  after(async () => {
    await kiosk?.quit();
    for (const dir of phones) rmSync(dir, { recursive: true, force: true });
  });

  test("a phone registers from a screenshot of the QR and the code it shows, and is in Meine Geräte", async () => {
    await signInWithBirthDate(process.env.E2E_LETTER_D1);
    await shotThatFits("40-menu-with-smartident");
    await kiosk.click("smartident");
    await kiosk.waitFor("SmartIdent's home", async () => (await screenOf()) === "smartident");
    await shotThatFits("41-smartident-home");
    await kiosk.click("si-register");
    await registerPhoneFromScreen(0, "Erstes Handy", "42-register-qr");
    assert.match(await kiosk.text("screen-smartident-active"), /SmartIdent ist jetzt aktiv/);
    await shotThatFits("43-smartident-active");
    await kiosk.click("active-devices");
    assert.deepEqual(await deviceLabels(), ["Erstes Handy"]);
    await shotThatFits("44-devices");
    // Removing all needs level high, which a date of birth does not give.
    await kiosk.click("devices-remove-all");
    await kiosk.click("remove-confirm");
    await kiosk.waitFor("the refusal", async () => (await attr("devices-notice", "data-message")) === "si-level-too-low");
    assert.deepEqual(await deviceLabels(), ["Erstes Handy"]);
    await endSession();
  });

  test("a letter approved on the phone opens the session at level high; a second phone joins and is removed", async () => {
    await endSession();
    showLetter(process.env.E2E_LETTER_D2);
    await kiosk.click("start-letter");
    await kiosk.waitForScreen("birthdate", 20_000);
    showLetter(null);
    await kiosk.click("approve-on-phone");
    await kiosk.waitFor("the approval number", async () => (await attr("approval-panel", "data-number")) !== null, 15_000);
    const number = await attr("approval-panel", "data-number");
    await shotThatFits("45-login-approval");
    // The phone shows what it is asked to approve: the kiosk, its branch and the service.
    const waiting = phone(0, "approvals");
    assert.match(waiting, /E2E-K1/);
    assert.match(phone(0, "approve", "--number", String(Number(number))), /approved/);
    await kiosk.waitForScreen("documents", 15_000);
    assert.match(await kiosk.text("trust-level"), /hoch/);
    await shot("46-identified-high");

    // A second phone: the first approves, then the new one gets its QR.
    await kiosk.click("smartident");
    await kiosk.click("si-add-device");
    await kiosk.waitFor("the device approval number", async () => (await attr("approval-panel", "data-number")) !== null, 15_000);
    await shotThatFits("47-add-device-approval");
    const second = await attr("approval-panel", "data-number");
    assert.match(phone(0, "approve", "--number", String(Number(second))), /approved/);
    await kiosk.waitFor("the further device's QR", async () => (await screenOf()) === "smartident-register", 15_000);
    assert.match(await kiosk.text("screen-smartident-register"), /Weiteres Handy/);
    await registerPhoneFromScreen(1, "Zweites Handy", "48-further-device-qr");
    await kiosk.click("active-devices");
    assert.deepEqual((await deviceLabels()).sort(), ["Erstes Handy", "Zweites Handy"]);

    // Remove the second one, after the question.
    const labels = await deviceLabels();
    await kiosk.click(`device-remove-${labels.indexOf("Zweites Handy")}`);
    await kiosk.waitFor("the question", async () => (await attr("confirm-box", "hidden")) === null);
    await shotThatFits("49-remove-question");
    await kiosk.click("remove-confirm");
    await kiosk.waitFor("one device left", async () => (await attr("device-list", "data-count")) === "1", 15_000);
    assert.deepEqual(await deviceLabels(), ["Erstes Handy"]);
    await shot("50-device-removed");
    await endSession();
  });

  test("without the central system SmartIdent is refused with a message that says so", async () => {
    await endSession();
    await signInWithBirthDate(process.env.E2E_LETTER_D3);
    const central = Number(process.env.E2E_CENTRAL_PID);
    process.kill(central, "SIGSTOP");
    try {
      await kiosk.click("smartident");
      await kiosk.click("si-register");
      await kiosk.waitFor("the offline refusal", async () => (await attr("registration-state", "data-state")) === "si-offline", 40_000);
      assert.match(await kiosk.text("registration-state"), /keine Verbindung/);
      assert.equal(await attr("registration-qr", "hidden"), "");
      await shotThatFits("51-smartident-offline");
    } finally {
      process.kill(central, "SIGCONT");
    }
    await endSession();
  });

  test("without a letter, one is requested by post: the central system queues it, the kiosk shows nothing of the member", async () => {
    await endSession();
    await kiosk.click("start-letter");
    await kiosk.waitForScreen("letter");
    await kiosk.click("letter-by-post");
    await kiosk.waitForScreen("letter-by-post");
    await shot("52-letter-by-post-start");
    const kvnr = process.env.E2E_KVNR_D;
    await kiosk.click(`post-letter-${kvnr[0]}`);
    await typeOn("post-digit", kvnr.slice(1));
    await shotThatFits("52-letter-by-post-kvnr");
    await kiosk.click("post-confirm");
    await typeOn("post-digit", process.env.E2E_DOB_D);
    await kiosk.click("post-confirm");
    await kiosk.waitFor("the answer", async () => (await attr("post-sent", "hidden")) === null, 15_000);
    await shotThatFits("53-letter-by-post-sent");
    const page = await kiosk.execute("return document.body.innerText;");
    assert.ok(!page.includes(kvnr), "the KVNR is gone from the screen");
    const queued = execFileSync("python3", ["-c",
      "import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute('SELECT count(*) FROM letter_requests WHERE kvnr = ?', (sys.argv[2],)).fetchone()[0])",
      process.env.E2E_CENTRAL_DB, kvnr], { encoding: "utf8" }).trim();
    assert.equal(queued, "1");
    await kiosk.click("post-finish");
    await kiosk.waitForScreen("attract");
  });
});
