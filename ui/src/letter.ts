// What the letter scan tells the member: the live guidance below the camera preview, and why a
// letter (or a date of birth) was refused, each reason in its own words with what to do.
import type { LetterRefusal, LetterRefusedView, ScanGuidance } from "./bindings";
import { h } from "./dom";
import { l10n, type Args } from "./i18n";

/** The catalogue message for each guidance (the compiler insists on every ScanGuidance). */
export const scanGuidanceMessageId: Record<ScanGuidance, string> = {
  read: "scan-guidance-read",
  holdSteady: "scan-guidance-hold-steady",
  noCode: "scan-guidance-no-code",
  tooDark: "scan-guidance-too-dark",
  tooBright: "scan-guidance-too-bright",
  lowContrast: "scan-guidance-low-contrast",
};

/** The catalogue message for each refusal (the compiler insists on every LetterRefusal). */
export const letterRefusalMessageId: Record<LetterRefusal, string> = {
  notALetter: "letter-refused-not-a-letter",
  invalid: "letter-refused-invalid",
  expired: "letter-refused-expired",
  notYetValid: "letter-refused-not-yet-valid",
  revoked: "letter-refused-revoked",
  alreadyUsed: "letter-refused-already-used",
  locked: "letter-refused-locked",
  memberNotAvailable: "letter-refused-member-not-available",
  wrongBirthDate: "letter-refused-wrong-birth-date",
  lockedNow: "letter-refused-locked-now",
  invalidBirthDate: "letter-refused-invalid-birth-date",
  offlineTryUsed: "letter-refused-offline-try-used",
  clockUntrusted: "letter-refused-clock-untrusted",
};

/** Refusals of the date of birth that leave the letter in the session: the keypad shows them. */
export function isBirthDateRetry(reason: LetterRefusal): boolean {
  return reason === "wrongBirthDate" || reason === "invalidBirthDate";
}

/** Shows a refusal's message in `el` (with the attempts left, where Rust sent them). */
export function showRefusal(el: HTMLElement, refused: LetterRefusedView): void {
  el.dataset.reason = refused.reason;
  if (refused.reason === "wrongBirthDate") {
    if (refused.attemptsLeft === null) {
      l10n(el, "letter-refused-wrong-birth-date-retry");
      return;
    }
    const args: Args = { attempts: refused.attemptsLeft };
    l10n(el, letterRefusalMessageId.wrongBirthDate, args);
    return;
  }
  l10n(el, letterRefusalMessageId[refused.reason]);
}

/** Empties a message box (a live region stays in the page, empty, so that its next text is announced). */
export function clearMessage(el: HTMLElement): void {
  delete el.dataset.reason;
  delete el.dataset.l10nId;
  delete el.dataset.l10nArgs;
  el.textContent = "";
}

export interface ScanFeedback {
  /** The live instruction, below the preview. */
  guidance: HTMLElement;
  /** The refusal box (an alert; empty while there is nothing to say). */
  refused: HTMLElement;
  showGuidance(guidance: ScanGuidance | null): void;
  showRefusal(refused: LetterRefusedView | null): void;
}

/**
 * Until the first guidance arrives, the instruction says what "noCode" says (without
 * `data-guidance`): hold the code in front of the camera. A new text only when the guidance
 * changes, so that screen readers are not told the same twice.
 */
export function createScanFeedback(): ScanFeedback {
  const guidance = h("p", {
    class: "scan-guidance",
    role: "status",
    "aria-live": "polite",
    "aria-atomic": "true",
    testid: "scan-guidance",
  });
  l10n(guidance, scanGuidanceMessageId.noCode);
  const refused = h("div", { class: "letter-refused", role: "alert", testid: "letter-refused" });
  return {
    guidance,
    refused,
    showGuidance(value) {
      if (value === null) {
        delete guidance.dataset.guidance;
        l10n(guidance, scanGuidanceMessageId.noCode);
        return;
      }
      if (guidance.dataset.guidance === value) return;
      guidance.dataset.guidance = value;
      l10n(guidance, scanGuidanceMessageId[value]);
    },
    showRefusal(value) {
      if (value) showRefusal(refused, value);
      else clearMessage(refused);
    },
  };
}
