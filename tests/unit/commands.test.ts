import { describe, expect, it } from "vitest";
import { CORE_COMMANDS, nearMiss, parseCommand } from "../../src/core/commands.js";
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

describe("recognising text that is almost a command", () => {
  /** What a participant may use: every command but the coordinator's. */
  const PARTICIPANT = WORDS.filter((c) => !c.roles || c.roles.includes("participant"));

  it.each([
    ["wijzg 3", "edit", "wijzig 3", "typo"],
    ["hlep", "help", "help", "typo"],
    ["antwoorde", "answers", "antwoorden", "typo"],
    ["antwoord:", "answer", "antwoord", "typo"],
    ["my answrs", "answers", "my answers", "typo"],
    ["pauze een week", "pause", "pauze", "arguments"],
    ["pauze tot 10 januari", "pause", "pauze", "arguments"],
    ["taal fr", "language", "taal", "arguments"],
    ["vraag:", "ask", "vraag:", "arguments"],
  ])("'%s' is almost the %s command: %s", (text, id, suggestion, reason) => {
    expect(parseCommand(text, WORDS)).toBeUndefined();
    expect(nearMiss(text, PARTICIPANT)).toEqual({ id, suggestion, reason });
  });

  it.each([
    "Ik heb deze week vooral geluisterd naar de bewoners.",
    "wat betekent principe 6?",
    "principe 6",
    "wat is burgerkracht",
    "Taal blijft lastig.",
    "help ons even",
    "Vraag me af of het lukt",
    "graag",
    "wat",
    "dansen",
    "🔥🔥👍",
  ])("is not a near-miss: %s", (text) => {
    expect(nearMiss(text, PARTICIPANT)).toBeUndefined();
  });

  it("only suggests commands the person may use", () => {
    const sendReflection = WORDS.filter((c) => c.id === "sendReflection");
    expect(nearMiss("stuur reflctie", sendReflection)?.id).toBe("sendReflection");
    expect(nearMiss("stuur reflctie", PARTICIPANT)).toBeUndefined();
  });
});
