import { webApi } from "@slack/bolt";
import type { KnownBlock, ModalView } from "@slack/types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toBlockKit, toModal } from "../../src/adapters/slack/render.js";
import type { Form, Message } from "../../src/core/messages.js";
import { FakeConnector } from "../helpers/fake-connector.js";
import { FakeSlack } from "../helpers/fake-slack.js";
import { slackPayloadIssues, slackPayloadProblems, teamsActivityProblems } from "../helpers/payload-rules.js";

const button = (text: string, extra: Record<string, unknown> = {}) => ({
  type: "button" as const,
  action_id: "reflection.answer#0",
  text: { type: "plain_text" as const, text },
  value: "occ-1",
  ...extra,
});

/** A real message of the bot's kind: a section, a context line and a row of buttons. */
const goodBlocks: KnownBlock[] = [
  { type: "header", text: { type: "plain_text", text: "Reflectie week 3" } },
  {
    type: "section",
    text: { type: "mrkdwn", text: "*Wat viel je op?*\nDe bewoners kwamen zelf met een plan." },
    fields: [{ type: "mrkdwn", text: "*Groep*\nNoord" }],
  },
  { type: "context", elements: [{ type: "mrkdwn", text: "Alleen jij ziet dit." }] },
  { type: "image", image_url: "https://kampvuur.example/chart.png", alt_text: "Deelname per week" },
  {
    type: "actions",
    elements: [
      button("Beantwoorden", { style: "primary" }),
      { ...button("Later"), action_id: "reflection.later#1" },
    ],
  },
];

const goodModal: ModalView = {
  type: "modal",
  callback_id: "reflection.answer",
  title: { type: "plain_text", text: "Reflectie" },
  submit: { type: "plain_text", text: "Opslaan" },
  private_metadata: "occ-1",
  blocks: [
    {
      type: "input",
      block_id: "answer",
      label: { type: "plain_text", text: "Je antwoord" },
      element: { type: "plain_text_input", action_id: "value", multiline: true, max_length: 3000 },
    },
    {
      type: "input",
      block_id: "mood",
      label: { type: "plain_text", text: "Hoe ging het?" },
      element: {
        type: "static_select",
        action_id: "value",
        options: [{ text: { type: "plain_text", text: "Goed" }, value: "good" }],
      },
    },
  ],
};

const post = (blocks: unknown, text = "Reflectie week 3") => ({ channel: "D1", text, blocks });
const section = (text: string) => ({ type: "section", text: { type: "mrkdwn", text } });

