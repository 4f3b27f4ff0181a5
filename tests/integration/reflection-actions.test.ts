import { DateTime } from "luxon";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Scheduler } from "../../src/scheduling/scheduler.js";
import { buttonsOf, startTestApp, type TestApp } from "../helpers/harness.js";

const at = (iso: string) => DateTime.fromISO(iso, { zone: "Europe/Amsterdam" }).toJSDate();
const ANNA = "anna-de-vries";

describe("what a participant can do with a prompt", () => {
  let t: TestApp;
  let scheduler: Scheduler;
  beforeEach(async () => {
    t = await startTestApp({ now: at("2026-11-17T09:00") });
    scheduler = new Scheduler(t.app);
    await scheduler.tick();
  });
  afterEach(() => t.close());

  const kinds = (personId: string) => t.adapter.to(personId).map((m) => m.kind);

  it("'Later' offers moments; the chosen one brings the prompt back then, without a reminder", async () => {
    const anna = t.chat(ANNA);
    const later = buttonsOf(t.adapter.to(ANNA)[0]).find((b) => b.label === "Later");
    await anna.click(later as never);
    const choices = buttonsOf(anna.lastReply);
    expect(choices.map((c) => c.label)).toEqual(["3 uur", "Vanavond", "Morgen"]);
    await anna.click(choices[2] as never);
    expect(anna.updates.at(-1)?.text).toBe(
      "Prima, je krijgt de vraag opnieuw op woensdag 18 november, 09:00.",
    );

    t.clock.set(at("2026-11-18T08:59"));
    await scheduler.tick();
    expect(kinds(ANNA)).toEqual(["reflection"]);
    t.clock.set(at("2026-11-18T09:00"));
    await scheduler.tick();
    expect(kinds(ANNA)).toEqual(["reflection", "reflection-snoozed"]);
    t.clock.set(at("2026-11-19T09:00"));
    await scheduler.tick();
    expect(kinds(ANNA)).toEqual(["reflection", "reflection-snoozed"]);
    expect(kinds("bram-jansen")).toEqual(["reflection", "reflection-reminder"]);
  });

  it("'Skip' means no reminder for that prompt", async () => {
    const anna = t.chat(ANNA);
    await anna.click(buttonsOf(t.adapter.to(ANNA)[0]).find((b) => b.label === "Overslaan") as never);
    expect(anna.updates.at(-1)?.text).toBe("Overgeslagen. De volgende vraag komt vanzelf.");
    t.clock.set(at("2026-11-19T09:00"));
    await scheduler.tick();
    expect(kinds(ANNA)).toEqual(["reflection"]);
  });

  it("a pause skips the prompts that fall in it; 'hervat' ends it", async () => {
    const anna = t.chat(ANNA);
    await anna.say("pauze 2 weken");
    expect(anna.lastReply?.text).toContain("Je krijgt tot en met dinsdag 1 december geen reflectievragen");
    t.clock.set(at("2026-11-24T09:00"));
    await scheduler.tick();
    expect(kinds(ANNA)).toEqual(["reflection"]);
    await anna.say("hervat");
    expect(anna.lastReply?.text).toBe("Je pauze is voorbij: je krijgt weer reflectievragen.");
    await scheduler.tick();
    expect(kinds(ANNA)).toEqual(["reflection", "reflection"]);
  });

  it("after 'afmelden' nothing comes, not even a coordinator's send, until 'aanmelden'", async () => {
    const anna = t.chat(ANNA);
    await anna.say("afmelden");
    expect(anna.lastReply?.text).toContain(
      "Je krijgt geen reflectievragen meer. Je antwoorden blijven bewaard.",
    );
    t.clock.set(at("2026-11-19T09:00"));
    await scheduler.tick(); // no reminder either
    t.clock.set(at("2026-11-24T09:00"));
    await scheduler.tick();
    const coordinator = t.chat("marieke-hoekstra");
    await coordinator.say("stuur reflectie");
    // Counted as unsubscribed, not as unreachable (and this week's prompt went out already).
    expect(coordinator.lastReply?.text).toContain(
      "Deze reflectievraag gaat nu naar 11 deelnemers. 1 heeft zich afgemeld.",
    );
    expect(buttonsOf(coordinator.lastReply)[0]?.label).toBe("Stuur een tweede");
    await coordinator.click(buttonsOf(coordinator.lastReply)[0] as never);
    expect(kinds(ANNA)).toEqual(["reflection"]);
    await anna.say("aanmelden");
    t.clock.set(at("2026-12-01T09:00"));
    await scheduler.tick();
    expect(kinds(ANNA)).toEqual(["reflection", "reflection"]);
  });

  it("a bad pause is answered with how to write it", async () => {
    const anna = t.chat(ANNA);
    await anna.say("pauze tot 2020-01-01");
    expect(anna.lastReply?.text).toContain("Typ bijvoorbeeld *pauze 2 weken*");
  });
});
