import type { Language, Session } from "../../config/programme-schema.js";
import type { Bot, Context, HandlerOptions } from "../../core/bot.js";
import { type Message, text } from "../../core/messages.js";
import type { Person } from "../../core/people.js";
import { parseReminderOccurrenceId, parseTaskValue, reminderOccurrenceId, taskKey } from "./ids.js";
import { ACTION_CAN_COME, ACTION_CANT_COME, ACTION_TASK_DONE, nameList, sessionDay } from "./message.js";
import type { SessionReminders } from "./service.js";
import { strings } from "./strings.js";

/** The buttons of a reminder are the person's own: their tasks, their attendance. */
const OWN: HandlerOptions = { roles: ["participant", "mentor"], personal: true };

/**
 * Session days in chat: `bijeenkomst` (the next day as a reminder, or for a coordinator who
 * can't come and how far the preparation is), `ik kan niet` / `ik kan toch`, `herinneringen
 * aan|uit`, `agenda`, and the reminder's buttons ("Gedaan" per task, "Ik kan niet").
 */
export function registerSessionReminders(bot: Bot, reminders: SessionReminders): SessionReminders {
  const next = async (ctx: Context) => {
    const found = reminders.nextSession();
    if (!found) await ctx.respond.reply(text(strings(ctx.language).noNextSession));
    return found;
  };

  bot.command("session", async (ctx) => {
    const found = await next(ctx);
    if (!found) return undefined;
    if (ctx.person.role === "coordinator") {
      await ctx.respond.reply(await coordinatorView(reminders, found, ctx.language));
      return undefined;
    }
    const days = reminders.daysUntil(found.session);
    await ctx.respond.reply(
      await reminders.viewFor(
        ctx.person,
        found,
        reminderOccurrenceId(found.session.date, days),
        ctx.language,
      ),
    );
    return undefined;
  });

  const attendance = (cantCome: boolean) => async (ctx: Context) => {
    const found = await next(ctx);
    if (!found) return undefined;
    await reminders.setCantCome(ctx.person.id, found.session.date, cantCome);
    const t = strings(ctx.language);
    const day = sessionDay(found.session, bot.programme, ctx.language);
    await ctx.respond.reply(text(cantCome ? t.cantComeSaved(day) : t.canComeSaved(day)));
    return undefined;
  };
  bot.command("cantCome", attendance(true));
  bot.command("canCome", attendance(false));

  bot.command("reminders", async (ctx, args) => {
    const t = strings(ctx.language);
    const word = args.trim().toLowerCase();
    if (word === "uit" || word === "off") {
      await reminders.setOptedOut(ctx.person.id, true);
      await ctx.respond.reply(text(t.remindersOff));
    } else if (word === "aan" || word === "on") {
      await reminders.setOptedOut(ctx.person.id, false);
      await ctx.respond.reply(text(t.remindersOn));
    } else {
      const state = await reminders.stateOf(ctx.person.id);
      await ctx.respond.reply(text(t.remindersStatus(!state?.optedOut)));
    }
    return undefined;
  });

  bot.command("calendar", async (ctx) => {
    const t = strings(ctx.language);
    const lines = bot.programme.sessions.map((s) =>
      t.calendarLine(
        sessionDay(s, bot.programme, ctx.language).replace(/, [^,]+$/, ""),
        t.timeRange(s.start, s.end),
        s.theme,
        s.location,
      ),
    );
    await ctx.respond.reply({
      blocks: [
        { type: "section", title: t.calendarTitle, text: lines.join("\n") },
        { type: "context", text: t.calendarHow },
      ],
    });
    return undefined;
  });

  /** After a button: the reminder again, as it stands now, in place of the one whose button was used. */
  const redraw = async (ctx: Context, person: Person, occurrenceId: string) => {
    const parsed = parseReminderOccurrenceId(occurrenceId);
    const found = parsed ? reminders.sessionOn(parsed.date) : undefined;
    if (!parsed || !found) return false;
    await ctx.respond.replace(
      await reminders.viewFor(person, found, occurrenceId, ctx.language, parsed.daysBefore),
    );
    return true;
  };

  bot.onAction(ACTION_TASK_DONE, OWN, async (ctx) => {
    const value = parseTaskValue(ctx.event.value ?? "");
    const parsed = value ? parseReminderOccurrenceId(value.occurrenceId) : undefined;
    const found = parsed ? reminders.sessionOn(parsed.date) : undefined;
    if (!value || !found || value.task >= found.session.preparation.length) {
      await ctx.respond.reply(text(ctx.t.staleAction));
      return undefined;
    }
    await reminders.markDone(ctx.person.id, found.session.date, value.task);
    await redraw(ctx, ctx.person, value.occurrenceId);
    return undefined;
  });

  const attendanceButton =
    (cantCome: boolean) => async (ctx: Context<Extract<Context["event"], { kind: "action" }>>) => {
      const occurrenceId = ctx.event.value ?? "";
      const parsed = parseReminderOccurrenceId(occurrenceId);
      if (!parsed || !reminders.sessionOn(parsed.date)) {
        await ctx.respond.reply(text(ctx.t.staleAction));
        return undefined;
      }
      await reminders.setCantCome(ctx.person.id, parsed.date, cantCome);
      await redraw(ctx, ctx.person, occurrenceId);
      return undefined;
    };
  bot.onAction(ACTION_CANT_COME, OWN, attendanceButton(true));
  bot.onAction(ACTION_CAN_COME, OWN, attendanceButton(false));
  return reminders;
}

/** For coordinators: the next session day, who said they cannot come, and how far the preparation is. */
export async function coordinatorView(
  reminders: SessionReminders,
  found: { session: Session; index: number },
  language: Language,
): Promise<Message> {
  const t = strings(language);
  const { bot } = reminders;
  const people = reminders.recipients();
  const states = await reminders.states.getMany(people.map((p) => p.id));
  const absent = people.filter((_, i) => states[i]?.cantCome.some((c) => c.date === found.session.date));
  const tasks = found.session.preparation.length;
  let done = 0;
  people.forEach((person, i) => {
    if (person.role !== "participant") return;
    for (let task = 0; task < tasks; task++)
      if (states[i]?.done.includes(taskKey(found.session.date, task))) done++;
  });
  const participants = people.filter((p) => p.role === "participant").length;
  return {
    blocks: [
      {
        type: "section",
        title: t.coordinatorTitle(sessionDay(found.session, bot.programme, language)),
        text: [found.session.location ? t.place(found.session.location) : "", t.theme(found.session.theme)]
          .filter(Boolean)
          .join("\n"),
      },
      {
        type: "text",
        text:
          absent.length > 0
            ? t.coordinatorCantCome(
                nameList(
                  absent.map((p) => p.name),
                  language,
                ),
              )
            : t.coordinatorAllComing,
      },
      ...(tasks > 0
        ? [{ type: "context" as const, text: t.coordinatorTasks(done, participants, tasks) }]
        : []),
    ],
  };
}
