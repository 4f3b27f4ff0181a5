import { createHash, randomBytes } from "node:crypto";
import { z } from "zod";
import type { Clock } from "../../core/clock.js";
import { defineCollection } from "../../storage/collection.js";
import type { Collection } from "../../storage/collection.js";
import type { Store } from "../../storage/store.js";

/** How long a chart's address works: a day, then it is gone. */
export const CHART_TTL_MS = 24 * 3_600_000;

/** A token is 24 random bytes (192 bits), base64url: 32 characters nobody can guess. */
const TOKEN = /^[A-Za-z0-9_-]{32}$/;

const isoTime = z.iso.datetime({ offset: true });

/** `chart:<token>`: one rendered chart (a PNG, base64), until it expires. */
const chartImages = defineCollection("chart", z.object({ png: z.string(), expiresAt: isoTime }));
/** `charts:all`: the charts that may still be kept, so expired ones are removed without a scan. */
const chartIndex = defineCollection(
  "charts",
  z.object({ charts: z.array(z.object({ token: z.string(), key: z.string(), expiresAt: isoTime })) }),
);

/**
 * The rendered charts the bot serves itself (`/charts/<token>.png`), for platforms that need
 * an image's address (a Slack image block, an Adaptive Card's image). Kept in the store, so
 * any replica can serve it; the same chart (same content) is rendered and stored once while
 * its address has more than an hour to go.
 */
export class ChartStore {
  private readonly images: Collection<typeof chartImages.schema>;
  private readonly index: Collection<typeof chartIndex.schema>;

  constructor(
    store: Store,
    private readonly clock: Clock,
  ) {
    this.images = store.collection(chartImages);
    this.index = store.collection(chartIndex);
  }

  /** The token of a chart with this content (`key`), rendering it with `render` only when none is kept. */
  async put(key: string, render: () => Promise<Buffer>): Promise<string> {
    const now = this.clock.now().getTime();
    const hash = createHash("sha256").update(key).digest("hex");
    const known = (await this.index.get("all"))?.charts.find(
      (c) => c.key === hash && Date.parse(c.expiresAt) - now > 3_600_000,
    );
    if (known && (await this.images.has(known.token))) return known.token;

    const png = await render();
    const token = randomBytes(24).toString("base64url");
    const expiresAt = new Date(now + CHART_TTL_MS).toISOString();
    await this.images.set(token, { png: png.toString("base64"), expiresAt });
    let expired: string[] = [];
    await this.index.update("all", (current) => {
      const charts = current?.charts ?? [];
      expired = charts.filter((c) => Date.parse(c.expiresAt) <= now).map((c) => c.token);
      return {
        charts: [...charts.filter((c) => Date.parse(c.expiresAt) > now), { token, key: hash, expiresAt }],
      };
    });
    if (expired.length > 0) await this.images.deleteMany(expired);
    return token;
  }

  /** The PNG of a token that has not expired; undefined for anything else. */
  async get(token: string): Promise<Buffer | undefined> {
    if (!TOKEN.test(token)) return undefined;
    const image = await this.images.get(token);
    if (!image) return undefined;
    if (Date.parse(image.expiresAt) <= this.clock.now().getTime()) {
      await this.images.delete(token);
      return undefined;
    }
    return Buffer.from(image.png, "base64");
  }
}
