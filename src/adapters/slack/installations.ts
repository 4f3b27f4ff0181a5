import type { Installation, InstallationQuery, InstallationStore } from "@slack/oauth";
import type { Collection } from "../../storage/collection.js";
import type { Store } from "../../storage/store.js";
import { type SlackInstallation, slackInstallations } from "./records.js";

/** The key of an installation: the enterprise for an org-wide install, else the workspace. */
function keyOf(query: { isEnterpriseInstall?: boolean; enterpriseId?: string; teamId?: string }): string {
  return query.isEnterpriseInstall && query.enterpriseId
    ? `E-${query.enterpriseId}`
    : `T-${query.teamId ?? ""}`;
}

/**
 * Bolt's installation store on the bot's own store (keyv: SQLite, Redis, PostgreSQL), so
 * every replica sees a workspace as soon as it is installed.
 */
export class KeyvInstallationStore implements InstallationStore {
  private readonly installations: Collection<typeof slackInstallations.schema>;

  constructor(store: Store) {
    this.installations = store.collection(slackInstallations);
  }

  async storeInstallation(installation: Installation<"v1" | "v2", boolean>): Promise<void> {
    const key = keyOf({
      isEnterpriseInstall: installation.isEnterpriseInstall,
      enterpriseId: installation.enterprise?.id,
      teamId: installation.team?.id,
    });
    await this.installations.set(key, installation as unknown as SlackInstallation);
  }

  async fetchInstallation(query: InstallationQuery<boolean>): Promise<Installation<"v1" | "v2", boolean>> {
    const found = await this.installations.get(keyOf(query));
    if (!found)
      throw new Error(`kampvuur is not installed in Slack workspace ${query.teamId ?? query.enterpriseId}`);
    return found as unknown as Installation<"v1" | "v2", boolean>;
  }

  async deleteInstallation(query: InstallationQuery<boolean>): Promise<void> {
    await this.installations.delete(keyOf(query));
  }

  /** Every workspace kampvuur is installed in, with its bot token. */
  async tokens(): Promise<{ teamId: string; token: string }[]> {
    return (await this.installations.all()).flatMap((i) =>
      i.bot?.token ? [{ teamId: i.team?.id ?? i.enterprise?.id ?? "", token: i.bot.token }] : [],
    );
  }

  async tokenFor(teamId: string): Promise<string | undefined> {
    return (await this.installations.get(`T-${teamId}`))?.bot?.token;
  }
}
