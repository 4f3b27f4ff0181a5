import type {
  ActionsBlock,
  Button,
  ContextBlock,
  HeaderBlock,
  HomeView,
  InputBlock,
  ModalView,
  PlainTextOption,
  SectionBlock,
} from "@slack/types";
import { adaptiveCardSchema } from "./card-schema.js";

/**
 * What Slack and Teams refuse, as rules over the payloads the bot sends, so the fakes can
 * refuse them the way the platforms do. Each function returns human-readable problems
 * ("blocks[3].text.text: 3,412 characters, Slack allows 3,000"); none means the payload is fine.
 *
 * Slack: the limits of Block Kit's reference (https://docs.slack.dev/reference/block-kit/)
 * and of `chat.postMessage` (`text` up to 40,000 characters), the field names of `@slack/types`.
 * Teams: the Adaptive Card 1.5 schema, card `version` at most 1.5, the whole activity at
 * most 28 KB serialized, and every required input with an `errorMessage`.
 */

/** Slack's published limits (Block Kit reference, `chat.postMessage`). */
export const SLACK_LIMITS = {
  messageBlocks: 50,
  viewBlocks: 100,
  messageText: 40_000,
  /** Any text object (`mrkdwn` or `plain_text`), such as a section's text. */
  text: 3_000,
  header: 150,
  buttonText: 75,
  buttonValue: 2_000,
  url: 3_000,
  actionId: 255,
  blockId: 255,
  callbackId: 255,
  actionsElements: 25,
  contextElements: 10,
  sectionFields: 10,
  fieldText: 2_000,
  selectOptions: 100,
  /** `radio_buttons` and `checkboxes`. */
  choiceOptions: 10,
  optionText: 75,
  optionValue: 150,
  placeholder: 150,
  altText: 2_000,
  imageTitle: 2_000,
  inputLabel: 2_000,
  inputHint: 2_000,
  inputLength: 3_000,
  modalTitle: 24,
  modalButton: 24,
  privateMetadata: 3_000,
} as const;

/** Teams: the highest Adaptive Card version bots may send, and the size of one activity. */
export const TEAMS_LIMITS = { cardVersion: "1.5", activityBytes: 28 * 1024 } as const;

/** The Slack methods whose payloads are checked: messages, and views (modals, App Home). */
export const SLACK_CHECKED_METHODS = [
  "chat.postMessage",
  "chat.update",
  "chat.postEphemeral",
  "views.open",
  "views.update",
  "views.push",
  "views.publish",
] as const;

/** One problem and the Slack error it earns: `msg_too_long` for `text`, else `invalid_blocks`. */
export interface SlackProblem {
  error: "invalid_blocks" | "msg_too_long" | "invalid_arguments";
  problem: string;
}

const n = (value: number) => value.toLocaleString("en-US");
const tooLong = (path: string, length: number, max: number, what = "characters") =>
  `${path}: ${n(length)} ${what}, Slack allows ${n(max)}`;

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** Checks Slack payloads; one instance per payload, collecting problems as it walks. */
class SlackChecker {
  readonly found: SlackProblem[] = [];

  add(problem: string, error: SlackProblem["error"] = "invalid_blocks"): void {
    this.found.push({ error, problem });
  }

  /** A text object: `mrkdwn` or `plain_text` as allowed, non-empty, at most `max` characters. */
  text(
    path: string,
    value: unknown,
    options: { max?: number; plainOnly?: boolean; required?: boolean } = {},
  ) {
    const { max = SLACK_LIMITS.text, plainOnly = false, required = true } = options;
    if (value === undefined) {
      if (required) this.add(`${path}: missing, Slack requires a text object`);
      return;
    }
    if (!isObject(value)) return this.add(`${path}: not a text object`);
    const allowed = plainOnly ? ["plain_text"] : ["plain_text", "mrkdwn"];
    if (!allowed.includes(String(value.type)))
      this.add(
        `${path}.type: "${String(value.type)}", Slack allows ${allowed.map((t) => `"${t}"`).join(" or ")}`,
      );
    if (typeof value.text !== "string") return this.add(`${path}.text: missing`);
    if (value.text.length === 0) this.add(`${path}.text: empty, Slack wants at least 1 character`);
    if (value.text.length > max) this.add(tooLong(`${path}.text`, value.text.length, max));
  }

  string(path: string, value: unknown, max: number, required = false): void {
    if (value === undefined) {
      if (required) this.add(`${path}: missing, Slack requires it`);
      return;
    }
    if (typeof value !== "string") return this.add(`${path}: not a string`);
    if (value.length > max) this.add(tooLong(path, value.length, max));
  }

