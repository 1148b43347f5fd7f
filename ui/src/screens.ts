// The screens, one per session phase. Each is built from a SessionView and updated in place
// while the view changes without changing the screen (e.g. the language).
import type {
  HelpReasonView,
  IdentificationMethod,
  KioskInfo,
  Language,
  LetterRefusedView,
  ScanGuidance,
  SessionView,
  TrustLevel,
} from "./bindings";
import { commands } from "./bindings";
import { buildBirthDate } from "./birthdate";
import { letterByPost, type LetterByPost } from "./letter-by-post";
import { createCameraPreview } from "./camera";
import { createDocuments } from "./documents";
import { button, h, msg } from "./dom";
import { hasCatalogue } from "./i18n";
import type { Call } from "./ipc";
import { createScanFeedback } from "./letter";

export type ScreenName = "attract" | "letter" | "birthdate" | "staff" | "identified";

export interface Screen {
  name: ScreenName;
  /** The screen is rebuilt when this changes. */
  key: string;
  el: HTMLElement;
  /** Receives the focus when the screen appears. */
  heading: HTMLElement;
  update(view: SessionView): void;
  /** Letter screen: how to hold the letter (null: nothing from the camera yet). */
  showGuidance?(guidance: ScanGuidance | null): void;
  /** Letter screen: why the letter was refused (null: nothing to say); date-of-birth screen: a
   *  wrong or impossible date. */
  showRefusal?(refused: LetterRefusedView | null): void;
  /** Called once the screen is in the page and its heading has the focus (it may then set
   *  `body[data-screen]` to a name of its own and start loading). */
  shown?(): void;
  /** Called when the screen is replaced (listeners off, entries forgotten). */
  dispose?(): void;
}

export interface ScreenActions {
  setLanguage(language: Language): void;
  start(method: IdentificationMethod): void;
  /** Sends the date of birth (8 digits, TTMMJJJJ); resolves when Rust has answered. */
  submitBirthDate(digits: string): Promise<void>;
  cancel(): void;
  /** Runs a command for a screen of its own (the certificates): see `Call`. */
  call: Call;
  /** "Mitarbeiter rufen" with its reason. */
  callStaff(reason: HelpReasonView): void;
}

/** The catalogue message for each trust level (the compiler insists on every TrustLevel). */
export const trustLevelMessageId: Record<TrustLevel, string> = {
  substantial: "trust-level-substantial",
  high: "trust-level-high",
};

export function screenName(view: SessionView): ScreenName {
  switch (view.phase) {
    case "idle":
      return "attract";
    case "identifying":
      if (view.method === "staffAssist") return "staff";
      return view.awaitingBirthDate ? "birthdate" : "letter";
    case "identified":
      return "identified";
  }
}

function heading(id: string): HTMLHeadingElement {
  // tabindex -1: focusable by script on screen change (announces the new screen), not by Tab.
  return msg(id, "h1", { id, tabindex: "-1" });
}

function section(testid: string, title: HTMLElement, ...children: Node[]): HTMLElement {
  return h("section", { class: "screen", testid, "aria-labelledby": title.id }, title, ...children);
}

function attract(view: SessionView, info: KioskInfo | null, actions: ScreenActions): Screen {
  const languages = (info?.languages ?? []).filter(hasCatalogue);
  const title = msg("welcome-title", "h1", { id: "welcome-title", testid: "welcome-title", tabindex: "-1" });

  // The greeting in the other offered languages, smaller, each in its own language.
  const greetings = languages.map((lang) => msg("welcome-title", "span", { class: "greeting" }, undefined, lang));
  const others = h("p", { class: "greetings" }, ...greetings);

  const langButtons = languages.map((lang) => {
    const b = h(
      "button",
      { type: "button", class: "btn lang", testid: `lang-${lang}`, lang, "aria-pressed": "false" },
      h("span", { class: "mark", "aria-hidden": "true" }),
      msg("language-name", "span", {}, undefined, lang),
    );
    b.addEventListener("click", () => actions.setLanguage(lang));
    return b;
  });
  const langGroup = msg("language-choice", "div", { role: "group", class: "languages" });
  langGroup.append(...langButtons);
  langGroup.hidden = langButtons.length < 2;

  const tile = (method: IdentificationMethod, testid: string, label: HTMLElement, hint: HTMLElement) => {
    const b = h(
      "button",
      { type: "button", class: "btn tile", testid, "aria-labelledby": label.id, "aria-describedby": hint.id },
      label,
      hint,
    );
    // Staff assist starts with staff: the tile calls them (an ID check then opens the session).
    b.addEventListener("click", () => (method === "staffAssist" ? actions.callStaff("other") : actions.start(method)));
    return b;
  };
  const tiles = msg("start-choice", "div", { role: "group", class: "tiles" });
  tiles.append(
    tile(
      "letter",
      "start-letter",
      msg("start-letter", "span", { class: "tile-title", id: "start-letter-label" }),
      msg("start-letter-hint", "span", { class: "tile-hint", id: "start-letter-hint" }),
    ),
    tile(
      "staffAssist",
      "start-staff",
      msg("start-staff", "span", { class: "tile-title", id: "start-staff-label" }),
      msg("start-staff-hint", "span", { class: "tile-hint", id: "start-staff-hint" }),
    ),
  );

  const el = h(
    "section",
    { class: "screen", testid: "attract", "aria-labelledby": title.id },
    // The title and, beside it, the greeting in the other languages: one row where it fits.
    h("div", { class: "welcome" }, title, others),
    msg("welcome-subtitle", "p", { class: "lead" }),
    langGroup,
    tiles,
  );
  const update = (v: SessionView) => {
    greetings.forEach((g, i) => (g.hidden = languages[i] === v.language));
    langButtons.forEach((b, i) => b.setAttribute("aria-pressed", String(languages[i] === v.language)));
  };
  update(view);
  return { name: "attract", key: "attract", el, heading: title, update };
}

