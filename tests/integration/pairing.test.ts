import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { DateTime } from "luxon";
import { afterEach, describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { programmeSections } from "../../src/app.js";
import { DEMO_PROGRAMME, parseProgramme } from "../../src/config/programme.js";
import { type Message, plainText } from "../../src/core/messages.js";
import { pairing } from "../../src/features/index.js";
import { introDeliveryId } from "../../src/features/pairing/service.js";
import { Scheduler } from "../../src/scheduling/scheduler.js";
import { cli } from "../helpers/cli.js";
import { buttonsOf, startTestApp, type TestApp, tempDir } from "../helpers/harness.js";

const at = (iso: string) => DateTime.fromISO(iso, { zone: "Europe/Amsterdam" }).toJSDate();
const MARIEKE = "marieke-hoekstra";
const ANNA = "anna-de-vries";
const HENK = "henk-westerveld";
const INGRID = "ingrid-kok";

const apps: TestApp[] = [];
const dirs: ReturnType<typeof tempDir>[] = [];
afterEach(async () => {
  for (const a of apps.splice(0)) await a.close();
  for (const d of dirs.splice(0)) d.cleanup();
});
const dir = () => {
  const d = tempDir();
  dirs.push(d);
  return d.dir;
};
const shown = (m: Message | undefined) => plainText({ blocks: m?.blocks ?? [] });

/** The programme file as YAML gives it: edited freely by the tests below. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a test's edits of a YAML document
type Doc = Record<string, any>;

/** The demo programme file, changed by `edit`. */
async function demo(edit: (p: Doc) => void = () => {}) {
  const doc = parse(await readFile(DEMO_PROGRAMME, "utf8")) as Doc;
  edit(doc);
  return stringify(doc);
}
async function start(options: { text?: string; storeUrl?: string; now?: Date } = {}) {
  const programme = options.text ? parseProgramme(options.text, "p.yaml", programmeSections()) : undefined;
  const t = await startTestApp({
    ...(programme ? { programme } : {}),
    ...(options.storeUrl ? { storeUrl: options.storeUrl } : {}),
    now: options.now ?? at("2026-11-16T10:00"),
  });
  apps.push(t);
  return t;
}
const intros = (t: TestApp) => t.adapter.sent.filter((s) => s.message.kind === "pairing.intro");

describe("mentor pairing", () => {
  it("`kampvuur pair` prints each pair with its reasons and the total score, also as JSON", async () => {
    const { code, stdout } = await cli(["pair"], { env: { KAMPVUUR_STORE: "memory://" } });
    expect(code).toBe(0);
    expect(stdout).toContain("Team De Vonk → Henk Westerveld");
    expect(stdout).toContain("zelfde onderwerpen: vastgoed en vrijwilligers");
    expect(stdout).toContain("niet uit de eigen organisatie");
    expect(stdout).toContain("Totale score: 24");
    const json = await cli(["pair", "--json"], { env: { KAMPVUUR_STORE: "memory://" } });
    const result = JSON.parse(json.stdout);
    expect(result.pairs).toHaveLength(3);
    expect(result.pairs[1]).toMatchObject({
      unit: "team-zonnedorp",
      mentor: INGRID,
      shared: ["energiecoöperaties", "grondbeleid"],
    });
  });

  it("names the rule that cannot be met and the smallest relaxation, in Dutch, with exit code 2", async () => {
    const file = join(dir(), "p.yaml");
    await writeFile(
      file,
      await demo((p) => {
        // Ingrid works at Gemeente Zutphen: De Vonk (two members from Zutphen) can only have Henk or Joost, both full.
        p.pairing = { keepFileMentors: false };
        p.mentors[1].organisation = "Gemeente Zutphen";
        p.mentors[1].capacity = 1;
        p.participants.find((x: { id: string }) => x.id === "esra-yilmaz").organisation = "Gemeente Zutphen";
        p.participants.find((x: { id: string }) => x.id === "iris-de-boer").organisation = "Gemeente Zutphen";
      }),
    );
    const { code, stdout, stderr } = await cli(["pair", "--programme", file], {
      env: { KAMPVUUR_STORE: "memory://" },
    });
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toMatch(/Team [^:]+: geen mentor buiten Gemeente Zutphen met plek over/);
    expect(stderr).toContain("Kleinste aanpassing:");
    expect(stderr).not.toMatch(/at .*\.ts:\d+/); // no stack trace
  });

  it("in chat: the proposal with reasons; a swap shows the new score and the broken rule before approval", async () => {
    const t = await start({
      text: await demo((p) => {
        p.mentors[1].organisation = "Gemeente Bronckhorst"; // Ingrid: Zonnedorp's own organisation
        p.pairing = { keepFileMentors: false };
        delete p.teams[1].mentor;
      }),
    });
    const marieke = t.chat(MARIEKE);
    await marieke.say("koppel mentoren");
    const proposal = marieke.lastReply;
    expect(shown(proposal)).toContain("Voorstel: een mentor per team");
    expect(shown(proposal)).toContain("Totale score:");
    const [approve, swap] = buttonsOf(proposal);
    expect(approve?.label).toBe("Goedkeuren");
    await marieke.click(swap!);
    const form = marieke.lastForm!;
    expect(form.fields.map((f) => f.id)).toEqual(["a", "b"]);
    // Zonnedorp gets Henk (full? no: Henk has room for 1), De Vonk gets Zonnedorp's mentor.
    await marieke.submit(form, { a: "team-vonk", b: "team-zonnedorp" });
    const after = marieke.lastReply;
    expect(shown(after)).toMatch(/Score: [\d.-]+ → [\d.-]+/);
    // The proposal gave De Vonk Ingrid (Zonnedorp and Zorg have Bronckhorst members); the swap gives her to Zonnedorp.
    const draft = await t.app.api(pairing).getDraft(buttonsOf(after)[0]?.value as string);
    expect(draft?.assignment["team-zonnedorp"]).toBe(INGRID);
    expect(shown(after)).toContain("Let op, dit mag eigenlijk niet:");
    expect(shown(after)).toContain("Team Zonnedorp: mentor werkt zelf bij Gemeente Bronckhorst");
    expect(buttonsOf(after)[0]?.label).toBe("Toch goedkeuren");
    // Nothing was sent, nothing changed yet.
    expect(intros(t)).toEqual([]);
    expect(t.app.bot.directory.mentorOf(ANNA)?.id).toBe(HENK);
  });

  it("approval stores the version with who and when, moves the directory at once, and introduces everyone once", async () => {
    const t = await start();
    const marieke = t.chat(MARIEKE);
    await marieke.say("koppel mentoren");
    await marieke.click(buttonsOf(marieke.lastReply)[1]!); // swap
    await marieke.submit(marieke.lastForm!, { a: "team-vonk", b: "team-zonnedorp" });
    const approve = buttonsOf(marieke.lastReply)[0]!;
    await marieke.click(approve);
    expect(shown(marieke.updates.at(-1))).toMatch(
      /^Goedgekeurd \(versie 1\)\. 15 kennismakingsberichten verstuurd\./,
    );
    const service = t.app.api(pairing);
    const current = await service.current();
    expect(current).toMatchObject({
      version: 1,
      approvedBy: MARIEKE,
      approvedAt: t.clock.now().toISOString(),
    });
    expect(current?.assignment["team-vonk"]).toBe(INGRID);
    // The directory follows: Anna's mentor is Ingrid now, in questions and everywhere else.
    expect(t.app.bot.directory.mentorOf(ANNA)?.id).toBe(INGRID);
    expect(t.app.bot.directory.menteesOf(INGRID).map((p) => p.id)).toContain(ANNA);
    // Introductions: 12 participants and 3 mentors, in their language, with how to reach the mentor.
    expect(intros(t)).toHaveLength(15);
    const toAnna = shown(t.adapter.to(ANNA).at(-1));
    expect(toAnna).toContain("Je mentor is *Ingrid Kok* (Adviesbureau Samenspel)");
    expect(toAnna).toContain("per e-mail: ingrid@samenspel.example"); // Ingrid is not in Slack
    const toIngrid = shown(t.adapter.to(INGRID).at(-1));
    expect(toIngrid).toContain("Team De Vonk");
    expect(toIngrid).toContain("Leervraag: _Hoe laat ik als beleidsmedewerker los");
    expect(toIngrid).toContain("Praktijkcase: Buurtkamer De Vonk, Zutphen, De Hoven");
    const hamid = shown(t.adapter.to("hamid-el-amrani").at(-1));
    expect(hamid).toContain("Your mentor is *Henk Westerveld*");
    expect(hamid).toContain(
      "in Teams: https://teams.microsoft.com/l/chat/0/0?users=henk@buurtcooperatie.example",
    );
    const esra = shown(t.adapter.to("esra-yilmaz").at(-1));
    expect(esra).toContain("<@U0KV0HENK>"); // both in Slack: a mention
    // A second click adds no version and sends nothing.
    await marieke.click(approve);
    expect(intros(t)).toHaveLength(15);
    expect((await service.state.get("current"))?.history).toHaveLength(1);
    // The audit log has who, when, how many.
    const audit = await t.app.audit.entries();
    expect(audit.some((e) => e.action === "pairing.approve" && e.actorId === MARIEKE)).toBe(true);
  });

  it("sends the introductions exactly once across a restart on the same SQLite store, and the directory comes back", async () => {
    const storeUrl = `sqlite://${join(dir(), "kampvuur.sqlite")}`;
    const first = await start({ storeUrl });
    const marieke = first.chat(MARIEKE);
    await marieke.say("koppel mentoren");
    await marieke.click(buttonsOf(marieke.lastReply)[1]!);
    await marieke.submit(marieke.lastForm!, { a: "team-vonk", b: "team-zonnedorp" });
    const approve = buttonsOf(marieke.lastReply)[0]!;
    // The platform refuses half-way: the rest is left to the scheduler.
    first.adapter.failOnSend = 6;
    await marieke.click(approve);
    const before = intros(first).length;
    expect(before).toBe(5);
    await first.close();
    apps.splice(apps.indexOf(first), 1);

    const second = await start({ storeUrl, now: at("2026-11-16T10:05") });
    expect(second.app.bot.directory.mentorOf(ANNA)?.id).toBe(INGRID);
    await new Scheduler(second.app).tick();
    await new Scheduler(second.app).tick();
    // A click on the old preview after the restart sends nothing more.
    await second.chat(MARIEKE).click(approve);
    const people = [...first.adapter.sent, ...second.adapter.sent]
      .filter((s) => s.message.kind === "pairing.intro")
      .map((s) => s.conversation);
    expect(people).toHaveLength(15);
    expect(new Set(people).size).toBe(15);
    const anna = await second.app.store.deliveries.get(introDeliveryId(1, ANNA));
    expect(anna?.status).toBe("sent");
  });
});

describe("leerbuddy's", () => {
  it("pair participants from other teams and organisations once between session days, never the same pair twice, one trio when odd", async () => {
    const t = await start({
      now: at("2026-11-01T09:00"),
      text: await demo((p) => {
        p.pairing = { peers: { enabled: true } };
      }),
    });
    // Lucas opts out: 11 participants are left, an odd number.
    const lucas = t.chat("lucas-van-leeuwen");
    await lucas.say("leerbuddy uit");
    expect(shown(lucas.lastReply)).toContain("Je krijgt geen leerbuddy meer");
    const scheduler = new Scheduler(t.app);
    const service = t.app.api(pairing);
    const seen = new Set<string>();
    const job = t.app.jobs.find((j) => j.id === "pairing.peers")!;
    const moments = job.upcoming!(t.clock.now(), 100);
    expect(moments).toHaveLength(6); // three rounds, each an introduction and a follow-up
    for (const moment of moments) {
      t.clock.set(moment);
      await scheduler.tick();
    }
    const rounds = await service.peerRounds.getMany(["2026-11-12", "2026-12-10", "2027-01-14"]);
    const config = new Map(t.programme.participants.map((p) => [p.id, p]));
    for (const round of rounds) {
      expect(round).toBeDefined();
      const people = round!.groups.flat();
      expect(people).not.toContain("lucas-van-leeuwen");
      expect(new Set(people).size).toBe(people.length);
      expect(round!.groups.filter((g) => g.length === 3).length).toBeLessThanOrEqual(1);
      for (const g of round!.groups) {
        for (const a of g)
          for (const b of g) {
            if (a >= b) continue;
            const key = `${a}|${b}`;
            expect(seen.has(key), `${key} twice`).toBe(false);
            seen.add(key);
            expect(t.app.bot.directory.teamOf(a)?.id).not.toBe(t.app.bot.directory.teamOf(b)?.id);
            expect(config.get(a)?.organisation).not.toBe(config.get(b)?.organisation);
          }
      }
    }
    // The first round: all 11, in four pairs and one trio.
    expect(rounds[0]!.groups.flat()).toHaveLength(11);
    expect(rounds[0]!.groups.map((g) => g.length).sort()).toEqual([2, 2, 2, 2, 3]);
    const anna = t.adapter.to(ANNA);
    const intro = anna.find((m) => m.kind === "pairing.peer-intro");
    expect(shown(intro)).toContain("Een vraag om mee te beginnen:");
    const followUp = anna.find((m) => m.kind === "pairing.peer-followup");
    expect(shown(followUp)).toContain("Hebben jullie elkaar gesproken?");
    await t.chat(ANNA).click(buttonsOf(followUp)[0]!);
    expect((await service.peerPeople.get(ANNA))?.answers).toEqual([
      expect.objectContaining({ round: "2026-11-12", answer: "yes" }),
    ]);
    // Each introduction and follow-up went once: one of each per round and person.
    const intros = t.adapter.sent.filter((s) => s.message.kind === "pairing.peer-intro");
    const inRounds = rounds.reduce((n, r) => n + r!.groups.flat().length, 0);
    expect(intros).toHaveLength(inRounds);
    expect(t.adapter.sent.filter((s) => s.message.kind === "pairing.peer-followup")).toHaveLength(inRounds);
  });
});

describe("leerbuddy's in the help", () => {
  it("are listed only where the programme file switches them on", async () => {
    const off = (await start()).chat(ANNA);
    await off.say("help");
    expect(off.lastReply?.text).toContain("huiswerk");
    expect(off.lastReply?.text).not.toContain("leerbuddy");
    const on = await start({ text: await demo((p) => (p.pairing = { peers: { enabled: true } })) });
    const anna = on.chat(ANNA);
    await anna.say("help");
    expect(anna.lastReply?.text).toContain("leerbuddy uit");
  });
});

describe("the leerbuddy follow-up in the next reflection", () => {
  it("the next prompt of who said 'ja' names the buddy; nobody else's, and not the week after", async () => {
    const t = await start({
      now: at("2026-11-13T09:00"),
      text: await demo((p) => (p.pairing = { peers: { enabled: true } })),
    });
    const scheduler = new Scheduler(t.app);
    const job = t.app.jobs.find((j) => j.id === "pairing.peers")!;
    for (const moment of job.upcoming!(t.clock.now(), 2)) {
      t.clock.set(moment);
      await scheduler.tick();
    }
    const followUp = t.adapter.to(ANNA).find((m) => m.kind === "pairing.peer-followup");
    await t.chat(ANNA).click(buttonsOf(followUp).find((b) => b.label === "Ja")!);
    const round = (await t.app.api(pairing).peerRounds.get("2026-11-12"))!;
    const buddies = round.groups
      .find((g) => g.includes(ANNA))!
      .filter((id) => id !== ANNA)
      .map((id) => t.app.bot.directory.get(id)!.firstName);

    // A prompt carries its occurrence (`reflection:<time>`) as its buttons' value.
    const prompt = (person: string, day: string) =>
      t.adapter
        .to(person)
        .find((m) => m.kind === "reflection" && buttonsOf(m).some((b) => b.value?.includes(day)));
    t.clock.set(at("2026-11-24T09:00"));
    await scheduler.tick();
    expect(shown(prompt(ANNA, "2026-11-24"))).toContain(`Je sprak onlangs met je leerbuddy ${buddies[0]}`);
    const bram = "bram-jansen";
    expect(shown(prompt(bram, "2026-11-24"))).not.toContain("leerbuddy");
    t.clock.set(at("2026-12-01T09:00"));
    await scheduler.tick();
    expect(shown(prompt(ANNA, "2026-12-01"))).not.toContain("leerbuddy");
  });
});