describe("Slack's limits", () => {
  it("passes a good message, modal and home view", () => {
    expect(slackPayloadProblems("chat.postMessage", post(goodBlocks))).toEqual([]);
    expect(slackPayloadProblems("chat.update", { ...post(goodBlocks), ts: "1.2" })).toEqual([]);
    expect(slackPayloadProblems("chat.postEphemeral", { ...post(goodBlocks), user: "U1" })).toEqual([]);
    expect(slackPayloadProblems("views.open", { trigger_id: "t", view: goodModal })).toEqual([]);
    expect(slackPayloadProblems("views.update", { view_id: "V1", view: JSON.stringify(goodModal) })).toEqual(
      [],
    );
    const home = { type: "home", blocks: Array.from({ length: 100 }, (_, i) => section(`regel ${i}`)) };
    expect(slackPayloadProblems("views.publish", { user_id: "U1", view: home })).toEqual([]);
    expect(slackPayloadProblems("users.info", { user: "U1" })).toEqual([]);
  });

  it("refuses 51 blocks in a message and 101 in a modal or home view", () => {
    const blocks = Array.from({ length: 51 }, (_, i) => section(`regel ${i}`));
    expect(slackPayloadProblems("chat.postMessage", post(blocks))).toEqual([
      "blocks: 51 blocks, Slack allows 50",
    ]);
    expect(slackPayloadProblems("chat.postMessage", post(blocks.slice(1)))).toEqual([]);
    const view = { type: "home", blocks: [...blocks, ...blocks] };
    expect(slackPayloadProblems("views.publish", { user_id: "U1", view })).toEqual([
      "view.blocks: 102 blocks, Slack allows 100",
    ]);
  });

  it("refuses section text over 3,000, fields over 10 or 2,000, and empty text", () => {
    const long = "Een zin over bewoners. ".repeat(150).slice(0, 3412);
    expect(
      slackPayloadProblems(
        "chat.postMessage",
        post([goodBlocks[0], goodBlocks[1], goodBlocks[2], section(long)]),
      ),
    ).toEqual(["blocks[3].text.text: 3,412 characters, Slack allows 3,000"]);
    expect(slackPayloadProblems("chat.postMessage", post([section("x".repeat(3000))]))).toEqual([]);
    const fields = Array.from({ length: 11 }, (_, i) => ({ type: "mrkdwn", text: `veld ${i}` }));
    expect(slackPayloadProblems("chat.postMessage", post([{ type: "section", fields }]))).toEqual([
      "blocks[0].fields: 11 fields, Slack allows 10",
    ]);
    const wide = [{ type: "mrkdwn", text: "x".repeat(2001) }];
    expect(slackPayloadProblems("chat.postMessage", post([{ type: "section", fields: wide }]))).toEqual([
      "blocks[0].fields[0].text: 2,001 characters, Slack allows 2,000",
    ]);
    expect(slackPayloadProblems("chat.postMessage", post([section("")]))).toEqual([
      "blocks[0].text.text: empty, Slack wants at least 1 character",
    ]);
    expect(slackPayloadProblems("chat.postMessage", post([{ type: "section" }]))).toEqual([
      "blocks[0]: a section needs text or fields",
    ]);
  });

  it("refuses a header of 151 characters, and a header in mrkdwn", () => {
    const header = (text: string, type = "plain_text") => [{ type: "header", text: { type, text } }];
    expect(slackPayloadProblems("chat.postMessage", post(header("H".repeat(151))))).toEqual([
      "blocks[0].text.text: 151 characters, Slack allows 150",
    ]);
    expect(slackPayloadProblems("chat.postMessage", post(header("H".repeat(150))))).toEqual([]);
    expect(slackPayloadProblems("chat.postMessage", post(header("*Kop*", "mrkdwn")))).toEqual([
      'blocks[0].text.type: "mrkdwn", Slack allows "plain_text"',
    ]);
  });

  it("refuses a 76-character button label, a long value or action id, a mrkdwn label and a bad style", () => {
    const actions = (...elements: unknown[]) => post([{ type: "actions", elements }]);
    expect(slackPayloadProblems("chat.postMessage", actions(button("B".repeat(76))))).toEqual([
      "blocks[0].elements[0].text.text: 76 characters, Slack allows 75",
    ]);
    expect(slackPayloadProblems("chat.postMessage", actions(button("B".repeat(75))))).toEqual([]);
    expect(
      slackPayloadProblems(
        "chat.postMessage",
        actions(button("Ok", { value: "v".repeat(2001), action_id: "a".repeat(256), style: "secondary" })),
      ),
    ).toEqual([
      "blocks[0].elements[0].action_id: 256 characters, Slack allows 255",
      "blocks[0].elements[0].value: 2,001 characters, Slack allows 2,000",
      'blocks[0].elements[0].style: "secondary", Slack allows "primary" or "danger"',
    ]);
    expect(
      slackPayloadProblems(
        "chat.postMessage",
        actions({ ...button("x"), text: { type: "mrkdwn", text: "*Ok*" } }),
      ),
    ).toEqual(['blocks[0].elements[0].text.type: "mrkdwn", Slack allows "plain_text"']);
    expect(slackPayloadProblems("chat.postMessage", actions(button("Ok"), button("Nog eens")))).toEqual([
      'blocks[0].elements[1].action_id: "reflection.answer#0" is used twice in one block, Slack wants them unique',
    ]);
  });

  it("refuses 26 elements in an actions block, and a block id over 255 or used twice", () => {
    const elements = Array.from({ length: 26 }, (_, i) => button(`b${i}`, { action_id: `a#${i}` }));
    expect(slackPayloadProblems("chat.postMessage", post([{ type: "actions", elements }]))).toEqual([
      "blocks[0].elements: 26 elements, Slack allows 25",
    ]);
    expect(
      slackPayloadProblems("chat.postMessage", post([{ type: "actions", elements: elements.slice(1) }])),
    ).toEqual([]);
    const blocks = [
      { ...section("a"), block_id: "b".repeat(256) },
      { ...section("b"), block_id: "x" },
      { ...section("c"), block_id: "x" },
    ];
    expect(slackPayloadProblems("chat.postMessage", post(blocks))).toEqual([
      "blocks[0].block_id: 256 characters, Slack allows 255",
      'blocks[2].block_id: "x" is used twice, Slack wants block ids unique',
    ]);
  });

  it("refuses message text over 40,000 characters as msg_too_long", () => {
    const body = post([section("kort")], "x".repeat(40_001));
    expect(slackPayloadIssues("chat.postMessage", body)).toEqual([
      { error: "msg_too_long", problem: "text: 40,001 characters, Slack allows 40,000" },
    ]);
    expect(slackPayloadProblems("chat.postMessage", post([section("kort")], "x".repeat(40_000)))).toEqual([]);
    expect(slackPayloadProblems("chat.postMessage", { channel: "D1" })).toEqual([
      "text: missing, Slack wants text or blocks",
    ]);
  });

  it("refuses a static_select of 101 options, an option text of 76, and radio buttons of 11", () => {
    const option = (i: number, text = `keuze ${i}`) => ({
      text: { type: "plain_text", text },
      value: `v${i}`,
    });
    const input = (element: Record<string, unknown>) => ({
      ...goodModal,
      blocks: [{ type: "input", block_id: "k", label: { type: "plain_text", text: "Kies" }, element }],
    });
    const select = (options: unknown[]) => input({ type: "static_select", action_id: "value", options });
    const many = Array.from({ length: 101 }, (_, i) => option(i));
    expect(slackPayloadProblems("views.open", { view: select(many) })).toEqual([
      "view.blocks[0].element.options: 101 options, Slack allows 100",
    ]);
    expect(slackPayloadProblems("views.open", { view: select(many.slice(1)) })).toEqual([]);
    expect(slackPayloadProblems("views.open", { view: select([option(1, "o".repeat(76))]) })).toEqual([
      "view.blocks[0].element.options[0].text.text: 76 characters, Slack allows 75",
    ]);
    const radio = input({ type: "radio_buttons", action_id: "value", options: many.slice(0, 11) });
    expect(slackPayloadProblems("views.open", { view: radio })).toEqual([
      "view.blocks[0].element.options: 11 options, Slack allows 10",
    ]);
  });

  it("refuses an image without image_url or slack_file, or without alt_text", () => {
    expect(slackPayloadProblems("chat.postMessage", post([{ type: "image", alt_text: "grafiek" }]))).toEqual([
      "blocks[0]: an image needs image_url or slack_file",
    ]);
    expect(
      slackPayloadProblems(
        "chat.postMessage",
        post([{ type: "image", slack_file: { id: "F1" }, alt_text: "grafiek" }]),
      ),
    ).toEqual([]);
    expect(
      slackPayloadProblems("chat.postMessage", post([{ type: "image", image_url: "https://x/y.png" }])),
    ).toEqual(["blocks[0].alt_text: missing, Slack requires alt text for an image"]);
  });

  it("refuses a modal title, submit or close over 24, private_metadata over 3,000, a label over 2,000", () => {
    const title = { type: "plain_text" as const, text: "Reflectie op de sessiedag" }; // 25
    const view = {
      ...goodModal,
      title,
      submit: { type: "plain_text", text: "Opslaan en verder gaan nu" },
      close: { type: "plain_text", text: "Annuleren en terug gaan nu" },
      private_metadata: "m".repeat(3001),
      blocks: [{ ...goodModal.blocks[0], label: { type: "plain_text", text: "L".repeat(2001) } }],
    };
    expect(slackPayloadProblems("views.open", { trigger_id: "t", view })).toEqual([
      "view.blocks[0].label.text: 2,001 characters, Slack allows 2,000",
      "view.private_metadata: 3,001 characters, Slack allows 3,000",
      "view.title.text: 25 characters, Slack allows 24",
      "view.submit.text: 25 characters, Slack allows 24",
      "view.close.text: 26 characters, Slack allows 24",
    ]);
    const withoutSubmit: Partial<ModalView> = { ...goodModal };
    delete withoutSubmit.submit;
    expect(slackPayloadProblems("views.open", { trigger_id: "t", view: withoutSubmit })).toEqual([
      "view.submit: missing, Slack requires it when the modal has an input block",
    ]);
    expect(
      slackPayloadProblems("views.open", {
        view: {
          ...goodModal,
          blocks: [
            {
              ...goodModal.blocks[0],
              element: { type: "plain_text_input", action_id: "value", min_length: 5000 },
            },
          ],
        },
      }),
    ).toEqual(["view.blocks[0].element.min_length: 5,000, Slack allows 3,000"]);
  });

  it("refuses a block type Block Kit does not have", () => {
    expect(slackPayloadProblems("chat.postMessage", post([{ type: "text", text: "hoi" }]))).toEqual([
      'blocks[0].type: "text" is not a Block Kit block',
    ]);
  });
});

