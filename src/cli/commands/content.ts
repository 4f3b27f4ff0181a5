/** `kampvuur content [folder…]`: check the content base and list its documents. */
import type { Command } from "commander";
import { parseEnv } from "../../config/env.js";
import { contentDirs, loadContent } from "../../knowledge/content.js";
import { type CliContext, EXIT } from "../io.js";

export function registerContent(program: Command, { io, setExitCode }: CliContext): void {
  program
    .command("content")
    .description("check the content base (and KAMPVUUR_CONTENT folders) and list its documents")
    .argument("[folders...]", "extra folders to check (default: KAMPVUUR_CONTENT)")
    .action(async (folders: string[]) => {
      const env = parseEnv(io.env);
      const dirs = folders.length > 0 ? contentDirs(folders.join(",")) : contentDirs(env.KAMPVUUR_CONTENT);
      const base = await loadContent(dirs);
      for (const d of base.docs)
        io.stdout.write(
          `${d.language}  ${d.id.padEnd(24)}  ${String(d.chunks.length).padStart(2)} sections  ${d.title}\n`,
        );
      io.stdout.write(`${base.docs.length} documents, ${base.chunks.length} sections.\n`);
      if (base.problems.length > 0) {
        io.stderr.write(
          `${base.problems.length} problem${base.problems.length === 1 ? "" : "s"} (these files are left out):\n` +
            base.problems.map((p) => `  ${p.file}: ${p.field}: ${p.message}`).join("\n") +
            "\n",
        );
        setExitCode(EXIT.usage);
      }
    });
}
