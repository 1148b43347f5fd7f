// A stand-in for the Rust side in DOM tests: answers the commands of bindings.ts from an
// in-memory SessionView and lets tests emit the app's events.
import { vi } from "vitest";
import type {
  CameraPreview,
  PrinterStatusView,
  DocumentKind,
  DocumentPreview,
  DocumentRequest,
  DocumentsView,
  IpcError,
  KioskInfo,
  KioskNoticeView,
  LetterRefusedView,
  StaffPanelView,
  PrintView,
  SessionView,
  SyncStatusView,
  TravelCountry,
} from "../src/bindings";

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
  credentialExpiring: false,
  clockProblem: null,
});

/** A few countries of each kind, as documents_view lists them (ZZ: a code the catalogue lacks). */
export const travelCountries = (): TravelCountry[] => [
  { code: "TR", advice: "form", form: "T/A 11" },
  { code: "TN", advice: "form", form: "TN/A 11" },
  { code: "BA", advice: "form", form: "BH 6" },
  { code: "RS", advice: "askStaff", form: null },
  { code: "AT", advice: "ehic", form: null },
  { code: "ES", advice: "ehic", form: null },
  { code: "CH", advice: "ehic", form: null },
  { code: "GB", advice: "ehic", form: null },
  { code: "EG", advice: "noAgreement", form: null },
  { code: "US", advice: "noAgreement", form: null },
  { code: "ZZ", advice: "noAgreement", form: null },
];

export const documentsView = (): DocumentsView => ({
  dataProblem: null,
  dataAsOf: null,
  maxAgeHours: 72,
  hasFamily: false,
  isStudent: false,
  travelCountries: travelCountries(),
  printerProblem: null,
});

/** A 1×1 PNG, base64: what a preview page looks like to the tests. */
export const PAGE_PNG =
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";

const TRAVEL_KIND: Record<string, DocumentKind> = { TR: "travelTurkey", TN: "travelTunisia", BA: "travelBosnia" };

