// What the letter screen is told about the scan, across screen changes.
import { describe, expect, test } from "vitest";
import type { LetterRefusedView, ScanGuidance } from "../src/bindings";
import { createLetterMemory, type ScanTarget } from "../src/letter";

function target(name: string): ScanTarget & { guidance: (ScanGuidance | null)[]; refusals: (LetterRefusedView | null)[] } {
  const t = {
    name,
    guidance: [] as (ScanGuidance | null)[],
    refusals: [] as (LetterRefusedView | null)[],
    showGuidance: (g: ScanGuidance | null) => void t.guidance.push(g),
    showRefusal: (r: LetterRefusedView | null) => void t.refusals.push(r),
  };
  return t;
}

const locked: LetterRefusedView = { reason: "lockedNow", attemptsLeft: null };

describe("letter memory", () => {
  test("a refusal reported on the date-of-birth screen shows when the letter screen is back", () => {
    const memory = createLetterMemory();
    const birthdate = target("birthdate");
    memory.refused(locked, birthdate);
    expect(birthdate.refusals, "not a retry of the date: not for the keypad").toEqual([]);
    const letter = target("letter");
    memory.shown(letter);
    expect(letter.refusals).toEqual([locked]);
  });

  test("a read code clears the refusal; the camera's last word is over on the date-of-birth screen", () => {
    const memory = createLetterMemory();
    const letter = target("letter");
    memory.refused(locked, letter);
    memory.guidance("read", letter);
    expect(letter.guidance).toEqual(["read"]);
    expect(letter.refusals).toEqual([locked, null]);
    memory.shown(target("birthdate"));
    memory.guidance("holdSteady", target("birthdate"));
    const back = target("letter");
    memory.shown(back);
    expect(back.guidance).toEqual([null]);
    expect(back.refusals).toEqual([null]);
  });
});
