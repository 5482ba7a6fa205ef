// Ordered and sampling queries: list, listKeys, scan, scanKeys, count, randomKey, randomKeys, rebuildKeyList.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { openKv } from "../../gridkv.js";
import { rejectsWith, requestsDuring, uniqueStore } from "../support/helpers.mjs";

// "Ａ" (U+FF21) sorts before "😀" (U+1F600) by UTF-8 bytes (EF.. < F0..) but after it by UTF-16 units
// (0xFF21 > 0xD83D), so a store ordering like JavaScript strings fails this list.
const KEYS = ["b", "a", "Ａ", "😀", "é", "z", "ab", "a/b", "user:2", "user:10", "user:1"];
const byUtf8 = (a, b) => Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8"));
const ORDERED = [...KEYS].sort(byUtf8);

async function seeded(options = {}) {
  const kv = openKv({ store: uniqueStore(), ...options });
  for (const key of KEYS) await kv.set(key, { key, len: key.length });
  return kv;
}

async function scanAll(kv, method, options) {
  const pages = [];
  let cursor = "";
  for (let i = 0; i < 100; i++) {
    const page = await kv[method]({ ...options, cursor });
    pages.push(page);
    if (page.done) return pages;
    cursor = page.cursor;
  }
  assert.fail(`${method} did not finish within 100 pages`);
}

