import type { Messages } from "./nl.js";

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
    `Hi ${name}! You take part as ${roles}. Here is what you can say to me:`,
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

  qa: {
    extractiveIntro: "This is what the programme's content says about it:",
    sourcesLabel: "Sources",
    none: "The content I know says nothing about that, so I won't make up an answer.",
    askMentor: (mentor?: string) =>
      mentor
        ? `Feel free to ask your mentor, ${mentor}.`
        : "Feel free to ask your mentor or the coordinator.",
    related: (title: string) => `This may help you further: *${title}*.`,
    principlesTip: "Type *principles* for the list of all principles, or *help* for what else I can do.",
    logged:
      "Your question has been passed on to the coordinators, without your name, so they can add to the content.",
    fallback: {
      rate_limited: "The language model is too busy right now. Here are the passages themselves:",
      timeout: "The language model took too long. Here are the passages themselves:",
      unavailable: "The language model cannot be reached right now. Here are the passages themselves:",
    },
    helpful: "👍 Helpful",
    notHelpful: "👎 Not helpful",
    thanksHelpful: "Thanks, glad it helped!",
    thanksNotHelpful:
      "Thanks for letting me know. The question goes to the coordinators without your name, so the content can get better. Your mentor often knows more, too.",
    feedbackNotYours: "Only the person who asked can rate this answer.",
    empty:
      "What would you like to know? Type your question after *ask*, for example: *ask what does start small mean?*",
    tooLong: (length: number, max: number) =>
      `Your question is ${length} characters long; I can take ${max}. Make it a bit shorter and I'll look it up.`,
    answerOrQuestion: (to: string) => `Is this your answer to ${to}, or a question for me?`,
    saveAsAnswer: "Save as my answer",
    askAsQuestion: "Answer my question",
    principlesTitle: "The 18 principles of community strength",
    principlesFooter: "Ask me what a principle means, for example: *ask what does principle 10 mean?*",
  },

  home: {
    title: (firstName: string) => `Hi ${firstName}`,
    nextSession: (day: string, theme: string) => `Next session: ${day} · ${theme}`,
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

  teams: {
    welcome: (firstName: string) =>
      `Hi ${firstName}! I'm kampvuur. Between the sessions I send you a short reflection prompt every week, and you can ask me anything about the principles and the programme. Type *help* to see what I can do.`,
    welcomeTeam: (programme: string) =>
      `Hello everyone! I'm kampvuur, the assistant of ${programme}. Mention me (@kampvuur) with a question about the principles or the programme and I'll answer here.`,
  },
};
