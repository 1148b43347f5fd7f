// Certificates end to end: a member identifies with a recorded letter, sees the preview and
// prints through the real CUPS queue scripts/e2e made (cups-pdf writes the PDFs to a folder);
// a stopped queue is shown to the member and the job comes out once it runs again, once; a
// job still waiting when the member leaves is canceled and never comes out; a print server
// that crashes while a job waits is shown as unreachable, and the job prints once it is back.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { execFileSync } from "node:child_process";
import { copyFileSync, readFileSync, readdirSync, rmSync } from "node:fs";
import path from "node:path";

import { Session } from "./webdriver.mjs";

const app = process.env.KIOSK_APP;
const config = process.env.KIOSK_E2E_CONFIG;
const artifacts = process.env.E2E_ARTIFACTS;
const printOut = process.env.KIOSK_TEST_PRINT_OUT;
const queue = process.env.KIOSK_TEST_PRINTER_QUEUE;
const driver = process.env.WEBDRIVER_URL ?? "http://127.0.0.1:4444";
if (!app || !config || !artifacts || !printOut || !queue || !process.env.E2E_LETTER_C) {
  throw new Error("run these tests through scripts/e2e, which sets up the app, its printer and letters");
}
const memberName = process.env.E2E_NAME_C;
let kiosk;

function showLetter(png) {
  const frames = process.env.E2E_FRAMES;
  for (const file of readdirSync(frames)) rmSync(path.join(frames, file));
  if (png) copyFileSync(png, path.join(frames, "letter.png"));
}

const shot = (name) => kiosk.screenshot(path.join(artifacts, `${name}.png`));
const printed = () => readdirSync(printOut).filter((f) => f.endsWith(".pdf")).sort();
const pdfText = (file) => execFileSync("pdftotext", ["-layout", path.join(printOut, file), "-"], { encoding: "utf8" });
const attr = (testId, name) =>
  kiosk.execute(`const el = document.querySelector('[data-testid="${testId}"]'); return el ? el.getAttribute("${name}") : null;`);

/** TTMMJJJJ of today plus `days` (local time of this machine, as the kiosk's). */
function dateDigits(days) {
  const d = new Date(Date.now() + days * 86_400_000);
  return String(d.getDate()).padStart(2, "0") + String(d.getMonth() + 1).padStart(2, "0") + String(d.getFullYear());
}

async function type(prefix, digits) {
  for (const digit of digits) await kiosk.click(`${prefix}-${digit}`);
}

async function waitForPrintState(state, timeoutMs = 30_000) {
  await kiosk.waitFor(`print state ${state}`, async () => (await attr("print-state", "data-state")) === state, timeoutMs);
}

/** Waits until cups-pdf has written `count` PDFs and each is complete. */
async function waitForPrinted(count) {
  await kiosk.waitFor(`${count} printed PDF(s)`, () => {
    const files = printed();
    return files.length >= count && files.every((f) => /%%EOF\s*$/.test(tail(f)));
  }, 30_000);
  return printed();
}

function tail(file) {
  return execFileSync("tail", ["-c", "64", path.join(printOut, file)], { encoding: "latin1" });
}

