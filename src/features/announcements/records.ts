import { z } from "zod";
import { defineCollection } from "../../storage/collection.js";

/** The longest announcement (the size of a Slack modal's text input and of one Slack section). */
export const MAX_ANNOUNCEMENT_LENGTH = 3000;

/**
 * Who an announcement is for: `everyone` (participants, mentors and the other coordinators),
 * `participants`, `mentors`, `team:<team id>` (its members and its mentor), or `channel`
 * (the programme's channel, `announcements.channels` in the programme file).
 */
export const audienceSchema = z
  .string()
  .max(120)
  .regex(/^(everyone|participants|mentors|channel|team:[a-z0-9][a-z0-9-]*)$/);
export type Audience = z.infer<typeof audienceSchema>;

const isoTime = z.iso.datetime({ offset: true });

/**
 * One announcement: written by a coordinator, previewed (`draft`), confirmed (`sending`: its
 * messages go out; what failed is tried again by the job) and `sent` once every message is
 * settled; or `cancelled` (a draft the coordinator did not send).
 */
export const announcementSchema = z.object({
  id: z.string(),
  authorId: z.string(),
  text: z.string().min(1).max(MAX_ANNOUNCEMENT_LENGTH),
  audience: audienceSchema,
  createdAt: isoTime,
  status: z.enum(["draft", "sending", "sent", "cancelled"]),
  /** When the coordinator pressed "Versturen" (the first time). */
  confirmedAt: isoTime.optional(),
  /** How many it was going to reach when confirmed (people, or channels): for the audit log and the home view. */
  reach: z.number().int().min(0).optional(),
});
export type Announcement = z.infer<typeof announcementSchema>;

/** `announcement:<id>`. */
export const announcements = defineCollection("announcement", announcementSchema);

/**
 * `announcement-index:all`: every announcement (with its author), oldest first, and the ids
 * of those still being sent. How an author's announcements and a person's deliveries are
 * found without scanning the store, and what the job looks at each minute.
 */
export const announcementIndex = defineCollection(
  "announcement-index",
  z.object({
    entries: z.array(z.object({ id: z.string(), authorId: z.string(), createdAt: isoTime })),
    open: z.array(z.string()).default([]),
  }),
);
export type AnnouncementIndex = z.infer<typeof announcementIndex.schema>;
