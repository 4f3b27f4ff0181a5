import type { Language } from "../../../config/programme-schema.js";

/**
 * What a question about the programme itself asks: a session day (which one, and the
 * remaining dates), or one of the asker's own facts (team, mentor, practice case, learning
 * question, what is due). Recognised by a few words per language, conservatively: a
 * question about the mentor's *role* ("wat doet een mentor?") stays a content question.
 */
export type ProgrammeIntent =
  | { kind: "session"; which: SessionSelector }
  | { kind: "dates" }
  | { kind: "team" }
  | { kind: "mentor" }
  | { kind: "case" }
  | { kind: "learning-question" }
  | { kind: "due" };

export type SessionSelector =
  | { by: "next" }
  | { by: "previous" }
  | { by: "number"; n: number }
  | { by: "last" }
  | { by: "date"; month: number; day?: number }
  | { by: "place"; word: string };

/** Text as the patterns see it: lower case, no accents, single spaces. */
export function normalise(text: string): string {
  return text
    .toLowerCase()
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .replace(/[^\p{L}\d/:-]+/gu, " ")
    .trim();
}

const ORDINALS: Record<string, number> = {
  eerste: 1,
  first: 1,
  tweede: 2,
  second: 2,
  derde: 3,
  third: 3,
  vierde: 4,
  fourth: 4,
  vijfde: 5,
  fifth: 5,
  zesde: 6,
  sixth: 6,
};
const ORDINAL = Object.keys(ORDINALS).join("|");

export const MONTHS: Record<string, number> = {
  januari: 1,
  jan: 1,
  january: 1,
  februari: 2,
  feb: 2,
  february: 2,
  maart: 3,
  march: 3,
  mrt: 3,
  april: 4,
  apr: 4,
  mei: 5,
  may: 5,
  juni: 6,
  june: 6,
  juli: 7,
  july: 7,
  augustus: 8,
  aug: 8,
  august: 8,
  september: 9,
  sep: 9,
  sept: 9,
  oktober: 10,
  october: 10,
  okt: 10,
  oct: 10,
  november: 11,
  nov: 11,
  december: 12,
  dec: 12,
};
const MONTH = Object.keys(MONTHS).join("|");

/** A session day named as such: "leerdag", "de volgende keer", "session day", "next session". */
const SESSION_NOUN =
  /\b(leer|les|trainings|terugkom|plenaire )(dag|dagen)\b|\bsession ?days?\b|\b(volgende|komende|eerstvolgende|vorige|next|last) (keer|time|bijeenkomst|sessie|session)\b/;
/** Words that name a session day only with a number or an order ("dag 2", "the last day"). */
const WEAK_NOUN = /\b(dag|dagen|bijeenkomst|sessie|day|days|session|sessions)\b/;
/** A numbered or ordered day: "dag 2", "leerdag 3", "de tweede dag", "day 2", "the last session". */
const NUMBERED = new RegExp(
  `\\b(?:leer|les|trainings?)?(?:dag|bijeenkomst|sessie|day|session)(?: nr| nummer| number)? (\\d)\\b|\\b(${ORDINAL}|\\d)(?:e|de|ste|st|nd|rd|th)? (?:leer|les|trainings?)?(?:dag|bijeenkomst|sessie|day|session)\\b`,
);
const LAST = /\b(laatste|last|final|slot)\s?(leer|les)?(dag|bijeenkomst|sessie|day|session)\b/;
const NEXT = /\b(volgende|komende|eerstvolgende|next|upcoming|coming)\b/;
const PREVIOUS = /\b(vorige|afgelopen|previous|last time|vorige keer)\b/;
const DATE = new RegExp(`\\b(?:(\\d{1,2}) )?(${MONTH})\\b`);
/** What one asks about a day: when, where, what, what to prepare. */
const ASPECT =
  /\b(wanneer|waar|hoe laat|welke (datum|dag|tijd|locatie|plek)|datum|tijd|locatie|adres|plek|thema|onderwerp|programma|voorbereid\w*|meenemen|mee nemen|doen we|gaan we doen|gebeurt|when|where|what time|which date|date|time|location|venue|address|theme|topic|prepare|preparation|bring|do we|will we do|happens?|about)\b/;
const ALL_DATES =
  /\b(alle|welke|overige|resterende|nog) (leer|les)?(data|dagen|datums|bijeenkomsten|sessies)\b|\b(data|datums) van de (leer|les)?(dagen|bijeenkomsten)\b|\bwanneer zijn de (leer|les)?(dagen|bijeenkomsten|sessies)\b|\b(all|remaining|other) (the )?(dates|session days|sessions|days)\b|\bwhen are the (sessions|session days|days)\b|\b(rooster|schedule|planning)\b/;
