// xk6-kv's own README examples, unchanged but for the import line (../fixtures), run as k6 runs a
// script: the module's init code once per VU, then setup(), the iterations, teardown().
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { openKv } from "../../gridkv.js";
import { assertKvError, uniqueStore } from "../support/helpers.mjs";

/**
 * Imports a fixture as one k6 VU would (its openKv runs now, reading __ENV), with GRIDKV_STORE set the
 * way `k6 run -e GRIDKV_STORE=...` sets it. Each import gets its own copy of the module's state.
 */
async function loadScript(name, store) {
  globalThis.__ENV.GRIDKV_STORE = store;
  try {
    return await import(`../fixtures/${name}?vu=${uniqueStore("vu")}`);
  } finally {
    delete globalThis.__ENV.GRIDKV_STORE;
  }
}

/** Runs `fn` with console.log captured, as k6 would print it; returns the lines. */
async function captureLogs(fn) {
  const lines = [];
  const original = console.log;
  console.log = (...args) => lines.push(args.join(" "));
  try {
    await fn();
  } finally {
    console.log = original;
  }
  return lines;
}

/** One k6 iteration: like k6, a rejected iteration is logged and the test goes on. */
async function iterate(fn, data) {
  try {
    await fn(data);
    return null;
  } catch (err) {
    return err;
  }
}

export function scriptSuite() {
  describe("xk6-kv scripts run unchanged", () => {
    test("Quick Start: setup, three iterations, teardown", async () => {
      const store = uniqueStore("quick-start");
      const script = await loadScript("quick-start.js", store);
      const mine = openKv({ store });
      await mine.set("left-over", true); // setup() must clear it

      const logs = await captureLogs(async () => {
        const data = await script.setup();
        for (let i = 0; i < 3; i++) assert.equal(await iterate(script.default, data), null);
        await script.teardown(data);
      });
      assert.deepEqual(logs, Array(3).fill(["Random user: user:1", "Found 1 users"]).flat());
      assert.deepEqual(await mine.list(), [
        { key: "foo", value: "bar" },
        { key: "user:1", value: { name: "Alice" } },
      ]);
    });

    test("Producer / Consumer: two scenarios on one store, xk6-kv's semantics included", async () => {
      const store = uniqueStore("producer-consumer");
      const producerVu = await loadScript("producer-consumer.js", store);
      const consumerVu = await loadScript("producer-consumer.js", store);

      // As in xk6-kv, get() of the absent "latest-id" rejects instead of resolving undefined, so the
      // example's producer fails until someone seeds the id.
      assertKvError(await iterate(producerVu.producer), "KeyNotFoundError");
      const mine = openKv({ store, trackKeys: true });
      await mine.set("latest-id", 0);

      for (let i = 0; i < 5; i++) assert.equal(await iterate(producerVu.producer), null);
      assert.equal(await mine.get("latest-id"), 5);
      const tokens = await mine.listKeys({ prefix: "token-" });
      assert.deepEqual(tokens, ["token-0", "token-1", "token-2", "token-3", "token-4"]);

      for (let i = 0; i < 5; i++) assert.equal(await iterate(consumerVu.consumer), null);
      assert.equal(await mine.count({ prefix: "token-" }), 0);
      assert.equal(await iterate(consumerVu.consumer), null, "nothing left to consume is not an error");
    });

    test("Random Key With Prefix: on the disk backend", async () => {
      const store = uniqueStore("random-key");
      const script = await loadScript("random-key-with-prefix.js", store);
      const lines = await captureLogs(async () => assert.equal(await iterate(script.default), null));
      assert.match(lines[0], /^Random user: \{"name":"(Alice|Bob)"\}$/);
      const mine = openKv({ store, backend: "disk", trackKeys: true });
      assert.deepEqual(await mine.listKeys(), ["user:1", "user:2"]);
    });
  });
}