describe("the bot's Block Kit, at the edges, keeps Slack's limits", () => {
  const long = "Een zin over de bewoners van de Vonk. ".repeat(300); // ~11,000 characters
  it("a section of fields only, an empty context line, long texts and many buttons", () => {
    const message: Message = {
      blocks: [
        {
          type: "section",
          text: "",
          fields: Array.from({ length: 12 }, (_, i) => ({ label: `Week ${i}`, value: long })),
        },
        { type: "context", text: "" },
        ...Array.from({ length: 8 }, () => ({ type: "section" as const, title: "Antwoord", text: long })),
        {
          type: "actions",
          buttons: Array.from({ length: 60 }, (_, i) => ({ actionId: "x", label: `Knop ${i} `.repeat(12) })),
        },
      ],
    };
    expect(slackPayloadProblems("chat.postMessage", { channel: "U1", ...toBlockKit(message) })).toEqual([]);
    expect(
      slackPayloadProblems("views.publish", {
        user_id: "U1",
        view: { type: "home", blocks: toBlockKit(message).blocks },
      }),
    ).toEqual([]);
  });

  it("a form with long words, many options and a minimum past Slack's maximum", () => {
    const form = {
      formId: "reflection.answer",
      title: "Reflectie op de derde sessiedag in Noord",
      submitLabel: "Opslaan en verder naar de volgende vraag",
      metadata: "m".repeat(4000),
      fields: [
        {
          id: "mood",
          kind: "choice",
          label: "Hoe ging het?",
          required: true,
          options: Array.from({ length: 12 }, (_, i) => ({
            label: `Keuze ${i} `.repeat(10),
            value: `v${i}`,
          })),
        },
        { id: "answer", kind: "textarea", label: "L".repeat(2100), minLength: 5000 },
      ],
    } as Form;
    expect(slackPayloadProblems("views.open", { trigger_id: "t", view: toModal(form) })).toEqual([]);
  });
});

