// The certificates, after identification: the menu (the services home), and the flow behind it:
// university sender number, travel country and dates, preview, printing. Each step is a
// sub-screen inside the session's screen that sets `body[data-screen]` itself. What the member
// types and what Rust sends back (previews) lives in these closures only, and goes with them.
import {
  commands,
  type DataProblem,
  type DocumentKind,
  type DocumentPreview,
  type DocumentsView,
  type PrinterProblem,
} from "./bindings";
import { button, h, msg } from "./dom";
import { currentLanguage, l10n } from "./i18n";
import type { Call } from "./ipc";
import { heading, section, type Flow, type SubScreen } from "./flow";
import { printerProblemMessageId, printingScreen } from "./printing";
import { travelAdviceScreen, travelDatesScreen, travelOtherScreen, travelScreen } from "./travel";
import { smartidentHome } from "./smartident";
import { universityScreen } from "./university";

export interface DocumentsOptions {
  /** The catalogue message that names the member's trust level (null: none known). */
  trustLevelId: string | null;
  call: Call;
}

export interface Documents {
  /** The session screen's element: holds the current sub-screen. */
  el: HTMLElement;
  /** The current sub-screen's heading. */
  heading(): HTMLElement;
  /** The screen is in the page: name it and load the menu. */
  start(): void;
  /** A new SessionView: re-renders what depends on the language (only when it changed). */
  update(): void;
  dispose(): void;
}

/** The catalogue message explaining each DataProblem (the compiler insists on every one). */
export const dataProblemMessageId: Record<DataProblem, string> = {
  tooOld: "docs-data-too-old",
  missing: "docs-data-missing",
  clockUntrusted: "docs-data-clock-untrusted",
};

/** The preview's heading for each DocumentKind. */
export const previewTitleMessageId: Record<DocumentKind, string> = {
  membership: "docs-preview-membership",
  studentCertificate: "docs-preview-student-certificate",
  universityReceipt: "docs-preview-university-receipt",
  travelTurkey: "docs-preview-travel-turkey",
  travelTunisia: "docs-preview-travel-tunisia",
  travelBosnia: "docs-preview-travel-bosnia",
};

/** "Datenstand" as a date and time of the kiosk's place (Berlin), in the current language. */
export function formatAsOf(rfc3339: string, lang: string = currentLanguage()): string {
  const date = new Date(rfc3339);
  if (Number.isNaN(date.getTime())) return rfc3339;
  const locale = lang === "de" ? "de-DE" : lang === "en" ? "en-GB" : lang;
  return new Intl.DateTimeFormat(locale, {
    day: "2-digit",
    month: "2-digit",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    timeZone: "Europe/Berlin",
  }).format(date);
}

export function createDocuments(options: DocumentsOptions): Documents {
  const { call } = options;
  const el = h("div", { class: "documents", testid: "screen-identified" });
  let current: SubScreen;
  let started = false;
  let disposed = false;
  let documentsView: DocumentsView | null = null;
  let language = currentLanguage();

  function go(next: SubScreen): void {
    if (disposed) {
      next.dispose?.();
      return;
    }
    current?.dispose?.();
    current = next;
    el.replaceChildren(next.el);
    if (!started) return;
    document.body.dataset.screen = next.name;
    // Not while the idle warning is open (it keeps the focus); the app focuses the heading after.
    if (!el.closest("[inert]")) next.heading.focus();
    next.opened?.();
  }

  const flow: Flow = {
    call,
    documents: () => documentsView,
    alive: () => !disposed,
    menu: () => go(menuScreen(flow, options, (view) => (documentsView = view))),
    university: () => go(universityScreen(flow)),
    travel: () => go(travelScreen(flow)),
    travelOther: () => go(travelOtherScreen(flow)),
    travelCountry: (country) =>
      go(country.advice === "form" ? travelDatesScreen(flow, country) : travelAdviceScreen(flow, country)),
    preview: (preview) => go(previewScreen(flow, preview)),
    printing: (preview) => go(printingScreen(flow, preview)),
    smartident: () => go(smartidentHome(flow)),
    show: (next) => go(next),
    async prepare(request, own = []) {
      const outcome = await call("prepare", () => commands.prepareDocument(request), own);
      if (outcome.ok && !disposed) flow.preview(outcome.value);
      return outcome;
    },
    async discard(documentId) {
      // Gone already (printed, session over) is as good as discarded: nothing to say.
      await call("discard", () => commands.discardDocument(documentId), ["documentUnknown", "alreadyPrinted", "internal"]);
    },
  };

  // Escape goes back where a screen has a way back (never out of the session).
  const onKey = (e: KeyboardEvent) => {
    if (e.key !== "Escape" || e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey) return;
    if (!el.isConnected || el.closest("[inert]") || !current.escape) return;
    current.escape();
    e.preventDefault();
  };
  document.addEventListener("keydown", onKey);

  current = menuScreen(flow, options, (view) => (documentsView = view));
  el.append(current.el);

  return {
    el,
    heading: () => current.heading,
    start() {
      if (started || disposed) return;
      started = true;
      document.body.dataset.screen = current.name;
      current.opened?.();
    },
    update() {
      if (language === currentLanguage()) return;
      language = currentLanguage();
      current.update?.();
    },
    dispose() {
      disposed = true;
      document.removeEventListener("keydown", onKey);
      current.dispose?.();
      documentsView = null;
      el.replaceChildren();
    },
  };
}

