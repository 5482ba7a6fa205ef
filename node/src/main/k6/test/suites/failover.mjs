// Several node URLs: where a handle starts, and which failures send a call on to the next node.
//
// Deterministic: the live node is the suite's real node; the failing ones are a free port nobody listens
// on and small stand-ins that answer `open` as a node does and fail the store calls in one chosen way
// (one of them passes the call on to the real node first, so it was applied and only the answer is lost).
// Every call may be resent: a mutating one carries the same Idempotency-Key on each attempt, and
// `Gridkv-Resend: true` once an earlier attempt's outcome is unknown. Killing a real cluster member is the
// cluster suite's part (cluster.mjs).
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { afterEach, describe, test } from "node:test";
import { openKv } from "../../gridkv.js";
import { freePort } from "../support/gridkv-node.mjs";
import { CALLS, MUTATIONS, opOf, rejectsWith, requestsDuring, throwsWith, uniqueStore } from "../support/helpers.mjs";

/** The address of a node that is down: a port nobody listens on. */
async function deadUrl() {
  return `http://127.0.0.1:${await freePort()}`;
}

/** "<origin> <op>" of a recorded request: which node got which call. */
function where(request) {
  return `${new URL(request.url).origin} ${opOf(request)}`;
}

/**
 * Checks the headers of a call's attempts (`sent`, the opens left out): a mutating call sends one
 * Idempotency-Key on all of them, other calls none; `resends[i]` says whether attempt i says it is a resend.
 */
function assertAttempts(sent, method, resends) {
  const attempts = sent.filter((r) => opOf(r) !== "open");
  assert.deepEqual(attempts.map((r) => r.params.headers["Gridkv-Resend"] === "true"),
    MUTATIONS.includes(method) ? resends : resends.map(() => false), `${method}: Gridkv-Resend`);
  const keys = new Set(attempts.map((r) => r.params.headers["Idempotency-Key"]));
  assert.equal(keys.size, 1, `${method}: one Idempotency-Key for every attempt`);
  assert.equal(typeof [...keys][0], MUTATIONS.includes(method) ? "string" : "undefined", `${method}: Idempotency-Key`);
}

/** How to stop the stand-ins of the running test. */
const stopping = [];

/**
 * A stand-in node: answers `open` as a node does, and every other call with `fail(req, res, body)`; with
 * `fail` "gone" it stops listening as it answers the first open, so the next request is refused. Stopped
 * after the test.
 */
