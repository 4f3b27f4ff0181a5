import { loadAppProgramme } from "../../src/app.js";
import { beforeAll, describe, expect, it } from "vitest";
import { Directory } from "../../src/core/people.js";
import { type Phase, PromptBank, renderPrompt } from "../../src/features/reflections/prompt-bank.js";

const PHASES: Phase[] = ["after-session", "midway", "before-session"];
let bank: PromptBank;
beforeAll(async () => {
  bank = await PromptBank.load();
});

describe("the shipped prompt bank", () => {
  it("has at least 24 prompts per language, spread over the three phases, with the same ids in nl and en", () => {
    for (const language of ["nl", "en"] as const) {
      const ids = PHASES.flatMap((phase) => bank.idsForPhase(phase, language));
      expect(ids.length).toBeGreaterThanOrEqual(24);
      for (const phase of PHASES) expect(bank.idsForPhase(phase, language).length).toBeGreaterThanOrEqual(8);
    }
    for (const phase of PHASES) expect(bank.idsForPhase(phase, "en")).toEqual(bank.idsForPhase(phase, "nl"));
  });

  it("uses the same placeholders in both languages of a prompt", () => {
    for (const phase of PHASES) {
      for (const id of bank.idsForPhase(phase, "nl")) {
        expect([...(bank.get(id, "en")?.uses ?? [])].sort(), id).toEqual(
          [...(bank.get(id, "nl")?.uses ?? [])].sort(),
        );
      }
    }
  });

  it("renders for every demo participant without leftover braces, short enough for a phone, ending in a question", async () => {
    const directory = new Directory(await loadAppProgramme());
    for (const person of directory.withRole("participant")) {
      const team = directory.teamOf(person.id);
      const context = {
        firstName: person.firstName,
        learningQuestion: person.learningQuestion,
        teamName: team?.name,
        caseName: team?.case?.name,
        lastSessionTheme: "Jouw eigen leervraag centraal",
        nextSessionTheme: "Vul je toolbox: methodes en instrumenten",
        nextSessionDate: "donderdag 14 januari",
      };
      for (const language of ["nl", "en"] as const) {
        for (const phase of PHASES) {
          for (const id of bank.idsForPhase(phase, language)) {
            const text = renderPrompt(bank.get(id, language) as never, context);
            expect(text, `${id} ${language}`).not.toMatch(/\{\{|\}\}/);
            expect(text.length, `${id} ${language} for ${person.id}`).toBeLessThanOrEqual(320);
            expect(text.trim().endsWith("?"), `${id} ${language}`).toBe(true);
          }
        }
      }
    }
  });

  it("does not use the last day's theme before anything happened, nor the next day's right after one", () => {
    for (const language of ["nl", "en"] as const) {
      for (const id of bank.idsForPhase("before-session", language)) {
        expect(bank.get(id, language)?.uses, id).not.toContain("lastSessionTheme");
      }
      for (const id of bank.idsForPhase("after-session", language)) {
        expect(bank.get(id, language)?.uses, id).not.toContain("nextSessionTheme");
      }
    }
  });
});
