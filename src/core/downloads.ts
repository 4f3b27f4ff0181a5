import { randomBytes } from "node:crypto";
import { z } from "zod";
import type { Collection } from "../storage/collection.js";
import { defineCollection } from "../storage/collection.js";
import type { Store } from "../storage/store.js";
import type { Clock } from "./clock.js";

/** Where the bot serves its files (`<public URL>/charts/<token>.<extension>`): charts and downloads. */
export const FILES_PATH = "/charts/";

/** How long an export's address works: an hour (it may hold shared answers), then it is gone. */
export const DOWNLOAD_TTL_MS = 3_600_000;

/** A token is 24 random bytes (192 bits), base64url: 32 characters nobody can guess. */
const TOKEN = /^[A-Za-z0-9_-]{32}$/;
const isoTime = z.iso.datetime({ offset: true });

/** The kinds of file served: an export as CSV or Markdown. */
export const DOWNLOAD_TYPES = {
  csv: "text/csv; charset=utf-8",
  md: "text/markdown; charset=utf-8",
  json: "application/json; charset=utf-8",
} as const;
export type DownloadExtension = keyof typeof DOWNLOAD_TYPES;

const downloadRecords = defineCollection(
  "download",
  z.object({
    content: z.string(),
    filename: z.string().regex(/^[a-z0-9-]+\.(csv|md|json)$/),
    expiresAt: isoTime,
  }),
);
/** `downloads:all`: the downloads that may still be kept, so expired ones are removed without a scan. */
const downloadIndex = defineCollection(
  "downloads",
  z.object({ downloads: z.array(z.object({ token: z.string(), expiresAt: isoTime })) }),
);

export interface Download {
  content: Buffer;
  filename: string;
  extension: DownloadExtension;
}

/**
 * Files the bot serves itself for an hour (`/charts/<token>.csv`), for a platform where a bot
 * cannot send a file (a Teams personal chat without the file consent flow): a coordinator's
 * export, a person's own data. Kept in the store, so any replica can serve it; every file gets
 * a token of its own, and only someone given the address can fetch it. Shared by the features
 * (`FeatureDeps.downloads`); it has an address once the bot has a public URL (`publish`).
 */
export class DownloadStore {
  private publicUrl?: string;
  private readonly records: Collection<typeof downloadRecords.schema>;
  private readonly index: Collection<typeof downloadIndex.schema>;

  constructor(
    store: Store,
    private readonly clock: Clock,
  ) {
    this.records = store.collection(downloadRecords);
    this.index = store.collection(downloadIndex);
  }

  /** Serve files at `<publicUrl>/charts/…` from now on (`KAMPVUUR_PUBLIC_URL`; the server adds the route). */
  publish(publicUrl: string): void {
    this.publicUrl = publicUrl.replace(/\/+$/, "");
  }

  /** The address where this file can be fetched for an hour; undefined without a public URL. */
  async url(filename: string, content: string): Promise<string | undefined> {
    if (!this.publicUrl) return undefined;
    const token = await this.put(filename, content);
    return `${this.publicUrl}${FILES_PATH}${token}${filename.slice(filename.lastIndexOf("."))}`;
  }

  /** Keeps the file for an hour; its token (the address is `<token>.<extension>`). */
  async put(filename: string, content: string): Promise<string> {
    const now = this.clock.now().getTime();
    const token = randomBytes(24).toString("base64url");
    const expiresAt = new Date(now + DOWNLOAD_TTL_MS).toISOString();
    await this.records.set(token, { content, filename, expiresAt });
    let expired: string[] = [];
    await this.index.update("all", (current) => {
      const downloads = current?.downloads ?? [];
      expired = downloads.filter((d) => Date.parse(d.expiresAt) <= now).map((d) => d.token);
      return { downloads: [...downloads.filter((d) => Date.parse(d.expiresAt) > now), { token, expiresAt }] };
    });
    if (expired.length > 0) await this.records.deleteMany(expired);
    return token;
  }

  /** The file of a token that has not expired, when asked for with its own extension; else undefined. */
  async get(token: string, extension: string): Promise<Download | undefined> {
    if (!TOKEN.test(token)) return undefined;
    const record = await this.records.get(token);
    if (!record) return undefined;
    if (Date.parse(record.expiresAt) <= this.clock.now().getTime()) {
      await this.records.delete(token);
      return undefined;
    }
    const own = record.filename.slice(record.filename.lastIndexOf(".") + 1) as DownloadExtension;
    if (own !== extension) return undefined;
    return { content: Buffer.from(record.content, "utf8"), filename: record.filename, extension: own };
  }
}