  count(path: string, list: unknown, max: number, what: string, min = 0): unknown[] {
    if (!Array.isArray(list)) {
      if (min > 0) this.add(`${path}: missing, Slack requires at least ${min} ${what}`);
      return [];
    }
    if (list.length > max) this.add(tooLong(path, list.length, max, what));
    if (list.length < min) this.add(`${path}: ${n(list.length)} ${what}, Slack wants at least ${n(min)}`);
    return list;
  }

  blocks(path: string, blocks: unknown, max: number): void {
    if (blocks === undefined) return;
    if (!Array.isArray(blocks)) return this.add(`${path}: not a list of blocks`);
    if (blocks.length > max) this.add(tooLong(path, blocks.length, max, "blocks"));
    const ids = new Set<string>();
    blocks.forEach((block: unknown, i) => {
      const at = `${path}[${i}]`;
      if (!isObject(block)) return this.add(`${at}: not a block`);
      if (block.block_id !== undefined) {
        this.string(`${at}.block_id`, block.block_id, SLACK_LIMITS.blockId);
        const id = String(block.block_id);
        if (ids.has(id)) this.add(`${at}.block_id: "${id}" is used twice, Slack wants block ids unique`);
        ids.add(id);
      }
      this.block(at, block);
    });
  }

  private block(at: string, block: Json): void {
    switch (block.type) {
      case "section": {
        const section = block as Partial<SectionBlock>;
        if (section.text === undefined && section.fields === undefined)
          this.add(`${at}: a section needs text or fields`);
        this.text(`${at}.text`, section.text, { required: false });
        const fields = this.count(`${at}.fields`, section.fields, SLACK_LIMITS.sectionFields, "fields");
        fields.forEach((f, j) => this.text(`${at}.fields[${j}]`, f, { max: SLACK_LIMITS.fieldText }));
        if (section.accessory !== undefined) this.elements(`${at}`, [section.accessory], "accessory");
        return;
      }
      case "header":
        return this.text(`${at}.text`, (block as Partial<HeaderBlock>).text, {
          max: SLACK_LIMITS.header,
          plainOnly: true,
        });
      case "context": {
        const elements = this.count(
          `${at}.elements`,
          (block as Partial<ContextBlock>).elements,
          SLACK_LIMITS.contextElements,
          "elements",
          1,
        );
        elements.forEach((e, j) => {
          const path = `${at}.elements[${j}]`;
          if (isObject(e) && e.type === "image") this.image(path, e, "image_url");
          else this.text(path, e);
        });
        return;
      }
      case "actions": {
        const elements = this.count(
          `${at}.elements`,
          (block as Partial<ActionsBlock>).elements,
          SLACK_LIMITS.actionsElements,
          "elements",
          1,
        );
        return this.elements(at, elements, "elements");
      }
      case "image":
        this.image(at, block, "image_url");
        return this.text(`${at}.title`, block.title, {
          max: SLACK_LIMITS.imageTitle,
          plainOnly: true,
          required: false,
        });
      case "input": {
        const input = block as Partial<InputBlock>;
        this.text(`${at}.label`, input.label, { max: SLACK_LIMITS.inputLabel, plainOnly: true });
        this.text(`${at}.hint`, input.hint, {
          max: SLACK_LIMITS.inputHint,
          plainOnly: true,
          required: false,
        });
        if (!isObject(input.element)) return this.add(`${at}.element: missing, an input block needs one`);
        return this.elements(at, [input.element], "element");
      }
      case "divider":
      case "rich_text":
      case "markdown":
      case "file":
      case "video":
        return;
      default:
        this.add(`${at}.type: "${String(block.type)}" is not a Block Kit block`);
    }
  }

  /** An image block or element: `image_url` (at most 3,000) or `slack_file`, and `alt_text`. */
  private image(at: string, image: Json, urlField: "image_url"): void {
    if (image[urlField] === undefined && image.slack_file === undefined)
      this.add(`${at}: an image needs image_url or slack_file`);
    this.string(`${at}.${urlField}`, image[urlField], SLACK_LIMITS.url);
    if (typeof image.alt_text !== "string" || image.alt_text.length === 0)
      this.add(`${at}.alt_text: missing, Slack requires alt text for an image`);
    else this.string(`${at}.alt_text`, image.alt_text, SLACK_LIMITS.altText);
  }

