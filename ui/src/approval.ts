// An approval on the member's registered phone: the kiosk shows a 2-digit number, the phone
// lists the request with kiosk, branch, time and service, and the member answers there with
// the same number. The panel polls Rust until the phone has answered or the time is up.
import { commands, type ApprovalProgressView, type ApprovalView, type ErrorCode } from "./bindings";
import { h, msg } from "./dom";
import { l10n } from "./i18n";
import type { Call } from "./ipc";

/** How often the kiosk asks whether the phone has answered. */
export const APPROVAL_POLL_MS = 1500;

/** "m:ss" of a countdown. */
export function formatCountdown(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}

/** A countdown element that ticks by itself; `set` takes the central system's figure. */
export function countdown(messageId: string, testid: string): { el: HTMLElement; set(seconds: number): void; stop(): void } {
  const el = h("p", { class: "si-countdown", testid, "aria-live": "off" });
  let left = 0;
  let timer: ReturnType<typeof setInterval> | null = null;
  const render = () => {
    el.dataset.seconds = String(left);
    l10n(el, messageId, { time: formatCountdown(left) });
  };
  return {
    el,
    set(seconds) {
      left = seconds;
      render();
      timer ??= setInterval(() => {
        if (left > 0) left -= 1;
        render();
      }, 1000);
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = null;
    },
  };
}

export interface ApprovalPanel {
  el: HTMLElement;
  /** Asks for the approval, shows the number and polls until the phone answered. */
  start(): Promise<void>;
  dispose(): void;
}

/** What ended the approval (an approved login or device comes with what follows it). */
export type ApprovalEnd = Exclude<ApprovalProgressView, { state: "waiting" }>;

export function approvalPanel(
  call: Call,
  ask: () => Promise<ApprovalView>,
  ended: (end: ApprovalEnd) => void,
  failed: (code: ErrorCode | null) => void,
): ApprovalPanel {
  const number = h("p", { class: "approval-number", testid: "approval-number", "aria-hidden": "true" });
  const spoken = h("p", { class: "visually-hidden", role: "status", "aria-atomic": "true" });
  const steps = msg("approval-steps", "p", { class: "approval-steps" });
  const clock = countdown("approval-countdown", "approval-countdown");
  const el = h(
    "div",
    { class: "approval-panel", testid: "approval-panel" },
    msg("approval-number-label", "p", { class: "field-label" }),
    number,
    spoken,
    steps,
    clock.el,
  );
  let poll: ReturnType<typeof setTimeout> | null = null;
  let gone = false;

  async function check(): Promise<void> {
    if (gone) return;
    const outcome = await call("approval-progress", commands.smartidentApprovalProgress, ["nothingOpen", "smartIdentOffline"]);
    if (gone) return;
    if (!outcome.ok) {
      if (outcome.code === null) poll = setTimeout(() => void check(), APPROVAL_POLL_MS);
      else failed(outcome.code);
      return;
    }
    const progress = outcome.value;
    if (progress.state === "waiting") {
      clock.set(progress.expiresInSeconds);
      poll = setTimeout(() => void check(), APPROVAL_POLL_MS);
      return;
    }
    clock.stop();
    ended(progress);
  }

  return {
    el,
    async start() {
      const outcome = await call("approval", ask, [
        "noDevice",
        "approvalsLocked",
        "smartIdentOffline",
        "tooManyRequests",
        "smartIdentUnavailable",
      ]);
      if (gone) return;
      if (!outcome.ok) {
        failed(outcome.code);
        return;
      }
      number.textContent = String(outcome.value.number).padStart(2, "0");
      el.dataset.number = number.textContent;
      l10n(spoken, "approval-number-spoken", { number: number.textContent });
      clock.set(outcome.value.expiresInSeconds);
      poll = setTimeout(() => void check(), APPROVAL_POLL_MS);
    },
    dispose() {
      gone = true;
      clock.stop();
      if (poll) clearTimeout(poll);
    },
  };
}