// ---- the menu

function tile(testid: string, titleId: string, hintId: string, onActivate: () => void): HTMLButtonElement {
  const label = msg(titleId, "span", { class: "tile-title", id: `${testid}-label` });
  const hint = msg(hintId, "span", { class: "tile-hint", id: `${testid}-hint` });
  const b = h(
    "button",
    { type: "button", class: "btn tile", testid, "aria-labelledby": label.id, "aria-describedby": hint.id },
    label,
    hint,
  );
  b.addEventListener("click", onActivate);
  return b;
}

function menuScreen(flow: Flow, options: DocumentsOptions, loaded: (view: DocumentsView) => void): SubScreen {
  const title = heading("identified-title");
  const level = options.trustLevelId
    ? msg(options.trustLevelId, "p", { class: "lead trust-level", testid: "trust-level" })
    : h("p", { class: "trust-level" });
  const choose = msg("docs-choose", "p", { class: "lead docs-choose" });

  // Filled once the answer is in: a polite live region, so that a notice loaded after the
  // heading was read is read too.
  const notices = h("div", { class: "docs-notices", "aria-live": "polite" });
  const loading = msg("docs-loading", "p", { class: "docs-loading", testid: "documents-loading" });
  const retry = button("docs-retry", "documents-retry", () => void load());
  retry.hidden = true;

  const membership = tile("doc-membership", "docs-membership", "docs-membership-hint", () => {
    void flow.prepare({ type: "membership" });
  });
  const university = tile("doc-university", "docs-university", "docs-university-hint", () => flow.university());
  const travel = tile("doc-travel", "docs-travel", "docs-travel-hint", () => flow.travel());
  const smartident = tile("smartident", "docs-smartident", "docs-smartident-hint", () => flow.smartident());
  const tiles = msg("docs-choice", "div", { role: "group", class: "tiles doc-tiles", testid: "services" });
  tiles.append(membership, university, travel, smartident);
  tiles.hidden = true;
  choose.hidden = true;

  let view: DocumentsView | null = flow.documents();
  let asOf: HTMLElement | null = null;

  function render(): void {
    loading.hidden = view !== null;
    if (!view) return;
    retry.hidden = true;
    const parts: HTMLElement[] = [];
    const problem = view.dataProblem;
    if (problem) {
      const box = h(
        "div",
        { class: "docs-notice data-problem", testid: "data-problem", "data-problem": problem },
        msg("docs-data-problem-title", "p", { class: "notice-title" }),
        problem === "tooOld"
          ? msg(dataProblemMessageId.tooOld, "p", {}, { hours: view.maxAgeHours })
          : msg(dataProblemMessageId[problem], "p"),
        msg("docs-data-ask", "p"),
      );
      parts.push(box);
    }
    asOf = null;
    if (!problem && view.dataAsOf) {
      asOf = msg("docs-data-as-of", "span", {}, { asOf: formatAsOf(view.dataAsOf) });
      parts.push(
        h(
          "p",
          { class: "docs-notice data-as-of", testid: "data-as-of", "data-as-of": view.dataAsOf },
          asOf,
          " ",
          msg("docs-data-as-of-note", "span"),
        ),
      );
    }
    if (!problem && view.printerProblem) {
      parts.push(printerNotice(view.printerProblem));
    }
    notices.replaceChildren(...parts);
    tiles.hidden = problem !== null;
    choose.hidden = problem !== null;
    // A student's university report comes first.
    if (view.isStudent) tiles.replaceChildren(university, membership, travel, smartident);
    else tiles.replaceChildren(membership, university, travel, smartident);
  }

  async function load(): Promise<void> {
    retry.hidden = true;
    loading.hidden = view !== null;
    const outcome = await flow.call("documents", () => commands.documentsView());
    if (!flow.alive()) return;
    if (outcome.ok) {
      view = outcome.value;
      loaded(view);
      render();
    } else if (outcome.code !== null && view === null) {
      // Nothing to show: the banner says why; the member may try again.
      loading.hidden = true;
      retry.hidden = false;
    }
  }

  render();
  const el = h(
    "section",
    { class: "screen docs-screen documents", testid: "screen-documents", "aria-labelledby": title.id },
    h("div", { class: "docs-greeting" }, title, level),
    notices,
    loading,
    choose,
    tiles,
    h("div", { class: "actions" }, retry),
  );
  return {
    name: "documents",
    el,
    heading: title,
    opened: () => void load(),
    update() {
      if (asOf && view?.dataAsOf) l10n(asOf, "docs-data-as-of", { asOf: formatAsOf(view.dataAsOf) });
    },
  };
}

