// A stand-in for the Rust side in DOM tests: answers the commands of bindings.ts from an
// in-memory SessionView and lets tests emit the app's events.
import { vi } from "vitest";
import type { CameraPreview, IpcError, KioskInfo, LetterRefusedView, SessionView, SyncStatusView } from "../src/bindings";

type EventHandler = (event: { event: string; id: number; payload: unknown }) => void;

export const idleView = (language: SessionView["language"] = "de"): SessionView => ({
  phase: "idle",
  language,
  method: null,
  trustLevel: null,
  awaitingBirthDate: false,
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
  // The letter read waits for this date of birth (TTMMJJJJ); three wrong dates lock it.
  // cameraPreview: the newest frame camera_preview answers with (null: no scan runs).
  const state = {
    view: idleView(),
    sync: onlineStatus(),
    birthDate: "07031958",
    attemptsLeft: 3,
    cameraPreview: null as CameraPreview | null,
  };
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
      case "camera_preview":
        return state.cameraPreview;
      case "submit_birth_date":
        return submitBirthDate(String(args?.digits));
    }
    throw { code: "internal", message: `unknown command ${command}` } satisfies IpcError;
  });

  const listen = vi.fn(async (event: string, handler: EventHandler) => {
    handlers.set(event, [...(handlers.get(event) ?? []), handler]);
    return () => handlers.set(event, (handlers.get(event) ?? []).filter((h) => h !== handler));
  });

  /** Refuses like Rust: the letter-refused event first (then, for lockedNow, the session change), then the rejection. */
  function refuse(refused: LetterRefusedView): never {
    emit("letter-refused", refused);
    if (refused.reason === "lockedNow") change({ awaitingBirthDate: false });
    throw { code: "letterRefused", message: `letter refused: ${refused.reason}` } satisfies IpcError;
  }

  function submitBirthDate(digits: string): SessionView {
    const v = state.view;
    if (v.phase !== "identifying" || !v.awaitingBirthDate) {
      throw { code: "notIdentifying", message: "no letter read" } satisfies IpcError;
    }
    const [day, month] = [Number(digits.slice(0, 2)), Number(digits.slice(2, 4))];
    if (!/^[0-9]{8}$/.test(digits) || day < 1 || day > 31 || month < 1 || month > 12) {
      refuse({ reason: "invalidBirthDate", attemptsLeft: null });
    }
    if (digits !== state.birthDate) {
      state.attemptsLeft -= 1;
      if (state.attemptsLeft === 0) refuse({ reason: "lockedNow", attemptsLeft: 0 });
      refuse({ reason: "wrongBirthDate", attemptsLeft: state.attemptsLeft });
    }
    return (state.view = { ...v, phase: "identified", trustLevel: "substantial", awaitingBirthDate: false });
  }

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
