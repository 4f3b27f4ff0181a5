import type { Context } from "./bot.js";
import type { InboundEvent } from "./events.js";
import type { Messages } from "./i18n/index.js";
import type { Button } from "./messages.js";
import type { Person } from "./people.js";

/**
 * A reply the bot waits for from a person: the answer to the prompt it sent them, later
 * the answer to a homework question. A feature does not store these: it says, from its own
 * records, which replies it expects from a person right now (`ExpectedReplies.open`), and
 * the core asks every feature that registered one before it routes free text.
 */
export interface Expectation {
  /** The feature that waits (`reflections`): for logs. */
  feature: string;
  /** What kind of reply (`reflection-answer`): the registration of that kind takes it. */
  kind: string;
  /** What it is a reply to (an occurrence id); handed back to the feature as it gave it. */
  ref: string;
  /** Since when the bot waits (the prompt arrived). When two are open, the most recent wins. */
  since: Date;
  /** Until when it waits (say, the next prompt); no end when absent. */
  until?: Date;
}

/** A DM (or a mention) as the handlers of an expected reply get it. */
export type MessageContext = Context<Extract<InboundEvent, { kind: "message" }>>;

/**
 * How a feature expects replies of one kind: `bot.onExpected(registration)`.
 *
 * @example
 * bot.onExpected({
 *   feature: "homework",
 *   kind: "homework-answer",
 *   open: async (person, now) => (await homework.openQuestion(person.id, now)) ?? [],
 *   take: (ctx, expectation, text) => homework.saveAnswer(ctx, expectation.ref, text),
 *   keep: (expectation, t) => ({ to: t.homework.theQuestion, button: saveButton(expectation.ref, t) }),
 * });
 */
export interface ExpectedReplies {
  feature: string;
  kind: string;
  /**
   * The replies of this kind the bot waits for from this person at `now`. Read from the
   * feature's own records, so an expectation ends by itself when the reply came, the
   * person skipped it, or `until` passed.
   */
  open(person: Person, now: Date): Promise<Expectation[]>;
  /** The text is the reply: keep it, and tell the person. It has words and is no question. */
  take(ctx: MessageContext, expectation: Expectation, text: string): Promise<void>;
  /**
   * What the reply is to, for "is this your answer to … or a question?" (`to`: "de
   * reflectievraag"), and the button that keeps the text the core put aside (`takePending`)
   * as the reply.
   */
  keep(expectation: Expectation, t: Messages): { to: string; button: Button };
  /**
   * Words that, typed on their own while this reply is expected, do what a button under
   * the message does ("overslaan" skips the prompt). Dutch and English both always work.
   */
  shortcuts?: readonly {
    words: readonly string[];
    run(ctx: MessageContext, expectation: Expectation): Promise<void>;
  }[];
}

/** An open expectation with the registration that takes it. */
export interface OpenExpectation {
  expectation: Expectation;
  replies: ExpectedReplies;
}

/** Every feature's expected replies, and which one a message goes to. */
export class ExpectedReplyRegistry {
  private readonly kinds: ExpectedReplies[] = [];

  register(replies: ExpectedReplies): void {
    if (this.kinds.some((k) => k.kind === replies.kind))
      throw new Error(`Two features expect replies of the kind '${replies.kind}'.`);
    this.kinds.push(replies);
  }

  /**
   * The reply a message from this person answers: of all open expectations (those that
   * started and did not end before `now`), the most recent one; on the same moment, the one
   * registered first. Undefined when the bot waits for nothing from them.
   */
  async current(person: Person, now: Date): Promise<OpenExpectation | undefined> {
    if (this.kinds.length === 0) return undefined;
    const lists = await Promise.all(this.kinds.map((k) => k.open(person, now)));
    let best: OpenExpectation | undefined;
    lists.forEach((list, i) => {
      for (const expectation of list) {
        if (expectation.since > now || (expectation.until && expectation.until <= now)) continue;
        if (!best || expectation.since > best.expectation.since)
          best = { expectation, replies: this.kinds[i] as ExpectedReplies };
      }
    });
    return best;
  }
}

/** The typed word as a shortcut compares it: lower case, no punctuation or spaces around it. */
function shortcutWord(text: string): string {
  return text
    .trim()
    .toLowerCase()
    .replace(/^[\s.!?,]+|[\s.!?,]+$/gu, "")
    .replace(/\s+/g, " ");
}

/** The shortcut of an expected reply that this text is ("Overslaan!" → skip), if any. */
export function shortcutFor(open: OpenExpectation, text: string) {
  const word = shortcutWord(text);
  return open.replies.shortcuts?.find((s) => s.words.includes(word));
}

/**
 * A reply needs words: at least two letters or digits. "🔥🔥👍", "?" or a lone "1" is a
 * reaction or a slip, not an answer to keep.
 */
export function hasWords(text: string): boolean {
  return (text.match(/[\p{L}\p{N}]/gu) ?? []).length >= 2;
}

/** A short message ending in a question mark: perhaps a question for the bot rather than the reply. */
export function looksLikeQuestion(message: string): boolean {
  const trimmed = message.trim();
  return trimmed.length <= 400 && /\?[\s\p{Extended_Pictographic}]*$/u.test(trimmed);
}
