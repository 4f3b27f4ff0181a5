import { join } from "node:path";
import { DateTime } from "luxon";
import { afterEach, describe, expect, it } from "vitest";
import { loadAppProgramme } from "../../src/app.js";
import type { Programme } from "../../src/config/programme-schema.js";
import { CORE_COMMANDS, type CommandSpec } from "../../src/core/commands.js";
import type { Button, Form } from "../../src/core/messages.js";
import { DEFAULT_FEATURES } from "../../src/features/index.js";
import { announcements } from "../../src/features/announcements/records.js";
import { answerRecords } from "../../src/features/homework/records.js";
import { threadBooks } from "../../src/features/mentor/records.js";
import { pairingDrafts } from "../../src/features/pairing/records.js";
import { Scheduler } from "../../src/scheduling/scheduler.js";
import { cli } from "../helpers/cli.js";
import { buttonsOf, type Chat, startTestApp, type TestApp, tempDir } from "../helpers/harness.js";
import { ChannelSeat } from "../helpers/privacy.js";

/**
 * Issue 18, point 5: who can read what, on every read path there is. Sentences nobody else
 * would write are planted (a private answer, an edited answer's private first version, a
 * mentor-only and a team-shared answer, homework of one participant and of a team, a thread
 * between mentor and participant, a question to the bot, an unsent announcement); then every
 * person of the programme runs every chat command (enumerated from the features' command
 * specs), presses every button they get (two levels deep), opens their Home view, gets what
 * the scheduler sends for weeks, and the CLI runs its reports and exports. Every payload
 * (whole messages, button values and form metadata included) is checked against who may read
 * each sentence. Then everyone else presses the authors' buttons and sends their forms
 * (forged ids): refused, nothing of the author's shown or changed. On SQLite.
 */

const at = (iso: string) => DateTime.fromISO(iso, { zone: "Europe/Amsterdam" }).toJSDate();
const TUESDAY = at("2026-11-24T09:00");
const FRIDAY = at("2026-11-27T16:00");

const BRAM = "bram-jansen";
const ANNA = "anna-de-vries";
const CHANTAL = "chantal-bakker";
const DAAN = "daan-visser";
const ESRA = "esra-yilmaz";
const HENK = "henk-westerveld";
const MARIEKE = "marieke-hoekstra";
/** A second coordinator (added to the demo programme here): to forge the first one's drafts. */
const PIETER = "pieter-de-graaf";
const VONK = [ANNA, BRAM, CHANTAL, DAAN];
const ZONNEDORP = [ESRA, "frank-mulder", "gerda-smit", "hamid-el-amrani"];
const COORDINATORS = [MARIEKE, PIETER];

/** Where a payload went: a person's id, `channel` (everyone in it), or `cli` (an operator at a terminal). */
type Reader = string;
interface Payload {
  to: Reader;
  path: string;
  body: string;
}
interface Plant {
  key: string;
  text: string;
  author: string;
  /** Who may read it (besides the author); `cli` for an operator's report or export. */
  readers: readonly Reader[];
  /** The author's name must never be next to it in these (the question log is anonymous). */
  anonymous?: boolean;
}

const P = {
  private: "Bram schrijft privé dat hij overweegt te stoppen zz1priv.",
  oldPrivate: "Daans eerste versie, privé, over zijn wethouder zz2old.",
  mentorOnly: "Anna deelt alleen met Henk dat ze twijfelt aan haar rol zz3ment.",
  team: "Chantal deelt met het team dat de buurtkamer open moet zz4team.",
  teamEdited: "Daans tweede versie, nu voor het team zz5new.",
  otherTeam: "Esra deelt met Zonnedorp dat de grond bijna rond is zz6zon.",
  homeworkSolo: "Bram schrijft voor zijn eigen huiswerk over zijn leidinggevende zz7hws.",
  homeworkTeam: "Anna schrijft het teamhuiswerk over het bestemmingsplan zz8hwt.",
  mentorReply: "Henk reageert alleen aan Anna over haar twijfel zz9rep.",
  answerBack: "Anna antwoordt Henk terug over haar rol zz10bak.",
  question: "Wat doe je als je leidinggevende het initiatief tegenwerkt zz11q?",
  announcementDraft: "Concept van Marieke dat nog niemand mag zien zz12ann.",
  forged: "Vervalst antwoord van iemand anders zz13frg.",
} as const;

