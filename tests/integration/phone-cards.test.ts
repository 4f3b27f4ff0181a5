/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AdaptiveCard, toCard, toFormCard } from "../../src/adapters/teams/cards.js";
import type { Form, Message } from "../../src/core/messages.js";
import { loadAppProgramme } from "../../src/app.js";
import { programmeChoice } from "../../src/core/hub.js";
import { messages } from "../../src/core/i18n/index.js";
import { Scheduler } from "../../src/scheduling/scheduler.js";
import {
  buttonsOf,
  DEMO_NOW,
  seedTwelveLongAnswers,
  startTestApp,
  type TestApp,
} from "../helpers/harness.js";

/**
 * Every kind of card a participant, mentor or coordinator gets, rendered the way Teams renders
 * it on a phone: the official `adaptivecards` renderer with a Teams host config, in headless
 * Chromium at 375 px. A button label or a line of text that does not fit, or a card taller
 * than a few screens, fails the test. The screenshots land in `tests/artifacts/phone/`.
 */

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const HAVE_CHROMIUM = existsSync(CHROMIUM);
if (!HAVE_CHROMIUM)
  console.warn(
    `phone-cards: SKIPPED, no Chromium at ${CHROMIUM} (install Debian's 'chromium', or set CHROMIUM_PATH); .ci/run installs it`,
  );

const WIDTH = 375;
const SCREEN = 667;
/** The most a card may be, in phone screens (a list of twelve long answers is paged before this). */
const MAX_SCREENS = 4;
const ARTIFACTS = join(process.cwd(), "tests", "artifacts", "phone");

const require = createRequire(import.meta.url);
const ANNA = "anna-de-vries";
const HENK = "henk-westerveld";
const MARIEKE = "marieke-hoekstra";

interface Problem {
  card: string;
  what: string;
}

/** The cards to look at, by name. */
async function cards(t: TestApp): Promise<Map<string, AdaptiveCard>> {
  const out = new Map<string, AdaptiveCard>();
  const add = (name: string, message: Message | undefined) => {
    expect(message, name).toBeDefined();
    out.set(name, toCard(message as Message));
  };
  const addForm = (name: string, form: Form | undefined, errors?: Record<string, string>) => {
    expect(form, name).toBeDefined();
    out.set(name, toFormCard(form as Form, errors));
  };
  const scheduler = new Scheduler(t.app);
  await scheduler.tick();
  const prompt = t.adapter.to(ANNA).find((m) => m.kind === "reflection");
  add("prompt", prompt);
  const anna = t.chat(ANNA);
  await anna.click(buttonsOf(prompt).find((b) => b.label === "Beantwoorden")!);
  addForm("answer-form", anna.lastForm);
  const empty = await anna.submit(anna.lastForm!, { answer: " ", visibility: "private" });
  addForm("answer-form-errors", anna.lastForm, empty.errors);
  await anna.click(buttonsOf(prompt).find((b) => b.label === "Later")!);
  add("later-choices", anna.lastReply);
  // A question-like message while the prompt is open: the bot asks which it is.
  await anna.say("kan de buurtkamer ook op zondag open?");
  const offer = anna.lastReply;
  expect(buttonsOf(offer).map((b) => b.label)).toEqual(
    expect.arrayContaining(["Mijn antwoord", "Mijn vraag"]),
  );
  add("answer-or-question", offer);
  await anna.click(buttonsOf(offer).find((b) => b.label === "Mijn antwoord")!);
  await anna.say("help");
  add("help", anna.lastReply);
  await anna.say("vraag wat betekent klein beginnen?");
  add("question-answer", anna.lastReply);
  await anna.say("wat is de hoofdstad van frankrijk?");
  add("off-topic", anna.lastReply);
  t.clock.set(new Date(t.clock.now().getTime() + 50 * 3_600_000));
  await scheduler.tick();
  // Bram did nothing with his prompt: he gets the reminder.
  add(
    "reminder",
    t.adapter.to("bram-jansen").find((m) => m.kind === "reflection-reminder"),
  );
  // Someone in several programmes (KAMPVUUR_PROGRAMMES) is asked which one: the three examples' long names.
  const examples = await Promise.all(
    ["leergang", "community-of-practice", "masterclass"].map((f) => loadAppProgramme(`examples/${f}.yaml`)),
  );
  add("programme-choice", programmeChoice(messages("nl"), examples));
  await seedTwelveLongAnswers(t, ANNA);
  await anna.say("antwoorden");
  add("answers-12-long", anna.lastReply);
  const marieke = t.chat(MARIEKE);
  await marieke.say("stuur reflectie");
  add("coordinator-preview", marieke.lastReply);
  for (const [name, id] of [
    ["home-participant", ANNA],
    ["home-mentor", HENK],
    ["home-coordinator", MARIEKE],
  ] as const)
    add(name, await t.app.home(t.app.bot.directory.get(id)!));
  return out;
}

