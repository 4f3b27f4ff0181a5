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

  it("imports follow one layer order: kernel → config → storage → core → knowledge and features → adapters → app and CLI", () => {
    const layerOf = (path: string): number => {
      const top = path.split("/")[0] as string;
      const order: Record<string, number> = {
        kernel: 0,
        config: 1,
        storage: 2,
        core: 3,
        scheduling: 3,
        queue: 3,
        knowledge: 4,
        features: 4,
        adapters: 5,
        server: 5,
        simulation: 6,
        cli: 6,
        "app.ts": 6,
        "deployment.ts": 6,
        "cli.ts": 6,
        "log.ts": 6,
      };
      const layer = order[top];
      if (layer === undefined) throw new Error(`src/${path} is in no layer: add its folder to this test`);
      return layer;
    };
    const offenders = files.flatMap((f) =>
      importsOf(f.text)
        .filter((i) => i.startsWith("."))
        .map((i) => relative(src, join(src, f.path, "..", i)).replace(/\.js$/, ".ts"))
        .filter((target) => {
          if (layerOf(target) > layerOf(f.path)) return true;
          // The content base returns passages and facts; it never knows the features.
          if (f.path.startsWith("knowledge/") && target.startsWith("features/")) return true;
          // A feature does not reach into another: what they share is in the core.
          const [, own] = f.path.split("/");
          const [, other] = target.split("/");
          return (
            f.path.startsWith("features/") &&
            target.startsWith("features/") &&
            own !== other &&
            !/^features\/(index|deps)\.ts$/.test(f.path) &&
            !/^features\/deps\.ts$/.test(target)
          );
        })
        .map((target) => `${f.path} imports ${target}`),
    );
    expect(offenders).toEqual([]);
  });
});