const CARD = "application/vnd.microsoft.card.adaptive";
const goodCard = (): { body: Record<string, unknown>[] } & Record<string, unknown> => ({
  type: "AdaptiveCard",
  $schema: "http://adaptivecards.io/schemas/adaptive-card.json",
  version: "1.5",
  body: [
    { type: "TextBlock", text: "**Reflectie week 3**", wrap: true, weight: "Bolder" },
    {
      type: "Input.Text",
      id: "answer",
      label: "Je antwoord",
      isMultiline: true,
      isRequired: true,
      errorMessage: "Vul dit in.",
    },
    {
      type: "ActionSet",
      actions: [{ type: "Action.Submit", title: "Gedaan", data: { kampvuur: "action" } }],
    },
  ],
  actions: [{ type: "Action.Submit", title: "Opslaan", data: { kampvuur: "submit", formId: "f" } }],
});
const activityWith = (content: unknown) => ({
  type: "message",
  summary: "Reflectie week 3",
  attachments: [{ contentType: CARD, content }],
});

describe("Teams' rules", () => {
  it("passes a good card activity and a text activity", () => {
    expect(teamsActivityProblems(activityWith(goodCard()))).toEqual([]);
    expect(teamsActivityProblems({ type: "message", text: "Hoi **Anna**" })).toEqual([]);
  });

  it("refuses an activity over 28 KB serialized", () => {
    const card = goodCard();
    card.body.push({ type: "TextBlock", text: "Een lang antwoord. ".repeat(1_600), wrap: true });
    const problems = teamsActivityProblems(activityWith(card));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^activity: 31,\d{3} bytes serialized, Teams allows 28,672 \(28 KB\)$/);
    // Bytes, not characters: 10,000 three-byte characters are 30 KB.
    expect(teamsActivityProblems({ type: "message", text: "€".repeat(10_000) })[0]).toMatch(
      /^activity: 30,0\d\d bytes/,
    );
    expect(teamsActivityProblems({ type: "message", text: "€".repeat(9_000) })).toEqual([]);
  });

  it("refuses a required input without an errorMessage, anywhere in the card", () => {
    const card = goodCard();
    delete (card.body[1] as { errorMessage?: string }).errorMessage;
    expect(teamsActivityProblems(activityWith(card))).toEqual([
      'attachments[0].content.body[1] (Input.Text "answer"): isRequired without an errorMessage, Teams then only shows red',
    ]);
    const nested = goodCard();
    nested.body.push({
      type: "Container",
      items: [{ type: "Input.ChoiceSet", id: "mood", isRequired: true, errorMessage: " ", choices: [] }],
    } as never);
    expect(teamsActivityProblems(activityWith(nested))).toEqual([
      'attachments[0].content.body[3].items[0] (Input.ChoiceSet "mood"): isRequired without an errorMessage, Teams then only shows red',
    ]);
  });

  it("refuses a card of version 1.6", () => {
    expect(teamsActivityProblems(activityWith({ ...goodCard(), version: "1.6" }))).toEqual([
      "attachments[0].content.version: 1.6, Teams renders at most 1.5",
    ]);
    expect(teamsActivityProblems(activityWith({ ...goodCard(), version: "1.4" }))).toEqual([]);
  });

  it("refuses a card the Adaptive Card 1.5 schema does not take", () => {
    const card = { ...goodCard(), body: [{ type: "TextBlock", text: "x", size: "Enormous" }] };
    const problems = teamsActivityProblems(activityWith(card));
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.every((p) => p.startsWith("attachments[0].content"))).toBe(true);
    expect(problems.join("\n")).toContain("(Adaptive Card 1.5 schema)");
  });
});

