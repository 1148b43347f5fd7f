// The frame around the screens: top bar (display toggles, end session), messages, footer
// (branch and kiosk id, connection indicator).
import { createDisplayToolbar } from "./a11y";
import { button, h, msg } from "./dom";
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
  dialogLayer: HTMLElement;
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
  const footer = h("footer", { class: "footer" }, kioskId, sync.el);

  const app = h("div", { class: "app" }, header, notices, error, main, footer);
  const dialogLayer = h("div", { class: "dialog-layer" });
  document.body.replaceChildren(app, dialogLayer);

  // <title> is localised like any element.
  let title = document.querySelector("title");
  if (!title) {
    title = document.createElement("title");
    document.head.append(title);
  }
  title.replaceWith(msg("app-title", "title"));

  return { app, main, notices, error, endSession, kioskId, sync, dialogLayer };
}
