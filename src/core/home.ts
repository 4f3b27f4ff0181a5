import type { Language } from "../config/programme-schema.js";
import type { Bot } from "./bot.js";
import { formatDay, messages } from "./i18n/index.js";
import type { Block, Message } from "./messages.js";
import type { Person } from "./people.js";

/** One feature's part of the home view. */
export type HomeSection = (person: Person, language: Language) => Promise<Block[]>;

/**
 * A person's overview, for surfaces that show one (Slack's App Home): the programme and its
 * next session day, then each feature's section in the order of the features.
 */
export async function homeView(bot: Bot, sections: HomeSection[], person: Person): Promise<Message> {
  const language = await bot.languageOf(person);
  const t = messages(language).home;
  const now = bot.clock.now();
  const session = bot.programme.sessions.find((s) => new Date(`${s.date}T23:59:59Z`) >= now);
  const blocks: Block[] = [{ type: "section", title: t.title(person.firstName), text: bot.programme.name }];
  if (session)
    blocks.push({
      type: "context",
      text: t.nextSession(
        formatDay(new Date(`${session.date}T12:00:00Z`), language, person.timezone),
        session.theme,
      ),
    });
  for (const section of sections) blocks.push(...(await section(person, language)));
  return { text: t.title(person.firstName), blocks, kind: "home" };
}
