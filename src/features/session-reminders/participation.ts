import type { Bot } from "../../core/bot.js";
import { type ParticipationCount, type ParticipationSource, weekOfDate } from "../../core/participation.js";
import { sessionStates } from "./records.js";

/**
 * The session days' part of the participation overview, in the week of the session day they
 * are about: preparation tasks ticked off, and "I can't come" replies. Reads the states of
 * all people at once (`getMany`).
 */
export function sessionParticipation(bot: Bot): ParticipationSource {
  const states = bot.store.collection(sessionStates);
  const sessionDates = new Set(bot.programme.sessions.map((s) => s.date));
  return {
    id: "session-reminders",
    metrics: [
      { key: "tasksDone", label: { nl: "voorbereid", en: "tasks done" } },
      { key: "cantCome", label: { nl: "kan niet", en: "can't come" } },
    ],
    async counts(personIds) {
      const list = await states.getMany(personIds);
      const rows: ParticipationCount[] = [];
      personIds.forEach((personId, i) => {
        const state = list[i];
        if (!state) return;
        const perWeek = new Map<string, { tasksDone: number; cantCome: number }>();
        const at = (date: string) => {
          const week = weekOfDate(date);
          const counts = perWeek.get(week) ?? { tasksDone: 0, cantCome: 0 };
          perWeek.set(week, counts);
          return counts;
        };
        for (const key of state.done) {
          const date = key.slice(0, key.indexOf("#"));
          if (sessionDates.has(date)) at(date).tasksDone += 1;
        }
        for (const c of state.cantCome) if (sessionDates.has(c.date)) at(c.date).cantCome += 1;
        for (const [week, counts] of perWeek)
          for (const metric of ["tasksDone", "cantCome"] as const)
            if (counts[metric] > 0) rows.push({ personId, week, metric, count: counts[metric] });
      });
      return rows;
    },
  };
}
