// Generated from the Rust IPC types (src-tauri/src/ipc). Do not edit by hand: run
// `UPDATE_BINDINGS=1 cargo test -p kiosk-app bindings` after changing them.
import { invoke } from "@tauri-apps/api/core";

export type Language = "de" | "en";
export type SessionPhase = "idle" | "identifying" | "identified";
export type IdentificationMethod = "letter" | "staffAssist";
export type TrustLevel = "substantial" | "high";
export type EndReason = "member" | "staff" | "idleTimeout" | "maxLength";
/**
 * The countdown before the session ends on its own.
 */
export type IdleWarning = { secondsLeft: number, 
/**
 * False when the maximum session length ends it: extending does not help then.
 */
canExtend: boolean, };
/**
 * What the screen shows; sent with every change.
 */
export type SessionView = { phase: SessionPhase, language: Language, method: IdentificationMethod | null, trustLevel: TrustLevel | null, 
/**
 * A valid letter was read: the date of birth is asked.
 */
awaitingBirthDate: boolean, warning: IdleWarning | null, };
export type SessionEnded = { reason: EndReason, };
/**
 * Facts about this kiosk the UI shows or needs; nothing secret.
 */
export type KioskInfo = { branchId: string, kioskId: string, languages: Array<Language>, defaultLanguage: Language, appVersion: string, };
/**
 * Why the clock is not trusted, for the staff's indicator.
 */
export type ClockProblemView = "notSynchronized" | "wentBack" | "drifted";
/**
 * The kiosk's connection to the central system, for the staff's indicator in the footer.
 * Counts and times only, never member data.
 */
export type SyncStatusView = { 
/**
 * The last sync cycle reached the central system and completed.
 */
online: boolean, 
/**
 * When a cycle last completed (RFC 3339, UTC).
 */
lastSuccess: string | null, 
/**
 * Events waiting for delivery.
 */
outboxDepth: number, 
/**
 * When the oldest waiting event was written (RFC 3339, UTC).
 */
oldestPending: string | null, 
/**
 * The central system revoked this kiosk's credential: IT must enroll it again.
 */
revoked: boolean, 
/**
 * False when no sync runs: the kiosk is not enrolled (or its sync could not start, see
 * the log). Events stay queued until IT enrolls it and restarts the app.
 */
enrolled: boolean, 
/**
 * The kiosk's certificate expires within two weeks: renewing it keeps failing, IT must
 * look before the kiosk is locked out.
 */
credentialExpiring: boolean, 
/**
 * The kiosk's clock is not trusted: it refuses letters and certificates until IT sets
 * it right and the kiosk has pulled the central system's time.
 */
clockProblem: ClockProblemView | null, };
/**
 * Why a letter or date of birth was refused; the UI shows each in its own words.
 */
export type LetterRefusal = "notALetter" | "invalid" | "expired" | "notYetValid" | "revoked" | "alreadyUsed" | "locked" | "memberNotAvailable" | "wrongBirthDate" | "lockedNow" | "invalidBirthDate" | "offlineTryUsed" | "clockUntrusted";
export type LetterRefusedView = { reason: LetterRefusal, 
/**
 * For a wrong date of birth: tries left before the letter locks.
 */
attemptsLeft: number | null, };
/**
 * A hint for holding the letter, while the camera looks for its code.
 */
export type ScanGuidance = "read" | "holdSteady" | "noCode" | "tooDark" | "tooBright" | "lowContrast";
export type ScanGuidanceView = { guidance: ScanGuidance, };
/**
 * The newest camera frame (grayscale JPEG, base64), for the live preview.
 */
export type CameraPreview = { jpegBase64: string, width: number, height: number, };
/**
 * What the member asks for. Dates are `YYYY-MM-DD`; a country is ISO 3166 alpha-2.
 */
export type DocumentRequest = { "type": "membership" } | { "type": "studentCertificate" } | { "type": "universityReport", senderNumber: string, } | { "type": "travel", country: string, from: string, until: string, };
export type DocumentKind = "membership" | "studentCertificate" | "universityReceipt" | "travelTurkey" | "travelTunisia" | "travelBosnia";
/**
 * What applies for travel to a country.
 */
export type TravelAdvice = "form" | "ehic" | "askStaff" | "noAgreement";
export type TravelCountry = { 
/**
 * ISO 3166 alpha-2; the UI names it through the catalogue (`country-TR`).
 */
code: string, advice: TravelAdvice, 
/**
 * The form's code for `Form` countries, e.g. `T/A 11`.
 */
form: string | null, };
/**
 * Why certificates cannot be made from the data here.
 */
