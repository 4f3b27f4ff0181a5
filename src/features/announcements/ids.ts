import { randomBytes } from "node:crypto";
import type { ChannelPlatform } from "./settings.js";

/**
 * The ids this feature makes and reads back, each builder next to its parser. An
 * announcement has a random id (`Zq3…`, 12 characters); its send is one occurrence
 * (`announcement:<id>`), and each message of it one delivery: to a person
 * (`announcement:<id>:<person>`) or to the programme's channel on a platform
 * (`announcement:<id>:channel:slack`). The same announcement to the same person always has
 * the same delivery id, so it is sent once however often "Versturen" is pressed.
 */

const ID = /^[A-Za-z0-9_-]{12}$/;

/** A new announcement's id: 9 random bytes, URL-safe. */
export function newAnnouncementId(): string {
  return randomBytes(9).toString("base64url");
}

/** True for a value that can be an announcement id (a button value or form metadata, untrusted). */
export function isAnnouncementId(value: string | undefined): value is string {
  return value !== undefined && ID.test(value);
}

export function announcementOccurrenceId(id: string): string {
  return `announcement:${id}`;
}

/** The delivery of an announcement to one person. */
export function personDeliveryId(id: string, personId: string): string {
  return `announcement:${id}:${personId}`;
}

/** The delivery of an announcement to the programme's channel on one platform. */
export function channelDeliveryId(id: string, platform: ChannelPlatform): string {
  return `announcement:${id}:channel:${platform}`;
}

/** An audience button's value: the announcement and the audience it switches to, `<id>|<audience>`. */
export function audienceValue(id: string, audience: string): string {
  return `${id}|${audience}`;
}

export function parseAudienceValue(value: string | undefined): { id: string; audience: string } | undefined {
  const cut = value?.indexOf("|") ?? -1;
  if (!value || cut <= 0) return undefined;
  const id = value.slice(0, cut);
  return isAnnouncementId(id) ? { id, audience: value.slice(cut + 1) } : undefined;
}
