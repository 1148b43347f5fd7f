// The staff's printer indicator in the footer: a problem the printer reports, or prints that
// may or may not have happened (staff check the tray: `kioskctl print doubts`). Text and a shape
// say it, never colour alone; no member data.
import type { PrinterProblem, PrinterStatusView } from "./bindings";
import { h } from "./dom";
import { l10n } from "./i18n";

export type PrinterIndicatorState = "ready" | "inDoubt" | PrinterProblem;

/** The catalogue message for each state (the compiler insists on every one). */
export const printerIndicatorMessageId: Record<PrinterIndicatorState, string> = {
  ready: "printer-ready",
  inDoubt: "printer-in-doubt",
  stopped: "printer-stopped",
  notAccepting: "printer-not-accepting",
  mediaEmpty: "printer-media-empty",
  mediaJam: "printer-media-jam",
  doorOpen: "printer-door-open",
  tonerEmpty: "printer-toner-empty",
  offline: "printer-offline",
  unreachable: "printer-unreachable",
  other: "printer-other",
};

/** Prints in doubt come first: they need a person at the tray, whatever the printer says. */
export function printerIndicatorState(status: PrinterStatusView): PrinterIndicatorState {
  if (status.printsInDoubt > 0) return "inDoubt";
  return status.problem ?? "ready";
}

export interface PrinterIndicator {
  el: HTMLElement;
  update(status: PrinterStatusView): void;
}

/** A live region, empty until the first status; `data-state` holds the state. */
export function createPrinterIndicator(): PrinterIndicator {
  const mark = h("span", { class: "printer-mark", "aria-hidden": "true" });
  const label = h("span", { class: "printer-label" });
  const el = h("p", { class: "printer-status", role: "status", "aria-live": "polite", testid: "printer-status" }, mark, label);
  return {
    el,
    update(status) {
      const state = printerIndicatorState(status);
      const count = String(status.printsInDoubt);
      if (el.dataset.state === state && el.dataset.count === count) return;
      el.dataset.state = state;
      el.dataset.count = count;
      l10n(label, printerIndicatorMessageId[state], { count: status.printsInDoubt });
    },
  };
}
