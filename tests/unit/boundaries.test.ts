import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "../helpers/cli.js";

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith(".ts") ? [path] : [];
  });
}

const src = join(ROOT, "src");
/** Source without comments, so an example in a doc comment does not count as use. */
const code = (text: string) => text.replace(/\/\*[\s\S]*?\*\//g, "").replace(/^\s*\/\/.*$/gm, "");
const files = sourceFiles(src).map((path) => ({
  path: relative(src, path),
  text: code(readFileSync(path, "utf8")),
}));
const importsOf = (text: string) => [...text.matchAll(/from\s+["']([^"']+)["']/g)].map((m) => m[1] as string);

describe("architecture boundaries", () => {
  it("the core and the features import no chat platform or model SDK", () => {
    const offenders = files
      .filter((f) => /^(core|features|storage|config)\//.test(f.path))
      .flatMap((f) =>
        importsOf(f.text)
          .filter((i) => /^(@slack\/|botbuilder|openai|@microsoft\/)/.test(i))
          .map((i) => `${f.path} imports ${i}`),
      );
    expect(offenders).toEqual([]);
  });

  it("only the console adapter and the CLI entry know about the terminal", () => {
    const terminal = /node:readline|process\.(stdin|stdout)|\bconsole\.(log|info)\b/;
    const offenders = files
      .filter((f) => terminal.test(f.text))
      .map((f) => f.path)
      .filter((p) => !p.startsWith("adapters/console/") && p !== "cli.ts");
    expect(offenders).toEqual([]);
  });

  it("the core imports nothing from the adapters", () => {
    const offenders = files
      .filter((f) => /^(core|features|storage)\//.test(f.path))
      .filter((f) => importsOf(f.text).some((i) => i.includes("/adapters/")))
      .map((f) => f.path);
    expect(offenders).toEqual([]);
  });
});