async function standIn(fail) {
  const server = createServer((req, res) => {
    const chunks = [];
    req.on("data", (chunk) => chunks.push(chunk));
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
        fail(req, res, Buffer.concat(chunks).toString("utf8"));
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

/**
 * A stand-in's failure that passes the call on to the node at `target` (headers and body as they came),
 * waits for its answer and then closes the connection instead of answering: the call was applied, and only
 * its answer is lost. Each answer the node gave is pushed to `answers`.
 */
function answerLost(target, answers) {
  return async (req, _res, body) => {
    const headers = {};
    for (const name of ["content-type", "authorization", "idempotency-key", "gridkv-resend"]) {
      if (req.headers[name] !== undefined) headers[name] = req.headers[name];
    }
    try {
      const res = await fetch(target + req.url, { method: req.method, headers, body, signal: AbortSignal.timeout(10_000) });
      answers.push({ status: res.status, body: JSON.parse(await res.text()) });
    } finally {
      req.socket.destroy();
    }
  };
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

    test("a node gone after the open: every call, incrementBy included, goes to the next one once", async () => {
      const store = uniqueStore();
      const mine = openKv({ store });
      for (const [method, args] of Object.entries(CALLS)) {
        await mine.set("k", 1);
        const gone = await standIn("gone");
        const kv = openKv({ url: [gone, ctx.node.url], store });
        const sent = await requestsDuring(() => kv[method](...args));
        assert.deepEqual(sent.map(where),
          [`${gone} open`, `${gone} ${method}`, `${ctx.node.url} open`, `${ctx.node.url} ${method}`], method);
        // Its connection was refused: the call was never sent, so the second attempt is no resend.
        assertAttempts(sent, method, [false, false]);
        if (method === "incrementBy") assert.equal(await mine.get("k"), 2, "applied exactly once");
      }
    });

    for (const [how, fail] of [
      ["reset", (req) => req.socket.resetAndDestroy()],
      ["closed", (req) => req.socket.destroy()],
    ]) {
      test(`a connection ${how} after the request was sent: every call, incrementBy included, is resent as a resend`,
        async () => {
          const failing = await standIn(fail);
          const store = uniqueStore();
          const mine = openKv({ store });
          for (const [method, args] of Object.entries(CALLS)) {
            await mine.set("k", 1);
            const kv = openKv({ url: [failing, ctx.node.url], store });
            const sent = await requestsDuring(() => kv[method](...args));
            assert.deepEqual(sent.map(where),
              [`${failing} open`, `${failing} ${method}`, `${ctx.node.url} open`, `${ctx.node.url} ${method}`], method);
            assertAttempts(sent, method, [false, true]);
            if (method === "incrementBy") assert.equal(await mine.get("k"), 2, "applied exactly once");
          }
        });
    }

    test("a timeout: every call, incrementBy included, is resent as a resend", async () => {
      const silent = await standIn(() => {}); // reads the call, never answers
      const store = uniqueStore();
      const mine = openKv({ store });
      for (const [method, args, answer] of [["get", ["k"], 1], ["incrementBy", ["k", 1], 2], ["setIfAbsent", ["k", 1], false]]) {
        await mine.set("k", 1);
        const kv = openKv({ url: [silent, ctx.node.url], store, timeout: "200ms" });
        let result;
        const sent = await requestsDuring(async () => {
          result = await kv[method](...args);
        });
        assert.equal(result, answer, method);
        assert.deepEqual(sent.map(where),
          [`${silent} open`, `${silent} ${method}`, `${ctx.node.url} open`, `${ctx.node.url} ${method}`], method);
        assertAttempts(sent, method, [false, true]);
      }
    });

    test("an answer lost after the node applied the call: the resend gets the first result, applied once", async () => {
      // Each method once, from k = 1 (or on an absent key where a second run would answer otherwise); `first`
      // is what one run answers, `after` the key's value after it (undefined: absent).
      const cases = [
        ["set", ["k", 2], 2, 2],
        ["delete", ["k"], true, undefined],
        ["incrementBy", ["k", 5], 6, 6],
        ["getOrSet", ["fresh", 7], { value: 7, loaded: false }, 7],
        ["swap", ["k", 2], { previous: 1, loaded: true }, 2],
        ["compareAndSwap", ["k", 1, 2], true, 2],
        ["setIfAbsent", ["fresh", 3], true, 3],
        ["deleteIfExists", ["k"], true, undefined],
        ["compareAndDelete", ["k", 1], true, undefined],
      ];
      assert.deepEqual(cases.map((c) => c[0]), MUTATIONS);
      const answers = [];
      const lossy = await standIn(answerLost(ctx.node.url, answers));
      for (const [method, args, first, after] of cases) {
        const store = uniqueStore();
        const mine = openKv({ store });
        await mine.set("k", 1);
        answers.length = 0;
        const kv = openKv({ url: [lossy, ctx.node.url], store });
        let result;
        const sent = await requestsDuring(async () => {
          result = await kv[method](...args);
        });
        assert.deepEqual(sent.map(where),
          [`${lossy} open`, `${lossy} ${method}`, `${ctx.node.url} open`, `${ctx.node.url} ${method}`], method);
        assertAttempts(sent, method, [false, true]);
        assert.deepEqual(answers, [{ status: 200, body: { result: first } }],
          `${method}: the node applied the first attempt`);
        assert.deepEqual(result, first, `${method}: the resend is answered with the first result`);
        const key = args[0];
        if (after === undefined) assert.equal(await mine.exists(key), false, method);
        else assert.equal(await mine.get(key), after, `${method}: applied exactly once`);
      }
    });

    test("a conditional delete resent onto a gone key never answers false: the node cannot tell who deleted it",
      async () => {
        const reset = await standIn((req) => req.socket.resetAndDestroy());
        const store = uniqueStore();
        for (const [method, args] of [["deleteIfExists", ["absent"]], ["compareAndDelete", ["absent", 1]]]) {
          let err;
          const sent = await requestsDuring(async () => {
            err = await rejectsWith(openKv({ url: [reset, ctx.node.url], store })[method](...args), "NetworkError");
          });
          // reset, then the node's UnknownError ("outcome unknown"), which is itself resent, within the bounds.
          assert.deepEqual(sent.filter((r) => opOf(r) !== "open").map(where),
            [`${reset} ${method}`, `${ctx.node.url} ${method}`, `${reset} ${method}`], method);
          assertAttempts(sent, method, [false, true, true]);
          assert.match(err.message, /^read: connection reset by peer \(http:\/\/127\.0\.0\.1:\d+\); 3 attempt\(s\) on 2 node\(s\)$/);
          // Without the resend header the same call is a plain false.
          assert.equal(await openKv({ store })[method](...args), false);
        }
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
        // Nothing was done: the second attempt is no resend (a conditional delete may answer false).
        assertAttempts(sent, method, [false, false]);
        if (method === "incrementBy") assert.equal(await mine.get("k"), 2, "applied exactly once");
      }
    });

    test("another 503 or a 5xx UnknownError: every call is resent as a resend", async () => {
      const answers = [
        [503, "StoreClosedError", "the gridkv member or client behind this handle has shut down"],
        [503, "OperationCanceledError", "operation timed out or was cancelled"],
        [500, "UnknownError", "the cluster could not tell whether the operation was applied (a member left or did " +
          "not answer while it ran): backup acks missed."],
      ];
      for (const [status, name, message] of answers) {
        const failing = await standIn(answerError(status, name, message));
        const store = uniqueStore();
        const mine = openKv({ store });
        for (const [method, args] of Object.entries(CALLS)) {
          await mine.set("k", 1);
          const kv = openKv({ url: [failing, ctx.node.url], store });
          const sent = await requestsDuring(() => kv[method](...args));
          assert.deepEqual(sent.map(where), [`${failing} open`, `${failing} ${method}`, `${ctx.node.url} open`,
            `${ctx.node.url} ${method}`], `${method} after ${name}`);
          assertAttempts(sent, method, [false, true]);
          if (method === "incrementBy") assert.equal(await mine.get("k"), 2, "applied exactly once");
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
      assertAttempts(sent, "incrementBy", [false, false, false]);
      // One node: a call whose connection broke is sent once more, to the same node.
      const reset = await standIn((req) => req.socket.resetAndDestroy());
      for (const method of ["get", "incrementBy"]) {
        let err;
        const again = await requestsDuring(async () => {
          err = await rejectsWith(openKv({ url: reset, store: uniqueStore() })[method](...CALLS[method]), "NetworkError");
        });
        assert.deepEqual(again.map(where), [`${reset} open`, `${reset} ${method}`, `${reset} open`, `${reset} ${method}`]);
        assertAttempts(again, method, [false, true]);
        assert.match(err.message, /^read: connection reset by peer \(http:\/\/127\.0\.0\.1:\d+\); 2 attempt\(s\) on 1 node\(s\)$/);
      }
      // Once an attempt's outcome was unknown, every later one is a resend, after a 503 ServiceUnavailableError too.
      const mixed = [reset, left[0]];
      let err;
      const resent = await requestsDuring(async () => {
        err = await rejectsWith(openKv({ url: mixed, store: uniqueStore() }).incrementBy("n", 1), "NetworkError");
      });
      assert.deepEqual(resent.map(where), [0, 0, 1, 1, 0, 0].map((n, i) => `${mixed[n]} ${i % 2 ? "incrementBy" : "open"}`));
      assertAttempts(resent, "incrementBy", [false, true, true]);
      assert.match(err.message, /^read: connection reset by peer \(http:\/\/127\.0\.0\.1:\d+\); 3 attempt\(s\) on 2 node\(s\)$/);
    });

    test("a 4xx answer is final: not resent to another node", async () => {
      const refusing = await standIn(answerError(404, "KeyNotFoundError", "key k not found"));
      const kv = openKv({ url: [refusing, ctx.node.url], store: uniqueStore() });
      const sent = await requestsDuring(() => rejectsWith(kv.get("k"), "KeyNotFoundError"));
      assert.deepEqual(sent.map(where), [`${refusing} open`, `${refusing} get`]);
    });
  });
}