export type DataProblem = "tooOld" | "missing" | "clockUntrusted";
/**
 * A printer problem in plain words (the UI has a text for each).
 */
export type PrinterProblem = "stopped" | "notAccepting" | "mediaEmpty" | "mediaJam" | "doorOpen" | "tonerEmpty" | "offline" | "unreachable" | "other";
/**
 * The certificates menu for the identified member.
 */
export type DocumentsView = { 
/**
 * Set when no certificate can be made; the UI says why and what to do.
 */
dataProblem: DataProblem | null, 
/**
 * Up to when the member's data is known to be current (RFC 3339), when the kiosk is
 * offline; certificates then state it.
 */
dataAsOf: string | null, 
/**
 * The configured maximum age of member data, for the explanation.
 */
maxAgeHours: number, 
/**
 * Whether family members are covered (the travel form lists them).
 */
hasFamily: boolean, 
/**
 * The member is insured as a student (the university report is offered first).
 */
isStudent: boolean, travelCountries: Array<TravelCountry>, 
/**
 * A problem the printer reports now, if any (the member may still prepare documents).
 */
printerProblem: PrinterProblem | null, };
/**
 * A document ready to be printed: its preview, rendered from the same PDF. The pages show
 * the member's data: they are wiped from memory when the answer has been sent.
 */
export type DocumentPreview = { documentId: string, kind: DocumentKind, 
/**
 * One PNG per page, base64.
 */
pagesPngBase64: Array<string>, 
/**
 * For the university report: its request id, as the receipt prints it (its document
 * number, eight groups of four hex digits).
 */
reportRequestId: string | null, };
export type PrintState = "sending" | "printing" | "waiting" | "completed" | "failed" | "inDoubt";
export type PrintView = { documentId: string, state: PrintState, problem: PrinterProblem | null, };
/**
 * The printer as staff see it in the footer: a problem it reports, and prints that may or may
 * not have happened (`kioskctl print doubts`). No member data.
 */
export type PrinterStatusView = { problem: PrinterProblem | null, printsInDoubt: number, };
/**
 * A registration QR on screen.
 */
export type RegistrationView = { 
/**
 * The QR code as an `data:image/svg+xml` URL (the page's CSP allows `data:` images).
 */
qrImage: string, expiresInSeconds: number, 
/**
 * A further device's code ("Registrierungscode"), valid 10 minutes.
 */
furtherDevice: boolean, };
export type RegistrationProgressView = { "state": "waitingForPhone", expiresInSeconds: number, } | { "state": "waitingForCode", triesLeft: number, expiresInSeconds: number, } | { "state": "active" } | { "state": "expired" } | { "state": "failed" } | { "state": "cancelled" };
export type CodeOutcomeView = { "outcome": "active" } | { "outcome": "wrong", triesLeft: number, } | { "outcome": "failed" } | { "outcome": "notScannedYet" } | { "outcome": "expired" };
/**
 * The number the member finds on the phone and answers with.
 */
export type ApprovalView = { number: number, expiresInSeconds: number, };
export type ApprovalProgressView = { "state": "waiting", expiresInSeconds: number, } | { "state": "identified", session: SessionView, } | { "state": "registration", registration: RegistrationView, } | { "state": "declined" } | { "state": "expired" } | { "state": "cancelled" };
/**
 * One of the member's devices in "Meine Geräte".
 */
export type DeviceView = { deviceId: string, label: string, 
/**
 * `android`, `ios` or `simulator` (phone-sim).
 */
platform: string, 
/**
 * RFC 3339.
 */
registeredAt: string, 
/**
 * The branch it was registered in.
 */
registeredBranch: string, lastUsedAt: string | null, };
export type StaffRoleView = "assist" | "branchLead";
/**
 * The signed-in staff member.
 */
export type StaffView = { staffId: string, role: StaffRoleView, 
/**
 * Seconds until the staff session ends without input.
 */
endsInSeconds: number, 
/**
 * The open member session was opened by this staff member's ID check, and they stay.
 */
withMember: boolean, };
/**
 * Whom staff look for.
 */
