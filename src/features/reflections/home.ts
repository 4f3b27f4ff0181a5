import type { Bot } from "../../core/bot.js";
import { formatDay } from "../../core/i18n/index.js";
import type { Language } from "../../config/programme-schema.js";
import { type Block, cutAtWord } from "../../core/messages.js";

/** The most of one answer the home view shows. */
const HOME_ANSWER_CHARS = 280;
import { reflectionOccurrences } from "./plan.js";
import type { Person } from "../../core/people.js";
import { ACTION_ANSWER, deliveryId, type Reflections } from "./service.js";
import { strings } from "./strings.js";

/**
 * The reflections part of a person's overview (Slack's App Home): a participant sees their
 * open prompt, the next one and their latest answers; a mentor their team (counts only); a
 * coordinator the programme's teams, and how many prompts may not have arrived.
 */
export async function homeBlocks(
  reflections: Reflections,
  person: Person,
  language: Language,
): Promise<Block[]> {
  const bot = reflections.bot;
  const t = strings(language).home;
  const zone = person.timezone;
  const now = bot.clock.now();
  const next = reflectionOccurrences(bot.programme, reflections.bank).find((o) => o.at > now);
  const blocks: Block[] = [];

  if (person.role === "participant") {
    const open = await reflections.latestPrompt(person.id);
    const answered = open ? await reflections.answerTo(person.id, open.occurrenceId) : undefined;
    if (open)
      blocks.push(
        { type: "section", title: answered ? t.lastPrompt : t.openPrompt, text: open.text },
        ...(answered
          ? []
          : [
              {
                type: "actions" as const,
                buttons: [
                  {
                    actionId: ACTION_ANSWER,
                    label: t.answerButton,
                    value: open.occurrenceId,
                    style: "primary" as const,
                  },
                ],
              },
            ]),
      );
    if (next) blocks.push({ type: "context", text: t.nextPrompt(formatDay(next.at, language, zone)) });
    const answers = (await reflections.answersOf(person.id)).slice(-3).reverse();
    blocks.push({
      type: "section",
      title: t.yourAnswers,
      // Shortened: the home view is a glance (`antwoorden` has them whole).
      text: answers.length
        ? answers.map((a) => `• _${a.promptText}_\n${cutAtWord(a.text, HOME_ANSWER_CHARS)}`).join("\n\n")
        : t.noAnswers,
    });
  } else {
    const teams =
      person.role === "mentor"
        ? // The teams they mentor now (an approved pairing, else the file's `mentor:`).
          bot.programme.teams.filter((team) =>
            team.members.some((m) => bot.directory.mentorOf(m)?.id === person.id),
          )
        : bot.programme.teams;
    const latest = await latestOccurrence(bot);
    for (const team of teams) {
      let answered = 0;
      for (const member of team.members)
        if (latest && (await reflections.answerTo(member, latest))) answered += 1;
      blocks.push({
        type: "section",
        title: team.name,
        text: [
          team.case ? t.practiceCase(team.case.name) : "",
          latest ? t.answeredCount(answered, team.members.length) : t.noPromptYet,
        ]
          .filter(Boolean)
          .join("\n"),
      });
    }
    if (person.role === "coordinator" && latest) {
      // Sends nobody can be sure of (a crash or a platform failure mid-send) are kept as such.
      const ids = bot.directory.withRole("participant").map((p) => deliveryId("reflection", latest, p.id));
      const uncertain = (await bot.store.deliveries.getMany(ids)).filter(
        (d) => d?.status === "interrupted",
      ).length;
      if (uncertain > 0) blocks.push({ type: "context", text: t.uncertain(uncertain) });
    }
    if (next) blocks.push({ type: "context", text: t.nextPrompt(formatDay(next.at, language, zone)) });
  }
  return blocks;
}

async function latestOccurrence(bot: Bot): Promise<string | undefined> {
  return (await bot.store.occurrenceIndex.get("all"))?.occurrences.at(-1)?.id;
}
