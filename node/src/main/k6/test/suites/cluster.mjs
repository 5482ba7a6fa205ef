// Two real nodes forming one cluster; one is killed (SIGKILL) while four VUs run set/get/incrementBy
// loops, two of them on the node that dies. What a k6 script pointed at both nodes must see: every call
// keeps succeeding, incrementBy included (a call whose answer was lost is resent with its Idempotency-Key,
// and the cluster redoes its own attempts that a dying member took with it); nothing acknowledged is lost,
// and the counter ends at exactly the number of acknowledged increments.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { requests } from "k6/http";
import { openKv } from "../../gridkv.js";
import { startCluster } from "../support/gridkv-node.mjs";
import { opOf, requestsDuring, uniqueStore } from "../support/helpers.mjs";

const VUS = 4;
/** Iterations every VU completes before the kill, and after it (each started once the process is gone). */
const BEFORE_KILL = 20;
const AFTER_KILL = 30;

/** Waits until `done()` holds, checking every 20 ms, or fails after `ms`. */
async function until(done, ms, what) {
  const deadline = Date.now() + ms;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export function clusterSuite() {
  describe("a cluster of two nodes, one killed under load", () => {
    /** @type {import("../support/gridkv-node.mjs").GridkvNode[]} */
    let nodes = [];

    before(async () => {
      nodes = await startCluster(2);
    }, { timeout: 90_000 });

    after(async () => {
      await Promise.all(nodes.map((node) => node.stop()));
    });

    test("every call goes on through the other node; each increment is acknowledged and counted once", { timeout: 60_000 }, async (t) => {
      const [dying, surviving] = nodes;
      const store = uniqueStore("failover");
      // VUs 1 and 3 start at the node that dies, 2 and 4 at the other (VU n starts at (n - 1) mod 2).
      const handles = [];
      try {
        for (let vu = 1; vu <= VUS; vu++) {
          globalThis.__VU = vu;
          handles.push(openKv({ url: [dying.url, surviving.url], store, timeout: "10s" }));
        }
      } finally {
        delete globalThis.__VU;
      }

      let killed = false;
      let stop = false;
      const vus = handles.map(() => ({ iterations: 0, afterKill: 0, acked: 0, written: [] }));
      const firstRequest = requests.length;
      const loops = handles.map(async (kv, v) => {
        const vu = vus[v];
        try {
          for (let i = 0; !stop; i++) {
            const afterKill = killed;
            const key = `vu${v}:${i}`;
            assert.equal(await kv.set(key, i), i);
            vu.written.push(key);
            assert.equal(await kv.get(key), i);
            try {
              await kv.incrementBy("counter", 1);
            } catch (err) {
              throw Object.assign(new Error(`incrementBy failed with ${err.name}: ${err.message}`), { cause: err });
            }
            vu.acked++;
            vu.iterations++;
            if (afterKill) vu.afterKill++;
          }
        } finally {
          stop = true; // one VU failing ends the others' loops too
        }
      });
      // Every loop ends before the test does (the nodes stop after it); then a loop's failure is the test's.
      let killStarted = 0;
      try {
        await until(() => stop || vus.every((vu) => vu.iterations >= BEFORE_KILL), 20_000, "the loops to run");
        if (!stop) {
          killStarted = Date.now();
          await dying.kill();
          killed = true;
          await until(() => stop || vus.every((vu) => vu.afterKill >= AFTER_KILL), 30_000,
            `${AFTER_KILL} iterations per VU after the kill`);
        }
      } finally {
        stop = true;
        const failed = (await Promise.allSettled(loops)).find((r) => r.status === "rejected");
        if (failed) throw failed.reason;
      }
      const recovered = Date.now() - killStarted;
      const sent = requests.slice(firstRequest);

      // Every acknowledged write is there, read through a new handle on the surviving node.
      const mine = openKv({ url: surviving.url, store });
      const entries = new Map((await mine.list({ prefix: "vu" })).map((e) => [e.key, e.value]));
      for (const vu of vus) {
        for (const key of vu.written) assert.equal(entries.get(key), Number(key.split(":")[1]), key);
      }
      const acked = vus.reduce((sum, vu) => sum + vu.acked, 0);
      const counter = await mine.get("counter");
      assert.equal(counter, acked, "the counter counts each acknowledged increment exactly once");

      // One Idempotency-Key per increment, on each of its attempts; only an attempt after one whose outcome was
      // unknown says it is a resend, so a first attempt never does.
      /** @type {Map<string, string[]>} */
      const attempts = new Map();
      for (const request of sent.filter((r) => opOf(r) === "incrementBy")) {
        const key = request.params.headers["Idempotency-Key"];
        assert.equal(typeof key, "string");
        if (!attempts.has(key)) attempts.set(key, []);
        attempts.get(key).push(request.params.headers["Gridkv-Resend"] || "-");
      }
      assert.equal(attempts.size, acked, "one key per increment");
      for (const flags of attempts.values()) assert.equal(flags[0], "-", "a first attempt is no resend");
      const resent = [...attempts.values()].filter((flags) => flags.length > 1);

      // The handles that were on the dead node have moved to the surviving one and stay there.
      for (const kv of handles) {
        const later = await requestsDuring(() => kv.exists("counter"));
        assert.deepEqual(later.map((r) => `${new URL(r.url).origin} ${opOf(r)}`), [`${surviving.url} exists`]);
      }
      t.diagnostic(`${vus.map((vu) => vu.iterations).join("+")} iterations, ${acked} increments acknowledged, ` +
        `counter ${counter}; ${resent.length} increment(s) sent more than once (${resent.map((f) => f.join(","))
          .join(" ")}); ${AFTER_KILL} iterations per VU after the kill in ${recovered} ms`);
    });
  });
}
