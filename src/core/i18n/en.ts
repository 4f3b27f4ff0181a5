import type { Messages } from "./nl.js";

/**
 * Role names with their article: "a participant", "an observer", and for a combination each
 * one ("a participant and a mentor"). A name that already has one is left as it is.
 */
function withArticles(roles: string): string {
  return roles
    .split(/(, | and )/)
    .map((part, i) =>
      i % 2 === 1 || /^(an?|the) /i.test(part) || part === ""
        ? part
        : `${/^[aeiou]/i.test(part) ? "an" : "a"} ${part}`,
    )
    .join("");
}

export const en: Messages = {
  language: "en",
  languageName: "English",
  unknownPerson: (name?: string) =>
    `Hello${name ? ` ${name}` : ""}! I'm kampvuur, the programme's assistant. I can't find you in the programme yet, so there is nothing I can do for you right now. Ask your programme's coordinator to add you (with your e-mail address or your Slack or Teams account), and you can start straight away.`,
  unknownCommand: (word: string) =>
    `I don't know what you mean by “${word}”. Type *help* to see what I can do.`,
  notAllowed: (command: string, role: string) =>
    `“${command}” is only for a ${role}. Type *help* to see what you can do.`,
  internalError:
    "Sorry, something went wrong on my side. Nothing was lost; please try again in a minute. If it keeps happening, let your coordinator know.",
  staleAction: "This button belongs to a message that no longer applies. Type *help* to carry on.",
  notAllowedAction: (role: string) => `Only a ${role} can do this. Nothing has changed.`,
  notYours: "This does not belong to you, so I have not done anything with it. Nothing has changed.",
  roles: { participant: "participant", mentor: "mentor", coordinator: "coordinator" },
  replyNeedsWords: "Did you mean that as your answer? Add a few words, then I'll save it.",
  nearMiss: {
    typo: (suggestion: string) => `Did you mean *${suggestion}*?`,
    arguments: (word: string) => `Did you mean *${word}*? This is how it works:`,
    usage: (word: string, help: string) => `• *${word.replace(/:$/, "")}*: ${help}`,
    keep: (to: string) => `Or was it your answer to ${to}? Then press the button and I'll save it.`,
    ask: "Was it a question for me? Then type *ask* with your question after it.",
  },

  helpIntro: (name: string, roles: string) =>
    `Hi ${name}! You take part as ${withArticles(roles)}. Here is what you can say to me:`,
  whoami: (name: string, roles: string, organisation?: string, team?: string) =>
    `You are *${name}*${organisation ? ` (${organisation})` : ""}, ${roles}${team ? ` in ${team}` : ""}.`,
  languageSet: "I'll speak English with you from now on.",
  languageUsage: "Choose a language: *language nl* or *language en*.",

  commands: {
    help: "show this help",
    whoami: "who am I in this programme?",
    language: "switch language: language nl or language en",
  },

  privacy: {
    sentByDm: "I've sent you that in a direct message.",
    noDirectChat: (command?: string) =>
      `That is personal, so I won't post it here. I can't send you a direct message yet. Open a direct chat with me first: in Slack, click kampvuur and then *Message*; in Teams, choose Apps → kampvuur → Add. Then type ${command ? `*${command}*` : "your request again"} there.`,
    openForm: (title: string) => `${title}: press the button to open the form here.`,
    openFormButton: "Open",
    typeAgain: (title: string) => `${title}: type the command here once more and I'll open the form.`,
  },

  offer: {
    answerOrQuestion: (to: string) => `Is this your answer to ${to}, or a question for me?`,
    saveAsAnswer: "My answer",
    askAsQuestion: "My question",
  },

  home: {
    title: (firstName: string) => `Hi ${firstName}`,
    nextSession: (day: string, theme: string) => `Next session: ${day} · ${theme}`,
  },

  teams: {
    /** Under a required field of a card form, when it is left empty. */
    required: "Please fill this in.",
    /** The form card after it was sent: no live buttons left on it. */
    formDone: "Sent. This form is done; use the message below if you want to change something.",
    welcome: (firstName: string) =>
      `Hi ${firstName}! I'm kampvuur. Between the sessions I send you a short reflection prompt every week, and you can ask me anything about the principles and the programme. Type *help* to see what I can do.`,
    welcomeTeam: (programme: string) =>
      `Hello everyone! I'm kampvuur, the assistant of ${programme}. Mention me (@kampvuur) with a question about the principles or the programme and I'll answer here.`,
  },
  programmes: {
    which: "Which programme is this about? You are in more than one. Pick one; I will remember it.",
    chosen: (name: string) =>
      `Fine, we are talking about *${name}*. I will remember that. To switch, type *programme*.`,
    gone: "I no longer know that programme. Type *programme* to pick one.",
    words: ["programme", "program", "switch", "switch programme", "other programme"],
    home: (names: string) => `You are in several programmes: ${names}. Type *programme* to switch.`,
  },
};
