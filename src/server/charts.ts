import type { Overview } from "../features/overview/index.js";
import type { Route } from "./http.js";

export { CHART_PATH } from "../features/overview/index.js";

/**
 * `GET /charts/<token>.png`: a chart the overview rendered, while its address has not expired
 * (24 hours); anything else is a 404 that says nothing about why. Public on purpose (Slack and
 * Teams fetch the image without credentials): the 192-bit token is the secret, the picture
 * holds counts per team and no names.
 */
export function chartRoute(overview: Overview): Route {
  return async (req, res) => {
    const name = new URL(req.url ?? "/", "http://localhost").pathname.split("/").pop() ?? "";
    const png =
      req.method === "GET" || req.method === "HEAD"
        ? await overview.charts.get(name.replace(/\.png$/, ""))
        : undefined;
    if (!png || !name.endsWith(".png")) {
      res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ error: "not found" }));
      return;
    }
    res
      .writeHead(200, {
        "content-type": "image/png",
        "content-length": png.length,
        "cache-control": "private, max-age=3600",
        "x-content-type-options": "nosniff",
      })
      .end(req.method === "HEAD" ? undefined : png);
  };
}
