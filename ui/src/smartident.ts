// SmartIdent in the identified session: register this phone (QR, then the code the phone
// shows), "SmartIdent ist jetzt aktiv", "Meine Geräte" (remove one, or all when the phone is
// lost), and a further device after the registered one approved. Rust holds which QR or
// approval is open; the page holds only what it shows.
import { commands, type DeviceView, type ErrorCode, type RegistrationView } from "./bindings";
import { approvalPanel, countdown } from "./approval";
import { button, h, msg } from "./dom";
import { fieldError, heading, section, type Flow, type SubScreen } from "./flow";
import { currentLanguage, l10n } from "./i18n";
import { createKeypad, listenForDigits } from "./keypad";

/** The code a phone shows after it scanned the QR. */
export const BIND_CODE_DIGITS = 6;
/** How often the QR screen asks whether a phone has scanned it. */
export const REGISTRATION_POLL_MS = 2000;

/** Errors the SmartIdent screens show themselves, in the screen. */
const OWN: readonly ErrorCode[] = [
  "smartIdentOffline",
  "deviceLimit",
  "tooManyRequests",
  "smartIdentUnavailable",
  "nothingOpen",
  "levelTooLow",
  "noDevice",
  "approvalsLocked",
  "codeFormat",
];

export function smartidentHome(flow: Flow): SubScreen {
  const title = heading("si-title");
  const tile = (testid: string, titleId: string, hintId: string, go: () => void) => {
    const label = msg(titleId, "span", { class: "tile-title", id: `${testid}-label` });
    const hint = msg(hintId, "span", { class: "tile-hint", id: `${testid}-hint` });
    const b = h("button", { type: "button", class: "btn tile", testid, "aria-labelledby": label.id, "aria-describedby": hint.id }, label, hint);
    b.addEventListener("click", go);
    return b;
  };
  const tiles = msg("si-choice", "div", { role: "group", class: "tiles doc-tiles" });
  tiles.append(
    tile("si-register", "si-register", "si-register-hint", () => flow.show(registrationScreen(flow))),
    tile("si-devices", "si-devices", "si-devices-hint", () => flow.show(devicesScreen(flow))),
    tile("si-add-device", "si-add-device", "si-add-device-hint", () => flow.show(addDeviceScreen(flow))),
  );
  const el = section(
    "smartident",
    title,
    msg("si-intro", "p", { class: "lead" }),
    tiles,
    h("div", { class: "actions" }, button("docs-back", "back", () => flow.menu())),
  );
  return { name: "smartident", el, heading: title, escape: () => flow.menu() };
}

