// The UI's wiring: renders SessionViews from Rust, runs commands, reports activity, and blanks
// itself when Rust ends the session (Rust then loads a clean page). It decides no session rules.
import {
  commands,
  type ErrorCode,
  type IdentificationMethod,
  type KioskInfo,
  type Language,
  type LetterRefusedView,
  type PrinterStatusView,
  type ScanGuidance,
  type SessionView,
  type SyncStatusView,
} from "./bindings";
import { applyDocumentLanguage, installArrowNavigation, installGuards } from "./a11y";
import {
  cleanEndedUrl,
  clearWebStorage,
  createEndedNotice,
  ENDED_NOTICE_MS,
  readEndedParam,
  showEndedNotice,
} from "./ended";
import { currentLanguage, l10n, setLanguage, translateTree } from "./i18n";
import {
  createActivityReporter,
  errorCodeOf,
  errorMessageId,
  subscribe,
  type Call,
  type Outcome,
  subscribeLetter,
  subscribePrinter,
  subscribeSync,
} from "./ipc";
import { isBirthDateRetry } from "./letter";
import { buildScreen, screenKey, type Screen } from "./screens";
import { buildShell } from "./shell";
import { unlockAudio } from "./sound";
import { createWarningDialog } from "./warning";

const ACTIVITY_EVENTS = ["pointerdown", "keydown", "touchstart"] as const;
const AUDIO_UNLOCK_EVENTS = ["click", "keydown", "touchend"] as const;

