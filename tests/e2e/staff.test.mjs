// Staff assist end to end: the real app and the real central system scripts/e2e runs, with
// two staff accounts of the branch (S-1001, S-2002, PIN 482913) synced to the kiosk. Five
// wrong PINs lock S-2002; S-1001 signs in with the PIN, sees the real printer and sync state
// and a member's call; checks a member's ID (looked up online by KVNR), who reaches level
// high; and unlocks a letter that wrong dates of birth locked, after checking that member.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { copyFileSync, readdirSync, rmSync } from "node:fs";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";

import { Session } from "./webdriver.mjs";

const app = process.env.KIOSK_APP;
const config = process.env.KIOSK_E2E_CONFIG;
const artifacts = process.env.E2E_ARTIFACTS;
const driver = process.env.WEBDRIVER_URL ?? "http://127.0.0.1:4444";
if (!app || !config || !artifacts || !process.env.E2E_LETTER_E || !process.env.E2E_KVNR_A) {
  throw new Error("run these tests through scripts/e2e, which sets up the app, the central system and staff accounts");
}
const PIN = "482913";
let kiosk;

function showLetter(png) {
  const frames = process.env.E2E_FRAMES;
  for (const file of readdirSync(frames)) rmSync(path.join(frames, file));
  if (png) copyFileSync(png, path.join(frames, "letter.png"));
}

const shot = (name) => kiosk.screenshot(path.join(artifacts, `${name}.png`));
const attr = (testId, name) =>
  kiosk.execute(`const el = document.querySelector('[data-testid="${testId}"]'); return el ? el.getAttribute("${name}") : null;`);

async function assertFits(name) {
  const size = await kiosk.execute(
    "const e = document.scrollingElement; const l = document.querySelector('.staff-layer');" +
      " return [e.scrollWidth, e.scrollHeight, innerWidth, innerHeight, l ? l.scrollHeight : 0];",
  );
  assert.ok(size[0] <= size[2] && size[1] <= size[3], `${name} scrolls: content ${size[0]}×${size[1]} in ${size[2]}×${size[3]}`);
  assert.ok(size[4] <= size[3], `${name}: the staff layer scrolls (${size[4]} px in ${size[3]})`);
}

async function shotThatFits(name) {
  await shot(name);
  await assertFits(name);
}

async function typeKeys(text) {
  for (const c of text) await kiosk.click(`staff-key-${c}`);
}

async function typeOn(prefix, digits) {
  for (const digit of digits) await kiosk.click(`${prefix}-${digit}`);
}

/** The discreet entry: the kiosk id held for more than two seconds. */
async function longPressKioskId() {
  await kiosk.execute("document.querySelector('[data-testid=\"kiosk-id\"]').dispatchEvent(new Event('pointerdown'));");
  await sleep(2300);
  await kiosk.execute("document.querySelector('[data-testid=\"kiosk-id\"]').dispatchEvent(new Event('pointerup'));");
  await kiosk.waitFor("the staff sign-in", () => kiosk.exists("staff-sign-in"));
}

async function signIn(staffId, pin) {
  await kiosk.execute("document.querySelector('[data-testid=\"staff-id\"]').value = '';");
  await typeKeys(staffId);
  await typeOn("staff-pin", pin);
  await kiosk.click("staff-sign-in-submit");
}

async function problemCode() {
  return attr("staff-problem", "data-code");
}

/** Signs S-1001 in from wherever the kiosk is: the panel, loaded. */
async function openPanel() {
  await longPressKioskId();
  await signIn("S-1001", PIN);
  await kiosk.waitFor("the staff panel", async () => (await attr("staff-panel", "data-loaded")) === "true", 15_000);
}

/** From the panel: looks `kvnr` up online and confirms a Personalausweis; staff stay. */
async function checkId(kvnr) {
  await kiosk.click("staff-id-check");
  await kiosk.waitFor("the lookup", () => kiosk.exists("staff-lookup-kvnr"));
  await kiosk.execute("document.querySelector('[data-testid=\"staff-lookup-kvnr\"]').focus();");
  await typeKeys(kvnr);
  await kiosk.click("staff-lookup-search");
  await kiosk.waitFor("a member found", () => kiosk.exists("staff-member-0"), 15_000);
  assert.match(await kiosk.text("staff-lookup-source"), /zentralen System/, "online, from the central system");
  const found = await kiosk.text("staff-results");
  await kiosk.click("staff-member-0");
  await kiosk.waitFor("the document form", () => kiosk.exists("staff-doc-expires"));
  const confirm = async (expires, numberEnd) => {
    await kiosk.execute("for (const id of ['staff-doc-expires','staff-doc-number-end']) document.querySelector(`[data-testid=\"${id}\"]`).value = '';");
    await kiosk.execute("document.querySelector('[data-testid=\"staff-doc-expires\"]').focus();");
    await typeKeys(expires);
    await kiosk.execute("document.querySelector('[data-testid=\"staff-doc-number-end\"]').focus();");
    await typeKeys(numberEnd);
    await kiosk.click("staff-confirm-stay");
  };
  confirm.found = found;
  return confirm;
}

