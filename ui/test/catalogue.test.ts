// The Fluent catalogue (../i18n/*.ftl): both languages complete, parseable, and covering every
// message id the code uses, including one per ErrorCode of the IPC contract.
import { FluentBundle, FluentResource } from "@fluent/bundle";
import { Junk, Message, Term, VariableReference, Visitor, parse } from "@fluent/syntax";
import { describe, expect, test } from "vitest";
import bindingsSource from "../src/bindings.ts?raw";
import { dataProblemMessageId, previewTitleMessageId } from "../src/documents";
import { endReasonMessageId } from "../src/ended";
import { catalogues, REFERENCE_LANGUAGE } from "../src/i18n";
import { errorMessageId } from "../src/ipc";
import { letterRefusalMessageId, scanGuidanceMessageId } from "../src/letter";
import { printerProblemMessageId, printStateMessageId } from "../src/printing";
import { trustLevelMessageId } from "../src/screens";
import { connectionMessageId } from "../src/sync";
import { travelAdviceMessageId } from "../src/travel";

type Lang = keyof typeof catalogues;
const languages = Object.keys(catalogues) as Lang[];

/** Per message: its attribute names and the variables it uses. */
interface Shape {
  attributes: string[];
  variables: string[];
}

class VariableCollector extends Visitor {
  names = new Set<string>();
  override visitVariableReference(node: VariableReference): void {
    this.names.add(node.id.name);
  }
}

function shapes(lang: Lang): Map<string, Shape> {
  const resource = parse(catalogues[lang], { withSpans: true });
  const junk = resource.body.filter((entry): entry is Junk => entry instanceof Junk);
  if (junk.length > 0) {
    const details = junk.map((j) => `${j.annotations.map((a) => a.message).join("; ")}: ${j.content.trim()}`);
    throw new Error(`${lang}.ftl has syntax errors:\n${details.join("\n")}`);
  }
  const result = new Map<string, Shape>();
  for (const entry of resource.body) {
    if (!(entry instanceof Message) && !(entry instanceof Term)) continue;
    const id = entry instanceof Term ? `-${entry.id.name}` : entry.id.name;
    if (result.has(id)) throw new Error(`${lang}.ftl defines ${id} twice`);
    const collector = new VariableCollector();
    collector.visit(entry);
    result.set(id, {
      attributes: entry.attributes.map((a) => a.id.name).sort(),
      variables: [...collector.names].sort(),
    });
  }
  return result;
}

function bundle(lang: Lang): FluentBundle {
  const b = new FluentBundle(lang, { useIsolating: false });
  const errors = b.addResource(new FluentResource(catalogues[lang]));
  expect(errors).toEqual([]);
  return b;
}

