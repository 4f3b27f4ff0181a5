import type { Language } from "../../config/programme-schema.js";
import type { Messages } from "../../core/i18n/index.js";

/** "A, B en C"; past `max` names: "A, B, … en 4 anderen". */
function names(list: readonly string[], and: string, others: (n: number) => string, max = 10): string {
  if (list.length <= 1) return list.join("");
  if (list.length > max) return `${list.slice(0, max).join(", ")} ${and} ${others(list.length - max)}`;
  return `${list.slice(0, -1).join(", ")} ${and} ${list.at(-1)}`;
}

/** "Slack", "Slack en Teams". */
const platforms = (list: readonly string[], and: string) => names(list.map(platformName), and, String);

function platformName(platform: string): string {
  return platform === "slack" ? "Slack" : platform === "teams" ? "Teams" : platform;
}

/**
 * The announcements feature's words, Dutch first (B1: short sentences, "je"). `en` is typed
 * from `nl`, so a key missing in English does not compile.
 */
export const nl = {
  commands: {
    announce:
      "een bericht aan iedereen, de deelnemers, de mentoren of één team (een formulier; je ziet eerst een voorbeeld)",
    announceText:
      "hetzelfde, met je bericht er meteen achter (bijvoorbeeld *aankondiging: We beginnen om 10:00*)",
  },

  form: {
    title: "Aankondiging",
    submit: "Voorbeeld bekijken",
    text: "Bericht",
    textHint: "Kort en duidelijk. Iedereen krijgt precies deze tekst.",
    audience: "Voor wie",
  },
  audience: {
    everyone: "Iedereen",
    participants: "Deelnemers",
    mentors: "Mentoren",
    channel: "Het kanaal van het programma",
  },

  /** Under the announcement, in every copy of it. */
  from: (name: string, role: string) => `Van ${name}, ${role}`,
  /** When the author is no longer in the programme file. */
  fromRole: (role: string) => `Van de ${role}`,

  people: (n: number) => (n === 1 ? "1 persoon" : `${n} mensen`),
  roleCount: {
    participant: (n: number) => (n === 1 ? "1 deelnemer" : `${n} deelnemers`),
    mentor: (n: number) => (n === 1 ? "1 mentor" : `${n} mentoren`),
    coordinator: (n: number) => (n === 1 ? "1 coördinator" : `${n} coördinatoren`),
  },
  previewFor: (audience: string) => `Voor wie: ${audience}`,
  /** "Gaat naar 14 mensen (12 deelnemers, 2 mentoren)." or, with one role only, "Gaat naar 12 deelnemers." */
  goesTo: (people: string, parts: string[]) =>
    parts.length === 1 ? `Gaat naar ${parts[0]}.` : `Gaat naar ${people} (${parts.join(", ")}).`,
  nobody: "Ik kan niemand van deze groep bereiken, dus versturen kan nu niet.",
  unreachable: (list: string[]) =>
    `${list.length === 1 ? "Eén persoon" : `${list.length} mensen`} kan ik niet bereiken: ${names(list, "en", (n) => `${n} anderen`)} ${list.length === 1 ? "heeft" : "hebben"} de app nog niet geopend.`,
  channelGoesTo: (list: string[]) => `Gaat naar het kanaal van het programma in ${platforms(list, "en")}.`,
  channelNotConnected: (platform: string) =>
    `Het kanaal in ${platformName(platform)} kan ik nu niet bereiken: ik ben nu niet met ${platformName(platform)} verbonden.`,
  channelNotAdded: (platform: string) =>
    `Het kanaal in ${platformName(platform)} kan ik nog niet bereiken: kampvuur is daar nog niet toegevoegd. Voeg de app toe aan het kanaal, of stuur je bericht als privébericht: kies *Iedereen*.`,
  nothingSentYet: "Er is nog niets verstuurd.",
  confirm: "Versturen",
  edit: "Aanpassen",
  cancel: "Annuleren",
  otherAudience: "Voor een andere groep:",

  sent: (people: string) => `Verstuurd naar ${people}.`,
  sentToChannel: (list: string[]) => `Geplaatst in het kanaal van het programma in ${platforms(list, "en")}.`,
  notReachedAfter: (n: number) => `${n === 1 ? "Eén persoon" : `${n} mensen`} kon ik niet bereiken.`,
  channelNotReached: (list: string[]) => `Het kanaal in ${platforms(list, "en")} kon ik niet bereiken.`,
  retrying: (n: number) => `Bij ${n} lukte het nog niet. Ik probeer het straks opnieuw.`,
  failed: (n: number) => `Bij ${n} is het niet gelukt.`,
  uncertain: (n: number) =>
    `Bij ${n} weet ik niet zeker of het aankwam: de verbinding viel weg. Ik stuur het niet opnieuw, zodat niemand het twee keer krijgt.`,
  cancelled: "Niet verstuurd.",
  alreadySent: "Deze aankondiging is al verstuurd. Je kunt haar niet meer aanpassen.",

  empty: "Je bericht is leeg. Schrijf wat je wilt laten weten.",
  tooLong: (length: number, max: number) =>
    `Je bericht is ${length} tekens lang. Dat is te lang: het mag hoogstens ${max} tekens zijn. Maak het korter, of zet de details in een document en stuur de link mee.`,
  chooseAudience: "Kies voor wie het bericht is.",

  home: {
    title: "Aankondigingen",
    text: "Stuur iedereen, de deelnemers, de mentoren of één team een bericht. Je ziet eerst een voorbeeld.",
    button: "Nieuwe aankondiging",
    last: (day: string, audience: string) => `Je laatste aankondiging: ${day}, voor ${audience}.`,
  },
};

