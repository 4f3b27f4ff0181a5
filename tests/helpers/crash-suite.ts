import { loadAppProgramme } from "../../src/app.js";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isFinal, isReceived } from "../../src/storage/records.js";
import { Store } from "../../src/storage/store.js";
import {
  buttonsIn,
  COORDINATOR_SLACK,
  crashProgramme,
  dm,
  ensureBuilt,
  FakeSlack,
  press,
  SECRET,
  startBot,
  until,
} from "./crash.js";
import { tempDir } from "./harness.js";
import { REDIS_URL, uniqueProgrammeId } from "./services.js";
import { receivedFrom } from "../../src/features/reflections/records.js";

/**
 * The bot as it runs for real (`node dist/cli.js start`, what `npm start` runs), serving Slack
 * against the loopback fake, killed with SIGKILL in the middle of a coordinator's send to
 * 150 people and started again on the same store. `npm test` runs one trial per store;
 * `npm run test:reliability` (and CI) runs KAMPVUUR_CRASH_TRIALS (10) of them.
 */
const TRIALS = Number(process.env.KAMPVUUR_CRASH_TRIALS ?? 1);
const PEOPLE = 150;
/** Everyone must have the prompt this soon after the restart. */
const WITHIN_MS = 60_000;

const dirs: ReturnType<typeof tempDir>[] = [];

export const CRASH_BACKENDS = {
  sqlite: { name: "SQLite", skip: false, url: (dir: string) => `sqlite://${join(dir, "kampvuur.sqlite")}` },
  redis: { name: "Redis", skip: !REDIS_URL, url: (_dir: string) => REDIS_URL as string },
};

/**
 * The suite for one store (one file per store, so the two run side by side). With
 * `signal: "SIGTERM"` the process is stopped the way an orchestrator stops it: it must exit
 * 0 on its own, finish what was on its way, hand back the rest, and leave nothing uncertain.
 */
export function crashSuite(
  { name, skip, url }: (typeof CRASH_BACKENDS)[keyof typeof CRASH_BACKENDS],
  signal: "SIGKILL" | "SIGTERM" = "SIGKILL",
): void {
  const graceful = signal === "SIGTERM";
  describe(`${graceful ? "SIGTERM" : "kill -9"} in the middle of a send (${name})`, () => {
    beforeAll(() => ensureBuilt(), 120_000);
    afterAll(() => {
      for (const d of dirs.splice(0)) d.cleanup();
    });
    it.skipIf(skip)(
      `loses nobody, doubles nobody, reaches everyone within 60 s of the restart (${TRIALS} trial(s))`,
      async () => {
        for (let trial = 1; trial <= TRIALS; trial++) {
          const d = tempDir();
          dirs.push(d);
          const fake = new FakeSlack();
          const apiUrl = await fake.start();
          // Slack takes a moment per message: the send is still going when the process dies.
          fake.latencyMs = 40;
          try {
            const programmeId = uniqueProgrammeId("crash");
            const { file, slackIds } = crashProgramme(d.dir, programmeId, PEOPLE);
            const storeUrl = url(d.dir);
            const env = {
              SLACK_BOT_TOKEN: "xoxb-crash",
              SLACK_SIGNING_SECRET: SECRET,
              SLACK_API_URL: apiUrl,
              // This fake has no rate limits: the test is about the kill, not about pacing (600 a minute would take 15 s).
              SLACK_MESSAGES_PER_MINUTE: "60000",
              KAMPVUUR_PROGRAMME: file,
              KAMPVUUR_STORE: storeUrl,
            };
            const participants = new Set(slackIds);
            // The coordinator's send only (its delivery ids are `manual:…`): a session-day
            // reminder or the weekly prompt that falls due while the test runs is not part of it.
            const manual = (m: Record<string, unknown>) =>
              String(
                (m.metadata as { event_payload?: { delivery?: unknown } } | undefined)?.event_payload
                  ?.delivery ?? "",
              ).startsWith("manual:");
            const prompts = () =>
              fake.of("chat.postMessage").filter((m) => participants.has(String(m.channel)) && manual(m));

            const first = await startBot(env);
            expect((await dm(first.port, COORDINATOR_SLACK, "stuur reflectie")).status).toBe(200);
            const preview = await until(
              () =>
                fake
                  .of("chat.postMessage")
                  .find((m) => buttonsIn(m.blocks).some((b) => b.text.text === "Versturen")),
              "the coordinator's preview",
            );
            const confirm = buttonsIn(preview.blocks).find((b) => b.text.text === "Versturen");
            expect((await press(first.port, COORDINATOR_SLACK, preview, confirm as never)).status).toBe(200);

            // Somewhere in the first half of the send, the process is killed.
            const killAt = Math.floor(PEOPLE * (0.15 + 0.35 * Math.random()));
            await until(() => prompts().length >= killAt, `${killAt} prompts before the kill`, 30_000);
            first.child.kill(signal);
            const code = await first.exited;
            if (graceful) {
              expect(code, `stderr: ${first.stderr().slice(-2000)}`).toBe(0);
              expect(first.stderr()).not.toMatch(/\n\s+at .*\.(js|ts):\d+/);
            }
            const before = prompts().length;
            expect(before).toBeLessThan(PEOPLE);

            const restartedAt = Date.now();
            const second = await startBot(env);
            const programme = await loadAppProgramme(file);
            const store = await Store.open(storeUrl, programme.id);
            const settled = async () =>
              (await store.deliveries.all()).filter(
                (x) => x.kind === "reflection" && x.occurrenceId.startsWith("manual:") && isFinal(x),
              );
            try {
              // Done means: every person has the message, and the store has settled every
              // delivery, including those the killed process was in the middle of.
              for (;;) {
                const people = new Set(prompts().map((m) => m.channel)).size;
                const final = people === PEOPLE ? (await settled()).length : 0;
                if (final === PEOPLE) break;
                if (Date.now() - restartedAt > WITHIN_MS)
                  throw new Error(
                    `trial ${trial} (killed after ${before}): after 60 s ${people} of ${PEOPLE} people have the prompt and ${final} deliveries are settled; stderr: ${second.stderr().slice(-2000)}`,
                  );
                await new Promise((r) => setTimeout(r, 250));
              }
              const reachedIn = Date.now() - restartedAt;
              expect(reachedIn).toBeLessThan(WITHIN_MS);
              // Late duplicates would come from a follow-up pass: give it time to make one.
              await new Promise((r) => setTimeout(r, 2_000));
            } finally {
              second.child.kill("SIGTERM");
              await second.exited;
            }

            const perPerson = new Map<string, number>();
            for (const m of prompts())
              perPerson.set(String(m.channel), (perPerson.get(String(m.channel)) ?? 0) + 1);
            const doubled = [...perPerson].filter(([, n]) => n > 1);
            expect(doubled, `trial ${trial}: people who got the prompt twice`).toEqual([]);
            expect(perPerson.size).toBe(PEOPLE);

            // The store agrees: everyone's delivery counts as received, with the prompt kept to answer it.
            try {
              const deliveries = await settled();
              expect(deliveries).toHaveLength(PEOPLE);
              for (const delivery of deliveries) {
                expect(isReceived(delivery), `${delivery.personId}: ${delivery.status}`).toBe(true);
                // Stopped gracefully, nothing is left in doubt: every send finished or was handed back.
                if (graceful) expect(delivery.status, delivery.personId).toBe("sent");
                expect(receivedFrom(delivery)?.text).toBeTruthy();
              }
            } finally {
              await store.close();
            }
          } finally {
            await fake.stop();
          }
        }
      },
      TRIALS * 120_000,
    );
  });
}