/** bindings.ts without its comments (generated doc comments may hold quotes or semicolons). */
const bindingsCode = bindingsSource.replace(/\/\*[\s\S]*?\*\//g, "").replace(/^\s*\/\/.*$/gm, "");

/** The string members of a union type in bindings.ts, e.g. `export type ErrorCode = "a" | "b";`. */
function unionMembers(typeName: string): string[] {
  const match = new RegExp(`export type ${typeName}\\s*=([^;]+);`).exec(bindingsCode);
  if (!match?.[1]) throw new Error(`type ${typeName} not found in bindings.ts`);
  return [...match[1].matchAll(/"([^"]+)"/g)].map((m) => m[1] as string);
}

/** Message ids the source code names literally: t("id"), msg("id", …), button("id", …), heading("id"),
 *  toggle("id", …), l10n(el, "id", …). */
function idsUsedInCode(): Map<string, string> {
  const files = import.meta.glob("../src/**/*.ts", { query: "?raw", import: "default", eager: true });
  const patterns = [
    /\b(?:t|msg|button|heading|toggle)\(\s*"([a-z][a-z0-9-]*)"/g,
    /\bl10n\(\s*[^,()]+,\s*"([a-z][a-z0-9-]*)"/g,
  ];
  const used = new Map<string, string>();
  for (const [file, source] of Object.entries(files)) {
    if (file.endsWith("bindings.ts")) continue;
    for (const pattern of patterns) {
      for (const m of (source as string).matchAll(pattern)) used.set(m[1] as string, file);
    }
  }
  return used;
}

describe("catalogue", () => {
  const byLang = new Map(languages.map((lang) => [lang, shapes(lang)] as const));
  const reference = byLang.get(REFERENCE_LANGUAGE)!;

  test("there is a catalogue for every Language of the IPC contract", () => {
    expect(languages.sort()).toEqual(unionMembers("Language").sort());
  });

  test.each(languages)("%s.ftl parses without errors and formats every message cleanly", (lang) => {
    const b = bundle(lang);
    for (const [id, shape] of byLang.get(lang)!) {
      if (id.startsWith("-")) continue;
      const message = b.getMessage(id);
      expect(message, id).toBeDefined();
      const args = Object.fromEntries(shape.variables.map((v) => [v, 3]));
      const patterns = [message!.value, ...Object.values(message!.attributes)].filter((p) => p !== null);
      expect(patterns.length, `${id} has neither value nor attributes`).toBeGreaterThan(0);
      for (const pattern of patterns) {
        const errors: Error[] = [];
        const text = b.formatPattern(pattern, args, errors);
        expect(errors, `${lang}: ${id}`).toEqual([]);
        expect(text.trim(), `${lang}: ${id} is empty`).not.toBe("");
      }
    }
  });

  test.each(languages.filter((l) => l !== REFERENCE_LANGUAGE))(
    "%s.ftl has exactly the ids, attributes and variables of the reference",
    (lang) => {
      const other = byLang.get(lang)!;
      expect([...other.keys()].sort()).toEqual([...reference.keys()].sort());
      for (const [id, shape] of reference) expect(other.get(id), id).toEqual(shape);
    },
  );

  test("every message id named in the code exists in every language", () => {
    const used = idsUsedInCode();
    // The scan must find the code's ids at all (guards against a broken pattern).
    expect(used.size).toBeGreaterThan(30);
    for (const [id, file] of used) {
      for (const lang of languages) expect(byLang.get(lang)!.has(id), `${id} (${file}) in ${lang}.ftl`).toBe(true);
    }
  });

  test("every ErrorCode, EndReason, TrustLevel, LetterRefusal, ScanGuidance, DataProblem, DocumentKind, PrinterProblem and PrintState has a message in every language", () => {
    const tables: [string, Record<string, string>][] = [
      ["ErrorCode", errorMessageId],
      ["EndReason", endReasonMessageId],
      ["TrustLevel", trustLevelMessageId],
      ["LetterRefusal", letterRefusalMessageId],
      ["ScanGuidance", scanGuidanceMessageId],
      ["DataProblem", dataProblemMessageId],
      ["DocumentKind", previewTitleMessageId],
      ["PrinterProblem", printerProblemMessageId],
      ["PrintState", printStateMessageId],
    ];
    for (const [typeName, table] of tables) {
      expect(Object.keys(table).sort(), typeName).toEqual(unionMembers(typeName).sort());
      for (const id of Object.values(table)) {
        for (const lang of languages) expect(byLang.get(lang)!.has(id), `${id} in ${lang}.ftl`).toBe(true);
      }
    }
  });

  test("every travel advice but the form has its explanation in every language", () => {
    expect(Object.keys(travelAdviceMessageId).sort()).toEqual(
      unionMembers("TravelAdvice")
        .filter((a) => a !== "form")
        .sort(),
    );
    for (const id of Object.values(travelAdviceMessageId)) {
      for (const lang of languages) expect(byLang.get(lang)!.has(id), `${id} in ${lang}.ftl`).toBe(true);
    }
  });

  test("every EU/EEA country, Switzerland, the UK, the agreement countries and frequent destinations have a name", () => {
    const codes = [
      ...["AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU", "IE", "IT"],
      ...["LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK", "IS", "LI", "NO", "CH", "GB"],
      ...["AX", "GF", "GP", "MQ", "RE", "YT", "MF", "RS", "ME", "MK", "XK", "TR", "TN", "BA"],
      ...["EG", "MA", "US", "TH", "AE", "CA", "DO", "MX", "AU"],
    ];
    for (const code of codes) {
      for (const lang of languages) expect(byLang.get(lang)!.has(`country-${code}`), `country-${code} in ${lang}.ftl`).toBe(true);
    }
    // The names differ where the languages do.
    const de = bundle("de");
    const en = bundle("en");
    const name = (b: FluentBundle, code: string) => b.formatPattern(b.getMessage(`country-${code}`)!.value!);
    expect(name(de, "AT")).toBe("Österreich");
    expect(name(en, "AT")).toBe("Austria");
  });

  test("the certificates' plurals follow the number", () => {
    const de = bundle("de");
    const en = bundle("en");
    const tooOld = (b: FluentBundle, hours: number) =>
      b.formatPattern(b.getMessage("docs-data-too-old")!.value!, { hours });
    expect(tooOld(de, 1)).toContain("seit mehr als 1 Stunde nicht");
    expect(tooOld(de, 72)).toContain("seit mehr als 72 Stunden nicht");
    expect(tooOld(en, 1)).toContain("more than 1 hour.");
    expect(tooOld(en, 72)).toContain("more than 72 hours.");
  });

  test("every connection state has a message in every language", () => {
    for (const id of Object.values(connectionMessageId)) {
      for (const lang of languages) expect(byLang.get(lang)!.has(id), `${id} in ${lang}.ftl`).toBe(true);
    }
  });

  test("plural forms follow the number", () => {
    const de = bundle("de");
    const en = bundle("en");
    const countdown = (b: FluentBundle, seconds: number) =>
      b.formatPattern(b.getMessage("idle-warning-countdown")!.value!, { seconds });
    expect(countdown(de, 1)).toBe("Ihre Sitzung endet in 1 Sekunde");
    expect(countdown(de, 12)).toBe("Ihre Sitzung endet in 12 Sekunden");
    expect(countdown(en, 1)).toBe("Your session ends in 1 second");
    expect(countdown(en, 12)).toBe("Your session ends in 12 seconds");

    const wrong = (b: FluentBundle, attempts: number) =>
      b.formatPattern(b.getMessage("letter-refused-wrong-birth-date")!.value!, { attempts });
    expect(wrong(de, 1)).toBe("Das Geburtsdatum stimmt nicht. Sie haben noch 1 Versuch.");
    expect(wrong(de, 2)).toBe("Das Geburtsdatum stimmt nicht. Sie haben noch 2 Versuche.");
    expect(wrong(en, 1)).toBe("The date of birth does not match. You have 1 attempt left.");
    expect(wrong(en, 2)).toBe("The date of birth does not match. You have 2 attempts left.");
  });

  test("each refusal and each guidance says something of its own", () => {
    for (const lang of languages) {
      const b = bundle(lang);
      for (const table of [letterRefusalMessageId, scanGuidanceMessageId]) {
        const texts = Object.values(table).map((id) => b.formatPattern(b.getMessage(id)!.value!, { attempts: 2 }));
        expect(new Set(texts).size, lang).toBe(texts.length);
      }
    }
  });
});