describe("staff assist", () => {
  before(async () => {
    kiosk = await Session.start(driver, app, ["--config", config]);
    await kiosk.waitFor("the first render", () => kiosk.execute("return document.body.dataset.ready === 'true';"), 20_000);
    await kiosk.waitFor("the connection indicator", async () => /Verbunden/.test(await kiosk.text("sync-status")), 20_000);
  });

  after(async () => {
    showLetter(null);
    await kiosk?.quit();
  });

  test("five wrong PINs lock the account at this kiosk", async () => {
    await longPressKioskId();
    await shotThatFits("60-staff-sign-in");
    for (let tries = 4; tries >= 1; tries--) {
      await signIn("S-2002", "111111");
      await kiosk.waitFor(`${tries} tries left`, async () => (await kiosk.text("staff-problem")).includes(`Noch ${tries} Versuche`));
    }
    await signIn("S-2002", "111111");
    await kiosk.waitFor("the lock", async () => (await problemCode()) === "staffLockedNow");
    assert.match(await kiosk.text("staff-problem"), /15 Minuten gesperrt/);
    // Locked: even the right PIN does not sign in.
    await signIn("S-2002", PIN);
    await kiosk.waitFor("still locked", async () => (await problemCode()) === "staffLocked");
    await shotThatFits("61-staff-locked");
    await kiosk.click("staff-cancel");
  });

  test("a member's call and the kiosk's real printer and sync state show in the panel", async () => {
    await kiosk.click("start-staff");
    await kiosk.waitFor("the call confirmed", () => kiosk.exists("help-called"));
    assert.equal(await attr("help-status", "data-reason"), "other");
    await shotThatFits("62-help-called");
    await openPanel();
    assert.equal(await attr("staff-call", "data-reason"), "other");
    assert.match(await kiosk.text("staff-who"), /S-1001/);
    assert.equal(await attr("staff-connection", "data-state"), "online");
    assert.equal(await attr("staff-printer", "data-state"), "ready");
    assert.match(await kiosk.text("staff-config"), /kiosk\.toml/);
    await shotThatFits("63-staff-panel");
    await kiosk.click("staff-call-answer");
    await kiosk.waitFor("the call answered", async () => (await attr("staff-call", "hidden")) !== null);
    assert.equal(await attr("help-status", "data-reason"), null, "the footer no longer shows a member waiting");
  });

  test("staff check a member's ID: an expired document is refused, then the member reaches level high", async () => {
    const confirm = await checkId(process.env.E2E_KVNR_A);
    await shotThatFits("64-staff-id-document");
    await confirm("01012020", "L01X");
    await kiosk.waitFor("the expiry refused", async () => (await attr("staff-id-problem", "data-code")) === "documentExpired");
    await confirm("01012031", "L01X");
    await kiosk.waitForScreen("documents", 15_000);
    assert.match(await kiosk.text("trust-level"), /hoch/);
    assert.match(await kiosk.text("staff-panel-open"), /Mitarbeiter-Panel/);
    await shotThatFits("65-staff-checked-member");
    await kiosk.click("staff-panel-open");
    await kiosk.waitFor("the panel again", async () => (await attr("staff-panel", "data-loaded")) === "true");
    assert.match(await kiosk.text("staff-who"), /beim Mitglied/);
    await kiosk.click("staff-end-session");
    await kiosk.waitFor("the attract screen", async () => (await kiosk.execute("return document.body.dataset.screen;")) === "attract", 20_000);
  });

  test("staff unlock a letter that wrong dates of birth locked, after checking that member", async () => {
    if (await kiosk.exists("staff-sign-out")) await kiosk.click("staff-sign-out");
    else if ((await kiosk.execute("return document.body.dataset.staff;")) !== "none") {
      await kiosk.waitFor("the panel after the reload", () => kiosk.exists("staff-panel-open"), 15_000);
      await kiosk.click("staff-panel-open");
      await kiosk.waitFor("the panel", () => kiosk.exists("staff-sign-out"));
      await kiosk.click("staff-sign-out");
    }
    showLetter(process.env.E2E_LETTER_E);
    await kiosk.click("start-letter");
    await kiosk.waitForScreen("birthdate", 20_000);
    showLetter(null);
    for (const wrong of ["01011950", "02011950", "03011950"]) {
      await typeOn("key", wrong);
      await kiosk.click("key-confirm");
      await sleep(700);
    }
    await kiosk.waitFor("the letter locked", async () => (await kiosk.execute("return document.body.dataset.screen;")) !== "birthdate", 15_000);
    await kiosk.click("end-session");
    await kiosk.waitFor("the attract screen", async () => (await kiosk.execute("return document.body.dataset.screen;")) === "attract", 20_000);

    await openPanel();
    const confirm = await checkId(process.env.E2E_KVNR_E);
    assert.match(confirm.found, /Brief gesperrt/, "the lookup shows the member's locked letter");
    await confirm("01012031", "T22X");
    await kiosk.waitForScreen("documents", 15_000);
    await kiosk.click("staff-panel-open");
    await kiosk.waitFor("the panel", () => kiosk.exists("staff-unlock-letters"));
    await kiosk.click("staff-unlock-letters");
    await kiosk.waitFor("unlocked", async () => /entsperrt/.test(await kiosk.text("staff-panel-done")));
    await shotThatFits("66-staff-letter-unlocked");
    await kiosk.click("staff-sign-out");
    await kiosk.waitFor("signed out", async () => (await kiosk.execute("return document.body.dataset.staff;")) === "none");
    await kiosk.click("end-session");
    await kiosk.waitFor("the attract screen", async () => (await kiosk.execute("return document.body.dataset.screen;")) === "attract", 20_000);

    // The member's letter works again (once the central system's unlock has come back too).
    showLetter(process.env.E2E_LETTER_E);
    await kiosk.click("start-letter");
    await kiosk.waitForScreen("birthdate", 30_000);
    showLetter(null);
    await typeOn("key", process.env.E2E_DOB_E);
    await kiosk.click("key-confirm");
    await kiosk.waitForScreen("documents", 15_000);
    await kiosk.click("end-session");
  });
});
