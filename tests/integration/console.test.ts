import { PassThrough, Readable } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import { ConsoleChat } from "../../src/adapters/console/index.js";
import { startTestApp, type TestApp } from "../helpers/harness.js";

let t: TestApp;
afterEach(() => t.close());

/** Types the lines into the console as Anna; returns what it printed. */
async function chat(lines: string[]): Promise<string> {
  t = await startTestApp();
  const output = new PassThrough();
  let printed = "";
  output.on("data", (d) => (printed += d));
  const console = new ConsoleChat(t.app.bot, {
    input: Readable.from([lines.join("\n")]),
    output,
    interactive: false,
    as: "anna",
  });
  t.app.bot.addAdapter(console);
  await console.run();
  return printed;
}

const FIRST = "wat betekent doen en niet te veel praten?";
const SECOND = "wat betekent klein beginnen?";

describe("numbers in the console press the buttons of the latest message only", () => {
  it("'1' after a newer message without buttons rates nothing; right after the answer it does", async () => {
    const printed = await chat([FIRST, "antwoorden", "1", SECOND, "1"]);
    const rated = (await t.app.store.questions.all()).map((q) => [q.text, q.feedback ?? "not rated"]);
    expect(new Map(rated as [string, string][])).toEqual(
      new Map([
        [FIRST, "not rated"],
        [SECOND, "helpful"],
      ]),
    );
    expect(printed).toContain(
      "Er is nu geen knop 1: het laatste bericht heeft geen knoppen. Een getal kiest altijd een knop van het laatste bericht.",
    );
    expect(printed.match(/Dank je, fijn dat het hielp!/g)).toHaveLength(1);
  });
});
