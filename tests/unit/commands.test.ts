import { describe, expect, it } from "vitest";
import { CORE_COMMANDS, parseCommand } from "../../src/core/commands.js";
import { DEFAULT_FEATURES } from "../../src/features/index.js";

/** The words of every command the default app knows: the core's and each feature's. */
const WORDS = [...CORE_COMMANDS, ...DEFAULT_FEATURES.flatMap((f) => f.commands ?? [])];

describe("recognising commands in chat text", () => {
  it.each([
    ["help", "help"],
    ["Help", "help"],
    ["hulp", "help"],
    ["/kampvuur help", "help"],
    ["antwoorden", "answers"],
    ["mijn antwoorden", "answers"],
    ["my answers", "answers"],
    ["stuur reflectie", "sendReflection"],
    ["send reflection", "sendReflection"],
    ["wijzig 2", "edit"],
    ["edit #3", "edit"],
    ["taal en", "language"],
    ["wie ben ik?", "whoami"],
  ])("'%s' is the %s command", (text, id) => {
    expect(parseCommand(text, WORDS)?.id).toBe(id);
  });

  it("keeps what follows the command words", () => {
    expect(parseCommand("wijzig 12", WORDS)).toMatchObject({ id: "edit", args: "12", word: "wijzig" });
  });

  it.each([
    "Vraag me af of de bewoners dit zelf willen trekken.",
    "Antwoord: ik heb vooral geluisterd",
    "Wie had gedacht dat de wethouder zou komen",
    "help ons maar eens met de huur",
    "taal is belangrijk in het gesprek met bewoners",
  ])("a free-text answer is not taken for a command: %s", (text) => {
    expect(parseCommand(text, WORDS)).toBeUndefined();
  });
});
