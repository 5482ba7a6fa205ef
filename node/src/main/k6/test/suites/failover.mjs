// Several node URLs: where a handle starts, and which failures send a call on to the next node.
//
// Deterministic: the live node is the suite's real node; the failing ones are a free port nobody listens
// on and small stand-ins that answer `open` as a node does and fail the store calls in one chosen way.
// Killing a real cluster member is the cluster suite's part (cluster.mjs).
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { afterEach, describe, test } from "node:test";
import { openKv } from "../../gridkv.js";
import { freePort } from "../support/gridkv-node.mjs";
import { CALLS, opOf, rejectsWith, requestsDuring, throwsWith, uniqueStore } from "../support/helpers.mjs";

const UNSAFE = ["incrementBy", "getOrSet", "swap", "compareAndSwap", "setIfAbsent", "deleteIfExists", "compareAndDelete"];
const SAFE = Object.keys(CALLS).filter((method) => !UNSAFE.includes(method));

/** The address of a node that is down: a port nobody listens on. */
async function deadUrl() {
  return `http://127.0.0.1:${await freePort()}`;
}

/** "<origin> <op>" of a recorded request: which node got which call. */
function where(request) {
  return `${new URL(request.url).origin} ${opOf(request)}`;
}

/** How to stop the stand-ins of the running test. */
const stopping = [];

/**
 * A stand-in node: answers `open` as a node does, and every other call with `fail(req, res)`; with `fail`
 * "gone" it stops listening as it answers the first open, so the next request is refused. Stopped after
 * the test.
 */
