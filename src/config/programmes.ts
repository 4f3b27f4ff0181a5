import { readdir, stat } from "node:fs/promises";
import { extname, join, resolve } from "node:path";
import { KampvuurError } from "../kernel/errors.js";

/** The file kinds a programme folder is read for (the same as `loadProgramme` reads). */
const PROGRAMME_FILE = new Set([".yaml", ".yml", ".json"]);

/**
 * The programme files one process serves (`KAMPVUUR_PROGRAMMES`, `kampvuur validate <folder>`):
 * a folder (its `.yaml`, `.yml` and `.json` files, by name), a file, or a list of either
 * separated by commas. A path that is not there, or a folder without programme files, is an
 * error that names it.
 *
 * @example
 * await programmeFiles("programmes/");                          // every file in the folder
 * await programmeFiles("leergang-2026.yaml,cop-oost.yaml");    // these two
 */
export async function programmeFiles(spec: string, name = "KAMPVUUR_PROGRAMMES"): Promise<string[]> {
  const entries = spec
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  if (entries.length === 0)
    throw new KampvuurError(
      "config_invalid",
      `${name} is empty: give a folder or files separated by commas.`,
    );
  const files: string[] = [];
  for (const entry of entries) {
    const path = resolve(entry);
    const info = await stat(path).catch(() => undefined);
    if (!info)
      throw new KampvuurError(
        "config_invalid",
        `${name}: '${entry}' does not exist. Give a folder of programme files or files separated by commas.`,
      );
    if (!info.isDirectory()) {
      files.push(path);
      continue;
    }
    const inside = (await readdir(path))
      .filter((f) => PROGRAMME_FILE.has(extname(f).toLowerCase()) && !f.startsWith("."))
      .sort()
      .map((f) => join(path, f));
    if (inside.length === 0)
      throw new KampvuurError(
        "config_invalid",
        `${name}: the folder '${entry}' has no programme files (.yaml, .yml or .json).`,
      );
    files.push(...inside);
  }
  return [...new Set(files)];
}
