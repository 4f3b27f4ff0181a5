import type { Feature } from "../../core/feature.js";
import type { FeatureDeps } from "../deps.js";
import { sessionCalendar } from "./calendar.js";
import { SESSION_COMMANDS } from "./commands.js";
import { preparationDue } from "./due.js";
import { registerSessionReminders } from "./handlers.js";
import { sessionHome } from "./home.js";
import { SessionReminderJob } from "./job.js";
import { sessionParticipation } from "./participation.js";
import { sessionPersonalData } from "./personal-data.js";
import { SessionReminders } from "./service.js";
import { reminderSettings } from "./settings.js";

/**
 * Session days: a reminder to every participant and mentor some days before each (the
 * programme file's `sessionReminders:`), with the preparation as a checklist and "Ik kan
 * niet"; `bijeenkomst`, `agenda`, `herinneringen aan|uit`; `kampvuur calendar` writes an .ics.
 */
export const sessionReminders: Feature<SessionReminders, FeatureDeps> = {
  id: "session-reminders",
  section: reminderSettings,
  commands: SESSION_COMMANDS,
  register: (bot, deps) => {
    deps.participation.add(sessionParticipation(bot));
    const reminders = new SessionReminders(bot, deps.deliverer, reminderSettings.of(bot.programme));
    deps.due.add(preparationDue(reminders));
    return registerSessionReminders(bot, reminders);
  },
  jobs: (reminders) => [new SessionReminderJob(reminders)],
  home: (reminders, person, language) => sessionHome(reminders, person, language),
  personalData: (reminders) => sessionPersonalData(reminders),
  cli: [
    {
      name: "calendar",
      description:
        "write the programme's session days as an iCalendar file (kampvuur calendar > leergang.ics)",
      async run(_reminders, { programme }, out) {
        out.write(await sessionCalendar(programme));
      },
    },
  ],
};
