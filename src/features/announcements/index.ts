import type { Feature } from "../../core/feature.js";
import type { FeatureDeps } from "../deps.js";
import { ANNOUNCEMENT_COMMANDS } from "./commands.js";
import { registerAnnouncements } from "./handlers.js";
import { announcementHome } from "./home.js";
import { AnnouncementJob } from "./job.js";
import { announcementsPersonalData } from "./personal-data.js";
import { Announcements } from "./service.js";
import { announcementSettings } from "./settings.js";

/**
 * Announcements: a coordinator writes one (`aankondiging`, `aankondiging: <tekst>` or the
 * home view's button) for everyone, the participants, the mentors, one team or the
 * programme's channel (`announcements.channels`), sees a preview with the exact count and who
 * cannot be reached, and confirms; it goes out once to each, through the deliverer.
 */
export const announcements: Feature<Announcements, FeatureDeps> = {
  id: "announcements",
  section: announcementSettings,
  commands: ANNOUNCEMENT_COMMANDS,
  register: (bot, deps) =>
    registerAnnouncements(
      bot,
      new Announcements(bot, deps.deliverer, deps.audit, announcementSettings.of(bot.programme)),
    ),
  jobs: (service) => [new AnnouncementJob(service)],
  home: (service, person, language) => announcementHome(service, person, language),
  personalData: (service) => announcementsPersonalData(service),
};
