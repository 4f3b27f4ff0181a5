import type { Language } from "../../config/programme-schema.js";

export const nl = {
  commands: {
    myData: "alles wat ik over je bewaar, om te lezen en om mee te nemen",
    eraseMe: "al je gegevens verwijderen (ik vraag eerst of je het zeker weet)",
  },
  myData: {
    title: "Je gegevens",
    intro: (name: string) => `Dit bewaart kampvuur over jou, ${name}. Alleen jij krijgt dit te zien.`,
    nothing: "Ik bewaar niets over je, behalve je naam uit het programmabestand.",
    filename: "mijn-gegevens",
    json: "Hetzelfde als JSON, voor een computer.",
    links: (md: string, json: string) =>
      `Download je gegevens (de links werken een uur):\n• om te lezen: ${md}\n• als JSON, voor een computer: ${json}`,
    partTitle: (part: string) => `Deel: ${part}`,
    file: "Een bestand met alles (ook als JSON) kan je coördinator maken met *kampvuur privacy export*.",
    tooLong: (shown: number, total: number) =>
      `Dit is een deel (${shown} van ${total} tekens). Vraag je coördinator om het hele bestand: *kampvuur privacy export*.`,
  },
  erase: {
    title: "Al je gegevens verwijderen?",
    what: "Dit verwijder ik:",
    kept: "Dit blijft: tellingen zonder naam (zoals hoeveel mensen een vraag beantwoordden). Je naam staat nog in het programmabestand; de coördinator haalt je daar weg.",
    after:
      "Daarna krijg je geen berichten meer van mij, en ik reageer niet meer op je. Dit kan niet ongedaan worden.",
    confirm: "Ja, verwijder alles",
    cancel: "Nee, toch niet",
    cancelled: "Goed, ik verwijder niets.",
    done: (n: number) =>
      `Je gegevens zijn verwijderd (${n === 1 ? "1 onderdeel" : `${n} onderdelen`}). Wil je later weer meedoen? Vraag het je coördinator.`,
    notYours: "Deze knop hoort bij iemand anders.",
  },
  cli: {
    unknown: (id: string) =>
      `'${id}' staat niet in het programma. Kijk met 'kampvuur validate' welke ids er zijn.`,
    plan: (name: string) => `Dit verwijdert alles wat kampvuur over ${name} bewaart:`,
    rerun: (id: string) => `Zeker weten? Typ dan: kampvuur privacy erase ${id} --yes`,
    erased: (name: string, n: number) =>
      `Verwijderd: alles van ${name} (${n} onderdelen). Berichten van ${name} krijgen nu "niet in het programma".`,
    readded: (name: string) => `${name} doet weer mee. Er is niets teruggezet: de gegevens zijn weg.`,
    notErased: (name: string) => `${name} was niet verwijderd.`,
    usage:
      "Gebruik: kampvuur privacy export <persoon> [--format md|json] | erase <persoon> [--yes] | readd <persoon> | status",
    status: (erased: number, parts: string) =>
      `Verwijderde personen: ${erased}.\nWat kampvuur per onderdeel bewaart:\n${parts}`,
  },
};

type PrivacyStrings = typeof nl;

export const en: PrivacyStrings = {
  commands: {
    myData: "everything I keep about you, to read and to take with you",
    eraseMe: "erase all your data (I ask first whether you are sure)",
  },
  myData: {
    title: "Your data",
    intro: (name) => `This is what kampvuur keeps about you, ${name}. Only you see this.`,
    nothing: "I keep nothing about you, apart from your name in the programme file.",
    filename: "my-data",
    json: "The same as JSON, for a computer.",
    links: (md, json) =>
      `Download your data (the links work for an hour):\n• to read: ${md}\n• as JSON, for a computer: ${json}`,
    partTitle: (part) => `Part: ${part}`,
    file: "Your coordinator can make a file with all of it (also as JSON) with *kampvuur privacy export*.",
    tooLong: (shown, total) =>
      `This is a part (${shown} of ${total} characters). Ask your coordinator for the whole file: *kampvuur privacy export*.`,
  },
  erase: {
    title: "Erase all your data?",
    what: "This is what I erase:",
    kept: "What stays: counts without names (such as how many people answered a prompt). Your name is still in the programme file; the coordinator removes you there.",
    after: "After that I send you no more messages and no longer respond to you. This cannot be undone.",
    confirm: "Yes, erase everything",
    cancel: "No, keep it",
    cancelled: "Fine, I erase nothing.",
    done: (n) =>
      `Your data is erased (${n === 1 ? "1 part" : `${n} parts`}). Want to take part again later? Ask your coordinator.`,
    notYours: "This button belongs to someone else.",
  },
  cli: {
    unknown: (id) => `'${id}' is not in the programme. 'kampvuur validate' lists who is.`,
    plan: (name) => `This erases everything kampvuur keeps about ${name}:`,
    rerun: (id) => `Sure? Then type: kampvuur privacy erase ${id} --yes`,
    erased: (name, n) =>
      `Erased: everything of ${name} (${n} parts). Messages from ${name} now get "not in the programme".`,
    readded: (name) => `${name} takes part again. Nothing was restored: the data is gone.`,
    notErased: (name) => `${name} was not erased.`,
    usage:
      "Usage: kampvuur privacy export <person> [--format md|json] | erase <person> [--yes] | readd <person> | status",
    status: (erased, parts) => `People erased: ${erased}.\nWhat kampvuur keeps per part:\n${parts}`,
  },
};

export function strings(language: Language): PrivacyStrings {
  return language === "en" ? en : nl;
}