  /** Interactive elements of one block (`elements`, an `accessory` or an input's `element`). */
  private elements(at: string, elements: unknown[], field: "elements" | "accessory" | "element"): void {
    const actionIds = new Set<string>();
    elements.forEach((element, j) => {
      const path = field === "elements" ? `${at}.elements[${j}]` : `${at}.${field}`;
      if (!isObject(element)) return this.add(`${path}: not an element`);
      if (element.action_id !== undefined) {
        this.string(`${path}.action_id`, element.action_id, SLACK_LIMITS.actionId);
        const id = String(element.action_id);
        if (actionIds.has(id))
          this.add(`${path}.action_id: "${id}" is used twice in one block, Slack wants them unique`);
        actionIds.add(id);
      }
      this.text(`${path}.placeholder`, element.placeholder, {
        max: SLACK_LIMITS.placeholder,
        plainOnly: true,
        required: false,
      });
      switch (element.type) {
        case "button": {
          const button = element as Partial<Button>;
          this.text(`${path}.text`, button.text, { max: SLACK_LIMITS.buttonText, plainOnly: true });
          this.string(`${path}.value`, button.value, SLACK_LIMITS.buttonValue);
          this.string(`${path}.url`, button.url, SLACK_LIMITS.url);
          if (button.style !== undefined && button.style !== "primary" && button.style !== "danger")
            this.add(`${path}.style: "${String(button.style)}", Slack allows "primary" or "danger"`);
          return;
        }
        case "static_select":
        case "multi_static_select":
          if (element.option_groups === undefined || element.options !== undefined)
            this.options(path, element.options, SLACK_LIMITS.selectOptions, true);
          return;
        case "radio_buttons":
        case "checkboxes":
          this.options(path, element.options, SLACK_LIMITS.choiceOptions, false);
          return;
        case "plain_text_input":
          for (const key of ["max_length", "min_length"] as const) {
            const value = element[key];
            if (typeof value === "number" && value > SLACK_LIMITS.inputLength)
              this.add(`${path}.${key}: ${n(value)}, Slack allows ${n(SLACK_LIMITS.inputLength)}`);
          }
          this.string(`${path}.initial_value`, element.initial_value, SLACK_LIMITS.inputLength);
          return;
        case "image":
          this.image(path, element, "image_url");
          return;
        default:
          return;
      }
    });
  }

  /** The options of a select (plain text only) or of radio buttons and checkboxes. */
  private options(path: string, list: unknown, max: number, plainOnly: boolean): void {
    const options = this.count(`${path}.options`, list, max, "options", 1);
    options.forEach((option, k) => {
      const at = `${path}.options[${k}]`;
      if (!isObject(option)) return this.add(`${at}: not an option`);
      const typed = option as Partial<PlainTextOption>;
      this.text(`${at}.text`, typed.text, { max: SLACK_LIMITS.optionText, plainOnly });
      this.string(`${at}.value`, typed.value, SLACK_LIMITS.optionValue, true);
    });
  }

  view(view: unknown): void {
    if (!isObject(view)) return this.add("view: missing, Slack requires a view", "invalid_arguments");
    const blocks = view.blocks;
    this.blocks("view.blocks", blocks, SLACK_LIMITS.viewBlocks);
    this.string("view.private_metadata", view.private_metadata, SLACK_LIMITS.privateMetadata);
    this.string("view.callback_id", view.callback_id, SLACK_LIMITS.callbackId);
    if (view.type === "modal") {
      const modal = view as Partial<ModalView>;
      this.text("view.title", modal.title, { max: SLACK_LIMITS.modalTitle, plainOnly: true });
      this.text("view.submit", modal.submit, {
        max: SLACK_LIMITS.modalButton,
        plainOnly: true,
        required: false,
      });
      this.text("view.close", modal.close, {
        max: SLACK_LIMITS.modalButton,
        plainOnly: true,
        required: false,
      });
      const hasInput = Array.isArray(blocks) && blocks.some((b) => isObject(b) && b.type === "input");
      if (hasInput && modal.submit === undefined)
        this.add("view.submit: missing, Slack requires it when the modal has an input block");
    } else if ((view as Partial<HomeView>).type !== "home")
      this.add(`view.type: "${String(view.type)}", Slack allows "modal" or "home"`);
  }
}

/** Problems with one Slack Web API call, with the Slack error each one earns. */
export function slackPayloadIssues(method: string, body: Record<string, unknown>): SlackProblem[] {
  const check = new SlackChecker();
  if (method.startsWith("views.")) {
    const view = typeof body.view === "string" ? safeJson(body.view) : body.view;
    check.view(view);
    return check.found;
  }
  if (!method.startsWith("chat.")) return check.found;
  const blocks = typeof body.blocks === "string" ? safeJson(body.blocks) : body.blocks;
  if (body.text !== undefined) {
    const text = String(body.text);
    if (text.length > SLACK_LIMITS.messageText)
      check.add(tooLong("text", text.length, SLACK_LIMITS.messageText), "msg_too_long");
  }
  const noBlocks = blocks === undefined || (Array.isArray(blocks) && blocks.length === 0);
  if (noBlocks && (body.text === undefined || String(body.text) === "") && body.attachments === undefined)
    check.add("text: missing, Slack wants text or blocks", "invalid_arguments");
  check.blocks("blocks", blocks, SLACK_LIMITS.messageBlocks);
  return check.found;
}

