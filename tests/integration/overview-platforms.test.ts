import { DateTime } from "luxon";
import { afterEach, describe, expect, it } from "vitest";
import { toBlockKit } from "../../src/adapters/slack/render.js";
import { toCard } from "../../src/adapters/teams/cards.js";
import { renderMessage } from "../../src/adapters/console/render.js";
import { overview } from "../../src/features/index.js";
import { pngSize } from "../../src/features/overview/chart.js";
import { Scheduler } from "../../src/scheduling/scheduler.js";
import { CHART_PATH, chartRoute } from "../../src/server/charts.js";
import { type HttpServer, startHttpServer } from "../../src/server/http.js";
import { silentLogger } from "../../src/core/log.js";
import { adaptiveCardSchema } from "../helpers/card-schema.js";
import { startTestApp, type TestApp } from "../helpers/harness.js";

const at = (local: string) => DateTime.fromISO(local, { zone: "Europe/Amsterdam" }).toJSDate();

const apps: TestApp[] = [];
const servers: HttpServer[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
  for (const a of apps.splice(0)) await a.close();
});

/** The demo a week in, with its charts served by a real HTTP server on loopback. */
async function served() {
  const t = await startTestApp({ now: at("2026-11-17T09:00") });
  apps.push(t);
  await new Scheduler(t.app).tick();
  await t.chat("anna-de-vries").say("Ik merkte dat ik te snel met oplossingen kwam, dat wil ik anders doen.");
  const api = t.app.api(overview);
  const server = await startHttpServer(0, { [CHART_PATH]: chartRoute(api) }, silentLogger);
  servers.push(server);
  const base = `http://127.0.0.1:${server.port}`;
  api.publish(base);
  return { t, api, base };
}

const imageOf = (blocks: { type: string }[] | undefined) =>
  blocks?.find((b): b is { type: "image"; url: string; alt: string } => b.type === "image");

describe("the overview's chart on the platforms", () => {
  it("is an image at an unguessable address of the bot's own server, a real PNG, gone after 24 hours", async () => {
    const { t, base } = await served();
    const marieke = t.chat("marieke-hoekstra");
    await marieke.say("overzicht");
    const image = imageOf(marieke.lastReply?.blocks);
    expect(image?.url).toMatch(new RegExp(`^${base}/charts/[A-Za-z0-9_-]{32}\\.png$`));
    expect(image?.alt).toContain("antwoorden per week");

    const response = await fetch(image?.url as string);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("image/png");
    expect(pngSize(new Uint8Array(await response.arrayBuffer()))).toEqual({ width: 1200, height: 720 });
    // The same overview again: the same chart, not rendered and stored twice.
    await marieke.say("overzicht");
    expect(imageOf(marieke.lastReply?.blocks)?.url).toBe(image?.url);

    expect((await fetch(`${base}/charts/${"A".repeat(32)}.png`)).status).toBe(404);
    expect((await fetch((image?.url as string).replace(/\.png$/, ""))).status).toBe(404);
    t.clock.advance(25 * 3_600_000);
    expect((await fetch(image?.url as string)).status).toBe(404);
  });

  it("goes to Slack as a Block Kit image block, in chat and on the Home tab of coordinators and mentors", async () => {
    const { t } = await served();
    const marieke = t.chat("marieke-hoekstra");
    await marieke.say("overzicht");
    const slack = toBlockKit(marieke.lastReply as NonNullable<typeof marieke.lastReply>);
    const image = slack.blocks.find((b) => b.type === "image");
    expect(Object.keys(image ?? {}).sort()).toEqual(["alt_text", "image_url", "type"]);
    expect(String(image?.image_url)).toMatch(/^http.+\.png$/);
    expect(String(image?.alt_text).length).toBeLessThanOrEqual(2000);
    expect(slack.blocks.length).toBeLessThanOrEqual(50);
    expect(slack.text).toContain("Overzicht deelname");

    const directory = t.app.bot.directory;
    for (const id of ["marieke-hoekstra", "henk-westerveld"]) {
      const home = toBlockKit(
        await t.app.home(directory.get(id) as NonNullable<ReturnType<typeof directory.get>>),
      );
      expect(home.blocks.some((b) => b.type === "image")).toBe(true);
      expect(home.blocks.length).toBeLessThanOrEqual(100);
    }
    const anna = await t.app.home(
      directory.get("anna-de-vries") as NonNullable<ReturnType<typeof directory.get>>,
    );
    expect(toBlockKit(anna).blocks.some((b) => b.type === "image")).toBe(false);
  });

  it("goes to Teams as an Image in an Adaptive Card that validates against the 1.5 schema", async () => {
    const { t } = await served();
    const henk = t.chat("henk-westerveld");
    await henk.say("overzicht");
    const card = toCard(henk.lastReply as NonNullable<typeof henk.lastReply>);
    const validate = adaptiveCardSchema();
    expect(validate(card), JSON.stringify(validate.errors, null, 2)).toBe(true);
    expect(validate({ ...card, body: [{ type: "Image", altText: "no url" }] })).toBe(false); // the schema does check
    const image = (card.body as { type: string; url?: string; altText?: string }[]).find(
      (e) => e.type === "Image",
    );
    expect(image?.url).toMatch(/\/charts\/[A-Za-z0-9_-]{32}\.png$/);
    expect(image?.altText).toContain("Grafiek");
    expect(JSON.stringify(card)).not.toContain("Zonnedorp");
  });

  it("shows in the console as its words and address", async () => {
    const { t } = await served();
    const marieke = t.chat("marieke-hoekstra");
    await marieke.say("overzicht");
    const { text } = renderMessage(marieke.lastReply as NonNullable<typeof marieke.lastReply>, {
      color: false,
    });
    expect(text).toMatch(
      /\[Grafiek: antwoorden per week voor 3 teams, de laatste week\.\] http:\/\/127\.0\.0\.1:\d+\/charts\//,
    );
  });
});
