import type { Language } from "../../config/programme-schema.js";

/** "A, B en C". */
function list(items: readonly string[], and: string): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} ${and} ${items.at(-1)}`;
}

/**
 * The pairing feature's words, Dutch first (B1: short sentences, "je"). `en` is typed from
 * `nl`, so a key missing in English does not compile.
 */
export const nl = {
  commands: {
    pair: "stel een koppeling van mentoren voor; jij keurt hem goed of wisselt eerst een paar",
    peersOff: "geen leerbuddy meer",
    peersOn: "weer een leerbuddy na elke bijeenkomst",
  },
  languageName: { nl: "Nederlands", en: "Engels" } as Record<Language, string>,
  and: "en",

  // ── the proposal ─────────────────────────────────────────────────────────
  proposalTitle: (level: "team" | "participant"): string =>
    level === "team" ? "Voorstel: een mentor per team" : "Voorstel: een mentor per deelnemer",
  pairLine: (unit: string, mentor: string) => `*${unit}* → ${mentor}`,
  shared: (tags: string[]) => `zelfde onderwerpen: ${list(tags, "en")}`,
  noShared: "geen gedeelde onderwerpen",
  fixed: "vast in het programmabestand",
  stable: "blijft zoals het was",
  met: {
    organisation: "niet uit de eigen organisatie",
    language: (language: string) => `spreekt ${language}`,
    capacity: (load: number, capacity: number) => `heeft plek (${load} van ${capacity})`,
    availability: "het hele programma beschikbaar",
  },
  broken: {
    organisation: (org: string) => `mentor werkt zelf bij ${org}`,
    language: (language: string) => `spreekt geen ${language}`,
    capacity: (load: number, capacity: number) => `te vol: ${load} terwijl er plek is voor ${capacity}`,
    availability: "niet het hele programma beschikbaar",
  },
  score: (score: string) => `Totale score: ${score}`,
  scoreChange: (before: string, after: string) => `Score: ${before} → ${after}`,
  brokenTitle: "Let op, dit mag eigenlijk niet:",
  brokenLine: (unit: string, why: string) => `• ${unit}: ${why}`,
  notSentYet: "Er is nog niets verstuurd. Na goedkeuren krijgt iedereen een kennismakingsbericht.",
  approve: "Goedkeuren",
  approveAnyway: "Toch goedkeuren",
  swap: "Wissel een paar",
  cancel: "Annuleren",
  cancelled: "Het voorstel is geannuleerd. Er is niets veranderd.",
  swapForm: {
    title: "Wissel mentoren",
    submit: "Bekijk het effect",
    a: "Van",
    b: "Met",
    same: "Kies twee verschillende.",
  },
  approved: (version: number, count: number) =>
    `Goedgekeurd (versie ${version}). ${count === 1 ? "1 kennismakingsbericht" : `${count} kennismakingsberichten`} verstuurd.`,
  notReached: (names: string[]) => `Niet bereikt: ${list(names, "en")}.`,
  alreadyApproved: "Dit voorstel is al goedgekeurd.",
  notYours: "Dit voorstel is van een andere coördinator.",
  noMentors: "Er staan geen mentoren in het programmabestand. Zet ze onder *mentors:*.",
  noUnits: (level: "team" | "participant"): string =>
    level === "team"
      ? "Er staan geen teams in het programmabestand. Wil je per deelnemer koppelen? Zet dan *pairing: { level: participant }* in het bestand."
      : "Er staan geen deelnemers in het programmabestand.",
  current: (version: number, by: string, day: string) =>
    `Nu geldt versie ${version}, goedgekeurd door ${by} op ${day}.`,

  // ── when there is none ───────────────────────────────────────────────────
  infeasible: {
    outside: (orgs: string[]) => `buiten ${list(orgs, "en")}`,
    speaks: (language: string) => `die ${language} spreekt`,
    available: "die het hele programma kan",
    withRoom: "met plek over",
    line: (unit: string, parts: string[]) =>
      `${unit}: geen mentor${parts.length ? ` ${parts.join(" ")}` : ""}`,
    capacity: (mentor: string, extra: number, from: number) =>
      `Kleinste aanpassing: geef ${mentor} ${extra === 1 ? "1 plek" : `${extra} plekken`} meer (capacity: ${from} → ${from + extra}).`,
    exception: {
      organisation: (unit: string, mentor: string) =>
        `Kleinste aanpassing: sta voor ${unit} een mentor uit de eigen organisatie toe (${mentor}), of voeg een mentor toe.`,
      language: (unit: string, mentor: string) =>
        `Kleinste aanpassing: sta voor ${unit} een mentor in een andere taal toe (${mentor}), of voeg een mentor toe.`,
      availability: (unit: string, mentor: string) =>
        `Kleinste aanpassing: sta voor ${unit} een mentor toe die niet het hele programma kan (${mentor}).`,
      capacity: (unit: string, mentor: string) =>
        `Kleinste aanpassing: geef ${mentor} meer plek voor ${unit}.`,
    },
    none: "Voeg een mentor toe, of maak een harde regel zacht (pairing.hard).",
  },

  // ── introductions ────────────────────────────────────────────────────────
  introMentor: {
    title: (count: number): string => (count === 1 ? "Je nieuwe mentee" : "Je nieuwe mentees"),
    hello: (name: string) => `Hoi ${name}! Je bent mentor van:`,
    team: (name: string) => `*${name}*`,
    person: (name: string, org?: string) => `• ${name}${org ? ` (${org})` : ""}`,
    question: (q: string) => `  Leervraag: _${q}_`,
    case: (name: string, place?: string) => `Praktijkcase: ${name}${place ? `, ${place}` : ""}`,
    end: "Stuur ze gerust een berichtje om kennis te maken.",
  },
  introParticipant: {
    title: "Je mentor",
    hello: (name: string, mentor: string, org?: string) =>
      `Hoi ${name}! Je mentor is *${mentor}*${org ? ` (${org})` : ""}.`,
    expertise: (tags: string[]) => `Weet veel van: ${list(tags, "en")}.`,
    reach: "Zo bereik je je mentor:",
    slack: (mention: string) => `• in Slack: ${mention}`,
    teams: (link: string) => `• in Teams: ${link}`,
    email: (email: string) => `• per e-mail: ${email}`,
    end: "Stel je mentor gerust een vraag. Dat mag altijd.",
  },

  // ── leerbuddy's ──────────────────────────────────────────────────────────
  peers: {
    title: "Je leerbuddy",
    intro: (names: string[]) =>
      names.length === 1
        ? `Deze keer is je leerbuddy *${names[0]}*. Spreek in de komende weken een keer af, een half uur is genoeg.`
        : `Deze keer zijn je leerbuddy's *${list(names, "en")}*. Spreek in de komende weken een keer af, een half uur is genoeg.`,
    who: (name: string, org?: string, team?: string) =>
      `• ${name}${org ? `, ${org}` : ""}${team ? ` (${team})` : ""}`,
    question: (q: string) => `Een vraag om mee te beginnen: _${q}_`,
    noQuestion: "Een vraag om mee te beginnen: _Waar liep je de afgelopen weken tegenaan?_",
    optOut: "Liever geen leerbuddy? Typ *leerbuddy uit*.",
    followUp: "Hebben jullie elkaar gesproken?",
    yes: "Ja",
    notYet: "Nog niet",
    no: "Nee, lukt niet",
    thanks: {
      yes: "Fijn! Neem het gesprek mee in je volgende reflectie.",
      notYet: "Dat komt nog. Een half uur is genoeg.",
      no: "Jammer. Volgende keer krijg je een nieuwe leerbuddy.",
    },
    off: "Je krijgt geen leerbuddy meer. Typ *leerbuddy aan* als je weer wilt.",
    on: "Je krijgt weer een leerbuddy na elke bijeenkomst.",
    disabled: "Dit programma werkt niet met leerbuddy's.",
  },
  /** A line in the next reflection prompt, after the follow-up was answered. */
  peerContext: {
    met: (names: string[]) =>
      `Je sprak onlangs met je leerbuddy ${list(names, "en")}. Neem gerust mee wat je uit dat gesprek haalde.`,
    notYet: (names: string[]) =>
      `Je hebt ${list(names, "en")} nog niet gesproken. Misschien lukt het deze week; een half uur is genoeg.`,
  },
};

