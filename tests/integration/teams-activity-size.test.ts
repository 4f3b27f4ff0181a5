import { CardFactory, MessageFactory } from "botbuilder";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { toCard } from "../../src/adapters/teams/cards.js";
import { ACTIVITY_BUDGET, fitActivity, SHORTENED_NOTE } from "../../src/adapters/teams/fit.js";
import { createTeams, type Teams, teamsAddress } from "../../src/adapters/teams/index.js";
import { SendError } from "../../src/core/adapter.js";
import { silentLogger } from "../../src/core/log.js";
import type { Message } from "../../src/core/messages.js";
import { type HttpServer, startHttpServer } from "../../src/server/http.js";
import { FakeConnector } from "../helpers/fake-connector.js";
import { startTestApp, type TestApp } from "../helpers/harness.js";
import { personalChat, teamsActivities } from "../helpers/platforms.js";
import { activityBytes, teamsActivityProblems } from "../helpers/payload-rules.js";

const long = (n: number) =>
  `${"De bewoners van de Vonk willen een buurtkamer in het oude schoolgebouw. ".repeat(n)}Einde.`;

/** Eight long sections and a row of buttons: ~62 KB as one card, far over Teams' 28 KB. */
const hugeCard: Message = {
  blocks: [
    { type: "text", text: "Alle antwoorden van je groep" },
    ...Array.from({ length: 8 }, (_, i) => ({
      type: "section" as const,
      title: `Week ${i + 1}`,
      text: long(100),
    })),
    { type: "section", title: "Kort", text: "Dit blijft heel." },
    { type: "actions", buttons: [{ actionId: "reflection.answer", label: "Beantwoorden", value: "occ-1" }] },
  ],
};

describe("an activity over 28 KB is never sent as is", () => {
  it("leaves an activity that fits alone", () => {
    const activity = MessageFactory.text("Hoi Anna");
    expect(fitActivity(activity)).toBe(activity);
  });

  it("shortens a long text with '…' and says so", () => {
    const fitted = fitActivity(MessageFactory.text(long(600))); // ~43 KB
    expect(activityBytes(fitted)).toBeLessThanOrEqual(ACTIVITY_BUDGET);
    expect(fitted.text).toMatch(
      new RegExp(`…\\n\\n${SHORTENED_NOTE.replace(/[.?*+^$()[\]{}|\\/]/g, "\\$&")}$`),
    );
    expect(teamsActivityProblems(fitted as Record<string, unknown>)).toEqual([]);
  });

  it("shortens a card's longest texts first, keeps short ones and the buttons, and adds a note", () => {
    const activity = MessageFactory.attachment(CardFactory.adaptiveCard(toCard(hugeCard)));
    expect(teamsActivityProblems(activity as Record<string, unknown>)[0]).toMatch(/Teams allows 28,672/);
    const fitted = fitActivity(activity);
    expect(teamsActivityProblems(fitted as Record<string, unknown>)).toEqual([]);
    expect(activityBytes(fitted)).toBeLessThanOrEqual(ACTIVITY_BUDGET);
    const card = fitted.attachments?.[0]?.content as { body: { text?: string }[]; actions: unknown[] };
    const texts = card.body.map((b) => b.text ?? "");
    expect(texts).toContain("Dit blijft heel.");
    expect(texts.filter((t) => t.endsWith("…")).length).toBeGreaterThan(0);
    expect(texts.at(-1)).toBe(SHORTENED_NOTE);
    expect(card.actions).toHaveLength(1);
    // The original is not changed.
    expect(JSON.stringify(activity)).not.toContain("…");
  });

  it("refuses, rather than sends, what cannot fit even shortened", () => {
    const many: Message = {
      blocks: Array.from({ length: 900 }, (_, i) => ({
        type: "section" as const,
        title: `T${i}`,
        text: "Kort.",
      })),
    };
    const activity = MessageFactory.attachment(CardFactory.adaptiveCard(toCard(many)));
    expect(() => fitActivity(activity)).toThrow(SendError);
  });
});

describe("over the real botbuilder to the Bot Connector", () => {
  const HAMID = "29:1kampvuur-demo-hamid";
  const connector = new FakeConnector();
  let serviceUrl = "";
  let t: TestApp | undefined;
  let teams: Teams;
  let http: HttpServer | undefined;
  beforeAll(async () => {
    serviceUrl = await connector.start();
  });
  afterAll(() => connector.stop());
  beforeEach(() => connector.reset());
  afterEach(async () => {
    await http?.close();
    await t?.close();
  });

  it("a huge proactive card and a huge reply arrive shortened, and Teams sees no problem", async () => {
    t = await startTestApp({ recording: false });
    teams = createTeams(t.app.bot, { store: t.app.store, logger: silentLogger, local: true });
    t.app.bot.addAdapter(teams.adapter);
    http = await startHttpServer(0, { "/api/messages": teams.route }, silentLogger);
    const installed = await teamsActivities(
      http.port,
      serviceUrl,
    )({
      type: "installationUpdate",
      action: "add",
      ...personalChat(HAMID),
    });
    expect(installed.status).toBeLessThan(300);
    const address = teamsAddress(`a:personal-${HAMID}`);
    const sent = await teams.adapter.send(address, hugeCard);
    await teams.adapter.update(sent, { text: long(600), blocks: [{ type: "text", text: long(600) }] });
    expect(connector.problems).toEqual([]);
    const card = connector.sent().at(-1);
    expect(JSON.stringify(card?.body)).toContain(SHORTENED_NOTE);
    const update = connector.updates().at(-1);
    expect(update?.status).toBe(200);
    expect(String(update?.body.text)).toContain(SHORTENED_NOTE);
  });
});