/** The QR for a phone and the code it shows; `given` is a further device's QR, already made. */
export function registrationScreen(flow: Flow, given?: RegistrationView): SubScreen {
  let digits = "";
  let busy = false;
  let open = false;
  let poll: ReturnType<typeof setTimeout> | null = null;

  const title = heading(given?.furtherDevice ? "si-further-title" : "si-register-title");
  const qr = msg("si-qr-image", "img", { class: "registration-qr", testid: "registration-qr" });
  const clock = countdown("si-qr-countdown", "registration-countdown");
  const renew = button("si-qr-renew", "registration-renew", () => void show(), "primary");
  renew.hidden = true;
  const qrBox = h("div", { class: "registration-qr-box" }, qr);
  const state = h("p", { class: "registration-state", role: "status", testid: "registration-state" });
  const steps = msg("si-steps", "ol", { class: "registration-steps" });
  steps.append(...["si-step-open", "si-step-scan", "si-step-code"].map((id) => msg(id, "li")));
  const label = msg("si-code-label", "p", { class: "field-label", id: "si-code-label" });
  const display = h("p", { class: "entry-display code-display", "aria-hidden": "true", testid: "code-display" });
  const spoken = h("p", { class: "visually-hidden", role: "status", "aria-live": "polite", "aria-atomic": "true" });
  const error = fieldError("si-code-error");
  const confirmKey = button("si-code-confirm", "code-confirm", () => void confirm(), "primary key confirm");
  const keypad = createKeypad({
    digitTestid: (d) => `code-digit-${d}`,
    deleteTestid: "code-delete",
    confirmKey,
    onDigit: (d) => type(d),
    onDelete: () => erase(),
  });

  /**
   * The QR and its steps until a phone has scanned it; then the code entry and the keypad;
   * once it is closed, why, and the button for a new one.
   */
  function phase(now: "qr" | "code" | "closed"): void {
    qr.hidden = now !== "qr";
    renew.hidden = now !== "closed";
    qrBox.hidden = now !== "qr";
    steps.hidden = now !== "qr";
    clock.el.hidden = now === "closed";
    entry.hidden = now !== "code";
    keypad.el.hidden = now !== "code";
  }

  function render(): void {
    const slots = [];
    for (let i = 0; i < BIND_CODE_DIGITS; i++) {
      const digit = digits[i];
      slots.push(
        digit === undefined
          ? h("span", { class: `slot placeholder${i === digits.length ? " next" : ""}` }, "_")
          : h("span", { class: "slot digit" }, digit),
      );
    }
    display.replaceChildren(...slots);
    l10n(spoken, "si-code-status", { count: digits.length });
    confirmKey.disabled = !open || digits.length !== BIND_CODE_DIGITS;
  }

  function type(digit: string): void {
    if (busy || digits.length >= BIND_CODE_DIGITS) return;
    digits += digit;
    error.clear();
    render();
  }

  function erase(): void {
    if (busy || digits.length === 0) return;
    digits = digits.slice(0, -1);
    render();
  }

  /** The QR is gone (expired, failed, replaced): a new one is offered. */
  function closed(messageId: string): void {
    open = false;
    clock.stop();
    // A QR that ran out is replaced; a refused one (offline, too many devices) is tried again.
    l10n(renew, messageId.startsWith("si-state-") ? "si-qr-renew" : "si-retry");
    l10n(state, messageId);
    state.dataset.state = messageId;
    phase("closed");
    if (poll) clearTimeout(poll);
    poll = null;
    digits = "";
    render();
  }

  function shown(view: RegistrationView): void {
    open = true;
    qr.src = view.qrImage;
    clock.set(view.expiresInSeconds);
    l10n(state, "si-state-waiting-phone");
    state.dataset.state = "waitingForPhone";
    phase("qr");
    error.clear();
    render();
    poll = setTimeout(() => void check(), REGISTRATION_POLL_MS);
  }

  async function show(): Promise<void> {
    const outcome = await flow.call("registration", commands.smartidentShowRegistration, OWN);
    if (!flow.alive()) return;
    if (outcome.ok) shown(outcome.value);
    else if (outcome.code) closed(refusalMessageId(outcome.code));
  }

  async function check(): Promise<void> {
    poll = null;
    if (!flow.alive() || !open) return;
    const outcome = await flow.call("registration-progress", commands.smartidentRegistrationProgress, OWN);
    if (!flow.alive() || !open) return;
    if (!outcome.ok) {
      if (outcome.code === null || outcome.code === "smartIdentOffline") {
        poll = setTimeout(() => void check(), REGISTRATION_POLL_MS);
      } else closed(refusalMessageId(outcome.code));
      return;
    }
    const progress = outcome.value;
    switch (progress.state) {
      case "waitingForPhone":
        clock.set(progress.expiresInSeconds);
        break;
      case "waitingForCode":
        clock.set(progress.expiresInSeconds);
        if (state.dataset.state !== "waitingForCode") {
          l10n(state, "si-state-waiting-code");
          state.dataset.state = "waitingForCode";
          phase("code");
          keypad.digitKeys[0]?.focus();
        }
        break;
      case "active":
        flow.show(activeScreen(flow));
        return;
      case "expired":
        return closed("si-state-expired");
      case "failed":
        return closed("si-state-failed");
      case "cancelled":
        return closed("si-state-cancelled");
    }
    poll = setTimeout(() => void check(), REGISTRATION_POLL_MS);
  }

  async function confirm(): Promise<void> {
    if (busy || !open || digits.length !== BIND_CODE_DIGITS) return;
    busy = true;
    const outcome = await flow.call("code", () => commands.smartidentEnterCode(digits), OWN);
    busy = false;
    if (!flow.alive()) return;
    digits = "";
    render();
    if (!outcome.ok) {
      if (outcome.code) closed(refusalMessageId(outcome.code));
      return;
    }
    const result = outcome.value;
    switch (result.outcome) {
      case "active":
        flow.show(activeScreen(flow));
        return;
      case "wrong":
        error.el.dataset.testid = "field-error";
        l10n(error.el, "si-code-wrong", { tries: result.triesLeft });
        return;
      case "notScannedYet":
        l10n(error.el, "si-code-not-scanned");
        return;
      case "failed":
        return closed("si-state-failed");
      case "expired":
        return closed("si-state-expired");
    }
  }

  const entry = h(
    "div",
    { class: "entry-field", role: "group", "aria-labelledby": label.id, "aria-describedby": error.el.id },
    label,
    display,
    spoken,
    error.el,
  );
  const el = section(
    "smartident-register",
    title,
    h(
      "div",
      { class: "registration-layout" },
      qrBox,
      h("div", { class: "registration-side" }, steps, state, clock.el, renew, entry),
      keypad.el,
      h("div", { class: "actions" }, button("docs-back", "back", () => leave(flow))),
    ),
  );
  render();
  phase("qr");
  const stopKeys = listenForDigits(el, { digit: type, erase, confirm: () => void confirm() });
  return {
    name: "smartident-register",
    el,
    heading: title,
    escape: () => leave(flow),
    opened: () => (given ? shown(given) : void show()),
    dispose() {
      stopKeys();
      clock.stop();
      if (poll) clearTimeout(poll);
      open = false;
      digits = "";
      qr.removeAttribute("src");
    },
  };
}

