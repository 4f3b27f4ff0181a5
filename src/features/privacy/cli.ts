/** `kampvuur privacy export|erase|readd|status`: a coordinator acting on a person's written request. */
import type { FeatureCommand } from "../../core/feature.js";
import { KampvuurError } from "../../kernel/errors.js";
import type { Privacy } from "./service.js";
import { strings } from "./strings.js";

const ACTIONS = ["export", "erase", "readd", "status"] as const;

export const PRIVACY_CLI: FeatureCommand<Privacy>[] = [
  {
    name: "privacy",
    description:
      "a person's data: export it (md or json), erase it (with --yes), add an erased person back, or list what is kept",
    arguments: [
      { name: "<action>", description: ACTIONS.join(" | ") },
      { name: "[person]", description: "the person's id in the programme file" },
    ],
    options: [
      { flags: "--format <md|json>", description: "export: Markdown (default) or JSON" },
      { flags: "--yes", description: "erase: really erase (without it, says what would go)" },
    ],
    async run(privacy, { args, options, programme }, out) {
      const t = strings(programme.language).cli;
      const [action, personId = ""] = args;
      if (!ACTIONS.includes(action as (typeof ACTIONS)[number]))
        throw new KampvuurError("config_invalid", t.usage);
      if (action === "status") {
        const everyone = programme.participants.concat(programme.mentors, programme.coordinators);
        // Per part how many people it keeps something about (the retention part says when it all goes).
        const stored = await privacy.stored(everyone.map((p) => p.id));
        const people = (n: number) =>
          programme.language === "en"
            ? `${n} ${n === 1 ? "person" : "people"}`
            : `${n} ${n === 1 ? "persoon" : "personen"}`;
        const parts = privacy.parts
          .map((p) => `  ${p.id} (${people(stored[p.id] ?? 0)}): ${p.describe[programme.language]}`)
          .join("\n");
        const erased = everyone.filter((p) => privacy.bot.directory.isErased(p.id)).length;
        out.write(`${t.status(erased, parts)}\n`);
        return;
      }
      const inFile = [...programme.participants, ...programme.mentors, ...programme.coordinators].find(
        (p) => p.id === personId,
      );
      if (!inFile) throw new KampvuurError("config_invalid", personId ? t.unknown(personId) : t.usage);
      if (action === "export") {
        const format = options.format === "json" ? "json" : "md";
        if (options.format !== undefined && options.format !== "md" && options.format !== "json")
          throw new KampvuurError("config_invalid", t.usage);
        const data = await privacy.export(personId, "cli", format);
        out.write(
          format === "json"
            ? `${JSON.stringify(data, null, 2)}\n`
            : privacy.markdown(data, programme.language, inFile.name),
        );
        return;
      }
      if (action === "readd") {
        out.write(
          `${(await privacy.readd(personId, "cli")) ? t.readded(inFile.name) : t.notErased(inFile.name)}\n`,
        );
        return;
      }
      if (!options.yes) {
        const parts = privacy.parts.map((p) => `  • ${p.describe[programme.language]}`).join("\n");
        out.write(`${t.plan(inFile.name)}\n${parts}\n${t.rerun(personId)}\n`);
        return 2;
      }
      const done = await privacy.erase(personId, "cli");
      out.write(`${t.erased(inFile.name, Object.values(done.parts).filter((n) => n > 0).length)}\n`);
    },
  },
];