describe("the fakes refuse what the platforms refuse", () => {
  const slack = new FakeSlack();
  const connector = new FakeConnector();
  let apiUrl = "";
  let serviceUrl = "";
  beforeAll(async () => {
    apiUrl = await slack.start();
    serviceUrl = await connector.start();
    // These tests send broken payloads on purpose.
    slack.expectRefusals();
    connector.expectRefusals();
  });
  afterAll(async () => {
    await slack.stop();
    await connector.stop();
  });

  it("Slack answers invalid_blocks with the problems, and keeps nothing", async () => {
    const client = new webApi.WebClient("xoxb-test", {
      slackApiUrl: `${apiUrl}/`,
      retryConfig: { retries: 0 },
    });
    const blocks = Array.from({ length: 51 }, (_, i) => section(`regel ${i}`));
    const error = await client.chat
      .postMessage({ channel: "U1", text: "hoi", blocks: blocks as KnownBlock[] })
      .catch((e: unknown) => e);
    expect((error as { data?: unknown }).data).toMatchObject({
      ok: false,
      error: "invalid_blocks",
      response_metadata: { messages: ["blocks: 51 blocks, Slack allows 50"] },
    });
    expect(slack.messagesIn("U1")).toEqual([]);
    expect(slack.problems).toEqual(["chat.postMessage: blocks: 51 blocks, Slack allows 50"]);
    const long = await client.chat
      .postMessage({ channel: "U1", text: "x".repeat(40_001) })
      .catch((e: unknown) => e);
    expect((long as { data?: { error?: string } }).data?.error).toBe("msg_too_long");
    const view = { ...goodModal, title: { type: "plain_text" as const, text: "T".repeat(25) } };
    const modal = await client.views.open({ trigger_id: "t", view }).catch((e: unknown) => e);
    expect((modal as { data?: { error?: string } }).data?.error).toBe("invalid_blocks");
    await expect(
      client.chat.postMessage({ channel: "U1", text: "hoi", blocks: goodBlocks }),
    ).resolves.toMatchObject({ ok: true });
    slack.reset();
    expect(slack.problems).toEqual([]);
  });

  it("the Bot Connector answers 400 BadArgument, or 413 past 28 KB, and delivers nothing", async () => {
    const send = (activity: unknown, method = "POST", path = "v3/conversations/a%3A1/activities") =>
      fetch(`${serviceUrl}${path}`, {
        method,
        headers: { "content-type": "application/json" },
        body: JSON.stringify(activity),
      });
    const bad = await send(activityWith({ ...goodCard(), version: "1.6" }));
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({
      error: {
        code: "BadArgument",
        message: "attachments[0].content.version: 1.6, Teams renders at most 1.5",
      },
    });
    const huge = await send(
      { type: "message", text: "x".repeat(30_000) },
      "PUT",
      "v3/conversations/a%3A1/activities/reply-1",
    );
    expect(huge.status).toBe(413);
    expect(((await huge.json()) as { error: { code: string } }).error.code).toBe("RequestEntityTooLarge");
    expect(connector.sent()).toEqual([]);
    expect(connector.problems).toHaveLength(2);
    expect((await send(activityWith(goodCard()))).status).toBe(200);
    expect(connector.sent()).toHaveLength(1);
    connector.reset();
    expect(connector.problems).toEqual([]);
  });
});
