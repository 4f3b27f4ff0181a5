import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type App, createApp, loadAppProgramme } from "../../src/app.js";
import type { Programme } from "../../src/config/programme-schema.js";
import type { ChatAdapter, HandleResult, Responder, SentMessage } from "../../src/core/adapter.js";
import { ManualClock } from "../../src/core/clock.js";
import { type Button, type Form, type Message, plainText } from "../../src/core/messages.js";
import type { Person } from "../../src/core/people.js";
import type { Models } from "../../src/knowledge/models.js";

/** A temporary folder, removed by `cleanup`. */
export function tempDir(prefix = "kampvuur-test-"): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * A message as a chat platform shows it: every adapter sends `plainText(message)` as its text
 * (the notification), so a recorded message always has it, given or derived from the blocks.
 */
export type Shown = Message & { text: string };

/** Records a message the way a platform shows it (`text` is `plainText(message)`). */
export const shown = (message: Message): Shown => ({ ...message, text: plainText(message) });

/** A chat adapter that keeps what the core sends, per conversation. */
export class RecordingAdapter implements ChatAdapter {
  readonly platform = "test";
  readonly sent: { conversation: string; message: Shown }[] = [];
  /** People it cannot reach (as if they never installed the app). */
  readonly unreachable = new Set<string>();
  /** Throw on the n-th send (1-based), to simulate a crash half-way. */
  failOnSend?: number;

  async directAddress(person: Person): Promise<string | undefined> {
    return this.unreachable.has(person.id) ? undefined : `test:${person.id}`;
  }

  async send(conversation: string, message: Message): Promise<SentMessage> {
    if (this.failOnSend !== undefined && this.sent.length + 1 >= this.failOnSend) {
      throw new Error("connection reset (simulated)");
    }
    this.sent.push({ conversation, message: shown(message) });
    return { conversation, messageId: String(this.sent.length) };
  }

  to(personId: string): Shown[] {
    return this.sent.filter((s) => s.conversation === `test:${personId}`).map((s) => s.message);
  }
}

/** The buttons of a message, in order. */
export function buttonsOf(message: Message | undefined): Button[] {
  return (message?.blocks ?? []).flatMap((b) => (b.type === "actions" ? b.buttons : []));
}

/**
 * One person chatting with the core, the way an adapter would pass their events on. Its
 * messages always have a source that can be replaced: `replace` records in `updates`.
 */
export class Chat {
  readonly replies: Shown[] = [];
  readonly forms: Form[] = [];
  readonly updates: Shown[] = [];

  constructor(
    private readonly app: App,
    readonly personId: string,
    private readonly platform = "console",
  ) {}

  private responder(): Responder {
    return {
      reply: async (m) => void this.replies.push(shown(m)),
      openForm: async (f) => void this.forms.push(f),
      replace: async (m) => void this.updates.push(shown(m)),
      canReplace: true,
    };
  }

  private base() {
    return {
      platform: this.platform,
      userId: this.personId,
      conversation: `test:${this.personId}`,
      direct: true,
    };
  }

  say(text: string): Promise<HandleResult> {
    return this.app.bot.handle({ ...this.base(), kind: "message", text }, this.responder());
  }

  /** A mention of the bot in a channel (the adapter has already removed the mention itself). */
  mention(text: string, channel = "test:channel-1"): Promise<HandleResult> {
    return this.app.bot.handle(
      { ...this.base(), conversation: channel, direct: false, kind: "message", text },
      this.responder(),
    );
  }

  /** A slash command (`/kampvuur <text>`): always a command, never free text. */
  command(text: string): Promise<HandleResult> {
    return this.app.bot.handle({ ...this.base(), kind: "command", text }, this.responder());
  }

  click(button: Button): Promise<HandleResult> {
    return this.app.bot.handle(
      { ...this.base(), kind: "action", actionId: button.actionId, value: button.value },
      this.responder(),
    );
  }

  submit(form: Form, values: Record<string, string>): Promise<HandleResult> {
    return this.app.bot.handle(
      { ...this.base(), kind: "submit", formId: form.formId, values, metadata: form.metadata },
      this.responder(),
    );
  }

  get lastReply(): Shown | undefined {
    return this.replies.at(-1);
  }

  get lastForm(): Form | undefined {
    return this.forms.at(-1);
  }
}

/** 24 November 2026, 09:00 in Amsterdam: between day 1 and day 2 of the demo leergang. */
export const DEMO_NOW = new Date("2026-11-24T08:00:00Z");

export interface TestApp {
  app: App;
  adapter: RecordingAdapter;
  clock: ManualClock;
  programme: Programme;
  chat(personId: string, platform?: string): Chat;
  close(): Promise<void>;
}

/** The core on the demo programme with a recording adapter; `storeUrl` defaults to in-memory. */
export async function startTestApp(
  options: {
    storeUrl?: string;
    programme?: Programme;
    now?: Date;
    models?: Models;
    contentDirs?: string[];
    /** Add the recording adapter (default); platform tests add their own instead. */
    recording?: boolean;
  } = {},
): Promise<TestApp> {
  const programme = options.programme ?? (await loadAppProgramme());
  const clock = new ManualClock(options.now ?? DEMO_NOW);
  const app = await createApp({
    programme,
    storeUrl: options.storeUrl ?? "memory://",
    clock,
    models: options.models,
    contentDirs: options.contentDirs,
  });
  const adapter = new RecordingAdapter();
  if (options.recording !== false) app.bot.addAdapter(adapter);
  return {
    app,
    adapter,
    clock,
    programme,
    chat: (personId, platform) => new Chat(app, personId, platform),
    close: () => app.close(),
  };
}

/**
 * Twelve private answers of 2,500 characters for one person (the issue's `antwoorden` case:
 * one card of them all was over Teams' 28 KB), stored straight into their answer book.
 */
export async function seedTwelveLongAnswers(t: TestApp, personId: string): Promise<void> {
  const long =
    "De bewoners wisten zelf al goed wat ze wilden, en ik merkte dat ik vooral moest luisteren. ".repeat(28);
  await t.app.store.answers.set(personId, {
    personId,
    answers: Array.from({ length: 12 }, (_, i) => ({
      id: `manual:${i}`,
      occurrenceId: `manual:${i}`,
      promptId: "p",
      promptText: `Wat heb je in week ${i + 1} geleerd over de rol van de bewoners?`,
      text: long.slice(0, 2_500),
      visibility: "private" as const,
      createdAt: new Date(2026, 10, i + 1).toISOString(),
      updatedAt: new Date(2026, 10, i + 1).toISOString(),
      history: [],
    })),
  });
}