function printerNotice(problem: PrinterProblem): HTMLElement {
  return h(
    "p",
    { class: "docs-notice printer-problem", testid: "printer-problem", "data-problem": problem },
    msg(printerProblemMessageId[problem], "span"),
    " ",
    msg("docs-printer-problem-note", "span"),
  );
}

// ---- the preview

function previewScreen(flow: Flow, preview: DocumentPreview): SubScreen {
  const title = heading(previewTitleMessageId[preview.kind]);
  const pages = preview.pagesPngBase64.length;
  const images = preview.pagesPngBase64.map((png, i) =>
    msg(
      "docs-preview-page",
      "img",
      { class: "preview-page", testid: "preview-image", src: `data:image/png;base64,${png}` },
      { page: i + 1, pages },
    ),
  );
  const sheet = msg("docs-preview-pages", "div", { class: "preview-pages", role: "group", testid: "preview-pages" });
  sheet.append(...images);

  // Enlarged, the pages take the full width and scroll inside their own region.
  const zoom = h(
    "button",
    { type: "button", class: "btn secondary", testid: "preview-zoom", "aria-pressed": "false" },
    h("span", { class: "mark", "aria-hidden": "true" }),
    msg("docs-preview-zoom", "span"),
  );
  zoom.addEventListener("click", () => {
    const on = zoom.getAttribute("aria-pressed") !== "true";
    zoom.setAttribute("aria-pressed", String(on));
    sheet.toggleAttribute("data-zoomed", on);
    // Scrollable by keyboard while enlarged.
    if (on) sheet.setAttribute("tabindex", "0");
    else sheet.removeAttribute("tabindex");
    sheet.scrollTop = 0;
  });

  const back = () => {
    void flow.discard(preview.documentId);
    flow.menu();
  };
  const print = button("docs-print", "print", () => flow.printing(preview), "primary");
  const backButton = button("docs-back", "back", back);

  const side: HTMLElement[] = [msg("docs-preview-hint", "p", { class: "preview-hint" })];
  if (preview.kind === "universityReceipt") {
    side.push(
      h(
        "div",
        { class: "docs-notice receipt" },
        msg("uni-filed-on-print", "p", { testid: "uni-filed-on-print" }),
        msg(
          "uni-request-id",
          "p",
          { class: "request-id", testid: "report-request-id", "data-id": preview.reportRequestId ?? "" },
          { id: preview.reportRequestId ?? "–" },
        ),
      ),
    );
  }
  const actions = h("div", { class: "actions preview-actions" }, print, zoom);
  if (preview.kind === "universityReceipt") {
    actions.append(
      button("uni-student-certificate", "doc-student-certificate", () => {
        void flow.prepare({ type: "studentCertificate" }).then((outcome) => {
          // The receipt is left unprinted: it goes (the report itself is queued already).
          if (outcome.ok) void flow.discard(preview.documentId);
        });
      }),
    );
  }
  actions.append(backButton);

  const el = section(
    "preview",
    title,
    h("div", { class: "preview-layout" }, sheet, h("div", { class: "preview-side" }, ...side, actions)),
  );
  return {
    name: "preview",
    el,
    heading: title,
    escape: back,
    dispose() {
      // The pictures of the document go with the screen.
      images.forEach((img) => img.removeAttribute("src"));
    },
  };
}
