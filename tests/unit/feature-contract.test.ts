import { readFile } from "node:fs/promises";
import { PassThrough, Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { createApp, programmeSections } from "../../src/app.js";
import { createProgram } from "../../src/cli/program.js";
import { DEMO_PROGRAMME, ProgrammeError, parseProgramme } from "../../src/config/programme.js";
import { defineSection } from "../../src/config/programme-schema.js";
import type { Feature } from "../../src/core/feature.js";
import { DEFAULT_FEATURES, type FeatureDeps } from "../../src/features/index.js";

/**
 * A feature's own part of the programme file and its own `kampvuur` command, through the
 * feature contract alone: a feature folder needs nothing else of the core for them.
 */
const reminderSettings = defineSection(
  "session-reminders",
  z
    .object({
      daysBefore: z.number().int().min(0).max(14).default(1),
      teams: z.array(z.string()).default([]),
    })
    .strict()
    .default({ daysBefore: 1, teams: [] }),
  (value, programme) =>
    value.teams.flatMap((team, i) =>
      programme.teams.some((t) => t.id === team)
        ? []
        : [{ path: ["teams", i], message: `'${team}' is not one of the teams` }],
    ),
);

const sessionReminders: Feature<{ daysBefore: () => number }, FeatureDeps> = {
  id: "session-reminders",
  section: reminderSettings,
  register: (bot) => ({ daysBefore: () => reminderSettings.of(bot.programme).daysBefore }),
  cli: [
    {
      name: "reminder-days",
      description: "how many days before a session day the reminder goes",
      arguments: [{ name: "[label]", description: "printed before the number" }],
      options: [{ flags: "--twice", description: "print it twice" }],
      async run(api, { args, options, programme }, out) {
        const line = `${args[0] ?? programme.id}: ${api.daysBefore()}\n`;
        out.write(options.twice ? line + line : line);
        return api.daysBefore() > 5 ? 1 : 0;
      },
    },
  ],
};
const features = [...DEFAULT_FEATURES, sessionReminders];
const demo = await readFile(DEMO_PROGRAMME, "utf8");

async function run(argv: string[], env: NodeJS.ProcessEnv) {
  const stdout = new PassThrough();
  let out = "";
  stdout.on("data", (d) => (out += d));
  let code = 0;
  const program = createProgram(
    {
      io: { stdin: Readable.from([""]), stdout, stderr: new PassThrough(), env },
      setExitCode: (c) => (code = c),
    },
    features,
  );
  await program.parseAsync(argv, { from: "user" });
  return { code, out };
}

describe("a feature's own programme section and command", () => {
  it("reads its section from the programme file, and its defaults when the file has none", async () => {
    const withSection = parseProgramme(
      `${demo}\nsession-reminders:\n  daysBefore: 3\n  teams: [${await firstTeam()}]\n`,
      "p.yaml",
      programmeSections(features),
    );
    expect(reminderSettings.of(withSection)).toEqual({ daysBefore: 3, teams: [await firstTeam()] });
    const without = parseProgramme(demo, "p.yaml", programmeSections(features));
    expect(reminderSettings.of(without).daysBefore).toBe(1);
    const app = await createApp({ programme: withSection, storeUrl: "memory://", features });
    expect(app.api(sessionReminders).daysBefore()).toBe(3);
    await app.close();
  });

  it("reports a mistake in the section by its path, with the rest of the file's mistakes", () => {
    const broken = `${demo.replace(/^timezone: .*$/m, "timezone: Mars/Olympus")}\nsession-reminders:\n  daysBefore: 40\n  teams: [nergens]\n  extra: 1\n`;
    let problems: { path: string }[] = [];
    try {
      parseProgramme(broken, "p.yaml", programmeSections(features));
    } catch (error) {
      expect(error).toBeInstanceOf(ProgrammeError);
      problems = (error as ProgrammeError).problems;
    }
    expect(problems.map((p) => p.path).sort()).toEqual([
      "session-reminders",
      "session-reminders.daysBefore",
      "timezone",
    ]);
    // Its checks against the programme run once the fields themselves are right.
    const unknownTeam = `${demo}\nsession-reminders:\n  teams: [nergens]\n`;
    expect(() => parseProgramme(unknownTeam, "p.yaml", programmeSections(features))).toThrow(
      /session-reminders\.teams\.0: 'nergens' is not one of the teams/,
    );
  });

  it("refuses the section when its feature is not in the list, as any unknown field", () => {
    const text = `${demo}\nsession-reminders:\n  daysBefore: 3\n`;
    expect(() => parseProgramme(text, "p.yaml", programmeSections(DEFAULT_FEATURES))).toThrow(ProgrammeError);
  });

  it("refuses a section named like a field of the programme, and one without defaults", () => {
    expect(() => defineSection("teams", z.object({}).default({}))).toThrow(/field of the programme file/);
    expect(() => defineSection("x", z.object({ a: z.number() }))).toThrow(/needs a default/);
  });

  it("runs its command on the app built from the programme, with its arguments, options and exit code", async () => {
    const dir = await import("node:fs/promises").then((fs) => fs.mkdtemp("/tmp/kampvuur-feature-"));
    const file = `${dir}/p.yaml`;
    await import("node:fs/promises").then((fs) =>
      fs.writeFile(file, `${demo}\nsession-reminders:\n  daysBefore: 7\n`),
    );
    const env = { KAMPVUUR_STORE: `sqlite://${dir}/store.sqlite` };
    expect(await run(["reminder-days", "dagen", "--twice", "--programme", file], env)).toEqual({
      code: 1,
      out: "dagen: 7\ndagen: 7\n",
    });
    expect(await run(["reminder-days"], env)).toEqual({
      code: 0,
      out: "leergang-gemeenschapskracht-2026: 1\n",
    });
  });
});

async function firstTeam(): Promise<string> {
  return parseProgramme(demo, "p.yaml", programmeSections()).teams[0]?.id ?? "";
}