describe.skipIf(!HAVE_CHROMIUM)(
  "cards on a 375 px phone (adaptivecards renderer, Teams host config, Chromium)",
  () => {
    // eslint-disable-next-line @typescript-eslint/consistent-type-imports -- loaded only when Chromium is there
    let browser: import("playwright-core").Browser;
    let t: TestApp;
    beforeAll(async () => {
      const { chromium } = await import("playwright-core");
      browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] });
      t = await startTestApp({ now: DEMO_NOW });
      mkdirSync(ARTIFACTS, { recursive: true });
    }, 60_000);
    afterAll(async () => {
      await browser?.close();
      await t?.close();
    });

    it("every button label and line fits, and no card is taller than four screens", async () => {
      const all = await cards(t);
      const page = await browser.newPage({
        viewport: { width: WIDTH, height: SCREEN },
        deviceScaleFactor: 2,
      });
      await page.setContent(
        `<!doctype html><html><head><meta charset="utf-8"><style>body{margin:0;font-family:'Segoe UI',Tahoma,sans-serif}#card{width:${WIDTH}px}*{box-sizing:border-box}.ac-textBlock ul,.ac-textBlock ol{margin:0;padding-left:20px}.ac-textBlock p{margin:0}</style></head><body><div id="card"></div></body></html>`,
      );
      await page.addScriptTag({
        path: join(process.cwd(), "node_modules", "markdown-it", "dist", "browser", "markdown-it.umd.min.js"),
      });
      await page.addScriptTag({ path: require.resolve("adaptivecards/dist/adaptivecards.min.js") });
      await page.addStyleTag({ path: require.resolve("adaptivecards/dist/adaptivecards.css") });
      const hostConfig = JSON.parse(
        readFileSync(
          join(process.cwd(), "tests", "fixtures", "schemas", "teams-light-hostconfig.json"),
          "utf8",
        ),
      ) as unknown;
      const problems: Problem[] = [];
      for (const [name, card] of all) {
        const found = await page.evaluate(
          ({ card, hostConfig }) => {
            const w = window as unknown as {
              AdaptiveCards: {
                AdaptiveCard: new () => {
                  hostConfig: unknown;
                  parse(c: unknown): void;
                  render(): HTMLElement;
                } & Record<string, unknown>;
                HostConfig: new (c: unknown) => unknown;
              };
              markdownit: () => { render(s: string): string };
            };
            const AC = w.AdaptiveCards;
            (AC.AdaptiveCard as unknown as Record<string, unknown>).onProcessMarkdown = (
              text: string,
              result: { outputHtml: string; didProcess: boolean },
            ) => {
              result.outputHtml = w.markdownit().render(text);
              result.didProcess = true;
            };
            const adaptive = new AC.AdaptiveCard();
            adaptive.hostConfig = new AC.HostConfig(hostConfig);
            adaptive.parse(card);
            const host = document.getElementById("card") as HTMLElement;
            host.innerHTML = "";
            host.appendChild(adaptive.render());
            const issues: string[] = [];
            for (const button of host.querySelectorAll<HTMLElement>("button, .ac-pushButton")) {
              const label = button.innerText.trim();
              for (const el of [button, ...button.querySelectorAll<HTMLElement>("*")])
                if (el.scrollWidth > el.clientWidth) {
                  issues.push(`button "${label}" is cut off (${el.scrollWidth} > ${el.clientWidth} px)`);
                  break;
                }
            }
            for (const text of host.querySelectorAll<HTMLElement>(".ac-textBlock"))
              if (text.scrollWidth > text.clientWidth + 1)
                issues.push(`text "${text.innerText.slice(0, 40)}…" is wider than the card`);
            return { issues, height: host.getBoundingClientRect().height };
          },
          { card, hostConfig },
        );
        for (const what of found.issues) problems.push({ card: name, what });
        if (found.height > MAX_SCREENS * SCREEN)
          problems.push({ card: name, what: `${Math.round(found.height / SCREEN)} screens tall` });
        await page.locator("#card").screenshot({ path: join(ARTIFACTS, `${name}.png`) });
      }
      await page.close();
      expect(all.size).toBeGreaterThanOrEqual(14);
      expect(problems).toEqual([]);
    }, 120_000);
  },
);
