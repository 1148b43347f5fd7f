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

/** The screen the scan's events go to, as `LetterMemory` needs it. */
export interface ScanTarget {
  name: string;
  showGuidance?(guidance: ScanGuidance | null): void;
  showRefusal?(refused: LetterRefusedView | null): void;
}

/**
 * What the letter screen shows about the scan, kept across screen changes: a letter locked on
 * the date-of-birth screen is reported before the letter screen is back.
 */
export interface LetterMemory {
  guidance(guidance: ScanGuidance, screen: ScanTarget | null): void;
  refused(refused: LetterRefusedView, screen: ScanTarget | null): void;
  /** A new screen is in the page (its heading focused): give it what it should show. */
  shown(screen: ScanTarget): void;
}

export function createLetterMemory(): LetterMemory {
  let guidance: ScanGuidance | null = null;
  let refusal: LetterRefusedView | null = null;
  return {
    guidance(next, screen) {
      // Meant for the camera: while the date of birth is asked (and after), the scan is over;
      // its last "read" must not show when the letter screen comes back.
      if (screen?.name === "birthdate" || screen?.name === "identified" || screen?.name === "staff") return;
      guidance = next;
      // A new code is read: the previous refusal no longer applies.
      if (next === "read") refusal = null;
      if (screen?.name === "letter") {
        screen.showGuidance?.(next);
        if (next === "read") screen.showRefusal?.(null);
      }
    },
    refused(next, screen) {
      if (screen?.name === "birthdate" && isBirthDateRetry(next.reason)) {
        screen.showRefusal?.(next);
        return;
      }
      // Anything else is about the letter itself: the letter screen shows it, now or when it
      // comes back (lockedNow comes before the session change that leaves the keypad).
      refusal = next;
      if (screen?.name === "letter") screen.showRefusal?.(next);
    },
    shown(screen) {
      if (screen.name === "birthdate") {
        // The letter is in: what the camera said about it is over.
        guidance = null;
        refusal = null;
      }
      // Filled in after the heading has the focus, into regions already in the page: the
      // heading is read first, then the message.
      screen.showGuidance?.(guidance);
      if (screen.name === "letter") screen.showRefusal?.(refusal);
    },
  };
}
