import { z } from "zod";
import { defineSection } from "../../config/programme-schema.js";

/**
 * `announcements:` in the programme file. Optional: without it, announcements go to people's
 * direct chats only. With `channels`, a coordinator can also post one to the programme's
 * channel in Slack and/or Teams (the bot has to be in that channel).
 *
 * @example
 * announcements:
 *   channels:
 *     slack: C0123ABC                    # with several workspaces: T0123ABC:C0123ABC
 *     teams: "19:abc123@thread.tacv2"    # the channel's conversation id
 */
export const announcementSettings = defineSection(
  "announcements",
  z
    .object({
      channels: z
        .object({
          slack: z
            .string()
            .regex(
              /^(T[A-Z0-9]{2,}:)?[CG][A-Z0-9]{2,}$/,
              "is not a Slack channel id (they look like C012AB3CD; with several workspaces T012AB3CD:C012AB3CD)",
            )
            .optional(),
          teams: z
            .string()
            .max(300)
            .regex(/^19:\S+$/, "is not a Teams channel id (they look like 19:…@thread.tacv2)")
            .optional(),
        })
        .strict()
        .default({}),
    })
    .strict()
    .default({ channels: {} }),
);

export type AnnouncementSettings = ReturnType<typeof announcementSettings.of>;

/** The platforms a programme channel can be on. */
export const CHANNEL_PLATFORMS = ["slack", "teams"] as const;
export type ChannelPlatform = (typeof CHANNEL_PLATFORMS)[number];

/** The conversation address of the programme's channel on a platform, as the adapters read it. */
export function channelAddress(
  settings: AnnouncementSettings,
  platform: ChannelPlatform,
): string | undefined {
  const id = settings.channels[platform];
  if (!id) return undefined;
  if (platform === "teams") return `teams:${id}`;
  const [team, channel] = id.includes(":") ? id.split(":") : ["-", id];
  return `slack:${team}:${channel}`;
}