const plants: Plant[] = [
  { key: "private", text: P.private, author: BRAM, readers: [] },
  { key: "oldPrivate", text: P.oldPrivate, author: DAAN, readers: [] },
  { key: "mentorOnly", text: P.mentorOnly, author: ANNA, readers: [HENK] },
  { key: "team", text: P.team, author: CHANTAL, readers: [...VONK, HENK, ...COORDINATORS, "cli"] },
  { key: "teamEdited", text: P.teamEdited, author: DAAN, readers: [...VONK, HENK, ...COORDINATORS, "cli"] },
  {
    key: "otherTeam",
    text: P.otherTeam,
    author: ESRA,
    readers: [...ZONNEDORP, "ingrid-kok", ...COORDINATORS, "cli"],
  },
  { key: "homeworkSolo", text: P.homeworkSolo, author: BRAM, readers: [HENK, ...COORDINATORS, "cli"] },
  {
    key: "homeworkTeam",
    text: P.homeworkTeam,
    author: ANNA,
    readers: [...VONK, HENK, ...COORDINATORS, "cli"],
  },
  { key: "mentorReply", text: P.mentorReply, author: HENK, readers: [ANNA] },
  { key: "answerBack", text: P.answerBack, author: ANNA, readers: [HENK] },
  {
    key: "question",
    text: P.question.replace("?", ""),
    author: BRAM,
    readers: [...COORDINATORS, "cli"],
    anonymous: true,
  },
  { key: "announcementDraft", text: P.announcementDraft, author: MARIEKE, readers: [] },
];

/** Every text of a message, its button values and form metadata: the whole thing, as one string. */
const deep = (value: unknown): string => JSON.stringify(value) ?? "";

/** What may appear where: to the author and the plant's readers, nowhere else. */
function allowed(plant: Plant, payload: Payload): boolean {
  return payload.to === plant.author || plant.readers.includes(payload.to);
}

/** A refusal as the core and the features word it: nothing was done, nothing shown. */
const REFUSAL =
  /Dit hoort niet bij jou|This does not belong to you|Deze knop hoort bij|This button belongs to|kan alleen een .* doen|Only a .* can do this|is alleen voor|is only for|Alleen wie de vraag stelde|Only the person who asked|Dit voorstel is van een andere|This proposal belongs to another/;

const running: TestApp[] = [];
const dirs: ReturnType<typeof tempDir>[] = [];
afterEach(async () => {
  for (const t of running.splice(0)) await t.close();
  for (const d of dirs.splice(0)) d.cleanup();
});

/** The demo programme with a second coordinator. */
async function programmeWithTwoCoordinators(): Promise<Programme> {
  const programme = await loadAppProgramme();
  const first = programme.coordinators[0] as Programme["coordinators"][number];
  programme.coordinators.push({
    ...first,
    id: PIETER,
    name: "Pieter de Graaf",
    identities: { email: "pieter@leergang.example" },
  });
  return programme;
}

/** Every command with arguments it takes: the first words in each language, numbers for an index, the rest sampled. */
function commandLines(): string[] {
  const specs: CommandSpec[] = [...CORE_COMMANDS, ...DEFAULT_FEATURES.flatMap((f) => f.commands ?? [])];
  // Order matters: a state switched off is switched on again ("uit" before "aan").
  const samples = [
    "",
    "1",
    "2",
    "3",
    "md",
    "antwoorden",
    "antwoorden md",
    "answers csv",
    "vragen",
    "deelname csv",
    "reflectievragen md",
    "uit",
    "aan",
    "alleen gedeeld",
    "altijd",
    "nee",
    "ja",
    "2 weken",
    "komen",
    "wat is mijn leervraag?",
    "wie is mijn mentor?",
    "wanneer is de volgende bijeenkomst?",
  ];
  const lines = new Set<string>();
  for (const spec of specs) {
    const words = [spec.nl[0], spec.en[0]].filter((w): w is string => !!w && !w.includes("…"));
    const args = spec.args ?? /^$/;
    const fitting = samples.filter((s) => args.test(s)).slice(0, 6);
    for (const word of words) for (const arg of fitting) lines.add(arg ? `${word} ${arg}` : word);
  }
  // A pause ends with "hervat", an opt-out with "aanmelden" (the spec order has them after).
  return [...lines];
}