export type AnnouncementStrings = typeof nl;

export const en: AnnouncementStrings = {
  commands: {
    announce:
      "a message to everyone, the participants, the mentors or one team (a form; you see a preview first)",
    announceText:
      "the same, with your message right after it (for example *announcement: We start at 10:00*)",
  },

  form: {
    title: "Announcement",
    submit: "Preview",
    text: "Message",
    textHint: "Short and clear. Everyone gets exactly this text.",
    audience: "For whom",
  },
  audience: {
    everyone: "Everyone",
    participants: "Participants",
    mentors: "Mentors",
    channel: "The programme's channel",
  },

  from: (name, role) => `From ${name}, ${role}`,
  fromRole: (role) => `From the ${role}`,

  people: (n) => (n === 1 ? "1 person" : `${n} people`),
  roleCount: {
    participant: (n) => (n === 1 ? "1 participant" : `${n} participants`),
    mentor: (n) => (n === 1 ? "1 mentor" : `${n} mentors`),
    coordinator: (n) => (n === 1 ? "1 coordinator" : `${n} coordinators`),
  },
  previewFor: (audience) => `For whom: ${audience}`,
  goesTo: (people, parts) =>
    parts.length === 1 ? `Goes to ${parts[0]}.` : `Goes to ${people} (${parts.join(", ")}).`,
  nobody: "I cannot reach anyone in this group, so it cannot be sent now.",
  unreachable: (list) =>
    `I cannot reach ${list.length === 1 ? "1 person" : `${list.length} people`}: ${names(list, "and", (n) => `${n} others`)} ${list.length === 1 ? "has" : "have"} not opened the app yet.`,
  channelGoesTo: (list) => `Goes to the programme's channel in ${platforms(list, "and")}.`,
  channelNotConnected: (platform) =>
    `I cannot reach the channel in ${platformName(platform)} now: I am not connected to ${platformName(platform)}.`,
  channelNotAdded: (platform) =>
    `I cannot reach the channel in ${platformName(platform)} yet: kampvuur has not been added there. Add the app to the channel, or send your message as a direct message: choose *Everyone*.`,
  nothingSentYet: "Nothing has been sent yet.",
  confirm: "Send",
  edit: "Edit",
  cancel: "Cancel",
  otherAudience: "For another group:",

  sent: (people) => `Sent to ${people}.`,
  sentToChannel: (list) => `Posted in the programme's channel in ${platforms(list, "and")}.`,
  notReachedAfter: (n) => `I could not reach ${n === 1 ? "1 person" : `${n} people`}.`,
  channelNotReached: (list) => `I could not reach the channel in ${platforms(list, "and")}.`,
  retrying: (n) => `For ${n} it did not work yet. I will try again shortly.`,
  failed: (n) => `For ${n} it did not work.`,
  uncertain: (n) =>
    `For ${n} I am not sure it arrived: the connection was lost. I won't send it again, so nobody gets it twice.`,
  cancelled: "Not sent.",
  alreadySent: "This announcement has already been sent. You can no longer change it.",

  empty: "Your message is empty. Write what you want to let people know.",
  tooLong: (length, max) =>
    `Your message is ${length} characters long. That is too long: it can be ${max} characters at most. Make it shorter, or put the details in a document and send the link.`,
  chooseAudience: "Choose who the message is for.",

  home: {
    title: "Announcements",
    text: "Send everyone, the participants, the mentors or one team a message. You see a preview first.",
    button: "New announcement",
    last: (day, audience) => `Your latest announcement: ${day}, for ${audience}.`,
  },
};

export function strings(language: Language): AnnouncementStrings {
  return language === "en" ? en : nl;
}

/** The feature's words in the language of a core dictionary (what handlers are handed as `t`). */
export function own(t: Messages): AnnouncementStrings {
  return strings(t.language);
}
