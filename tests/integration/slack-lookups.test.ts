import { WebClient } from "@slack/web-api";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createAdapter, readClientOptions } from "../../src/adapters/slack/outbound.js";
import { silentLogger } from "../../src/core/log.js";
import type { Person } from "../../src/core/people.js";
import { FakeSlack } from "../helpers/fake-slack.js";

/**
 * A programme that lists people by e-mail only: the first fan-out finds each of them with
 * `users.lookupByEmail`, a Tier 3 method (Slack: 50+ calls a minute per workspace). The bot
 * paces those look-ups to the limit instead of sending them all at once and collecting a
 * 429 for every call over it. The fake enforces the tier (here scaled to 5 a second so the
 * test takes seconds, not minutes); the adapter is told the same scaled limit.
 */
const fake = new FakeSlack();
let apiUrl = "";
beforeAll(async () => {
  apiUrl = await fake.start();
});
afterAll(() => fake.stop());
beforeEach(() => fake.reset());

const people: Person[] = Array.from({ length: 16 }, (_, i) => ({
  id: `p${i}`,
  name: `Deelnemer ${i}`,
  firstName: `Deelnemer`,
  role: "participant",
  timezone: "Europe/Amsterdam",
  identities: { email: `deelnemer${i}@gemeente.example` },
}));

function adapter(lookups: { count: number; perMs: number }) {
  const client = new WebClient("xoxb-test", readClientOptions(apiUrl));
  return createAdapter(client, { botToken: "xoxb-test", apiUrl, logger: silentLogger, lookups });
}

describe("finding people by e-mail on Slack (users.lookupByEmail, Tier 3)", () => {
  beforeEach(() => {
    for (const [i, p] of people.entries()) fake.users.set(`U0LOOK${i}`, p.identities.email as string);
    fake.enforceRateLimits({ tier3: { perMinute: 300, burst: 5 } });
  });

  it("finds everyone, paced to the tier: no 429s", async () => {
    const slack = adapter({ count: 5, perMs: 1_100 });
    const found = await Promise.all(people.map((p) => slack.directAddress(p)));
    expect(found).toEqual(people.map((_, i) => expect.stringContaining(`U0LOOK${i}`)));
    expect(fake.of("users.lookupByEmail")).toHaveLength(people.length);
    expect(fake.of("users.lookupByEmail (429)")).toEqual([]);
  });

  it("looks each person up once, however many messages they get", async () => {
    const slack = adapter({ count: 5, perMs: 1_100 });
    const first = people[0] as Person;
    await Promise.all([slack.directAddress(first), slack.directAddress(first)]);
    await slack.directAddress(first);
    expect(fake.of("users.lookupByEmail")).toHaveLength(1);
  });
});
