import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { SharedPlaces } from "../../src/queue/places.js";
import { REDIS_URL, skipNotice, uniqueProgrammeId } from "../helpers/services.js";

/**
 * Teams counts a bot's requests per second (50 per app and tenant). With a Redis store every
 * replica takes places from one set in Redis: each of the two "replicas" here has its own
 * connection, as two processes would.
 */
skipNotice("shared Teams places on Redis", "REDIS_URL");

const clients: Redis[] = [];
afterAll(async () => {
  await Promise.all(clients.map((c) => c.quit()));
});

const replica = (key: string, leaseMs?: number) => {
  const redis = new Redis(REDIS_URL as string);
  clients.push(redis);
  return new SharedPlaces(redis, key, {
    places: 49,
    spacingMs: 20,
    windowMs: 1_000,
    ...(leaseMs ? { leaseMs } : {}),
  });
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(!REDIS_URL)("places of a per-second limit shared by two replicas on Redis", () => {
  it("never lets 50 requests of both replicas arrive within one second, however late they arrive", async () => {
    const key = `kampvuur:test:${uniqueProgrammeId("places")}`;
    const [a, b] = [replica(key), replica(key)];
    const arrivals: number[] = [];
    let seed = 11;
    const late = () => ((seed = (seed * 48_271) % 2_147_483_647) / 2_147_483_647) * 60;
    const send = async (places: SharedPlaces) => {
      const place = await places.take();
      // The request arrives somewhere between its start and its answer.
      await sleep(late());
      arrivals.push(Date.now());
      await sleep(late());
      await places.free(place);
    };
    const started = Date.now();
    await Promise.all(Array.from({ length: 130 }, (_, i) => send(i % 2 ? a : b)));
    arrivals.sort((x, y) => x - y);
    for (let i = 49; i < arrivals.length; i++)
      expect((arrivals[i] as number) - (arrivals[i - 49] as number)).toBeGreaterThanOrEqual(999);
    // Shared, not doubled: 130 sends need two full windows whichever replica sends them.
    expect(Date.now() - started).toBeGreaterThanOrEqual(2_000);
  }, 20_000);

  it("pauses both replicas after a 'later', and gives back a place whose replica died", async () => {
    const key = `kampvuur:test:${uniqueProgrammeId("places")}`;
    const [a, b] = [replica(key, 300), replica(key, 300)];
    await a.pause(400);
    const paused = Date.now();
    await b.free(await b.take());
    expect(Date.now() - paused).toBeGreaterThanOrEqual(350);

    // Replica a takes every place and dies before freeing them: b waits out their lease.
    const key2 = `kampvuur:test:${uniqueProgrammeId("places")}`;
    const [c, d] = [replica(key2, 1_500), replica(key2, 1_500)];
    const first = Date.now();
    for (let i = 0; i < 49; i++) await c.take();
    await d.take();
    // The first place's lease (1.5 s from its start) ran out; not a minute, not never.
    expect(Date.now() - first).toBeGreaterThanOrEqual(1_450);
    expect(Date.now() - first).toBeLessThan(3_000);
  }, 20_000);
});
