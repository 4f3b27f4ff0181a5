import { DateTime } from "luxon";
import type { Programme } from "../../config/programme-schema.js";

/**
 * The programme's session days as an iCalendar file (RFC 5545), for `kampvuur calendar`:
 * one event per day with its theme, place and preparation, and an alarm the evening before.
 * Times are written in UTC, so every calendar app shows them right without a timezone table.
 */
export async function sessionCalendar(programme: Programme): Promise<string> {
  // Loaded by `kampvuur calendar`, not at start.
  const { default: ical, ICalAlarmType } = await import("ical-generator");
  const calendar = ical({
    name: programme.name,
    prodId: { company: "kampvuur", product: "kampvuur", language: programme.language.toUpperCase() },
  });
  programme.sessions.forEach((session, i) => {
    const at = (time: string) =>
      DateTime.fromISO(`${session.date}T${time}`, { zone: programme.timezone }).toJSDate();
    const preparation = session.preparation.map((task) => `- ${task}`).join("\n");
    const label = programme.language === "nl" ? "Voorbereiding" : "Preparation";
    calendar.createEvent({
      // Stable per programme and day: importing the file again updates the events instead of doubling them.
      id: `${programme.id}-${session.date}@kampvuur`,
      start: at(session.start),
      end: at(session.end),
      summary: `${programme.name} (${i + 1}/${programme.sessions.length}): ${session.theme}`,
      location: session.location ?? null,
      description: preparation ? `${label}:\n${preparation}` : null,
      alarms: [{ type: ICalAlarmType.display, trigger: 15 * 3600 }],
    });
  });
  return calendar.toString();
}
