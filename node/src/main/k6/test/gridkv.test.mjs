// The k6 module's tests: gridkv.js run under Node with a k6/http stand-in (support/k6-http.mjs),
// against one real gridkv node started on free ports for the whole run, and at the end against a cluster
// of two nodes, one of which is killed.
//
// One file, one process: starting a cluster member costs seconds, and Node 20's test runner would start
// one per test file. The suites are functions called inside the describe that owns the nodes.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, describe, test } from "node:test";
import { openKv } from "../gridkv.js";
import { requests } from "k6/http";
import { startNode } from "./support/gridkv-node.mjs";
import { requestsDuring, throwsWith } from "./support/helpers.mjs";
import { concurrencySuite } from "./suites/concurrency.mjs";
import { clusterSuite } from "./suites/cluster.mjs";
import { dataSuite } from "./suites/data.mjs";
import { failoverSuite } from "./suites/failover.mjs";
import { lifecycleSuite } from "./suites/lifecycle.mjs";
import { querySuite } from "./suites/queries.mjs";
import { scriptSuite } from "./suites/scripts.mjs";
import { snapshotSuite } from "./suites/snapshots.mjs";

const MODULE_DIR = new URL("../", import.meta.url);
const read = (file) => readFileSync(new URL(file, MODULE_DIR), "utf8");

const METHODS = [
  "get", "set", "delete", "exists", "clear", "size", "incrementBy", "getOrSet", "swap", "compareAndSwap",
  "setIfAbsent", "deleteIfExists", "compareAndDelete", "list", "listKeys", "scan", "scanKeys", "count",
  "randomKey", "randomKeys", "rebuildKeyList", "backup", "restore",
];

describe("openKv", () => {
  test("returns exactly xk6-kv's core methods plus close, and makes no request", async () => {
    const sent = await requestsDuring(() => {
      const kv = openKv({ url: "http://127.0.0.1:9", store: "s" });
      assert.deepEqual(Object.keys(kv).sort(), [...METHODS, "close"].sort());
      for (const name of Object.keys(kv)) assert.equal(typeof kv[name], "function", name);
    });
    assert.deepEqual(sent, [], "openKv runs in k6's init context, where requests are forbidden");
  });

  test("accepts no options, null, {} and nullish fields", () => {
    for (const options of [undefined, null, {}, { backend: null, serialization: undefined, trackKeys: null }]) {
      openKv(options).close();
    }
  });

  test("backend must be exactly memory or disk", () => {
    for (const backend of ["Memory", "DISK", "", "leveldb", 1, true]) {
      throwsWith(() => openKv({ backend }), "InvalidBackendError");
    }
    openKv({ backend: "memory" });
    openKv({ backend: "disk" });
  });

  test("serialization must be exactly json or string", () => {
    for (const serialization of ["JSON", "String", "", "text", 0]) {
      throwsWith(() => openKv({ serialization }), "InvalidSerializationError");
    }
    openKv({ serialization: "json" });
    openKv({ serialization: "string" });
  });

  test("options of the wrong type are InvalidOptionsError", () => {
    const bad = [
      "memory", 1, true, [], () => {},
      { trackKeys: "true" }, { trackKeys: 1 }, { path: 5 },
      { memory: 1 }, { memory: [] }, { memory: { shardCount: 1.5 } }, { memory: { shardCount: "4" } },
      { metrics: true }, { metrics: { operations: "yes" } },
      { url: "ftp://node:7070" }, { url: 5 }, { url: "" }, { store: "" }, { store: 5 },
      { authToken: 5 }, { timeout: -1 }, { timeout: "" }, { timeout: 1.5 },
      { disk: "fast" },
    ];
    for (const options of bad) throwsWith(() => openKv(options), "InvalidOptionsError");
  });

  test("disk knobs are checked as xk6-kv checks them for the disk backend", () => {
    const bad = [
      { timeout: "1x" }, { timeout: "" }, { timeout: "1" }, { timeout: -5 }, { timeout: 1.5 }, { timeout: NaN },
      { timeout: Infinity }, { timeout: true }, { initialMmapSize: -1 }, { initialMmapSize: 1.5 },
      { initialMmapSize: "64XB" }, { initialMmapSize: "-1MB" }, { initialMmapSize: "abc" },
      { freelistType: "tree" }, { freelistType: 1 }, { noSync: "yes" }, { readOnly: 1 }, { mlock: "no" },
    ];
    for (const disk of bad) throwsWith(() => openKv({ backend: "disk", disk }), "InvalidOptionsError");
    const good = [
      { timeout: "1s" }, { timeout: "500ms" }, { timeout: "1h15m30.5s" }, { timeout: "0" }, { timeout: 1000 },
      { timeout: 0 }, { initialMmapSize: 0 }, { initialMmapSize: 1 << 20 }, { initialMmapSize: "64MiB" },
      { initialMmapSize: "64 mb" }, { initialMmapSize: "1,024KB" }, { initialMmapSize: "42" },
      { freelistType: "MAP" }, { freelistType: "" }, { freelistType: "array" },
      { noSync: true, noGrowSync: false, noFreelistSync: true, preLoadFreelist: false, readOnly: false, mlock: false },
    ];
    for (const disk of good) openKv({ backend: "disk", disk });
    // xk6-kv ignores the bbolt knobs of a memory store, so a script may carry any.
    openKv({ backend: "memory", disk: { timeout: "bogus" } });
  });

  test("throws plain {name, message} objects", () => {
    const err = throwsWith(() => openKv({ backend: "redis" }), "InvalidBackendError");
    assert.match(err.message, /redis/);
  });
});