export type MemberQueryInput = { "by": "kvnr", kvnr: string, } | { "by": "nameAndBirthDate", lastName: string, firstName: string, 
/**
 * As typed: TTMMJJJJ.
 */
birthDate: string, };
export type MemberFoundView = { kvnr: string, name: string, 
/**
 * TT.MM.JJJJ
 */
birthDate: string, lockedLetters: number, };
export type MemberLookupView = { members: Array<MemberFoundView>, 
/**
 * From this kiosk's data: the central system did not answer.
 */
offline: boolean, };
export type IdDocumentKindInput = "personalausweis" | "reisepass" | "aufenthaltstitel" | "euNationalId";
/**
 * What staff entered from the ID document.
 */
export type IdCheckInput = { kvnr: string, kind: IdDocumentKindInput, 
/**
 * As typed: TTMMJJJJ.
 */
expiresOn: string, 
/**
 * The last 4 characters of the document number.
 */
numberEnd: string, 
/**
 * For an EU national ID: the issuing country (ISO alpha-2).
 */
country: string | null, 
/**
 * The staff member stays with the member (else the kiosk is handed over).
 */
stays: boolean, };
export type HelpReasonView = "letterLocked" | "printerProblem" | "dataTooOld" | "other";
/**
 * What every screen needs to know of staff matters: out of service, a member waiting, staff
 * signed in. Nothing about any member.
 */
export type KioskNoticeView = { outOfService: boolean, helpCall: HelpReasonView | null, staff: StaffView | null, };
/**
 * A print in doubt, as staff check the tray for it.
 */
export type PrintDoubtView = { printId: number, documentKind: string, createdAt: string, cupsJobId: number | null, };
export type CameraHealthView = { 
/**
 * The camera runs only while a letter identification waits.
 */
running: boolean, framesPerSecond: number | null, 
/**
 * Seconds since a code was last read, since the app started.
 */
lastReadSecondsAgo: number | null, };
/**
 * The staff panel: the kiosk's health and what needs staff.
 */
export type StaffPanelView = { sync: SyncStatusView, 
/**
 * When the kiosk's certificate ends (RFC 3339); none when not enrolled.
 */
certificateValidUntil: string | null, printer: PrinterStatusView, printerUri: string, printsInDoubt: Array<PrintDoubtView>, camera: CameraHealthView, freeDiskMib: number | null, appVersion: string, configFile: string, staffAccounts: number, outOfService: boolean, helpCall: HelpReasonView | null, memberSessionOpen: boolean, };
/**
 * What went wrong, for the UI to branch on and to translate.
 */
export type ErrorCode = "noActiveSession" | "sessionAlreadyActive" | "notIdentifying" | "languageNotOffered" | "storeUnavailable" | "letterRefused" | "notIdentified" | "memberDataTooOld" | "memberDataMissing" | "invalidSenderNumber" | "unknownCountry" | "noFormForCountry" | "invalidDate" | "travelStartsInPast" | "travelEndsBeforeStart" | "travelTooLong" | "travelStartsTooLate" | "documentUnknown" | "alreadyPrinted" | "printerUnavailable" | "staffSignInRequired" | "levelTooLow" | "clockUntrusted" | "smartIdentOffline" | "noDevice" | "deviceLimit" | "approvalsLocked" | "tooManyRequests" | "nothingOpen" | "codeFormat" | "invalidKvnr" | "invalidBirthDate" | "smartIdentUnavailable" | "staffInvalidId" | "staffInvalidPin" | "staffUnknownAccount" | "staffNotAllowed" | "staffWrongPin" | "staffLockedNow" | "staffLocked" | "staffNotSignedIn" | "staffAlreadySignedIn" | "staffMemberSessionActive" | "staffNotLookedUp" | "documentExpired" | "documentExpiryTooFar" | "documentNumberLength" | "documentNumberGermanChars" | "documentNumberChars" | "documentCountry" | "staffNotChecked" | "noLockedLetter" | "outOfService" | "printNotInDoubt" | "internal";
/**
 * Every failed command rejects with this shape. `message` is for logs and staff, in English;
 * members see the catalogue's text for `code`.
 */
export type IpcError = { code: ErrorCode, message: string, 
/**
 * A number the code's text needs: tries left, or minutes of a lock.
 */
count?: number, };

