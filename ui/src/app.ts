// The UI's wiring: renders SessionViews from Rust, runs commands, reports activity, and blanks
// itself when Rust ends the session (Rust then loads a clean page). It decides no session rules.
import {
  commands,
  type ErrorCode,
  type IdentificationMethod,
  type KioskInfo,
  type KioskNoticeView,
  type Language,
  type PrinterStatusView,
  type SessionView,
  type SyncStatusView,
} from "./bindings";
import { applyDocumentLanguage, installArrowNavigation, installGuards } from "./a11y";
import { clearWebStorage, createEndedNoticeSlot, readEndedParam } from "./ended";
import { currentLanguage, l10n, setLanguage, translateTree } from "./i18n";
import {
  createActivityReporter,
  errorCodeOf,
  errorMessageId,
  subscribe,
  type Call,
  subscribeLetter,
  subscribePrinter,
  subscribeNotice,
  subscribeSync,
} from "./ipc";
import { createHelpCall } from "./help";
import { createStaffMode } from "./staff";
import { createLetterMemory } from "./letter";
import { createCommandRunner } from "./runner";
import { buildScreen, screenKey, type Screen } from "./screens";
import { buildShell, type Shell } from "./shell";
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

  const shell = buildShell(() => endSession());
  const endedNotice = createEndedNoticeSlot(shell.notices, ended);
  const showError = (error: unknown) => l10n(shell.error, errorMessageId[errorCodeOf(error)]);
  const runner = createCommandRunner({
    ending: () => ending,
    showError,
    clearError: () => {
      delete shell.error.dataset.l10nId;
      shell.error.textContent = "";
    },
    sessionGone: () => void commands.sessionView().then(render, () => undefined),
  });
  const runForView = async (
    name: string,
    command: () => Promise<SessionView>,
    quiet: readonly ErrorCode[] = [],
  ): Promise<void> => {
    const next = await runner.run(name, command, quiet);
    if (next) render(next);
  };
  const endSession = () => void runner.run("end", commands.endSession);

  const help = createHelpCall(shell.notices);
  const staffMode = createStaffMode(shell.staffLayer, shell.app, shell.kioskId);
  // In the footer: the top bar has no room beside the display toggles and "Sitzung beenden".
  shell.footerStatus.prepend(help.footer, help.button, staffMode.reopenButton);
  const applyNotice = (notice: KioskNoticeView) => {
    help.applyNotice(notice);
    staffMode.applyNotice(notice);
  };

  const warning = createWarningDialog(shell.dialogLayer, shell.app, {
    extend: () => void runForView("extend", commands.extendSession),
    endNow: endSession,
  });
  installArrowNavigation(() => warning.element() ?? document);

  const actions = {
    setLanguage: (language: Language) => void runForView("language", () => commands.setLanguage(language)),
    start: (method: IdentificationMethod) =>
      void runForView("start", () => commands.startIdentification(method)),
    // A refused date comes as a letter-refused event too, with the reason and the attempts
    // left: the screen shows that instead of the general error.
    submitBirthDate: (digits: string) =>
      runForView("birthdate", () => commands.submitBirthDate(digits), ["letterRefused"]),
    cancel: endSession,
    call: runner.call as Call,
    callStaff: help.call,
  };
  const letter = createLetterMemory();
  const activity = installActivity(() => !ending && view !== null && view.phase !== "idle");

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
      if (screen.name !== "attract") endedNotice.dismiss();
      help.dismissNote();
      if (!warning.isOpen()) screen.heading.focus();
      // The screen may name itself more precisely now and start its own work (the certificates).
      screen.shown?.();
      letter.shown(screen);
    } else {
      screen.update(next);
    }
    shell.endSession.hidden = next.phase === "idle";
    help.button.hidden = next.phase === "idle";

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

  // Listen first, then ask for the state, so that no change is missed.
  let initialising = true;
  let buffered: SessionView | null = null;
  try {
    await subscribe({
      onView: (v) => (initialising ? (buffered = v) : render(v)),
      onEnded: () => onEnded(),
    });
    await subscribeLetter({
      onGuidance: (v) => {
        if (!ending) letter.guidance(v.guidance, screen);
      },
      onRefused: (refused) => {
        if (!ending) letter.refused(refused, screen);
      },
    });
    await subscribeNotice(applyNotice);
  } catch (error) {
    showError(error);
  }
  commands.kioskNotice().then(applyNotice, () => undefined);
  void startSyncIndicator(shell.sync.update);
  void startPrinterIndicator(shell.printer.update);
  const first = await firstState(shell, showError);
  info = first.info;
  render(first.view);
  initialising = false;
  if (buffered) render(buffered);
  // Still on the attract screen (otherwise render has dismissed it): the notice speaks after the
  // new screen's heading.
  endedNotice.show();
  document.body.dataset.ready = "true";
}

/**
 * Reports activity while `sessionRunning` says a session runs (Rust decides what it means), and
 * lets audio start after the first user activation (the warning's signal comes from a timer).
 */
function installActivity(sessionRunning: () => boolean): { cancel(): void } {
  const activity = createActivityReporter(() => {
    // The result is not rendered: it may overtake a newer view (Rust sends session-changed for
    // every change anyway).
    commands.reportActivity().catch(() => undefined);
  });
  const onActivity = () => {
    if (sessionRunning()) activity.notify();
  };
  for (const type of ACTIVITY_EVENTS) {
    document.addEventListener(type, onActivity, { capture: true, passive: true });
  }
  for (const type of AUDIO_UNLOCK_EVENTS) {
    document.addEventListener(type, unlockAudio, { capture: true, passive: true });
  }
  return activity;
}

/** The kiosk's identity (shown in the footer) and the session now; idle when Rust cannot say. */
async function firstState(
  shell: Shell,
  showError: (error: unknown) => void,
): Promise<{ info: KioskInfo | null; view: SessionView }> {
  const [infoResult, viewResult] = await Promise.allSettled([commands.kioskInfo(), commands.sessionView()]);
  let info: KioskInfo | null = null;
  if (infoResult.status === "fulfilled") {
    info = infoResult.value;
    l10n(shell.kioskId, "kiosk-id", { branchId: info.branchId, kioskId: info.kioskId });
  } else {
    showError(infoResult.reason);
  }
  if (viewResult.status === "fulfilled") return { info, view: viewResult.value };
  showError(viewResult.reason);
  const idle: SessionView = {
    phase: "idle",
    language: info?.defaultLanguage ?? currentLanguage(),
    method: null,
    trustLevel: null,
    awaitingBirthDate: false,
    warning: null,
  };
  return { info, view: idle };
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
