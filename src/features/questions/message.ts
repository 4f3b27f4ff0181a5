import { z } from "zod";
import type { Block, Message } from "../../core/messages.js";
import { plainText } from "../../core/messages.js";
import type { Chunk } from "../../knowledge/content.js";
import type { Answer } from "./answer-text.js";
import { strings } from "./strings.js";

export const ACTION_HELPFUL = "qa.helpful";
export const ACTION_NOT_HELPFUL = "qa.not-helpful";
/** "Lees verder": the lead passage's whole section. */
export const ACTION_READ_MORE = "qa.read-more";

/**
 * The most an answer may say, in characters of its text (what `plainText` gives: the answer,
 * "Meer hierover:", the notes; not the buttons), per platform: about one phone screen. Teams
 * cards have larger type and more padding than Slack, so less fits.
 */
export const ANSWER_CEILING: Readonly<Record<string, number>> = { slack: 700, teams: 600, console: 700 };
/** For a platform not listed: the strictest. */
export const DEFAULT_CEILING = 600;
export const ceilingFor = (platform: string): number => ANSWER_CEILING[platform] ?? DEFAULT_CEILING;
/** The longest passage "Lees verder" shows (Slack's section limit is 3,000). */
const MAX_FULL = 2800;

/** The value of a "Lees verder" button: the language and the section's key (`nl:principe-06#2`). */
export const readMoreValue = z
  .string()
  .max(120)
  .regex(/^(nl|en):[a-z0-9][a-z0-9-]*#\d{1,3}$/)
  .transform((v) => ({ language: v.slice(0, 2) as "nl" | "en", key: v.slice(3) }));

/** Shortens text to at most `max` characters, at the end of a sentence when it can, else at a word. */
export function shorten(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 1) return "";
  const cut = text.slice(0, max - 1);
  const sentence = cut.search(/[.!?](?=\s)[^.!?]*$/);
  if (sentence > max * 0.5) return cut.slice(0, sentence + 1);
  return `${cut.replace(/\s+\S*$/, "")}…`;
}

/**
 * The answer as a chat message, the same shape on every platform: the answer (the best
 * passage in a few sentences), "Meer hierover:" with the other sources' titles, a note when
 * the question was passed on, the rating buttons and "Lees verder". Never longer than the
 * platform's ceiling: the answer is shortened first, then the list of other sources.
 */
export function answerMessage(result: Answer, questionId: string, logged: boolean, platform = ""): Message {
  const t = strings(result.language).qa;
  const ceiling = ceilingFor(platform);
  // "Passed on to the coordinators" only for a gap in the content, not for the weather.
  const note = result.mode === "none" && result.related && logged ? t.logged : undefined;
  let more = [...result.more];
  const moreLine = () => (more.length ? `${t.moreLabel} ${more.join(" · ")}` : "");
  // What the other parts take, with the blank lines between the parts.
  const others = () => [moreLine(), note ?? ""].filter(Boolean).reduce((n, s) => n + s.length + 2, 0);
  while (more.length > 0 && ceiling - others() < 160) more = more.slice(0, -1);
  const body = shorten(result.body, ceiling - others());
  const lead = result.mode === "none" ? undefined : result.lead;
  const blocks: Block[] = [
    { type: "text", text: body },
    ...(more.length ? [{ type: "context" as const, text: moreLine() }] : []),
    ...(note ? [{ type: "context" as const, text: note }] : []),
    ...(result.mode === "none"
      ? []
      : [
          {
            type: "actions" as const,
            buttons: [
              { actionId: ACTION_HELPFUL, label: t.helpful, value: questionId },
              { actionId: ACTION_NOT_HELPFUL, label: t.notHelpful, value: questionId },
            ],
          },
        ]),
    ...(lead
      ? [
          {
            type: "actions" as const,
            buttons: [
              { actionId: ACTION_READ_MORE, label: t.readMore, value: `${result.language}:${lead.key}` },
            ],
          },
        ]
      : []),
  ];
  return { kind: "answer", blocks };
}

/** The whole section behind "Lees verder", under its title. */
export function readMoreMessage(chunk: Chunk): Message {
  const title =
    chunk.heading && chunk.heading !== chunk.title ? `${chunk.title}: ${chunk.heading}` : chunk.title;
  return {
    kind: "answer-more",
    blocks: [{ type: "section", title, text: shorten(chunk.text, MAX_FULL) }],
  };
}

/** The length that counts against the ceiling. */
export const answerLength = (message: Message): number => plainText(message).length;
