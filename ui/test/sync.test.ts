// @vitest-environment jsdom
// The connection indicator on its own: which state a status means, and what it shows.
import { describe, expect, test } from "vitest";
import type { SyncStatusView } from "../src/bindings";
import { connectionState, createSyncIndicator } from "../src/sync";
import { onlineStatus } from "./fake-backend";

const status = (patch: Partial<SyncStatusView>): SyncStatusView => ({ ...onlineStatus(), ...patch });

describe("connection state", () => {
  test("not enrolled wins, then revoked, then an untrusted clock, then expiring access, then online or offline", () => {
    expect(connectionState(status({}))).toBe("online");
    expect(connectionState(status({ credentialExpiring: true }))).toBe("credentialExpiring");
    expect(connectionState(status({ online: false, credentialExpiring: true }))).toBe("credentialExpiring");
    expect(connectionState(status({ revoked: true, credentialExpiring: true }))).toBe("revoked");
    expect(connectionState(status({ online: false }))).toBe("offline");
    expect(connectionState(status({ online: false, revoked: true }))).toBe("revoked");
    expect(connectionState(status({ online: false, enrolled: false }))).toBe("notEnrolled");
    expect(connectionState(status({ online: false, enrolled: false, revoked: true }))).toBe("notEnrolled");
    expect(connectionState(status({ clockProblem: "wentBack", credentialExpiring: true }))).toBe("clockWentBack");
    expect(connectionState(status({ online: false, clockProblem: "drifted" }))).toBe("clockDrifted");
    expect(connectionState(status({ clockProblem: "notSynchronized" }))).toBe("clockNotSynchronized");
    expect(connectionState(status({ revoked: true, clockProblem: "wentBack" }))).toBe("revoked");
    expect(connectionState(status({ enrolled: false, clockProblem: "notSynchronized" }))).toBe("notEnrolled");
  });
});

describe("sync indicator", () => {
  test("is an empty live region until the first status", () => {
    const { el } = createSyncIndicator();
    expect(el.getAttribute("role")).toBe("status");
    expect(el.getAttribute("aria-live")).toBe("polite");
    expect(el.textContent).toBe("");
    expect(el.dataset.state).toBeUndefined();
  });

  test("shows the state's text and changes only when the state does", () => {
    const indicator = createSyncIndicator();
    indicator.update(status({ online: false, outboxDepth: 2 }));
    expect(indicator.el.dataset.state).toBe("offline");
    expect(indicator.el.textContent).toBe("Offline – Daten werden gesendet, sobald die Verbindung besteht");
    const label = indicator.el.querySelector(".sync-label")!;
    const before = label.firstChild;
    indicator.update(status({ online: false, outboxDepth: 3 }));
    expect(label.firstChild, "not re-rendered, so not announced again").toBe(before);
    indicator.update(status({}));
    expect(indicator.el.textContent).toBe("Verbunden");
  });
});
