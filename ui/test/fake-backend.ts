// A stand-in for the Rust side in DOM tests: answers the commands of bindings.ts from an
// in-memory SessionView and lets tests emit the app's events.
import { vi } from "vitest";
import type { IpcError, KioskInfo, SessionView, SyncStatusView } from "../src/bindings";

type EventHandler = (event: { event: string; id: number; payload: unknown }) => void;

export const idleView = (language: SessionView["language"] = "de"): SessionView => ({
  phase: "idle",
  language,
  method: null,
  trustLevel: null,
  warning: null,
});

export const onlineStatus = (): SyncStatusView => ({
  online: true,
  lastSuccess: "2026-11-29T08:15:00.000Z",
  outboxDepth: 0,
  oldestPending: null,
  revoked: false,
  enrolled: true,
});

export function createBackend() {
  const info: KioskInfo = {
    branchId: "GS-0815",
    kioskId: "K-03",
    languages: ["de", "en"],
    defaultLanguage: "de",
    appVersion: "0.1.0",
  };
  const state = { view: idleView(), sync: onlineStatus() };
  const failures = new Map<string, IpcError | Error>();
  const handlers = new Map<string, EventHandler[]>();

  const invoke = vi.fn(async (command: string, args?: Record<string, unknown>): Promise<unknown> => {
    const failure = failures.get(command);
    if (failure) throw failure;
    const v = state.view;
    switch (command) {
      case "kiosk_info":
        return info;
      case "session_view":
      case "report_activity":
        return v;
      case "set_language":
        return (state.view = { ...v, language: args?.language as SessionView["language"] });
      case "start_identification":
        return (state.view = { ...v, phase: "identifying", method: args?.method as SessionView["method"] });
      case "extend_session":
        return (state.view = { ...v, warning: null });
      case "end_session":
        return null;
      case "sync_status":
        return state.sync;
    }
    throw { code: "internal", message: `unknown command ${command}` } satisfies IpcError;
  });

  const listen = vi.fn(async (event: string, handler: EventHandler) => {
    handlers.set(event, [...(handlers.get(event) ?? []), handler]);
    return () => handlers.set(event, (handlers.get(event) ?? []).filter((h) => h !== handler));
  });

  /** Emits an app event the way Tauri delivers it. */
  function emit(event: string, payload: unknown): void {
    for (const handler of handlers.get(event) ?? []) handler({ event, id: 1, payload });
  }

  /** Changes the session as Rust would, and tells the UI. */
  function change(patch: Partial<SessionView>): void {
    state.view = { ...state.view, ...patch };
    emit("session-changed", state.view);
  }

  /** Changes the connection status as the sync worker would, and tells the UI. */
  function changeSync(patch: Partial<SyncStatusView>): void {
    state.sync = { ...state.sync, ...patch };
    emit("sync-changed", state.sync);
  }

  const calls = (command: string) => invoke.mock.calls.filter(([c]) => c === command);

  return { info, state, failures, invoke, listen, emit, change, changeSync, calls };
}

export type Backend = ReturnType<typeof createBackend>;
