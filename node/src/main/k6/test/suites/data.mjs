// Single-key operations: results, shapes, argument checks and values under both serializations.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { openKv } from "../../gridkv.js";
import { opOf, rejectsWith, requestsDuring, uniqueStore } from "../support/helpers.mjs";

export function dataSuite() {
  describe("basic operations", () => {
    test("set resolves with the very value passed; get reads it back", async () => {
      const kv = openKv({ store: uniqueStore() });
      const user = { name: "Alice", tags: ["a", "b"], age: 30, nested: { ok: true } };
      assert.equal(await kv.set("user:1", user), user);
      assert.deepEqual(await kv.get("user:1"), user);
      assert.equal(await kv.set("n", 3.14159), 3.14159);
      assert.equal(await kv.get("n"), 3.14159);
      assert.equal(await kv.set("s", "héllo <&>"), "héllo <&>");
      assert.equal(await kv.get("s"), "héllo <&>");
    });

    test("get of an absent key rejects KeyNotFoundError", async () => {
      const kv = openKv({ store: uniqueStore() });
      const err = await rejectsWith(kv.get("nope"), "KeyNotFoundError");
      assert.match(err.message, /nope/);
    });

    test("null and undefined are stored as JSON null", async () => {
      const kv = openKv({ store: uniqueStore() });
      assert.equal(await kv.set("null", null), null);
      assert.equal(await kv.get("null"), null);
      assert.equal(await kv.set("undefined", undefined), undefined);
      assert.equal(await kv.get("undefined"), null);
      await kv.set("inside", { a: undefined, b: [undefined] });
      assert.deepEqual(await kv.get("inside"), { a: null, b: [null] });
    });

    test("delete always resolves true; exists, size and clear", async () => {
      const kv = openKv({ store: uniqueStore() });
      await kv.set("a", 1);
      await kv.set("b", 2);
      assert.equal(await kv.exists("a"), true);
      assert.equal(await kv.size(), 2);
      assert.equal(await kv.delete("a"), true);
      assert.equal(await kv.delete("a"), true);
      assert.equal(await kv.exists("a"), false);
      assert.equal(await kv.size(), 1);
      assert.equal(await kv.clear(), true);
      assert.equal(await kv.size(), 0);
    });

    test("the empty key is InvalidOptionsError (from the node, as in xk6-kv)", async () => {
      const kv = openKv({ store: uniqueStore() });
      await rejectsWith(kv.set("", 1), "InvalidOptionsError");
      await rejectsWith(kv.get(""), "InvalidOptionsError");
      await rejectsWith(kv.incrementBy("", 1), "InvalidOptionsError");
      assert.equal(await kv.size(), 0);
    });

    test("keys must be strings: InvalidOptionsError before any request", async () => {
      const kv = openKv({ store: uniqueStore() });
      const sent = await requestsDuring(async () => {
        for (const key of [5, null, undefined, {}, ["k"], true]) {
          await rejectsWith(kv.get(key), "InvalidOptionsError");
          await rejectsWith(kv.set(key, 1), "InvalidOptionsError");
          await rejectsWith(kv.incrementBy(key, 1), "InvalidOptionsError");
          await rejectsWith(kv.compareAndSwap(key, null, 1), "InvalidOptionsError");
        }
      });
      assert.deepEqual(sent, []);
    });

    test("values JSON cannot carry reject SerializerError before any request", async () => {
      const kv = openKv({ store: uniqueStore() });
      const cyclic = { name: "loop" };
      cyclic.self = cyclic;
      const bad = [NaN, Infinity, -Infinity, { a: [1, -Infinity] }, [NaN], () => 1, { f() {} }, Symbol("s"),
        10n, { big: 1n }, cyclic];
      const sent = await requestsDuring(async () => {
        for (const value of bad) {
          await rejectsWith(kv.set("k", value), "SerializerError");
          await rejectsWith(kv.getOrSet("k", value), "SerializerError");
          await rejectsWith(kv.compareAndSwap("k", value, 1), "SerializerError");
          await rejectsWith(kv.compareAndDelete("k", value), "SerializerError");
        }
      });
      assert.deepEqual(sent, []);
      assert.equal(await kv.exists("k"), false);
    });
  });

  describe("incrementBy", () => {
    test("starts absent keys at 0 and returns the new value", async () => {
      const kv = openKv({ store: uniqueStore() });
      assert.equal(await kv.incrementBy("c", 5), 5);
      assert.equal(await kv.incrementBy("c", -2), 3);
      assert.equal(await kv.incrementBy("c", 0), 3);
      assert.equal(await kv.get("c"), 3);
      assert.equal(await kv.incrementBy("big", 2 ** 53), 2 ** 53);
    });

    test("a delta that is not an integral int64 number rejects ValueNumberRequiredError, sending nothing", async () => {
      const kv = openKv({ store: uniqueStore() });
      const bad = [1.5, -0.1, NaN, Infinity, -Infinity, 1e20, -1e20, 2 ** 63, "123", "1", null, undefined, true,
        {}, [1], 1n];
      const sent = await requestsDuring(async () => {
        for (const delta of bad) {
          const err = await rejectsWith(kv.incrementBy("c", delta), "ValueNumberRequiredError");
          assert.match(err.message, /delta/);
        }
      });
      assert.deepEqual(sent, []);
      assert.equal(await kv.incrementBy("c", -(2 ** 63)), -(2 ** 63), "-2^63 is an int64");
    });

    test("a stored value that is not a counter rejects ValueParseError and stays", async () => {
      const kv = openKv({ store: uniqueStore() });
      await kv.set("word", "not-a-number");
      await rejectsWith(kv.incrementBy("word", 1), "ValueParseError");
      assert.equal(await kv.get("word"), "not-a-number");
      await kv.set("obj", { n: 1 });
      await rejectsWith(kv.incrementBy("obj", 1), "ValueParseError");
      await kv.set("float", 1.5);
      await rejectsWith(kv.incrementBy("float", 1), "ValueParseError");
    });

    test("overflowing int64 rejects ValueParseError and leaves the value", async () => {
      const kv = openKv({ store: uniqueStore() });
      // JS numbers cannot hold 2^63-1; a JSON string of decimal digits is a counter too.
      await kv.set("max", "9223372036854775807");
      await rejectsWith(kv.incrementBy("max", 1), "ValueParseError");
      assert.equal(await kv.get("max"), "9223372036854775807");
      await kv.set("min", "-9223372036854775808");
      await rejectsWith(kv.incrementBy("min", -1), "ValueParseError");
      assert.equal(await kv.get("min"), "-9223372036854775808");
    });

    test("a counter equals the JSON number: compareAndSwap(k, 50, 0) succeeds", async () => {
      const kv = openKv({ store: uniqueStore() });
      assert.equal(await kv.incrementBy("hits", 50), 50);
      assert.equal(await kv.get("hits"), 50);
      assert.equal(await kv.compareAndSwap("hits", 50, 0), true);
      assert.equal(await kv.get("hits"), 0);
    });
  });

  describe("atomic operations", () => {
    test("getOrSet resolves exactly {value, loaded}", async () => {
      const kv = openKv({ store: uniqueStore() });
      const first = await kv.getOrSet("k", { b: 2, a: 1 });
      assert.deepEqual(Object.keys(first), ["value", "loaded"]);
      assert.deepEqual(first, { value: { a: 1, b: 2 }, loaded: false });
      const second = await kv.getOrSet("k", "other");
      assert.deepEqual(Object.keys(second), ["value", "loaded"]);
      assert.deepEqual(second, { value: { a: 1, b: 2 }, loaded: true });
    });

    test("swap resolves exactly {previous, loaded}", async () => {
      const kv = openKv({ store: uniqueStore() });
      const first = await kv.swap("k", 1);
      assert.deepEqual(Object.keys(first), ["previous", "loaded"]);
      assert.deepEqual(first, { previous: null, loaded: false });
      const second = await kv.swap("k", [2]);
      assert.deepEqual(second, { previous: 1, loaded: true });
      assert.deepEqual(await kv.get("k"), [2]);
    });

    test("compareAndSwap with null or undefined old value means only-if-absent", async () => {
      const kv = openKv({ store: uniqueStore() });
      const sent = await requestsDuring(async () => {
        assert.equal(await kv.compareAndSwap("a", null, "first"), true);
        assert.equal(await kv.compareAndSwap("a", null, "second"), false);
        assert.equal(await kv.compareAndSwap("b", undefined, "first"), true);
        assert.equal(await kv.compareAndSwap("b", undefined, "second"), false);
      });
      for (const request of sent.filter((r) => opOf(r) === "compareAndSwap")) {
        assert.equal("oldValue" in JSON.parse(request.body), false, request.body);
      }
      assert.equal(await kv.get("a"), "first");
      // A stored null can never be matched by compareAndSwap (null is the absent sentinel).
      await kv.set("n", null);
      assert.equal(await kv.compareAndSwap("n", null, 1), false);
    });

    test("get then compareAndSwap round-trips, whatever the key order of objects", async () => {
      const kv = openKv({ store: uniqueStore() });
      await kv.set("doc", { b: 2, a: 1, list: [3, { y: 1, x: 2 }] });
      const current = await kv.get("doc");
      assert.equal(await kv.compareAndSwap("doc", current, { v: 2 }), true);
      await kv.set("doc2", { b: 2, a: 1 });
      assert.equal(await kv.compareAndSwap("doc2", { a: 1, b: 2 }, "next"), true);
      assert.equal(await kv.get("doc2"), "next");
      assert.equal(await kv.compareAndSwap("doc2", "wrong", "x"), false);
      assert.equal(await kv.compareAndSwap("absent", "anything", "x"), false);
      assert.equal(await kv.exists("absent"), false);
      await kv.set("one", 1);
      assert.equal(await kv.compareAndSwap("one", "1", 2), false, 'under json "1" is not 1');
      assert.equal(await kv.compareAndSwap("one", 1.0, 2), true);
    });

    test("setIfAbsent and deleteIfExists report whether they acted", async () => {
      const kv = openKv({ store: uniqueStore() });
      assert.equal(await kv.setIfAbsent("k", "v1"), true);
      assert.equal(await kv.setIfAbsent("k", "v2"), false);
      assert.equal(await kv.get("k"), "v1");
      assert.equal(await kv.deleteIfExists("k"), true);
      assert.equal(await kv.deleteIfExists("k"), false);
    });

    test("compareAndDelete compares null and undefined as the JSON null", async () => {
      const kv = openKv({ store: uniqueStore() });
      await kv.set("n1", null);
      await kv.set("n2", null);
      await kv.set("one", 1);
      const sent = await requestsDuring(async () => {
        assert.equal(await kv.compareAndDelete("n1", null), true);
        assert.equal(await kv.compareAndDelete("n2", undefined), true);
      });
      for (const request of sent) assert.equal(JSON.parse(request.body).oldValue, null);
      assert.equal(await kv.compareAndDelete("one", 2), false);
      assert.equal(await kv.compareAndDelete("one", null), false);
      assert.equal(await kv.compareAndDelete("one", 1), true);
      assert.equal(await kv.compareAndDelete("absent", 1), false);
      assert.equal(await kv.size(), 0);
    });
  });

  describe("string serialization", () => {
    test("stores text and reads strings back; other values as Go's %v", async () => {
      const kv = openKv({ store: uniqueStore(), serialization: "string" });
      assert.equal(await kv.set("s", "plain text"), "plain text");
      assert.equal(await kv.get("s"), "plain text");
      await kv.set("n", 5);
      assert.equal(await kv.get("n"), "5");
      await kv.set("f", 1.5);
      assert.equal(await kv.get("f"), "1.5");
      await kv.set("b", true);
      assert.equal(await kv.get("b"), "true");
    });

    test("non-finite numbers are stored as Go prints them", async () => {
      const kv = openKv({ store: uniqueStore(), serialization: "string" });
      assert.ok(Number.isNaN(await kv.set("nan", NaN)));
      assert.equal(await kv.get("nan"), "NaN");
      await kv.set("inf", Infinity);
      assert.equal(await kv.get("inf"), "+Inf");
      await kv.set("-inf", -Infinity);
      assert.equal(await kv.get("-inf"), "-Inf");
    });

    test('compares serialized text: "1" equals 1; counters read back as strings', async () => {
      const kv = openKv({ store: uniqueStore(), serialization: "string" });
      await kv.set("k", "1");
      assert.equal(await kv.compareAndSwap("k", 1, 2), true);
      assert.equal(await kv.get("k"), "2");
      await kv.set("c", "5");
      assert.equal(await kv.incrementBy("c", 1), 6);
      assert.equal(await kv.get("c"), "6");
      assert.deepEqual(await kv.getOrSet("c", "x"), { value: "6", loaded: true });
      assert.deepEqual(await kv.swap("c", 7), { previous: "6", loaded: true });
      assert.deepEqual(await kv.list(), [{ key: "c", value: "7" }, { key: "k", value: "2" }]);
    });
  });
}
