import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parseProgramme } from "../../src/config/programme.js";
import { PromptBank } from "../../src/features/reflections/prompt-bank.js";
import { reflectionOccurrences } from "../../src/features/reflections/plan.js";
import { cli, finished, spawnCli } from "../helpers/cli.js";
import { tempDir } from "../helpers/harness.js";

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));
const bomb = fixture("programme-alias-bomb.yaml");
/** The eighth `*c` on the `d:` line: where the aliases pass 10,000 repeated values. */
const bombAt = "line 16, column 38";
const stackTrace = /\n\s+at |unexpected error/;

const mini = (extra = "") =>
  `id: mini\nname: Mini\n${extra}sessions:\n  - date: 2027-03-02\n    theme: Dag 1\ncoordinators:\n  - id: co\n    name: Co\n`;

describe("a hostile or broken programme file", () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(() => {
    tmp = tempDir();
  });
  afterEach(() => tmp.cleanup());

  it("kampvuur validate refuses a billion-laughs alias bomb with exit 2, the file and the alias's line and column, at once", async () => {
    const started = Date.now();
    const child = spawnCli(["validate", bomb], {});
    const r = await finished(child);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${bomb} is not a valid programme file (1 problem):`);
    expect(r.stderr).toContain(`  ${bombAt}: *c takes the values this file's aliases repeat past 10,000`);
    expect(r.stderr).toContain("write the values out");
    expect(r.stderr).not.toMatch(stackTrace);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it("npm start with KAMPVUUR_PROGRAMME set to the alias bomb stops with exit 2 and the same message", async () => {
    const child = spawnCli(["start"], {
      KAMPVUUR_PROGRAMME: bomb,
      KAMPVUUR_STORE: "memory://",
      PORT: "0",
    });
    child.stdin?.end();
    const r = await finished(child);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${bomb} is not a valid programme file`);
    expect(r.stderr).toContain(`${bombAt}: *c`);
    expect(r.stderr).not.toMatch(stackTrace);
  });

  it("refuses a programme file over 1 MB and names its size", async () => {
    const file = join(tmp.dir, "huge.yaml");
    writeFileSync(file, mini(`description: ${"x".repeat(1_200_000)}\n`));
    const r = await cli(["validate", file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${file} is not a valid programme file (1 problem):`);
    expect(r.stderr).toMatch(
      /\(file\): is 1\.2 MB \(1,200,\d{3} bytes\), and a programme file may be at most 1 MB/,
    );
    expect(r.stderr).not.toMatch(stackTrace);
  });

  it("kampvuur validate refuses a reflection schedule that fires every minute, naming the field", async () => {
    const r = await cli(["validate", fixture("programme-every-minute.yaml")]);
    expect(r.code).toBe(2);
    expect(r.stderr.split("\n").filter((l) => l.startsWith("  "))).toEqual([
      '  reflection.schedule: fires more than once a day ("* 9 * * 2" fires 60 times on Tuesday); use one time, such as "0 9 * * 2"',
    ]);
  });

  it("the plan of an every-minute schedule that got past validation stays small and is made at once", async () => {
    const bank = await PromptBank.load();
    const valid = parseProgramme(
      mini().replace(
        "sessions:\n  - date: 2027-03-02\n    theme: Dag 1\n",
        "sessions:\n  - date: 2027-03-02\n    theme: Dag 1\n  - date: 2027-03-30\n    theme: Dag 2\n",
      ),
      "mini.yaml",
    );
    const slipped = { ...valid, reflection: { ...valid.reflection, schedule: "* * * * *" } };
    const started = Date.now();
    const occurrences = reflectionOccurrences(slipped, bank);
    expect(Date.now() - started).toBeLessThan(1_000);
    // At most one a day of the programme (29 days), instead of 40,000 minutes.
    expect(occurrences.length).toBeLessThanOrEqual(29);
  });
});