export function querySuite() {
  for (const trackKeys of [false, true]) {
    describe(`queries (trackKeys: ${trackKeys})`, () => {
      test("list returns {key, value} entries in UTF-8 byte order of the keys", async () => {
        assert.notDeepEqual(ORDERED, [...KEYS].sort(), "the fixture must tell the two orders apart");
        const kv = await seeded({ trackKeys });
        const entries = await kv.list();
        for (const entry of entries) assert.deepEqual(Object.keys(entry), ["key", "value"]);
        assert.deepEqual(entries.map((e) => e.key), ORDERED);
        assert.deepEqual(entries[0].value, { key: ORDERED[0], len: ORDERED[0].length });
        assert.deepEqual(await kv.listKeys(), ORDERED);
      });

      test("list and listKeys take prefix and limit; nullish options mean all", async () => {
        const kv = await seeded({ trackKeys });
        const users = ["user:1", "user:10", "user:2"];
        assert.deepEqual((await kv.list({ prefix: "user:" })).map((e) => e.key), users);
        assert.deepEqual(await kv.listKeys({ prefix: "user:", limit: 2 }), users.slice(0, 2));
        assert.deepEqual(await kv.listKeys({ prefix: "nothing" }), []);
        assert.deepEqual(await kv.list({ prefix: "nothing" }), []);
        for (const options of [undefined, null, {}, { prefix: null, limit: undefined }, { limit: 0 }, { limit: -1 }]) {
          assert.deepEqual(await kv.listKeys(options), ORDERED, JSON.stringify(options));
        }
        // xk6-kv ignores fields it does not know; the module does not forward them.
        assert.deepEqual(await kv.listKeys({ prefix: "a", colour: "red" }), ["a", "a/b", "ab"]);
      });

      test("scan pages concatenate to list, with base64 cursors of the last key", async () => {
        const kv = await seeded({ trackKeys });
        const pages = await scanAll(kv, "scan", { limit: 3 });
        for (const page of pages) {
          assert.deepEqual(Object.keys(page), ["entries", "cursor", "done"]);
          assert.equal(page.done, page.cursor === "");
        }
        assert.equal(pages.length, Math.ceil(KEYS.length / 3), "no trailing empty page");
        assert.deepEqual(pages.flatMap((p) => p.entries), await kv.list());
        const first = pages[0];
        assert.equal(Buffer.from(first.cursor, "base64").toString("utf8"), first.entries[2].key);

        const keyPages = await scanAll(kv, "scanKeys", { limit: 4 });
        for (const page of keyPages) assert.deepEqual(Object.keys(page), ["keys", "cursor", "done"]);
        assert.deepEqual(keyPages.flatMap((p) => p.keys), ORDERED);

        const prefixed = await scanAll(kv, "scan", { prefix: "user:", limit: 2 });
        assert.deepEqual(prefixed.flatMap((p) => p.entries.map((e) => e.key)), ["user:1", "user:10", "user:2"]);
      });

      test("scan without limit reads everything; an empty match is one done page", async () => {
        const kv = await seeded({ trackKeys });
        const all = await kv.scan();
        assert.equal(all.done, true);
        assert.equal(all.cursor, "");
        assert.equal(all.entries.length, KEYS.length);
        assert.deepEqual(await kv.scan({ prefix: "nothing", limit: 5 }), { entries: [], cursor: "", done: true });
        assert.deepEqual(await kv.scanKeys({ prefix: "nothing" }), { keys: [], cursor: "", done: true });
      });

      test("count, randomKey and randomKeys", async () => {
        const kv = await seeded({ trackKeys });
        assert.equal(await kv.count(), KEYS.length);
        assert.equal(await kv.count(null), KEYS.length);
        assert.equal(await kv.count({ prefix: "user:" }), 3);
        assert.equal(await kv.count({ prefix: "nothing" }), 0);

        const users = ["user:1", "user:10", "user:2"];
        assert.ok(users.includes(await kv.randomKey({ prefix: "user:" })));
        assert.ok(KEYS.includes(await kv.randomKey()));
        assert.equal(await kv.randomKey({ prefix: "nothing" }), "");

        const two = await kv.randomKeys({ prefix: "user:", count: 2 });
        assert.equal(two.length, 2);
        assert.equal(new Set(two).size, 2);
        for (const key of two) assert.ok(users.includes(key));
        const all = await kv.randomKeys({ prefix: "user:", count: 10 });
        assert.deepEqual([...all].sort(), [...users].sort(), "unique: all matches when fewer than count");
        const many = await kv.randomKeys({ prefix: "user:", count: 20, unique: false });
        assert.equal(many.length, 20);
        for (const key of many) assert.ok(users.includes(key));
        assert.deepEqual(await kv.randomKeys({ prefix: "nothing", count: 3 }), []);
      });

      test("rebuildKeyList resolves true", async () => {
        const kv = await seeded({ trackKeys });
        assert.equal(await kv.rebuildKeyList(), true);
        assert.equal(await kv.count(), KEYS.length);
      });
    });
  }

  describe("query arguments", () => {
    test("limits above the caps are InvalidOptionsError, not clamped", async () => {
      const kv = openKv({ store: uniqueStore() });
      await kv.set("k", 1);
      await rejectsWith(kv.list({ limit: 250001 }), "InvalidOptionsError");
      await rejectsWith(kv.listKeys({ limit: 250001 }), "InvalidOptionsError");
      await rejectsWith(kv.scan({ limit: 100001 }), "InvalidOptionsError");
      await rejectsWith(kv.scanKeys({ limit: 100001 }), "InvalidOptionsError");
      await rejectsWith(kv.randomKeys({ count: 1000001 }), "InvalidOptionsError");
      await rejectsWith(kv.randomKeys({ count: 0 }), "InvalidOptionsError");
      assert.equal((await kv.list({ limit: 250000 })).length, 1);
      assert.equal((await kv.scan({ limit: 100000 })).entries.length, 1);
    });

    test("randomKeys needs its count", async () => {
      const kv = openKv({ store: uniqueStore() });
      await rejectsWith(kv.randomKeys(), "InvalidOptionsError");
      await rejectsWith(kv.randomKeys({ prefix: "a" }), "InvalidOptionsError");
    });

    test("a cursor that is not base64 is InvalidCursorError", async () => {
      const kv = openKv({ store: uniqueStore() });
      await rejectsWith(kv.scan({ cursor: "%%%not-base64-cursor%%%" }), "InvalidCursorError");
      await rejectsWith(kv.scanKeys({ cursor: "%%%not-base64-cursor%%%" }), "InvalidCursorError");
    });

    test("options that are not objects, or numbers JSON cannot carry, fail before any request", async () => {
      const kv = openKv({ store: uniqueStore() });
      await kv.size(); // opened, so only the calls below could send anything
      const sent = await requestsDuring(async () => {
        for (const options of ["user:", 5, true, ["a"]]) {
          for (const method of ["list", "listKeys", "scan", "scanKeys", "count", "randomKey", "randomKeys"]) {
            await rejectsWith(kv[method](options), "InvalidOptionsError");
          }
        }
        await rejectsWith(kv.list({ limit: NaN }), "InvalidOptionsError");
        await rejectsWith(kv.scan({ limit: Infinity }), "InvalidOptionsError");
        await rejectsWith(kv.randomKeys({ count: -Infinity }), "InvalidOptionsError");
      });
      assert.deepEqual(sent, []);
    });

    test("option fields of the wrong type are InvalidOptionsError (from the node)", async () => {
      const kv = openKv({ store: uniqueStore() });
      await rejectsWith(kv.list({ prefix: 5 }), "InvalidOptionsError");
      await rejectsWith(kv.list({ limit: "10" }), "InvalidOptionsError");
      await rejectsWith(kv.list({ limit: 1.5 }), "InvalidOptionsError");
      await rejectsWith(kv.scan({ cursor: 1 }), "InvalidOptionsError");
      await rejectsWith(kv.randomKeys({ count: 2, unique: "yes" }), "InvalidOptionsError");
    });
  });
}
