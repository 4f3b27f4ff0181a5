/**
 * `npm run teams:package [-- --out FILE]`: checks manifest.json against Microsoft's schema
 * for its manifestVersion and writes the zip a Teams admin uploads (manifest, both icons,
 * the English strings). With MicrosoftAppId set, the app and bot id become that id.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { Ajv as AjvInstance, Options as AjvOptions } from "ajv";
import { zipSync } from "fflate";

const root = fileURLToPath(new URL("..", import.meta.url));
const require = createRequire(import.meta.url);
// Two CommonJS packages whose default exports TypeScript mistypes under NodeNext; required plainly.
const Ajv = require("ajv-draft-04") as new (options: AjvOptions) => AjvInstance;
const addFormats = require("ajv-formats") as (ajv: AjvInstance) => AjvInstance;

export interface PackageFiles {
  manifest: Record<string, unknown>;
  files: Record<string, Uint8Array>;
}

/** The schema file of a Teams manifest version, from the @microsoft/app-manifest package. */
export function teamsSchema(version: string, file = "MicrosoftTeams.schema.json"): object {
  const dir = dirname(require.resolve("@microsoft/app-manifest/package.json"));
  return JSON.parse(readFileSync(join(dir, "build", "json-schemas", "teams", `v${version}`, file), "utf8"));
}

/** Every schema problem of the manifest and its language files, as `path: message` lines. */
export function validateTeamsPackage(pkg: PackageFiles): string[] {
  const version = String(pkg.manifest.manifestVersion);
  // Microsoft's patterns are not valid in JavaScript's unicode mode ("\b]"); plain mode reads them as meant.
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  const problems: string[] = [];
  const check = (schema: object, data: unknown, name: string) => {
    const validate = ajv.compile(schema);
    if (!validate(data))
      for (const e of validate.errors ?? [])
        problems.push(`${name}${e.instancePath || ""}: ${e.message ?? "invalid"}`);
  };
  check(teamsSchema(version), pkg.manifest, "manifest.json");
  const localization = teamsSchema(version, "MicrosoftTeams.Localization.schema.json");
  const info = pkg.manifest.localizationInfo as { additionalLanguages?: { file: string }[] } | undefined;
  for (const { file } of info?.additionalLanguages ?? []) {
    const content = pkg.files[file];
    if (!content) problems.push(`${file}: missing from the package`);
    else check(localization, JSON.parse(Buffer.from(content).toString("utf8")), file);
  }
  for (const icon of Object.values(pkg.manifest.icons as Record<string, string>))
    if (!pkg.files[icon]) problems.push(`${icon}: missing from the package`);
  return problems;
}

/** The package's files: manifest.json (with the app id filled in) and what it refers to. */
export function packageFiles(appId?: string): PackageFiles {
  const manifest = JSON.parse(readFileSync(join(root, "manifest.json"), "utf8")) as Record<string, unknown>;
  if (appId) {
    manifest.id = appId;
    for (const bot of manifest.bots as { botId: string }[]) bot.botId = appId;
  }
  const files: Record<string, Uint8Array> = {
    "color.png": readFileSync(join(root, "teams", "color.png")),
    "outline.png": readFileSync(join(root, "teams", "outline.png")),
    "en.json": readFileSync(join(root, "teams", "en.json")),
  };
  return { manifest, files };
}

function main() {
  const at = process.argv.indexOf("--out");
  const out = resolve(at > 0 ? (process.argv[at + 1] ?? "") : join(root, "dist", "kampvuur-teams.zip"));
  const pkg = packageFiles(process.env.MicrosoftAppId);
  const problems = validateTeamsPackage(pkg);
  if (problems.length > 0) {
    process.stderr.write(`manifest.json is not a valid Teams app manifest:\n  ${problems.join("\n  ")}\n`);
    process.exit(2);
  }
  const zip = zipSync({
    "manifest.json": new TextEncoder().encode(`${JSON.stringify(pkg.manifest, null, 2)}\n`),
    ...pkg.files,
  });
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, zip);
  process.stdout.write(
    `Wrote ${out} (${zip.length} bytes): manifest.json ${pkg.manifest.manifestVersion}, app id ${String(pkg.manifest.id)}` +
      `${process.env.MicrosoftAppId ? "" : " (a placeholder: set MicrosoftAppId to your bot's app id)"}.\n`,
  );
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