/** Buttons the sweep does not press: they change who may read, or erase the person pressing. */
const NOT_IN_SWEEP = new Set(["privacy.erase-confirm", "pairing.approve"]);
/** Buttons an author does not press on their own planted answers in the sweep (they would change its readers). */
const AUTHOR_KEEPS = new Set(["reflection.make-private"]);

describe("who can read what, on every read path", () => {
  it(
    "a planted sentence reaches only its readers, and forged ids are refused",
    { timeout: 600_000 },
    async () => {
      const d = tempDir();
      dirs.push(d);
      const storeUrl = `sqlite://${join(d.dir, "kampvuur.sqlite")}`;
      const programme = await programmeWithTwoCoordinators();
      const t = await startTestApp({ now: TUESDAY, storeUrl, programme });
      running.push(t);
      const tick = () => new Scheduler(t.app).tick();
      const everyone = [...programme.participants, ...programme.mentors, ...programme.coordinators].map(
        (p) => p.id,
      );
      const person = (id: string) => t.app.bot.directory.get(id)!;
      const payloads: Payload[] = [];
      const chats = new Map<string, Chat>();
      const chat = (id: string) => {
        if (!chats.has(id)) chats.set(id, t.chat(id));
        return chats.get(id) as Chat;
      };
      /** Everything a chat got since `from` (replies, forms, replaced messages), as payloads to its person. */
      const marks = new Map<string, [number, number, number]>();
      const collect = (id: string, path: string) => {
        const c = chat(id);
        const [r, f, u] = marks.get(id) ?? [0, 0, 0];
        for (const m of c.replies.slice(r)) payloads.push({ to: id, path, body: deep(m) });
        for (const m of c.forms.slice(f)) payloads.push({ to: id, path: `${path} (form)`, body: deep(m) });
        for (const m of c.updates.slice(u))
          payloads.push({ to: id, path: `${path} (update)`, body: deep(m) });
        marks.set(id, [c.replies.length, c.forms.length, c.updates.length]);
      };

      // ── 1. plant ─────────────────────────────────────────────────────────────
      await tick(); // Tuesday's prompt to every participant
      const answer = async (id: string, words: string, visibility: string) => {
        const c = chat(id);
        const prompt = t.adapter.to(id).find((m) => m.kind === "reflection");
        await c.click(buttonsOf(prompt).find((b) => b.actionId === "reflection.answer")!);
        await c.submit(c.lastForm!, { answer: words, visibility });
      };
      await answer(BRAM, P.private, "private");
      await answer(ANNA, P.mentorOnly, "mentor");
      await answer(CHANTAL, P.team, "group");
      await answer(ESRA, P.otherTeam, "group");
      await answer(DAAN, P.oldPrivate, "private");
      await chat(DAAN).say("wijzig 1");
      await chat(DAAN).submit(chat(DAAN).lastForm!, { answer: P.teamEdited, visibility: "group" });
      await chat(BRAM).say(`vraag: ${P.question}`);
      // One the content base answers: it has the rating buttons, which name the logged question.
      await chat(BRAM).say("vraag: wat betekent doen en niet te veel praten?");

      // Homework: one assignment for everyone alone, one for Team De Vonk together.
      const marieke = chat(MARIEKE);
      const newHomework = async (title: string, groups: string, mode: string) => {
        await marieke.say("huiswerk nieuw");
        await marieke.submit(marieke.lastForm!, {
          title,
          questions: "Wat heb je deze maand geleerd?",
          groups,
          due: "2026-12-20",
          mode,
        });
        const open = buttonsOf(marieke.lastReply).find((b) => b.actionId === "homework.open")!;
        await marieke.click(open);
        return open.value as string;
      };
      const solo = await newHomework("Mijn eigen stap", "iedereen apart", "per-member");
      // A chat assignment's id is made from the time: the next one a minute later.
      t.clock.set(new Date(TUESDAY.getTime() + 60_000));
      const together = await newHomework("Ons teamverslag", "team-vonk", "shared");
      const writeHomework = async (id: string, assignment: string, words: string) => {
        const c = chat(id);
        const message = t.adapter
          .to(id)
          .find((m) => buttonsOf(m).some((b) => b.actionId === "homework.answer" && b.value === assignment));
        await c.click(buttonsOf(message).find((b) => b.actionId === "homework.answer")!);
        await c.submit(c.lastForm!, { q1: words, action: "submit" });
        expect(c.lastReply?.text).not.toMatch(REFUSAL);
      };
      await writeHomework(BRAM, solo, P.homeworkSolo);
      await writeHomework(ANNA, together, P.homeworkTeam);

      // Friday: the digests; Henk replies to Anna, Anna answers back.
      t.clock.set(FRIDAY);
      await tick();
      const henk = chat(HENK);
      const digest = t.adapter.to(HENK).find((m) => m.kind?.startsWith("mentor.digest"));
      await henk.click(buttonsOf(digest).find((b) => b.actionId === "mentor.reply")!);
      await henk.submit(henk.lastForm!, { reply: P.mentorReply });
      const toAnna = t.adapter.to(ANNA).find((m) => m.kind === "mentor.reply");
      await chat(ANNA).click(buttonsOf(toAnna).find((b) => b.actionId === "mentor.answer-back")!);
      await chat(ANNA).submit(chat(ANNA).lastForm!, { reply: P.answerBack });
      // Marieke's drafts: an announcement and a pairing, neither sent.
      await marieke.say(`aankondiging: ${P.announcementDraft}`);
      await marieke.say("koppel mentoren");
      await marieke.say("huiswerk nieuw");
      await marieke.submit(marieke.lastForm!, {
        title: "Nog een concept",
        questions: "Wat neem je mee?",
        groups: "alle",
        due: "2026-12-21",
        mode: "per-member",
      });

      // The authors' own views: every button and form they have that names their records.
      const authors = [...new Set([...plants.map((p) => p.author), DAAN])];
      for (const id of authors) {
        const c = chat(id);
        for (const line of ["antwoorden", "huiswerk", "verwijder mij", "mijn gegevens", "reflectie"])
          await c.say(line);
      }
      const authorButtons: { author: string; button: Button }[] = [];
      const authorForms: { author: string; form: Form }[] = [];
      for (const id of authors) {
        const c = chat(id);
        const seen = [...c.replies, ...c.updates, ...t.adapter.to(id), await t.app.home(person(id))];
        for (const m of seen)
          for (const button of buttonsOf(m))
            if (!authorButtons.some((a) => a.author === id && deep(a.button) === deep(button)))
              authorButtons.push({ author: id, button });
        // Only a form whose metadata names a record can be forged; a blank new one is anyone's own.
        for (const form of c.forms) if (form.metadata) authorForms.push({ author: id, form });
      }
      // Henk's Edit on the homework (Aanpassen) and Marieke's own forms with metadata.
      const draftEdit = authorButtons.findLast(
        (a) => a.author === MARIEKE && a.button.actionId === "homework.edit-draft",
      );
      if (draftEdit) await marieke.click(draftEdit.button);
      const announcementEdit = authorButtons.findLast(
        (a) => a.author === MARIEKE && a.button.actionId === "announcement.edit",
      );
      if (announcementEdit) await marieke.click(announcementEdit.button);
      const swap = authorButtons.findLast(
        (a) => a.author === MARIEKE && a.button.actionId === "pairing.swap",
      );
      if (swap) await marieke.click(swap.button);
      for (const form of marieke.forms.filter((f) => f.metadata))
        if (!authorForms.some((a) => a.form === form)) authorForms.push({ author: MARIEKE, form });
      for (const id of authors) collect(id, "the author's own view");

      // Sanity: the buttons that name a record are there to forge.
      const ids = new Set(authorButtons.map((a) => a.button.actionId));
      for (const needed of [
        "reflection.edit",
        "reflection.make-private",
        "homework.view",
        "mentor.reply",
        "mentor.answer-back",
        "privacy.erase-confirm",
        "qa.helpful",
        "announcement.confirm",
        "pairing.approve",
        "homework.open",
      ])
        expect(ids, needed).toContain(needed);
      expect(new Set(authorForms.map((a) => a.form.formId))).toEqual(
        new Set([
          "reflection.answer",
          "homework.answer",
          "mentor.reply",
          "mentor.answer-back",
          "homework.create",
          "announcement.write",
          "pairing.swap",
        ]),
      );

      // ── 3. forged ids (before the sweep changes anything) ─────────────────────
      // The records that hold what was planted: the authors' answers, the homework, the threads,
      // the question log, the drafts, and who mentors whom. (A forger's own state may change:
      // pressing someone else's "Later" snoozes the forger's own copy of the same weekly prompt.)
      const snapshot = async () => {
        const store = t.app.store;
        return deep({
          books: await store.answers.getMany(authors),
          homework: await store.collection(answerRecords).all(),
          threads: await store.collection(threadBooks).all(),
          questions: await store.questions.all(),
          announcements: await store.collection(announcements).all(),
          pairing: await store.collection(pairingDrafts).all(),
          mentors: everyone.map((id) => t.app.bot.directory.mentorOf(id)?.id ?? ""),
          erased: everyone.filter((id) => t.app.bot.directory.isErased(id)),
        });
      };
      const before = await snapshot();
      const forgedReplies: { by: string; what: string; body: string; refused: boolean; expected: boolean }[] =
        [];
      const unitReaders = (unit: string): string[] =>
        unit.startsWith("@")
          ? [unit.slice(1), t.app.bot.directory.mentorOf(unit.slice(1))?.id ?? "", ...COORDINATORS]
          : [...(programme.teams.find((x) => x.id === unit)?.members ?? []), HENK, ...COORDINATORS];
      /** Whether this forger must be refused: the value names the author's own record, which they may not use. */
      const mustRefuse = (author: string, by: string, actionId: string, value: string | undefined) => {
        const v = value ?? "";
        const role = person(by).role;
        // A button without a value names no record ("Nieuwe aankondiging"): the forger's own new one.
        if (!v) return false;
        if (actionId === "homework.view") {
          const unit = /\|(@?[a-z0-9-]+)$/.exec(v)?.[1] ?? "";
          return !unitReaders(unit).includes(by);
        }
        // Each participant has their own unit of the individual assignment; the team's is Team De Vonk's.
        if (actionId === "homework.answer")
          return role !== "participant" || (v === together && !VONK.includes(by));
        if (/^(announcement|pairing)\.|^homework\.(open|cancel|edit-draft)$/.test(actionId)) return true;
        if (/^qa\.(helpful|not-helpful)$|^privacy\.erase|^mentor\.(reply|answer-back)$/.test(actionId))
          return true;
        return false;
      };
      for (const { author, button } of authorButtons)
        for (const by of everyone.filter((id) => id !== author)) {
          const expected = mustRefuse(author, by, button.actionId, button.value);
          // A value that names only the weekly prompt (everyone's the same) acts on the forger's
          // own copy of it: another author doing so would change what they planted themselves.
          if (!expected && authors.includes(by)) continue;
          const c = t.chat(by);
          await c.click({ ...button });
          const body = deep([c.replies, c.updates, c.forms]);
          const text = [...c.replies, ...c.updates].map((m) => m.text).join("\n");
          forgedReplies.push({
            by,
            what: `${button.actionId}=${button.value ?? ""} (${author}'s)`,
            body,
            refused: REFUSAL.test(text),
            expected,
          });
          payloads.push({ to: by, path: `forged click ${button.actionId} of ${author}`, body });
        }
      for (const { author, form } of authorForms) {
        const values = Object.fromEntries(
          form.fields.map((f) => [
            f.id,
            f.kind === "choice"
              ? String(f.initial ?? f.options[0]?.value ?? "")
              : f.kind === "textarea"
                ? P.forged
                : String(f.initial ?? P.forged),
          ]),
        );
        const unit = /\|(@?[a-z0-9-]+)$/.exec(form.metadata ?? "")?.[1];
        for (const by of everyone.filter((id) => id !== author)) {
          // A member of a homework unit writing its answer is no forgery: they may. Another
          // author sending a reflection form writes their own answer to the same weekly prompt
          // (which would overwrite what they planted): the forgers of those are the others.
          if (form.formId === "homework.answer" && unit && VONK.includes(by) && unit === "team-vonk")
            continue;
          if (form.formId === "reflection.answer" && authors.includes(by)) continue;
          const c = t.chat(by);
          await c.submit(form, values);
          const body = deep([c.replies, c.updates, c.forms]);
          const text = [...c.replies, ...c.updates].map((m) => m.text).join("\n");
          forgedReplies.push({
            by,
            what: `form ${form.formId} [${form.metadata ?? ""}] (${author}'s)`,
            body,
            refused: REFUSAL.test(text),
            expected: form.formId === "reflection.answer" ? false : true,
          });
          payloads.push({ to: by, path: `forged form ${form.formId} of ${author}`, body });
        }
      }
      expect(await snapshot(), "the authors' records after forged clicks and forms").toBe(before);
      const notRefused = forgedReplies
        .filter((f) => f.expected && !f.refused)
        .map((f) => `${f.by}: ${f.what}`);
      expect(notRefused, "forged ids that were not refused").toEqual([]);
      expect(forgedReplies.filter((f) => f.expected).length).toBeGreaterThan(100);
      // The forged text never reached anyone's records but the forger's own.
      const forgedIn = await Promise.all(
        authors.map(async (id) => deep(await t.app.personalData.export(id))),
      );
      authors.forEach((id, i) => {
        if (id !== MARIEKE) expect(forgedIn[i], id).not.toContain(P.forged);
      });

      // ── 2. the sweep: every command, every button, as everyone ─────────────────
      const lines = commandLines();
      expect(lines.length).toBeGreaterThan(60);
      for (const id of everyone) {
        const c = chat(id);
        collect(id, "before the sweep");
        // An author does not make their own planted answer private (that would change its readers).
        const mine = authors.includes(id)
          ? lines.filter((l) => !/^(privé|prive|private|maak privé|make private)(\s|$)/.test(l))
          : lines;
        for (const line of mine) {
          const since = () => {
            const [r, u] = [c.replies.length, c.updates.length];
            return () => [...c.replies.slice(r), ...c.updates.slice(u)];
          };
          const fromSay = since();
          await c.say(line);
          collect(id, `says "${line}"`);

          // Every button in what came back, and in what that brought, two levels deep.
          let level = fromSay();
          for (let depth = 0; depth < 2 && level.length > 0; depth++) {
            const next: typeof level = [];
            for (const m of level)
              for (const b of buttonsOf(m)) {
                if (NOT_IN_SWEEP.has(b.actionId)) continue;
                if (authors.includes(id) && AUTHOR_KEEPS.has(b.actionId)) continue;
                const fromClick = since();
                await c.click(b);
                collect(id, `says "${line}", presses ${b.actionId}`);
                next.push(...fromClick());
              }
            level = next;
          }
        }
        // The same commands in a channel: nothing planted may be posted there, whoever asks.
        const seat = new ChannelSeat(t, id);
        for (const line of mine) await seat.say(line);
        for (const m of seat.replies)
          for (const b of buttonsOf(m)) if (!NOT_IN_SWEEP.has(b.actionId)) await seat.click(b);
        payloads.push({ to: "channel", path: `${id} in a channel`, body: seat.seen });
      }

      // ── the scheduler for weeks: digests, reminders, homework, retention warning ──
      const moments: Date[] = [];
      for (
        let day = DateTime.fromJSDate(FRIDAY);
        day < DateTime.fromISO("2026-12-19");
        day = day.plus({ hours: 12 })
      )
        moments.push(day.toJSDate());
      moments.push(
        at("2027-01-12T09:05"),
        at("2027-01-15T16:05"),
        at("2027-02-08T09:05"),
        at("2027-02-12T16:05"),
        at("2027-04-28T09:05"),
        at("2027-04-29T09:05"),
      );
      for (const moment of moments) {
        t.clock.set(moment);
        await tick();
      }
      for (const s of t.adapter.sent) {
        const to = s.conversation.startsWith("test:") ? s.conversation.slice(5) : "channel";
        payloads.push({ to, path: `sent: ${s.message.kind ?? "message"}`, body: deep(s.message) });
      }
      expect(t.adapter.sent.some((s) => s.message.kind === "retention.warning")).toBe(true);

      // Home views and personal-data exports now.
      for (const id of everyone) {
        payloads.push({ to: id, path: "home", body: deep(await t.app.home(person(id))) });
        payloads.push({
          to: id,
          path: "personal data export",
          body: deep(await t.app.personalData.export(id)),
        });
        const c = chat(id);
        for (const line of ["gedeeld", "mijn team", "weekoverzicht", "overzicht", "antwoorden", "huiswerk"])
          await c.say(line);
        collect(id, "after the weeks");
      }
      await t.close();
      running.splice(running.indexOf(t), 1);

      // ── the CLI on the same store ─────────────────────────────────────────────
      const env = { KAMPVUUR_STORE: storeUrl };
      const runs: { argv: string[]; to: Reader }[] = [
        ...["text", "md", "csv"].map((f) => ({ argv: ["report", "--format", f], to: "cli" })),
        ...["participation", "questions", "answers", "prompts"].flatMap((what) =>
          ["csv", "md"].map((f) => ({ argv: ["export", what, "--format", f], to: "cli" })),
        ),
        { argv: ["audit"], to: "cli" },
        { argv: ["audit", "--json"], to: "cli" },
        { argv: ["privacy", "status"], to: "cli" },
        { argv: ["questions"], to: "cli" },
        { argv: ["questions", "--json"], to: "cli" },
        { argv: ["questions", "--unanswered"], to: "cli" },
        { argv: ["pair"], to: "cli" },
        { argv: ["homework", "export", "--assignment", together], to: "cli" },
        { argv: ["homework", "export", "--assignment", together, "--format", "csv"], to: "cli" },
        { argv: ["homework", "export", "--assignment", solo], to: "cli" },
        { argv: ["homework", "export", "--assignment", "reisverslag", "--format", "csv"], to: "cli" },
        // A person's own export goes to that person (a coordinator hands it over on their request).
        ...programme.participants
          .concat(programme.mentors)
          .filter((p) => p.id !== PIETER)
          .flatMap((p) => [
            { argv: ["privacy", "export", p.id], to: p.id },
            { argv: ["privacy", "export", p.id, "--format", "json"], to: p.id },
          ]),
      ];
      for (const run of runs) {
        const r = await cli(run.argv, { env, now: at("2027-04-29T10:00") });
        expect(r.code, `${run.argv.join(" ")}: ${r.stderr}`).toBe(0);
        payloads.push({ to: run.to, path: `kampvuur ${run.argv.join(" ")}`, body: r.stdout + r.stderr });
      }

      // ── the verdict ───────────────────────────────────────────────────────────
      const leaks: string[] = [];
      for (const payload of payloads)
        for (const plant of plants) {
          if (!payload.body.includes(plant.text)) continue;
          if (!allowed(plant, payload)) leaks.push(`${plant.key} → ${payload.to} via ${payload.path}`);
          else if (
            payload.to !== plant.author &&
            (plant.anonymous || (plant.key === "mentorOnly" && payload.to !== HENK))
          ) {
            // Anonymous: the author's name is not next to it.
            const name = person(plant.author).name;
            const i = payload.body.indexOf(plant.text);
            const around = payload.body.slice(Math.max(0, i - 200), i + plant.text.length + 200);
            if (around.includes(name) || around.includes(plant.author))
              leaks.push(`${plant.key}: named next to it for ${payload.to} via ${payload.path}`);
          }
        }
      expect([...new Set(leaks)], "planted sentences where they do not belong").toEqual([]);

      // The check can see: each sentence reached its author, and the shared ones their readers.
      const reached = (plant: Plant, to: Reader) =>
        payloads.some((p) => p.to === to && p.body.includes(plant.text));
      // (A mentor's reply is kept under the participant: Henk sees only that it went.)
      for (const plant of plants.filter((p) => p.key !== "mentorReply"))
        expect(reached(plant, plant.author), `${plant.key} to its author`).toBe(true);
      const byKey = (key: string) => plants.find((p) => p.key === key) as Plant;
      expect(reached(byKey("mentorOnly"), HENK)).toBe(true);
      // (Participants have no chat view of their team's shared reflections; mentor and coordinators do.)
      expect(reached(byKey("team"), MARIEKE)).toBe(true);
      expect(reached(byKey("team"), HENK)).toBe(true);
      expect(reached(byKey("teamEdited"), HENK)).toBe(true);
      expect(reached(byKey("homeworkTeam"), HENK)).toBe(true);
      expect(reached(byKey("homeworkSolo"), "cli")).toBe(true);
      expect(reached(byKey("question"), "cli")).toBe(true);
      expect(reached(byKey("mentorReply"), ANNA)).toBe(true);
      expect(reached(byKey("answerBack"), HENK)).toBe(true);
      expect(reached(byKey("otherTeam"), "ingrid-kok")).toBe(true);
      expect(payloads.length).toBeGreaterThan(2000);
    },
  );
});
