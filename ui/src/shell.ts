// The frame around the screens: top bar (display toggles, end session), messages, footer
// (branch and kiosk id, printer and connection indicators for staff).
import { createDisplayToolbar } from "./a11y";
import { button, h, msg } from "./dom";
import { createPrinterIndicator, type PrinterIndicator } from "./printer";
import { createSyncIndicator, type SyncIndicator } from "./sync";

export interface Shell {
  /** Everything but the dialog layer (made inert while a dialog is open). */
  app: HTMLElement;
  main: HTMLElement;
  notices: HTMLElement;
  error: HTMLElement;
  endSession: HTMLButtonElement;
  kioskId: HTMLElement;
  /** The staff's connection indicator, beside the kiosk id. */
  sync: SyncIndicator;
  /** The staff's printer indicator (problems, prints in doubt). */
  printer: PrinterIndicator;
  /** The top bar, for the help call and the staff panel's buttons. */
  topbar: HTMLElement;
  footerStatus: HTMLElement;
  dialogLayer: HTMLElement;
  /** Staff assist's layer over everything but dialogs (staff.ts). */
  staffLayer: HTMLElement;
}

export function buildShell(onEndSession: () => void): Shell {
  const endSession = button("end-session", "end-session", onEndSession, "danger");
  endSession.hidden = true;
  const header = h("header", { class: "topbar" }, createDisplayToolbar(), endSession);

  const notices = h("div", { class: "notices" });
  // Kept in the page while empty so that screen readers announce new text reliably.
  const error = h("div", { class: "error", role: "alert", testid: "error-message" });
  const main = h("main", { class: "main" });

  const kioskId = h("p", { class: "kiosk-id", testid: "kiosk-id" });
  const sync = createSyncIndicator();
  const printer = createPrinterIndicator();
  const footerStatus = h("div", { class: "footer-status" }, printer.el, sync.el);
  const footer = h("footer", { class: "footer" }, kioskId, footerStatus);

  const app = h("div", { class: "app" }, header, notices, error, main, footer);
  const dialogLayer = h("div", { class: "dialog-layer" });
  const staffLayer = h("div", { class: "staff-layer", testid: "staff-layer" });
  staffLayer.hidden = true;
  document.body.replaceChildren(app, staffLayer, dialogLayer);

  // <title> is localised like any element.
  let title = document.querySelector("title");
  if (!title) {
    title = document.createElement("title");
    document.head.append(title);
  }
  title.replaceWith(msg("app-title", "title"));

  return { app, main, notices, error, endSession, kioskId, sync, printer, topbar: header, footerStatus, dialogLayer, staffLayer };
}