function dayNumber(iso: string): number | null {
  const m = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/.exec(iso);
  if (!m) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return date.getTime() / 86_400_000;
}

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
    printer: { problem: null, printsInDoubt: 0 } as PrinterStatusView,
    birthDate: "07031958",
    attemptsLeft: 3,
    cameraPreview: null as CameraPreview | null,
    // Certificates: what documents_view answers; "today" for the travel dates (Rust uses Berlin's
    // date); the documents prepared and not discarded; what print_document and print_view answer.
    documents: documentsView(),
    today: "2026-11-29",
    nextDocument: 1,
    prepared: new Map<string, DocumentRequest>(),
    printed: new Set<string>(),
    printAnswer: "sending" as PrintView["state"],
    printViews: new Map<string, PrintView>(),
    // What request_letter_by_post was sent (KVNR, TTMMJJJJ).
    letterRequests: [] as { kvnr: string; birthDate: string }[],
    // Staff matters as kiosk_notice answers them; the PIN staff_sign_in accepts for S-1001.
    notice: { outOfService: false, helpCall: null, staff: null } as KioskNoticeView,
    pinTries: 5,
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
      case "printer_status":
        return state.printer;
      case "camera_preview":
        return state.cameraPreview;
      case "submit_birth_date":
        return submitBirthDate(String(args?.digits));
      case "documents_view":
        return state.documents;
      case "prepare_document":
        return prepareDocument(args?.request as DocumentRequest);
      case "discard_document": {
        const id = String(args?.documentId);
        if (!state.prepared.delete(id)) fail("documentUnknown", `no document ${id}`);
        return null;
      }
      case "print_document": {
        const id = String(args?.documentId);
        if (!state.prepared.has(id)) fail("documentUnknown", `no document ${id}`);
        if (state.printed.has(id)) fail("alreadyPrinted", `document ${id} printed`);
        state.printed.add(id);
        return { documentId: id, state: state.printAnswer, problem: null } satisfies PrintView;
      }
      case "print_view":
        return state.printViews.get(String(args?.documentId)) ?? null;
      case "kiosk_notice":
        return state.notice;
      case "call_staff":
        state.notice = { ...state.notice, helpCall: args?.reason as KioskNoticeView["helpCall"] };
        emit("kiosk-notice-changed", state.notice);
        return null;
      case "staff_activity":
        return null;
      case "staff_sign_in": {
        if (args?.staffId !== "S-1001") fail("staffUnknownAccount", "unknown");
        if (args?.pin !== "482913") {
          state.pinTries -= 1;
          throw { code: "staffWrongPin", message: "wrong", count: state.pinTries } satisfies IpcError;
        }
        const staff = { staffId: "S-1001", role: "assist" as const, endsInSeconds: 300, withMember: false };
        state.notice = { ...state.notice, staff };
        emit("kiosk-notice-changed", state.notice);
        return staff;
      }
      case "staff_sign_out":
        state.notice = { ...state.notice, staff: null };
        emit("kiosk-notice-changed", state.notice);
        return null;
      case "staff_panel":
        return staffPanel(state);
      case "request_letter_by_post": {
        // Form only, like Rust (the check digit is Rust's): the same answer for any member.
        const kvnr = String(args?.kvnr);
        if (!/^[A-Z][0-9]{9}$/.test(kvnr) || kvnr === "A000000000") fail("invalidKvnr", "kvnr");
        state.letterRequests.push({ kvnr, birthDate: String(args?.birthDate) });
        return null;
      }
    }
    throw { code: "internal", message: `unknown command ${command}` } satisfies IpcError;
  });

  const listen = vi.fn(async (event: string, handler: EventHandler) => {
    handlers.set(event, [...(handlers.get(event) ?? []), handler]);
    return () => handlers.set(event, (handlers.get(event) ?? []).filter((h) => h !== handler));
  });

  function fail(code: IpcError["code"], message: string): never {
    throw { code, message } satisfies IpcError;
  }

  /**
   * Checks a request roughly like Rust: the sender number H0000000 does not exist; travel needs
   * a form country and dates from today on, within a year, at most 365 days long.
   */
  function prepareDocument(request: DocumentRequest): DocumentPreview {
    if (state.view.phase !== "identified") fail("notIdentified", "not identified");
    let kind: DocumentKind;
    let reportRequestId: string | null = null;
    switch (request.type) {
      case "membership":
        kind = "membership";
        break;
      case "studentCertificate":
        kind = "studentCertificate";
        break;
      case "universityReport":
        if (!/^H[0-9]{7}$/.test(request.senderNumber) || request.senderNumber === "H0000000") {
          fail("invalidSenderNumber", `bad sender number ${request.senderNumber}`);
        }
        kind = "universityReceipt";
        reportRequestId = `M10-${state.nextDocument}`;
        break;
      case "travel": {
        const country = state.documents.travelCountries.find((c) => c.code === request.country);
        if (!country) fail("unknownCountry", request.country);
        if (country.advice !== "form") fail("noFormForCountry", request.country);
        const [from, until, today] = [dayNumber(request.from), dayNumber(request.until), dayNumber(state.today)!];
        if (from === null || until === null) fail("invalidDate", `${request.from} / ${request.until}`);
        if (from < today) fail("travelStartsInPast", request.from);
        if (from - today > 365) fail("travelStartsTooLate", request.from);
        if (until < from) fail("travelEndsBeforeStart", request.until);
        if (until - from + 1 > 365) fail("travelTooLong", request.until);
        kind = TRAVEL_KIND[country.code]!;
        break;
      }
    }
    const documentId = `doc-${state.nextDocument++}`;
    state.prepared.set(documentId, request);
    const pages = kind === "travelTurkey" ? [PAGE_PNG, PAGE_PNG] : [PAGE_PNG];
    return { documentId, kind, pagesPngBase64: pages, reportRequestId };
  }

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

function staffPanel(state: { sync: SyncStatusView; printer: PrinterStatusView; notice: KioskNoticeView }): StaffPanelView {
  return {
    sync: state.sync,
    certificateValidUntil: "2027-11-29T08:00:00Z",
    printer: state.printer,
    printerUri: "ipp://localhost:631/printers/kiosk",
    printsInDoubt: [{ printId: 7, documentKind: "membership", createdAt: "2026-11-29T08:00:00.000Z", cupsJobId: 12 }],
    camera: { running: false, framesPerSecond: null, lastReadSecondsAgo: null },
    freeDiskMib: 2048,
    appVersion: "0.1.0",
    configFile: "/etc/kiosk/kiosk.toml",
    staffAccounts: 2,
    outOfService: state.notice.outOfService,
    helpCall: state.notice.helpCall,
    memberSessionOpen: false,
  };
}
