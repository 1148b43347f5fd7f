// The command runner on its own: one run per name at a time, where errors go, nothing while
// the session ends.
import { describe, expect, test } from "vitest";
import { createCommandRunner, type RunnerHooks } from "../src/runner";

function hooks(): RunnerHooks & { shown: unknown[]; cleared: number; gone: number; isEnding: boolean } {
  const h = {
    shown: [] as unknown[],
    cleared: 0,
    gone: 0,
    isEnding: false,
    ending: () => h.isEnding,
    showError: (error: unknown) => void h.shown.push(error),
    clearError: () => void (h.cleared += 1),
    sessionGone: () => void (h.gone += 1),
  };
  return h;
}

describe("command runner", () => {
  test("a second call under the same name while the first runs does not start", async () => {
    const h = hooks();
    const runner = createCommandRunner(h);
    let release: (value: string) => void = () => undefined;
    let started = 0;
    const command = () => {
      started += 1;
      return new Promise<string>((resolve) => (release = resolve));
    };
    const first = runner.call("print", command);
    const second = await runner.call("print", command);
    expect(second).toEqual({ ok: false, code: null });
    release("done");
    expect(await first).toEqual({ ok: true, value: "done" });
    expect(started).toBe(1);
    expect(h.cleared).toBe(1);
    expect(await runner.run("print", async () => "again")).toBe("again");
  });

  test("an error goes to the banner unless the caller shows it; no session asks Rust again", async () => {
    const h = hooks();
    const runner = createCommandRunner(h);
    const refused = { code: "letterRefused", message: "x" };
    expect(await runner.call("a", () => Promise.reject(refused), ["letterRefused"])).toEqual({
      ok: false,
      code: "letterRefused",
    });
    expect(h.shown).toEqual([]);
    const gone = { code: "noActiveSession", message: "x" };
    expect(await runner.run("b", () => Promise.reject(gone))).toBeUndefined();
    expect(h.shown).toEqual([gone]);
    expect(h.gone).toBe(1);
    expect(await runner.call("c", () => Promise.reject(new Error("odd")))).toEqual({ ok: false, code: "internal" });
  });

  test("nothing starts while the session ends", async () => {
    const h = hooks();
    h.isEnding = true;
    let started = false;
    const outcome = await createCommandRunner(h).call("end", async () => (started = true));
    expect(outcome).toEqual({ ok: false, code: null });
    expect(started).toBe(false);
  });
});
