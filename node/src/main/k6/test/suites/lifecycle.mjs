// Handles, the lazy open, close, what goes on the wire, and failures that are not the store's.
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { describe, test } from "node:test";
import { openKv } from "../../gridkv.js";
import { freePort } from "../support/gridkv-node.mjs";
import { CALLS, MUTATIONS, assertKvError, opOf, rejectsWith, requestsDuring, uniqueStore } from "../support/helpers.mjs";

/** A local HTTP server that is not gridkv, answering every request with `status` and `body`. */
async function fakeServer(status, body) {
  const server = createServer((req, res) => {
    req.resume();
    req.on("end", () => res.writeHead(status, { "Content-Type": "text/html" }).end(body));
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((r) => server.close(r)) };
}

export function lifecycleSuite(ctx) {
  describe("handles", () => {
    test("the first calls share one open; each method posts to /v1/stores/{store}/{op}", async () => {
      const store = uniqueStore();
      const kv = openKv({ store, serialization: "json", trackKeys: true });
      const sent = await requestsDuring(() => Promise.all([kv.set("a", 1), kv.set("b", 2), kv.size()]));
      const opens = sent.filter((r) => opOf(r) === "open");
      assert.equal(opens.length, 1);
      assert.equal(opens[0].url, `${ctx.node.url}/v1/stores/${store}/open`);
      assert.deepEqual(JSON.parse(opens[0].body), { backend: "memory", serialization: "json", trackKeys: true });
      assert.deepEqual(sent.filter((r) => opOf(r) !== "open").map(opOf).sort(), ["set", "set", "size"]);
      const later = await requestsDuring(() => kv.get("a"));
      assert.deepEqual(later.map(opOf), ["get"]);
      assert.deepEqual(JSON.parse(later[0].body), { key: "a" });
    });

    test("requests carry JSON and auth headers, a per-method tag, the timeout and the status callback", async () => {
      const kv = openKv({ store: uniqueStore(), timeout: "5s" });
      const sent = await requestsDuring(async () => {
        await kv.incrementBy("n", 1);
        await rejectsWith(kv.get("absent"), "KeyNotFoundError");
      });
      assert.deepEqual(sent.map((r) => r.params.tags), [
        { name: "gridkv.open" }, { name: "gridkv.incrementBy" }, { name: "gridkv.get" },
      ]);
      for (const request of sent) {
        assert.equal(request.method, "POST");
        assert.equal(request.params.headers["Content-Type"], "application/json");
        assert.equal(request.params.headers.Authorization, `Bearer ${ctx.token}`);
        assert.equal(request.params.timeout, "5s");
        assert.deepEqual(request.params.responseCallback, { expectedStatuses: [{ min: 200, max: 499 }] });
      }
      // One callback object for every request, made once.
      assert.equal(sent[0].params.responseCallback, sent[2].params.responseCallback);
      const defaults = await requestsDuring(() => openKv({ store: uniqueStore() }).size());
      assert.equal(defaults[0].params.timeout, "60s");
    });

    test("each mutating call sends an Idempotency-Key of its own; reads, clear, rebuildKeyList and open send none",
      async () => {
        const kv = openKv({ store: uniqueStore() });
        const other = openKv({ store: uniqueStore() });
        const sent = await requestsDuring(async () => {
          for (const handle of [kv, other]) {
            for (const [method, args] of Object.entries(CALLS)) await handle[method](...args).catch(() => {});
            await handle.incrementBy("n", 1); // the same call again is a new call: a new key
          }
        });
        const keys = [];
        for (const request of sent) {
          const op = opOf(request);
          const key = request.params.headers["Idempotency-Key"];
          assert.equal(request.params.headers["Gridkv-Resend"], undefined, `${op}: a first attempt`);
          // The tag stays the method's: one k6 time series per method, not per call.
          assert.deepEqual(request.params.tags, { name: `gridkv.${op}` });
          if (MUTATIONS.includes(op)) {
            assert.match(key, /^[0-9a-z]{21}-[0-9a-z]+-[0-9a-z]+-[0-9a-z]+-[0-9a-z]+$/, op);
            keys.push(key);
          } else {
            assert.equal(key, undefined, op);
          }
        }
        assert.equal(keys.length, 2 * (MUTATIONS.length + 1));
        assert.equal(new Set(keys).size, keys.length, "no key repeats, within a handle or across handles");
        // The handle's own headers object is not changed by a call's key.
        const read = await requestsDuring(() => kv.size());
        assert.equal(read[0].params.headers["Idempotency-Key"], undefined);
      });

    test("keys differ between VUs even when Math.random repeats (k6's randomSeed), and between loads", async () => {
      /** Loads gridkv.js afresh, as a VU of its own does, as VU `vu`, and returns one key of a handle of it. */
      async function keyOf(vu, random) {
        const saved = Math.random;
        globalThis.__VU = vu;
        if (random) Math.random = random;
        let module;
        try {
          module = await import(`../../gridkv.js?vu=${vu}&load=${loads++}`);
        } finally {
          Math.random = saved;
          delete globalThis.__VU;
        }
        const sent = await requestsDuring(() => module.openKv({ store: uniqueStore() }).set("k", 1));
        return sent.find((r) => opOf(r) === "set").params.headers["Idempotency-Key"];
      }
      let loads = 0;
      const seeded = () => 0.5;
      const vu1 = await keyOf(1, seeded);
      const vu2 = await keyOf(2, seeded);
      assert.notEqual(vu1, vu2);
      assert.equal(vu1.split("-")[0], vu2.split("-")[0], "the same random bits: only the VU tells them apart");
      assert.notEqual(await keyOf(1), await keyOf(1), "the same VU number on two load generators");
    });

    test("store names are URL-encoded", async () => {
      const store = `${uniqueStore()} a/b?c#d é`;
      const kv = openKv({ store });
      const sent = await requestsDuring(() => kv.set("k", "v"));
      assert.equal(sent[0].url, `${ctx.node.url}/v1/stores/${encodeURIComponent(store)}/open`);
      assert.equal(await openKv({ store }).get("k"), "v");
    });

    test("a second handle with other options on the same store fails with KVOptionsConflictError", async () => {
      const store = uniqueStore();
      const first = openKv({ store, serialization: "json" });
      await first.set("k", 1);
      const other = openKv({ store, serialization: "string" });
      await rejectsWith(other.get("k"), "KVOptionsConflictError");
      // A failed open is not cached: the next call asks again (and fails again).
      const retried = await requestsDuring(() => rejectsWith(other.size(), "KVOptionsConflictError"));
      assert.deepEqual(retried.map(opOf), ["open"]);
      await rejectsWith(openKv({ store, trackKeys: true }).size(), "KVOptionsConflictError");
      // Equivalent options share the store.
      assert.equal(await openKv({ store, serialization: "json", trackKeys: false }).get("k"), 1);
    });

    test("close is synchronous and idempotent; afterwards every method rejects StoreClosedError", async () => {
      const store = uniqueStore();
      const kv = openKv({ store });
      await kv.set("k", "v");
      assert.equal(kv.close(), undefined);
      assert.equal(kv.close(), undefined);
      const sent = await requestsDuring(async () => {
        for (const [method, args] of Object.entries(CALLS)) {
          const err = await rejectsWith(kv[method](...args), "StoreClosedError");
          assert.equal(err.message, "kv store handle is closed");
        }
      });
      assert.deepEqual(sent, []);
      // Only that handle is closed: the data and other handles live on.
      assert.equal(await openKv({ store }).get("k"), "v");
    });

    test("a handle closed before its first call never opens the store", async () => {
      const kv = openKv({ store: uniqueStore() });
      kv.close();
      const sent = await requestsDuring(() => rejectsWith(kv.size(), "StoreClosedError"));
      assert.deepEqual(sent, []);
    });

    test("backend disk opens a durable store; disk.readOnly refuses writes", async () => {
      const kv = openKv({ store: uniqueStore(), backend: "disk" });
      const sent = await requestsDuring(() => kv.incrementBy("n", 2));
      assert.deepEqual(JSON.parse(sent[0].body).disk, { noSync: false, readOnly: false });
      assert.equal(await kv.get("n"), 2);
      const readOnly = openKv({ store: uniqueStore(), backend: "disk", disk: { readOnly: true } });
      await rejectsWith(readOnly.set("k", 1), "StoreReadOnlyError");
    });
  });

  describe("failures outside the store", () => {
    test("an unreachable node rejects NetworkError with k6's error text; the open is retried", async () => {
      const url = `http://127.0.0.1:${await freePort()}`;
      const kv = openKv({ url, store: uniqueStore() });
      const err = await rejectsWith(kv.get("k"), "NetworkError");
      assert.match(err.message, /connection refused/);
      const retried = await requestsDuring(() => rejectsWith(kv.set("k", 1), "NetworkError"));
      assert.deepEqual(retried.map(opOf), ["open"]);
    });

    test("store and url default to __ENV, then to the documented defaults", async () => {
      const url = `http://127.0.0.1:${await freePort()}`;
      const sent = await requestsDuring(() => rejectsWith(openKv({ url }).size(), "NetworkError"));
      assert.equal(sent[0].url, `${url}/v1/stores/default/open`);
      const envStore = uniqueStore();
      globalThis.__ENV.GRIDKV_STORE = envStore;
      try {
        const viaEnv = await requestsDuring(() => openKv().size());
        assert.equal(viaEnv[0].url, `${ctx.node.url}/v1/stores/${envStore}/open`);
      } finally {
        delete globalThis.__ENV.GRIDKV_STORE;
      }
    });

    test("a request without or with a wrong token is UnauthorizedError", async () => {
      await rejectsWith(openKv({ store: uniqueStore(), authToken: "" }).get("k"), "UnauthorizedError");
      await rejectsWith(openKv({ store: uniqueStore(), authToken: "wrong" }).set("k", 1), "UnauthorizedError");
    });

    test("an answer that is not gridkv's JSON is UnknownError", async () => {
      const html = await fakeServer(502, "<html>bad gateway</html>");
      const ok = await fakeServer(200, '{"unexpected": true}');
      try {
        const err = await rejectsWith(openKv({ url: html.url, store: "s" }).size(), "UnknownError");
        assert.match(err.message, /502/);
        await rejectsWith(openKv({ url: ok.url, store: "s" }).size(), "UnknownError");
      } finally {
        await html.close();
        await ok.close();
      }
    });
  });
}
