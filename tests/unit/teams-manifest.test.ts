import { readFileSync } from "node:fs";
import { join } from "node:path";
import { unzipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { packageFiles, validateTeamsPackage } from "../../scripts/teams-package.js";
import { finished, ROOT } from "../helpers/cli.js";
import { tempDir } from "../helpers/harness.js";
import { spawn } from "node:child_process";

/** Width and height from a PNG's IHDR chunk. */
function pngSize(bytes: Uint8Array): { width: number; height: number } {
  const b = Buffer.from(bytes);
  expect(b.subarray(1, 4).toString("ascii")).toBe("PNG");
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
}

describe("the Teams app package", () => {
  it("manifest.json validates against Microsoft's schema for its manifestVersion, with its English strings", () => {
    const pkg = packageFiles();
    expect(validateTeamsPackage(pkg)).toEqual([]);
    const bot = (pkg.manifest.bots as { scopes: string[]; commandLists: unknown[] }[])[0];
    expect(bot?.scopes).toEqual(["personal", "team", "groupChat"]);
    expect(bot?.commandLists.length).toBe(2);
  });

  it("a broken manifest is reported by path", () => {
    const pkg = packageFiles();
    delete (pkg.manifest as Record<string, unknown>).accentColor;
    (pkg.manifest.bots as { scopes: string[] }[])[0]!.scopes = ["everywhere"];
    const problems = validateTeamsPackage(pkg).join("\n");
    expect(problems).toMatch(/accentColor/);
    expect(problems).toMatch(/manifest.json\/bots\/0\/scopes\/0/);
  });

  it("has icons of the required sizes: 192×192 colour, 32×32 outline", () => {
    const { files } = packageFiles();
    expect(pngSize(files["color.png"]!)).toEqual({ width: 192, height: 192 });
    expect(pngSize(files["outline.png"]!)).toEqual({ width: 32, height: 32 });
  });

  it("npm run teams:package writes the zip with the app id filled in", async () => {
    const { dir, cleanup } = tempDir();
    try {
      const out = join(dir, "kampvuur-teams.zip");
      const child = spawn(process.execPath, ["--import", "tsx", "scripts/teams-package.ts", "--out", out], {
        cwd: ROOT,
        env: { PATH: process.env.PATH, MicrosoftAppId: "11111111-2222-3333-4444-555555555555" },
      });
      const result = await finished(child);
      expect(result.code, result.stderr).toBe(0);
      const entries = unzipSync(readFileSync(out));
      expect(Object.keys(entries).sort()).toEqual(["color.png", "en.json", "manifest.json", "outline.png"]);
      const manifest = JSON.parse(Buffer.from(entries["manifest.json"]!).toString("utf8"));
      expect(manifest.id).toBe("11111111-2222-3333-4444-555555555555");
      expect(manifest.bots[0].botId).toBe("11111111-2222-3333-4444-555555555555");
    } finally {
      cleanup();
    }
  });
});