async function standIn(fail) {
  const server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      if (req.url.endsWith("/open")) {
        const result = { store: "s", backend: "memory", serialization: "json", trackKeys: false };
        const headers = { "Content-Type": "application/json" };
        if (fail === "gone") {
          server.close();
          headers.Connection = "close";
        }
        res.writeHead(200, headers).end(JSON.stringify({ result }));
      } else {
        fail(req, res);
      }
    });
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${server.address().port}`;
  stopping.push(() => {
    server.closeAllConnections();
    return new Promise((resolve) => server.close(() => resolve()));
  });
  return url;
}

/** A node's JSON error answer, as the real node writes it. */
function answerError(status, name, message) {
  return (_req, res) =>
    res.writeHead(status, { "Content-Type": "application/json" }).end(JSON.stringify({ error: { name, message } }));
}

export function failoverSuite(ctx) {
  describe("several nodes", () => {
    afterEach(async () => {
      await Promise.all(stopping.splice(0).map((stop) => stop()));
    });

    test("url takes a comma-separated list or an array, also through GRIDKV_URL; each entry is checked", async () => {
      const dead = await deadUrl();
      const store = uniqueStore();
      for (const url of [`${dead},${ctx.node.url}`, ` ${dead}/ , ${ctx.node.url}/ `, [dead, `${ctx.node.url}/`]]) {
        const sent = await requestsDuring(() => openKv({ url, store }).set("k", 1));
        assert.deepEqual(sent.map(where), [`${dead} open`, `${ctx.node.url} open`, `${ctx.node.url} set`]);
      }
      const env = globalThis.__ENV.GRIDKV_URL;
      globalThis.__ENV.GRIDKV_URL = `${dead},${env}`;
      try {
        assert.equal(await openKv({ store }).get("k"), 1);
      } finally {
        globalThis.__ENV.GRIDKV_URL = env;
      }
      for (const url of [[], [""], ["http://a:1", 5], "http://a:1,", "http://a:1,,http://b:2", "http://a:1,ftp://b:2",
        " ", [["http://a:1"]], {}]) {
        const err = throwsWith(() => openKv({ url }), "InvalidOptionsError");
        assert.match(err.message, /comma/);
      }
    });

    test("VU n starts at node (n - 1) mod count; a call dials each node that refuses once", async () => {
      const nodes = [await deadUrl(), await deadUrl(), await deadUrl()];
      const order = (start) => [0, 1, 2].map((i) => `${nodes[(start + i) % 3]} open`);
      try {
        for (const [vu, start] of [[1, 0], [2, 1], [3, 2], [4, 0], [0, 0]]) {
          globalThis.__VU = vu;
          const kv = openKv({ url: nodes, store: uniqueStore() });
          let err;
          const sent = await requestsDuring(async () => {
            err = await rejectsWith(kv.incrementBy("n", 1), "NetworkError");
          });
          assert.deepEqual(sent.map(where), order(start), `VU ${vu}`);
          assert.match(err.message, /^dial: connection refused \(http:\/\/127\.0\.0\.1:\d+\); 3 attempt\(s\) on 3 node\(s\)$/);
        }
      } finally {
        delete globalThis.__VU;
      }
      // Outside k6 (no __VU) a handle starts at the first node.
      const sent = await requestsDuring(() => rejectsWith(openKv({ url: nodes }).size(), "NetworkError"));
      assert.deepEqual(sent.map(where), order(0));
    });

    test("with a dead node first every method works, incrementBy included; the live node then sticks", async () => {
      const dead = await deadUrl();
      const store = uniqueStore();
      await openKv({ store }).set("k", 1);
      for (const [method, args] of Object.entries(CALLS)) {
        const kv = openKv({ url: [dead, ctx.node.url], store });
        const sent = await requestsDuring(() => kv[method](...args));
        assert.deepEqual(sent.map(where), [`${dead} open`, `${ctx.node.url} open`, `${ctx.node.url} ${method}`], method);
        const later = await requestsDuring(() => kv.exists("k"));
        assert.deepEqual(later.map(where), [`${ctx.node.url} exists`], `after ${method}`);
      }
    });

    test("a node gone after the open: every call, incrementBy included, is resent to the next one once", async () => {
      const store = uniqueStore();
      const mine = openKv({ store });
      for (const [method, args] of Object.entries(CALLS)) {
        await mine.set("k", 1);
        const gone = await standIn("gone");
        const kv = openKv({ url: [gone, ctx.node.url], store });
        const sent = await requestsDuring(() => kv[method](...args));
        assert.deepEqual(sent.map(where),
          [`${gone} open`, `${gone} ${method}`, `${ctx.node.url} open`, `${ctx.node.url} ${method}`], method);
        if (method === "incrementBy") assert.equal(await mine.get("k"), 2, "applied exactly once");
      }
    });

    for (const [how, fail, text] of [
      ["reset", (req) => req.socket.resetAndDestroy(), /\(read: connection reset by peer at http/],
      ["closed", (req) => req.socket.destroy(), /\(EOF at http/],
    ]) {
      test(`a connection ${how} after the request was sent: safe calls go on, the others reject NetworkError`, async () => {
        const failing = await standIn(fail);
        const store = uniqueStore();
        const mine = openKv({ store });
        await mine.set("k", 1);
        const kv = openKv({ url: [failing, ctx.node.url], store });
        for (const method of UNSAFE) {
          let err;
          const sent = await requestsDuring(async () => {
            err = await rejectsWith(kv[method](...CALLS[method]), "NetworkError");
          });
          assert.deepEqual(sent.map(where).filter((w) => !w.endsWith(" open")), [`${failing} ${method}`], method);
          assert.match(err.message, new RegExp(`^outcome unknown: ${method} may or may not have been applied`));
          assert.match(err.message, text);
          assert.match(err.message, new RegExp(`not resent, since ${method} is not safe to redo$`));
        }
        assert.equal(await mine.get("k"), 1, "no unsafe call reached the live node");
        for (const method of SAFE) {
          const sent = await requestsDuring(() => openKv({ url: [failing, ctx.node.url], store })[method](...CALLS[method]));
          assert.deepEqual(sent.map(where),
            [`${failing} open`, `${failing} ${method}`, `${ctx.node.url} open`, `${ctx.node.url} ${method}`], method);
        }
      });
    }

    test("a timeout: a safe call goes on, incrementBy rejects NetworkError (outcome unknown)", async () => {
      const silent = await standIn(() => {}); // reads the call, never answers
      const store = uniqueStore();
      await openKv({ store }).set("k", 1);
      const options = { url: [silent, ctx.node.url], store, timeout: "200ms" };
      const sent = await requestsDuring(async () => assert.equal(await openKv(options).get("k"), 1));
      assert.deepEqual(sent.map(where), [`${silent} open`, `${silent} get`, `${ctx.node.url} open`, `${ctx.node.url} get`]);
      const err = await rejectsWith(openKv(options).incrementBy("k", 1), "NetworkError");
      assert.match(err.message, /^outcome unknown: incrementBy may or may not have been applied \(request timeout at /);
    });

    test("503 ServiceUnavailableError (the node's member left; nothing done): every call goes on", async () => {
      const left = await standIn(answerError(503, "ServiceUnavailableError",
        "this node's member has left the cluster; call another node"));
      const store = uniqueStore();
      const mine = openKv({ store });
      for (const [method, args] of Object.entries(CALLS)) {
        await mine.set("k", 1);
        const kv = openKv({ url: [left, ctx.node.url], store });
        const sent = await requestsDuring(() => kv[method](...args));
        assert.deepEqual(sent.map(where),
          [`${left} open`, `${left} ${method}`, `${ctx.node.url} open`, `${ctx.node.url} ${method}`], method);
        if (method === "incrementBy") assert.equal(await mine.get("k"), 2, "applied exactly once");
      }
    });

    test("another 503 or a 5xx UnknownError: safe calls go on, the others get the node's answer", async () => {
      const answers = [
        [503, "StoreClosedError", "the gridkv member or client behind this handle has shut down"],
        [503, "OperationCanceledError", "operation timed out or was cancelled"],
        [500, "UnknownError", "the cluster could not tell whether the operation was applied (a member left or did " +
          "not answer while it ran): backup acks missed."],
      ];
      for (const [status, name, message] of answers) {
        const failing = await standIn(answerError(status, name, message));
        const store = uniqueStore();
        await openKv({ store }).set("k", 1);
        for (const method of SAFE) {
          const kv = openKv({ url: [failing, ctx.node.url], store });
          const sent = await requestsDuring(() => kv[method](...CALLS[method]));
          assert.deepEqual(sent.map(where), [`${failing} open`, `${failing} ${method}`, `${ctx.node.url} open`,
            `${ctx.node.url} ${method}`], `${method} after ${name}`);
        }
        const kv = openKv({ url: [failing, ctx.node.url], store });
        for (const method of UNSAFE) {
          const err = await rejectsWith(kv[method](...CALLS[method]), name);
          assert.equal(err.message, message);
        }
      }
    });

    test("bounded: one attempt per node reached plus one, then the last failure", async () => {
      const left = [
        await standIn(answerError(503, "ServiceUnavailableError", "this node's member has left the cluster; call another node")),
        await standIn(answerError(503, "ServiceUnavailableError", "this node's member has left the cluster; call another node")),
      ];
      const sent = await requestsDuring(() => rejectsWith(openKv({ url: left, store: uniqueStore() }).incrementBy("n", 1),
        "ServiceUnavailableError"));
      assert.deepEqual(sent.map(where), [0, 0, 1, 1, 0, 0].map((n, i) => `${left[n]} ${i % 2 ? "incrementBy" : "open"}`));
      // One node: a safe call whose connection broke is sent once more, to the same node.
      const reset = await standIn((req) => req.socket.resetAndDestroy());
      let err;
      const again = await requestsDuring(async () => {
        err = await rejectsWith(openKv({ url: reset, store: uniqueStore() }).get("k"), "NetworkError");
      });
      assert.deepEqual(again.map(where), [`${reset} open`, `${reset} get`, `${reset} open`, `${reset} get`]);
      assert.match(err.message, /^read: connection reset by peer \(http:\/\/127\.0\.0\.1:\d+\); 2 attempt\(s\) on 1 node\(s\)$/);
    });

    test("a 4xx answer is final: not resent to another node", async () => {
      const refusing = await standIn(answerError(404, "KeyNotFoundError", "key k not found"));
      const kv = openKv({ url: [refusing, ctx.node.url], store: uniqueStore() });
      const sent = await requestsDuring(() => rejectsWith(kv.get("k"), "KeyNotFoundError"));
      assert.deepEqual(sent.map(where), [`${refusing} open`, `${refusing} get`]);
    });
  });
}
