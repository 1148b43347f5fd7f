// Staff assist mode: a layer over the member's screens. A long press on the footer's kiosk id
// opens the sign-in (staff number and PIN); signed in, the panel shows the kiosk's health and
// what needs staff, with the interventions, and leads to the ID check (staff-idcheck.ts). Rust
// decides everything (who may sign in, locks, timeouts); this only shows and asks.
import {
  commands,
  type HelpReasonView,
  type KioskNoticeView,
  type StaffPanelView,
} from "./bindings";
import { button, h, msg } from "./dom";
import { currentLanguage, l10n } from "./i18n";
import { createKeypad } from "./keypad";
import { connectionState, connectionMessageId } from "./sync";
import { printerIndicatorMessageId, printerIndicatorState } from "./printer";
import { buildIdCheck } from "./staff-idcheck";
import { clearProblem, createStaffKeyboard, showProblem, staffField } from "./staff-keyboard";

/** How long the kiosk id is held to open the staff sign-in. */
export const LONG_PRESS_MS = 2000;
const PANEL_REFRESH_MS = 5000;

export const helpReasonMessageId: Record<HelpReasonView, string> = {
  letterLocked: "help-reason-letter-locked",
  printerProblem: "help-reason-printer-problem",
  dataTooOld: "help-reason-data-too-old",
  other: "help-reason-other",
};

/** An RFC 3339 time as the kiosk's local date and time, in the current language. */
function localTime(iso: string | null): string {
  if (!iso) return "";
  const at = new Date(iso);
  return Number.isNaN(at.getTime()) ? iso : at.toLocaleString(currentLanguage(), { dateStyle: "medium", timeStyle: "short" });
}

export interface StaffMode {
  /** What Rust says of staff matters now (sign-in, calls, service state). */
  applyNotice(notice: KioskNoticeView): void;
  /** The panel button in the top bar (while staff stay with a member). */
  reopenButton: HTMLButtonElement;
}

interface Parts {
  el: HTMLElement;
  heading: HTMLElement;
  dispose?(): void;
}