const POSSESSIVE = /\b(mijn|m'n|mn|onze|ons|ik|we|wij|jullie|my|our|i|we|am i)\b/;
const TEAM = /\b(team|teamgenoten|teamleden|teammates?|groepje)\b/;
const MENTOR = /\b(mentor|begeleider|coach)\b/;
const CASE = /\b(praktijkcase|praktijkopdracht|case|casus|initiatief|practice case)\b/;
const LEARNING_QUESTION = /\b(leervraag|learning question)\b/;
const DUE =
  /\b(huiswerk|homework|inleveren|deadline|moet ik (nog )?(klaar hebben|af hebben)|what is due|what's due|due)\b/;
/**
 * "Wat moet ik nog doen?", "what do I still have to do?": the whole question, so that "de
 * bewoners haken af, wat moet ik doen?" stays a content question.
 */
const DUE_OWN =
  /^(en |dus |hoi |so |and )?(wat (moet|moeten|heb|hebben) (ik|we|wij) (nog )?(te )?doen|what (do|should|must) (i|we) (still )?(have|need) to do)( voor (de )?(volgende|komende|eerstvolgende) (keer|leerdag|bijeenkomst|sessie)| for (next time|the next (session|session day|day)))?$|\bwat staat er (nog )?voor (mij|me|ons) (klaar|open)\b/;
/**
 * "Moet ik iets voorbereiden voor de volgende keer?", "what do I need to prepare?": what is
 * due (homework too), not one day's description; a question about a named day ("voor
 * leerdag 3") or with when or where stays a session question.
 */
const NEXT_TIME =
  "( voor (de |het )?(volgende|komende|eerstvolgende) (keer|leerdag|bijeenkomst|sessie|les)| for (next time|the next (session|session day|day)))?$";
const PREPARE_NEXT = new RegExp(
  `^(en |dus |hoi |so |and )?((wat )?(moet|moeten|hoef|hoeven) (ik|we|wij) (nog )?(iets |wat )?voor ?(te )?bereiden|(what|anything) (do|should|must) (i|we) (still )?(need to |have to )?prepare|do (i|we) (need|have) to prepare( anything| something)?|is there (anything|something) (i|we) (need|have|should) (to )?(do|prepare))${NEXT_TIME}`,
);
/** "wat doet een mentor", "what is the role of the mentor": about the subject, not about the asker. */
const GENERAL = /\b(rol van|role of|wat doet een|what does a|wat is een|what is a)\b/;

function selector(q: string): SessionSelector | undefined {
  const numbered = NUMBERED.exec(q);
  if (numbered) {
    const raw = numbered[1] ?? numbered[2] ?? "";
    const n = ORDINALS[raw] ?? Number(raw);
    if (n >= 1) return { by: "number", n };
  }
  if (LAST.test(q)) return { by: "last" };
  const date = DATE.exec(q);
  // "may I …" is no month; "4 may" is.
  if (date && (date[1] || date[2] !== "may")) {
    const month = MONTHS[date[2] ?? ""] as number;
    return date[1] ? { by: "date", month, day: Number(date[1]) } : { by: "date", month };
  }
  if (PREVIOUS.test(q)) return { by: "previous" };
  if (NEXT.test(q)) return { by: "next" };
  return undefined;
}

/**
 * The programme question a message asks, if it asks one. `places` are the distinctive words
 * of the session days' locations ("vorden"), so "wanneer zijn we in Vorden?" finds its days.
 *
 * @example
 * programmeIntent("wanneer is de volgende leerdag en waar?"); // { kind: "session", which: { by: "next" } }
 */
export function programmeIntent(
  question: string,
  _language: Language,
  places: readonly string[] = [],
): ProgrammeIntent | undefined {
  const q = normalise(question);
  const own = POSSESSIVE.test(q) && !GENERAL.test(q);
  if (LEARNING_QUESTION.test(q) && own) return { kind: "learning-question" };
  if (
    MENTOR.test(q) &&
    (own || /\bwie is (de|onze|mijn)\b|\bwho is (the|our|my)\b/.test(q)) &&
    !GENERAL.test(q)
  )
    return { kind: "mentor" };
  if (
    /\b(in welk team|welk team|which team|who is in my team|wie zitten er in)\b/.test(q) ||
    (TEAM.test(q) && own && /\b(wie|welk|who|which|what|wat)\b/.test(q))
  )
    if (!CASE.test(q)) return { kind: "team" };
  if (
    CASE.test(q) &&
    /\b(onze|ons|mijn|our|my)\b/.test(q) &&
    /\b(wat|welke|waar|wie|what|which|where|who)\b/.test(q) &&
    !GENERAL.test(q)
  )
    return { kind: "case" };
  // "Welk huiswerk heb ik nog voor de volgende keer?" is what is due; "… voor leerdag 3" is that day.
  if ((DUE.test(q) || DUE_OWN.test(q)) && !/\bvoorbereid/.test(q)) {
    const which = SESSION_NOUN.test(q) || WEAK_NOUN.test(q) ? selector(q) : undefined;
    if (!which || which.by === "next") return { kind: "due" };
  }
  if (PREPARE_NEXT.test(q) && !/\b(wanneer|waar|hoe laat|when|where|what time)\b/.test(q)) {
    const which = selector(q);
    if (!which || which.by === "next") return { kind: "due" };
  }
  if (ALL_DATES.test(q)) return { kind: "dates" };
  const place = places.find((p) => new RegExp(`\\b${p}\\b`).test(q));
  const which = selector(q);
  // "wat moet ik voorbereiden?": the preparation of the next day.
  if (
    /\b(moet|moeten) (ik|we|wij) (nog )?(iets |wat )?(voorbereiden|meenemen)$|\b(what|anything) (do|should|must) (i|we) (need to |have to )?(prepare|bring)( for it)?$|\bdo (i|we) (need|have) to prepare (anything|something)?$/.test(
      q,
    )
  )
    return { kind: "session", which: which ?? { by: "next" } };
  if ((SESSION_NOUN.test(q) && (ASPECT.test(q) || which)) || (WEAK_NOUN.test(q) && which))
    return { kind: "session", which: which ?? { by: "next" } };
  if (place && /\b(wanneer|when|leer|dag|day|session|bijeenkomst)\b/.test(q))
    return { kind: "session", which: { by: "place", word: place } };
  return undefined;
}
