// backup and restore (xk6-kv's snapshots): their result shapes and rejections, the node's snapshot directory
// (<data-dir>/snapshots) as the only place their files go, and the rule that they are sent to the handle's first
// node only, once.
import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { openKv } from "../../gridkv.js";
import { freePort } from "../support/gridkv-node.mjs";
import { opOf, rejectsWith, requestsDuring, uniqueStore } from "../support/helpers.mjs";

/** The store's entries, in key order. */
async function contents(kv) {
  return (await kv.list()).map((e) => [e.key, e.value]);
}

/** A stand-in node: answers `open` as a node does and resets the connection of every other call. */
async function resettingNode() {
  const server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      if (req.url.endsWith("/open")) {
        const result = { store: "s", backend: "memory", serialization: "json", trackKeys: false };
        res.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify({ result }));
      } else {
        req.socket.resetAndDestroy();
      }
    });
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((r) => server.close(r)) };
}

export function snapshotSuite(ctx) {
  describe("backup and restore", () => {
    const outside = mkdtempSync(join(tmpdir(), "gridkv-k6-outside-"));
    after(() => rmSync(outside, { recursive: true, force: true }));

    test("the node says which LevelDB engine its snapshots use as it starts", () => {
      assert.match(readFileSync(ctx.node.log, "utf8"),
        /^LevelDB engine \(snapshots\): (leveldbjni-1\.8|iq80-0\.12) \(.+\)$/m);
    });

    test("round trip: backup answers exactly xk6-kv's four fields, restore its one, and brings the entries back",
      async () => {
        const kv = openKv({ store: uniqueStore() });
        await kv.set("a", { n: 1 });
        await kv.set("b", "two");
        const before = await contents(kv);

        const backup = await kv.backup({ fileName: "k6-round-trip" });
        assert.deepEqual(Object.keys(backup), ["totalEntries", "bytesWritten", "bestEffort", "warning"]);
        assert.equal(backup.totalEntries, 2);
        assert.ok(Number.isInteger(backup.bytesWritten) && backup.bytesWritten > 0, JSON.stringify(backup));
        assert.equal(backup.bestEffort, false);
        assert.equal(backup.warning, "");
        assert.ok(existsSync(join(ctx.node.snapshotDir, "k6-round-trip")), "written in the node's snapshot directory");

        await kv.delete("a");
        await kv.set("c", 3);
        assert.deepEqual(await kv.restore({ fileName: "k6-round-trip" }), { totalEntries: 2 });
        assert.deepEqual(await contents(kv), before);
      });

    test("no options, null, {} or a blank fileName mean xk6-kv's .k6.kv in the snapshot directory", async () => {
      const kv = openKv({ store: uniqueStore() });
      await kv.set("k", 1);
      for (const options of [undefined, null, {}, { fileName: "" }, { fileName: "  " }, { fileName: null }]) {
        assert.equal((await kv.backup(options)).totalEntries, 1, JSON.stringify(options));
      }
      assert.ok(existsSync(join(ctx.node.snapshotDir, ".k6.kv")));
      await kv.set("other", 2);
      assert.deepEqual(await kv.restore(), { totalEntries: 1 });
      assert.equal(await kv.size(), 1);
    });

    test("allowConcurrentWrites: a best-effort copy that says so", async () => {
      const kv = openKv({ store: uniqueStore() });
      await kv.set("k", 1);
      const backup = await kv.backup({ fileName: "k6-best-effort", allowConcurrentWrites: true });
      assert.deepEqual(Object.keys(backup), ["totalEntries", "bytesWritten", "bestEffort", "warning"]);
      assert.equal(backup.bestEffort, true);
      assert.notEqual(backup.warning, "");
    });

    test("options that are not an object reject InvalidOptionsError before any request", async () => {
      const kv = openKv({ store: uniqueStore() });
      const sent = await requestsDuring(async () => {
        for (const options of ["snap", 5, true, [], () => {}]) {
          await rejectsWith(kv.backup(options), "InvalidOptionsError");
          await rejectsWith(kv.restore(options), "InvalidOptionsError");
        }
        await rejectsWith(kv.restore({ maxEntries: NaN }), "InvalidOptionsError");
        await rejectsWith(kv.restore({ maxBytes: Infinity }), "InvalidOptionsError");
      });
      assert.deepEqual(sent, []);
    });

    test("options of the wrong type are the node's InvalidOptionsError", async () => {
      const kv = openKv({ store: uniqueStore() });
      for (const [method, options] of [
        ["backup", { fileName: 5 }], ["backup", { allowConcurrentWrites: "yes" }],
        ["restore", { fileName: ["a"] }], ["restore", { maxEntries: 1.5 }], ["restore", { maxBytes: "10" }],
      ]) {
        await rejectsWith(kv[method](options), "InvalidOptionsError");
      }
    });

    test("a name leaving the snapshot directory rejects InvalidOptionsError and nothing is written outside it",
      async () => {
        const target = join(outside, "link-target");
        mkdirSync(target);
        mkdirSync(join(ctx.node.snapshotDir, "k6-nested"));
        symlinkSync(target, join(ctx.node.snapshotDir, "k6-escape"));
        const kv = openKv({ store: uniqueStore() });
        await kv.set("k", 1);
        for (const fileName of ["../k6-escaped", join(outside, "absolute"), "k6-nested/inner", "k6-escape", ".."]) {
          await rejectsWith(kv.backup({ fileName }), "InvalidOptionsError");
          await rejectsWith(kv.restore({ fileName }), "InvalidOptionsError");
        }
        assert.equal(existsSync(join(ctx.node.dataDir, "k6-escaped")), false);
        assert.deepEqual(readdirSync(outside), ["link-target"]);
        assert.deepEqual(readdirSync(target), []);
        assert.deepEqual(readdirSync(join(ctx.node.snapshotDir, "k6-nested")), []);
        assert.equal(await kv.get("k"), 1);
      });

    test("a missing snapshot is SnapshotNotFoundError; one over budget SnapshotBudgetExceededError; neither changes the store",
      async () => {
        const kv = openKv({ store: uniqueStore() });
        await kv.set("a", 1);
        await kv.set("b", 2);
        await kv.backup({ fileName: "k6-budget" });
        await kv.set("c", 3);
        await rejectsWith(kv.restore({ fileName: "k6-never-written" }), "SnapshotNotFoundError");
        await rejectsWith(kv.restore({ fileName: "k6-budget", maxEntries: 1 }), "SnapshotBudgetExceededError");
        await rejectsWith(kv.restore({ fileName: "k6-budget", maxBytes: 3 }), "SnapshotBudgetExceededError");
        assert.equal(await kv.size(), 3);
        // <= 0 is no limit.
        assert.deepEqual(await kv.restore({ fileName: "k6-budget", maxEntries: 0, maxBytes: -1 }), { totalEntries: 2 });
      });

    test("they go to the first node only, once, with no Idempotency-Key: a snapshot is that node's file", async () => {
      const dead = `http://127.0.0.1:${await freePort()}`;
      const store = uniqueStore();
      for (const method of ["backup", "restore"]) {
        const kv = openKv({ url: [dead, ctx.node.url], store });
        const sent = await requestsDuring(() => rejectsWith(kv[method]({ fileName: "k6-first-node" }), "NetworkError"));
        assert.deepEqual(sent.map((r) => `${new URL(r.url).origin} ${opOf(r)}`), [`${dead} open`], method);
      }
      const reset = await resettingNode();
      try {
        for (const method of ["backup", "restore"]) {
          const kv = openKv({ url: [reset.url, ctx.node.url], store });
          let err;
          const sent = await requestsDuring(async () => {
            err = await rejectsWith(kv[method]({ fileName: "k6-first-node" }), "NetworkError");
          });
          assert.deepEqual(sent.map((r) => `${new URL(r.url).origin} ${opOf(r)}`),
            [`${reset.url} open`, `${reset.url} ${method}`], method);
          assert.match(err.message, new RegExp(`\\(${reset.url}\\); ${method} goes to the first node only, once$`));
        }
      } finally {
        await reset.close();
      }
      assert.equal(existsSync(join(ctx.node.snapshotDir, "k6-first-node")), false);

      const kv = openKv({ url: [ctx.node.url, dead], store });
      const sent = await requestsDuring(async () => {
        await kv.backup({ fileName: "k6-first-node" });
        await kv.restore({ fileName: "k6-first-node" });
      });
      assert.deepEqual(sent.map(opOf), ["open", "backup", "restore"]);
      for (const request of sent) assert.equal(request.params.headers["Idempotency-Key"], undefined);
      assert.deepEqual(sent.map((r) => r.params.tags), [
        { name: "gridkv.open" }, { name: "gridkv.backup" }, { name: "gridkv.restore" },
      ]);
    });

    test("a closed handle rejects StoreClosedError without a request", async () => {
      const kv = openKv({ store: uniqueStore() });
      kv.close();
      const sent = await requestsDuring(async () => {
        await rejectsWith(kv.backup(), "StoreClosedError");
        await rejectsWith(kv.restore({ fileName: "x" }), "StoreClosedError");
      });
      assert.deepEqual(sent, []);
    });
  });
}
