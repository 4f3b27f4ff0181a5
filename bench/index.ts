/**
 * `npm run bench`: the figures the issues name, as a table on stdout. Each case runs in
 * its own process, so its peak memory is its own.
 */
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));

function runCase(file: string, args: string[]): Record<string, unknown> {
  const out = execFileSync(process.execPath, ["--import", "tsx", file, ...args], {
    cwd: root,
    encoding: "utf8",
    env: process.env,
    stdio: ["ignore", "pipe", "inherit"],
  });
  return JSON.parse(out.trim().split("\n").at(-1) as string);
}

function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(" | ")} |`;
  return [line(headers), `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`, ...rows.map(line)].join("\n");
}

const fmt = (n: unknown, digits = 0) => (typeof n === "number" ? n.toFixed(digits) : "–");

console.log("## Reflection fan-out: plan, claim, send (to a platform that accepts at once) and record\n");
const rows: string[][] = [];
for (const store of ["sqlite", "redis"]) {
  const r = runCase("bench/fanout.ts", [store, "5000"]);
  rows.push(
    r.error
      ? [store, "5000", "–", "–", "–", "–", `skipped: ${String(r.error).slice(0, 60)}`]
      : [
          store,
          String(r.participants),
          fmt(r.fanoutMs),
          String(r.sent),
          fmt(r.idleTickMs),
          fmt(r.peakRssMb),
          (r.fanoutMs as number) < 2000 && (r.peakRssMb as number) < 200 ? "yes" : "NO",
        ],
  );
}
console.log(
  table(
    [
      "store",
      "participants",
      "fan-out ms",
      "sent",
      "next tick ms",
      "peak RSS MB",
      "target met (<2 s, <200 MB)",
    ],
    rows,
  ),
);

console.log("\n## Questions: index build and search latency (full-text, in memory)\n");
const retrievalRows: string[][] = [];
for (const [which, size] of [
  ["shipped", "0"],
  ["generated", "5000"],
] as const) {
  const r = runCase("bench/retrieval.ts", [which, size]);
  retrievalRows.push([
    which === "shipped" ? "shipped content" : "generated",
    String(r.passages),
    fmt(r.buildMs),
    String(r.searches),
    fmt(r.p50Ms, 2),
    fmt(r.p99Ms, 2),
    fmt(r.peakRssMb),
    (r.p99Ms as number) < 20 && (r.buildMs as number) < 2000 ? "yes" : "NO",
  ]);
}
console.log(
  table(
    [
      "content",
      "passages",
      "build ms",
      "searches",
      "p50 ms",
      "p99 ms",
      "peak RSS MB",
      "target met (p99 <20 ms, build <2 s)",
    ],
    retrievalRows,
  ),
);

console.log(
  "\n## Participation overview: 5,000 participants, 12 weeks, SQLite (counts, then the chart)\n" +
    "The running bot keeps the counts (its job `overview-counts` reads them once after the first pass) and\n" +
    "recounts only the people whose records changed: 20 answered late or changed visibility before it is timed.\n" +
    "A new process (`kampvuur report`) counts everything: the 'first ms' column.\n",
);
{
  const r = runCase("bench/overview.ts", ["5000", "12"]);
  const met = (r.overviewMs as number) < 500 && (r.coldMs as number) < 500 && (r.chartMs as number) < 1000;
  console.log(
    table(
      [
        "participants",
        "weeks",
        "records",
        "overview ms (bot, 20 changed)",
        "again ms",
        "first ms (new process)",
        "equal to a recount",
        "chart ms (SVG+PNG)",
        "target met (<500 ms bot and new process, <1 s chart)",
      ],
      [
        r.error
          ? ["5000", "12", "–", "–", "–", "–", "–", "–", `failed: ${String(r.error).slice(0, 60)}`]
          : [
              String(r.participants),
              String(r.weeks),
              String(r.records),
              fmt(r.overviewMs),
              fmt(r.overviewWarmMs),
              fmt(r.coldMs),
              r.exact ? "yes" : "NO",
              fmt(r.chartMs),
              met && r.exact ? "yes" : "NO",
            ],
      ],
    ),
  );
}

console.log(
  "\n## Mentor pairing: 500 participants, 50 mentors, participant level (Hungarian, npm munkres)\n",
);
{
  const r = runCase("bench/pairing.ts", ["500", "50"]);
  console.log(
    table(
      ["participants", "mentors", "slots", "solve ms", "score", "hard rules broken", "target met (<2 s)"],
      [
        r.error
          ? ["500", "50", "–", "–", "–", "–", `failed: ${String(r.error).slice(0, 60)}`]
          : [
              String(r.participants),
              String(r.mentors),
              String(r.slots),
              fmt(r.solveMs),
              fmt(r.score, 1),
              String(r.brokenHard),
              (r.solveMs as number) < 2000 && r.brokenHard === 0 ? "yes" : "NO",
            ],
      ],
    ),
  );
}

console.log(
  "\n## Mentor digests: 500 mentors, 5,000 participants, SQLite (building every digest, not sending)\n",
);
{
  const r = runCase("bench/digest.ts", ["5000", "500"]);
  console.log(
    table(
      [
        "participants",
        "mentors",
        "records",
        "digests ms",
        "again ms",
        "job plan ms",
        "largest digest bytes",
        "target met (<1 s)",
      ],
      [
        r.error
          ? ["5000", "500", "–", "–", "–", "–", "–", `failed: ${String(r.error).slice(0, 60)}`]
          : [
              String(r.participants),
              String(r.mentors),
              String(r.records),
              fmt(r.digestMs),
              fmt(r.digestWarmMs),
              fmt(r.planMs),
              String(r.maxBytes),
              (r.digestMs as number) < 1000 && (r.planMs as number) < 1000 ? "yes" : "NO",
            ],
      ],
    ),
  );
}

console.log(
  "\n## Paced sends: a weekly fan-out through the real adapters against fakes that enforce the published limits\n" +
    "Slack: 600 chat.postMessage a minute per workspace (burst 20), one a second per channel, 429 with Retry-After\n" +
    "(or without it). Teams: 50 requests a second per tenant, 429 without Retry-After (as Microsoft documents).\n" +
    "Floor = people / limit. Redis: BullMQ jobs on one store shared by one and by two app instances, against the\n" +
    "one fake: the limit is shared, not doubled. Coordinator: Marieke's 'stuur reflectie' and 'Versturen' over\n" +
    "Bolt's HTTP receiver, wall time from the click; lost = people who never got it, doubled = got it twice.\n",
);
{
  const cases: [string, string[]][] = [
    ["slack", ["slack", "1000"]],
    ["slack", ["slack", "5000"]],
    ["slack, 429 without Retry-After", ["slack", "1000", "memory", "1", "no-retry-after"]],
    ["slack, coordinator's send", ["slack", "1000", "memory", "1", "coordinator"]],
    [
      "slack, coordinator's send, 429 without Retry-After",
      ["slack", "1000", "memory", "1", "no-retry-after", "coordinator"],
    ],
    ["slack redis ×1", ["slack", "1000", "redis", "1"]],
    ["slack redis ×2", ["slack", "1000", "redis", "2"]],
    ["slack redis ×2, coordinator's send", ["slack", "1000", "redis", "2", "coordinator"]],
    ["teams (no Retry-After)", ["teams", "1000", "none"]],
    ["teams redis ×1 (no Retry-After)", ["teams", "1000", "none", "redis", "1"]],
    ["teams redis ×2 (no Retry-After)", ["teams", "1000", "none", "redis", "2"]],
  ];
  const rows = cases.map(([name, args]) => {
    if (args.includes("redis") && !process.env.REDIS_URL)
      return [name, args[1] ?? "", "–", "–", "–", "–", "–", "–", "–", "skipped: REDIS_URL not set"];
    const r = runCase("bench/paced.ts", args);
    if (r.error)
      return [
        name,
        args[1] ?? "",
        "–",
        "–",
        "–",
        "–",
        "–",
        "–",
        "–",
        `failed: ${String(r.error).slice(0, 50)}`,
      ];
    const ok =
      (r.ratio as number) <= 1.05 &&
      (r.http429 as number) <= (r.participants as number) * 0.01 &&
      r.lost === 0 &&
      r.duplicated === 0;
    return [
      name,
      String(r.participants),
      fmt((r.wallMs as number) / 1000, 1),
      fmt((r.floorMs as number) / 1000, 1),
      fmt(r.ratio, 3),
      String(r.http429),
      String(r.lost),
      String(r.duplicated),
      fmt(r.cpuMsPerMessage, 2),
      ok ? "yes" : "NO",
    ];
  });
  console.log(
    table(
      [
        "platform",
        "people",
        "wall s",
        "floor s",
        "ratio",
        "429s",
        "lost",
        "doubled",
        "CPU ms/msg",
        "target met (≤1.05×, ≤1% 429, 0 lost, 0 doubled)",
      ],
      rows,
    ),
  );
}

console.log(
  "\n## Start-up: spawn to /healthz and /readyz (server mode, SQLite, Slack), console prompt, RSS\n",
);
{
  const r = runCase("bench/startup.ts", ["3"]);
  const rows = r.error
    ? [["–", "–", "–", "–", "–", "–", `failed: ${String(r.error).slice(0, 50)}`]]
    : [
        [
          fmt(r.healthzMs),
          fmt(r.bareBoltHealthzMs),
          fmt(r.readyMs),
          fmt(r.consoleMs),
          fmt(r.rssMb),
          fmt(r.bareBoltRssMb),
          [
            `healthz ≤1 s: ${(r.healthzMs as number) <= 1000 ? "yes" : "NO"}`,
            `console ≤0.8 s: ${(r.consoleMs as number) <= 800 ? "yes" : "NO"}`,
            `RSS ≤1.5× bare: ${(r.rssMb as number) <= 1.5 * (r.bareBoltRssMb as number) ? "yes" : "NO"}`,
          ].join(", "),
        ],
      ];
  console.log(
    table(
      ["/healthz ms", "bare Bolt ms", "/readyz ms", "console ms", "RSS MB", "bare Bolt RSS MB", "targets"],
      rows,
    ),
  );
}

console.log(
  "\n## Own cost per message: the bot's scheduled fan-out against a bare WebClient loop, same run\n" +
    "Slack fake without rate limits in its own process; 16 sends at a time in both; the same message\n" +
    "(blocks, metadata, bytes); CPU = user + system of the sending process, median of 5 rounds after a warm-up.\n",
);
{
  const r = runCase("bench/cost.ts", ["1000", "5"]);
  console.log(
    table(
      ["people", "bare ms", "bare CPU ms/msg", "bot ms", "bot CPU ms/msg", "ratio", "target met (≤1.2×)"],
      [
        r.error
          ? ["1000", "–", "–", "–", "–", "–", `failed: ${String(r.error).slice(0, 60)}`]
          : [
              String(r.n),
              fmt(r.bareWallMs),
              fmt(r.bareCpuMsPerMsg, 3),
              fmt(r.botWallMs),
              fmt(r.botCpuMsPerMsg, 3),
              fmt(r.ratio, 2),
              (r.ratio as number) <= 1.2 && r.sent === r.n ? "yes" : "NO",
            ],
      ],
    ),
  );
}
