import { describe, expect, it } from "vitest";
import { renderMessage } from "../../src/adapters/console/render.js";

describe("rendering a message for the terminal", () => {
  const message = {
    text: "fallback",
    blocks: [
      { type: "section" as const, title: "Reflectie", text: "Wat viel je *op*?" },
      {
        type: "actions" as const,
        buttons: [{ actionId: "a", label: "Beantwoorden", style: "primary" as const }],
      },
      { type: "context" as const, text: "_privé_ tenzij je deelt" },
      { type: "actions" as const, buttons: [{ actionId: "b", label: "Later" }] },
    ],
  };

  it("numbers buttons across the message and strips markup in plain mode", () => {
    const { text, buttons } = renderMessage(message, { color: false });
    expect(text).toBe("Reflectie\nWat viel je op?\n[1] Beantwoorden\nprivé tenzij je deelt\n[2] Later");
    expect(buttons.map((b) => b.actionId)).toEqual(["a", "b"]);
  });

  it("uses bold and colour in a terminal", () => {
    const { text } = renderMessage(message, { color: true });
    expect(text).toContain("\x1b[1mop\x1b[22m");
    expect(text).toContain("\x1b[36m[1] Beantwoorden\x1b[39m");
  });

  it("falls back to the text when there are no blocks", () => {
    expect(renderMessage({ text: "Hallo *Anna*" }, { color: false }).text).toBe("Hallo Anna");
  });
});
