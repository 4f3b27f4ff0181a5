import { readFileSync } from "node:fs";
import { Ajv } from "ajv";
import { describe, expect, it } from "vitest";
import { SLACK_SCOPES } from "../../src/adapters/slack/index.js";

const manifest = JSON.parse(
  readFileSync(new URL("../../deploy/slack-app-manifest.json", import.meta.url), "utf8"),
);
const schema = JSON.parse(
  readFileSync(new URL("../fixtures/schemas/slack-manifest.schema.1.0.0.json", import.meta.url), "utf8"),
);

describe("the Slack app manifest", () => {
  it("validates against Slack's published schema for its major version", () => {
    const ajv = new Ajv({ allErrors: true, strict: false });
    const validate = ajv.compile(schema);
    const ok = validate(manifest);
    expect(validate.errors ?? [], JSON.stringify(validate.errors, null, 2)).toEqual([]);
    expect(ok).toBe(true);
  });

  it("asks only for the scopes the bot uses, and subscribes to the events it handles", () => {
    expect(manifest.oauth_config.scopes.bot.sort()).toEqual(
      [
        "app_mentions:read",
        "chat:write",
        "commands",
        "files:write",
        "im:history",
        "im:write",
        "users:read",
        "users:read.email",
      ].sort(),
    );
    // What the OAuth install asks for is exactly what the manifest declares.
    expect([...SLACK_SCOPES].sort()).toEqual(manifest.oauth_config.scopes.bot.sort());
    expect(manifest.settings.event_subscriptions.bot_events.sort()).toEqual([
      "app_home_opened",
      "app_mention",
      "message.im",
    ]);
    expect(manifest.features.slash_commands.map((c: { command: string }) => c.command)).toEqual([
      "/kampvuur",
    ]);
  });
});
