import type { Language } from "../../config/programme-schema.js";
import { formatDay } from "../../core/i18n/index.js";
import type { Block } from "../../core/messages.js";
import type { Person } from "../../core/people.js";
import { ACTION_NEW } from "./message.js";
import type { Announcements } from "./service.js";
import { strings } from "./strings.js";

/**
 * A coordinator's part of the home view: the button that starts an announcement (no typing
 * on a phone), and their latest one. Nothing for anyone else.
 */
export async function announcementHome(
  service: Announcements,
  person: Person,
  language: Language,
): Promise<Block[]> {
  if (person.role !== "coordinator") return [];
  const t = strings(language).home;
  const latest = (await service.byAuthor(person.id))
    .filter((a) => a.confirmedAt && (a.status === "sending" || a.status === "sent"))
    .at(-1);
  return [
    { type: "section", title: t.title, text: t.text },
    {
      type: "actions",
      buttons: [{ actionId: ACTION_NEW, label: t.button, style: "primary" }],
    },
    ...(latest?.confirmedAt
      ? [
          {
            type: "context" as const,
            text: t.last(
              formatDay(new Date(latest.confirmedAt), language, person.timezone),
              service.label(latest.audience, language),
            ),
          },
        ]
      : []),
  ];
}
