import type { Messages } from "./nl.js";

export const en: Messages = {
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
    laterQuestion: "When would you like the prompt again?",
    laterChoices: { hours: "In 3 hours", evening: "Tonight 19:00", tomorrow: "Tomorrow 09:00" },
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
    editButton: "Edit",
    listEmpty: "You haven't answered any prompts yet.",
    listHeader: (n: number) => `Your ${n === 1 ? "answer" : `${n} answers`}:`,
    listItem: (n: number, date: string, visibility: string, edits: number) =>
      `${n}. ${date} · ${visibility}${edits > 0 ? ` · edited ${edits}×` : ""}`,
    editUsage: (count: number) =>
      count === 0
        ? "You have no answers to edit yet."
        : `Which answer do you want to edit? Type for example *edit ${count}* (choose 1 to ${count}).`,
    questionLabel: "Prompt",
    replyTo: "the reflection prompt",
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
    preview: (count: number, skipped: number) =>
      `This reflection prompt will go to ${count} ${count === 1 ? "participant" : "participants"} now${skipped ? ` (${skipped} unreachable)` : ""}. Each participant gets it with their own learning question and practice case filled in. Send it?`,
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
};