function leave(flow: Flow): void {
  void flow.call("leave", commands.smartidentLeave);
  flow.smartident();
}

function activeScreen(flow: Flow): SubScreen {
  const title = heading("si-active-title");
  const el = section(
    "smartident-active",
    title,
    msg("si-active-text", "p", { class: "lead" }),
    h(
      "div",
      { class: "actions" },
      button("si-devices", "active-devices", () => flow.show(devicesScreen(flow)), "primary"),
      button("si-to-menu", "active-menu", () => flow.menu()),
    ),
  );
  return { name: "smartident-active", el, heading: title, escape: () => flow.menu() };
}

/** The catalogue message for a refused SmartIdent step. */
export function refusalMessageId(code: ErrorCode): string {
  switch (code) {
    case "smartIdentOffline":
      return "si-offline";
    case "deviceLimit":
      return "si-device-limit";
    case "noDevice":
      return "si-no-device";
    case "approvalsLocked":
      return "si-approvals-locked";
    case "tooManyRequests":
      return "si-too-many";
    case "nothingOpen":
      return "si-state-expired";
    case "levelTooLow":
      return "si-level-too-low";
    default:
      return "si-unavailable";
  }
}

function formatDate(rfc3339: string): string {
  const date = new Date(rfc3339);
  if (Number.isNaN(date.getTime())) return rfc3339;
  const locale = currentLanguage() === "de" ? "de-DE" : "en-GB";
  return new Intl.DateTimeFormat(locale, { day: "2-digit", month: "2-digit", year: "numeric", timeZone: "Europe/Berlin" }).format(date);
}

