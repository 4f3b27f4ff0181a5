import { describe, expect, it } from "vitest";
import { toBlockKit } from "../../src/adapters/slack/render.js";
import { cutAtWord, notificationText, stripMarkup } from "../../src/core/messages.js";

describe("what a phone shows in a notification", () => {
  it("is plain words: no *bold*, _italic_, `code` or Slack link syntax", () => {
    expect(stripMarkup("Je antwoord: *Wat viel je op?* _gedeeld_ met `Henk` <https://x.nl|de site>")).toBe(
      "Je antwoord: Wat viel je op? gedeeld met Henk de site",
    );
    // Stars inside words (5*3) and snake_case are not markup.
    expect(stripMarkup("5*3 is geen opmaak, snake_case ook niet")).toBe(
      "5*3 is geen opmaak, snake_case ook niet",
    );
  });

  it("is cut after a whole word with '…', never mid-word", () => {
    expect(cutAtWord("kort", 10)).toBe("kort");
    const cut = cutAtWord("Wat heb je deze week geleerd van de bewoners in je wijk?", 30);
    expect(cut).toBe("Wat heb je deze week geleerd…");
    expect(cut.length).toBeLessThanOrEqual(30);
  });

  it("is the message's first thing, on one line", () => {
    expect(
      notificationText({
        blocks: [
          { type: "section", title: "*Wat neem je mee?*", text: "Lang verhaal\nover de week" },
          { type: "actions", buttons: [{ actionId: "a", label: "Beantwoorden" }] },
        ],
      }),
    ).toBe("Wat neem je mee?");
  });

  it("Slack's `text` (the notification) has no markup", () => {
    const { text } = toBlockKit({ blocks: [{ type: "text", text: "*Je vraag van deze week:* _Wat nu?_" }] });
    expect(text).toBe("Je vraag van deze week: Wat nu?");
  });
});
