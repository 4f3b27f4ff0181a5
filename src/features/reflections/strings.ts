import type { Language } from "../../config/programme-schema.js";
import type { Messages } from "../../core/i18n/index.js";

/**
 * The reflections feature's own words, Dutch first. `en` is typed from `nl`, so a key
 * missing in English does not compile.
 */
export const nl = {
  commands: {
    reflection: "laat je huidige reflectievraag zien",
    answer: "beantwoord je huidige reflectievraag",
    answers: "laat al je antwoorden zien",
    edit: "wijzig een antwoord, bijvoorbeeld: wijzig 2",
    pause: "even geen reflectievragen: pauze 2 weken, of pauze tot 2027-01-10",
    resume: "de pauze beëindigen",
    optOut: "helemaal geen reflectievragen meer",
    optIn: "weer reflectievragen ontvangen",
    sendReflection: "stuur de reflectievraag van deze week nu naar alle deelnemers",
    makePrivate: "maak een gedeeld antwoord weer privé, bijvoorbeeld: privé 2",
  },
  audience: {
    inDigest: (mentor: string, day: string) => `${mentor} ziet dit in het weekoverzicht van ${day}.`,
    withShared: (mentor: string) => `${mentor} kan dit lezen.`,
    team: "Je teamgenoten krijgen het niet via de chat.",
    noMentor: "Je hebt nu geen mentor. Niemand anders ziet dit.",
    visibilityMentor: (mentor: string) => `Ik en ${mentor} (mijn mentor)`,
    visibilityGroup: (mentor: string) => `Ik, ${mentor} en mijn team`,
    makePrivateButton: "Toch privé",
    madePrivate: (mentor?: string) =>
      mentor
        ? `Je antwoord is weer privé. ${mentor} ziet het niet meer in het weekoverzicht en bij gedeeld.`
        : "Je antwoord is weer privé.",
    alreadyPrivate: "Dit antwoord is al privé.",
    makePrivateUsage: (n: number) =>
      n === 0
        ? "Je hebt nog geen antwoorden."
        : `Typ bijvoorbeeld *privé 1*. Je hebt ${n} ${n === 1 ? "antwoord" : "antwoorden"}.`,
  },
  helpNote: "Je kunt ook gewoon antwoorden op een reflectievraag door een bericht te sturen.",
  reflection: {
    promptTitle: "Reflectie van deze week",
    promptIntro: (firstName: string) => `Hoi ${firstName}, hier is je reflectievraag van deze week:`,
    reminderTitle: "Nog even over je reflectie",
    reminderIntro: (firstName: string, day: string) =>
      `Hoi ${firstName}, de vraag van ${day} staat nog open. Een paar zinnen is genoeg, en overslaan mag ook:`,
    snoozedIntro: (firstName: string) => `Hoi ${firstName}, zoals beloofd: je reflectievraag van deze week.`,
    answerButton: "Beantwoorden",
    laterButton: "Later",
    skipButton: "Overslaan",
    laterQuestion: "Wanneer wil je de vraag opnieuw? Over 3 uur, vanavond om 19:00 of morgen om 09:00.",
    laterChoices: { hours: "3 uur", evening: "Vanavond", tomorrow: "Morgen" },
    snoozed: (when: string) => `Prima, je krijgt de vraag opnieuw op ${when}.`,
    skipped: "Overgeslagen. De volgende vraag komt vanzelf.",
    answeredMark: (visibility: string) => `✓ Beantwoord (${visibility})`,
    promptFooter:
      "Je antwoord is privé, tenzij je zelf kiest om het te delen. Je kunt ook gewoon hier antwoorden.",
    noOpenPrompt: "Je hebt op dit moment geen openstaande reflectievraag. De volgende komt vanzelf.",
    formTitle: "Je reflectie",
    formSubmit: "Opslaan",
    answerLabel: "Je antwoord",
    answerHint: "Een paar zinnen is genoeg.",
    visibilityLabel: "Wie mag dit lezen?",
    visibility: {
      private: "Alleen ik",
      mentor: "Ik en mijn mentor",
      group: "Ik, mijn mentor en mijn team",
    },
    answerEmpty: "Je antwoord is nog leeg. Schrijf een paar woorden, of laat de vraag voor later.",
    answerTooLong: (length: number, max: number) =>
      `Je antwoord is ${length} tekens lang; het mag er ${max} zijn. Kort het wat in, of zet het vervolg in een tweede antwoord.`,
    saved: (visibility: string) => `Dank je! Je antwoord is opgeslagen (${visibility}).`,
    updated: (visibility: string) =>
      `Je antwoord is bijgewerkt (${visibility}). De vorige versie is bewaard.`,
    /** The same answer sent again (a double tap on "Opslaan"): nothing new is stored. */
    alreadySaved: (visibility: string) =>
      `Dit antwoord had ik al opgeslagen (${visibility}). Er is niets veranderd.`,
    editButton: "Wijzigen",
    listEmpty: "Je hebt nog geen antwoorden gegeven.",
    listHeader: (n: number) => `Je ${n === 1 ? "antwoord" : `${n} antwoorden`}:`,
    /** A page of a long list, newest first: "Je 12 antwoorden, de nieuwste eerst (12 tot en met 9):" */
    listPage: (total: number, newest: number, oldest: number) =>
      `Je ${total} antwoorden, de nieuwste eerst (${newest === oldest ? newest : `${newest} tot en met ${oldest}`}):`,
    olderButton: "Oudere antwoorden",
    clipped: (n: number) => `_Ingekort. Typ *wijzig ${n}* om alles te lezen._`,
    listItem: (n: number, date: string, visibility: string, edits: number) =>
      `${n}. ${date} · ${visibility}${edits > 0 ? ` · ${edits}× gewijzigd` : ""}`,
    editUsage: (count: number) =>
      count === 0
        ? "Je hebt nog geen antwoorden om te wijzigen."
        : `Welk antwoord wil je wijzigen? Typ bijvoorbeeld *wijzig ${count}* (kies 1 tot en met ${count}).`,
    questionLabel: "Vraag",
    /** What a free-text answer is an answer to: "Is dit je antwoord op de reflectievraag?" */
    replyTo: "de reflectievraag",
  },
  unreachable: {
    title: (n: number) =>
      `${n === 1 ? "Eén deelnemer kreeg" : `${n} deelnemers kregen`} de reflectievraag niet: ik kan ${n === 1 ? "hem of haar" : "hen"} nog niet bereiken.`,
    whatToDo:
      "Wat te doen: in Teams moeten ze de app kampvuur eerst toevoegen (Apps → kampvuur → Toevoegen); in Slack helpt hun Slack-id of een e-mailadres dat bij hun Slack-account hoort in het programmabestand. Daarna krijgen ze de volgende vraag vanzelf.",
  },
  pause: {
    usage: "Hoe lang wil je pauze? Typ bijvoorbeeld *pauze 2 weken* of *pauze tot 2027-01-10*.",
    paused: (until: string) =>
      `Je krijgt tot en met ${until} geen reflectievragen. Typ *hervat* om eerder weer te beginnen.`,
    resumed: "Je pauze is voorbij: je krijgt weer reflectievragen.",
    optedOut:
      "Je krijgt geen reflectievragen meer. Je antwoorden blijven bewaard. Typ *aanmelden* als je weer mee wilt doen.",
    optedIn: "Welkom terug! Je krijgt weer elke week een reflectievraag.",
  },
  fanout: {
    previewTitle: "Reflectie versturen",
    preview: (count: number, already: number, optedOut: number, unreachable: number): string =>
      [
        count === 0
          ? "Deze reflectievraag gaat nu naar niemand."
          : `Deze reflectievraag gaat nu naar ${count} ${count === 1 ? "deelnemer" : "deelnemers"}.`,
        already ? `${already} ${already === 1 ? "heeft" : "hebben"} hem al.` : "",
        optedOut ? `${optedOut} ${optedOut === 1 ? "heeft" : "hebben"} zich afgemeld.` : "",
        unreachable ? `${unreachable} ${unreachable === 1 ? "kan" : "kunnen"} ik niet bereiken.` : "",
        count > 0
          ? "Elke deelnemer krijgt de vraag met de eigen leervraag en praktijkcase ingevuld. Versturen?"
          : "Er gaat niets uit.",
      ]
        .filter(Boolean)
        .join(" "),
    secondThisWeek: (day: string) =>
      `Let op: deze week ging er al een reflectievraag uit (${day}). Twee vragen in één week is veel. Weet je zeker dat je een tweede wilt sturen?`,
    confirmSecond: "Stuur een tweede",
    exampleLabel: "Voorbeeld",
    confirm: "Versturen",
    cancel: "Annuleren",
    cancelled: "Niets verstuurd.",
    sent: (sent: number, already: number, unreachable: number, failed = 0, uncertain = 0) =>
      [
        `Verstuurd naar ${sent} ${sent === 1 ? "deelnemer" : "deelnemers"}.`,
        already ? `${already} hadden deze vraag al.` : "",
        unreachable ? `${unreachable} konden niet bereikt worden.` : "",
        failed ? `${failed} lukte nog niet; ik probeer het later opnieuw.` : "",
        uncertain
          ? `Bij ${uncertain} weet ik niet zeker of hij aankwam (de verbinding viel weg); die stuur ik niet opnieuw, zodat niemand hem dubbel krijgt.`
          : "",
      ]
        .filter(Boolean)
        .join(" "),
    nobody: "Er zijn geen deelnemers in dit programma om naar te sturen.",
    noPrompts: "Er zijn geen reflectievragen gevonden in de vragenbank (map prompts/).",
  },
  /** The reflections part of the home view (Slack's App Home). */
  home: {
    openPrompt: "Je reflectievraag staat open",
    lastPrompt: "Je laatste reflectievraag (beantwoord)",
    answerButton: "Beantwoorden",
    nextPrompt: (day: string) => `De volgende reflectievraag komt op ${day}.`,
    yourAnswers: "Je laatste antwoorden (alleen voor jou, tenzij je ze deelde)",
    noAnswers: "Nog geen antwoorden.",
    practiceCase: (name: string) => `Praktijkcase: ${name}`,
    answeredCount: (answered: number, total: number) =>
      `${answered} van ${total} beantwoordden de laatste reflectievraag.`,
    noPromptYet: "Er is nog geen reflectievraag verstuurd.",
    uncertain: (count: number) =>
      `${count} ${count === 1 ? "vraag is" : "vragen zijn"} misschien niet aangekomen: de verbinding viel weg tijdens het versturen. Ik stuur ze niet opnieuw, zodat niemand een vraag dubbel krijgt. Wie hem niet heeft, krijgt over twee dagen de herinnering.`,
  },
};

