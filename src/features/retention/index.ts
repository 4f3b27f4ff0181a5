import type { Feature } from "../../core/feature.js";
import type { FeatureDeps } from "../deps.js";
import { RetentionJob } from "./job.js";
import { retentionPersonalData } from "./personal-data.js";
import { Retention } from "./service.js";
import { retentionSettings } from "./settings.js";

export { RETENTION_JOB_ID, WARNING_KIND } from "./ids.js";

/**
 * Deletion after the programme (the programme file's `retention:`): `afterLastSessionDays`
 * (90) after the last session day everything about everyone is erased and they are marked
 * erased; `warnDaysBefore` (14) days earlier every participant and mentor gets one message
 * offering their export (`mijn gegevens`). Audited; `kampvuur privacy status` shows the dates.
 */
export const retention: Feature<Retention, FeatureDeps> = {
  id: "retention",
  section: retentionSettings,
  register: async (bot, deps) => {
    const service = new Retention(
      bot,
      deps.deliverer,
      deps.audit,
      deps.personalData,
      retentionSettings.of(bot.programme),
    );
    await service.load();
    return service;
  },
  jobs: (service) => [new RetentionJob(service)],
  personalData: (service) => retentionPersonalData(service),
};
