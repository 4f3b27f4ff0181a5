import { afterEach, describe, expect, it } from "vitest";
import { readiness } from "../../src/server/ready.js";
import { startTestApp, type TestApp } from "../helpers/harness.js";

const apps: TestApp[] = [];
afterEach(async () => {
  for (const a of apps.splice(0)) await a.close();
});

describe("/readyz", () => {
  it("says which part is not ready: a scheduler that is not running, a store that does not answer", async () => {
    const t = await startTestApp();
    apps.push(t);
    expect(await readiness(t.app, { started: true })).toEqual({
      store: true,
      content: true,
      scheduler: true,
    });
    expect((await readiness(t.app, { started: false })).scheduler).toBe(false);
    // A store that fails (the database went away).
    const keyv = t.app.store.keyv;
    const get = keyv.get.bind(keyv);
    keyv.get = (() => Promise.reject(new Error("connection refused"))) as typeof keyv.get;
    try {
      expect((await readiness(t.app, { started: true })).store).toBe(false);
    } finally {
      keyv.get = get;
    }
  });
});
