// Glue between the UI and the Rust side: events (session, sync, letter scan, print, printer), error codes,
// activity reports.
import { listen } from "@tauri-apps/api/event";
import {
  events,
  type ErrorCode,
  type KioskNoticeView,
  type LetterRefusedView,
  type PrintView,
  type PrinterStatusView,
  type ScanGuidanceView,
  type SessionEnded,
  type SessionView,
  type SyncStatusView,
} from "./bindings";

/** The catalogue message for each error code (the compiler insists on every ErrorCode). */
export const errorMessageId: Record<ErrorCode, string> = {
  noActiveSession: "error-no-active-session",
  sessionAlreadyActive: "error-session-already-active",
  notIdentifying: "error-not-identifying",
  letterRefused: "error-letter-refused",
  languageNotOffered: "error-language-not-offered",
  storeUnavailable: "error-store-unavailable",
  notIdentified: "error-not-identified",
  memberDataTooOld: "error-member-data-too-old",
  memberDataMissing: "error-member-data-missing",
  invalidSenderNumber: "error-invalid-sender-number",
  unknownCountry: "error-unknown-country",
  noFormForCountry: "error-no-form-for-country",
  invalidDate: "error-invalid-date",
  travelStartsInPast: "error-travel-starts-in-past",
  travelEndsBeforeStart: "error-travel-ends-before-start",
  travelTooLong: "error-travel-too-long",
  travelStartsTooLate: "error-travel-starts-too-late",
  documentUnknown: "error-document-unknown",
  alreadyPrinted: "error-already-printed",
  printerUnavailable: "error-printer-unavailable",
  staffSignInRequired: "error-staff-sign-in-required",
  levelTooLow: "error-level-too-low",
  clockUntrusted: "error-clock-untrusted",
  smartIdentOffline: "si-offline",
  noDevice: "si-no-device",
  deviceLimit: "si-device-limit",
  approvalsLocked: "si-approvals-locked",
  tooManyRequests: "si-too-many",
  nothingOpen: "si-state-expired",
  codeFormat: "si-code-format",
  invalidKvnr: "error-invalid-kvnr",
  invalidBirthDate: "error-invalid-birth-date",
  smartIdentUnavailable: "si-unavailable",
  staffInvalidId: "staff-error-invalid-id",
  staffInvalidPin: "staff-error-invalid-pin",
  staffUnknownAccount: "staff-error-unknown-account",
  staffNotAllowed: "staff-error-not-allowed",
  staffWrongPin: "staff-error-wrong-pin",
  staffLockedNow: "staff-error-locked-now",
  staffLocked: "staff-error-locked",
  staffNotSignedIn: "staff-error-not-signed-in",
  staffAlreadySignedIn: "staff-error-already-signed-in",
  staffMemberSessionActive: "staff-error-member-session-active",
  staffNotLookedUp: "staff-error-not-looked-up",
  documentExpired: "staff-error-document-expired",
  documentExpiryTooFar: "staff-error-document-expiry-too-far",
  documentNumberLength: "staff-error-document-number-length",
  documentNumberGermanChars: "staff-error-document-number-german",
  documentNumberChars: "staff-error-document-number-chars",
  documentCountry: "staff-error-document-country",
  staffNotChecked: "staff-error-not-checked",
  noLockedLetter: "staff-error-no-locked-letter",
  outOfService: "error-out-of-service",
  printNotInDoubt: "staff-error-print-not-in-doubt",
  internal: "error-internal",
};

/** What a command gave: its value, or the code it failed with (null: not run, e.g. already running). */
export type Outcome<T> = { ok: true; value: T } | { ok: false; code: ErrorCode | null };

/**
 * Runs a command once at a time under `name` (a double tap does not start it twice). Errors are
 * shown in the general error banner, except the codes in `own`, which the caller shows itself
 * (next to a field, in the screen).
 */
export type Call = <T>(name: string, command: () => Promise<T>, own?: readonly ErrorCode[]) => Promise<Outcome<T>>;

/** The code of a rejected command; anything that is not an IpcError counts as "internal". */
export function errorCodeOf(error: unknown): ErrorCode {
  if (typeof error === "object" && error !== null && "code" in error) {
    const code = (error as { code: unknown }).code;
    if (typeof code === "string" && Object.prototype.hasOwnProperty.call(errorMessageId, code)) {
      return code as ErrorCode;
    }
  }
  return "internal";
}

export interface SessionHandlers {
  onView(view: SessionView): void;
  onEnded(ended: SessionEnded): void;
}

/** Subscribes to the session events; resolves once both listeners are registered. */
export async function subscribe(handlers: SessionHandlers): Promise<() => void> {
  const offChanged = await listen<SessionView>(events.sessionChanged, (e) => handlers.onView(e.payload));
  const offEnded = await listen<SessionEnded>(events.sessionEnded, (e) => handlers.onEnded(e.payload));
  return () => {
    offChanged();
    offEnded();
  };
}

/** Subscribes to the connection status; resolves once the listener is registered. */
export async function subscribeSync(onStatus: (status: SyncStatusView) => void): Promise<() => void> {
  return listen<SyncStatusView>(events.syncChanged, (e) => onStatus(e.payload));
}

/** Subscribes to the staff's printer status; resolves once the listener is registered. */
export async function subscribePrinter(onStatus: (status: PrinterStatusView) => void): Promise<() => void> {
  return listen<PrinterStatusView>(events.printerChanged, (e) => onStatus(e.payload));
}

/** Subscribes to staff matters (sign-in, calls, service state); resolves once registered. */
export async function subscribeNotice(onNotice: (notice: KioskNoticeView) => void): Promise<() => void> {
  return listen<KioskNoticeView>(events.kioskNoticeChanged, (e) => onNotice(e.payload));
}

/** Subscribes to the progress of prints; resolves once the listener is registered. */
export async function subscribePrint(onView: (view: PrintView) => void): Promise<() => void> {
  return listen<PrintView>(events.printChanged, (e) => onView(e.payload));
}

export interface LetterHandlers {
  onGuidance(guidance: ScanGuidanceView): void;
  onRefused(refused: LetterRefusedView): void;
}

/** Subscribes to the letter scan's guidance and refusals; resolves once both listeners are registered. */
export async function subscribeLetter(handlers: LetterHandlers): Promise<() => void> {
  const offGuidance = await listen<ScanGuidanceView>(events.scanGuidance, (e) => handlers.onGuidance(e.payload));
  const offRefused = await listen<LetterRefusedView>(events.letterRefused, (e) => handlers.onRefused(e.payload));
  return () => {
    offGuidance();
    offRefused();
  };
}

export interface ActivityReporter {
  /** Call on every member interaction; sends at most one report per interval. */
  notify(): void;
  cancel(): void;
}

/**
 * Throttles activity reports: the first interaction is sent at once, further ones within the
 * interval are folded into one report at the end of it (so the last activity is never lost).
 */
export function createActivityReporter(send: () => void, intervalMs = 2000): ActivityReporter {
  let lastSent = -Infinity;
  let trailing: ReturnType<typeof setTimeout> | null = null;
  const fire = () => {
    trailing = null;
    lastSent = Date.now();
    send();
  };
  return {
    notify() {
      const wait = lastSent + intervalMs - Date.now();
      if (wait <= 0) fire();
      else if (trailing === null) trailing = setTimeout(fire, wait);
    },
    cancel() {
      if (trailing !== null) clearTimeout(trailing);
      trailing = null;
    },
  };
}