type PairingStrings = typeof nl;

export const en: PairingStrings = {
  commands: {
    pair: "propose a pairing of mentors; you approve it or swap a pair first",
    peersOff: "no learning buddy any more",
    peersOn: "a learning buddy again after every session day",
  },
  languageName: { nl: "Dutch", en: "English" },
  and: "and",

  proposalTitle: (level) =>
    level === "team" ? "Proposal: a mentor per team" : "Proposal: a mentor per participant",
  pairLine: (unit, mentor) => `*${unit}* → ${mentor}`,
  shared: (tags) => `shared topics: ${list(tags, "and")}`,
  noShared: "no shared topics",
  fixed: "fixed in the programme file",
  stable: "stays as it was",
  met: {
    organisation: "not from their own organisation",
    language: (language) => `speaks ${language}`,
    capacity: (load, capacity) => `has room (${load} of ${capacity})`,
    availability: "available for the whole programme",
  },
  broken: {
    organisation: (org) => `the mentor works at ${org} too`,
    language: (language) => `does not speak ${language}`,
    capacity: (load, capacity) => `too full: ${load} while there is room for ${capacity}`,
    availability: "not available for the whole programme",
  },
  score: (score) => `Total score: ${score}`,
  scoreChange: (before, after) => `Score: ${before} → ${after}`,
  brokenTitle: "Careful, this breaks a rule:",
  brokenLine: (unit, why) => `• ${unit}: ${why}`,
  notSentYet: "Nothing has been sent yet. After approval everyone gets an introduction.",
  approve: "Approve",
  approveAnyway: "Approve anyway",
  swap: "Swap a pair",
  cancel: "Cancel",
  cancelled: "The proposal is cancelled. Nothing has changed.",
  swapForm: {
    title: "Swap mentors",
    submit: "See the effect",
    a: "Swap",
    b: "With",
    same: "Choose two different ones.",
  },
  approved: (version, count) =>
    `Approved (version ${version}). ${count === 1 ? "1 introduction" : `${count} introductions`} sent.`,
  notReached: (names) => `Not reached: ${list(names, "and")}.`,
  alreadyApproved: "This proposal has already been approved.",
  notYours: "This proposal belongs to another coordinator.",
  noMentors: "The programme file has no mentors. Add them under *mentors:*.",
  noUnits: (level) =>
    level === "team"
      ? "The programme file has no teams. To pair per participant, set *pairing: { level: participant }* in the file."
      : "The programme file has no participants.",
  current: (version, by, day) => `Version ${version} applies now, approved by ${by} on ${day}.`,

  infeasible: {
    outside: (orgs) => `outside ${list(orgs, "and")}`,
    speaks: (language) => `who speaks ${language}`,
    available: "available for the whole programme",
    withRoom: "with room left",
    line: (unit, parts) => `${unit}: no mentor${parts.length ? ` ${parts.join(" ")}` : ""}`,
    capacity: (mentor, extra, from) =>
      `Smallest change: give ${mentor} ${extra === 1 ? "1 more place" : `${extra} more places`} (capacity: ${from} → ${from + extra}).`,
    exception: {
      organisation: (unit, mentor) =>
        `Smallest change: allow ${unit} a mentor from their own organisation (${mentor}), or add a mentor.`,
      language: (unit, mentor) =>
        `Smallest change: allow ${unit} a mentor in another language (${mentor}), or add a mentor.`,
      availability: (unit, mentor) =>
        `Smallest change: allow ${unit} a mentor who is not there for the whole programme (${mentor}).`,
      capacity: (unit, mentor) => `Smallest change: give ${mentor} more room for ${unit}.`,
    },
    none: "Add a mentor, or make a hard rule soft (pairing.hard).",
  },

  introMentor: {
    title: (count) => (count === 1 ? "Your new mentee" : "Your new mentees"),
    hello: (name) => `Hi ${name}! You are the mentor of:`,
    team: (name) => `*${name}*`,
    person: (name, org) => `• ${name}${org ? ` (${org})` : ""}`,
    question: (q) => `  Learning question: _${q}_`,
    case: (name, place) => `Practice case: ${name}${place ? `, ${place}` : ""}`,
    end: "Feel free to send them a message to get acquainted.",
  },
  introParticipant: {
    title: "Your mentor",
    hello: (name, mentor, org) => `Hi ${name}! Your mentor is *${mentor}*${org ? ` (${org})` : ""}.`,
    expertise: (tags) => `Knows a lot about: ${list(tags, "and")}.`,
    reach: "How to reach your mentor:",
    slack: (mention) => `• in Slack: ${mention}`,
    teams: (link) => `• in Teams: ${link}`,
    email: (email) => `• by e-mail: ${email}`,
    end: "Ask your mentor anything. That is always fine.",
  },

  peers: {
    title: "Your learning buddy",
    intro: (names) =>
      names.length === 1
        ? `This time your learning buddy is *${names[0]}*. Meet once in the coming weeks; half an hour is enough.`
        : `This time your learning buddies are *${list(names, "and")}*. Meet once in the coming weeks; half an hour is enough.`,
    who: (name, org, team) => `• ${name}${org ? `, ${org}` : ""}${team ? ` (${team})` : ""}`,
    question: (q) => `A question to start with: _${q}_`,
    noQuestion: "A question to start with: _What did you run into these past weeks?_",
    optOut: "Rather not have a learning buddy? Type *buddy off*.",
    followUp: "Have you talked to each other?",
    yes: "Yes",
    notYet: "Not yet",
    no: "No, it didn't work out",
    thanks: {
      yes: "Great! Take the conversation into your next reflection.",
      notYet: "It will come. Half an hour is enough.",
      no: "A pity. Next time you get a new learning buddy.",
    },
    off: "You will not get a learning buddy any more. Type *buddy on* if you want one again.",
    on: "You will get a learning buddy again after every session day.",
    disabled: "This programme does not use learning buddies.",
  },
  peerContext: {
    met: (names) =>
      `You recently talked with your learning buddy ${list(names, "and")}. Feel free to bring in what you took from it.`,
    notYet: (names) =>
      `You have not talked with ${list(names, "and")} yet. Perhaps this week; half an hour is enough.`,
  },
};

export function strings(language: Language): PairingStrings {
  return language === "en" ? en : nl;
}
