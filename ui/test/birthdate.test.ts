// The date-of-birth display on its own: digits laid over the placeholder, and what is spoken.
import { describe, expect, test } from "vitest";
import { formatEntry, spokenEntry } from "../src/birthdate";

const shown = (digits: string, placeholder = "TT.MM.JJJJ") =>
  formatEntry(digits, placeholder)
    .map((s) => s.char)
    .join("");

describe("birth date display", () => {
  test("fills the placeholder's letters in order and keeps its separators", () => {
    expect(shown("")).toBe("TT.MM.JJJJ");
    expect(shown("0")).toBe("0T.MM.JJJJ");
    expect(shown("0703")).toBe("07.03.JJJJ");
    expect(shown("07031958")).toBe("07.03.1958");
    expect(shown("0703", "DD.MM.YYYY")).toBe("07.03.YYYY");
    expect(shown("0703", "JJ/MM/AAAA")).toBe("07/03/AAAA");
  });

  test("marks where the next digit goes, and nothing when the entry is complete", () => {
    const next = (digits: string) => formatEntry(digits, "TT.MM.JJJJ").findIndex((s) => s.next);
    expect(next("")).toBe(0);
    expect(next("07")).toBe(3); // after the separator
    expect(next("0703195")).toBe(9);
    expect(next("07031958")).toBe(-1);
    expect(formatEntry("07", "TT.MM.JJJJ").map((s) => s.kind)).toEqual([
      "digit",
      "digit",
      "separator",
      "placeholder",
      "placeholder",
      "separator",
      "placeholder",
      "placeholder",
      "placeholder",
      "placeholder",
    ]);
  });

  test("speaks what was typed, with the separators of complete parts", () => {
    expect(spokenEntry("", "TT.MM.JJJJ")).toBe("");
    expect(spokenEntry("0", "TT.MM.JJJJ")).toBe("0");
    expect(spokenEntry("07", "TT.MM.JJJJ")).toBe("07.");
    expect(spokenEntry("07031", "TT.MM.JJJJ")).toBe("07.03.1");
    expect(spokenEntry("07031958", "TT.MM.JJJJ")).toBe("07.03.1958");
  });
});
