import { join } from "node:path";
import { DateTime } from "luxon";
import { afterEach, describe, expect, it } from "vitest";
import { SendError, type SentMessage } from "../../src/core/adapter.js";
import type { Message } from "../../src/core/messages.js";
import { deliveryId } from "../../src/features/reflections/service.js";
import { Scheduler } from "../../src/scheduling/scheduler.js";
import { buttonsOf, RecordingAdapter, startTestApp, type TestApp, tempDir } from "../helpers/harness.js";
import { receivedFrom } from "../../src/features/reflections/records.js";

const TUESDAY_0900 = DateTime.fromISO("2026-11-17T09:00", { zone: "Europe/Amsterdam" }).toJSDate();
const FIRST = "reflection:2026-11-17T09:00";
/** A Wednesday afternoon: no weekly prompt is due, only what a coordinator sends. */
const WEDNESDAY_1400 = DateTime.fromISO("2026-11-18T14:00", { zone: "Europe/Amsterdam" }).toJSDate();
const ANNA = "anna-de-vries";
const COORDINATOR = "marieke-hoekstra";

const apps: TestApp[] = [];
const dirs: ReturnType<typeof tempDir>[] = [];
afterEach(async () => {
  for (const a of apps.splice(0)) await a.close();
  for (const d of dirs.splice(0)) d.cleanup();
});

function sqliteUrl() {
  const d = tempDir();
  dirs.push(d);
  return `sqlite://${join(d.dir, "kampvuur.sqlite")}`;
}

async function start(options: Parameters<typeof startTestApp>[0] = {}) {
  const t = await startTestApp({ now: TUESDAY_0900, storeUrl: sqliteUrl(), ...options });
  apps.push(t);
  return t;
}

/** A platform that remembers messages by idempotency key and can be asked for them, like Slack. */
class LookupAdapter extends RecordingAdapter {
  readonly keys = new Map<string, SentMessage>();
  override async send(conversation: string, message: Message, options?: { idempotencyKey?: string }) {
    const sent = await super.send(conversation, message);
    if (options?.idempotencyKey) this.keys.set(options.idempotencyKey, sent);
    return sent;
  }
  async findSent(_conversation: string, key: string): Promise<SentMessage | null> {
    return this.keys.get(key) ?? null;
  }
}

/** What a process killed during the platform call leaves behind: a claim it never gave back. */
async function deadClaim(t: TestApp, personId: string, occurrence = FIRST) {
  const id = deliveryId("reflection", occurrence, personId);
  expect(await t.app.store.claims.acquire(`delivery:${id}`, "proc-dead:attempt", 300)).toBe("fresh");
  await new Promise((r) => setTimeout(r, 400)); // its lease runs out
  return id;
}

const reflectionsTo = (adapter: RecordingAdapter, personId: string) =>
  adapter.to(personId).filter((m) => m.kind === "reflection");

describe("a prompt whose send was interrupted by a crash", () => {
  it("counts as received: the DM answer is kept, 'antwoord' finds it, and the reminder comes", async () => {
    const t = await start();
    const id = await deadClaim(t, ANNA);
    const scheduler = new Scheduler(t.app);
    await scheduler.tick(TUESDAY_0900);
    const delivery = await t.app.store.deliveries.get(id);
    expect(delivery?.status).toBe("interrupted");
    expect(receivedFrom(delivery)?.text).toBeTruthy();
    expect(reflectionsTo(t.adapter, ANNA)).toHaveLength(0); // not sent again: it may have arrived

    const anna = t.chat(ANNA);
    await anna.command("antwoord");
    expect(anna.lastForm?.fields[0]?.label).toBe(receivedFrom(delivery)?.text);

    // Two days later, no answer yet: the one reminder comes.
    const thursday = new Date(TUESDAY_0900.getTime() + 48 * 3_600_000);
    t.clock.set(thursday);
    await scheduler.tick(thursday);
    const reminder = t.adapter.to(ANNA).find((m) => m.kind === "reflection-reminder");
    expect(reminder?.text).toContain(receivedFrom(delivery)?.text as string);

    await anna.say("Ik heb gemerkt dat ik te snel een oplossing geef.");
    const book = await t.app.store.answers.get(ANNA);
    expect(book?.answers.map((a) => a.occurrenceId)).toEqual([FIRST]);
    expect(book?.answers[0]?.text).toBe("Ik heb gemerkt dat ik te snel een oplossing geef.");
  });

  it("is shown to the coordinator as uncertain, not as sent or failed", async () => {
    const t = await start();
    await deadClaim(t, ANNA);
    await new Scheduler(t.app).tick(TUESDAY_0900);
    const coordinator = t.app.bot.directory.get(COORDINATOR);
    const home = await t.app.home(coordinator as never);
    const said = home.blocks?.map((b) => ("text" in b ? b.text : "")).join("\n") ?? "";
    expect(said).toContain("1 vraag is misschien niet aangekomen");
    const participant = await t.app.home(t.app.bot.directory.get("bram-jansen") as never);
    expect(JSON.stringify(participant)).not.toContain("misschien niet aangekomen");
  });

  it("is looked up on a platform that can tell: found is not sent again, missing is sent once", async () => {
    const t = await start({ recording: false });
    const adapter = new LookupAdapter();
    t.app.bot.addAdapter(adapter);
    // Anna's message arrived before the crash; Bram's never left.
    const annaId = await deadClaim(t, ANNA);
    await adapter.send(
      `test:${ANNA}`,
      { text: "the prompt", kind: "reflection" },
      { idempotencyKey: annaId },
    );
    await deadClaim(t, "bram-jansen");
    await new Scheduler(t.app).tick(TUESDAY_0900);
    expect(reflectionsTo(adapter, ANNA)).toHaveLength(1);
    expect(reflectionsTo(adapter, "bram-jansen")).toHaveLength(1);
    expect((await t.app.store.deliveries.get(annaId))?.status).toBe("sent");
    const everyone = t.app.bot.directory.withRole("participant");
    for (const p of everyone) expect(reflectionsTo(adapter, p.id)).toHaveLength(1);
  });
});

