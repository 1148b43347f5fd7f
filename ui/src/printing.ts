// The print's progress: printDocument, then the print-changed events for this document (and
// printView once, as events may have gone before the listener was there). Rust follows the job
// at the printer; the screen only says what state it is in and what the member can do.
import {
  commands,
  type DocumentPreview,
  type ErrorCode,
  type PrinterProblem,
  type PrintState,
  type PrintView,
} from "./bindings";
import { button, h } from "./dom";
import { heading, section, type Flow, type SubScreen } from "./flow";
import { l10n } from "./i18n";
import { errorMessageId, subscribePrint } from "./ipc";
import { clearMessage } from "./letter";

/** A printer problem in plain words (the compiler insists on every PrinterProblem). */
export const printerProblemMessageId: Record<PrinterProblem, string> = {
  stopped: "print-problem-stopped",
  notAccepting: "print-problem-not-accepting",
  mediaEmpty: "print-problem-media-empty",
  mediaJam: "print-problem-media-jam",
  doorOpen: "print-problem-door-open",
  tonerEmpty: "print-problem-toner-empty",
  offline: "print-problem-offline",
  unreachable: "print-problem-unreachable",
  other: "print-problem-other",
};

/** What each state says (after the problem's sentence, where there is one). */
export const printStateMessageId: Record<PrintState, string> = {
  sending: "print-printing",
  printing: "print-printing",
  waiting: "print-waiting",
  completed: "print-completed",
  failed: "print-failed",
  inDoubt: "print-in-doubt",
};

/** Errors of printDocument the screen explains itself. */
const OWN_ERRORS: readonly ErrorCode[] = ["printerUnavailable", "alreadyPrinted", "documentUnknown"];

/** What the member may do next. */
type Next = "wait" | "leave" | "retry";

function nextFor(state: PrintState): Next {
  switch (state) {
    case "sending":
    case "printing":
      return "wait";
    case "failed":
      return "retry";
    // Waiting prints by itself once the printer is fixed; in doubt, staff check: neither is
    // offered again.
    case "waiting":
    case "completed":
    case "inDoubt":
      return "leave";
  }
}

export function printingScreen(flow: Flow, preview: DocumentPreview): SubScreen {
  const documentId = preview.documentId;
  const title = heading("print-title");

  const progress = h("div", { class: "print-progress", "aria-hidden": "true" }, h("span", { class: "print-progress-bar" }));
  const problemText = h("span", { class: "print-problem" });
  const stateText = h("span", { class: "print-text" });
  const message = h("p", { class: "print-message" }, problemText, " ", stateText);
  // The state for the eyes and for speech: every change is read out.
  const status = h(
    "div",
    { class: "print-status", role: "status", "aria-live": "polite", "aria-atomic": "true", testid: "print-state" },
    progress,
    message,
  );
  const error = h("p", { class: "print-error", role: "alert", testid: "print-error" });

  const retry = button("print-retry", "print-retry", () => void send(), "primary");
  const back = button("docs-to-menu", "back", () => leave());
  const student =
    preview.kind === "universityReceipt"
      ? button("uni-student-certificate", "doc-student-certificate", () => void flow.prepare({ type: "studentCertificate" }))
      : null;
  const actions = h("div", { class: "actions" }, retry, ...(student ? [student] : []), back);

  let disposed = false;
  let off: (() => void) | null = null;
  let sending = false;
  /** A print-changed event came since the last request: it is newer than that answer. */
  let eventSince = false;
  /** Nothing was printed and nothing will be: leaving drops the document. */
  let notPrinted = false;
  let next: Next = "wait";

  function setNext(value: Next, state: PrintState | null): void {
    next = value;
    const active = document.activeElement;
    retry.hidden = value !== "retry";
    back.hidden = value === "wait";
    if (student) student.hidden = state !== "completed";
    // "Zurück" beside "Erneut versuchen"; otherwise the way back to the menu.
    l10n(back, value === "retry" ? "docs-back" : "docs-to-menu");
    // A pressed button that went away leaves the focus on the heading, not on nothing.
    if (active instanceof HTMLElement && actions.contains(active) && active.hidden) title.focus();
  }

  function showPending(): void {
    delete status.dataset.state;
    delete status.dataset.problem;
    progress.hidden = false;
    problemText.textContent = "";
    delete problemText.dataset.l10nId;
    l10n(stateText, printStateMessageId.sending);
    setNext("wait", null);
  }

  function show(view: PrintView): void {
    status.dataset.state = view.state;
    if (view.problem) status.dataset.problem = view.problem;
    else delete status.dataset.problem;
    progress.hidden = nextFor(view.state) !== "wait";
    const withProblem = view.state === "waiting" || view.state === "failed";
    // Waiting always says why (the waiting text refers to the printer).
    const problem = view.problem ?? (view.state === "waiting" ? "other" : null);
    if (withProblem && problem) l10n(problemText, printerProblemMessageId[problem]);
    else {
      delete problemText.dataset.l10nId;
      problemText.textContent = "";
    }
    l10n(stateText, printStateMessageId[view.state]);
    notPrinted = view.state === "failed";
    setNext(nextFor(view.state), view.state);
  }

  /** printDocument failed: its own errors are said here, any other in the banner. */
  function showError(code: ErrorCode): void {
    if (OWN_ERRORS.includes(code)) {
      l10n(error, errorMessageId[code]);
      error.dataset.reason = code;
    }
    // Nothing more to say in the status: the message says it.
    delete status.dataset.state;
    delete status.dataset.problem;
    progress.hidden = true;
    problemText.textContent = "";
    delete problemText.dataset.l10nId;
    stateText.textContent = "";
    delete stateText.dataset.l10nId;
    notPrinted = code === "printerUnavailable";
    setNext(code === "printerUnavailable" ? "retry" : "leave", null);
  }

  async function send(): Promise<void> {
    if (sending || disposed) return;
    sending = true;
    eventSince = false;
    clearMessage(error);
    showPending();
    const outcome = await flow.call("print", () => commands.printDocument(documentId), OWN_ERRORS);
    sending = false;
    if (disposed) return;
    if (outcome.ok) {
      if (!eventSince) show(outcome.value);
    } else if (outcome.code !== null) {
      showError(outcome.code);
    }
  }

  function leave(): void {
    if (notPrinted) void flow.discard(documentId);
    flow.menu();
  }

  async function open(): Promise<void> {
    try {
      off = await subscribePrint((view) => {
        if (disposed || view.documentId !== documentId) return;
        eventSince = true;
        show(view);
      });
    } catch {
      // No events: the answers below still show a state.
    }
    if (disposed) {
      off?.();
      return;
    }
    await send();
    if (disposed) return;
    // Once: the state Rust knows now (an event may have gone before the listener was there).
    eventSince = false;
    let now: PrintView | null = null;
    try {
      now = await commands.printView(documentId);
    } catch {
      now = null;
    }
    if (!disposed && now && now.documentId === documentId && !eventSince) show(now);
  }

  showPending();
  const el = section("printing", title, status, error, actions);
  return {
    name: "printing",
    el,
    heading: title,
    opened: () => void open(),
    escape: () => {
      if (next !== "wait") leave();
    },
    dispose() {
      disposed = true;
      off?.();
      off = null;
    },
  };
}
