// The staff's connection indicator in the footer: whether the kiosk reaches the central system.
// Text and a shape say it, never colour alone; it shows counts of nothing and no member data.
import type { ClockProblemView, SyncStatusView } from "./bindings";
import { h } from "./dom";
import { l10n } from "./i18n";

export type ConnectionState =
  | "online"
  | "offline"
  | "notEnrolled"
  | "revoked"
  | "credentialExpiring"
  | "clockNotSynchronized"
  | "clockWentBack"
  | "clockDrifted";

/** The catalogue message for each state (the compiler insists on every ConnectionState). */
export const connectionMessageId: Record<ConnectionState, string> = {
  online: "sync-online",
  offline: "sync-offline",
  notEnrolled: "sync-not-enrolled",
  revoked: "sync-revoked",
  credentialExpiring: "sync-credential-expiring",
  clockNotSynchronized: "sync-clock-not-synchronized",
  clockWentBack: "sync-clock-went-back",
  clockDrifted: "sync-clock-drifted",
};

const clockState: Record<ClockProblemView, ConnectionState> = {
  notSynchronized: "clockNotSynchronized",
  wentBack: "clockWentBack",
  drifted: "clockDrifted",
};

/** What the indicator shows for a status from Rust. */
export function connectionState(status: SyncStatusView): ConnectionState {
  if (!status.enrolled) return "notEnrolled";
  if (status.revoked) return "revoked";
  // An untrusted clock stops letters and certificates: the most urgent thing staff must see.
  if (status.clockProblem) return clockState[status.clockProblem];
  // Renewing the certificate keeps failing: IT must act before the kiosk is locked out.
  if (status.credentialExpiring) return "credentialExpiring";
  return status.online ? "online" : "offline";
}

export interface SyncIndicator {
  el: HTMLElement;
  update(status: SyncStatusView): void;
}

/**
 * The indicator: a live region that is in the page, empty, before the first status arrives (so
 * that screen readers announce its text reliably); `data-state` holds the ConnectionState.
 */
export function createSyncIndicator(): SyncIndicator {
  const mark = h("span", { class: "sync-mark", "aria-hidden": "true" });
  const label = h("span", { class: "sync-label" });
  const el = h("p", { class: "sync-status", role: "status", "aria-live": "polite", testid: "sync-status" }, mark, label);
  return {
    el,
    update(status) {
      const state = connectionState(status);
      // Unchanged (e.g. only the queue grew): nothing to announce.
      if (el.dataset.state === state) return;
      el.dataset.state = state;
      l10n(label, connectionMessageId[state]);
    },
  };
}