/** Says "later" (429) to the first `times` sends to each of some people, or fails them outright. */
class PushBackAdapter extends RecordingAdapter {
  readonly tries = new Map<string, number>();
  constructor(
    private readonly who: Set<string>,
    private readonly times: number,
    private readonly how: "rate-limited" | "refused",
  ) {
    super();
  }
  override async send(conversation: string, message: Message) {
    const n = (this.tries.get(conversation) ?? 0) + 1;
    this.tries.set(conversation, n);
    if (this.who.has(conversation.replace("test:", "")) && n <= this.times)
      throw this.how === "rate-limited"
        ? new SendError("not-sent", "429 Too Many Requests", { rateLimited: true, retryAfterMs: 30 })
        : new SendError("not-sent", "503 before the request was taken");
    return super.send(conversation, message);
  }
}

async function coordinatorSends(t: TestApp) {
  const coordinator = t.chat(COORDINATOR);
  await coordinator.say("stuur reflectie");
  const confirm = buttonsOf(coordinator.lastReply).find((b) => b.label === "Versturen");
  await coordinator.click(confirm as never);
  return coordinator;
}

describe("a coordinator's send that the platform pushes back on", () => {
  it("waits out 429s and reaches everyone in the same send, without counting them as failures", async () => {
    const t = await start({ recording: false, now: WEDNESDAY_1400 });
    const some = new Set(["anna-de-vries", "bram-jansen", "chantal-bakker", "hamid-el-amrani"]);
    const adapter = new PushBackAdapter(some, 3, "rate-limited");
    t.app.bot.addAdapter(adapter);
    const coordinator = await coordinatorSends(t);
    for (const p of t.app.bot.directory.withRole("participant"))
      expect(reflectionsTo(adapter, p.id)).toHaveLength(1);
    expect(coordinator.updates.at(-1)?.text).toBe("Verstuurd naar 12 deelnemers.");
  });

  it("tries the failed ones again from the scheduler, until everyone has it once", async () => {
    const t = await start({ recording: false, now: WEDNESDAY_1400 });
    const some = new Set(["anna-de-vries", "bram-jansen"]);
    const adapter = new PushBackAdapter(some, 2, "refused");
    t.app.bot.addAdapter(adapter);
    await coordinatorSends(t);
    expect(reflectionsTo(adapter, ANNA)).toHaveLength(0);
    const scheduler = new Scheduler(t.app);
    for (let minute = 1; minute <= 3; minute++) {
      t.clock.advance(60_000);
      await scheduler.tick();
    }
    for (const p of t.app.bot.directory.withRole("participant"))
      expect(reflectionsTo(adapter, p.id)).toHaveLength(1);
  });
});

/** A platform that takes `ms` per message. */
class SlowAdapter extends RecordingAdapter {
  constructor(private readonly ms: number) {
    super();
  }
  override async send(conversation: string, message: Message) {
    await new Promise((r) => setTimeout(r, this.ms));
    return super.send(conversation, message);
  }
}

describe("scheduler passes", () => {
  it("run one at a time when ticks pile up behind a long pass", async () => {
    const t = await start({ recording: false });
    const adapter = new SlowAdapter(40);
    t.app.bot.addAdapter(adapter);
    const scheduler = new Scheduler(t.app);
    let running = 0;
    let most = 0;
    let passes = 0;
    const plans = scheduler.plans.bind(scheduler);
    scheduler.plans = async (now) => {
      running++;
      passes++;
      most = Math.max(most, running);
      try {
        return await plans(now);
      } finally {
        running--;
      }
    };
    const first = scheduler.tick(TUESDAY_0900);
    await new Promise((r) => setTimeout(r, 10));
    // Six more ticks arrive while the first pass is still sending.
    const later = await Promise.all(Array.from({ length: 6 }, () => scheduler.tick(TUESDAY_0900)));
    const results = [await first, ...later];
    expect(results.reduce((n, r) => n + r.busy, 0)).toBe(0);
    expect(results[0]?.sent).toBe(12);
    expect(reflectionsTo(adapter, ANNA)).toHaveLength(1);
    expect(most).toBe(1);
    expect(passes).toBe(2); // the first, and one pass for all the ticks that waited
  });

  it("keep the lock for a pass longer than its lease, so a second replica does not start beside it", async () => {
    const storeUrl = sqliteUrl();
    const one = await start({ storeUrl, recording: false });
    const two = await start({ storeUrl, recording: false });
    const slow = new SlowAdapter(2_500);
    one.app.bot.addAdapter(slow);
    two.app.bot.addAdapter(new RecordingAdapter());
    const first = new Scheduler(one.app, { lockTtlMs: 1_000 });
    const second = new Scheduler(two.app, { lockTtlMs: 1_000 });
    const long = first.tick(TUESDAY_0900); // every send takes 2.5 s: the pass outlives its 1 s lease
    await new Promise((r) => setTimeout(r, 1_500)); // past the lease
    const beside = await second.tick(TUESDAY_0900);
    expect(beside.locked).toBe(true);
    expect((await long).sent).toBe(12);
  });
});
