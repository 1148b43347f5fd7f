// @vitest-environment jsdom
// The staff's printer indicator on its own: which state a status means, and what it shows.
import { describe, expect, test } from "vitest";
import type { PrinterStatusView } from "../src/bindings";
import { createPrinterIndicator, printerIndicatorState } from "../src/printer";

const status = (patch: Partial<PrinterStatusView>): PrinterStatusView => ({ problem: null, printsInDoubt: 0, ...patch });

describe("printer state", () => {
  test("prints in doubt come first, then the printer's problem, else ready", () => {
    expect(printerIndicatorState(status({}))).toBe("ready");
    expect(printerIndicatorState(status({ problem: "mediaEmpty" }))).toBe("mediaEmpty");
    expect(printerIndicatorState(status({ problem: "stopped", printsInDoubt: 2 }))).toBe("inDoubt");
  });
});

describe("printer indicator", () => {
  test("is an empty live region until the first status", () => {
    const { el } = createPrinterIndicator();
    expect(el.getAttribute("role")).toBe("status");
    expect(el.textContent).toBe("");
    expect(el.dataset.state).toBeUndefined();
  });

  test("says what staff must do, in words, and counts the doubts", () => {

    const indicator = createPrinterIndicator();
    indicator.update(status({ problem: "mediaEmpty" }));
    expect(indicator.el.dataset.state).toBe("mediaEmpty");
    expect(indicator.el.textContent).toBe("Drucker: kein Papier");
    indicator.update(status({ printsInDoubt: 2 }));
    expect(indicator.el.textContent).toContain("2 Drucke ungeklärt");
    indicator.update(status({ printsInDoubt: 1 }));
    expect(indicator.el.textContent).toContain("1 Druck ungeklärt");
    indicator.update(status({}));
    expect(indicator.el.textContent).toBe("Drucker bereit");
  });
});