function devicesScreen(flow: Flow): SubScreen {
  const title = heading("si-devices-title");
  const list = msg("si-devices-list", "ul", { class: "device-list", testid: "device-list" });
  const notice = h("p", { class: "docs-notice devices-notice", role: "status", testid: "devices-notice" });
  notice.hidden = true;
  const confirmBox = h("div", { class: "docs-notice confirm-box", role: "alertdialog", testid: "confirm-box" });
  confirmBox.hidden = true;
  const removeAll = button("si-remove-all", "devices-remove-all", () =>
    ask("si-remove-all-question", {}, async () => {
      const outcome = await flow.call("remove-all", commands.smartidentRemoveAllDevices, OWN);
      return outcome.ok ? "si-removed-all" : outcome.code ? refusalMessageId(outcome.code) : null;
    }),
  );
  let devices: DeviceView[] = [];

  function say(messageId: string): void {
    notice.hidden = false;
    notice.dataset.message = messageId;
    l10n(notice, messageId);
  }

  /** A question before anything is removed; `act` answers with the message to show after. */
  function ask(questionId: string, args: Record<string, string>, act: () => Promise<string | null>): void {
    const yes = button("si-remove-yes", "remove-confirm", () => {
      answered();
      void act().then((result) => {
        if (!flow.alive()) return;
        if (result) say(result);
        void load();
      });
    }, "primary");
    const no = button("cancel", "remove-cancel", () => answered());
    confirmBox.replaceChildren(msg(questionId, "p", { class: "notice-title" }, args), h("div", { class: "actions" }, yes, no));
    // The question takes the list's place (it names the device), so the screen still fits.
    confirmBox.hidden = false;
    list.hidden = true;
    actions.hidden = true;
    notice.hidden = true;
    yes.focus();
  }

  function answered(): void {
    confirmBox.hidden = true;
    list.hidden = false;
    actions.hidden = false;
  }

  function render(): void {
    if (devices.length === 0) {
      list.replaceChildren(msg("si-devices-none", "li", { class: "device none", testid: "devices-none" }));
    } else {
      list.replaceChildren(
        ...devices.map((device, i) => {
          const remove = button("si-remove", `device-remove-${i}`, () =>
            ask("si-remove-question", { label: device.label }, async () => {
              const outcome = await flow.call("remove", () => commands.smartidentRemoveDevice(device.deviceId), OWN);
              return outcome.ok ? "si-removed" : outcome.code ? refusalMessageId(outcome.code) : null;
            }),
          );
          return h(
            "li",
            { class: "device", testid: "device" },
            h("p", { class: "device-label" }, device.label),
            msg("si-device-registered", "p", { class: "device-meta" }, {
              platform: device.platform,
              date: formatDate(device.registeredAt),
              branch: device.registeredBranch,
            }),
            device.lastUsedAt
              ? msg("si-device-last-used", "p", { class: "device-meta" }, { date: formatDate(device.lastUsedAt) })
              : msg("si-device-never-used", "p", { class: "device-meta" }),
            remove,
          );
        }),
      );
    }
    removeAll.hidden = devices.length === 0;
  }

  async function load(): Promise<void> {
    const outcome = await flow.call("devices", commands.smartidentDevices, OWN);
    if (!flow.alive()) return;
    if (outcome.ok) {
      devices = outcome.value;
      list.dataset.count = String(devices.length);
      render();
    } else if (outcome.code) say(refusalMessageId(outcome.code));
  }

  const actions = h("div", { class: "actions" }, removeAll, button("docs-back", "back", () => flow.smartident()));
  const el = section("smartident-devices", title, notice, confirmBox, list, actions);
  return {
    name: "smartident-devices",
    el,
    heading: title,
    escape: () => flow.smartident(),
    opened: () => void load(),
    update: render,
  };
}

/** A further device: the registered phone approves, then the new phone gets its QR. */
function addDeviceScreen(flow: Flow): SubScreen {
  const title = heading("si-add-title");
  const result = h("p", { class: "docs-notice", role: "alert", testid: "approval-result" });
  result.hidden = true;
  const again = button("si-approval-again", "approval-again", () => flow.show(addDeviceScreen(flow)), "primary");
  again.hidden = true;
  const end = (messageId: string) => {
    panel.el.hidden = true;
    result.hidden = false;
    result.dataset.message = messageId;
    l10n(result, messageId);
    again.hidden = false;
  };
  const panel = approvalPanel(
    flow.call,
    commands.smartidentAskDeviceApproval,
    (ended) => {
      if (ended.state === "registration") flow.show(registrationScreen(flow, ended.registration));
      else if (ended.state !== "identified") end(`si-approval-${ended.state}`);
    },
    (code) => {
      if (code) end(refusalMessageId(code));
    },
  );
  const el = section(
    "smartident-approval",
    title,
    msg("si-add-intro", "p", { class: "lead" }),
    panel.el,
    result,
    h("div", { class: "actions" }, again, button("docs-back", "back", () => leave(flow))),
  );
  return {
    name: "smartident-approval",
    el,
    heading: title,
    escape: () => leave(flow),
    opened: () => void panel.start(),
    dispose: panel.dispose,
  };
}
