import { DateTime } from "luxon";
import { afterEach, describe, expect, it } from "vitest";
import type { Responder } from "../../src/core/adapter.js";
import type { InboundEvent } from "../../src/core/events.js";
import { type Message, plainText, text } from "../../src/core/messages.js";
import { Scheduler } from "../../src/scheduling/scheduler.js";
import { buttonsOf, shown, type Shown, startTestApp, type TestApp } from "../helpers/harness.js";
import { ChannelSeat, dmsTo } from "../helpers/privacy.js";

describe("a message's plain text", () => {
  it("is what its blocks say: a section's title, text and fields, context; no buttons, no dividers", () => {
    const message: Message = {
      blocks: [
        { type: "text", text: "Hoi Anna," },
        {
          type: "section",
          title: "Bijeenkomst 2",
          text: "*Jouw eigen leervraag centraal*",
          fields: [
            { label: "Wanneer", value: "donderdag 10 december, 09:30" },
            { label: "Waar", value: "Buurtkamer De Vonk" },
          ],
        },
        { type: "divider" },
        {
          type: "actions",
          buttons: [
            { actionId: "a", label: "Ik kom", value: "x", style: "primary" },
            { actionId: "b", label: "Ik kan niet" },
          ],
        },
        { type: "context", text: "_Typ *help* voor meer._" },
      ],
    };
    expect(plainText(message)).toBe(
      [
        "Hoi Anna,",
        "Bijeenkomst 2",
        "*Jouw eigen leervraag centraal*",
        "Wanneer: donderdag 10 december, 09:30\nWaar: Buurtkamer De Vonk",
        "_Typ *help* voor meer._",
      ].join("\n\n"),
    );
    expect(plainText(message)).not.toMatch(/Ik kom|Ik kan niet/);
  });

  it("leaves out what a section does not have", () => {
    expect(plainText({ blocks: [{ type: "section", text: "Alleen tekst" }] })).toBe("Alleen tekst");
    expect(plainText({ blocks: [{ type: "actions", buttons: [{ actionId: "a", label: "Ja" }] }] })).toBe("");
    expect(plainText({})).toBe("");
  });

  it("is the message's own text when it gives one (a notification that starts elsewhere)", () => {
    const message: Message = {
      text: "Hoi Anna,\n\nWat viel je op?",
      blocks: [
        { type: "section", title: "Reflectie van deze week", text: "Hoi Anna,\n\n*Wat viel je op?*" },
        { type: "actions", buttons: [{ actionId: "a", label: "Beantwoorden" }] },
      ],
    };
    expect(plainText(message)).toBe("Hoi Anna,\n\nWat viel je op?");
    expect(plainText(text("Niets verstuurd."))).toBe("Niets verstuurd.");
  });
});

describe("replacing the message whose button was used", () => {
  const ANNA = "anna-de-vries";
  const SKIPPED = "Overgeslagen. De volgende vraag komt vanzelf.";
  const at = (iso: string) => DateTime.fromISO(iso, { zone: "Europe/Amsterdam" }).toJSDate();
  let t: TestApp;
  afterEach(() => t.close());

  const withOpenPrompt = async () => {
    t = await startTestApp({ now: at("2026-11-17T09:00") });
    await new Scheduler(t.app).tick();
    const [prompt] = t.adapter.to(ANNA);
    expect(prompt?.kind).toBe("reflection");
    return prompt as Shown;
  };

  it("a prompt's button pressed in a channel: the channel's message stays, the confirmation reaches the DM", async () => {
    const prompt = await withOpenPrompt();
    const skip = buttonsOf(prompt).find((b) => b.label === "Overslaan");
    const channel = new ChannelSeat(t, ANNA);
    const before = t.adapter.to(ANNA).length;
    await channel.click(skip as never);

    // The bot's DM responder cannot replace a message in the channel: `replace` replies in the DM.
    expect(channel.updates).toEqual([]);
    expect(channel.replies.map((m) => m.text)).toEqual(["Ik heb je dat in een privébericht gestuurd."]);
    expect(dmsTo(t, ANNA, before).map((m) => m.text)).toEqual([SKIPPED]);
    expect((await t.app.store.people.get(ANNA))?.skipped).toHaveLength(1);
  });

  /** A responder whose event has no message to replace (a Slack App Home button, a Teams card without its id). */
  class NoSource {
    readonly replies: Shown[] = [];
    constructor(private readonly personId: string) {}
    responder(): Responder {
      const reply = async (m: Message) => void this.replies.push(shown(m));
      return { reply, replace: reply, canReplace: false, openForm: async () => {} };
    }
    handle(event: Pick<Extract<InboundEvent, { kind: "action" }>, "actionId" | "value">): Promise<unknown> {
      return t.app.bot.handle(
        {
          platform: "console",
          userId: this.personId,
          conversation: `test:${this.personId}`,
          direct: true,
          kind: "action",
          ...event,
        },
        this.responder(),
      );
    }
  }

  it("without a message to replace, a confirmation is replied; tidying up alone says nothing extra", async () => {
    const prompt = await withOpenPrompt();
    const anna = t.chat(ANNA);
    const noSource = new NoSource(ANNA);

    // "Mijn vraag" would only have replaced the offer with the quoted text: no quote, the answer follows.
    await anna.say("wat betekent doen en niet te veel praten?");
    const ask = buttonsOf(anna.lastReply).find((b) => b.label === "Mijn vraag");
    await noSource.handle({ actionId: ask?.actionId ?? "", value: ask?.value });
    const answer = noSource.replies.at(-1);
    expect(noSource.replies).toHaveLength(1);
    expect(answer?.kind).toBe("answer");
    expect(answer?.text).toMatch(/\[principe-10\]/);

    // A rating replaces the answer with answer and thanks; without it, only the thanks (not the answer again).
    const notHelpful = buttonsOf(answer).find((b) => b.label === "👎 Niet nuttig");
    await noSource.handle({ actionId: notHelpful?.actionId ?? "", value: notHelpful?.value });
    expect(noSource.replies).toHaveLength(2);
    expect(noSource.replies.at(-1)?.text).toMatch(/^Fijn dat je het laat weten/);
    expect(noSource.replies.at(-1)?.text).not.toMatch(/principe-10/);

    // "Overslaan": the confirmation is the reply.
    const skip = buttonsOf(prompt).find((b) => b.label === "Overslaan");
    await noSource.handle({ actionId: skip?.actionId ?? "", value: skip?.value });
    expect(noSource.replies).toHaveLength(3);
    expect(noSource.replies.at(-1)?.text).toBe(SKIPPED);
  });
});
