// "Mitarbeiter rufen": a member asks for staff, saying why (letter locked, printer, data too
// old, other). The call carries no member data; the footer then shows staff that someone
// waits, and why.
import { commands, type HelpReasonView, type KioskNoticeView } from "./bindings";
import { button, h, msg } from "./dom";
import { l10n } from "./i18n";
import { helpReasonMessageId } from "./staff";

const REASONS: HelpReasonView[] = ["letterLocked", "printerProblem", "dataTooOld", "other"];

export interface HelpCall {
  /** The top bar's "Mitarbeiter rufen". */
  button: HTMLButtonElement;
  /** The footer's note for staff: a member is waiting, and why. */
  footer: HTMLElement;
  /** Calls at once (the attract screen's tile). */
  call(reason: HelpReasonView): void;
  applyNotice(notice: KioskNoticeView): void;
  /** The member moved on to another screen: their note goes (the footer keeps the call). */
  dismissNote(): void;
}

export function createHelpCall(notices: HTMLElement): HelpCall {
  const box = h("div", { class: "help-box", testid: "help-box", role: "status" });
  box.hidden = true;
  notices.append(box);

  const called = () => {
    box.replaceChildren(msg("help-called", "p", { class: "notice-title", testid: "help-called" }), msg("help-called-wait", "p"));
    box.hidden = false;
  };
  const call = (reason: HelpReasonView) => {
    commands.callStaff(reason).then(called, () => {
      box.replaceChildren(msg("help-failed", "p", { testid: "help-failed" }));
      box.hidden = false;
    });
  };
  const choose = () => {
    box.replaceChildren(
      msg("help-choose", "p", { class: "notice-title" }),
      h(
        "div",
        { class: "help-reasons", role: "group" },
        ...REASONS.map((r) => button(helpReasonMessageId[r], `help-reason-${r}`, () => call(r))),
        button("cancel", "help-cancel", () => (box.hidden = true)),
      ),
    );
    box.hidden = false;
  };
  const open = button("help-call", "help-call", choose, "secondary footer-button");
  const footer = h("p", { class: "help-status", role: "status", testid: "help-status" });

  return {
    button: open,
    footer,
    call,
    dismissNote() {
      box.hidden = true;
    },
    applyNotice(notice) {
      if (notice.helpCall) {
        l10n(footer, "help-waiting", { reason: "" });
        footer.replaceChildren(msg("help-waiting", "span"), " ", msg(helpReasonMessageId[notice.helpCall], "span"));
        footer.dataset.reason = notice.helpCall;
      } else {
        footer.replaceChildren();
        delete footer.dataset.reason;
        delete footer.dataset.l10nId;
        // Answered: the member's note goes too.
        box.hidden = true;
      }
    },
  };
}