/** Every command rejects with an IpcError. */
export const commands = {
  kioskInfo: () => invoke<KioskInfo>("kiosk_info"),
  sessionView: () => invoke<SessionView>("session_view"),
  setLanguage: (language: Language) => invoke<SessionView>("set_language", { language }),
  startIdentification: (method: IdentificationMethod) => invoke<SessionView>("start_identification", { method }),
  reportActivity: () => invoke<SessionView>("report_activity"),
  extendSession: () => invoke<SessionView>("extend_session"),
  endSession: () => invoke<null>("end_session"),
  submitBirthDate: (digits: string) => invoke<SessionView>("submit_birth_date", { digits }),
  cameraPreview: () => invoke<CameraPreview | null>("camera_preview"),
  syncStatus: () => invoke<SyncStatusView>("sync_status"),
  documentsView: () => invoke<DocumentsView>("documents_view"),
  prepareDocument: (request: DocumentRequest) => invoke<DocumentPreview>("prepare_document", { request }),
  discardDocument: (documentId: string) => invoke<null>("discard_document", { documentId }),
  printDocument: (documentId: string) => invoke<PrintView>("print_document", { documentId }),
  printView: (documentId: string) => invoke<PrintView | null>("print_view", { documentId }),
  printerStatus: () => invoke<PrinterStatusView>("printer_status"),
  smartidentShowRegistration: () => invoke<RegistrationView>("smartident_show_registration"),
  smartidentRegistrationProgress: () => invoke<RegistrationProgressView>("smartident_registration_progress"),
  smartidentEnterCode: (code: string) => invoke<CodeOutcomeView>("smartident_enter_code", { code }),
  smartidentDevices: () => invoke<Array<DeviceView>>("smartident_devices"),
  smartidentRemoveDevice: (deviceId: string) => invoke<null>("smartident_remove_device", { deviceId }),
  smartidentRemoveAllDevices: () => invoke<null>("smartident_remove_all_devices"),
  smartidentAskLoginApproval: () => invoke<ApprovalView>("smartident_ask_login_approval"),
  smartidentAskDeviceApproval: () => invoke<ApprovalView>("smartident_ask_device_approval"),
  smartidentApprovalProgress: () => invoke<ApprovalProgressView>("smartident_approval_progress"),
  smartidentLeave: () => invoke<null>("smartident_leave"),
  requestLetterByPost: (kvnr: string, birthDate: string) => invoke<null>("request_letter_by_post", { kvnr, birthDate }),
  kioskNotice: () => invoke<KioskNoticeView>("kiosk_notice"),
  staffSignIn: (staffId: string, pin: string) => invoke<StaffView>("staff_sign_in", { staffId, pin }),
  staffSignOut: () => invoke<null>("staff_sign_out"),
  staffActivity: () => invoke<null>("staff_activity"),
  staffLookup: (query: MemberQueryInput) => invoke<MemberLookupView>("staff_lookup", { query }),
  staffConfirmIdCheck: (check: IdCheckInput) => invoke<SessionView>("staff_confirm_id_check", { check }),
  staffUnlockLetters: () => invoke<number>("staff_unlock_letters"),
  callStaff: (reason: HelpReasonView) => invoke<null>("call_staff", { reason }),
  staffAnswerCall: () => invoke<null>("staff_answer_call"),
  staffSetOutOfService: (outOfService: boolean) => invoke<null>("staff_set_out_of_service", { outOfService }),
  staffEndMemberSession: () => invoke<null>("staff_end_member_session"),
  staffResolvePrint: (printId: number, printed: boolean) => invoke<null>("staff_resolve_print", { printId, printed }),
  staffSyncNow: () => invoke<null>("staff_sync_now"),
  staffPanel: () => invoke<StaffPanelView>("staff_panel"),
};

/** Events the app emits. */
export const events = {
  /** payload: SessionView; on every change, and every second of the countdown */
  sessionChanged: "session-changed",
  /** payload: SessionEnded; webview storage is already wiped: the UI must reload */
  sessionEnded: "session-ended",
  /** payload: SyncStatusView; when the connection to the central system changes */
  syncChanged: "sync-changed",
  /** payload: ScanGuidanceView; how to hold the letter, while the camera looks */
  scanGuidance: "scan-guidance",
  /** payload: LetterRefusedView; a letter or date of birth was not accepted */
  letterRefused: "letter-refused",
  /** payload: PrintView; each change of a print's state */
  printChanged: "print-changed",
  /** payload: PrinterStatusView; for staff, when the printer's state or doubts change */
  printerChanged: "printer-changed",
  /** payload: KioskNoticeView; staff signed in or out, a member calls, service state */
  kioskNoticeChanged: "kiosk-notice-changed",
} as const;