export function createStaffMode(layer: HTMLElement, app: HTMLElement, longPressTarget: HTMLElement): StaffMode {
  let notice: KioskNoticeView | null = null;
  let current: Parts | null = null;

  const outOfService = h(
    "div",
    { class: "out-of-service", testid: "out-of-service", hidden: true },
    msg("out-of-service-title", "h1", { tabindex: "-1" }),
    msg("out-of-service-text", "p", { class: "lead" }),
  );
  layer.append(outOfService);

  const show = (parts: Parts | null) => {
    current?.dispose?.();
    current = parts;
    const panel = layer.querySelector(".staff-screen");
    panel?.remove();
    if (parts) {
      layer.append(parts.el);
      parts.heading.focus();
    }
    refreshLayer();
  };
  const close = () => show(null);

  function refreshLayer(): void {
    const blocking = current !== null || (notice?.outOfService === true && !notice.staff);
    outOfService.hidden = !(notice?.outOfService && !notice.staff && !current);
    layer.hidden = !blocking;
    app.toggleAttribute("inert", blocking);
    document.body.dataset.staff = current ? "open" : notice?.staff ? "signedIn" : "none";
    reopen.hidden = !(notice?.staff && !current);
  }

  // Input in the layer keeps the staff session.
  let lastReport = 0;
  layer.addEventListener(
    "pointerdown",
    () => {
      if (!notice?.staff || Date.now() - lastReport < 2000) return;
      lastReport = Date.now();
      commands.staffActivity().catch(() => undefined);
    },
    { capture: true, passive: true },
  );

  // The discreet entry: hold the kiosk id.
  let pressTimer: ReturnType<typeof setTimeout> | null = null;
  longPressTarget.addEventListener("pointerdown", () => {
    pressTimer = setTimeout(() => {
      pressTimer = null;
      openStaff();
    }, LONG_PRESS_MS);
  });
  for (const type of ["pointerup", "pointerleave", "pointercancel"] as const) {
    longPressTarget.addEventListener(type, () => {
      if (pressTimer) clearTimeout(pressTimer);
      pressTimer = null;
    });
  }

  const reopen = button("staff-panel-open", "staff-panel-open", () => openStaff(), "secondary footer-button");
  reopen.hidden = true;

  function openStaff(): void {
    show(notice?.staff ? panel() : signIn());
  }

  function signIn(): Parts {
    const heading = msg("staff-sign-in-title", "h1", { tabindex: "-1" });
    const problem = h("p", { class: "field-error", role: "alert", testid: "staff-problem" });
    const id = staffField("staff-number", "staff-id", 32);
    const pin = staffField("staff-pin", "staff-pin", 8, "password");
    const keyboard = createStaffKeyboard(() => undefined);
    keyboard.attach(id.input);
    let busy = false;
    const submit = async () => {
      if (busy) return;
      busy = true;
      clearProblem(problem);
      try {
        const staff = await commands.staffSignIn(id.input.value.trim().toUpperCase(), pin.input.value);
        notice = { outOfService: notice?.outOfService ?? false, helpCall: notice?.helpCall ?? null, staff };
        show(panel());
      } catch (error) {
        showProblem(problem, error);
        pin.input.value = "";
      } finally {
        busy = false;
      }
    };
    const confirm = button("staff-sign-in", "staff-sign-in-submit", () => void submit(), "primary key confirm");
    const keypad = createKeypad({
      digitTestid: (d) => `staff-pin-${d}`,
      deleteTestid: "staff-pin-delete",
      confirmKey: confirm,
      onDigit: (d) => {
        if (pin.input.value.length < 8) pin.input.value += d;
      },
      onDelete: () => (pin.input.value = pin.input.value.slice(0, -1)),
    });
    pin.input.addEventListener("keydown", (e) => {
      if (e.key === "Enter") void submit();
    });
    const el = h(
      "section",
      { class: "staff-screen", testid: "staff-sign-in", "aria-labelledby": "staff-sign-in-title" },
      heading,
      problem,
      h("div", { class: "staff-sign-in" }, h("div", {}, id.el, keyboard.el), h("div", {}, pin.el, keypad.el)),
      h("div", { class: "actions" }, button("cancel", "staff-cancel", close)),
    );
    heading.id = "staff-sign-in-title";
    return { el, heading };
  }

  function panel(): Parts {
    const heading = msg("staff-panel-title", "h1", { tabindex: "-1", id: "staff-panel-title" });
    const who = h("p", { class: "staff-who", testid: "staff-who" });
    const problem = h("p", { class: "field-error", role: "alert", testid: "staff-panel-problem" });
    const done = h("p", { class: "staff-done", role: "status", testid: "staff-panel-done" });
    const call = h("div", { class: "staff-call", testid: "staff-call", hidden: true });
    const status = h("dl", { class: "staff-status", testid: "staff-status" });
    const doubts = h("div", { class: "staff-doubts", testid: "staff-doubts" });
    const actions = h("div", { class: "staff-actions" });
    let timer: ReturnType<typeof setInterval> | null = null;

    const act = async (command: () => Promise<unknown>, after: () => void = () => void load()) => {
      clearProblem(problem);
      try {
        await command();
        after();
      } catch (error) {
        showProblem(problem, error);
      }
    };

    const row = (labelId: string, testid: string, valueId: string, args: Record<string, string | number> = {}) =>
      [msg(labelId, "dt"), msg(valueId, "dd", { testid }, args)];

    function render(view: StaffPanelView): void {
      const staff = notice?.staff;
      if (staff) l10n(who, staff.withMember ? "staff-who-with-member" : "staff-who", { staffId: staff.staffId });
      call.hidden = view.helpCall === null;
      if (view.helpCall) {
        call.replaceChildren(
          msg("staff-call-waiting", "p", {}, { reason: "" }),
          msg(helpReasonMessageId[view.helpCall], "p", { class: "staff-call-reason", testid: "staff-call-reason" }),
          button("staff-call-answer", "staff-call-answer", () => void act(commands.staffAnswerCall)),
        );
        call.dataset.reason = view.helpCall;
      }
      const sync = view.sync;
      const printerState = printerIndicatorState(view.printer);
      status.replaceChildren(
        ...row("staff-status-connection", "staff-connection", connectionMessageId[connectionState(sync)]),
        ...row("staff-status-last-sync", "staff-last-sync", sync.lastSuccess ? "staff-value-time" : "staff-value-never", {
          time: localTime(sync.lastSuccess),
        }),
        ...row("staff-status-outbox", "staff-outbox", "staff-value-outbox", {
          count: sync.outboxDepth,
          oldest: sync.oldestPending ? localTime(sync.oldestPending) : "–",
        }),
        ...row("staff-status-certificate", "staff-certificate", view.certificateValidUntil ? "staff-value-time" : "staff-value-none", {
          time: localTime(view.certificateValidUntil),
        }),
        ...row("staff-status-printer", "staff-printer", printerIndicatorMessageId[printerState], {
          count: view.printer.printsInDoubt,
        }),
        ...row("staff-status-camera", "staff-camera", view.camera.running ? "staff-value-camera-on" : "staff-value-camera-off", {
          fps: view.camera.framesPerSecond === null ? "–" : view.camera.framesPerSecond.toFixed(1),
          seconds: view.camera.lastReadSecondsAgo ?? "–",
        }),
        ...row("staff-status-disk", "staff-disk", "staff-value-disk", { mib: view.freeDiskMib ?? "–" }),
        ...row("staff-status-version", "staff-version", "staff-value-text", { text: view.appVersion }),
        ...row("staff-status-config", "staff-config", "staff-value-text", { text: view.configFile }),
      );
      status.querySelector('[data-testid="staff-printer"]')?.setAttribute("data-state", printerState);
      status.querySelector('[data-testid="staff-connection"]')?.setAttribute("data-state", connectionState(sync));
      doubts.replaceChildren(
        ...(view.printsInDoubt.length === 0
          ? [msg("staff-doubts-none", "p")]
          : [
              msg("staff-doubts-title", "h2"),
              ...view.printsInDoubt.map((d) =>
                h(
                  "div",
                  { class: "staff-doubt", testid: `staff-doubt-${d.printId}` },
                  msg("staff-doubt", "p", {}, { id: d.printId, kind: d.documentKind, job: d.cupsJobId ?? "–" }),
                  button("staff-doubt-printed", `staff-doubt-printed-${d.printId}`, () =>
                    void act(() => commands.staffResolvePrint(d.printId, true)),
                  ),
                  button("staff-doubt-not-printed", `staff-doubt-not-printed-${d.printId}`, () =>
                    void act(() => commands.staffResolvePrint(d.printId, false)),
                  ),
                ),
              ),
            ]),
      );
      const withMember = notice?.staff?.withMember === true;
      const list: HTMLElement[] = [];
      if (!view.memberSessionOpen) {
        list.push(button("staff-panel-id-check", "staff-id-check", () => show(idCheck()), "primary"));
      }
      if (withMember) {
        list.push(
          button("staff-unlock-letters", "staff-unlock-letters", () =>
            void act(commands.staffUnlockLetters, () => {
              l10n(done, "staff-letters-unlocked");
              void load(false);
            }),
          ),
          button("staff-to-member", "staff-to-member", close, "primary"),
        );
      }
      if (view.memberSessionOpen) {
        list.push(button("staff-end-session", "staff-end-session", () => void act(commands.staffEndMemberSession), "danger"));
      }
      list.push(
        button("staff-sync-now", "staff-sync-now", () => void act(commands.staffSyncNow)),
        view.outOfService
          ? button("staff-back-in-service", "staff-back-in-service", () => void act(() => commands.staffSetOutOfService(false)))
          : button("staff-out-of-service", "staff-out-of-service", () => void act(() => commands.staffSetOutOfService(true))),
        button("staff-sign-out", "staff-sign-out", () => void act(commands.staffSignOut, close), "danger"),
      );
      actions.replaceChildren(...list);
    }

    async function load(clear = true): Promise<void> {
      if (clear) clearProblem(problem);
      try {
        render(await commands.staffPanel());
        el.dataset.loaded = "true";
      } catch (error) {
        showProblem(problem, error);
      }
    }

    const el = h(
      "section",
      { class: "staff-screen staff-panel", testid: "staff-panel", "aria-labelledby": "staff-panel-title" },
      h("div", { class: "staff-panel-head" }, heading, who),
      problem,
      done,
      call,
      h("div", { class: "staff-panel-body" }, h("div", {}, status, doubts), actions),
    );
    void load();
    timer = setInterval(() => void load(false), PANEL_REFRESH_MS);
    return {
      el,
      heading,
      dispose: () => {
        if (timer) clearInterval(timer);
      },
    };
  }

  function idCheck(): Parts {
    return buildIdCheck({
      back: () => show(panel()),
      identified: () => close(),
    });
  }

  return {
    applyNotice(next) {
      const wasSignedIn = notice?.staff != null;
      notice = next;
      // Signed out by Rust (idle, account withdrawn): nothing of the panel stays.
      if (wasSignedIn && !next.staff && current) show(null);
      refreshLayer();
      document.body.dataset.helpCall = next.helpCall ?? "none";
    },
    reopenButton: reopen,
  };
}