export async function start(): Promise<void> {
  const ended = readEndedParam(window.location.search);
  if (ended !== undefined) clearWebStorage();

  installGuards();
  applyDocumentLanguage(currentLanguage());

  let info: KioskInfo | null = null;
  let view: SessionView | null = null;
  let screen: Screen | null = null;
  let ending = false;
  const pending = new Set<string>();

  const endSession = () => void run("end", commands.endSession);
  const shell = buildShell(endSession);
  const warning = createWarningDialog(shell.dialogLayer, shell.app, {
    extend: () => void runForView("extend", commands.extendSession),
    endNow: endSession,
  });
  installArrowNavigation(() => warning.element() ?? document);

  // ---- notice after the previous session
  let endedNotice: HTMLElement | null = null;
  let endedTimer: ReturnType<typeof setTimeout> | null = null;
  const dismissEndedNotice = () => {
    if (endedTimer !== null) clearTimeout(endedTimer);
    endedTimer = null;
    endedNotice?.remove();
    endedNotice = null;
    cleanEndedUrl();
  };
  if (ended !== undefined) {
    // The empty live region now, its text after the first render (see createEndedNotice).
    endedNotice = createEndedNotice();
    shell.notices.append(endedNotice);
  }

  // ---- commands and errors
  const showError = (error: unknown) => l10n(shell.error, errorMessageId[errorCodeOf(error)]);
  const clearError = () => {
    delete shell.error.dataset.l10nId;
    shell.error.textContent = "";
  };

  /** See `Call`: the value or the error code; errors not in `own` go to the banner. */
  async function call<T>(name: string, command: () => Promise<T>, own: readonly ErrorCode[] = []): Promise<Outcome<T>> {
    if (ending || pending.has(name)) return { ok: false, code: null };
    pending.add(name);
    try {
      const value = await command();
      clearError();
      return { ok: true, value };
    } catch (error) {
      const code = errorCodeOf(error);
      if (own.includes(code)) clearError();
      else showError(error);
      // The session is gone (e.g. ended by Rust meanwhile): show what Rust says now.
      if (code === "noActiveSession") void commands.sessionView().then(render, () => undefined);
      return { ok: false, code };
    } finally {
      pending.delete(name);
    }
  }

  /**
   * Runs a command once at a time (a double tap does not start it twice); errors are shown
   * translated, except those in `quiet` (their event says it better).
   */
  async function run<T>(
    name: string,
    command: () => Promise<T>,
    quiet: readonly ErrorCode[] = [],
  ): Promise<T | undefined> {
    const outcome = await call(name, command, quiet);
    return outcome.ok ? outcome.value : undefined;
  }

  async function runForView(
    name: string,
    command: () => Promise<SessionView>,
    quiet: readonly ErrorCode[] = [],
  ): Promise<void> {
    const next = await run(name, command, quiet);
    if (next) render(next);
  }

  const actions = {
    setLanguage: (language: Language) => void runForView("language", () => commands.setLanguage(language)),
    start: (method: IdentificationMethod) =>
      void runForView("start", () => commands.startIdentification(method)),
    // A refused date comes as a letter-refused event too, with the reason and the attempts
    // left: the screen shows that instead of the general error.
    submitBirthDate: (digits: string) =>
      runForView("birthdate", () => commands.submitBirthDate(digits), ["letterRefused"]),
    cancel: endSession,
    call: call as Call,
  };

  // ---- the letter scan: what the letter screen shows, kept across screen changes (a letter
  // locked on the date-of-birth screen is reported before the letter screen is back)
  const letterState: { guidance: ScanGuidance | null; refusal: LetterRefusedView | null } = {
    guidance: null,
    refusal: null,
  };
  const onGuidance = (guidance: ScanGuidance) => {
    if (ending) return;
    // Meant for the camera: while the date of birth is asked (and after), the scan is over;
    // its last "read" must not show when the letter screen comes back.
    if (screen?.name === "birthdate" || screen?.name === "identified" || screen?.name === "staff") return;
    letterState.guidance = guidance;
    // A new code is read: the previous refusal no longer applies.
    if (guidance === "read") letterState.refusal = null;
    if (screen?.name === "letter") {
      screen.showGuidance?.(guidance);
      if (guidance === "read") screen.showRefusal?.(null);
    }
  };
  const onRefused = (refused: LetterRefusedView) => {
    if (ending) return;
    if (screen?.name === "birthdate" && isBirthDateRetry(refused.reason)) {
      screen.showRefusal?.(refused);
      return;
    }
    // Anything else is about the letter itself: the letter screen shows it, now or when it
    // comes back (lockedNow comes before the session change that leaves the keypad).
    letterState.refusal = refused;
    if (screen?.name === "letter") screen.showRefusal?.(refused);
  };

  // ---- activity: reported only while a session runs; Rust decides what it means
  const activity = createActivityReporter(() => {
    // The result is not rendered: it may overtake a newer view (Rust sends session-changed for
    // every change anyway).
    commands.reportActivity().catch(() => undefined);
  });
  const onActivity = () => {
    if (!ending && view && view.phase !== "idle") activity.notify();
  };
  for (const type of ACTIVITY_EVENTS) {
    document.addEventListener(type, onActivity, { capture: true, passive: true });
  }
  // Audio may only start after a user activation; the warning's signal comes later from a timer.
  for (const type of AUDIO_UNLOCK_EVENTS) {
    document.addEventListener(type, unlockAudio, { capture: true, passive: true });
  }

  // ---- rendering
  function render(next: SessionView): void {
    if (ending) return;
    view = next;
    if (setLanguage(next.language)) translateTree(document);
    applyDocumentLanguage(next.language);

    const key = screenKey(next);
    if (!screen || screen.key !== key) {
      screen?.dispose?.();
      screen = buildScreen(next, info, actions);
      shell.main.replaceChildren(screen.el);
      document.body.dataset.screen = screen.name;
      if (screen.name !== "attract") dismissEndedNotice();
      if (!warning.isOpen()) screen.heading.focus();
      // The screen may name itself more precisely now and start its own work (the certificates).
      screen.shown?.();
      if (screen.name === "birthdate") {
        // The letter is in: what the camera said about it is over.
        letterState.guidance = null;
        letterState.refusal = null;
      }
      // Filled in after the heading has the focus, into regions already in the page: the heading
      // is read first, then the message.
      screen.showGuidance?.(letterState.guidance);
      if (screen.name === "letter") screen.showRefusal?.(letterState.refusal);
    } else {
      screen.update(next);
    }
    shell.endSession.hidden = next.phase === "idle";

    const wasOpen = warning.isOpen();
    warning.update(next.warning);
    const focusLost = !document.activeElement || document.activeElement === document.body;
    if (wasOpen && !warning.isOpen() && focusLost) screen.heading.focus();
  }

  function onEnded(): void {
    if (ending) return;
    ending = true;
    activity.cancel();
    warning.close();
    // Nothing of the session stays on screen, even for the moment before Rust navigates the
    // window to the clean page ("/?ended=<reason>"; src-tauri/src/session_end.rs).
    screen?.dispose?.();
    shell.main.replaceChildren();
  }

  // ---- start: listen first, then ask for the state, so that no change is missed
  let initialising = true;
  let buffered: SessionView | null = null;
  try {
    await subscribe({
      onView: (v) => (initialising ? (buffered = v) : render(v)),
      onEnded: () => onEnded(),
    });
    await subscribeLetter({
      onGuidance: (v) => onGuidance(v.guidance),
      onRefused,
    });
  } catch (error) {
    showError(error);
  }
  void startSyncIndicator(shell.sync.update);
  void startPrinterIndicator(shell.printer.update);
  const [infoResult, viewResult] = await Promise.allSettled([commands.kioskInfo(), commands.sessionView()]);
  if (infoResult.status === "fulfilled") {
    info = infoResult.value;
    l10n(shell.kioskId, "kiosk-id", { branchId: info.branchId, kioskId: info.kioskId });
  } else {
    showError(infoResult.reason);
  }
  if (viewResult.status === "rejected") showError(viewResult.reason);
  const first: SessionView =
    viewResult.status === "fulfilled"
      ? viewResult.value
      : {
          phase: "idle",
          language: info?.defaultLanguage ?? currentLanguage(),
          method: null,
          trustLevel: null,
          awaitingBirthDate: false,
          warning: null,
        };
  render(first);
  initialising = false;
  if (buffered) render(buffered);
  // Still on the attract screen (otherwise render has dismissed it): the notice speaks after the
  // new screen's heading, and goes after ENDED_NOTICE_MS.
  if (endedNotice) {
    showEndedNotice(endedNotice, ended ?? null);
    endedTimer = setTimeout(dismissEndedNotice, ENDED_NOTICE_MS);
  }
  document.body.dataset.ready = "true";
}

/**
 * Feeds the footer's connection indicator: the status now, then every change. It is for staff:
 * a failure leaves it empty and shows members no error.
 */
async function startSyncIndicator(show: (status: SyncStatusView) => void): Promise<void> {
  let changed = false;
  try {
    await subscribeSync((status) => {
      changed = true;
      show(status);
    });
    const status = await commands.syncStatus();
    // A change that arrived meanwhile is newer than this answer.
    if (!changed) show(status);
  } catch {
    // Nothing to show; the next sync-changed event fills it in.
  }
}

/** Feeds the footer's printer indicator, like the connection indicator: for staff only. */
async function startPrinterIndicator(show: (status: PrinterStatusView) => void): Promise<void> {
  let changed = false;
  try {
    await subscribePrinter((status) => {
      changed = true;
      show(status);
    });
    const status = await commands.printerStatus();
    if (!changed) show(status);
  } catch {
    // Nothing to show; the next printer-changed event fills it in.
  }
}
