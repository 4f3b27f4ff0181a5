import type { HandleResult, Responder } from "../../src/core/adapter.js";
import type { Button, Form } from "../../src/core/messages.js";
import { buttonsOf, type Chat, type Shown, shown, type TestApp } from "./harness.js";

/**
 * One person in a channel (`direct: false`), the way the Slack and Teams adapters pass a
 * mention or a click there on: what the bot answers here is what everyone in the channel sees.
 * Kept apart from `Chat`, whose replies are the person's DM.
 */
export class ChannelSeat {
  readonly replies: Shown[] = [];
  readonly forms: Form[] = [];
  readonly updates: Shown[] = [];

  constructor(
    private readonly t: TestApp,
    readonly personId: string,
    readonly channel = "test:channel-1",
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
    return { platform: "console", userId: this.personId, conversation: this.channel, direct: false };
  }

  /** `@kampvuur <text>` in the channel (the adapter has removed the mention). */
  say(text: string): Promise<HandleResult> {
    return this.t.app.bot.handle({ ...this.base(), kind: "message", text }, this.responder());
  }

  /** A button pressed under a message in the channel. */
  click(button: Button): Promise<HandleResult> {
    return this.t.app.bot.handle(
      { ...this.base(), kind: "action", actionId: button.actionId, value: button.value },
      this.responder(),
    );
  }

  /** Everything the channel got to see from the bot, as one string. */
  get seen(): string {
    return JSON.stringify([this.replies, this.forms, this.updates]);
  }
}

/** What the bot sent to a person's DM (through the adapter) from message `from` on. */
export function dmsTo(t: TestApp, personId: string, from = 0): Shown[] {
  return t.adapter.to(personId).slice(from);
}

/** The coordinator previews this week's prompt and presses "Versturen" (in their DM). */
export async function sendReflectionToAll(coordinator: Chat): Promise<{ preview: Shown | undefined }> {
  await coordinator.say("stuur reflectie");
  const preview = coordinator.lastReply;
  const confirm = buttonsOf(preview).find((b) => b.label === "Versturen");
  if (!confirm) throw new Error(`no confirm button in ${preview?.text}`);
  await coordinator.click(confirm);
  return { preview };
}
