import { reflections } from "../../src/features/index.js";
import { afterEach, describe, expect, it } from "vitest";
import { Scheduler } from "../../src/scheduling/scheduler.js";
import type { Form } from "../../src/core/messages.js";
import { buttonsOf, startTestApp, type TestApp, tempDir } from "../helpers/harness.js";
import { skipNotice, storeBackends, uniqueProgrammeId } from "../helpers/services.js";

skipNotice("concurrent-answers-on-Redis", "REDIS_URL");
skipNotice("concurrent-answers-on-PostgreSQL", "POSTGRES_URL");

const ANNA = "anna-de-vries";
const apps: TestApp[] = [];
const dirs: ReturnType<typeof tempDir>[] = [];
afterEach(async () => {
  for (const a of apps.splice(0)) await a.close();
  for (const d of dirs.splice(0)) d.cleanup();
});

const backends = storeBackends(dirs, tempDir);

/** Two replicas of the bot on one store, with the demo programme under a fresh id. */
async function twoReplicas(storeUrl: string) {
  const first = await startTestApp({ storeUrl });
  apps.push(first);
  const programme = { ...first.programme, id: uniqueProgrammeId("answers") };
  await first.close();
  apps.pop();
  const a = await startTestApp({ storeUrl, programme });
  const b = await startTestApp({ storeUrl, programme });
  apps.push(a, b);
  return [a, b] as const;
}

describe.each(backends)("answers submitted at the same moment ($name)", ({ url, skip }) => {
  it.skipIf(skip)(
    "keeps every one of 40 answers and edits that one participant submits at once, through two replicas",
    async () => {
      const [a, b] = await twoReplicas(url());
      // Every weekly prompt of the programme reaches Anna; she answers none yet.
      const scheduler = new Scheduler(a.app);
      for (const occurrence of a.app.api(reflections).job.occurrences) {
        a.clock.set(occurrence.at);
        await scheduler.tick(occurrence.at);
      }
      const prompts = a.adapter.to(ANNA).filter((m) => m.kind === "reflection");
      expect(prompts.length).toBeGreaterThanOrEqual(4);
      const open = prompts.slice(0, 4);

      // Each of the 4 open prompts gets its answer form, on either replica.
      const chats = [a.chat(ANNA), b.chat(ANNA)];
      const forms: { chat: (typeof chats)[number]; form: Form | undefined }[] = [];
      for (const [i, prompt] of open.entries()) {
        const chat = chats[i % 2] as (typeof chats)[number];
        await chat.click(buttonsOf(prompt)[0] as never);
        forms.push({ chat, form: chat.lastForm });
      }
      // 40 submissions at the same moment: 10 versions of each of the 4 answers.
      const submissions = Array.from({ length: 40 }, (_, n) => {
        const { form } = forms[n % 4] as (typeof forms)[number];
        const chat = chats[Math.floor(n / 4) % 2] as (typeof chats)[number];
        return chat.submit(form as Form, { answer: `versie ${n}`, visibility: "private" });
      });
      const results = await Promise.all(submissions);
      expect(results.every((r) => !r.errors)).toBe(true);

      const book = await a.app.store.answers.get(ANNA);
      expect(book?.answers).toHaveLength(4);
      const versions = (book?.answers ?? []).flatMap((answer) => [
        answer.text,
        ...answer.history.map((h) => h.text),
      ]);
      expect(versions).toHaveLength(40);
      expect(new Set(versions)).toEqual(new Set(Array.from({ length: 40 }, (_, n) => `versie ${n}`)));
    },
  );

  it.skipIf(skip)(
    "keeps both a snooze and a skip that arrive together (one person's settings record)",
    async () => {
      const [a, b] = await twoReplicas(url());
      const until = new Date("2026-12-01T18:00:00Z");
      await Promise.all(
        Array.from({ length: 20 }, (_, n) =>
          n % 2
            ? a.app.api(reflections).skip(ANNA, `occurrence-${n}`)
            : b.app.api(reflections).snooze(ANNA, `occurrence-${n}`, until),
        ),
      );
      const state = await a.app.store.people.get(ANNA);
      expect(state?.skipped).toHaveLength(10);
      expect(state?.snoozes).toHaveLength(10);
    },
  );
});