describe("package", () => {
  const pkg = JSON.parse(read("package.json"));

  const noVersion = !process.env.GRIDKV_VERSION && "GRIDKV_VERSION not set";
  test("version is the server's Maven version", { skip: noVersion }, () => {
    assert.equal(pkg.version, process.env.GRIDKV_VERSION);
  });

  test("publishes the module and its declarations, not the tests", () => {
    assert.equal(pkg.name, "@gridkv/k6");
    assert.equal(pkg.type, "module");
    assert.equal(pkg.main, "gridkv.js");
    assert.equal(pkg.types, "gridkv.d.ts");
    assert.deepEqual(pkg.files.sort(), ["README.md", "gridkv.d.ts", "gridkv.js"]);
    for (const file of pkg.files) read(file);
  });

  test("gridkv.js imports nothing but k6/http", () => {
    const imports = read("gridkv.js").match(/^[ \t]*import\b.*$/gm);
    assert.deepEqual(imports, ['import http from "k6/http";']);
    assert.doesNotMatch(read("gridkv.js"), /\brequire\s*\(|\bprocess\.\w|\.json\(\)/);
  });

  test("KvErrorName lists xk6-kv's 43 names, the 5 HTTP-level names and NetworkError, one per line", () => {
    const union = /export type KvErrorName =([\s\S]*?);/.exec(read("gridkv.d.ts"))[1];
    const names = [...union.matchAll(/^\s*\| "(\w+)"$/gm)].map((m) => m[1]);
    assert.equal(names.length, 49);
    assert.equal(new Set(names).size, 49);
    const spec = ["KeyNotFoundError", "InvalidCursorError", "InvalidOptionsError", "InvalidBackendError",
      "InvalidSerializationError", "KVOptionsConflictError", "BackupOptionsRequiredError",
      "RestoreOptionsRequiredError", "MetricsUnavailableError", "ValueNumberRequiredError",
      "UnsupportedValueTypeError", "ValueParseError", "SerializerError", "SnapshotBudgetExceededError",
      "InternalStoreError", "UnexpectedStoreOutputError", "UnknownError", "BackupInProgressError",
      "RestoreInProgressError", "OperationCanceledError", "StoreReadOnlyError", "StoreClosedError",
      "DatabaseNotOpenError", "SnapshotNotFoundError", "SnapshotPermissionError", "SnapshotExportError",
      "SnapshotIOError", "SnapshotReadError", "SnapshotKeyMissingError", "DiskPathError", "DiskStoreOpenError",
      "DiskStoreReadError", "DiskStoreWriteError", "DiskStoreDeleteError", "DiskStoreExistsError",
      "DiskStoreScanError", "DiskStoreSizeError", "DiskStoreIndexError", "KeyListRebuildError",
      "BucketNotFoundError", "ClaimNotUpdated", "InvalidEntries", "EmptyKey",
      "UnauthorizedError", "NotFoundError", "MethodNotAllowedError", "RequestTooLargeError",
      "ServiceUnavailableError", "NetworkError"];
    assert.deepEqual([...names].sort(), [...spec].sort());
    // Every name the module itself produces is declared.
    const own = [...read("gridkv.js").matchAll(/kvError\(\s*"(\w+)"/g)].map((m) => m[1]);
    for (const name of own) assert.ok(names.includes(name), name);
    assert.ok(own.length >= 6);
  });
});

describe("against a gridkv node", () => {
  const TOKEN = "k6-module-test-token";
  const ctx = { token: TOKEN, node: null };

  before(async () => {
    // The node requires a token, so every test also proves the Authorization header (set through
    // __ENV like `k6 run -e GRIDKV_AUTH_TOKEN=...`); the unauthorized cases use authToken overrides.
    ctx.node = await startNode({ authToken: TOKEN });
    globalThis.__ENV.GRIDKV_URL = ctx.node.url;
    globalThis.__ENV.GRIDKV_AUTH_TOKEN = TOKEN;
  }, { timeout: 90_000 });

  after(async () => {
    delete globalThis.__ENV.GRIDKV_URL;
    delete globalThis.__ENV.GRIDKV_AUTH_TOKEN;
    if (ctx.node) await ctx.node.stop();
    requests.length = 0;
  });

  dataSuite(ctx);
  querySuite(ctx);
  lifecycleSuite(ctx);
  concurrencySuite(ctx);
  scriptSuite(ctx);
  snapshotSuite(ctx);
  failoverSuite(ctx);
});

clusterSuite();
