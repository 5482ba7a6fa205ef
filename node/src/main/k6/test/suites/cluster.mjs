// Two real nodes forming one cluster; one is killed (SIGKILL) while four VUs run set/get/incrementBy
// loops, two of them on the node that dies. What a k6 script pointed at both nodes must see: the calls
// that are safe to redo keep succeeding; an increment either is acknowledged or fails saying its outcome
// is unknown; nothing acknowledged is lost.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
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

/**
 * The two ways an increment may fail when a node dies: this module's NetworkError (the connection to the
 * dying node broke after the request was sent), or the surviving node's UnknownError (its member could not
 * tell whether the dead member had applied it). Anything else fails the test.
 */
function unknownOutcome(err) {
  const known =
    (err.name === "NetworkError" && /^outcome unknown: incrementBy may or may not have been applied/.test(err.message)) ||
    (err.name === "UnknownError" && /could not tell whether the operation was applied/.test(err.message));
  if (!known) throw Object.assign(new Error(`incrementBy failed with ${err.name}: ${err.message}`), { cause: err });
  return `${err.name}: ${err.message}`;
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

    test("safe calls go on through the other node; increments are acknowledged or of unknown outcome", { timeout: 60_000 }, async (t) => {
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
      const vus = handles.map(() => ({ iterations: 0, afterKill: 0, acked: 0, unknown: [], written: [] }));
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
              vu.acked++;
            } catch (err) {
              vu.unknown.push(unknownOutcome(err));
            }
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

      // Every acknowledged write is there, read through a new handle on the surviving node.
      const mine = openKv({ url: surviving.url, store });
      const entries = new Map((await mine.list({ prefix: "vu" })).map((e) => [e.key, e.value]));
      for (const vu of vus) {
        for (const key of vu.written) assert.equal(entries.get(key), Number(key.split(":")[1]), key);
      }
      const acked = vus.reduce((sum, vu) => sum + vu.acked, 0);
      const unknown = vus.flatMap((vu) => vu.unknown);
      const counter = await mine.get("counter");
      assert.ok(counter >= acked && counter <= acked + unknown.length,
        `counter ${counter} must lie in [${acked}, ${acked + unknown.length}]: acknowledged + unknown outcomes`);

      // The handles that were on the dead node have moved to the surviving one and stay there.
      for (const kv of handles) {
        const sent = await requestsDuring(() => kv.exists("counter"));
        assert.deepEqual(sent.map((r) => `${new URL(r.url).origin} ${opOf(r)}`), [`${surviving.url} exists`]);
      }
      t.diagnostic(`${vus.map((vu) => vu.iterations).join("+")} iterations, ${acked} increments acknowledged, ` +
        `${unknown.length} of unknown outcome, counter ${counter}; ${AFTER_KILL} iterations per VU after the kill ` +
        `in ${recovered} ms`);
      for (const message of unknown) t.diagnostic(message.length > 160 ? `${message.slice(0, 160)}...` : message);
    });
  });
}
