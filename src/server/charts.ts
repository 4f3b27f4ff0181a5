import type { IncomingMessage, ServerResponse } from "node:http";
import { type Download, DOWNLOAD_TYPES } from "../core/downloads.js";
import type { Overview } from "../features/overview/index.js";
import type { Route } from "./http.js";

export { CHART_PATH } from "../features/overview/index.js";

/** Where the route finds a chart or a file by its token: one programme's overview, or several's. */
export interface ChartSource {
  charts: { get(token: string): Promise<Buffer | undefined> };
  downloads: { get(token: string, extension: string): Promise<Download | undefined> };
}

/** The charts and files of several programmes behind one route (tokens are random, so they never meet). */
export function chartSources(overviews: readonly Overview[]): ChartSource {
  const firstOf = async <T>(find: (o: Overview) => Promise<T | undefined>) => {
    for (const o of overviews) {
      const found = await find(o);
      if (found !== undefined) return found;
    }
    return undefined;
  };
  return {
    charts: { get: (token) => firstOf((o) => o.charts.get(token)) },
    downloads: { get: (token, extension) => firstOf((o) => o.downloads.get(token, extension)) },
  };
}

function notFound(res: ServerResponse): void {
  res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ error: "not found" }));
}

/**
 * `GET /charts/<token>.png`: a chart the overview rendered, while its address has not expired
 * (24 hours); `GET /charts/<token>.csv` or `.md`: an export a coordinator asked for in chat,
 * for an hour, as a download. Anything else is a 404 that says nothing about why. Public on
 * purpose (Slack and Teams fetch the image, and a Teams user opens the link, without
 * credentials): the 192-bit token is the secret. A chart holds counts per team and no names;
 * an export may hold answers shared with a team, so it is never cached and lives an hour.
 */
export function chartRoute(overview: ChartSource): Route {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const name = new URL(req.url ?? "/", "http://localhost").pathname.split("/").pop() ?? "";
    const match = /^([A-Za-z0-9_-]{32})\.(png|csv|md|json)$/.exec(name);
    if (!match || (req.method !== "GET" && req.method !== "HEAD")) {
      notFound(res);
      return;
    }
    const [, token = "", extension = ""] = match;
    const head = req.method === "HEAD";
    if (extension === "png") {
      const png = await overview.charts.get(token);
      if (!png) {
        notFound(res);
        return;
      }
      res
        .writeHead(200, {
          "content-type": "image/png",
          "content-length": png.length,
          "cache-control": "private, max-age=3600",
          "x-content-type-options": "nosniff",
        })
        .end(head ? undefined : png);
      return;
    }
    const file = await overview.downloads.get(token, extension);
    if (!file) {
      notFound(res);
      return;
    }
    res
      .writeHead(200, {
        "content-type": DOWNLOAD_TYPES[file.extension],
        "content-length": file.content.length,
        "content-disposition": `attachment; filename="${file.filename}"`,
        "cache-control": "no-store",
        "x-content-type-options": "nosniff",
      })
      .end(head ? undefined : file.content);
  };
}