function letter(actions: ScreenActions): Screen {
  const title = heading("letter-title");
  const steps = h(
    "ol",
    { class: "steps" },
    msg("letter-step-ready", "li"),
    msg("letter-step-hold", "li"),
    msg("letter-step-wait", "li"),
  );
  // The live camera image (polled while this screen is shown) with the instruction below it;
  // the instruction alone until a frame arrives.
  const camera = createCameraPreview(commands.cameraPreview);
  // Rust runs the camera; it says what it sees (guidance) and why a letter was not taken.
  const feedback = createScanFeedback();
  const intro = msg("letter-intro", "p", { class: "lead" });
  const el = section(
    "screen-letter",
    title,
    intro,
    feedback.refused,
    h(
      "div",
      { class: "letter-layout" },
      h(
        "div",
        { class: "letter-steps" },
        steps,
        h("div", { class: "actions" }, button("letter-no-letter", "letter-by-post", () => byPost()), button("cancel", "cancel", actions.cancel)),
      ),
      h("div", { class: "scan" }, camera.el, feedback.guidance),
    ),
  );
  // No letter: the request form takes the screen's place (the camera keeps looking).
  const scanning = [...el.childNodes];
  let post: LetterByPost | null = null;
  function byPost(): void {
    post = letterByPost(actions.call, () => {
      post?.dispose();
      post = null;
      el.replaceChildren(...scanning);
      document.body.dataset.screen = "letter";
      title.focus();
    }, actions.cancel);
    el.replaceChildren(post.el);
    document.body.dataset.screen = "letter-by-post";
    post.heading.focus();
  }
  return {
    name: "letter",
    key: "letter",
    el,
    heading: title,
    update: () => undefined,
    showGuidance: feedback.showGuidance,
    showRefusal: (refused) => {
      feedback.showRefusal(refused);
      // The refusal takes the introduction's place (the steps and the guidance say the same), so
      // that the screen still fits without scrolling.
      intro.hidden = refused !== null;
      el.toggleAttribute("data-refused", refused !== null);
    },
    dispose: () => {
      post?.dispose();
      camera.dispose();
    },
  };
}

function birthDate(actions: ScreenActions): Screen {
  const parts = buildBirthDate({ submit: actions.submitBirthDate, cancel: actions.cancel, call: actions.call });
  return {
    name: "birthdate",
    key: "birthdate",
    el: parts.el,
    heading: parts.heading,
    update: parts.update,
    showRefusal: (refused) => {
      if (refused) parts.showRefusal(refused);
    },
    dispose: parts.dispose,
  };
}

function staff(actions: ScreenActions): Screen {
  const title = heading("staff-title");
  const el = section(
    "screen-staff",
    title,
    msg("staff-intro", "p", { class: "lead" }),
    msg("staff-id-check", "p"),
    h("div", { class: "actions" }, button("cancel", "cancel", actions.cancel)),
  );
  return { name: "staff", key: "staff", el, heading: title, update: () => undefined };
}

/**
 * The services home after identification: the certificates menu and the screens it leads to
 * (see documents.ts). Each of those sets `body[data-screen]` itself; the heading is the current
 * one's.
 */
function identified(view: SessionView, actions: ScreenActions): Screen {
  const level = view.trustLevel;
  const flow = createDocuments({ trustLevelId: level ? trustLevelMessageId[level] : null, call: actions.call });
  return {
    name: "identified",
    key: screenKey(view),
    el: flow.el,
    get heading() {
      return flow.heading();
    },
    update: () => flow.update(),
    shown: () => flow.start(),
    dispose: () => flow.dispose(),
  };
}

export function buildScreen(view: SessionView, info: KioskInfo | null, actions: ScreenActions): Screen {
  switch (screenName(view)) {
    case "attract":
      return attract(view, info, actions);
    case "letter":
      return letter(actions);
    case "birthdate":
      return birthDate(actions);
    case "staff":
      return staff(actions);
    case "identified":
      return identified(view, actions);
  }
}

/** The key of the screen a view needs: the app rebuilds the screen when it differs. */
export function screenKey(view: SessionView): string {
  const name = screenName(view);
  return name === "identified" ? `identified:${view.trustLevel ?? ""}` : name;
}