export type ReflectionStrings = typeof nl;

export const en: ReflectionStrings = {
  commands: {
    reflection: "show your current reflection prompt",
    answer: "answer your current reflection prompt",
    answers: "list all your answers",
    edit: "edit an answer, for example: edit 2",
    pause: "no prompts for a while: pause 2 weeks, or pause until 2027-01-10",
    resume: "end your pause",
    optOut: "no more reflection prompts at all",
    optIn: "receive reflection prompts again",
    sendReflection: "send this week's reflection prompt to all participants now",
    makePrivate: "make a shared answer private again, for example: private 2",
  },
  audience: {
    inDigest: (mentor: string, day: string) => `${mentor} sees this in the weekly digest of ${day}.`,
    withShared: (mentor: string) => `${mentor} can read this.`,
    team: "Your teammates do not get it through the chat.",
    noMentor: "You have no mentor now. Nobody else sees this.",
    visibilityMentor: (mentor: string) => `Me and ${mentor} (my mentor)`,
    visibilityGroup: (mentor: string) => `Me, ${mentor} and my team`,
    makePrivateButton: "Make private",
    madePrivate: (mentor?: string) =>
      mentor
        ? `Your answer is private again. ${mentor} no longer sees it in the digest or under shared.`
        : "Your answer is private again.",
    alreadyPrivate: "This answer is already private.",
    makePrivateUsage: (n: number) =>
      n === 0
        ? "You have no answers yet."
        : `Type for example *private 1*. You have ${n} ${n === 1 ? "answer" : "answers"}.`,
  },
  helpNote: "You can also simply answer a reflection prompt by sending a message.",
  reflection: {
    promptTitle: "This week's reflection",
    promptIntro: (firstName: string) => `Hi ${firstName}, here is this week's reflection prompt:`,
    reminderTitle: "A gentle nudge about your reflection",
    reminderIntro: (firstName: string, day: string) =>
      `Hi ${firstName}, ${day}'s prompt is still open. A few sentences is plenty, and skipping is fine too:`,
    snoozedIntro: (firstName: string) => `Hi ${firstName}, as promised: this week's reflection prompt.`,
    answerButton: "Answer",
    laterButton: "Later",
    skipButton: "Skip",
    laterQuestion: "When would you like the prompt again? In 3 hours, tonight at 19:00 or tomorrow at 09:00.",
    laterChoices: { hours: "3 hours", evening: "Tonight", tomorrow: "Tomorrow" },
    snoozed: (when: string) => `Fine, you'll get the prompt again on ${when}.`,
    skipped: "Skipped. The next prompt will come by itself.",
    answeredMark: (visibility: string) => `✓ Answered (${visibility})`,
    promptFooter: "Your answer is private unless you choose to share it. You can also just reply here.",
    noOpenPrompt: "You have no open reflection prompt right now. The next one will arrive by itself.",
    formTitle: "Your reflection",
    formSubmit: "Save",
    answerLabel: "Your answer",
    answerHint: "A few sentences is plenty.",
    visibilityLabel: "Who may read this?",
    visibility: {
      private: "Only me",
      mentor: "Me and my mentor",
      group: "Me, my mentor and my team",
    },
    answerEmpty: "Your answer is still empty. Write a few words, or leave the prompt for later.",
    answerTooLong: (length: number, max: number) =>
      `Your answer is ${length} characters long; the limit is ${max}. Please shorten it, or put the rest in a second answer.`,
    saved: (visibility: string) => `Thank you! Your answer is saved (${visibility}).`,
    updated: (visibility: string) => `Your answer is updated (${visibility}). The previous version is kept.`,
    alreadySaved: (visibility: string) =>
      `I had already saved this answer (${visibility}). Nothing has changed.`,
    editButton: "Edit",
    listEmpty: "You haven't answered any prompts yet.",
    listHeader: (n: number) => `Your ${n === 1 ? "answer" : `${n} answers`}:`,
    listPage: (total: number, newest: number, oldest: number) =>
      `Your ${total} answers, newest first (${newest === oldest ? newest : `${newest} to ${oldest}`}):`,
    olderButton: "Older answers",
    clipped: (n: number) => `_Shortened. Type *edit ${n}* to read it all._`,
    listItem: (n: number, date: string, visibility: string, edits: number) =>
      `${n}. ${date} · ${visibility}${edits > 0 ? ` · edited ${edits}×` : ""}`,
    editUsage: (count: number) =>
      count === 0
        ? "You have no answers to edit yet."
        : `Which answer do you want to edit? Type for example *edit ${count}* (choose 1 to ${count}).`,
    questionLabel: "Prompt",
    replyTo: "the reflection prompt",
  },
  unreachable: {
    title: (n: number) =>
      `${n === 1 ? "One participant" : `${n} participants`} did not get the reflection prompt: I cannot reach ${n === 1 ? "them" : "them"} yet.`,
    whatToDo:
      "What to do: in Teams they need to add the kampvuur app first (Apps → kampvuur → Add); in Slack, put their Slack id, or the e-mail address of their Slack account, in the programme file. They will get the next prompt by themselves.",
  },
  pause: {
    usage: "How long would you like a break? Type for example *pause 2 weeks* or *pause until 2027-01-10*.",
    paused: (until: string) =>
      `No reflection prompts for you until ${until}, inclusive. Type *resume* to start earlier.`,
    resumed: "Your pause is over: reflection prompts will come again.",
    optedOut:
      "You won't get reflection prompts any more. Your answers are kept. Type *subscribe* to join again.",
    optedIn: "Welcome back! You'll get a reflection prompt every week again.",
  },
  fanout: {
    previewTitle: "Send reflection",
    preview: (count: number, already: number, optedOut: number, unreachable: number) =>
      [
        count === 0
          ? "This reflection prompt will go to nobody now."
          : `This reflection prompt will go to ${count} ${count === 1 ? "participant" : "participants"} now.`,
        already ? `${already} already ${already === 1 ? "has" : "have"} it.` : "",
        optedOut ? `${optedOut} unsubscribed.` : "",
        unreachable ? `${unreachable} I cannot reach.` : "",
        count > 0
          ? "Each participant gets it with their own learning question and practice case filled in. Send it?"
          : "Nothing will be sent.",
      ]
        .filter(Boolean)
        .join(" "),
    secondThisWeek: (day: string) =>
      `Note: a reflection prompt already went out this week (${day}). Two in one week is a lot. Are you sure you want to send a second one?`,
    confirmSecond: "Send a second one",
    exampleLabel: "Example",
    confirm: "Send",
    cancel: "Cancel",
    cancelled: "Nothing was sent.",
    sent: (sent: number, already: number, unreachable: number, failed = 0, uncertain = 0) =>
      [
        `Sent to ${sent} ${sent === 1 ? "participant" : "participants"}.`,
        already ? `${already} already had this prompt.` : "",
        unreachable ? `${unreachable} could not be reached.` : "",
        failed ? `${failed} did not go through yet; I'll try again later.` : "",
        uncertain
          ? `For ${uncertain} I can't be sure it arrived (the connection was lost); I won't send those again, so nobody gets it twice.`
          : "",
      ]
        .filter(Boolean)
        .join(" "),
    nobody: "There are no participants in this programme to send to.",
    noPrompts: "No reflection prompts were found in the prompt bank (the prompts/ folder).",
  },
  home: {
    openPrompt: "Your reflection prompt is open",
    lastPrompt: "Your latest reflection prompt (answered)",
    answerButton: "Answer",
    nextPrompt: (day: string) => `The next reflection prompt comes on ${day}.`,
    yourAnswers: "Your latest answers (only for you, unless you shared them)",
    noAnswers: "No answers yet.",
    practiceCase: (name: string) => `Practice case: ${name}`,
    answeredCount: (answered: number, total: number) =>
      `${answered} of ${total} answered the latest reflection prompt.`,
    noPromptYet: "No reflection prompt has been sent yet.",
    uncertain: (count: number) =>
      `${count} ${count === 1 ? "prompt" : "prompts"} may not have arrived: the connection was lost while sending. I won't send them again, so nobody gets a prompt twice. Whoever did not get it gets the reminder in two days.`,
  },
};

/** The reflections feature's words in a language. */
export function strings(language: Language): ReflectionStrings {
  return language === "en" ? en : nl;
}

/** The feature's words in the language of a core dictionary (what handlers are handed as `t`). */
export function own(t: Messages): ReflectionStrings {
  return strings(t.language);
}
