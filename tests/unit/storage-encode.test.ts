import Keyv from "keyv";
import { describe, expect, it } from "vitest";
import { decodeStored, encodeStored } from "../../src/storage/collection.js";

/** Records of the shapes the store writes, with the strings keyv escapes. */
const records: unknown[] = [
  {
    id: "reflection:2026-11-24T09:00:p-1",
    kind: "reflection",
    occurrenceId: "reflection:2026-11-24T09:00",
    personId: "p-1",
    status: "sent",
    at: "2026-11-24T08:00:00.000Z",
    attempts: 1,
    conversation: "slack:-:D0123",
    messageId: undefined,
    details: { prompt: { promptId: "p", text: ":colon first", receivedAt: "x" } },
  },
  { list: [":a", "b:", "::c", "", null, 1.5, -0, true, false, [":nested", { k: ":v" }]] },
  { ":key": ":value", plain: "no colon", empty: {}, none: [], u: undefined },
  ":a string",
  "just text",
  42,
  null,
  [],
  { text: 'quotes " and \\ backslashes, \n newlines, emoji 🔥 and \u2028' },
];

describe("encodeStored", () => {
  it("writes what keyv's own serializer writes, and reads back the same", async () => {
    const keyv = new Keyv();
    for (const value of records) {
      const theirs = await keyv.serializeData({ value, expires: undefined });
      expect(encodeStored(value)).toBe(theirs);
      const decoded = decodeStored(encodeStored(value), Date.now());
      expect(decoded).toEqual(await keyv.deserializeData(theirs as string).then((d) => d?.value));
    }
  });
});
