// A small W3C WebDriver client over fetch: enough to drive the kiosk through tauri-driver
// (which forwards to WebKitWebDriver). No dependencies, so it runs on any Node.js >= 20.
import { writeFile } from "node:fs/promises";

const ELEMENT = "element-6066-11e4-a52e-4f735466cecf";

export class WebDriverError extends Error {}

async function call(base, method, path, body) {
  const response = await fetch(base + path, {
    method,
    headers: body ? { "content-type": "application/json" } : undefined,
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    throw new WebDriverError(`${method} ${path}: HTTP ${response.status}: ${text.slice(0, 300)}`);
  }
  if (!response.ok || (json.value && json.value.error)) {
    const v = json.value ?? {};
    throw new WebDriverError(`${method} ${path}: ${v.error ?? response.status}: ${v.message ?? text.slice(0, 300)}`);
  }
  return json.value;
}

export class Session {
  static async start(url, application, args = []) {
    const value = await call(url, "POST", "/session", {
      capabilities: {
        alwaysMatch: { browserName: "wry", "tauri:options": { application, args } },
      },
    });
    return new Session(url, value.sessionId);
  }

  constructor(url, id) {
    this.base = `${url}/session/${id}`;
  }

  cmd(method, path, body) {
    return call(this.base, method, path, body);
  }

  async quit() {
    await this.cmd("DELETE", "");
  }

  /** Runs `script` (a function body) in the page and returns its result. */
  execute(script, ...args) {
    return this.cmd("POST", "/execute/sync", { script, args });
  }

  /** Runs `script` with a callback as its last argument and returns what it passes to it. */
  executeAsync(script, ...args) {
    return this.cmd("POST", "/execute/async", { script, args });
  }

  async find(selector) {
    const value = await this.cmd("POST", "/element", { using: "css selector", value: selector });
    const id = value?.[ELEMENT];
    if (!id) throw new WebDriverError(`no element ${selector}: ${JSON.stringify(value)}`);
    return id;
  }

  async byTestId(id) {
    return this.find(`[data-testid="${id}"]`);
  }

  async click(testId) {
    const element = await this.byTestId(testId);
    await this.cmd("POST", `/element/${element}/click`, {});
  }

  async text(testId) {
    const element = await this.byTestId(testId);
    return this.cmd("GET", `/element/${element}/text`);
  }

  async exists(testId) {
    return this.execute(
      "const e = document.querySelector(arguments[0]); return !!e && e.offsetParent !== null;",
      `[data-testid="${testId}"]`,
    );
  }

  /** Saves what is on screen once the page has painted its latest change (a screen switch that
   * the DOM already shows may not be on screen until the next frames). */
  async screenshot(file) {
    await this.executeAsync(`const done = arguments[arguments.length - 1];
      requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(done, 100)));`);
    const base64 = await this.cmd("GET", "/screenshot");
    await writeFile(file, Buffer.from(base64, "base64"));
  }

  /** Polls `probe` until it returns a truthy value; fails with `what` after `timeoutMs`. */
  async waitFor(what, probe, timeoutMs = 10_000) {
    const deadline = Date.now() + timeoutMs;
    let last;
    while (Date.now() < deadline) {
      try {
        last = await probe();
        if (last) return last;
      } catch (error) {
        last = error;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new WebDriverError(`timed out after ${timeoutMs} ms waiting for ${what} (last: ${last})`);
  }

  screen() {
    return this.execute("return document.body.dataset.screen || null;");
  }

  async waitForScreen(name, timeoutMs = 10_000) {
    await this.waitFor(`screen ${name}`, async () => (await this.screen()) === name, timeoutMs);
  }
}
