import pMap from "p-map";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type App, createApp, loadAppProgramme } from "../../src/app.js";
import { createSlack } from "../../src/adapters/slack/index.js";
import { programmeSchema, type Programme } from "../../src/config/programme-schema.js";
import { ManualClock } from "../../src/core/clock.js";
import type { DeliveryOutcome, DeliveryRequest } from "../../src/core/deliveries.js";
import { silentLogger } from "../../src/core/log.js";
import { text } from "../../src/core/messages.js";
import { BullDeliveryQueue } from "../../src/queue/bull.js";
import { busiestSecond } from "../helpers/slack-requests.js";
import { InProcessQueue } from "../../src/queue/index.js";
import { FakeSlack } from "../helpers/fake-slack.js";
import { DEMO_NOW } from "../helpers/harness.js";
import { REDIS_URL, skipNotice, uniqueProgrammeId } from "../helpers/services.js";

skipNotice("queue-on-Redis (two replicas)", "REDIS_URL");

const PEOPLE = 50;
const PER_MINUTE = 600;

async function programme(): Promise<Programme> {
  const { sections, ...demo } = await loadAppProgramme();
  void sections;
  return programmeSchema.parse({
    ...demo,
    id: uniqueProgrammeId("queue-replicas"),
    teams: [],
    mentors: [],
    participants: Array.from({ length: PEOPLE }, (_, i) => ({
      id: `p-${i}`,
      name: `Deelnemer ${i}`,
      identities: { slack: `U0QUEUE${i}` },
    })),
  });
}

/** One replica: the core on the shared store with its own Slack adapter to the one fake. */
async function replica(p: Programme, storeUrl: string, apiUrl: string): Promise<App> {
  const app = await createApp({ programme: p, storeUrl, clock: new ManualClock(DEMO_NOW) });
  const slack = createSlack(app.bot, {
    auth: { botToken: "xoxb-queue" },
    signingSecret: "queue",
    apiUrl,
    logger: silentLogger,
    findSettleMs: 0,
  });
  app.bot.addAdapter(slack.adapter);
  return app;
}

/** The fan-out every replica plans: the same ids, so the same jobs. */
function fanOut(app: App, occurrenceId: string): DeliveryRequest[] {
  const people = app.bot.directory.all().filter((person) => person.id.startsWith("p-"));
  return people.map((person) => ({
    id: `${occurrenceId}:${person.id}`,
    kind: "reflection" as const,
    occurrenceId,
    person,
    build: () => text(`Hallo ${person.name}`),
  }));
}

describe("the embedded default", () => {
  it("sends in-process with a SQLite or memory store (no Redis needed)", async () => {
    const app = await createApp({ programme: await programme(), storeUrl: "memory://" });
    expect(app.queue).toBeInstanceOf(InProcessQueue);
    await app.close();
  });
});

describe.skipIf(!REDIS_URL)("fan-outs as BullMQ jobs shared by two replicas on Redis", () => {
  const fake = new FakeSlack();
  let apiUrl = "";
  beforeAll(async () => {
    apiUrl = await fake.start();
  });
  afterAll(() => fake.stop());

  it("a job enqueued by two replicas runs once, at one shared rate limit (not doubled)", async () => {
    fake.reset();
    fake.enforceRateLimits({ workspace: { perMinute: PER_MINUTE, burst: 20 } });
    const p = await programme();
    const a = await replica(p, REDIS_URL as string, apiUrl);
    const b = await replica(p, REDIS_URL as string, apiUrl);
    try {
      expect(a.queue).toBeInstanceOf(BullDeliveryQueue);
      const t0 = Date.now();
      // Both replicas plan the whole fan-out at once, as two scheduler passes would.
      const outcomes = (
        await Promise.all(
          [a, b].map((app) =>
            pMap(fanOut(app, "occ-1"), (req) => app.deliverer.deliver(req), { concurrency: 50 }),
          ),
        )
      ).flat();
      const wallMs = Date.now() - t0;

      const posts = fake.calls.filter((c) => c.method === "chat.postMessage");
      const per = new Map<string, number>();
      for (const c of posts) per.set(String(c.args.channel), (per.get(String(c.args.channel)) ?? 0) + 1);
      const refused = fake.calls.filter((c) => c.method.endsWith("(429)")).length;
      // Everyone exactly once: 0 lost, 0 duplicated.
      expect(per.size).toBe(PEOPLE);
      expect([...per.values()].every((n) => n === 1)).toBe(true);
      const count = (o: DeliveryOutcome) => outcomes.filter((x) => x === o).length;
      expect(count("sent")).toBe(PEOPLE);
      expect(count("sent") + count("already")).toBe(2 * PEOPLE);
      // The limit is shared: one start per 1 / (10 × 0.97) s over both replicas. Doubled, the
      // burst of 20 would be gone after ~2 s and the workspace would answer 429.
      expect(refused).toBeLessThanOrEqual(Math.floor(PEOPLE * 0.01));
      const busiest = busiestSecond(posts.map((c) => c.at));
      // Starts are exact on Redis's clock; arrivals jitter with the event loop (a loaded machine
      // bunches a few). Doubled, the busiest second would see about 20.
      expect(busiest).toBeLessThanOrEqual(PER_MINUTE / 60 + 4);
      expect(wallMs).toBeGreaterThanOrEqual(((PEOPLE - 1) / (PER_MINUTE / 60)) * 1000 * 0.9);
      // The records agree with the platform.
      for (let i = 0; i < PEOPLE; i++) {
        const record = await a.store.deliveries.get(`occ-1:p-${i}`);
        expect(record?.status).toBe("sent");
      }
      // Planned again later (another pass, another replica): settled, nothing sent again.
      const again = await pMap(fanOut(b, "occ-1"), (req) => b.deliverer.deliver(req), { concurrency: 50 });
      expect(again.every((o) => o === "already")).toBe(true);
      expect(fake.calls.filter((c) => c.method === "chat.postMessage").length).toBe(PEOPLE);
    } finally {
      await a.close();
      await b.close();
    }
  }, 60_000);
});