describe("certificates", () => {
  before(async () => {
    kiosk = await Session.start(driver, app, ["--config", config]);
    await kiosk.waitFor("the first render", () => kiosk.execute("return document.body.dataset.ready === 'true';"), 20_000);
    // The member data comes with the first sync.
    await kiosk.waitFor("the connection indicator", async () => /Verbunden/.test(await kiosk.text("sync-status")), 20_000);
    await kiosk.waitFor("the printer indicator", async () => (await attr("printer-status", "data-state")) === "ready");
  });

  after(async () => {
    execFileSync("cupsenable", [queue]);
    showLetter(null);
    await kiosk?.quit();
  });

  test("a member prints a membership certificate with their name on it", async () => {
    showLetter(process.env.E2E_LETTER_C);
    await kiosk.click("start-letter");
    await kiosk.waitForScreen("birthdate", 20_000);
    showLetter(null);
    for (const digit of process.env.E2E_DOB_C) await kiosk.click(`key-${digit}`);
    await kiosk.click("key-confirm");
    await kiosk.waitForScreen("documents");
    await kiosk.waitFor("the menu", () => kiosk.exists("doc-membership"));
    await shot("20-documents-menu");

    await kiosk.click("doc-membership");
    await kiosk.waitForScreen("preview", 20_000);
    await kiosk.waitFor("the preview image", async () =>
      (await attr("preview-image", "src"))?.startsWith("data:image/png;base64,"));
    // Decoded, with the page's proportions (A4: about 1.41 times as high as wide).
    await kiosk.waitFor("the preview decoded", () =>
      kiosk.execute(`const img = document.querySelector('[data-testid="preview-image"]');
        return img.complete && img.naturalWidth > 0 && Math.abs(img.naturalHeight / img.naturalWidth - 1.414) < 0.01;`));
    // Painted: WebKit decodes for the screen on its own time.
    await kiosk.executeAsync(`const done = arguments[arguments.length - 1];
      document.querySelector('[data-testid="preview-image"]').decode()
        .then(() => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(done, 300))), () => done());`);
    await shot("21-membership-preview");

    const started = Date.now();
    await kiosk.click("print");
    await waitForPrintState("completed");
    console.log(`"Drucken" to the job completed in CUPS: ${Date.now() - started} ms`);
    await shot("22-membership-printed");
    const files = await waitForPrinted(1);
    assert.equal(files.length, 1);
    const text = pdfText(files[0]);
    assert.match(text, /Mitgliedsbescheinigung/);
    assert.ok(text.includes(memberName), `the member's name ${memberName} is on the printed PDF`);

    // What came out of the printer carries a verification QR that reads through the kiosk's
    // own scan pipeline and verifies with the kiosk's key (and the central system's records).
    const page = path.join(printOut, "page");
    execFileSync("pdftoppm", ["-png", "-r", "150", "-singlefile", path.join(printOut, files[0]), page]);
    const scanned = JSON.parse(execFileSync(process.env.KIOSKCTL, ["scan", `${page}.png`], { encoding: "utf8" }));
    rmSync(`${page}.png`);
    assert.match(scanned.text ?? "", /^KD1:/, "the QR code on the printed page reads");
    const verdict = execFileSync(process.env.KIOSKCTL, ["verify", "--config", config, scanned.text], { encoding: "utf8" });
    assert.match(verdict, /^valid: membership /);
    assert.ok(!verdict.includes(process.env.E2E_KVNR_C ?? "-"), "the full KVNR is not printed");
  });

  test("the university report is handed to the central system when its receipt is printed", async () => {
    await kiosk.click("back");
    await kiosk.waitForScreen("documents");
    await kiosk.click("doc-university");
    await kiosk.waitForScreen("university");
    await type("sender-digit", "0000719");
    await kiosk.click("sender-confirm");
    await kiosk.waitForScreen("preview", 20_000);
    // As printed on the receipt (its document number); the central system files it as a UUID.
    const shown = await attr("report-request-id", "data-id");
    assert.match(shown ?? "", /^([0-9a-f]{4} ){7}[0-9a-f]{4}$/);
    const hex = shown.replaceAll(" ", "");
    const requestId = [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20)].join("-");
    await shot("27-university-receipt");
    const queued = () =>
      execFileSync("python3", ["-c", `import sqlite3, sys
rows = sqlite3.connect(sys.argv[1]).execute(
    "SELECT sender_number, state FROM university_reports WHERE request_id = ?", (sys.argv[2],)).fetchall()
print(rows[0][0] + " " + rows[0][1] if rows else "")`, process.env.E2E_CENTRAL_DB, requestId], { encoding: "utf8" }).trim();
    // The preview requests nothing, also after a sync cycle (5 s here): a member may go back.
    // (The member looks at the pages meanwhile, so that the session does not warn of idling.)
    for (let i = 0; i < 3; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 2500));
      await kiosk.click("preview-image");
    }
    assert.equal(queued(), "", "nothing is requested at the preview");
    // Printing the receipt confirms: the report reaches the central system's queue through the
    // outbox (the sync is woken).
    const before = printed().length;
    await kiosk.click("print");
    await waitForPrintState("completed");
    const files = await waitForPrinted(before + 1);
    assert.ok(files.map(pdfText).some((text) => text.includes("H0000719")), "the receipt names the university");
    await kiosk.waitFor("the report at the central system", () => queued() === "H0000719 queued", 20_000);
    await kiosk.click("back");
    await kiosk.waitForScreen("documents");
  });

  test("travel dates in the past are refused with their own message", async () => {
    await kiosk.click("doc-travel");
    await kiosk.waitForScreen("travel");
    await kiosk.click("country-other");
    await kiosk.click("country-FR");
    await kiosk.waitForScreen("travel-advice");
    assert.match(await kiosk.text("travel-advice"), /EHIC|Krankenversicherungskarte/);
    await kiosk.click("back");
    await kiosk.waitForScreen("travel");
    await kiosk.click("country-TR");
    await kiosk.waitForScreen("travel-dates");
    await type("date-digit", dateDigits(-3) + dateDigits(10));
    await kiosk.click("date-confirm");
    await kiosk.waitFor("the date error", () => kiosk.exists("field-error"));
    assert.equal(await attr("field-error", "data-code"), "travelStartsInPast");
    await shot("23-travel-date-in-past");
  });

  test("a stopped printer is explained, and the job prints once it runs again", async () => {
    // Correct the start date: erase it and type a future one.
    await kiosk.click("date-from");
    await kiosk.click("date-clear");
    await type("date-digit", dateDigits(7));
    await kiosk.click("date-confirm");
    await kiosk.waitForScreen("preview", 20_000);
    await shot("24-travel-preview");

    const before = printed().length;
    execFileSync("cupsdisable", [queue]);
    await kiosk.click("print");
    await waitForPrintState("waiting");
    assert.equal(await attr("print-state", "data-problem"), "stopped");
    assert.match(await kiosk.text("print-state"), /angehalten/);
    assert.equal(await kiosk.exists("print-retry"), false, "no second print while the first waits");
    await shot("25-printer-stopped");
    assert.equal(printed().length, before, "nothing comes out while the queue is stopped");
    // Staff see it in the footer too.
    await kiosk.waitFor("the staff's printer indicator", async () => (await attr("printer-status", "data-state")) === "stopped");
    assert.match(await kiosk.text("printer-status"), /Drucker angehalten/);

    execFileSync("cupsenable", [queue]);
    await waitForPrintState("completed", 60_000);
    await kiosk.waitFor("the printer ready again", async () => (await attr("printer-status", "data-state")) === "ready");
    await shot("26-printed-after-enable");
    const files = await waitForPrinted(before + 1);
    assert.equal(files.length, before + 1, "exactly one more PDF: no duplicate");
    const travel = files.map(pdfText).find((text) => /T\/A 11/.test(text));
    assert.ok(travel, "the travel certificate (T/A 11) was printed");
    assert.ok(travel.includes(memberName));
  });

  test("a print server that crashes while a job waits is shown as unreachable, and the job prints once it is back", async () => {
    // The throwaway cupsd of scripts/with-cups, which keeps its queue and jobs on disk.
    const [program, ...args] = (process.env.KIOSK_TEST_CUPSD ?? "").trim().split(/\s+/);
    const pidFile = process.env.KIOSK_TEST_CUPSD_PIDFILE;
    assert.ok(program && pidFile, "scripts/with-cups sets KIOSK_TEST_CUPSD and KIOSK_TEST_CUPSD_PIDFILE");
    const before = printed().length;
    await kiosk.click("back");
    await kiosk.waitForScreen("documents");
    await kiosk.click("doc-membership");
    await kiosk.waitForScreen("preview", 20_000);
    execFileSync("cupsdisable", [queue]);
    await kiosk.click("print");
    await waitForPrintState("waiting");
    assert.equal(await attr("print-state", "data-problem"), "stopped");

    process.kill(Number(readFileSync(pidFile, "utf8").trim()), "SIGKILL");
    await kiosk.waitFor("the print server shown as unreachable", async () =>
      (await attr("print-state", "data-problem")) === "unreachable", 30_000);
    assert.equal(await attr("print-state", "data-state"), "waiting");
    assert.match(await kiosk.text("print-state"), /nicht erreichbar/);
    assert.equal(await kiosk.exists("print-retry"), false, "no second print while the first may still come out");
    await kiosk.waitFor("the staff's printer indicator", async () =>
      (await attr("printer-status", "data-state")) === "unreachable", 30_000);
    await shot("29-print-server-gone");

    execFileSync(program, args);
    await kiosk.waitFor("the job found again, waiting for the stopped queue", async () =>
      (await attr("print-state", "data-problem")) === "stopped", 30_000);
    execFileSync("cupsenable", [queue]);
    await waitForPrintState("completed", 60_000);
    await kiosk.waitFor("the printer ready again", async () => (await attr("printer-status", "data-state")) === "ready", 30_000);
    const files = await waitForPrinted(before + 1);
    assert.equal(files.length, before + 1, "printed exactly once after the crash");
    await kiosk.click("back");
    await kiosk.waitForScreen("documents");
  });

  test("a print still waiting when the member leaves is canceled and never comes out", async () => {
    const before = printed().length;
    await kiosk.click("doc-membership");
    await kiosk.waitForScreen("preview", 20_000);
    execFileSync("cupsdisable", [queue]);
    await kiosk.click("print");
    await waitForPrintState("waiting");
    assert.match(await kiosk.text("print-state"), /Wenn Sie vorher gehen, wird der Druck abgebrochen/);
    await shot("28-waiting-before-leaving");

    await kiosk.click("end-session");
    await kiosk.waitForScreen("attract");
    // The journal's outcome reaches the central system: failed, not printed.
    const outcomes = () =>
      execFileSync("python3", ["-c", `import sqlite3, sys
rows = sqlite3.connect(sys.argv[1]).execute(
    "SELECT outcome, count(*) FROM documents GROUP BY outcome ORDER BY outcome").fetchall()
print(" ".join(f"{o}={n}" for o, n in rows))`, process.env.E2E_CENTRAL_DB], { encoding: "utf8" }).trim();
    await kiosk.waitFor("the canceled print at the central system", () => outcomes() === `completed=${before} failed=1`, 30_000);

    execFileSync("cupsenable", [queue]);
    await kiosk.waitFor("the printer ready again", async () => (await attr("printer-status", "data-state")) === "ready", 30_000);
    await new Promise((resolve) => setTimeout(resolve, 3000));
    assert.equal(printed().length, before, "the canceled job never printed");
  });
});
