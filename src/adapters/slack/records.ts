import { z } from "zod";
import { defineCollection } from "../../storage/collection.js";

/**
 * A Slack workspace's installation of the app (OAuth), as Bolt hands it over. Kept whole
 * (Slack adds fields over time); only what kampvuur relies on is checked.
 */
export const slackInstallationSchema = z.looseObject({
  team: z.object({ id: z.string() }).loose().nullish(),
  enterprise: z.object({ id: z.string() }).loose().nullish(),
  isEnterpriseInstall: z.boolean().optional(),
  bot: z.object({ token: z.string(), userId: z.string().optional() }).loose().optional(),
});
export type SlackInstallation = z.infer<typeof slackInstallationSchema>;

/** `slack-installation:T-<team>` or `slack-installation:E-<enterprise>`. */
export const slackInstallations = defineCollection("slack-installation", slackInstallationSchema);