/**
 * Problems with one Slack Web API call: `chat.postMessage`, `chat.update`,
 * `chat.postEphemeral` (text and blocks) and `views.*` (modals and App Home). Other methods
 * have none. Example: `slackPayloadProblems("chat.postMessage", { text: "hi", blocks })`.
 */
export function slackPayloadProblems(method: string, body: Record<string, unknown>): string[] {
  return slackPayloadIssues(method, body).map((p) => p.problem);
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

const ADAPTIVE_CARD = "application/vnd.microsoft.card.adaptive";

/** "1.5" → [1, 5]; undefined when it is not a version. */
function versionOf(value: unknown): [number, number] | undefined {
  const match = /^(\d+)\.(\d+)$/.exec(String(value));
  return match ? [Number(match[1]), Number(match[2])] : undefined;
}

/** Every object in a card with its path, depth first (body, actions, inline cards, columns…). */
function* objectsIn(value: unknown, path: string): Generator<[string, Json]> {
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) yield* objectsIn(item, `${path}[${i}]`);
  } else if (isObject(value)) {
    yield [path, value];
    for (const [key, child] of Object.entries(value))
      if (typeof child === "object" && child !== null) yield* objectsIn(child, `${path}.${key}`);
  }
}

/** An Adaptive Card's problems: the 1.5 schema, its version, required inputs' error messages. */
function cardProblems(card: unknown, at: string): string[] {
  if (!isObject(card)) return [`${at}: not an Adaptive Card`];
  const problems: string[] = [];
  const validate = adaptiveCardSchema();
  if (!validate(card)) {
    const seen = new Set<string>();
    for (const error of validate.errors ?? []) {
      const line = `${at}${error.instancePath.replace(/\/(\d+)/g, "[$1]").replace(/\//g, ".")}: ${error.message ?? "invalid"}${
        error.params && "additionalProperty" in error.params
          ? ` (${String(error.params.additionalProperty)})`
          : ""
      }`;
      if (!seen.has(line)) seen.add(line);
    }
    problems.push(...[...seen].slice(0, 5).map((line) => `${line} (Adaptive Card 1.5 schema)`));
    if (seen.size > 5) problems.push(`${at}: ${n(seen.size - 5)} more schema errors`);
  }
  const version = versionOf(card.version);
  const [maxMajor, maxMinor] = versionOf(TEAMS_LIMITS.cardVersion) as [number, number];
  if (!version) problems.push(`${at}.version: "${String(card.version)}" is not a card version`);
  else if (version[0] > maxMajor || (version[0] === maxMajor && version[1] > maxMinor))
    problems.push(
      `${at}.version: ${String(card.version)}, Teams renders at most ${TEAMS_LIMITS.cardVersion}`,
    );
  for (const [path, element] of objectsIn(card, at)) {
    if (typeof element.type !== "string" || !element.type.startsWith("Input.")) continue;
    if (element.isRequired !== true) continue;
    if (typeof element.errorMessage !== "string" || element.errorMessage.trim() === "")
      problems.push(
        `${path} (${element.type} "${String(element.id)}"): isRequired without an errorMessage, Teams then only shows red`,
      );
  }
  return problems;
}

/** The size of an activity as it goes over the wire (UTF-8 JSON), in bytes. */
export function activityBytes(activity: unknown): number {
  return Buffer.byteLength(JSON.stringify(activity), "utf8");
}

/** Problems with one activity the bot sends to Teams; `tooLarge` says whether the size is one of them. */
export function teamsActivityIssues(activity: Record<string, unknown>): {
  problems: string[];
  tooLarge: boolean;
} {
  const problems: string[] = [];
  const bytes = activityBytes(activity);
  const tooLarge = bytes > TEAMS_LIMITS.activityBytes;
  if (tooLarge)
    problems.push(
      `activity: ${n(bytes)} bytes serialized, Teams allows ${n(TEAMS_LIMITS.activityBytes)} (28 KB)`,
    );
  const attachments = Array.isArray(activity.attachments) ? activity.attachments : [];
  attachments.forEach((attachment: unknown, i) => {
    if (isObject(attachment) && attachment.contentType === ADAPTIVE_CARD)
      problems.push(...cardProblems(attachment.content, `attachments[${i}].content`));
  });
  return { problems, tooLarge };
}

/**
 * Problems with one activity the bot sends to Teams (send, reply, update): at most 28 KB
 * serialized, and each Adaptive Card valid against the 1.5 schema, of version 1.5 or lower,
 * with an `errorMessage` on every required input. Example: `teamsActivityProblems(activity)`.
 */
export function teamsActivityProblems(activity: Record<string, unknown>): string[] {
  return teamsActivityIssues(activity).problems;
}
